import os

import structlog
from celery import Celery, Task
from sqlalchemy.exc import OperationalError

log = structlog.get_logger()

celery = Celery("billing", broker=os.environ.get("BROKER_URL", "redis://redis:6379/2"))


class RetryingTask(Task):
    autoretry_for = (OperationalError, ConnectionError)
    retry_backoff = True
    max_retries = 6


@celery.task(autoretry_for=(OperationalError,), retry_backoff=True, acks_late=True)
def render_invoice(invoice_id):
    log.info("render", invoice_id=invoice_id)


@celery.task(base=RetryingTask)
def send_void_notice(invoice_id):
    log.info("void notice", invoice_id=invoice_id)
