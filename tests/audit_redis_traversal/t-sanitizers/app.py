import os
import re
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse
from flask import Flask, request, send_file
from PIL import Image
from django.core.files.storage import default_storage

app = Flask(__name__)
api = FastAPI()
DIR = "/srv/files"


@app.route("/strip")
def strip():
    name = re.sub(r"[^A-Za-z0-9_-]", "", request.args.get("name", ""))
    return send_file(os.path.join(DIR, name + ".txt"))


@app.route("/dots")
def dots():
    name = re.sub(r"\.\./", "", request.args.get("name", ""))
    return send_file(os.path.join(DIR, name))  # expect: RS701


@app.route("/thumb", methods=["POST"])
def thumb():
    img = Image.open(request.files["image"])
    img.thumbnail((128, 128))
    img.save(os.path.join(DIR, "thumbs", "latest.png"))
    return "ok"


@app.route("/gallery", methods=["POST"])
def gallery():
    for f in request.files.getlist("photos"):
        f.save(os.path.join(DIR, "gallery", f.filename))  # expect: RS701
    return "ok"


@app.route("/stored")
def stored():
    with default_storage.open(request.args["name"]) as fh:
        return fh.read()


@api.get("/report")
async def report(name: Annotated[str, Query(pattern=r"^[a-z0-9-]+$")]):
    return FileResponse(os.path.join(DIR, f"{name}.pdf"))


@api.get("/loose")
async def loose(name: str = Query(..., regex=r"^[\w.-]+$")):
    return FileResponse(os.path.join(DIR, name))  # expect: RS701
