import pytest

from notes import create_app
from notes.db import engine


@pytest.fixture()
def app():
    app = create_app()
    yield app
    engine.dispose()
