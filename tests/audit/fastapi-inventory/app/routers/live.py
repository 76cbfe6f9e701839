import asyncio

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

router = APIRouter()


@router.websocket("/ws/stock")  # expect: RS402
async def stock_updates(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_json({"type": "tick"})
            await asyncio.sleep(5)
    except WebSocketDisconnect:
        return
