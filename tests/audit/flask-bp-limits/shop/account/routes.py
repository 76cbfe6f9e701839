from flask import jsonify, request

from . import bp


@bp.post("/password/forgot")  # expect: RS501
def forgot():
    return jsonify(queued=bool(request.json.get("email"))), 202


@bp.get("/")
def me():
    return jsonify({})
