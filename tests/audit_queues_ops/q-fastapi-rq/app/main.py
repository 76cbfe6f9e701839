import logging

from fastapi import FastAPI
from prometheus_fastapi_instrumentator import Instrumentator

from .routers import exports, ops

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

app = FastAPI(title="exporter")
app.include_router(exports.router)
app.include_router(ops.router)
Instrumentator().instrument(app).expose(app)
