import os

from redis import Redis
from rq import Queue

redis_conn = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
exports_q = Queue("exports", connection=redis_conn)
default_q = Queue(connection=redis_conn)
