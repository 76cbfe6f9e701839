import os

from celery import Celery, Task

app = Celery("crawler", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"), include=["crawler.tasks"])


class HttpTask(Task):
    autoretry_for = (ConnectionError, TimeoutError)
    retry_backoff = True
    retry_kwargs = {"max_retries": 5}
