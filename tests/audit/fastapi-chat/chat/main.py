import jwt
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from .manager import manager

app = FastAPI()
SECRET = "change-me"


@app.get("/stats")
async def stats():
    return {"connections": len(manager.active_connections)}


@app.websocket("/ws/chat")
async def chat(websocket: WebSocket):
    if not await manager.connect(websocket):
        return
    try:
        while True:
            await manager.broadcast(await websocket.receive_text())
    except WebSocketDisconnect:
        manager.disconnect(websocket)


@app.websocket("/ws/admin")  # expect: RS402
async def admin(websocket: WebSocket, token: str = ""):
    try:
        jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        await websocket.close(code=1008)
        return
    await websocket.accept()
    while True:
        await websocket.send_json({"connections": len(manager.active_connections)})
        await websocket.receive_text()
