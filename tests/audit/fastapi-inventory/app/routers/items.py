from fastapi import APIRouter, Depends

from ..db import get_conn

router = APIRouter()


@router.get("/")
async def list_items(conn=Depends(get_conn)):
    rows = await conn.fetch("SELECT id, sku, qty FROM items ORDER BY id LIMIT 100")
    return [dict(r) for r in rows]
