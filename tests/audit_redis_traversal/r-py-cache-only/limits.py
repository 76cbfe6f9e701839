import os
import sys
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI
from fastapi_limiter import FastAPILimiter


@asynccontextmanager
async def lifespan(app: FastAPI):
    # start-up: refuse to serve without the limiter's Redis
    try:
        conn = redis.from_url(os.environ["LIMITER_REDIS_URL"])
        await FastAPILimiter.init(conn)
    except redis.ConnectionError:
        sys.exit("limiter redis unreachable")
    yield
    await FastAPILimiter.close()


limited = FastAPI(lifespan=lifespan)


@limited.get("/quota")
async def quota():
    conn = redis.from_url(os.environ["LIMITER_REDIS_URL"])
    try:
        return {"left": int(await conn.get("quota") or 0)}
    except redis.ConnectionError:  # expect: RS201
        sys.exit(1)
