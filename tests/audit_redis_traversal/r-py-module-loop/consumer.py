import json
import logging
import os
import sys

import redis

log = logging.getLogger("consumer")
r = redis.Redis.from_url(os.environ["REDIS_URL"])

try:
    r.ping()
except redis.ConnectionError:
    log.error("redis unreachable")
    sys.exit(1)

while True:
    try:
        _, raw = r.blpop("emails")
        log.info("sending %s", json.loads(raw)["to"])
    except (redis.ConnectionError, redis.TimeoutError):  # expect: RS201
        log.exception("redis went away")
        raise SystemExit(1)
