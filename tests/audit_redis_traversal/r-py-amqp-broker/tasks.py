import os

import redis
from celery import Celery

# jobs go through RabbitMQ; Redis only keeps results and a cache
app = Celery("tasks", broker=os.environ["CELERY_BROKER_URL"], backend="redis://redis:6379/1")
cache = redis.Redis(host="redis", port=6379, db=2)


@app.task
def add(x: int, y: int) -> int:
    cache.incr("adds")
    return x + y
