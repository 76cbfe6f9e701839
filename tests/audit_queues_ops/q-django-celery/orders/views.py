import json
import logging

from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Order
from .tasks import charge_refund, notify_shipped, send_receipt

log = logging.getLogger(__name__)


@require_POST
def place_order(request):
    data = json.loads(request.body)
    with transaction.atomic():
        order = Order.objects.create(email=data["email"], total=data["total"])
        transaction.on_commit(lambda: send_receipt.delay(order.id))
    return JsonResponse({"id": order.id}, status=201)


@require_POST
def cancel_order(request, pk):
    Order.objects.filter(pk=pk).update(status=Order.Status.CANCELLED)  # expect: RS304
    cache.delete(f"order:{pk}")
    log.info("order %s cancelled", pk)
    return JsonResponse({"id": pk, "status": "cancelled"})


@require_POST
def refund_order(request, pk):
    updated = Order.objects.filter(pk=pk, status__in=[Order.Status.PAID, Order.Status.SHIPPED]).update(  # expect: RS601
        status=Order.Status.REFUNDED
    )
    if not updated:
        return JsonResponse({"error": "not refundable"}, status=409)
    charge_refund.apply_async(args=[pk], countdown=5)
    return JsonResponse({"id": pk, "status": "refunded"})


@require_POST
def mark_shipped(request, pk):
    Order.objects.filter(pk=pk).update(status=Order.Status.SHIPPED)  # expect: RS304, RS601
    notify_shipped.apply_async(args=[pk], retry_policy={"max_retries": 3, "interval_start": 1})
    return JsonResponse({"id": pk, "status": "shipped"})
