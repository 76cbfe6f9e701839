import logging

import requests
from celery import shared_task
from django.conf import settings

from .models import Order

log = logging.getLogger(__name__)


class GatewayTimeout(Exception):
    pass


@shared_task  # expect: RS302
def send_receipt(order_id):
    order = Order.objects.get(pk=order_id)
    requests.post(settings.MAILER_URL, json={"to": order.email, "template": "receipt"})  # expect: RS905
    log.info("receipt sent for order %s", order_id)


@shared_task(bind=True, max_retries=5)
def charge_refund(self, order_id):
    try:
        resp = requests.post(f"{settings.PAYMENTS_URL}/refunds", json={"order": order_id}, timeout=10)
        resp.raise_for_status()
    except requests.Timeout as exc:
        raise self.retry(exc=exc, countdown=30)


@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, retry_jitter=True)
def sync_inventory(sku):
    requests.get(f"{settings.INVENTORY_URL}/skus/{sku}", timeout=(3.05, 10)).raise_for_status()


@shared_task  # expect: RS302
def notify_shipped(order_id):
    order = Order.objects.get(pk=order_id)
    log.info("order %s shipped to %s", order_id, order.email)


@shared_task(autoretry_for=(Exception,), max_retries=3)
def expire_stale_orders(cutoff):
    return Order.objects.filter(status=Order.Status.PENDING, updated_at__lt=cutoff).update(status=Order.Status.CANCELLED)
