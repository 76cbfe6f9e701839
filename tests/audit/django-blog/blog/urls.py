from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from users import views

urlpatterns = [
    path("admin/", admin.site.urls),  # expect: RS501 (the admin site serves LoginView at admin/login/)
    path("login/", views.login_view, name="login"),  # expect: RS501
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),  # expect: RS501
    path("authors/", views.authors, name="authors"),
]
