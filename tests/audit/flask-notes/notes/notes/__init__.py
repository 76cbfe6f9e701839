from flask import Blueprint, jsonify
from sqlalchemy import text

from ..db import SessionLocal

bp = Blueprint("notes", __name__)


@bp.get("/")
def list_notes():
    with SessionLocal() as s:
        rows = s.execute(text("SELECT id, title FROM notes ORDER BY id DESC LIMIT 50")).all()
    return jsonify([dict(r._mapping) for r in rows])
