import requests
from urllib.request import urlopen

from celery_app import celery
from storage import save_thumbnail


@celery.task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def generate_thumbnail(image_id, source_url):
    with urlopen(source_url) as resp:  # expect: RS905
        data = resp.read()
    save_thumbnail(image_id, data)


@celery.task(bind=True, max_retries=3, default_retry_delay=60)
def deliver_webhook(self, url, payload):
    try:
        requests.post(url, json=payload, timeout=5).raise_for_status()
    except requests.RequestException as exc:
        raise self.retry(exc=exc)


@celery.task  # expect: RS302
def cleanup_tmp():
    import shutil

    shutil.rmtree("/tmp/imagehub", ignore_errors=True)
