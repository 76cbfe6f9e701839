import requests
from loguru import logger

from .celery_app import app


@app.task(bind=True, autoretry_for=(requests.ConnectionError,), retry_kwargs={"max_retries": 5}, retry_backoff=True)
def push(self, device_token, message):
    requests.post("https://push.example.com/send", json={"to": device_token, "msg": message}, timeout=5)


@app.task(queue="push", ignore_result=True)  # expect: RS302
def badge(device_token, count):
    logger.info("badge {} -> {}", device_token, count)
    requests.post("https://push.example.com/badge", json={"to": device_token, "count": count}, timeout=5)
