"""The checks' work grows linearly with the size of a file and with the number of files.

Not timed: the work is counted as the lines of ``riskscan.checks`` (and of
the project's indexes they query) the scan executes (``sys.settrace``), the
same on a loaded machine as on an idle one.  Each shape in ``SHAPES`` is a
one-file project that once made a check read all of the file's calls (or
functions) for each of its functions or calls: with 2,400 functions writing
a row and a Redis key each, RS601 ran for more than 16 minutes; with 2,400
engines RS101/RS104 took 15 s; with 2,400 WebSocket servers RS401 took 13 s,
with 2,400 BullMQ workers RS202 8 s.  Each shape in ``MANY_FILES`` is a
project of many files that once made a check read every file, client or
listener of the project (or of a service) for each of them: 2,400 worker
programs took RS910 3 s, 1,200 Redis clients exported to their listeners
RS201/RS202 0.7 s each.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

import pytest

import riskscan.checks
from helpers import scan_tree

CHECKS_DIR = os.path.dirname(riskscan.checks.__file__) + os.sep
# and the indexes the checks query (riskscan.project, riskscan.factindex)
QUERIED = tuple(os.path.join(os.path.dirname(CHECKS_DIR.rstrip(os.sep)), name) for name in ("project.py", "factindex.py"))

PY_HEAD = ("import os\nimport socket\nimport threading\nimport redis\nimport requests\nimport psycopg2\nimport tornado.web\nimport tornado.websocket\nfrom flask import Flask, request\n"
           "from sqlalchemy import create_engine\nfrom werkzeug.security import check_password_hash\napp = Flask(__name__)\nr = redis.Redis()\n")
JS_HEAD = ("const express = require('express');\nconst axios = require('axios');\nconst knex = require('knex')({ client: 'pg' });\nconst Redis = require('ioredis');\nconst { WebSocketServer } = require('ws');\n"
           "const { Queue, Worker } = require('bullmq');\nconst app = express();\nconst redis = new Redis();\n")
TS_HEAD = "import { Controller, Post, Body } from '@nestjs/common';\nimport * as bcrypt from 'bcrypt';\n"
HEADS = {"py": PY_HEAD, "js": JS_HEAD, "ts": TS_HEAD}

SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    # RS601's candidates, their start-up and expiry lookups, the statement a write starts
    "py-functions-writing-a-row-and-a-key": ("py", lambda i: (
        f"def q{i}(conn, v):\n    cur = conn.cursor()\n    cur.execute('UPDATE jobs SET status=%s WHERE id={i}', (v,))\n"
        f"    r.set('job{i}', v)\n")),
    "js-functions-writing-a-row-and-a-key": ("js", lambda i: (
        f"async function q{i}(client, v) {{ await client.query('UPDATE jobs SET status=$1 WHERE id={i}', [v]); "
        f"await redis.set('job{i}', v); }}\n")),
    # RS101/RS104: each pool's factory lookup, a terminal's prompts
    "py-functions-each-making-an-engine": ("py", lambda i: f"def e{i}(url):\n    eng = create_engine(url)\n    return eng.connect()\n"),
    # RS901: each loop's calls, what the module runs under __main__
    "py-worker-loops": ("py", lambda i: f"def w{i}():\n    while True:\n        item = r.blpop('q{i}')\n        handle(item)\n"),
    # RS501 / RS601 / RS905 on many routes
    "py-routes": ("py", lambda i: (
        f"@app.route('/p{i}', methods=['POST'])\ndef v{i}():\n    data = request.get_json()\n    open(data['f'])\n"
        f"    return r.get(data['k'])\n")),
    # RS905: sessions of many classes (a property or a factory method per call)
    "py-classes-with-sessions": ("py", lambda i: (
        f"class M{i}(Base):\n    def m(self):\n        self.session = requests.Session()\n"
        f"        return self.session.get('u', timeout=1)\n")),
    # RS905: the thread lookup of each untimed call (the file's functions and threads, once per call)
    "py-functions-with-sessions": ("py", lambda i: f"def s{i}():\n    sess = requests.Session()\n    return sess.get('http://x/{i}')\n"),
    # RS502's helpers folded into their callers, RS701's hand-offs by line
    "py-sign-in-routes": ("py", lambda i: (
        f"@app.route('/login{i}', methods=['POST'])\ndef login{i}():\n    u = request.form['u']\n"
        f"    return str(check_password_hash(u, request.form['p']))\n")),
    # RS401: the ASGI look for a WebSocket built on the scope, once per accept()
    "py-socket-servers": ("py", lambda i: f"def srv{i}():\n    s = socket.socket()\n    s.bind(('', {i}))\n    s.listen()\n    return s.accept()\n"),
    # RS401/RS402/RS901: each server's handlers, its clients' 'open' listeners, graphql-ws, bound listens
    "js-websocket-servers-in-one-file": ("js", lambda i: (
        f"const wss{i} = new WebSocketServer({{ port: {8000 + i} }});\n"
        f"wss{i}.on('connection', (ws) => {{ ws.on('message', (m) => ws.send(m)); }});\n")),
    # RS201/RS202: each client's variable, wrapper and hand-off to a listener
    "js-bullmq-workers": ("js", lambda i: f"new Worker('w{i}', async (job) => {{ await redis.set('k{i}', job.data); }});\n"),
    # RS203: the queue each producer call is made on
    "js-bullmq-queues": ("js", lambda i: f"const q{i} = new Queue('q{i}');\nasync function add{i}(x) {{ await q{i}.add('j', x); }}\n"),
    # RS201/RS202: each client's 'error' listener, and the client each listener is made on
    "js-redis-clients-with-listeners": ("js", lambda i: f"const r{i} = new Redis();\nr{i}.on('error', (e) => console.error(e));\n"),
    # RS601: the keys each consumer pops, for the functions inside it; RS301: the consumers of each producer
    "js-list-producers-and-consumers": ("js", lambda i: (
        f"async function p{i}(x) {{ await redis.lpush('q{i}', x); }}\n"
        f"async function c{i}() {{ while (true) {{ await redis.brpop('q{i}', 0); }} }}\n")),
    "py-list-producers-and-consumers": ("py", lambda i: f"def p{i}(x):\n    r.lpush('q{i}', x)\ndef c{i}():\n    while True:\n        r.brpop('q{i}')\n"),
    # RS501: each route's class view (its bases, its methods, a module-level `as_view`)
    "py-tornado-handlers": ("py", lambda i: (
        f"class H{i}(tornado.web.RequestHandler):\n    def post(self):\n        self.write(open(self.get_argument('f')).read())\n"
        f"app{i} = tornado.web.Application([(r'/h{i}', H{i})])\n")),
    # RS401: each handler class's methods, and whether its file pings
    "py-tornado-websocket-handlers": ("py", lambda i: (
        f"class W{i}(tornado.websocket.WebSocketHandler):\n    def on_message(self, m):\n        self.write_message(m)\n"
        f"app{i} = tornado.web.Application([(r'/w{i}', W{i})])\n")),
    # RS501: a limiter switched off by a variable, a member helper, per sign-in route
    "ts-nest-controllers-in-one-file": ("ts", lambda i: (
        f"@Controller('c{i}')\nexport class C{i} {{\n  @Post('login')\n  async login(@Body() b: any) {{ return bcrypt.compare(b.p, 'h'); }}\n}}\n")),
    # RS901: a worker loop paced by a helper of its file (the loop's function, the helper's calls)
    "py-thread-loops-calling-helpers": ("py", lambda i: (
        f"def step{i}():\n    return r.get('k{i}')\ndef t{i}():\n    while True:\n        step{i}()\n"
        f"threading.Thread(target=t{i}).start()\n")),
    # RS901: a worker loop paced by a method of its class (the class's methods of that name)
    "py-classes-with-loops-calling-methods": ("py", lambda i: (
        f"class W{i}:\n    def step(self):\n        return r.get('k{i}')\n    def run(self):\n        while True:\n            self.step()\n")),
    # RS905: the axios instance each call is made on
    "js-axios-instances": ("js", lambda i: f"const ax{i} = axios.create({{ baseURL: 'http://x/{i}' }});\nasync function g{i}() {{ return ax{i}.get('/'); }}\n"),
    # RS601's status writes: each knex update's chained calls (those sharing its start); the pools: whether a name holds pg-promise
    "js-knex-updates": ("js", lambda i: f"async function k{i}(id) {{ await knex('jobs').where({{ id }}).update({{ status: {i} }}); await redis.set('j{i}', 1); }}\n"),
    # RS301-RS303's queue operations: each RQ queue's name (from the calls of its file)
    "py-rq-queues": ("py", lambda i: f"from rq import Queue\nq{i} = Queue('q{i}', connection=r)\ndef e{i}(x):\n    q{i}.enqueue(print, x)\n"),
    # RS301: each list nothing pops against every read or capped list; RS303: each operation's file a script?
    "js-capped-lists": ("js", lambda i: f"async function b{i}(x) {{ await redis.lpush('q{i}', x); await redis.ltrim('q{i}', 0, 99); }}\n"),
    # RS502: the promisified password check each call may run through
    "js-sign-in-routes-with-bcrypt": ("js", lambda i: (
        f"app.post('/login{i}', async (req, res) => {{ const ok = await require('bcrypt').compare(req.body.p, 'h'); res.send(ok); }});\n")),
    # RS103: whether each engine's file names the asyncpg or a psycopg driver (the file's strings, per engine)
    "py-engine-factories": ("py", lambda i: f"def make{i}():\n    return create_engine('postgresql://x/{i}')\nE{i} = make{i}()\n"),
    # RS501: the call registering each route (same line and column)
    "js-exported-handlers-as-routes": ("js", lambda i: (
        f"exports.h{i} = async (req, res) => {{ const v = await redis.get(req.params.k); res.send(v); }};\n"
        f"app.get('/h{i}', exports.h{i});\napp.put('/h{i}', exports.h{i});\napp.delete('/h{i}', exports.h{i});\n")),
    # RS601: the transaction around a function's two writes (the file's `with` items)
    "py-functions-writing-in-sessions": ("py", lambda i: (
        f"def s{i}(Session):\n    with Session() as s:\n        s.execute('UPDATE jobs SET status=1')\n        r.set('j{i}', 1)\n        s.commit()\n")),
    # RS905 (a gevent Timeout block around each untimed call), RS101 (asyncpg's
    # timeout blocks): the file's `with` items read for each call
    "py-functions-calling-under-locks": ("py", lambda i: f"lock{i} = threading.Lock()\ndef f{i}(u):\n    with lock{i}:\n        return requests.post(u, json={{}})\n"),
    # RS905: a fetch shadowed by a function, a variable or a parameter of the file
    "js-fetches": ("js", lambda i: f"async function g{i}() {{ const r = await fetch('http://x/{i}'); return r.json(); }}\n"),
}


def _check_lines_of(files: dict[str, str], tmp_path) -> int:
    count = 0

    def trace(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        name = frame.f_code.co_filename
        if not name.startswith(CHECKS_DIR) and name not in QUERIED:
            return None  # (no line events outside the checks: the frontends are counted elsewhere)

        def lines(frame, event, arg):  # type: ignore[no-untyped-def]
            nonlocal count
            if event == "line":
                count += 1
            return lines

        return lines

    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    old = sys.gettrace()
    sys.settrace(trace)
    try:
        result = scan_tree(tmp_path)
    finally:
        sys.settrace(old)
    assert not result.skipped, result.skipped
    return count


def _assert_about_twice(shape: str, project_of: Callable[[int], dict[str, str]], n: int, what: str, tmp_path) -> None:
    """The checks' lines for ``project_of(2 * n)`` are at most 2.4x those for ``project_of(n)``."""
    once = _check_lines_of(project_of(n), tmp_path / "once")
    twice = _check_lines_of(project_of(2 * n), tmp_path / "twice")
    assert twice <= 2.4 * once, f"{shape}: {once} lines of the checks executed for {n} {what}, {twice} for {2 * n}"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_twice_the_code_costs_the_checks_about_twice_the_work(shape: str, tmp_path) -> None:
    lang, unit = SHAPES[shape]
    head = HEADS[lang]
    _assert_about_twice(shape, lambda n: {f"app/main.{lang}": head + "".join(unit(i) for i in range(n))}, 300, "units", tmp_path)


