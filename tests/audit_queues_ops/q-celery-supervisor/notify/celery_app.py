import os

from celery import Celery

app = Celery("notify", broker=os.environ.get("BROKER_URL", "redis://localhost:6379/3"))
app.conf.task_default_queue = "default"
