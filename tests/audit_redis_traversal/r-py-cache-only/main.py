import os

import redis.asyncio as aioredis
from fastapi import FastAPI

app = FastAPI()
cache = aioredis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379"))


@app.get("/price/{sku}")
async def price(sku: str):
    cached = await cache.get(f"price:{sku}")
    if cached is not None:
        return {"sku": sku, "price": float(cached)}
    value = 9.99
    await cache.set(f"price:{sku}", value, ex=300)
    return {"sku": sku, "price": value}