def _ws_server(i: int) -> list[tuple[str, str]]:
    return [(f"svc{i}/server.js", f"const {{ WebSocketServer }} = require('ws');\nconst wss = new WebSocketServer({{ port: {8000 + i} }});\n"
             "wss.on('connection', (ws) => { ws.on('message', (m) => ws.send(m)); });\n")]


def _nest_controller(i: int) -> list[tuple[str, str]]:
    return [(f"src/c{i}.controller.ts", f"import {{ Controller, Post, Body }} from '@nestjs/common';\nimport {{ Pool }} from 'pg';\n"
             f"const pool = new Pool();\n@Controller('c{i}')\nexport class C{i}Controller {{\n  @Post('login')\n"
             "  async login(@Body() b: any) { return pool.query('SELECT 1', [b.u]); }\n}\n")]


def _exported_redis_client(i: int) -> list[tuple[str, str]]:
    return [(f"lib/c{i}.js", "const Redis = require('ioredis');\nmodule.exports = new Redis();\n"),
            (f"app/l{i}.js", f"const c = require('../lib/c{i}');\nc.on('error', (e) => {{ console.error(e); }});\nc.get('k');\n")]


def _exported_ws_server(i: int) -> list[tuple[str, str]]:
    return [(f"ws/w{i}.js", f"const {{ WebSocketServer }} = require('ws');\nconst wss{i} = new WebSocketServer({{ noServer: true }});\nmodule.exports = wss{i};\n"),
            (f"ws/u{i}.js", f"const wss = require('./w{i}');\nwss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));\n")]


