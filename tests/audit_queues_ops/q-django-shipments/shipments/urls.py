from django.urls import path

from . import views

urlpatterns = [
    path("shipments/<int:pk>/delivered/", views.ShipmentDelivered.as_view()),
    path("shipments/<int:pk>/in-transit/", views.ShipmentInTransit.as_view()),
    path("shipments/<int:pk>/return/", views.ShipmentReturn.as_view()),
    path("shipments/<int:pk>/lost/", views.ShipmentLost.as_view()),
    path("shipments/<int:pk>/label/", views.ShipmentLabel.as_view()),
    path("shipments/<int:pk>/track/", views.ShipmentTrack.as_view()),
]
