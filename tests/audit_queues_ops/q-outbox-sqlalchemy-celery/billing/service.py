import structlog
from sqlalchemy import update

from .db import SessionLocal
from .models import Invoice, Outbox
from .worker import send_void_notice

log = structlog.get_logger()


def create_invoice(customer_id: int, amount_cents: int) -> int:
    with SessionLocal.begin() as session:
        invoice = Invoice(customer_id=customer_id, amount_cents=amount_cents)
        session.add(invoice)
        session.flush()
        session.add(Outbox(topic="invoice.created", payload={"invoice_id": invoice.id}))
    return invoice.id


def void_invoice(invoice_id: int) -> None:
    with SessionLocal() as session:
        session.execute(update(Invoice).where(Invoice.id == invoice_id).values(status="void"))  # expect: RS304, RS601
        session.commit()
    send_void_notice.delay(invoice_id)
    log.info("invoice voided", invoice_id=invoice_id)


def mark_paid(invoice_id: int) -> bool:
    with SessionLocal() as session:
        n = (
            session.query(Invoice)
            .filter(Invoice.id == invoice_id, Invoice.status == "open")
            .update({"status": "paid"}, synchronize_session=False)
        )
        session.commit()
    return n == 1


def mark_overdue(invoice_id: int) -> None:
    with SessionLocal() as session:
        session.query(Invoice).filter(Invoice.id == invoice_id).update({Invoice.status: "overdue"})  # expect: RS304
        session.commit()