def _service(i: int) -> list[tuple[str, str]]:
    return [(f"s{i}/package.json", '{"name": "s%d", "dependencies": {"express": "4", "ioredis": "5", "pg": "8"}}' % i),
            (f"s{i}/src/server.js", "const express = require('express');\nconst Redis = require('ioredis');\nconst { Pool } = require('pg');\n"
             "const app = express();\nconst r = new Redis();\nconst cache = new Redis();\nconst events = new Redis();\nconst pool = new Pool();\napp.post('/login', (req, res) => res.send('ok'));\n"
             "app.listen(3000);\n")]


def _celery_task(i: int) -> list[tuple[str, str]]:
    return [(f"tasks/t{i}.py", f"from celery import shared_task\nimport redis\nr = redis.Redis()\n@shared_task\ndef job{i}(x):\n    r.set('k{i}', x)\n")]


def _express_app(i: int) -> list[tuple[str, str]]:
    return [(f"svc/a{i}.js", "const express = require('express');\nconst rateLimit = require('express-rate-limit');\nconst app = express();\n"
             "const limiter = rateLimit({ windowMs: 1000, max: 5 });\napp.post('/login', limiter, (req, res) => res.send('ok'));\n"
             f"app.post('/signin{i}', (req, res) => res.send('ok'));\napp.listen({3000 + i});\n")]


