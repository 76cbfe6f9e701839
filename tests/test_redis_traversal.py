"""RS201-RS203 (Redis) and RS701 (path traversal): checks and the taint extractors.

The taint extractors are tested directly on parsed trees; the scans go
through the real frontends (which store ``extra["taint"]``).
"""

from __future__ import annotations

import libcst as cst
import pytest

from helpers import hits, scan_tree
from riskscan.frontends import taint_js, taint_py
from riskscan.frontends.javascript import _parser
from riskscan.frontends._taint_core import classify_regex, strips_separators



def js_sinks(code: str, grammar: str = "js") -> list[dict]:
    src = code.encode()
    return taint_js.taint_facts(_parser(grammar).parse(src).root_node, src)["sinks"]


def py_sinks(code: str) -> list[dict]:
    return taint_py.taint_facts(cst.parse_module(code), code)["sinks"]


def kinds(sink: dict) -> set[str]:
    return {g["kind"] for g in sink["guards"]}


# --------------------------------------------------------------------------- regex classification
@pytest.mark.parametrize(
    ("pattern", "kwargs", "expected"),
    [
        ("^[a-zA-Z0-9_-]+$", {}, "allowlist"),
        ("^[\\w-]{1,100}$", {}, "allowlist"),
        ("^[a-zA-Z0-9_.-]+$", {}, "dotname"),  # dots but no separator: one segment
        ("^[\\w\\-\\.]+$", {}, "dotname"),
        ("^[A-Za-z0-9_.+-]+$", {}, "dotname"),  # whoogle's config name
        ("^[\\w.\\\\]+$", {}, "dotregex"),  # a backslash is a separator too
        ("^[\\x2f\\w.]+$", {}, "dotregex"),  # \x2f is '/'
        ("^\\S+$", {}, "dotregex"),
        ("^[+-/]+$", {}, "dotregex"),  # the range +-/ contains '.' and '/'
        ("^.+$", {}, "dotregex"),
        ("^[^/]+$", {}, "dotregex"),  # negated class without '.'
        ("\\.\\.", {}, "blocklist"),
        ("[a-z]+", {}, "blocklist"),
        ("[a-z0-9]+", {"full": True}, "allowlist"),
        ("[a-z0-9]+$", {"start": True}, "allowlist"),
        ("^a$|^..$", {}, "dotregex"),
        # under fullmatch (or inside a route's capture group) every alternative is
        # anchored: fixed file names are an allowlist, a free alternative is not
        ("|index\\.html|app\\.js|app\\.js\\.map", {"full": True}, "allowlist"),
        ("app\\.js|[a-z.]+", {"full": True}, "dotname"),
        ("app\\.js|.+\\.js", {"full": True}, "dotregex"),
        ("a|\\.\\.", {"full": True}, "dotname"),
        ("^app\\.js|.*$", {"start": True}, "dotregex"),
        # one literal dot in a fixed place cannot form '..'
        ("^[\\w-]+\\.pdf$", {}, "allowlist"),
        ("^[a-z]+(\\.[a-z]+)?$", {}, "allowlist"),
        ("^[\\w-]+\\.+pdf$", {}, "dotname"),
        ("^(\\.[a-z]+)*$", {}, "dotname"),
        ("^[a-z]\\.\\.[a-z]$", {}, "dotname"),
    ],
)
def test_classify_regex(pattern, kwargs, expected):
    assert classify_regex(pattern, **kwargs) == expected


@pytest.mark.parametrize(
    ("pattern", "replacement", "expected"),
    [
        ("[^a-zA-Z0-9_-]", "", True),
        ("[^\\w-]+", "", True),
        ("[./\\\\]", "", True),
        ("[^a-z0-9.]", "_", False),  # keeps dots
        ("[^a-z0-9_-]", ".", False),  # puts dots back
        ("\\.\\./", "", False),  # removes one spelling of '../' only
        ("[\\/]", "", False),  # keeps dots
    ],
)
def test_strips_separators(pattern, replacement, expected):
    assert strips_separators(pattern, replacement) is expected


# --------------------------------------------------------------------------- JS taint
def test_js_taint_through_locals_and_destructuring():
    sinks = js_sinks(
        """
        const fs = require('fs'); const path = require('path');
        app.get('/a/:n', (req, res) => {
          const name = req.params.n;
          const p = path.join(DIR, name);
          fs.readFile(p, (e, d) => res.send(d));
        });
        app.post('/b', (req, res) => {
          const { file, dir: d } = req.body;
          fs.unlinkSync(d + '/' + file);
        });
        """
    )
    assert [(s["line"], s["sink"], s["kind"], s["source"]) for s in sinks] == [
        (5, "path.join", "build", "req.params.n"),
        (10, "fs.unlinkSync", "file", "req.body.file"),
    ]
    assert sinks[0]["then"] == [{"line": 6, "col": 11, "sink": "fs.readFile"}]


def test_js_guards_are_classified():
    sinks = js_sinks(
        """
        const fs = require('fs'); const path = require('path');
        const OK = /^[a-z0-9-]+$/;
        app.get('/a/:n', (req, res) => {
          if (req.params.n.includes('..')) return res.end();
          fs.readFile(path.join(DIR, req.params.n), () => {});
        });
        app.get('/b/:n', (req, res) => {
          const n = req.params.n;
          if (!OK.test(n)) return res.end();
          fs.readFile(path.join(DIR, n), () => {});
        });
        app.get('/c/:n', (req, res) => {
          const p = path.resolve(DIR, req.params.n);
          if (!p.startsWith(DIR)) return res.end();
          fs.readFile(p, () => {});
        });
        app.get('/d/:n', (req, res) => {
          const n = req.params.n.replace('../', '');
          fs.readFile(path.join(DIR, n), () => {});
        });
        """
    )
    by_line = {s["line"]: kinds(s) for s in sinks}
    # a guard on one read of a request value covers the next read of the same value
    assert by_line[6] == {"blocklist"}
    assert by_line[11] == {"allowlist"}
    assert by_line[14] == {"contain"}
    assert by_line[20] == {"blocklist"}


