import json
import logging
import os

import redis
from flask import Flask, jsonify, request
from prometheus_flask_exporter import PrometheusMetrics

from common.keys import MAX_BACKLOG, RECENT_UPLOADS, RESIZE_QUEUE

log = logging.getLogger("api")
r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))

app = Flask(__name__)
metrics = PrometheusMetrics(app)


@app.get("/healthz")
def healthz():
    return "ok"


@app.post("/uploads")
def upload():
    item = {"id": request.form["id"], "path": request.form["path"]}
    r.lpush(RESIZE_QUEUE, json.dumps(item))
    r.ltrim(RESIZE_QUEUE, 0, MAX_BACKLOG - 1)  # expect: RS303
    r.lpush(RECENT_UPLOADS, json.dumps(item))
    r.ltrim(RECENT_UPLOADS, 0, 49)
    log.info("upload %s queued", item["id"])
    return jsonify(item), 202


@app.get("/uploads/recent")
def recent():
    return jsonify([json.loads(x) for x in r.lrange(RECENT_UPLOADS, 0, 49)])
