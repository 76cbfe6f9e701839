import logging

import httpx
from prometheus_client import Counter
from starlette.requests import Request
from starlette.responses import JSONResponse

import db

log = logging.getLogger(__name__)
TRANSITIONS = Counter("job_transitions_total", "Job state transitions", ["state"])


async def set_state(request: Request):
    job_id = request.path_params["job_id"]
    state = (await request.json())["state"]
    async with db.pool.acquire(timeout=5) as conn:
        await conn.execute("UPDATE jobs SET state = $1, updated_at = now() WHERE id = $2", state, job_id)  # expect: RS304, RS601
    await db.redis.hset(f"job:{job_id}", mapping={"state": state})
    TRANSITIONS.labels(state=state).inc()
    return JSONResponse({"id": job_id, "state": state})


async def claim(request: Request):
    job_id = request.path_params["job_id"]
    async with db.pool.acquire(timeout=5) as conn:
        row = await conn.fetchrow(
            "UPDATE jobs SET state = 'running', worker = $2 WHERE id = $1 AND state = ANY($3::text[]) RETURNING id",
            job_id,
            request.headers.get("x-worker-id"),
            ["queued", "retrying"],
        )
    if row is None:
        return JSONResponse({"error": "already claimed"}, status_code=409)
    await db.redis.publish("jobs.claimed", job_id)
    await db.redis.delete(f"job:{job_id}")
    return JSONResponse({"id": job_id})


async def callback(request: Request):
    body = await request.json()
    async with httpx.AsyncClient(base_url=body["callback_base"]) as client:
        await client.post("/done", json=body)
    resp = httpx.get(body["status_url"], timeout=None)  # expect: RS905
    log.info("callback for %s returned %s", body["job_id"], resp.status_code)
    return JSONResponse({"ok": True})


async def healthz(request: Request):
    return JSONResponse({"status": "ok"})
