import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
