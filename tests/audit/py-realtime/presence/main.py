import asyncio
import json

from websockets.asyncio.server import serve

MAX_CLIENTS = 2000
ONLINE: dict[str, object] = {}


async def presence(websocket):
    if len(ONLINE) >= MAX_CLIENTS:
        await websocket.close(1013, "server busy, try again later")
        return
    user = json.loads(await websocket.recv())["user"]
    ONLINE[user] = websocket
    try:
        await websocket.wait_closed()
    finally:
        ONLINE.pop(user, None)


async def main():
    async with serve(presence, "0.0.0.0", 8766, max_size=64 * 1024) as server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
