from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from flask import jsonify, request

from . import bp

ph = PasswordHasher()
USERS: dict[str, str] = {}


@bp.post("/login")
def login():
    stored = USERS.get(request.json["email"])
    try:
        ph.verify(stored or "", request.json["password"])  # expect: RS502
    except VerifyMismatchError:
        return jsonify(error="invalid"), 401
    return jsonify(ok=True)
