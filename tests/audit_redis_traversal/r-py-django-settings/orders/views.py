from django.http import JsonResponse

from .tasks import confirm_order


def confirm(request, order_id: int):
    confirm_order.delay(order_id)
    return JsonResponse({"queued": True})
