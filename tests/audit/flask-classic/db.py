import atexit
import os

from psycopg2.pool import ThreadedConnectionPool

db_pool = ThreadedConnectionPool(1, 10, dsn=os.environ["DATABASE_URL"])  # expect: RS103
atexit.register(db_pool.closeall)
