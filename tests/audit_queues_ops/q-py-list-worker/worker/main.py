import json
import os
import traceback

import redis

from common.keys import RESIZE_QUEUE
from worker.resize import resize

r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))


def main():
    print(f"resize worker listening on {RESIZE_QUEUE}")  # expect: RS902
    while True:  # expect: RS901, RS906
        _, raw = r.brpop(RESIZE_QUEUE)  # expect: RS302
        try:
            resize(json.loads(raw))
        except Exception:
            traceback.print_exc()
            print("resize failed:", raw)


if __name__ == "__main__":
    main()
