from django.core.management.base import BaseCommand

from shipments.models import Shipment


class Command(BaseCommand):
    help = "Print shipment counts per carrier"

    def handle(self, *args, **options):
        for carrier in Shipment.objects.values_list("carrier", flat=True).distinct():
            print(carrier, Shipment.objects.filter(carrier=carrier).count())
