"""Rebuild the search index from Postgres: python tools/reindex.py"""
import os

from sqlalchemy import create_engine, text


def main() -> None:
    engine = create_engine(os.environ["DATABASE_URL"], pool_size=2, connect_args={"options": "-c statement_timeout=300000"})
    with engine.connect() as conn:
        for row in conn.execute(text("SELECT id, title FROM documents")):
            print(row.id, row.title)


if __name__ == "__main__":
    main()
