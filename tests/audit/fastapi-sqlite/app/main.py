from fastapi import Depends, FastAPI
from sqlalchemy import text

from .database import SessionLocal

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/todos")
def todos(db=Depends(get_db)):
    return [dict(r._mapping) for r in db.execute(text("SELECT id, title FROM todos"))]