def _worker_program(i: int) -> list[tuple[str, str]]:
    return [(f"workers/w{i}.py", f"import redis\nr = redis.Redis()\ndef run{i}():\n    while True:\n        job = r.brpop('q{i}', timeout=5)\n"
             f"        if job:\n            r.set('done{i}', job[1])\nif __name__ == '__main__':\n    run{i}()\n")]


def _engine_with_settings(i: int) -> list[tuple[str, str]]:
    return [(f"conf/s{i}.py", f"POOL_TIMEOUT_{i} = 5\nDB_URL_{i} = 'postgresql://x'\n"),
            (f"db/e{i}.py", f"from sqlalchemy import create_engine\nfrom conf.s{i} import POOL_TIMEOUT_{i}, DB_URL_{i}\n"
             f"engine = create_engine(DB_URL_{i}, pool_timeout=POOL_TIMEOUT_{i})\n")]


def _class_with_a_common_method(i: int) -> list[tuple[str, str]]:
    return [(f"app/c{i}.py", f"import requests\nclass C{i}:\n    def get(self):\n        return requests.get('http://x/{i}')\n"),
            (f"app/u{i}.py", f"from app.c{i} import C{i}\nasync def use{i}():\n    return C{i}().get()\ndef other{i}(d):\n    return d.get('k')\n")]


# shapes of many files, each a check once judged against every file, client or
# listener of the project or of its service: (units, one unit's files); the
# number of units is where the old quadratic work showed past the bound
MANY_FILES: dict[str, tuple[int, Callable[[int], list[tuple[str, str]]]]] = {
    # RS401/RS402: each server looked at every file of its service and at every other server
    "js-websocket-servers": (100, _ws_server),
    # RS501's lockout evidence per sign-in route, RS104's NestJS shutdown hooks per pool
    "ts-nest-controllers-with-pools-and-logins": (100, _nest_controller),
    # RS201/RS202: each exported client against every other file's 'error'
    # listeners, each listener against every other file's clients
    "js-redis-clients-exported-to-their-listeners": (200, _exported_redis_client),
    # RS402: each server's process-wide limit looked for in every file of its scope
    "js-websocket-servers-exported-to-their-listeners": (300, _exported_ws_server),
    # every service's files with its imported packages' (found by package
    # name), RS901's pools and clients of each service among the project's,
    # RS202's bee-queue queues for each client
    "js-services-each-with-a-pool-and-clients": (150, _service),
    # RS302: each task's unparsed neighbours (a plain call of it there) among every file of the project
    "py-celery-tasks": (300, _celery_task),
    # RS901/RS910: each worker loop's process, without the files only the
    # service's other programs load (each program's files, for each loop)
    "py-worker-programs": (150, _worker_program),
    # RS103: the databases the drivers of each engine's scope point at
    "py-engines-with-settings-modules": (150, _engine_with_settings),
    # RS501: each Express route against every `.use()` of its scope
    "js-express-apps-with-sign-in-routes": (150, _express_app),
    # RS905: the coroutine a blocking call stops, from the call sites of its
    # method; each method named like many (`get`) was matched against every
    # call of that name in the project
    "py-classes-with-a-method-named-like-many-calls": (150, _class_with_a_common_method),
}


@pytest.mark.parametrize("shape", sorted(MANY_FILES))
def test_twice_the_files_cost_the_checks_about_twice_the_work(shape: str, tmp_path) -> None:
    units, unit = MANY_FILES[shape]
    _assert_about_twice(shape, lambda n: {path: text for i in range(n) for path, text in unit(i)}, units, "units", tmp_path)
