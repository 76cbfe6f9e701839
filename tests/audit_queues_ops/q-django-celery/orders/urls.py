from django.urls import path

from . import views

urlpatterns = [
    path("", views.place_order),
    path("<int:pk>/cancel/", views.cancel_order),
    path("<int:pk>/refund/", views.refund_order),
    path("<int:pk>/ship/", views.mark_shipped),
]
