import logging

import requests

from .celery_app import HttpTask, app

log = logging.getLogger(__name__)


@app.task(base=HttpTask)
def fetch(url):
    return requests.get(url, timeout=(5, 30)).text


@app.task(max_retries=5)  # expect: RS302
def parse(html):
    return requests.post("http://parser:9000/parse", data=html, timeout=10).json()


@app.task(bind=True)
def store(self, size, url):
    try:
        requests.post("http://indexer:9000/docs", json={"url": url, "size": size}, timeout=10)
    except requests.RequestException as exc:
        raise self.retry(exc=exc, countdown=10)


@app.task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def ping_sitemap(url):
    requests.head(url)  # expect: RS905
