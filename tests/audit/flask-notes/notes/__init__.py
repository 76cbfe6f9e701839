import logging

from flask import Flask

from .config import Config
from .extensions import limiter


def create_app(config_object: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config_object)
    logging.basicConfig(level=app.config["LOG_LEVEL"])

    limiter.init_app(app)

    from .auth import bp as auth_bp
    from .notes import bp as notes_bp

    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(notes_bp, url_prefix="/notes")
    return app
