import os

BASE = os.environ.get("THUMB_DIR", "/var/lib/imagehub/thumbs")


def save_thumbnail(image_id, data):
    with open(os.path.join(BASE, f"{image_id}.jpg"), "wb") as fh:
        fh.write(data)
