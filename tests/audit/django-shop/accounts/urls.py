from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="api-login"),
    path("me/", views.MeView.as_view(), name="me"),
]
