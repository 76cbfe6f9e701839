import os

BROKER_URL = os.getenv("CELERY_BROKER_URL", "redis://redis:6379/0")
DATABASE_URL = os.getenv("DATABASE_URL", "postgresql+psycopg2://reports:reports@db:5432/reports")
