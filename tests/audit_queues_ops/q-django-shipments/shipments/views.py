import json
import logging
import os

import urllib3
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Shipment

log = logging.getLogger(__name__)
http = urllib3.PoolManager(retries=urllib3.Retry(3))


class ShipmentDelivered(APIView):
    def post(self, request, pk):
        Shipment.objects.filter(pk=pk).update(status=Shipment.Status.DELIVERED, delivered_at=timezone.now())  # expect: RS304
        cache.delete(f"shipment:{pk}")
        return Response(status=204)


class ShipmentInTransit(APIView):
    def post(self, request, pk):
        n = Shipment.objects.filter(pk=pk, status=Shipment.Status.CREATED).update(status=Shipment.Status.IN_TRANSIT)
        return Response({"updated": n})


class ShipmentReturn(APIView):
    def post(self, request, pk):
        with transaction.atomic():
            shipment = Shipment.objects.select_for_update().get(pk=pk)
            if shipment.status != Shipment.Status.DELIVERED:
                return Response({"error": "not delivered"}, status=409)
            Shipment.objects.filter(pk=pk).update(status=Shipment.Status.RETURNED)
        return Response(status=204)


class ShipmentLost(APIView):
    def post(self, request, pk):
        with connection.cursor() as cur:
            cur.execute("UPDATE shipments_shipment SET status = %s WHERE id = %s", ["lost", pk])  # expect: RS304
            cur.execute(
                "UPDATE shipments_shipment SET status = %s WHERE id = %s AND status <> %s",
                ["lost", pk, "delivered"],
            )
        log.warning("shipment %s marked lost", pk)
        return Response(status=204)


class ShipmentLabel(APIView):
    def put(self, request, pk):
        path = os.path.join(settings.MEDIA_ROOT, "labels", f"{pk}.pdf")
        with open(path, "wb") as fh:  # expect: RS601
            fh.write(request.body)
        Shipment.objects.filter(pk=pk).update(label_path=path)
        return Response({"label": path})


class ShipmentTrack(APIView):
    def get(self, request, pk):
        shipment = Shipment.objects.get(pk=pk)
        resp = http.request("GET", f"https://tracking.example.com/{shipment.carrier}/{shipment.tracking_no}")  # expect: RS905
        return Response(json.loads(resp.data))
