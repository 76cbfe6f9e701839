import os

import asyncpg
import redis.asyncio as aioredis

pool: asyncpg.Pool | None = None
redis = aioredis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


async def connect():
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], max_size=10, command_timeout=10)


async def disconnect():
    await pool.close()
    await redis.aclose()