def test_js_indexof_of_something_else_is_no_guard():
    sinks = js_sinks(
        """
        const fs = require('fs'); const path = require('path');
        app.get('/a/:n', (req, res) => {
          if (req.params.n.indexOf('-short') === -1) return res.end();
          fs.readFile(path.join(DIR, req.params.n), () => {});
        });
        app.get('/b/:n', (req, res) => {
          if (req.params.n.indexOf('..') !== -1) return res.end();
          fs.readFile(path.join(DIR, req.params.n), () => {});
        });
        app.get('/c/:n', (req, res) => {
          if (req.params.n.includes(BAD)) return res.end();
          fs.readFile(path.join(DIR, req.params.n), () => {});
        });
        """
    )
    by_line = {s["line"]: kinds(s) for s in sinks}
    assert by_line[5] == set()  # looked for '-short': unguarded
    assert by_line[9] == {"blocklist"}  # looked for '..'
    assert by_line[13] == {"blocklist"}  # looked for something we cannot see: still a blocklist


def test_js_route_prefix_test_is_no_guard_but_a_slash_test_is():
    sinks = js_sinks(
        """
        const fs = require('fs'); const path = require('path');
        app.get('/a/*', (req, res) => {
          if (req.url.indexOf('files/') < 0) return res.end();
          fs.readFile(path.join(DIR, req.url), () => {});
        });
        app.get('/b/:n', (req, res) => {
          if (req.params.n.includes('/')) return res.end();
          fs.readFile(path.join(DIR, req.params.n), () => {});
        });
        """
    )
    by_line = {s["line"]: kinds(s) for s in sinks}
    assert by_line[5] == set()  # a route prefix: unguarded
    assert by_line[9] == {"blocklist"}  # refuses a slash


def test_js_not_sources_and_look_alikes():
    sinks = js_sinks(
        """
        const fs = require('fs'); const path = require('path');
        app.get('/me', (req, res) => {
          fs.readFile(path.join(DIR, req.user.id), () => {});
          fs.readFile(path.join(DIR, String(Number(req.query.page))), () => {});
          const file = FILES[req.query.id];
          fs.readFile(path.join(DIR, file), () => {});
          cache.get(req.params.key);
        });
        function notHandler(name) { return fs.readFileSync(path.join(DIR, name)); }
        """
    )
    assert sinks == []


def test_js_frameworks_and_ts():
    sinks = js_sinks(
        """
        import { readFile } from 'fs/promises';
        import * as path from 'node:path';
        router.get('/k/:f', async (ctx) => { ctx.body = await readFile(path.join(R, ctx.params.f)); });
        router.post('/k', async (ctx) => { const { f } = ctx.request.body; await readFile(f); });
        export async function GET(request: Request, { params }: { params: { slug: string } }) {
          return new Response(await readFile(path.join(R, params.slug)));
        }
        class C { get(@Query('p') p: string) { return readFile(p as string); } }
        for (const f of []) {}
        app.delete('/many', (req, res) => { for (const f of req.body.files) { rm(f); readFile(path.join(R, f)); } });
        """,
        "ts",
    )
    assert [(s["line"], s["source"]) for s in sinks] == [
        (4, "ctx.params.f"),
        (5, "ctx.request.body.f"),
        (7, "params.slug"),
        (9, "@Query('p') p"),
        (11, "req.body.files"),
    ]


def test_js_sendfile_root_and_fastify_are_safe():
    sinks = js_sinks(
        """
        app.get('/a/:n', (req, res) => res.sendFile(req.params.n, { root: DIR }));
        app.get('/b/:n', (req, res) => res.download(req.params.n, 'x.txt', { root: DIR }));
        fastify.get('/c/:n', (request, reply) => reply.sendFile(request.params.n));
        app.get('/d/:n', (req, res) => res.sendFile(req.params.n));
        """
    )
    assert [(s["line"], s["sink"]) for s in sinks] == [(5, "res.sendFile")]


def test_js_build_without_use_is_not_reported(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "app.js": """
            const path = require('path');
            app.get('/a/:n', (req, res) => {
              const p = path.join('/api', req.params.n);
              res.json({ p });
            });
            app.get('/b/:n', (req, res) => {
              const p = path.join(DIR, req.params.n);
              return render(p);
            });
            """
        },
        select=("RS701",),
    )
    assert hits(result, "RS701") == [("app.js", 8)]


def test_helper_flow_names_the_call_that_hands_the_value_on(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "app.js": """
            const fs = require('fs');
            const path = require('path');
            function readLog(name) {
              return fs.readFileSync(path.join(DIR, name));
            }
            function again(n) { return again(n); }
            app.get('/log', (req, res) => {
              const dir = req.query.dir;
              res.send(readLog(dir) + again(dir));
            });
            """,
            "views.py": """
            from flask import request

            def read_log(name):
                return open(name).read()

            @app.get("/log")
            def log():
                return read_log(request.args["dir"])
            """,
        },
        select=("RS701",),
    )
    got = {f.path: (f.line, [(r.line, r.message) for r in f.related]) for f in result.findings}
    assert got == {
        "app.js": (5, [(9, "request value `req.query.dir`"), (10, "the request value is passed to `readLog()`")]),
        "views.py": (5, [(9, 'request value `request.args["dir"]`, passed to `read_log()`')]),
    }


