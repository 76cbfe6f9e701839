import json
import os

import redis.asyncio as redis
from fastapi import FastAPI

app = FastAPI()  # expect: RS903, RS906
r = redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
EVENTS = "events:inbound"


@app.post("/events")
async def ingest(event: dict):
    await r.rpush(EVENTS, json.dumps(event))
    print("event queued", event.get("type"))  # expect: RS902
    return {"queued": True}
