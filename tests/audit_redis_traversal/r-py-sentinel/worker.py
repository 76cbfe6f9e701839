import logging
import os
import sys
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.sentinel import Sentinel
from rq import Queue, Worker

log = logging.getLogger("worker")
sentinel = Sentinel([("sentinel-1", 26379), ("sentinel-2", 26379), ("sentinel-3", 26379)], socket_timeout=0.5)
master = sentinel.master_for("mymaster", socket_timeout=0.5)
q = Queue("default", connection=master)


def poll_forever() -> None:
    while True:
        try:
            item = master.brpop("legacy:jobs", timeout=5)
            if item:
                log.info("job %s", item)
        except RedisConnectionError:  # expect: RS201
            log.error("lost redis")
            sys.exit(2)
        time.sleep(0.1)


def main() -> None:
    try:
        master.ping()
    except RedisConnectionError:
        log.error("redis unreachable")
        sys.exit(1)
    Worker([q], connection=master).work()


if __name__ == "__main__":
    main()
