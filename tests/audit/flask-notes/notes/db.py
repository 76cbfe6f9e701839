import os

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True, future=True)  # expect: RS102, RS103, RS104
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def fetch_user(email: str):
    with engine.connect() as conn:
        return conn.execute(text("SELECT id, password_hash FROM users WHERE email = :e"), {"e": email}).first()
