"""What a finding's message tells the reader, where it depends on the code."""

from __future__ import annotations

from helpers import scan_tree

FLASK_LOGIN = """\
from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)


@app.post("/login")
def login():
    user = find_user(request.form["username"])
    if user and check_password_hash(user.password_hash, request.form["password"]):
        return start_session(user)
    return "invalid credentials", 401
"""

EXPRESS_LOGIN = """\
const express = require('express');
const bcrypt = require('bcrypt');
const app = express();

app.post('/login', async (req, res) => {
  const user = await findUser(req.body.username);
  if (user && (await bcrypt.compare(req.body.password, user.passwordHash))) return res.json(startSession(user));
  res.status(401).end();
});
app.listen(3000);
"""


def _rs502_messages(tmp_path, files):
    result = scan_tree(tmp_path, files, select=("RS502",))
    return [f.message for f in result.findings if f.rule_id == "RS502"]


def test_lockout_message_names_the_python_services_own_libraries(tmp_path):
    (msg,) = _rs502_messages(tmp_path, {"app.py": FLASK_LOGIN, "requirements.txt": "flask\n"})
    assert "django-axes or django-defender" in msg
    assert "express-brute" not in msg and "rate-limiter-flexible" not in msg


def test_lockout_message_names_the_node_services_own_libraries(tmp_path):
    (msg,) = _rs502_messages(tmp_path, {"app.js": EXPRESS_LOGIN, "package.json": '{"name": "api", "dependencies": {"express": "4", "bcrypt": "5"}}'})
    assert "express-brute" in msg and "rate-limiter-flexible keyed by username" in msg
    assert "django" not in msg
