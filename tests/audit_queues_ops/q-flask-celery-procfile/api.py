from flask import Blueprint, jsonify, request

from celery_app import celery
from tasks import generate_thumbnail

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/status")
def status():
    return jsonify(ok=True)


@bp.post("/images")
def upload_image():
    body = request.get_json()
    print("queueing thumbnail for", body["id"])
    generate_thumbnail.delay(body["id"], body["url"])  # expect: RS301
    return jsonify(queued=True), 202


@bp.post("/hooks/<hook_id>/test")
def test_hook(hook_id):
    celery.send_task("tasks.deliver_webhook", args=[request.json["url"], {"hook": hook_id}])  # the same missing worker: a related location of the RS301 above
    return "", 202


@bp.post("/admin/queues/purge")
def purge_queues():
    dropped = celery.control.purge()  # expect: RS303
    print(f"purged {dropped} messages")
    return jsonify(dropped=dropped)
