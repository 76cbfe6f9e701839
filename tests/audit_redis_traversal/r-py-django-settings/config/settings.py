import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.sessions", "orders"]

CELERY_BROKER_URL = "redis://10.1.2.3:6379/0"  # expect: RS203
CELERY_RESULT_BACKEND = "django-db"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.1.2.3:6379/1",
    }
}
