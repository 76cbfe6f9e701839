import logging

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)
MAX_SOCKETS = 1000


async def feed(request: web.Request) -> web.WebSocketResponse:
    sockets = request.app["sockets"]
    ws = web.WebSocketResponse(heartbeat=30.0)
    if len(sockets) >= MAX_SOCKETS:
        raise web.HTTPServiceUnavailable(text="too many connections")
    await ws.prepare(request)
    sockets.add(ws)
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                await ws.send_str(msg.data)
    finally:
        sockets.discard(ws)
    return ws


async def events(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()  # expect: RS401, RS402
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.CLOSE:
            break
    return ws


def make_app() -> web.Application:
    app = web.Application()
    app["sockets"] = set()
    app.router.add_get("/feed", feed)
    app.router.add_get("/events", events)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=8080)
