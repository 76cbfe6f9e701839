import os

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure")
DEBUG = os.environ.get("DEBUG") == "1"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.staticfiles", "blog"]
MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]
ROOT_URLCONF = "mysite.urls"
STATIC_URL = "/static/"
