import os

from celery import Celery

celery = Celery("app", broker=os.environ["CELERY_BROKER_URL"], backend=os.environ.get("CELERY_RESULT_BACKEND"))  # expect: RS203
celery.conf.task_acks_late = True
