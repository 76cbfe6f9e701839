from celery import shared_task


@shared_task
def confirm_order(order_id: int) -> int:
    return order_id
