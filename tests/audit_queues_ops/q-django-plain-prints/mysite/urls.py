from django.urls import path

from blog import views

urlpatterns = [
    path("", views.index),
    path("posts/<slug:slug>/", views.detail),
    path("posts/<slug:slug>/publish/", views.publish),
]
