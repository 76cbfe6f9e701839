import os

from redis import Redis
from rq import Queue

conn = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379"))
digest_q = Queue("digests", connection=conn)
index_q = Queue("indexing", connection=conn, default_timeout=900)
