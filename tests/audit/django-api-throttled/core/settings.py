SECRET_KEY = "x"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "channels", "api"]
ROOT_URLCONF = "core.urls"
ASGI_APPLICATION = "core.asgi.application"
REST_FRAMEWORK = {"DEFAULT_THROTTLE_RATES": {"login": "5/min", "anon": "100/min"}}
