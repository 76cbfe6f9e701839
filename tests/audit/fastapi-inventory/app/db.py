import asyncpg
from fastapi import Request

from .settings import settings


async def init_pool() -> asyncpg.Pool:
    return await asyncpg.create_pool(  # expect: RS101
        dsn=settings.database_url,
        min_size=2,
        max_size=settings.pool_max,
        command_timeout=30,
    )


async def get_conn(request: Request):
    async with request.app.state.pool.acquire() as conn:
        yield conn
