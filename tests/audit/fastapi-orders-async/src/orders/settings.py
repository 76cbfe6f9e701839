import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://orders:orders@localhost/orders")
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
