from flask import Flask, jsonify, request, session
from flask.views import MethodView
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO, emit

from models import User

app = Flask(__name__)
app.secret_key = "change-me"
limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day", "50 per hour"])
socketio = SocketIO(app, cors_allowed_origins="*")  # expect: RS402


class LoginView(MethodView):
    def get(self):
        return "<form method=post></form>"

    def post(self):
        user = User.by_email(request.form["email"])
        if user is None or not user.check_password(request.form["password"]):
            return jsonify(error="invalid"), 401
        session["uid"] = user.id
        return jsonify(ok=True)


app.add_url_rule("/login", view_func=LoginView.as_view("login"))


@app.route("/password/reset", methods=["POST"])
def password_reset():
    return jsonify(queued=True), 202


@socketio.on("connect")
def on_connect():
    emit("hello", {"ok": True})


if __name__ == "__main__":
    socketio.run(app, host="0.0.0.0", port=5000)
