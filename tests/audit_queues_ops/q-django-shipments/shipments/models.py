from django.db import models


class Shipment(models.Model):
    class Status(models.TextChoices):
        CREATED = "created"
        IN_TRANSIT = "in_transit"
        DELIVERED = "delivered"
        RETURNED = "returned"
        LOST = "lost"

    carrier = models.CharField(max_length=32)
    tracking_no = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CREATED)
    label_path = models.CharField(max_length=255, blank=True)
    delivered_at = models.DateTimeField(null=True)
