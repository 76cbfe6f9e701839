import os
import sys

import redis
from flask import Flask, jsonify

from .store import r
from .tasks import send_receipt

app = Flask(__name__)


def check_redis() -> None:
    # fail fast before serving: the orchestrator restarts us until Redis is up
    try:
        r.ping()
    except redis.ConnectionError:
        sys.exit("redis unreachable at start-up")


check_redis()


@app.post("/orders/<int:order_id>/receipt")
def receipt(order_id: int):
    send_receipt.delay(order_id)
    return jsonify(queued=True), 202


@app.get("/counter")
def counter():
    try:
        return jsonify(n=int(r.get("counter") or 0))
    except redis.RedisError:  # expect: RS201
        os._exit(3)
