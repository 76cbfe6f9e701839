from fastapi import APIRouter
from sqlalchemy import text

from ..db import engine
from ..queue import redis_conn

router = APIRouter(prefix="/internal")


@router.get("/readyz")
def readyz():
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    redis_conn.ping()
    return {"status": "ready"}
