import json
import os

import redis
from fastapi import FastAPI
from loguru import logger

from .tasks import badge, push

app = FastAPI()  # expect: RS906
r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


@app.get("/ping")
def ping():
    return "pong"


@app.post("/push")
def send_push(token: str, message: str):
    push.delay(token, message)
    badge.apply_async(args=[token, 1], retry=True, retry_policy={"max_retries": 3})
    return {"queued": True}


@app.post("/sms")
def send_sms(to: str, body: str):
    r.lpush("sms:pending", json.dumps({"to": to, "body": body}))
    logger.info("sms queued for {}", to)
    return {"queued": True}
