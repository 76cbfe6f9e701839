import os

import asyncpg
from aiohttp import web


async def pg_context(app: web.Application):
    app["db"] = await asyncpg.create_pool(dsn=os.environ["DATABASE_URL"], max_size=20)  # expect: RS101, RS103
    yield
    await app["db"].close()
