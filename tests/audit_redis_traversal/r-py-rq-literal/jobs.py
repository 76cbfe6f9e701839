from redis import Redis
from rq import Queue

redis_conn = Redis(host="redis-prod.internal", port=6379)  # expect: RS203
q = Queue("thumbnails", connection=redis_conn)


def make_thumbnail(path: str) -> str:
    return path + ".thumb"
