import asyncio
import json
import os

import httpx
import redis.asyncio as redis

EVENTS = "events:inbound"
WEBHOOK = os.environ["WEBHOOK_URL"]


async def deliver(client, event):
    resp = await client.post(WEBHOOK, json=event)
    resp.raise_for_status()


async def main():
    r = redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    async with httpx.AsyncClient(timeout=10) as client:
        print("consumer started")  # expect: RS902
        while True:  # expect: RS901, RS906
            item = await r.blpop([EVENTS], timeout=5)
            if item is None:
                continue
            _, raw = item
            try:
                await deliver(client, json.loads(raw))
            except httpx.HTTPError as exc:
                print("delivery failed, requeueing:", exc)
                await r.rpush(EVENTS, raw)


if __name__ == "__main__":
    asyncio.run(main())
