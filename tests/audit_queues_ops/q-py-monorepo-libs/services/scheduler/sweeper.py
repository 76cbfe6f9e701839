import os

import psycopg

from observability import JOBS_SWEPT, get_logger

log = get_logger("sweeper")


def requeue_stalled(conn: psycopg.Connection) -> int:
    cur = conn.execute(
        "UPDATE jobs SET status = 'queued', attempts = attempts + 1 "
        "WHERE status = 'running' AND heartbeat_at < now() - interval '2 minutes'"
    )
    JOBS_SWEPT.labels(action="requeued").inc(cur.rowcount)
    return cur.rowcount


def expire_old(conn: psycopg.Connection) -> int:
    cur = conn.execute(
        "UPDATE jobs SET status = 'expired' WHERE created_at < now() - interval '7 days'"  # expect: RS304
    )
    JOBS_SWEPT.labels(action="expired").inc(cur.rowcount)
    return cur.rowcount


def connect():
    return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
