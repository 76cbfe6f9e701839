import socketio
from aiohttp import web

sio = socketio.AsyncServer(async_mode="aiohttp", ping_interval=0, cors_allowed_origins=[])  # expect: RS401, RS402
app = web.Application()
sio.attach(app)


@sio.event
async def connect(sid, environ):
    print("connect", sid)


@sio.on("chat")
async def chat(sid, data):
    await sio.emit("chat", data)


if __name__ == "__main__":
    web.run_app(app, port=8081)