def test_py_one_segment_route_parameter_is_medium(tmp_path):
    """Flask `<name>` and FastAPI `{name}` stop at `/` (the server decodes %2F
    before routing): only a lone `..` gets through, so the finding is
    medium/low and says so; `<path:name>` and a query value stay critical."""
    result = scan_tree(
        tmp_path,
        {
            "web.py": """
            import os
            from flask import Flask, request, send_file

            app = Flask(__name__)
            BASE = "/srv/files"

            @app.route("/a/<name>")
            def a(name):
                return send_file(os.path.join(BASE, name))

            @app.route("/b/<path:name>")
            def b(name):
                return send_file(os.path.join(BASE, name))

            @app.route("/c/<name>")
            def c(name):
                return send_file(os.path.join(BASE, name, request.args["file"]))
            """,
        },
        select=("RS701",),
    )
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    assert got == {10: ("medium", "low"), 14: ("critical", "high"), 18: ("critical", "high")}
    seg = next(f for f in result.findings if f.line == 10)
    assert "the route admits no `/` in it (`<name>`, line 9), so only a lone `..` gets through" in seg.message


def test_regex_route_group_that_admits_anything_is_no_guard(tmp_path):
    """wiki-server routes with regex literals (lib/server.js:502,
    `app.get(/^\\/theme\\/(\\w+\\.\\w+)$/, ...)` then `res.sendFile(path.join(argv.status,
    'theme', req.params[0]))`): a group that cannot form `..` guards, one that
    admits dots keeps the finding medium/low, but a group of `.+`/`.*`
    validates nothing -- like a string route's `:p(*)` it is unguarded."""
    result = scan_tree(
        tmp_path,
        {
            "package.json": '{"name": "w", "dependencies": {"express": "^5"}}',
            "server.js": r"""
            const express = require('express');
            const path = require('path');
            const app = express();
            const BASE = '/srv/status';
            app.get(/^\/theme\/(\w+\.\w+)$/, (req, res) => {
              res.sendFile(path.join(BASE, 'theme', req.params[0]));
            });
            app.get(/^\/css\/([\w.]+)$/, (req, res) => {
              res.sendFile(path.join(BASE, 'css', req.params[0]));
            });
            app.get(/^\/files\/(.+)$/, (req, res) => {
              res.sendFile(path.join(BASE, 'files', req.params[0]));
            });
            app.get(/^\/docs\/(.*?)$/, (req, res) => {
              res.sendFile(path.join(BASE, 'docs', req.params[0]));
            });
            app.listen(3000);
            """,
        },
        select=("RS701",),
    )
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    assert got == {10: ("medium", "low"), 13: ("critical", "high"), 16: ("critical", "high")}


def test_replace_that_keeps_dots_but_strips_separators_leaves_one_segment(tmp_path):
    """zou's otio import: `re.sub(r"[^A-Za-z0-9.]", "", extension)` strips every
    `/` and `\\` and keeps dots, so only a lone `..` is left to climb: the
    finding stays medium/low and says that, not that separators the check
    does not list get through (the blocklist message); the same in JS.  (zou
    takes only the extension first, `os.path.splitext(name)[1]`, which cannot
    leave the directory at all: the whole file name is cleaned here.)"""
    result = scan_tree(
        tmp_path,
        {
            "otio.py": """
            import os

            from flask import Flask, request

            app = Flask(__name__)
            TMP_DIR = "/tmp/zou"

            @app.route("/import/otio", methods=["POST"])
            def import_otio():
                uploaded_file = request.files["file"]
                extension = uploaded_file.filename or ""
                extension = re.sub(r"[^A-Za-z0-9.]", "", extension)
                file_path = os.path.join(TMP_DIR, extension)
                uploaded_file.save(file_path)
                os.remove(file_path)
            """,
            "app.js": """
            const path = require('path');
            const fs = require('fs');
            const app = require('express')();
            app.get('/f', (req, res) => {
              const name = req.query.name.replace(/[^a-z0-9.]/gi, '');
              res.send(fs.readFileSync(path.join('/srv/files', name)));
            });
            """,
        },
        select=("RS701",),
    )
    got = {(f.path, f.line): (f.severity, f.probability) for f in result.findings}
    assert got == {("otio.py", 14): ("medium", "low"), ("app.js", 7): ("medium", "low")}
    py = next(f for f in result.findings if f.path == "otio.py")
    assert "the replace leaves no `/` or `\\` in it but keeps dots" in py.message
    assert "so only a lone `..` gets through" in py.message and "separators the check does not list" not in py.message
    js = next(f for f in result.findings if f.path == "app.js")
    assert "so only a lone `..` gets through" in js.message


# --------------------------------------------------------------------------- Python taint
def test_py_taint_sources_and_sinks():
    sinks = py_sinks(
        """
import os
from pathlib import Path
from flask import Flask, request, send_file
app = Flask(__name__)

@app.route("/a/<name>")
def a(name):
    return send_file(os.path.join(BASE, name))

@app.route("/b")
def b():
    p = Path(BASE) / request.args["f"]
    return p.read_text()

@app.route("/c/<int:n>")
def c(n):
    return open(f"{BASE}/{n}").read()

def helper(name):
    return open(name).read()
"""
    )
    assert [(s["line"], s["sink"], s["then"][0]["sink"] if s["then"] else "") for s in sinks] == [
        (9, "os.path.join", "flask.send_file"),
        (13, "Path / name", "Path.read_text()"),
    ]


