from contextlib import asynccontextmanager

import redis.asyncio as redis
import uvicorn
from fastapi import FastAPI
from fastapi_limiter import FastAPILimiter

from .api import auth, mfa
from .database import engine
from .settings import REDIS_URL


@asynccontextmanager
async def lifespan(app: FastAPI):
    conn = redis.from_url(REDIS_URL, encoding="utf-8", decode_responses=True)
    await FastAPILimiter.init(conn)
    yield
    await FastAPILimiter.close()
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
app.include_router(auth.router)
app.include_router(mfa.router)

if __name__ == "__main__":
    uvicorn.run("orders.main:app", host="0.0.0.0", port=8000)
