import logging

import httpx
from fastapi import APIRouter, HTTPException
from rq import Retry
from sqlalchemy import update

from ..db import SessionLocal
from ..jobs import run_export
from ..models import Export
from ..queue import default_q, exports_q

router = APIRouter(prefix="/exports", tags=["exports"])
log = logging.getLogger(__name__)


@router.post("", status_code=202)
def create_export(user_id: int):
    with SessionLocal() as session:
        export = Export(user_id=user_id, status="queued")
        session.add(export)  # expect: RS601
        session.commit()
    exports_q.enqueue(run_export, export.id, retry=Retry(max=3, interval=[10, 60, 300]), job_timeout=600)
    return {"id": export.id}


@router.post("/{export_id}/cancel")
def cancel_export(export_id: int):
    with SessionLocal() as session:
        session.execute(update(Export).where(Export.id == export_id).values(status="cancelled"))  # expect: RS304
        session.commit()
    return {"id": export_id, "status": "cancelled"}


@router.post("/{export_id}/retry")
def retry_export(export_id: int):
    with SessionLocal() as session:
        result = session.execute(  # expect: RS601
            update(Export)
            .where(Export.id == export_id, Export.status.in_(["failed", "cancelled"]))
            .values(status="queued")
        )
        session.commit()
    if result.rowcount == 0:
        raise HTTPException(status_code=409, detail="export is not retryable")
    default_q.enqueue(run_export, export_id)  # expect: RS302
    return {"id": export_id, "status": "queued"}


@router.post("/{export_id}/notify")
async def notify(export_id: int, callback_url: str):
    async with httpx.AsyncClient() as client:
        await client.post(callback_url, json={"export": export_id})
        await client.post(f"{callback_url}/audit", json={"export": export_id}, timeout=None)  # expect: RS905
    return {"notified": True}
