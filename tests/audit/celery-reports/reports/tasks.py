from sqlalchemy import text

from .celery_app import app
from .db import Session


@app.task(bind=True, autoretry_for=(Exception,), max_retries=3, retry_backoff=True)
def daily_totals(self, day: str) -> int:
    with Session() as s:
        total = s.execute(text("SELECT coalesce(sum(amount), 0) FROM payments WHERE paid_on = :d"), {"d": day}).scalar_one()
        s.execute(text("INSERT INTO daily_totals (day, total) VALUES (:d, :t) ON CONFLICT (day) DO UPDATE SET total = :t"), {"d": day, "t": total})
        s.commit()
    return int(total)
