from rq import SimpleWorker

from app import app
from queues import digest_q


def test_digest_enqueues():
    client = app.test_client()
    assert client.post("/users/1/digest").status_code == 202
    SimpleWorker([digest_q], connection=digest_q.connection).work(burst=True)
    digest_q.empty()
