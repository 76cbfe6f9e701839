from celery import Celery

from .config import BROKER_URL

app = Celery("reports", broker=BROKER_URL, include=["reports.tasks"])
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1)