def test_py_guards():
    sinks = py_sinks(
        """
import os, re
from fastapi import FastAPI
from fastapi.responses import FileResponse
app = FastAPI()
SAFE = re.compile(r"^[a-z0-9_-]+$")

@app.get("/a/{name}")
def a(name: str):
    if ".." in name or name.startswith("/"):
        raise ValueError()
    return FileResponse(os.path.join(BASE, name))

@app.get("/b/{name}")
def b(name: str):
    if not SAFE.match(name):
        raise ValueError()
    return FileResponse(os.path.join(BASE, name))

@app.get("/c")
def c(path: str):
    full = os.path.realpath(os.path.join(BASE, path))
    if os.path.commonpath([full, BASE]) != BASE:
        raise ValueError()
    return FileResponse(full)

@app.get("/d")
def d(file_id: int, token: str = Depends(auth)):
    return FileResponse(os.path.join(BASE, f"{file_id}.pdf"))
"""
    )
    by_line = {s["line"]: kinds(s) for s in sinks}
    # (the route parameters `{name}` hold no `/`: a weak "segment" guard of their own)
    assert by_line == {12: {"blocklist", "segment"}, 18: {"allowlist", "segment"}, 22: {"contain"}}


def test_py_django_view_arguments():
    sinks = py_sinks(
        """
from django.http import FileResponse

def download(request, filename):
    return FileResponse(open(f"/srv/media/{filename}", "rb"))

class Report(View):
    def get(self, request, *args, **kwargs):
        return FileResponse(open(BASE + self.kwargs["name"], "rb"))
"""
    )
    assert [(s["line"], s["sink"], s["source"]) for s in sinks] == [
        (5, "open", "filename (view argument)"),
        (9, "open", 'self.kwargs["name"]'),
    ]


def test_py_fastapi_sources_are_named_by_where_they_come_from():
    sinks = py_sinks(
        """
from fastapi import Body, FastAPI, Header, Query
app = FastAPI()

@app.post("/vibe/code")
def code(hash: str = Body(...)):
    return open(f"/srv/code/{hash}.py").read()

@app.get("/files")
def files(name: str = Query(...), theme: str = Header("light")):
    open(f"/srv/files/{name}").read()
    return open(f"/srv/themes/{theme}.css").read()
"""
    )
    assert [(s["line"], s["source"]) for s in sinks] == [
        (7, "hash (request body field)"),
        (11, "name (query parameter)"),
        (12, "theme (header)"),
    ]


def test_py_methods_taking_a_request_and_an_object_are_not_views():
    """A Django view's URL arguments are strings; a method that takes the
    request and a model object (a payment provider's render hook) is not a
    view, and a QuerySet's .exists() is not a file check."""
    sinks = py_sinks(
        """
from django.http import FileResponse

class BankTransfer(BasePaymentProvider):
    def payment_pending_render(self, request, payment: OrderPayment) -> str:
        return {"has_invoices": payment.order.invoices.exists()}

def download(request, filename: str):
    return FileResponse(open(f"/srv/media/{filename}", "rb"))
"""
    )
    assert [(s["line"], s["sink"], s["source"]) for s in sinks] == [(9, "open", "filename (view argument)")]


# --------------------------------------------------------------------------- RS701 scans
def test_rs701_severity_lowered_for_blocklists(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "server.js": """
            const fs = require('fs');
            const path = require('path');
            app.get('/m/:filename', (req, res) => {
              const filename = req.params.filename;
              if (filename.includes('..')) return res.status(400).end();
              fs.readFile(path.join(DIR, filename), 'utf8', (e, c) => res.json({ c }));
            });
            app.get('/n/:filename', (req, res) => {
              fs.readFile(path.join(DIR, req.params.filename), 'utf8', (e, c) => res.json({ c }));
            });
            """
        },
        select=("RS701",),
    )
    got = {(f.line, f.severity, f.probability) for f in result.findings}
    assert got == {(7, "medium", "low"), (10, "critical", "high")}


def test_rs701_existence_checks_only_are_a_low_oracle(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "server.js": """
            const fs = require('fs');
            const path = require('path');
            app.get('/has/:name', (req, res) => {
              res.json({ exists: fs.existsSync(path.join(DIR, req.params.name)) });
            });
            app.get('/get/:name', (req, res) => {
              const p = path.join(DIR, req.params.name);
              if (!fs.existsSync(p)) return res.status(404).end();
              res.send(fs.readFileSync(p));
            });
            """
        },
        select=("RS701",),
    )
    got = {(f.line, f.severity, f.probability) for f in result.findings}
    assert got == {(5, "low", "low"), (8, "critical", "high")}
    assert "probe which files exist" in next(f.message for f in result.findings if f.line == 5)


def test_rs701_test_files_and_strings_ignored(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "tests/test_app.py": """
from flask import request
@app.route("/a/<name>")
def a(name):
    return open(name).read()
""",
            "app.py": '''
DOC = "open(request.args['f'])"
# return open(request.args["f"]).read()
''',
        },
        select=("RS701",),
    )
    assert hits(result, "RS701") == []


# --------------------------------------------------------------------------- RS201
def test_rs201_handler_that_logs_and_reconnects(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "worker.js": """
            const Redis = require('ioredis');
            const redis = new Redis(process.env.REDIS_URL, { retryStrategy: (n) => Math.min(n * 100, 3000) });
            function logIt(err) { console.warn('redis', err.message); }
            redis.on('error', logIt);
            redis.on('end', () => process.exit(1));
            """
        },
        select=("RS201",),
    )
    assert hits(result, "RS201") == []


