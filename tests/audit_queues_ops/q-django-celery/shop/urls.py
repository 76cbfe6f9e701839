from django.http import JsonResponse
from django.urls import include, path


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz/", healthz),
    path("", include("django_prometheus.urls")),
    path("api/orders/", include("orders.urls")),
]
