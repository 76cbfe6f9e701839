import signal
import time

import structlog
from sqlalchemy import func, select, update

from .db import SessionLocal
from .models import Outbox
from .worker import render_invoice

log = structlog.get_logger()
running = True


def _stop(signum, frame):
    global running
    running = False


signal.signal(signal.SIGTERM, _stop)
signal.signal(signal.SIGINT, _stop)


def relay_batch(limit: int = 100) -> int:
    with SessionLocal.begin() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.published_at.is_(None)).order_by(Outbox.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            render_invoice.delay(row.payload["invoice_id"])
            session.execute(update(Outbox).where(Outbox.id == row.id).values(published_at=func.now()))
    return len(rows)


def main():
    while running:
        if relay_batch() == 0:
            time.sleep(1)
    log.info("relay stopped")


if __name__ == "__main__":
    main()