def test_rs201_helper_in_same_file_and_duplicate(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "worker.js": """
            const { createClient } = require('redis');
            const client = createClient();
            const sub = client.duplicate();
            function shutdown(code) { client.quit().finally(() => process.exit(code)); }
            client.on('error', console.warn);
            sub.on('error', (e) => { console.error(e); shutdown(1); });
            """
        },
        select=("RS201",),
    )
    assert hits(result, "RS201") == [("worker.js", 7)]


def test_rs201_bullmq_queue_listener_names_the_queue(tmp_path):
    """automatisch's queues/flow.ts: the listener is on a BullMQ Queue, and the
    finding says so, in its message and in the related construction."""
    result = scan_tree(
        tmp_path,
        {
            "src/queues/flow.ts": """
            import { Queue } from 'bullmq';
            const flowQueue = new Queue('flow', { connection: { host: process.env.REDIS_HOST } });
            flowQueue.on('error', (err) => {
              if ((err as any).code === 'ECONNREFUSED') {
                process.exit();
              }
            });
            export default flowQueue;
            """
        },
        select=("RS201",),
    )
    assert hits(result, "RS201") == [("src/queues/flow.ts", 4)]
    (f,) = result.findings
    assert "Redis queue `flowQueue` (BullMQ new Queue) calls process.exit()" in f.message
    assert sorted((r.line, r.message) for r in f.related) == [(3, "queue created here"), (6, "`process.exit()` ends the process")]


def test_rs201_node_resque_listener_names_the_library_class(tmp_path):
    """A node-resque Worker talks to Redis; it is no 'Redis Worker': the
    message names node-resque's class and the variable, once."""
    result = scan_tree(
        tmp_path,
        {
            "package.json": '{"name": "jobs", "main": "worker.js", "dependencies": {"node-resque": "^9.7.1"}}',
            "worker.js": """
            const { Worker } = require('node-resque');
            const runner = new Worker({ connection: { host: process.env.QUEUE_HOST }, queues: ['mail'] }, {});
            runner.on('error', () => process.exit(1));
            runner.connect().then(() => runner.start());
            """,
        },
        select=("RS201",),
    )
    (f,) = result.findings
    assert f.message.startswith("The 'error' listener on node-resque Worker `runner` calls process.exit():")


def test_rs201_python_module_level_and_main_are_start_up(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "app.py": """
import sys
import redis
from redis.exceptions import ConnectionError as RedisConnError
from flask import Flask

app = Flask(__name__)
r = redis.Redis(host="redis")

if __name__ == "__main__":
    try:
        r.ping()
    except RedisConnError:
        sys.exit(1)
    app.run()

def get(key):
    try:
        return r.get(key)
    except ConnectionError:
        sys.exit(1)
"""
        },
        select=("RS201",),
    )
    # the builtin ConnectionError is not a Redis error type
    assert hits(result, "RS201") == []


def test_rs201_python_task_ping_is_not_start_up(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "tasks.py": """
import sys
import redis
from celery import shared_task

r = redis.Redis(host="redis")

@shared_task
def refresh():
    try:
        r.ping()
    except redis.exceptions.ConnectionError:
        sys.exit(1)
"""
        },
        select=("RS201",),
    )
    assert hits(result, "RS201") == [("tasks.py", 12)]


# --------------------------------------------------------------------------- RS202
def test_rs202_listener_in_another_file_and_factory(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "src/redis.ts": """
            import Redis from 'ioredis';
            export const redis = new Redis(process.env.REDIS_URL!);
            export function makeSub() { return new Redis(process.env.REDIS_URL!); }
            """,
            "src/index.ts": """
            import { redis, makeSub } from './redis';
            redis.on('error', (e) => console.warn(e));
            const sub = makeSub();
            sub.on('error', (e) => console.warn(e));
            const other = makeSub();
            """,
        },
        select=("RS202",),
    )
    assert hits(result, "RS202") == [("src/index.ts", 6)]


def test_rs202_client_passed_through_a_factory_is_called_returned(tmp_path):
    """A factory that returns another factory's client: the message says the
    client is returned from it, not that it is named `return`."""
    result = scan_tree(
        tmp_path,
        {
            "src/redis.js": """
            const { createClient } = require('redis');
            function createPublisher() { return createClient({ url: process.env.REDIS_URL }); }
            module.exports = { createPublisher };
            """,
            "src/pubsub.js": """
            const { createPublisher } = require('./redis');
            exports.publisher = function () { return createPublisher(); };
            """,
        },
        select=("RS202",),
    )
    [finding] = [f for f in result.findings if f.rule_id == "RS202"]
    assert (finding.path, finding.line) == ("src/pubsub.js", 3)
    assert finding.message.startswith("Redis client returned from `")
    assert "`return`" not in finding.message


def test_rs202_this_field_and_scripts(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "src/cache.js": """
            const Redis = require('ioredis');
            class Cache {
              constructor() {
                this.client = new Redis(process.env.REDIS_URL);
                this.client.on('error', (e) => this.log(e));
              }
            }
            module.exports = Cache;
            """,
            "scripts/seed.js": """
            const Redis = require('ioredis');
            const r = new Redis();
            r.set('a', 1).then(() => r.quit());
            """,
        },
        select=("RS202",),
    )
    assert hits(result, "RS202") == []


