from flask import jsonify, request, session
from werkzeug.security import check_password_hash

from ..db import fetch_user
from ..extensions import limiter
from . import bp


@bp.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    data = request.get_json(force=True)
    user = fetch_user(data.get("email", ""))
    if user is None or not check_password_hash(user.password_hash, data.get("password", "")):  # expect: RS502
        return jsonify(error="invalid credentials"), 401
    session["user_id"] = user.id
    return jsonify(ok=True)


@bp.route("/reset-password", methods=["POST"])  # expect: RS501
def reset_password():
    email = request.get_json(force=True).get("email")
    # enqueue the reset mail; always answer 202 so accounts cannot be enumerated
    return jsonify(queued=bool(email)), 202


@bp.post("/logout")
def logout():
    session.clear()
    return "", 204
