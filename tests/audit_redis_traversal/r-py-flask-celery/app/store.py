import os

import redis

r = redis.Redis.from_url(os.environ["REDIS_URL"], health_check_interval=30)