def test_rs202_socket_io_redis_pub_sub_clients_crash_through_the_adapter(tmp_path):
    """peer-calls 3.0.21 (src/server/configureStores.ts:41-43): ioredis clients
    handed to socket.io-redis as pubClient/subClient. The adapter listens on them
    and re-emits each error on itself, where nothing listens, so the process
    crashes: ioredis's "prints and goes on" does not apply. A client of the same
    factory kept for the project's own use still only prints."""
    files = {
        "src/stores.ts": """
        import Redis from 'ioredis';
        import redisAdapter from 'socket.io-redis';
        export function configure(io: any, config: any) {
          const pubClient = createRedisClient(config);
          const subClient = createRedisClient(config);
          io.adapter(redisAdapter({ key: 'peercalls', pubClient, subClient }));
          return createRedisClient(config);
        }
        function createRedisClient(config: any) {
          return new Redis({ host: config.host, port: config.port });
        }
        """,
    }
    result = scan_tree(tmp_path, files, select=("RS202",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS202"}
    assert sorted(found) == [5, 6, 8]
    for line, role in ((5, "pubClient"), (6, "subClient")):
        msg = found[line].message
        assert f"it is the {role} of the socket.io-redis adapter (src/stores.ts:7)" in msg
        assert "the whole process crashes" in msg and "only prints" not in msg
        assert ("src/stores.ts", 7) in {(r.path, r.line) for r in found[line].related}
    assert "ioredis only prints" in found[8].message and "socket.io-redis" not in found[8].message


def test_rs202_upstash_is_not_a_socket_client(tmp_path):
    result = scan_tree(
        tmp_path,
        {"app.js": "const { Redis } = require('@upstash/redis');\nconst redis = new Redis({ url: process.env.U, token: process.env.T });\n"},
        select=("RS202",),
    )
    assert hits(result, "RS202") == []


# --------------------------------------------------------------------------- RS203
def test_rs203_env_url_without_compose_is_unknown(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "app.py": """
import os
from redis import Redis
from rq import Queue

q = Queue("default", connection=Redis.from_url(os.environ["REDIS_URL"]))

def go():
    q.enqueue("tasks.x")
"""
        },
        select=("RS203",),
    )
    assert hits(result, "RS203") == []


def test_rs203_cluster_anywhere_in_the_service_clears_it(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "queue.js": """
            const { Queue } = require('bullmq');
            const { Cluster } = require('ioredis');
            const connection = new Cluster([{ host: 'redis-1', port: 6379 }]);
            const q = new Queue('emails', { connection, prefix: '{emails}' });
            q.add('x', {});
            """
        },
        select=("RS203",),
    )
    assert hits(result, "RS203") == []


def test_rs203_once_per_service(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "api/package.json": '{"name": "api"}',
            "api/queue.js": """
            const { Queue } = require('bullmq');
            const a = new Queue('emails', { connection: { host: 'localhost', port: 6379 } });
            const b = new Queue('reports', { connection: { host: 'localhost', port: 6379 } });
            a.add('x', {});
            """,
            "worker/package.json": '{"name": "worker"}',
            "worker/index.js": """
            const { Worker } = require('bullmq');
            const w = new Worker('emails', async () => {}, { connection: { host: 'localhost' } });
            w.on('error', console.warn);
            """,
        },
        select=("RS203",),
    )
    assert hits(result, "RS203") == [("api/queue.js", 3), ("worker/index.js", 3)]


def test_rs203_compose_single_service_with_env_url(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "docker-compose.yml": """
            services:
              app:
                build: .
              redis:
                image: redis:7.2
            """,
            "app.js": """
            const { Queue } = require('bullmq');
            const IORedis = require('ioredis');
            const connection = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
            connection.on('error', console.warn);
            new Queue('emails', { connection }).add('x', {});
            """,
        },
        select=("RS203",),
    )
    assert hits(result, "RS203") == [("app.js", 4)]
    assert any(r.path == "docker-compose.yml" for r in result.findings[0].related)


def test_py_repeated_request_reads_share_guards():
    sinks = py_sinks(
        """
import os, re
from flask import Flask, request, send_file, abort
app = Flask(__name__)

@app.route("/x")
def x():
    if not re.fullmatch(r"[a-z]+", request.args["f"]):
        abort(400)
    return send_file(os.path.join(B, request.args["f"]))

@app.route("/y")
def y():
    page = request.args.get("page", type=int)
    return send_file(os.path.join(B, f"{page}.html"))
"""
    )
    assert [(s["line"], kinds(s)) for s in sinks] == [(10, {"allowlist"})]


def test_py_django_pk_and_upload_save():
    sinks = py_sinks(
        """
import os
from django.http import FileResponse
from flask import request

def doc(request, pk):
    return FileResponse(open(f"/srv/docs/{pk}.pdf", "rb"))

def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOADS, f.filename))
"""
    )
    assert [(s["line"], s["sink"], s["escapes"]) for s in sinks] == [(11, "os.path.join", True)]


