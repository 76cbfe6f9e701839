import structlog
from fastapi import FastAPI, HTTPException

from . import service

log = structlog.get_logger()
app = FastAPI(title="billing")  # expect: RS906


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/invoices")
def create_invoice(customer_id: int, amount_cents: int):
    return {"id": service.create_invoice(customer_id, amount_cents)}


@app.post("/invoices/{invoice_id}/void")
def void_invoice(invoice_id: int):
    service.void_invoice(invoice_id)
    return {"status": "void"}


@app.post("/invoices/{invoice_id}/pay")
def pay(invoice_id: int):
    if not service.mark_paid(invoice_id):
        raise HTTPException(status_code=409)
    return {"status": "paid"}
