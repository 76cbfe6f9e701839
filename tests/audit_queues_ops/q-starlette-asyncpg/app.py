import contextlib
import logging

import uvicorn
from prometheus_client import make_asgi_app
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import db
import handlers

logging.basicConfig(level=logging.INFO)


@contextlib.asynccontextmanager
async def lifespan(app):
    await db.connect()
    yield
    await db.disconnect()


app = Starlette(
    routes=[
        Route("/healthz", handlers.healthz),
        Route("/jobs/{job_id}/state", handlers.set_state, methods=["POST"]),
        Route("/jobs/{job_id}/claim", handlers.claim, methods=["POST"]),
        Route("/callbacks", handlers.callback, methods=["POST"]),
        Mount("/metrics", app=make_asgi_app()),
        Mount("/static", app=StaticFiles(directory="static"), name="static"),  # expect: RS904
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
