import os

from celery import Celery

celery = Celery("imagehub", broker=os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
celery.conf.task_acks_late = True
