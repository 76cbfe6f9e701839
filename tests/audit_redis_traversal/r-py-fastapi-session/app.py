import os

import redis
from flask import Flask, session
from flask_session import Session

app = Flask(__name__)
app.config["SESSION_TYPE"] = "redis"
app.config["SESSION_REDIS"] = redis.from_url(os.environ["REDIS_URL"])  # expect: RS203
Session(app)


@app.get("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
