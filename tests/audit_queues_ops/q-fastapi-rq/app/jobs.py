import csv
import logging
import os

from sqlalchemy import update

from .db import SessionLocal
from .models import Export

log = logging.getLogger(__name__)
EXPORT_DIR = os.environ.get("EXPORT_DIR", "/data/exports")


def run_export(export_id: int) -> None:
    path = os.path.join(EXPORT_DIR, f"{export_id}.csv")
    with open(path, "w", newline="") as fh:  # expect: RS601
        csv.writer(fh).writerows(load_rows(export_id))
    with SessionLocal() as session:
        session.execute(
            update(Export).where(Export.id == export_id, Export.status == "running").values(status="done", path=path)
        )
        session.commit()
    log.info("export %s written to %s", export_id, path)


def load_rows(export_id):
    return [("id", "value")]


def purge_export_file(export_id: int) -> None:
    os.remove(os.path.join(EXPORT_DIR, f"{export_id}.csv"))
