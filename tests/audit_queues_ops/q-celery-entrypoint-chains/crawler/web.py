import logging

from celery import chain, group
from flask import Flask, jsonify, request
from statsd import StatsClient

from .tasks import fetch, parse, ping_sitemap, store

log = logging.getLogger(__name__)
stats = StatsClient(host="statsd", prefix="crawler")
app = Flask(__name__)


@app.get("/ping")
def ping():
    return "pong"


@app.post("/crawl")
def crawl():
    urls = request.json["urls"]
    for url in urls:
        chain(fetch.s(url), parse.s(), store.s(url)).apply_async()
    group(ping_sitemap.s(u) for u in urls).apply_async()
    stats.incr("crawl.requested", len(urls))
    log.info("crawl requested for %d urls", len(urls))
    return jsonify(queued=len(urls)), 202


@app.post("/crawl/one")
def crawl_one():
    fetch.delay(request.json["url"])
    return "", 202
