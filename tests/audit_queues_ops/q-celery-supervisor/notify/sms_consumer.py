import json
import os
import signal

import redis
import requests
from loguru import logger

r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"), decode_responses=True)
PENDING, PROCESSING, DEAD = "sms:pending", "sms:processing", "sms:dead"
running = True


def _stop(*_):
    global running
    running = False


def handle(msg):
    requests.post(os.environ["SMS_GATEWAY"], json=msg, timeout=10).raise_for_status()


def run():
    signal.signal(signal.SIGTERM, _stop)
    while running:
        raw = r.blmove(PENDING, PROCESSING, 5, "RIGHT", "LEFT")
        if raw is None:
            continue
        try:
            handle(json.loads(raw))
        except Exception:
            logger.exception("sms failed")
            r.lpush(DEAD, raw)
        finally:
            r.lrem(PROCESSING, 1, raw)


if __name__ == "__main__":
    run()
