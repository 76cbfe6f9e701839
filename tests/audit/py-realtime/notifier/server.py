import asyncio
import json
import logging

import websockets

logging.basicConfig(level=logging.INFO)
CONNECTED: set = set()


async def handler(websocket):
    CONNECTED.add(websocket)
    try:
        async for message in websocket:
            websockets.broadcast(CONNECTED, json.dumps({"echo": message}))
    finally:
        CONNECTED.discard(websocket)


async def main():
    async with websockets.serve(handler, "0.0.0.0", 8765, ping_interval=None, max_size=2**20):  # expect: RS401, RS402
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
