# Adapted from semgrep-rules flask path-traversal-open / secure-static-file-serve.
import json
import os
from pathlib import Path

import flask
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import safe_join, secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"
BASE = Path("/srv/reports").resolve()


@app.route("/route_param/<route_param>")
def route_param(route_param):
    print("blah")
    return open(route_param, "r").read()  # expect: RS701


@app.route("/get_param", methods=["GET"])
def get_param():
    param = flask.request.args.get("param")
    f = open(param, "w")  # expect: RS701
    f.write("hello world")
    return "ok"


@app.route("/post_param", methods=["POST"])
def post_param():
    param = flask.request.form["param"]
    if True:
        with open(param, "r") as fin:  # expect: RS701
            data = json.load(fin)
    return data


@app.route("/subexpression", methods=["POST"])
def subexpression():
    param = "{}".format(flask.request.form["param"])
    return open(param, "r").read()  # expect: RS701


@app.route("/ok")
def ok():
    return open("static/path.txt", "r").read()


@app.route("/download/<path:filename>")
def download_file(filename):
    return send_file(filename)  # expect: RS701


def download_not_flask_route(filename):
    return send_file(filename)


@app.route("/static-files/<path:filename>")
def static_files(filename):
    return send_from_directory(UPLOAD_DIR, filename)


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))
    return "ok"


@app.route("/upload-raw", methods=["POST"])
def upload_raw():
    f = request.files["file"]
    f.save(os.path.join(UPLOAD_DIR, f.filename))  # expect: RS701
    return "ok"


@app.route("/joined/<name>")
def joined(name):
    target = safe_join(UPLOAD_DIR, name)
    if target is None:
        abort(404)
    return send_file(target)


@app.route("/reports/<name>")
def report(name):
    target = (BASE / name).resolve()
    if not target.is_relative_to(BASE):
        abort(403)
    return send_file(target)


@app.route("/real")
def real():
    p = os.path.realpath(os.path.join(UPLOAD_DIR, request.args["p"]))
    if not p.startswith(UPLOAD_DIR + os.sep):
        abort(403)
    return send_file(p)


@app.route("/invoice/<int:invoice_id>")
def invoice(invoice_id):
    return send_file(os.path.join(UPLOAD_DIR, f"invoice-{invoice_id}.pdf"))


@app.route("/blocklist")
def blocklist():
    name = request.args.get("name", "")
    if ".." in name:
        abort(400)
    return send_file(os.path.join(UPLOAD_DIR, name))  # expect: RS701
