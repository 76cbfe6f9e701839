import logging

from flask import Flask, jsonify
from rq import Retry

from jobs import reindex, send_digest
from queues import digest_q, index_q

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("web")

app = Flask(__name__)  # expect: RS906


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/users/<int:user_id>/digest")
def digest(user_id):
    job = digest_q.enqueue(send_digest, user_id)  # expect: RS302
    return jsonify(job=job.id), 202


@app.post("/collections/<name>/reindex")
def trigger_reindex(name):
    job = index_q.enqueue(reindex, name, retry=Retry(max=2, interval=60))
    return jsonify(job=job.id), 202


@app.post("/admin/digests/flush")
def flush_digests():
    removed = digest_q.empty()  # expect: RS303
    log.warning("flushed %s digest jobs", removed)
    return jsonify(removed=removed)