def test_rs203_nest_bull_module_on_localhost(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { BullModule } from '@nestjs/bullmq';
            @Module({
              imports: [
                BullModule.forRoot({ connection: { host: 'localhost', port: 6379 } }),
                BullModule.registerQueue({ name: 'emails' }),
              ],
            })
            export class AppModule {}
            """,
            "src/emails.service.ts": """
            import { Injectable } from '@nestjs/common';
            import { InjectQueue } from '@nestjs/bullmq';
            import { Queue } from 'bullmq';
            @Injectable()
            export class EmailsService {
              constructor(@InjectQueue('emails') private readonly queue: Queue) {}
              send(to: string) { return this.queue.add('send', { to }); }
            }
            """,
        },
        select=("RS203",),
    )
    assert hits(result, "RS203") == [("src/app.module.ts", 6)]


def test_rs202_listener_through_a_barrel_re_export(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "src/lib/redis.ts": "import Redis from 'ioredis';\nexport const redisClient = new Redis(process.env.REDIS_URL!);\n",
            "src/lib/index.ts": "export * from './redis';\n",
            "src/main.ts": "import { redisClient } from './lib';\nredisClient.on('error', (e) => console.warn(e));\n",
        },
        select=("RS202",),
    )
    assert hits(result, "RS202") == []


def test_rs203_message_never_names_an_unknown_task(tmp_path):
    """A task sent by a computed name (send_task(name)) is counted, not shown as a `?` task."""
    result = scan_tree(
        tmp_path,
        {
            "app.py": """
from celery import Celery

app = Celery("jobs", broker="redis://localhost:6379/0")

@app.task
def add(x, y):
    return x + y

def go(name):
    app.send_task(name, args=(1, 2))
    add.delay(1, 2)
"""
        },
        select=("RS203",),
    )
    [f] = result.findings
    assert "`?`" not in f.message and "`*`" not in f.message
    assert "Celery tasks `add` (+1):" in f.message


def test_py_relpath_keeps_the_request_value_and_if_else_arms_join():
    sinks = py_sinks(
        """
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/browse")
def browse():
    path = request.args.get("path", "")
    if os.path.isdir(path):
        cwd = os.path.relpath(path)
    else:
        cwd = os.getcwd()
    return {"files": os.listdir(cwd)}
"""
    )
    assert [(s["sink"], s["line"]) for s in sinks] == [("os.listdir", 15)]


def test_handoff_to_another_module_reports_the_helpers_worst_use(tmp_path):
    result = scan_tree(
        tmp_path,
        {
            "files.js": """
            const fs = require('fs');
            const path = require('path');
            exports.fetch = function (name, res) {
              if (!fs.existsSync(path.join('/srv', name))) return res.sendStatus(404);
              res.send(fs.readFileSync(path.join('/srv', name)));
            };
            exports.drop = function (name) {
              fs.unlinkSync(name);
            };
            exports.where = function (name) {
              return path.join('/srv', name);
            };
            """,
            "app.js": """
            const files = require('./files');
            app.get('/f', (req, res) => files.fetch(req.query.n, res));
            app.get('/d', (req, res) => { files.drop(req.query.p); res.end(); });
            app.get('/w', (req, res) => res.json({ at: files.where(req.query.w) }));
            """,
        },
        select=("RS701",),
    )
    got = [(f.path, f.line, f.severity, [(r.path, r.line, r.message) for r in f.related]) for f in result.findings]
    assert got == [
        ("app.js", 3, "critical", [("files.js", 6, "`path.join` builds the path from that parameter")]),
        ("app.js", 4, "critical", [("files.js", 9, "`fs.unlinkSync` uses that parameter as a path")]),
    ]


def test_py_message_names_the_worst_use_and_a_request_named_req(tmp_path):
    """Trac's plugin uninstall: the handler's request is `req` (the file never
    spells "request"), and the built path is probed with isfile, then deleted:
    the message names the delete, not the probe."""
    result = scan_tree(
        tmp_path,
        {
            "admin/web_ui.py": """
            import os


            class PluginAdminPanel:
                def render_admin_panel(self, req, cat, page, path_info):
                    plugin_filename = req.args.get('plugin_filename')
                    plugin_path = os.path.join(self.plugins_dir, plugin_filename)
                    if not os.path.isfile(plugin_path):
                        return
                    os.remove(plugin_path)
            """,
        },
        select=("RS701",),
    )
    (f,) = result.findings
    assert (f.path, f.line, f.severity) == ("admin/web_ui.py", 8, "critical")
    assert "reaches `os.path.join`, then `os.remove` with no containment check: a `../` in it deletes any file" in f.message


def test_py_isabs_is_a_guard_only_when_its_arm_refuses(tmp_path):
    """`if os.path.isabs(p): abort(400)` refuses absolute paths (a blocklist:
    medium/low); pyload's pathchooser uses the absolute path in the true arm,
    which guards nothing (critical)."""
    result = scan_tree(
        tmp_path,
        {
            "web.py": """
            import os
            import pathlib

            import flask

            bp = flask.Blueprint("app", __name__)


            @bp.route("/chooser/")
            def chooser():
                path = os.path.normpath(flask.request.args.get("path", ""))
                if os.path.isabs(path):
                    cwd = os.path.realpath(path)
                else:
                    cwd = os.path.relpath(path)
                return flask.jsonify(os.listdir(cwd))


            @bp.route("/files/")
            def files():
                name = flask.request.args.get("name", "")
                if os.path.isabs(name):
                    flask.abort(400)
                return flask.send_file(os.path.join("/srv/files", name))


            @bp.route("/browse/")
            def browse():
                path = pathlib.Path(flask.request.args.get("path", ""))
                if path.is_absolute():
                    cwd = path.resolve()
                else:
                    cwd = path
                return flask.jsonify(os.listdir(cwd))
            """,
        },
        select=("RS701",),
    )
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    # (pathlib's `is_absolute()` picking a branch guards nothing either)
    assert got == {17: ("critical", "high"), 25: ("medium", "low"), 30: ("critical", "high")}


def test_py_a_path_required_to_be_absolute_is_unguarded(tmp_path):
    """`if not os.path.isabs(p): raise` (or the true arm going on, the other
    refusing) lets only absolute paths through: the client names the whole
    path, so it guards nothing (openhands' upload_file); refusing absolute
    paths is still a blocklist (medium/low)."""
    result = scan_tree(
        tmp_path,
        {
            "api.py": """
            import os
            from pathlib import Path

            from fastapi import FastAPI, HTTPException

            app = FastAPI()


            @app.get("/need-abs")
            async def need_abs(dest: str):
                if not os.path.isabs(dest):
                    raise HTTPException(status_code=400)
                return open(dest).read()


            @app.get("/else-refuses")
            async def else_refuses(dest: str):
                if os.path.isabs(dest):
                    full = dest
                else:
                    raise HTTPException(status_code=400)
                return open(full).read()


            @app.get("/pathlib")
            async def need_abs_path(dest: str):
                if not Path(dest).is_absolute():
                    raise HTTPException(status_code=400)
                return Path(dest).read_text()


            @app.get("/refuse-abs")
            async def refuse_abs(name: str):
                if os.path.isabs(name):
                    raise HTTPException(status_code=400)
                return open(os.path.join("/srv/files", name)).read()
            """,
        },
        select=("RS701",),
    )
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    assert got == {14: ("critical", "high"), 23: ("critical", "high"), 30: ("critical", "high"), 37: ("medium", "low")}


def test_js_a_path_required_to_be_absolute_is_unguarded(tmp_path):
    """`if (!path.isAbsolute(p)) return ...` (or the true arm going on, the
    `else` refusing) lets only absolute paths through: no guard (critical);
    refusing absolute paths is still a blocklist (medium/low)."""
    result = scan_tree(
        tmp_path,
        {
            "app.js": """
            const express = require('express');
            const path = require('path');
            const fs = require('fs');
            const app = express();

            app.get('/need-abs', (req, res) => {
              const p = req.query.p;
              if (!(path.isAbsolute(p))) { return res.status(400).end(); }
              res.send(fs.readFileSync(p));
            });

            app.get('/else-refuses', (req, res) => {
              const p = req.query.p;
              if (path.isAbsolute(p) && p.length < 4096) {
                res.send(fs.readFileSync(p));
              } else {
                throw new Error('bad path');
              }
            });

            app.get('/refuse-abs', (req, res) => {
              const p = req.query.p;
              if (path.isAbsolute(p) || p.includes('\\\\')) return res.status(400).end();
              res.send(fs.readFileSync(path.join('/srv/files', p)));
            });
            app.listen(3000);
            """,
        },
        select=("RS701",),
    )
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    assert got == {10: ("critical", "high"), 16: ("critical", "high"), 25: ("medium", "low")}


def test_rs202_client_is_not_named_for_another_assignment_on_its_line(tmp_path):
    """p3x-redis-ui-server 2026.10.100 ships minified modules, a function to a
    line: `let f;return f=!!Array.isArray(s)||await e(s,!0),f?(...,new o(s,i)):new r(m(s))`
    (dist/lib/ioredis-cluster/create-with-cluster-auto-detect.mjs:1).  RS202
    called the returned ioredis client `f`, the flag the probe sets on the same
    line, and a listener on such a name would have counted as the client's.
    A name bound to a value that holds the construction
    (`const redis = globalThis.redis ?? new Redis(url)`) is still the client's."""
    files = {
        "svc/package.json": '{"name": "svc", "dependencies": {"ioredis": "^5"}}',
        "svc/make.mjs": 'import r from"ioredis";import e from"./probe.mjs";'
        'export default async function s(s){let f;return f=!!Array.isArray(s)||await e(s),new r(s)}\n',
        "svc/listened.mjs": 'import r from"ioredis";import e from"./probe.mjs";'
        'export default async function s(s){let f;return f=!!Array.isArray(s)||await e(s),f.on("error",console.error),new r(s)}\n',
        "svc/probe.mjs": "export default async (s) => Boolean(s);\n",
        "svc/shared.js": "const Redis = require('ioredis');\n"
        "const redis = globalThis.redis ?? new Redis(process.env.REDIS_URL);\n"
        "redis.on('error', (err) => console.error(err));\n"
        "module.exports = redis;\n",
    }
    result = scan_tree(tmp_path, files, select=("RS202",))
    found = {f.path: f for f in result.findings if f.rule_id == "RS202"}
    assert sorted(found) == ["svc/listened.mjs", "svc/make.mjs"], sorted(found)
    assert found["svc/make.mjs"].message.startswith("Redis client ioredis new Redis has no 'error' listener"), found["svc/make.mjs"].message


def test_rs701_a_route_string_with_an_invalid_escape_warns_nothing_and_is_followed(tmp_path):
    """Scanned code may write a route as `"/files/<name:re:[\\w.]+>"` (not a raw
    string). Reading that literal's value must not make Python warn about the
    scanned file's escape sequences (a SyntaxWarning on riskscan's stderr from
    Python 3.12 on), and the flow is still followed."""
    import warnings

    app = (
        "import os\n\nfrom bottle import Bottle\n\napp = Bottle()\nBASE = \"/srv/files\"\n\n\n"
        "@app.get(\"/files/<study_id:int>/<name:re:[\\w.]+>\")\n"
        "def send_file(study_id, name):\n"
        "    with open(os.path.join(BASE, str(study_id), name), \"rb\") as f:\n"
        "        return f.read()\n"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = scan_tree(tmp_path, {"app.py": app}, select=("RS701",))
    assert [str(w.message) for w in caught if "escape" in str(w.message)] == []
    assert [(f.rule_id, f.line) for f in result.findings] == [("RS701", 11)]
