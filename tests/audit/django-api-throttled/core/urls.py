from django.urls import path

from api import views

urlpatterns = [
    path("api/login/", views.LoginView.as_view()),
    path("api/session/", views.session_login),
    path("api/password_reset/", views.PasswordResetView.as_view()),  # expect: RS501
    path("api/logout/", views.logout_view),
    path("accounts/signin/", views.SignInView.as_view()),
]
