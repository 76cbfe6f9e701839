import logging
import sys

import redis

from .celery_app import celery
from .store import r

log = logging.getLogger(__name__)


@celery.task(bind=True, max_retries=3)
def send_receipt(self, order_id: int) -> None:
    try:
        r.incr(f"receipts:{order_id}")
    except redis.exceptions.ConnectionError:  # expect: RS201
        log.critical("redis is gone, stopping the worker")
        sys.exit(1)


@celery.task
def warm_cache(key: str) -> None:
    try:
        r.set(key, "1", ex=60)
    except redis.RedisError as exc:
        log.warning("cache warm failed: %s", exc)
