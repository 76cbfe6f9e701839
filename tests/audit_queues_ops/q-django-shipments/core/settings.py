import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "health_check",
    "health_check.db",
    "shipments",
]
ROOT_URLCONF = "core.urls"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/srv/media")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
