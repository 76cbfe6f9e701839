import os

import psycopg
import requests
from fastapi import FastAPI

from observability import configure_logging, get_logger, metrics_app

configure_logging()
log = get_logger("jobs-api")
app = FastAPI()
app.mount("/metrics", metrics_app)
session = requests.Session()
session.headers["Authorization"] = f"Bearer {os.environ.get('UPSTREAM_TOKEN', '')}"


@app.get("/livez")
def livez():
    return {"ok": True}


@app.get("/jobs/{job_id}")
def get_job(job_id: int):
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        row = conn.execute("SELECT id, status FROM jobs WHERE id = %s", (job_id,)).fetchone()
    return {"id": row[0], "status": row[1]}


@app.get("/jobs/{job_id}/artifacts")
def artifacts(job_id: int):
    resp = session.get(f"{os.environ['ARTIFACTS_URL']}/jobs/{job_id}")  # expect: RS905
    return resp.json()


@app.get("/jobs/{job_id}/owner")
def owner(job_id: int):
    resp = requests.get(f"{os.environ['USERS_URL']}/by-job/{job_id}", timeout=3)
    return resp.json()
