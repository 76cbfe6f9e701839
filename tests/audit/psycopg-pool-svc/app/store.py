import atexit
import os

from psycopg_pool import ConnectionPool

pool = ConnectionPool(  # expect: RS101, RS102
    conninfo=os.environ["DATABASE_URL"],
    min_size=2,
    timeout=None,
    kwargs={"options": "-c statement_timeout=5000"},
)
atexit.register(pool.close)


def get_price(sku: str):
    with pool.connection() as conn:
        return conn.execute("SELECT price FROM prices WHERE sku = %s", (sku,)).fetchone()
