import logging
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor

import redis
import urllib3

log = logging.getLogger("worker")

redis_pool = redis.ConnectionPool.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"), max_connections=20)
r = redis.Redis(connection_pool=redis_pool)
http = urllib3.PoolManager(num_pools=10, timeout=urllib3.Timeout(connect=2.0, read=10.0))
executor = ThreadPoolExecutor(max_workers=8)


def resize(path: str) -> str:
    return path + ".small"


def main() -> None:
    with multiprocessing.Pool(processes=4) as procs:
        while True:
            item = r.brpop("resize-jobs", timeout=5)
            if item is None:
                continue
            _, payload = item
            procs.apply_async(resize, (payload.decode(),))
            executor.submit(http.request, "POST", "http://notifier/done", body=payload)
            time.sleep(0.01)


if __name__ == "__main__":
    main()
