import logging

from aiohttp import web

from .db import pg_context
from .handlers import routes


def make_app() -> web.Application:
    app = web.Application()
    app.cleanup_ctx.append(pg_context)
    app.add_routes(routes)
    return app


def run() -> None:
    logging.basicConfig(level=logging.INFO)
    web.run_app(make_app(), port=8080)
