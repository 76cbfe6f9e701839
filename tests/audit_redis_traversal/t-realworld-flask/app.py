# Shapes seen in public repositories (rewritten).
import os
from pathlib import Path

from flask import Blueprint, Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import safe_join

uploads_bp = Blueprint("uploads", __name__)
UPLOAD_FOLDER = "/srv/uploads"


@uploads_bp.route("/<file_name>")
def upload_fil(file_name):
    try:
        path = f"/app/downloads/{file_name}"
        return send_file(path, as_attachment=True)  # expect: RS701
    except Exception:
        return "404"


@uploads_bp.route("/uploads/<path:name>")
def download_file(name):
    return send_file(f"path/to/{name}.txt", None, True, max_age=10)  # expect: RS701


@uploads_bp.route("/static-dl")
def static_dl():
    filename = request.args.get("file")
    return send_file("static/" + filename)  # expect: RS701


@uploads_bp.route("/dir/<filename>")
def from_dir(filename):
    return send_from_directory(UPLOAD_FOLDER, filename, as_attachment=True)


def download(filename):
    # helper with no route: the caller decides where the name comes from
    path = os.path.join(UPLOAD_FOLDER, filename)
    return send_file(path, as_attachment=True)


def create_app() -> Flask:
    app = Flask(__name__)
    uploads_dir = Path(app.root_path) / "uploads"

    @app.get("/download")
    def safe_download():
        filename = request.args.get("filename", type=str)
        if not filename:
            abort(400)
        joined = safe_join(str(uploads_dir), filename)
        if not joined:
            abort(400)
        return send_file(Path(joined))

    @app.get("/export")
    def export():
        name = request.args.get("name", type=str)
        return send_file(uploads_dir / "exports" / name)  # expect: RS701

    def add_routes(server):
        @server.route("/documents/<path:path>")
        def documents(path):
            return send_from_directory(app.config["OUTPUT_PATH"], path, as_attachment=True)

    add_routes(app)
    app.register_blueprint(uploads_bp)
    return app
