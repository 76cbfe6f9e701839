"""RS901-RS906: graceful shutdown, logging, health endpoint, static caching,
HTTP client timeouts, metrics.  Project-level rules are judged per service."""

from __future__ import annotations

import pytest

from helpers import hits, scan_tree
from riskscan.checks import all_checks

all_checks()  # register every family before importing one module directly (all_checks imports lazily only when empty)

from riskscan.checks.health import is_health_path  # noqa: E402

RULES = ("RS901", "RS902", "RS903", "RS904", "RS905", "RS906")


def scan(tmp_path, files, rule, **kw):
    return scan_tree(tmp_path, files, select=(rule,), **kw)


def found(tmp_path, files, rule, **kw):
    return hits(scan(tmp_path, files, rule, **kw), rule)


def findings(tmp_path, files, rule, **kw):
    return [f for f in scan(tmp_path, files, rule, **kw).findings if f.rule_id == rule]


PKG = '{"name": "%s", "dependencies": {}}'


# --------------------------------------------------------------------------- RS901
EXPRESS_PG = {
    "package.json": PKG % "api",
    "src/db.js": """
        const { Pool } = require('pg');
        const pool = new Pool({ connectionString: process.env.DATABASE_URL });
        module.exports = { pool };
    """,
}


def test_rs901_no_handler_names_the_open_pool(tmp_path):
    files = dict(EXPRESS_PG)
    files["src/server.js"] = """
        const express = require('express');
        const { pool } = require('./db');
        const app = express();
        app.get('/u', async (req, res) => res.json((await pool.query('select 1')).rows));
        // process.on('SIGTERM', () => server.close());
        const msg = "process.on('SIGTERM')";
        app.listen(3000);
    """
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 8)]
    assert "nothing in service `api` handles SIGTERM/SIGINT" in got[0].message
    assert "pg Pool `pool` (src/db.js)" in got[0].message
    assert any(r.path == "src/db.js" for r in got[0].related)


def test_rs901_handler_that_leaves_server_and_pool_open(tmp_path):
    files = dict(EXPRESS_PG)
    files["src/server.js"] = """
        const express = require('express');
        const Redis = require('ioredis');
        const { pool } = require('./db');
        const redis = new Redis(process.env.REDIS_URL);
        const app = express();
        const server = app.listen(3000);
        process.on('SIGTERM', async () => {
          await redis.quit();
          process.exit(0);
        });
    """
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 7)]
    msg = got[0].message
    assert "exits without closing HTTP server `server` and pg Pool `pool`" in msg
    assert "redis" not in msg.split("without closing", 1)[1].split(":", 1)[0]
    assert ("src/server.js", 8) in [(r.path, r.line) for r in got[0].related]
    assert "the SIGTERM handler" in msg and "nothing handles SIGTERM" not in msg


def test_rs901_graceful_cluster_server_closes_its_server_and_exits(tmp_path):
    """iframely 2.4.3 (server.js:5-26): `new GracefulServer({ server })` from
    graceful-cluster handles SIGTERM/SIGINT, closes that server and exits; the
    HTTPS server it was not handed and the node-redis cache client stay open."""
    files = {
        "package.json": '{"name": "iframely", "type": "module", "dependencies": {"graceful-cluster": "^0.0.5", "redis": "^4.6.14"}}',
        "lib/cache.js": """
            import { createClient } from 'redis';
            const client = createClient({ url: process.env.REDIS_URL });
            client.on('error', (err) => console.error(err));
            await client.connect();
            export async function get(key) { return client.get(key); }
        """,
        "server.js": """
            import app from './app.js';
            import * as https from 'https';
            import { GracefulServer } from 'graceful-cluster';
            var server = app.listen(process.env.PORT || 8061);
            if (CONFIG.ssl) {
                https.createServer(CONFIG.ssl, app).listen(CONFIG.ssl.port);
            }
            if (!CONFIG.DEBUG) {
                new GracefulServer({ server: server, shutdownTimeout: CONFIG.SHUTDOWN_TIMEOUT });
            }
        """,
        "app.js": """
            import express from 'express';
            import { get } from './lib/cache.js';
            const app = express();
            app.get('/oembed', async (req, res) => res.json(await get(req.query.url)));
            export default app;
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("server.js", 5)]
    msg = got[0].message
    assert "nothing in service" not in msg
    assert ("graceful-cluster's GracefulServer (server.js:10) handles SIGTERM/SIGINT by closing HTTP server `server`, then exits "
            "without closing HTTP server `https.createServer(CONFIG.ssl, app)` and `client` (node-redis createClient) (lib/cache.js)") in msg
    assert ("server.js", 10, "graceful-cluster's GracefulServer: SIGTERM/SIGINT handler registered here") in [(r.path, r.line, r.message) for r in got[0].related]
    # handed the only server of a process that opens nothing else: graceful
    files["server.js"] = files["server.js"].replace("https.createServer(CONFIG.ssl, app).listen(CONFIG.ssl.port);", "")
    files["lib/cache.js"] = "export async function get(key) { return null; }\n"
    assert findings(tmp_path, files, "RS901") == []


def test_rs901_sigint_only_handler_is_named_for_its_signal(tmp_path):
    """wetty: `process.on('SIGINT', exit)` alone; on SIGTERM that handler never runs."""
    files = dict(EXPRESS_PG)
    files["src/server.js"] = """
        const express = require('express');
        const app = express();
        const server = app.listen(3000);
        function exit() { process.exit(1); }
        process.on('SIGINT', exit);
    """
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 4)]
    msg = got[0].message
    assert "the SIGINT handler `exit` (src/server.js:6) exits without closing HTTP server `server`" in msg
    assert "nothing handles SIGTERM" in msg
    assert ("src/server.js", 6, "SIGINT handler registered here") in [(r.path, r.line, r.message) for r in got[0].related]


def test_rs901_exit_cutting_close_says_when_nothing_handles_sigterm(tmp_path):
    """mocks-server's core: a SIGINT handler alone starts the close and exits at
    once; the message says so, and that SIGTERM (docker stop) is not handled at all."""
    files = {
        "package.json": PKG % "api",
        "src/server.js": """
            const express = require('express');
            const server = express().listen(3000);
            process.on('SIGINT', () => {
              server.close();
              process.exit(0);
            });
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 3)]
    msg = got[0].message
    assert "calls `server.close()` and then `process.exit()` without waiting for it" in msg
    assert msg.endswith("(and nothing handles SIGTERM, the signal Docker, Kubernetes and systemd stop with: it kills the process at once)")
    # the same handler for SIGTERM too: no such note
    files["src/server.js"] = files["src/server.js"].replace("process.on('SIGINT', () => {", "const stop = () => {").replace(
        "process.exit(0);\n            });", "process.exit(0);\n            };\n            process.on('SIGINT', stop);\n            process.on('SIGTERM', stop);")
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 3)]
    assert "nothing handles SIGTERM" not in got[0].message


def test_rs901_message_names_a_relistened_server_once_and_not_socket_io(tmp_path):
    got = findings(
        tmp_path,
        {
            "package.json": PKG % "media",
            "server.js": """
                const http = require('http');
                const attach = require('./socket');
                const server = http.createServer((req, res) => res.end('ok'));
                attach(server);
                let port = 9000;
                server.listen(port).on('error', () => { server.listen(++port); });
                process.on('SIGTERM', () => process.exit(0));
            """,
            "socket.js": """
                module.exports = function (server) {
                  const io = require('socket.io').listen(server);
                  io.sockets.on('connection', () => {});
                };
            """,
        },
        "RS901",
    )
    assert len(got) == 1
    msg = got[0].message
    assert msg.count("HTTP server `server`") == 1, msg
    # socket.io is no resource left open of its own (closing the HTTP server closes it);
    # its clients are what the exit cuts off
    assert "exits without closing HTTP server `server`: on every deploy" in msg, msg
    assert msg.endswith("every client of WebSocket server `io` (socket.io) is cut off without a close frame and has to reconnect"), msg


def test_rs901_handler_closing_everything(tmp_path):
    files = dict(EXPRESS_PG)
    files["src/server.js"] = """
        const express = require('express');
        const { createClient } = require('redis');
        const { pool } = require('./db');
        const redis = createClient({ url: process.env.REDIS_URL });
        const app = express();
        const server = app.listen(3000);
        async function shutdown() {
          server.close();
          await pool.end();
          await redis.quit();
          process.exit(0);
        }
        process.once('SIGTERM', shutdown);
        process.once('SIGINT', shutdown);
    """
    assert found(tmp_path, files, "RS901") == []


def test_rs901_handler_in_another_file_and_closer_through_parameters(tmp_path):
    files = dict(EXPRESS_PG)
    files["src/lifecycle.js"] = """
        module.exports = function onShutdown(srv, db) {
          const stop = async () => { srv.close(); await db.end(); process.exit(0); };
          process.on('SIGTERM', stop);
        };
    """
    files["src/server.js"] = """
        const express = require('express');
        const onShutdown = require('./lifecycle');
        const { pool } = require('./db');
        const server = express().listen(3000);
        onShutdown(server, pool);
    """
    assert found(tmp_path, files, "RS901") == []


def test_rs901_handler_in_the_extensionless_command_package_json_installs(tmp_path):
    # `"bin": {"mocker": "mocker"}`: the command is an extensionless
    # `#!/usr/bin/env node` file at the top of the package (drakov's `drakov`);
    # its SIGTERM handler stops the server the library started
    files = {
        "package.json": '{"name": "mocker", "bin": {"mocker": "mocker"}, "dependencies": {"express": "^4"}}',
        "lib/server.js": """
            const express = require('express');
            let server = null;
            exports.start = function (port) { server = express().listen(port); };
            exports.stop = function (done) { server.close(done); };
        """,
        "mocker": """#!/usr/bin/env node
            const mock = require('./lib/server');
            mock.start(3000);
            process.on('SIGTERM', () => mock.stop(() => process.exit(0)));
        """,
    }
    assert found(tmp_path, files, "RS901") == []
    # the same file installed by nothing is not read: nothing handles SIGTERM
    files["package.json"] = PKG % "mocker"
    assert found(tmp_path / "none", files, "RS901") == [("lib/server.js", 4)]


def test_rs901_exit_cutting_a_project_close_method(tmp_path):
    """The handler runs a project class's own close() (not the server's), which
    closes the server it keeps, and exits at once: the exit cuts the close short."""
    files = {
        "package.json": PKG % "api",
        "src/api.js": """
            const http = require('http');
            class Api {
              start(port) {
                this.server = http.createServer((req, res) => res.end('ok'));
                this.server.listen(port);
              }
              close() {
                this.server.close();
              }
            }
            module.exports = { Api };
        """,
        "src/index.js": """
            const { Api } = require('./api');
            const api = new Api();
            api.start(3000);
            process.on('SIGTERM', () => {
              api.close();
              process.exit(0);
            });
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/api.js", 6)]
    assert "calls `api.close()`, which closes `this.server`, and then `process.exit()` without waiting for it" in got[0].message
    # exiting once it has closed: nothing to report
    files["src/api.js"] = files["src/api.js"].replace("this.server.close();", "return new Promise((resolve) => this.server.close(resolve));")
    files["src/index.js"] = files["src/index.js"].replace("api.close();\n              process.exit(0);", "api.close().then(() => process.exit(0));")
    assert findings(tmp_path, files, "RS901") == []


def test_rs901_monorepo_each_service_judged_alone(tmp_path):
    files = {
        "apps/api/package.json": PKG % "api",
        "apps/api/src/main.js": """
            const server = require('express')().listen(3000);
            process.on('SIGTERM', () => server.close(() => process.exit(0)));
        """,
        "apps/worker/package.json": PKG % "worker",
        "apps/worker/src/main.js": """
            const { Worker } = require('bullmq');
            const worker = new Worker('q', async (job) => job.data, { connection: { host: 'redis' } });
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("apps/worker/src/main.js", 3)]
    assert "service `worker`" in got[0].message


def test_rs901_bullmq_handler_not_closing_the_worker(tmp_path):
    files = {
        "package.json": PKG % "worker",
        "src/main.js": """
            const { Worker } = require('bullmq');
            const worker = new Worker('q', async (job) => job.data, { connection: { host: 'redis' } });
            process.on('SIGTERM', () => process.exit(0));
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1 and "BullMQ" in got[0].message and "`worker`" in got[0].message


def test_rs901_bullmq_locks_only_where_the_service_runs_bullmq_workers(tmp_path):
    """peer-calls 3.0.21 (src/index.ts:17-18): `process.on('SIGTERM', () =>
    process.exit())` leaves the HTTP server and the socket.io-redis ioredis
    clients open; the service has no BullMQ, so no job locks are dropped."""
    files = {
        "calls/package.json": PKG % "calls",
        "calls/src/index.ts": """
            import Redis from 'ioredis';
            import app from './app';
            const store = new Redis({ host: process.env.REDIS_HOST });
            const server = app.listen(3000);
            process.on('SIGINT', () => process.exit());
            process.on('SIGTERM', () => process.exit());
        """,
        "jobs/package.json": PKG % "jobs",
        "jobs/src/index.js": """
            const Redis = require('ioredis');
            const { Worker } = require('bullmq');
            const cache = new Redis(process.env.REDIS_URL);
            const worker = new Worker('q', async (job) => job.data, { connection: { host: 'redis' } });
            process.on('SIGTERM', async () => { await cache.quit(); process.exit(0); });
        """,
    }
    got = {f.path: f.message for f in findings(tmp_path, files, "RS901")}
    assert sorted(got) == ["calls/src/index.ts", "jobs/src/index.js"]
    assert "ioredis new Redis" in got["calls/src/index.ts"]
    assert "BullMQ" not in got["calls/src/index.ts"]
    assert "Redis connections are dropped instead of closed (commands still queued on them are lost)" in got["calls/src/index.ts"]
    assert "Redis connections and BullMQ locks are dropped instead of released" in got["jobs/src/index.js"]


def _redis_cache_service(queue_file: str = "") -> dict[str, str]:
    files = {
        "package.json": '{"name": "mta", "dependencies": {"express": "4", "ioredis": "5"}}',
        "src/db.js": """
            const Redis = require('ioredis');
            const redis = new Redis(process.env.REDIS_URL);
            redis.on('error', (err) => console.error(err));
            module.exports.redis = redis;
        """,
        "src/server.js": """
            const db = require('./db');
            const app = require('express')();
            app.get('/zones', async (req, res) => res.json(await db.redis.get('zones')));
            const server = app.listen(3000);
            process.on('SIGTERM', () => server.close(() => process.exit(0)));
        """,
    }
    if queue_file:
        files["src/jobs.js"] = queue_file
    return files


def test_rs901_redis_left_open_without_a_job_queue_names_no_queue_locks(tmp_path):
    # zone-mta 3.10.3: the Redis client of lib/db.js (a cache and counters, the queue is in
    # MongoDB) is left open by app.js's stop(); the message said "BullMQ locks"
    got = findings(tmp_path, _redis_cache_service(), "RS901")
    assert len(got) == 1 and "`redis`" in got[0].message
    assert "BullMQ" not in got[0].message and "locks" not in got[0].message
    assert "Redis connections are dropped instead of closed" in got[0].message


@pytest.mark.parametrize("lib,name", [("bullmq", "BullMQ"), ("bull", "Bull"), ("bee-queue", "Bee-Queue")])
def test_rs901_redis_left_open_in_a_service_with_a_job_queue_names_its_locks(tmp_path, lib, name):
    # (BullMQ's locks are held by its Workers; a Bull or Bee-Queue queue object is its own worker)
    queue = f"""
        const Queue = require('{lib}');
        module.exports.q = new Queue('mail', {{ redis: {{ host: 'redis' }} }});
    """ if lib != "bullmq" else """
        const { Worker } = require('bullmq');
        module.exports.w = new Worker('mail', async (job) => job.data, { connection: { host: 'redis' } });
    """
    got = findings(tmp_path, _redis_cache_service(queue), "RS901")
    assert len(got) == 1 and f"Redis connections and {name} locks are dropped instead of released" in got[0].message


def test_rs901_nest_shutdown_hooks_and_graceful_libraries(tmp_path):
    files = {
        "a/package.json": PKG % "a",
        "a/src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.enableShutdownHooks();
              await app.listen(3000);
            }
            bootstrap();
        """,
        "b/package.json": PKG % "b",
        "b/src/main.ts": """
            import http from 'http';
            import { createHttpTerminator } from 'http-terminator';
            const server = http.createServer(handler);
            const terminator = createHttpTerminator({ server });
            server.listen(3000);
            process.on('SIGTERM', async () => { await terminator.terminate(); process.exit(0); });
        """,
        # http-terminator installs no signal handler: a terminator nothing calls closes nothing (ozone)
        "c/package.json": PKG % "c",
        "c/src/main.ts": """
            import http from 'http';
            import { createHttpTerminator } from 'http-terminator';
            const server = http.createServer(handler);
            const terminator = createHttpTerminator({ server });
            server.listen(3000);
        """,
    }
    assert found(tmp_path, files, "RS901") == [("c/src/main.ts", 6)]


def test_rs901_handler_only_in_tests_does_not_count(tmp_path):
    files = {
        "package.json": PKG % "api",
        "src/server.js": "const server = require('express')().listen(3000);\n",
        "tests/server.test.js": "process.on('SIGTERM', () => server.close());\nrequire('express')().listen(4000);\n",
    }
    assert found(tmp_path, files, "RS901") == [("src/server.js", 1)]


def test_rs901_python_loop(tmp_path):
    loop = """
        import time
        import redis

        r = redis.Redis()

        def main():
            while True:
                job = r.brpop("jobs", timeout=5)
                time.sleep(1)

        if __name__ == "__main__":
            main()
    """
    assert found(tmp_path / "a", {"worker.py": loop}, "RS901") == [("worker.py", 8)]
    handled = "import signal\nsignal.signal(signal.SIGTERM, lambda *a: None)\n" + loop
    assert found(tmp_path / "b", {"worker.py": handled}, "RS901") == []
    # the loop runs as a thread of a FastAPI app: uvicorn handles the signals
    threaded = {
        "app/main.py": "from fastapi import FastAPI\nfrom app import poller\napp = FastAPI()\n",
        "app/poller.py": "import time\n\ndef poll():\n    while True:\n        time.sleep(5)\n",
    }
    assert found(tmp_path / "c", threaded, "RS901") == []


# --------------------------------------------------------------------------- RS902
def test_rs902_morgan_is_not_a_logger(tmp_path):
    files = {
        "package.json": PKG % "api",
        "src/server.js": """
            const app = require('express')();
            app.use(require('morgan')('combined'));
            app.listen(3000);
            console.log('listening');
        """,
    }
    assert found(tmp_path, files, "RS902") == [("src/server.js", 5)]


def test_rs902_entry_without_console_points_at_start_call(tmp_path):
    files = {
        "package.json": PKG % "api",
        "src/routes.js": "module.exports = (req, res) => { console.warn('slow'); res.end(); };\n",
        "src/server.js": "const routes = require('./routes');\nrequire('express')().get('/', routes).listen(3000);\n",
    }
    got = findings(tmp_path, files, "RS902")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 2)]
    assert ("src/routes.js", 1) in [(r.path, r.line) for r in got[0].related]


def test_rs902_points_at_an_unstructured_line_and_counts_only_those(tmp_path):
    files = {
        "package.json": PKG % "api",
        "src/server.js": """
            const app = require('express')();
            console.error(JSON.stringify({ level: 'error', msg: 'boot' }));
            app.listen(3000);
            console.log('listening');
        """,
    }
    got = findings(tmp_path, files, "RS902")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 5)]
    assert "`console.log` (1 call in 1 file)" in got[0].message


def test_rs902_negatives(tmp_path):
    files = {
        # a logging library in another file of the service
        "api/package.json": PKG % "api",
        "api/src/log.js": "module.exports = require('winston').createLogger();\n",
        "api/src/server.js": "const log = require('./log');\nrequire('express')().listen(3000);\nconsole.log('x');\n",
        # hand-written JSON lines
        "json/package.json": PKG % "json",
        "json/src/server.js": "require('express')().listen(3000);\nconsole.log(JSON.stringify({ level: 'info', msg: 'up' }));\n",
        # a library: no entry point
        "lib/package.json": PKG % "lib",
        "lib/index.js": "module.exports = () => console.log('hi');\n",
        # console only in scripts and tests
        "tools/package.json": PKG % "tools",
        "tools/src/server.js": "require('express')().listen(3000);\n",
        "tools/scripts/migrate.js": "console.log('migrating');\n",
        "tools/src/server.test.js": "console.log('test');\n",
    }
    assert found(tmp_path, files, "RS902") == []


def test_rs902_python(tmp_path):
    files = {
        "svc/requirements.txt": "flask\n",
        "svc/app.py": 'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    print("hit")\n    return "ok"\n',
        "cli/requirements.txt": "typer\n",
        "cli/main.py": 'import typer\nfrom fastapi import FastAPI\napi = FastAPI()\n\nif __name__ == "__main__":\n    print("serving")\n',
    }
    assert found(tmp_path, files, "RS902") == [("svc/app.py", 6)]


# --------------------------------------------------------------------------- RS903
@pytest.mark.parametrize(
    ("path", "expected"),
    [("/health", True), ("/api/v1/healthz", True), ("health/", True), (r"^readyz/?$", True), ("/ping", True),
     ("/api/status", True), ("/health/db", True), ("/jobs/:id", False), ("/jobs/:id/status", False), ("/jobs/{job_id}/status", False),
     ("/healthy-food", False), ("status code", False), ("/", False), ("https://billing.example.com/health", False),
     ("/worker-health", True), ("/api/db_health", True), ("/testing/test-case-health/", False), ("/reports/plan-health", False),
     ("/requests/aggregate/status", False), ("/orders/summary/status", False), ("/myservice/status", True), ("/api/v2/status", True),
     # a live feed of something, not liveness (dallinger's `/dashboard/logs/live` log stream)
     ("/logs/live", False), ("/scores/live", False), ("/api/live", True), ("/kube/live", True),
     # a last word wrapped in underscores is the same word (Splash's and Docker's `/_ping`, CouchDB's `/_up`),
     # and still not the state of a collection nor a longer name
     ("/_ping", True), ("/api/_ping", True), ("/__ping__", True), ("/_up", True), ("/_status", True),
     ("/jobs/_status", False), ("/logs/_live", False), ("/_pingback", False), ("/_ping_pong", False), ("/users/:id/_status", False)],
)
def test_is_health_path(path, expected):
    assert is_health_path(path) is expected


def test_rs903_monorepo_comment_and_test_routes_do_not_count(tmp_path):
    files = {
        "a/package.json": PKG % "a",
        "a/src/server.js": "const app = require('express')();\napp.get('/api/health', (q, s) => s.end());\napp.listen(3000);\n",
        "b/package.json": PKG % "b",
        "b/src/server.js": "const app = require('express')();\n// app.get('/health', ...)\napp.listen(3001);\n",
        "b/test/health.test.js": "app.get('/health', (q, s) => s.end());\n",
    }
    got = findings(tmp_path, files, "RS903")
    assert [(f.path, f.line) for f in got] == [("b/src/server.js", 3)]
    assert "service `b`" in got[0].message.lower()


def test_rs903_mitigations(tmp_path):
    files = {
        "lib/package.json": PKG % "lib",
        "lib/src/server.js": """
            const http = require('http');
            const { createLightship } = require('lightship');
            http.createServer(app).listen(3000);
        """,
        "compose/package.json": PKG % "compose",
        "compose/src/server.js": "require('express')().listen(3000);\n",
        "docker-compose.yml": """
            services:
              web:
                build: ./compose
                healthcheck:
                  test: ["CMD", "wget", "-qO-", "http://localhost:3000/healthz"]
        """,
        "docker/Dockerfile": "FROM node:20\nHEALTHCHECK CMD curl -f http://localhost:8080/ready || exit 1\nCMD node server.js\n",
        "docker/server.js": "require('express')().listen(8080);\n",
        "route/package.json": PKG % "route",
        "route/src/server.js": "const app = require('fastify')();\napp.route({ method: 'GET', url: '/livez', handler: async () => 'ok' });\napp.listen({ port: 1 });\n",
        "worker/package.json": PKG % "worker",
        "worker/src/main.js": "const { Worker } = require('bullmq');\nnew Worker('q', async () => {});\n",
    }
    assert found(tmp_path, files, "RS903") == []


def test_rs903_raw_http_server_switch_on_url_is_a_health_route(tmp_path):
    server = """
        const http = require('http');
        http.createServer((req, res) => {
          switch (req.url) {
            case %s:
              res.end('ok');
              break;
            default:
              res.end('hi');
          }
        }).listen(3000);
    """
    files = {
        "ok/package.json": PKG % "ok",
        "ok/server.js": server % "'/healthz'",
        "bad/package.json": PKG % "bad",
        "bad/server.js": server % "'/users'",
    }
    assert [path for path, _line in found(tmp_path, files, "RS903")] == ["bad/server.js"]


def test_rs903_python(tmp_path):
    files = {
        "api/requirements.txt": "fastapi\n",
        "api/main.py": 'from fastapi import FastAPI, APIRouter\nrouter = APIRouter(prefix="/internal")\n\n@router.get("/status")\ndef status():\n    return {}\n\napp = FastAPI()\napp.include_router(router)\n',
        "lib/requirements.txt": "fastapi\n",
        "lib/main.py": "from fastapi import FastAPI\nfrom fastapi_health import health\napp = FastAPI()\napp.add_api_route('/h', health([]))\n",
        "bad/requirements.txt": "flask\n",
        "bad/app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }
    assert found(tmp_path, files, "RS903") == [("bad/app.py", 2)]


def test_rs903_rs906_a_service_started_by_the_extensionless_script_its_setup_py_installs(tmp_path):
    # `setup(..., scripts=["shop-web"])`: the program an operator runs is that
    # script at the top of the distribution, not in bin/ (a Tornado app whose
    # package only builds the Application; the script makes the HTTPServer)
    files = {
        "setup.py": 'from setuptools import setup\nsetup(name="shop-web", packages=["shop"], install_requires=["tornado"], scripts=["shop-web"])\n',
        "shop/__init__.py": (
            "import tornado.web\n\n\nclass ItemsHandler(tornado.web.RequestHandler):\n    def get(self):\n        self.write({})\n\n\n"
            "def make_app():\n    return tornado.web.Application([(r'/api/items', ItemsHandler)])\n"
        ),
        "shop-web": (
            "#!/usr/bin/env python\nimport tornado.httpserver\nimport tornado.ioloop\nfrom shop import make_app\n\n"
            "if __name__ == '__main__':\n    server = tornado.httpserver.HTTPServer(make_app())\n    server.listen(8888)\n"
            "    tornado.ioloop.IOLoop.current().start()\n"
        ),
    }
    assert found(tmp_path, files, "RS903") == [("shop-web", 7)]
    assert found(tmp_path, files, "RS906") == [("shop-web", 7)]
    # the same script installed by nothing is not read: the finding falls back to the app's construction
    files["setup.py"] = files["setup.py"].replace(', scripts=["shop-web"]', "")
    assert found(tmp_path / "none", files, "RS903") == [("shop/__init__.py", 10)]


def test_rs906_names_a_chained_start_call_and_a_project_http_server_subclass(tmp_path):
    # `http.createServer(handler).listen(port)` is named as written (not `.listen()`);
    # a project HTTPServer subclass used through its module is an HTTP server, not
    # the side TCP server beside it (OctoPrint)
    files = {
        "node/package.json": PKG % "files",
        "node/serve.js": "const http = require('http');\nhttp.createServer(function (req, res) { res.end('ok'); }).listen(8080);\n",
        "py/pyproject.toml": '[project]\nname = "printhost"\ndependencies = ["tornado"]\n',
        "py/printhost/__init__.py": "",
        "py/printhost/util/__init__.py": "",
        "py/printhost/util/tornado.py": "import tornado.httpserver\n\n\nclass CustomHTTPServer(tornado.httpserver.HTTPServer):\n    pass\n",
        "py/printhost/server.py": (
            "import socketserver\nimport tornado.web\nfrom .util import tornado as util_tornado\n\n\n"
            "def side():\n    socketserver.TCPServer(('', 5001), None).serve_forever()\n\n\n"
            "def main():\n    server = util_tornado.CustomHTTPServer(tornado.web.Application([]))\n    server.listen(5000)\n"
        ),
    }
    got = {f.path: f.message for f in findings(tmp_path, files, "RS906")}
    assert "`http.createServer().listen()` in node/serve.js" in got["node/serve.js"]
    assert "runs an HTTP server (`util_tornado.CustomHTTPServer()` in py/printhost/server.py)" in got["py/printhost/server.py"]


# --------------------------------------------------------------------------- RS904
def test_rs904_static(tmp_path):
    files = {
        "src/a.js": """
            const express = require('express');
            const app = express();
            app.use(express.static('public'));
            app.use('/x', express.static('x', { maxAge: 86400000 }));
            app.use('/y', express.static('y', opts));
            app.use('/z', express.static('z', { index: false, ...base }));
        """,
        "src/b.js": """
            const koaStatic = require('koa-static');
            const Koa = require('koa');
            const app = new Koa();
            app.use(async (ctx, next) => { await next(); ctx.set('Cache-Control', 'public, max-age=600'); });
            app.use(koaStatic('public'));
        """,
        "src/c.js": "const serve = require('koa-static');\nnew (require('koa'))().use(serve('public', { maxage: 3600000 }));\n",
        "src/a.test.js": "const express = require('express');\nexpress().use(express.static('fixtures'));\n",
    }
    got = findings(tmp_path, files, "RS904")
    assert [(f.path, f.line) for f in got] == [("src/a.js", 4)]
    assert "`express.static('public')`" in got[0].message


def test_rs904_starlette(tmp_path):
    files = {
        "app.py": 'from starlette.applications import Starlette\nfrom starlette.staticfiles import StaticFiles\napp = Starlette()\napp.mount("/s", StaticFiles(directory="s"))\n',
    }
    assert found(tmp_path, files, "RS904") == [("app.py", 4)]


# --------------------------------------------------------------------------- RS905
def test_rs905_python_forms(tmp_path):
    code = """
        import requests
        import httpx
        import aiohttp
        import urllib.request
        from requests import Session

        class Client:
            def __init__(self):
                self.session = requests.Session()

            def get(self, url):
                return self.session.get(url)

        def f(url, opts):
            requests.request("GET", url)
            requests.get(url, timeout=opts["timeout"])
            requests.get(url, **opts)
            urllib.request.urlopen(url, None, 10)
            urllib.request.urlopen(url, timeout=10)
            httpx.Client(timeout=None)
            httpx.AsyncClient()
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            s = Session()
            s.get(url, timeout=3)
    """
    got = found(tmp_path, {"svc/client.py": code}, "RS905")
    assert got == [("svc/client.py", 13), ("svc/client.py", 16), ("svc/client.py", 21), ("svc/client.py", 23)]


def test_rs905_aiohttp_message_names_what_switched_the_timeout_off(tmp_path):
    code = """
        import aiohttp

        async def f(url):
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout()) as s:
                return await s.get(url)

        async def g(url):
            async with aiohttp.ClientSession(timeout=None) as s:
                return await s.get(url)
    """
    got = sorted((f.line, f.message.split(",", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (5, "`aiohttp.ClientSession()` is given a `ClientTimeout()` with every limit unset"),
        (9, "`aiohttp.ClientSession()` is given timeout=None"),
    ]


def test_rs905_a_wrapper_spreading_a_dict_parameter_is_said_to_spread_it(tmp_path):
    # designate 23.0.0 (designate/backend/impl_akamai_v2.py:55): AkamaiClient.post(self, payloads) ends in
    # self.http.post(url=..., **payloads); its callers' findings said it "passes its keyword arguments", which it has none of
    code = """
        import time

        import requests

        class Edge:
            def __init__(self):
                self.http = requests.Session()

            def send(self, body):
                return self.http.post(url=body.pop("url"), **body)

            def build(self, zone):
                return {"url": "/zones", "json": {"zone": zone}}

            def add(self, zone):
                return self.send({"url": "/zones", "json": {"zone": zone}})

            def drop(self, zone):
                return self.send(self.build(zone))

        def run():
            while True:
                Edge().add("a.")
                Edge().drop("b.")
                time.sleep(1)
    """
    got = sorted((f.line, f.message.split(" `self.http.post()`", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (17, "`self.send()` gives `Edge.send()` (svc/client.py:10) a `body` dict with no timeout, and it passes that dict's entries "
             "as keyword arguments straight to"),
        (20, "`self.send()` has no timeout, and `Edge.send()` (svc/client.py:10) passes the entries of its `body` argument as keyword "
             "arguments straight to"),
    ]


def test_rs905_an_unbounded_client_is_said_to_unbound_its_requests_not_one_request(tmp_path):
    # bentoml 1.4.40 (_bentoml_impl/server/proxy.py:71, :104): the reverse proxy's session is given
    # aiohttp.ClientTimeout() and a client kept for user code httpx.AsyncClient(timeout=None); the messages
    # said the client "blocks this request forever" and the session "holds this coroutine", as for one request
    code = """
        import aiohttp
        import httpx

        async def open_upstreams(stack, upstream):
            session = await stack.enter_async_context(aiohttp.ClientSession(base_url=upstream, timeout=aiohttp.ClientTimeout()))
            legacy = await stack.enter_async_context(httpx.AsyncClient(base_url=upstream, timeout=None))
            return session, legacy

        async def forward(path):
            await httpx.get(path, timeout=None)
            async with aiohttp.ClientSession() as session:
                return await session.get(path, timeout=None)
    """
    got = sorted((f.line, f.message.split(": ", 1)[1]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (6, "every request made through this session that sets no timeout of its own now holds its coroutine and its connection "
            "forever when the upstream is slow or hangs"),
        (7, "every request made through this client that sets no timeout of its own now waits forever on a slow or hung upstream"),
        (11, "a slow or hung upstream now blocks this request forever"),
        (13, "a slow or hung upstream now holds this coroutine and its connection forever"),
    ]


def test_rs905_a_request_given_timeout_none_switches_off_its_sessions_timeout(tmp_path):
    # bentoml review note: a request's timeout=None replaces its session's timeout, which the message
    # called "aiohttp's default 5-minute timeout" even when the session sets a limit of its own
    code = """
        import aiohttp

        async def fetch(url):
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
                return await session.get(url, timeout=None)

        async def fetch_once(url):
            return await aiohttp.request("GET", url, timeout=None)

        async def open_session():
            return aiohttp.ClientSession(timeout=None)
    """
    got = sorted((f.line, f.message.split(": ", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (6, "`session.get()` is given timeout=None, which switches off the session's timeout (aiohttp's default is 5 minutes)"),
        (9, "`aiohttp.request()` is given timeout=None, which switches off aiohttp's default 5-minute timeout"),
        (12, "`aiohttp.ClientSession()` is given timeout=None, which switches off aiohttp's default 5-minute timeout"),
    ]


def test_rs905_a_connect_only_timeout_object_is_quoted_not_called_none(tmp_path):
    # gradio 6.31.0 (gradio/route_utils.py:1501): the public file proxy's client is given
    # httpx.Timeout(None, connect=10.0); the message said `httpx.AsyncClient(timeout=None)`
    code = """
        import aiohttp
        import httpx

        async def proxy(url):
            client = httpx.AsyncClient(timeout=httpx.Timeout(None, connect=10.0))
            return await client.get(url)

        async def fetch(url):
            limits = aiohttp.ClientTimeout(total=None, connect=5)
            async with aiohttp.ClientSession(timeout=limits) as s:
                return await s.get(url)

        def ping(url):
            return httpx.get(url, timeout=httpx.Timeout(None))
    """
    got = sorted((f.line, f.message.split(":", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (6, "`httpx.AsyncClient()` is given `httpx.Timeout(None, connect=10.0)`, which leaves waiting for the response unbounded"),
        (11, "`aiohttp.ClientSession()` is given `aiohttp.ClientTimeout(total=None, connect=5)`, which leaves waiting for the response "
             "unbounded (no `total`, no `sock_read`)"),
        (15, "`httpx.get(timeout=None)` switches off httpx's default 5-second timeout"),
    ]


def test_rs905_a_timeout_object_kept_in_a_local_name_is_the_one_of_the_calls_own_function(tmp_path):
    # bandersnatch 8.2.0 (src/bandersnatch/master.py:61-69) keeps its session's ClientTimeout in a local
    # of the method that makes the session; when other functions of the file keep one in a local of the
    # same name, the session was judged by all of them: a bounded one hid the unbounded ones, and two
    # unbounded ones were called `timeout=None` instead of being quoted
    code = """
        import aiohttp

        async def bounded(url):
            timeout = aiohttp.ClientTimeout(total=60)
            async with aiohttp.ClientSession(timeout=timeout) as s:
                return await s.get(url)

        async def connect_only(url):
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
            async with aiohttp.ClientSession(timeout=timeout) as s:
                return await s.get(url)

        async def connect_only_too(url):
            timeout = aiohttp.ClientTimeout(sock_connect=5)
            async with aiohttp.ClientSession(timeout=timeout) as s:
                return await s.get(url)
    """
    got = sorted((f.line, f.message.split(":", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (11, "`aiohttp.ClientSession()` is given `aiohttp.ClientTimeout(total=None, sock_connect=10)`, which leaves waiting "
             "for the response unbounded (no `total`, no `sock_read`)"),
        (16, "`aiohttp.ClientSession()` is given `aiohttp.ClientTimeout(sock_connect=5)`, which leaves waiting "
             "for the response unbounded (no `total`, no `sock_read`)"),
    ]


def test_rs905_a_call_in_a_thread_started_per_call_names_the_thread(tmp_path):
    # integreat-cms 2026.7.1 (integreat_cms/api/decorators.py:144-196): the API decorator's `wrap` starts
    # `threading.Thread(target=matomo_request, ...)` on every request, and matomo_request calls urlopen()
    # with no timeout: the request's worker goes on, the thread hangs and such threads pile up
    code = """
        import threading
        from urllib import request

        import requests


        def tracking(func):
            def matomo_request(host, data):
                with request.urlopen(host + "/matomo.php"):
                    pass

            def wrap(req, *args, **kwargs):
                t = threading.Thread(target=matomo_request, args=("https://matomo.example", {}))
                t.daemon = True
                t.start()
                return func(req, *args, **kwargs)

            return wrap


        def report(url):
            return requests.get(url)


        threading.Thread(target=report, args=("https://example.org",)).start()
    """
    got = {f.line: f for f in findings(tmp_path, {"svc/client.py": code}, "RS905")}
    assert sorted(got) == [10, 23]
    threaded = got[10].message
    assert "blocks this worker" not in threaded
    assert "hangs for good the thread that `threading.Thread` in `wrap` (line 14) starts to run `matomo_request`" in threaded
    assert [(r.line, r.message) for r in got[10].related] == [(14, "thread started here for `matomo_request`")]
    # a thread started once, at import, is not one per call: the message is unchanged
    assert "blocks this worker" in got[23].message


def test_rs905_a_call_in_a_helper_only_a_threads_method_runs_names_the_thread(tmp_path):
    # errbot 6.2.1 (errbot/core_plugins/vcheck.py:42-76): version_check(), run at activation and then
    # daily by a poller, starts threading.Thread(target=self._async_vcheck); _async_vcheck calls
    # self._get_version(), which holds requests.get(HOME) with no timeout: a hung upstream holds
    # that thread, one more per check, not a serving worker
    code = """
        import threading

        import requests

        FEED = "https://releases.example.org/latest.json"


        class ReleaseWatcher:
            def _fetch_latest(self):
                return requests.get(FEED).json()

            def _compare(self):
                latest = self._fetch_latest()
                return latest != "1.0"

            def check_now(self):
                threading.Thread(target=self._compare).start()

            def _fetch_notes(self):
                return requests.get(FEED + "/notes").text

            def _summarise(self):
                return self._fetch_notes()[:100]

            def notes_now(self):
                threading.Thread(target=self._summarise).start()
                return self._fetch_notes()


        class Other:
            def _compare(self):
                return requests.get(FEED)

            def start(self, watcher):
                threading.Thread(target=watcher._compare).start()
    """
    got = {f.line: f for f in findings(tmp_path, {"svc/watch.py": code}, "RS905")}
    assert sorted(got) == [11, 21, 33]
    threaded = got[11].message
    assert "blocks this worker" not in threaded
    assert ("hangs for good the thread that `threading.Thread` in `check_now` (line 18) starts to run `_compare` "
            "(which calls `_fetch_latest`)") in threaded
    assert [(r.line, r.message) for r in got[11].related] == [(18, "thread started here for `_compare`")]
    # a helper that another function also calls (the thread's and the caller's): unchanged
    assert "blocks this worker" in got[21].message
    # `watcher._compare` is another object's method, not `self._compare` of the starter's class
    assert "blocks this worker" in got[33].message


def test_rs905_requests_timeout_none_from_an_assignment_names_its_line(tmp_path):
    # mayan's HTTP workflow action: the timeout is None only when its rendered field is empty
    code = """
        import requests

        def execute(url, text):
            if '.' in text:
                timeout = float(text)
            elif text:
                timeout = int(text)
            else:
                timeout = None
            return requests.request(
                method="POST", timeout=timeout, url=url
            )

        def direct(url):
            return requests.get(url, timeout=None)
    """
    got = sorted((f.line, f.message.split(":", 1)[0]) for f in findings(tmp_path, {"svc/client.py": code}, "RS905"))
    assert got == [
        (11, "`requests.request()` gets timeout=None from the assignment on line 10"),
        (16, "`requests.get()` passes timeout=None"),
    ]


def test_rs905_requests_patched_and_socket_default(tmp_path):
    files = {
        "svc/patch.py": """
            import requests
            import socket
            from functools import partial
            requests.request = partial(requests.request, timeout=10)
            socket.setdefaulttimeout(10)
        """,
        "svc/client.py": "import requests\nfrom urllib.request import urlopen\nrequests.get('http://x')\nurlopen('http://x')\n",
    }
    assert found(tmp_path, files, "RS905") == []


def test_rs905_js_instances_and_lookalikes(tmp_path):
    files = {
        "src/http.js": """
            const axios = require('axios');
            const api = axios.create({ baseURL: process.env.API });
            api.defaults.timeout = 2500;
            module.exports = { api, plain: axios.create({ baseURL: 'x', ...shared }) };
        """,
        "src/use.js": """
            const { api } = require('./http');
            const got = require('got');
            const client = got.extend({ timeout: { request: 3000 } });
            const fetch = makeFetch();
            async function go(url, init) {
              await api.get(url);
              await client.get(url);
              await fetch(url);
              await globalThis.fetch(url, init);
              await got(url, { timeout: { request: 1 } });
            }
        """,
        "src/angular.service.ts": """
            export class Svc {
              constructor(private http: HttpClient) {}
              load() { return this.http.get('/x'); }
            }
        """,
    }
    assert found(tmp_path, files, "RS905") == []


def test_rs905_axios_timeout_zero_and_interceptor(tmp_path):
    files = {"src/a.js": "const axios = require('axios');\naxios.get('http://x', { timeout: 0 });\n"}
    got = findings(tmp_path / "a", files, "RS905")
    assert len(got) == 1 and "timeout: 0" in got[0].message
    files["src/setup.js"] = "const axios = require('axios');\naxios.interceptors.request.use((config) => { config.timeout = 5000; return config; });\n"
    assert found(tmp_path / "b", files, "RS905") == []


# --------------------------------------------------------------------------- RS906
def test_rs906_zero_code_agents_and_compose_env(tmp_path):
    files = {
        "api/package.json": PKG % "api",
        "api/server.js": "require('express')().listen(3000);\n",
        "api/Dockerfile": "FROM node:20\nCMD [\"node\", \"--require\", \"@opentelemetry/auto-instrumentations-node/register\", \"server.js\"]\n",
        "py/requirements.txt": "fastapi\n",
        "py/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "py/Dockerfile": "FROM python:3.12\nCMD [\"opentelemetry-instrument\", \"uvicorn\", \"main:app\"]\n",
        "env/package.json": PKG % "env",
        "env/server.js": "require('express')().listen(3000);\n",
        "docker-compose.yml": "services:\n  env:\n    build: ./env\n    environment:\n      DD_AGENT_HOST: datadog\n",
        "bad/package.json": PKG % "bad",
        "bad/server.js": "require('express')().listen(3000);\n",
    }
    got = findings(tmp_path, files, "RS906")
    assert [(f.path, f.line) for f in got] == [("bad/server.js", 1)]
    assert "service `bad`" in got[0].message.lower() and "HTTP server (`.listen()`" in got[0].message


def test_rs906_tcp_server_message_speaks_of_connections_not_jobs(tmp_path):
    # cobblerd: an XML-RPC server on socketserver, started with serve_forever()
    files = {
        "pyproject.toml": '[project]\nname = "cobbler"\n',
        "cobbler/__init__.py": "",
        "cobbler/cobblerd.py": """\
            import socketserver
            import xmlrpc.server


            class CobblerXMLRPCServer(socketserver.ThreadingMixIn, xmlrpc.server.SimpleXMLRPCServer):
                pass


            def main():
                server = CobblerXMLRPCServer(("127.0.0.1", 25151))
                server.serve_forever()


            if __name__ == "__main__":
                main()
        """,
    }
    got = findings(tmp_path, files, "RS906")
    assert len(got) == 1
    assert "runs a TCP server" in got[0].message and "connection and request rates" in got[0].message
    assert "queue depth" not in got[0].message


def test_rs901_tcp_server_message_speaks_of_connections_not_jobs(tmp_path):
    # cloudcmd's REPL: a raw TCP server from `node:net` (the scheme prefix is the bare core module)
    files = {
        "package.json": '{"name": "files", "dependencies": {}}',
        "server/repl.js": """\
            const net = require('node:net');
            const repl = require('node:repl');
            module.exports = net.createServer((socket) => {
                repl.start({input: socket, output: socket});
            }).listen(1337);
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1
    assert "starts a TCP server (`net.createServer().listen()`)" in got[0].message
    assert "connections are reset mid-request" in got[0].message and "jobs" not in got[0].message

K8S = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: %s
    spec:
      template:
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0.0
              command: %s
"""


def test_rs906_kubernetes_prometheus_server_is_not_instrumentation(tmp_path):
    files = {
        "agent/package.json": PKG % "agent",
        "agent/server.js": "require('express')().listen(3000);\n",
        "agent/deploy/app.yaml": K8S % ("agent", '["ddtrace-run", "node", "server.js"]'),
        "bad/package.json": PKG % "bad",
        "bad/server.js": "require('express')().listen(3000);\n",
        "bad/deploy/app.yaml": K8S % ("bad", '["node", "server.js"]'),
        "bad/deploy/prometheus.yaml": K8S % ("prometheus", '["prometheus", "--config.file=/etc/prometheus/prometheus.yml"]'),
    }
    assert [path for path, _line in found(tmp_path, files, "RS906")] == ["bad/server.js"]


def test_rs906_supervisor_and_systemd_exporters_are_not_instrumentation(tmp_path):
    """A supervisor program or systemd unit that runs Prometheus, an exporter
    or a StatsD server next to the service does not instrument the service;
    a wrapper around the service's own command does."""
    files = {
        "sup/requirements.txt": "flask\ngunicorn\n",
        "sup/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "sup/deploy/supervisor/conf.d/app.conf": (
            "[program:web]\ncommand=gunicorn app:app\n\n"
            "[program:statsd]\ncommand=/usr/local/bin/statsd_exporter --statsd.listen-udp=:9125\n"
        ),
        "unit/requirements.txt": "flask\ngunicorn\n",
        "unit/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "unit/deploy/systemd/web.service": "[Service]\nExecStart=/usr/bin/gunicorn app:app\n",
        "unit/deploy/systemd/prometheus.service": "[Service]\nExecStart=/usr/bin/prometheus --config.file=/etc/prometheus.yml\n",
        "wrapped/requirements.txt": "flask\ngunicorn\n",
        "wrapped/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "wrapped/deploy/systemd/web.service": "[Service]\nExecStart=/usr/bin/ddtrace-run gunicorn app:app\n",
    }
    assert [path for path, _line in found(tmp_path, files, "RS906")] == ["sup/app.py", "unit/app.py"]


def test_rs906_metrics_in_a_shared_package_imported_by_path(tmp_path):
    files = {
        "lib/package.json": PKG % "@acme/lib",
        "lib/metrics.js": "module.exports = require('prom-client');\n",
        "apps/api/package.json": PKG % "api",
        "apps/api/src/server.js": "const metrics = require('../../../lib/metrics');\nrequire('express')().listen(3000);\n",
    }
    assert found(tmp_path, files, "RS906") == []


def test_all_rules_deterministic(tmp_path):
    files = dict(EXPRESS_PG)
    files["src/server.js"] = "const express = require('express');\nconst app = express();\napp.use(express.static('p'));\napp.listen(3000, () => console.log('up'));\nfetch('http://x');\n"
    a = [(f.rule_id, f.path, f.line, f.message) for f in scan_tree(tmp_path, files, select=RULES).findings]
    b = [(f.rule_id, f.path, f.line, f.message) for f in scan_tree(tmp_path, files, select=RULES).findings]
    assert a == b
    assert {r for r, *_ in a} == set(RULES) - {"RS903"} | {"RS903"}


# --------------------------------------------------------------------------- more negatives
def test_library_retry_loop_and_serverless_apps_are_not_services(tmp_path):
    files = {
        "sdk/setup.py": "from setuptools import setup\nsetup(name='sdk')\n",
        "sdk/sdk/client.py": (
            "import time\nimport requests\n\n"
            "def call(url):\n    while True:\n        try:\n            return requests.get(url, timeout=5)\n"
            "        except requests.RequestException:\n            time.sleep(1)\n"
        ),
        "lambda/package.json": PKG % "lambda",
        "lambda/src/app.js": (
            "const serverless = require('serverless-http');\nconst app = require('express')();\n"
            "app.get('/x', (q, s) => { console.log('x'); s.end(); });\n"
            "if (require.main === module) app.listen(3000);\nmodule.exports.handler = serverless(app);\n"
        ),
    }
    for rule in ("RS901", "RS902", "RS903", "RS906"):
        assert found(tmp_path / rule, files, rule) == [], rule


def test_worker_metrics_sidecar_is_not_an_http_service(tmp_path):
    files = {
        "package.json": PKG % "worker",
        "src/worker.js": (
            "const http = require('http');\nconst { Worker } = require('bullmq');\nconst client = require('prom-client');\n"
            "new Worker('q', async () => {}, { connection: { host: 'redis' } });\n"
            "http.createServer(async (req, res) => res.end(await client.register.metrics())).listen(9100);\n"
        ),
    }
    assert found(tmp_path, files, "RS903") == []


def test_rs902_framework_loggers(tmp_path):
    files = {
        "a/package.json": PKG % "a",
        "a/server.js": "const app = require('fastify')({ logger: true });\napp.listen({ port: 3000 });\nconsole.log('up');\n",
        "b/requirements.txt": "flask\n",
        "b/app.py": 'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef i():\n    app.logger.info("hit")\n    print("hit")\n    return ""\n',
        "c/requirements.txt": "django\n",
        "c/proj/settings.py": "LOGGING = {'version': 1}\n",
        "c/proj/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        "c/shop/views.py": "def index(request):\n    print('index')\n",
    }
    assert found(tmp_path, files, "RS902") == []


def test_rs905_strings_comments_tests_and_relative_fetch(tmp_path):
    files = {
        "svc/a.py": '# requests.get(url)\nDOC = "requests.get(url) without timeout"\n',
        "svc/tests/test_client.py": "import requests\nrequests.get('http://x')\n",
        "web/src/api.js": "export const load = () => fetch('/api/items').then((r) => r.json());\n",
        "web/src/api.test.js": "const axios = require('axios');\naxios.get('http://x');\n",
    }
    assert found(tmp_path, files, "RS905") == []


def test_cli_tool_server_and_test_tooling_are_not_services(tmp_path):
    files = {
        "package.json": PKG % "devtool",
        "bin/cli.js": "#!/usr/bin/env node\nconst { serve } = require('../src/server');\nserve(Number(process.argv[2]));\n",
        "src/server.js": "const http = require('http');\nexports.serve = (port) => http.createServer((q, s) => s.end('hi')).listen(port);\n",
        "jest.setup.js": "const { setupServer } = require('msw/node');\nconst server = setupServer();\nserver.listen();\n",
    }
    for rule in ("RS901", "RS902", "RS903", "RS906"):
        assert found(tmp_path / rule, files, rule) == [], rule


def test_command_started_process_is_judged_for_logging_only(tmp_path):
    files = {
        "consumer/Dockerfile": 'FROM python:3.12\nCMD ["python", "consume.py"]\n',
        "consumer/consume.py": (
            "from kafka import KafkaConsumer\n\n"
            "def run():\n    for msg in KafkaConsumer('events'):\n        print('got', msg.value)\n\n"
            'if __name__ == "__main__":\n    run()\n'
        ),
    }
    assert found(tmp_path / "a", files, "RS902") == [("consumer/consume.py", 5)]
    for rule in ("RS901", "RS903", "RS906"):
        assert found(tmp_path / rule, files, rule) == [], rule


# --------------------------------------------------------------------------- workspace packages
def _workspace(dep_key: str) -> dict[str, str]:
    return {
        "packages/devserver/package.json": '{"name": "@acme/devserver", "dependencies": {}}',
        "packages/devserver/index.js": """
            const http = require('http');
            http.createServer((req, res) => res.end('dev')).listen(4000);
        """,
        "services/api/package.json": '{"name": "api", "%s": {"@acme/devserver": "*"}}' % dep_key,
        "services/api/src/index.js": """
            const { Queue } = require('bullmq');
            const q = new Queue('mail', { connection: { host: process.env.REDIS_HOST } });
            module.exports = { q };
        """,
    }


def test_rs903_a_workspace_package_the_service_only_develops_with_is_not_its_code(tmp_path):
    """A test or dev server in a workspace package listed under devDependencies
    does not run in the service's process: the service is not an HTTP service
    because of it (the package itself still is)."""
    got = findings(tmp_path, _workspace("devDependencies"), "RS903")
    assert [f for f in got if "`api`" in f.message] == []
    assert any("`@acme/devserver`" in f.message for f in got)


def test_rs903_a_workspace_package_the_service_depends_on_is_its_code(tmp_path):
    files = _workspace("dependencies")
    files["services/api/src/index.js"] += "require('@acme/devserver');\n"
    got = findings(tmp_path, files, "RS903")
    assert any("`api`" in f.message for f in got)


def test_rs903_a_listed_package_whose_server_module_the_service_never_loads_keeps_it(tmp_path):
    """A server started when its module loads runs in the service's process only
    if the service's code loads that module: listed in dependencies but never
    required, it stays the package's own (Keystone's plugins beside its core CLI)."""
    got = findings(tmp_path, _workspace("dependencies"), "RS903")
    assert [f for f in got if "`api`" in f.message] == []
    assert any("`@acme/devserver`" in f.message for f in got)


def test_aiohttp_sub_app_is_not_the_service_entry(tmp_path):
    # the provisioning sub-app is mounted into the root app: findings point at the
    # server that is run, not at the sub-app's construction
    res = scan_tree(tmp_path, {
        "requirements.txt": "aiohttp\n",
        "bridge.py": (
            "from aiohttp import web\n"
            "\n"
            "\n"
            "async def info(request):\n"
            "    return web.json_response({})\n"
            "\n"
            "\n"
            "class Bridge:\n"
            "    def __init__(self):\n"
            "        self.api = web.Application()\n"
            "        self.api.router.add_get('/v1/info', info)\n"
            "        self.root = web.Application()\n"
            "        self.root.add_subapp('/provision', self.api)\n"
        ),
    })
    assert hits(res, "RS903") == [("bridge.py", 12)]
    assert hits(res, "RS906") == [("bridge.py", 12)]


def test_packages_importing_each_other_keep_their_own_entry_points(tmp_path):
    # core imports transport and transport imports core: each service's
    # project-level findings stay in its own directory
    res = scan_tree(tmp_path, {
        "core/package.json": '{"name": "@acme/core", "main": "server.js", "peerDependencies": {"@acme/transport": "^1.0.0"}}',
        "core/server.js": (
            "const { Transport } = require('@acme/transport');\n"
            "class Server {\n"
            "  constructor() { this.transport = new Transport(); }\n"
            "  listen(port) { this.transport.listen(port); }\n"
            "}\n"
            "module.exports = { Server, warn: (m) => console.warn(m) };\n"
        ),
        "transport/package.json": '{"name": "@acme/transport", "main": "transport.js", "peerDependencies": {"@acme/core": "^1.0.0"}}',
        "transport/transport.js": (
            "const http = require('http');\n"
            "const { warn } = require('@acme/core');\n"
            "class Transport {\n"
            "  constructor() { this.server = http.createServer(); }\n"
            "  listen(port) { this.server.listen(port); }\n"
            "}\n"
            "module.exports = { Transport, warn };\n"
        ),
    })
    got = sorted((f.path, f.line, f.message.split("`")[1]) for f in res.findings if f.rule_id == "RS906")
    assert got == [("core/server.js", 4, "@acme/core"), ("transport/transport.js", 5, "@acme/transport")]


def test_rs905_fetch_message_says_how_long_each_client_waits(tmp_path):
    files = {
        "package.json": '{"name": "hooks", "dependencies": {"node-fetch": "^2.7.0", "express": "^4.19.2"}}',
        "src/hooks.js": (
            "const nodeFetch = require('node-fetch');\n"
            "async function a(url) { return nodeFetch(url); }\n"
            "async function b(url) { return fetch(url); }\n"
            "module.exports = { a, b };\n"
        ),
    }
    got = {f.line: f.message for f in findings(tmp_path, files, "RS905")}
    assert set(got) == {2, 3}
    assert "indefinitely" in got[2] and "300 s" not in got[2]  # node-fetch has no timeout at all
    assert "300 s" in got[3]  # Node's own fetch (undici) gives up on headers after 300 s


def test_rs901_handler_of_another_bin_program_is_not_the_servers(tmp_path):
    # package.json `bin` declares a log formatter with its own SIGINT handler; the
    # server never imports it, so the server has no handler at all
    files = {
        "package.json": '{"name": "svc", "bin": {"svc-server": "./server.js", "svc-log": "./logFormatter/bin.js"}, '
                        '"dependencies": {"fastify": "^4.28.1", "split2": "^4.2.0"}}',
        "server.js": "const fastify = require('fastify')();\nfastify.get('/', async () => 'ok');\nfastify.listen({ port: 3000 });\n",
        "logFormatter/bin.js": (
            "const split2 = require('split2');\n"
            "process.stdin.pipe(split2()).pipe(process.stdout);\n"
            "process.on('SIGINT', () => { process.exit(0); });\n"
        ),
    }
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("server.js", 3)]
    assert not any(r.path.startswith("logFormatter/") for r in got[0].related)


def test_front_end_package_json_folders_do_not_own_python(tmp_path):
    """Plugin folders with a package.json for their Vue assets (kolibri) are no
    services of their own for the Python beside them: the one Django server is
    reported once, for the project, not once per folder."""
    vue = '{"name": "%s", "private": true, "dependencies": {"vue": "^3.4.0"}}'
    files = {
        "deployment/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "utils/server.py": "import requests\n\n\ndef start():\n    from deployment.wsgi import application\n    return application\n",
        "core/package.json": vue % "site-core",
        "core/urls.py": "from django.urls import path\nfrom utils.server import start\n\nurlpatterns = []\n",
    }
    for name in ("coach", "learn", "device"):
        files[f"plugins/{name}/package.json"] = vue % f"site-{name}"
        files[f"plugins/{name}/api.py"] = "import requests\nfrom utils.server import start\n\n\ndef info(request):\n    return start()\n"
        files[f"plugins/{name}/assets/app.js"] = "import { createApp } from 'vue';\ncreateApp({}).mount('#app');\n"
    result = scan_tree(tmp_path, files, select=("RS906",))
    assert [(f.path, f.line, f.message.split(" runs ")[0]) for f in result.findings] == [("deployment/wsgi.py", 3, "The project")]


@pytest.mark.parametrize(
    ("path", "own"),
    [
        ("/metrics", True), ("/metrics/", True), ("^metrics/?$", True), (r"^(?:api/)?metrics$", True), ("/internal/prometheus", True),
        ("/datasets/{dataset_id}/metrics", False), ("/:tenant/metrics", False), ("/<int:pk>/metrics", False),
        (r"^(?P<pk>[0-9]+)/metrics$", False), ("/api/metrics-summary", False),
    ],
)
def test_rs906_metrics_route_is_the_process_own(path, own):
    """A `/metrics` route counts as instrumentation; a resource's statistics under a path parameter do not."""
    from riskscan.checks.metrics import _instrumentation_route

    assert _instrumentation_route(path) is own


def test_rs901_without_handler_says_what_sigterm_leaves_open(tmp_path):
    # apostrophe destroys its server in an app-level destroy hook, which SIGTERM never runs
    files = {
        "package.json": PKG % "cms",
        "server.js": """
            const express = require('express');
            const self = { app: express() };
            self.listen = async function () {
              self.server = self.app.listen(process.env.PORT || 3000);
            };
            self.destroy = async function () {
              return require('util').promisify(self.server.destroy)();
            };
            self.app.get('/health', (req, res) => res.send('ok'));
            self.listen();
            module.exports = self;
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1
    assert "nothing in" in got[0].message and "handles SIGTERM/SIGINT" in got[0].message
    notes = [r.message for r in got[0].related]
    assert notes and all(n.endswith("not closed on SIGTERM") for n in notes), notes


def test_rs901_a_server_left_open_is_shown_where_it_starts(tmp_path):
    # Saltcorn 1.6.2 (serve.js:762-779): http and https servers made with createServer, then
    # listened; a server is recorded at its listen() call, which is no place it was "created"
    files = {
        "package.json": PKG % "srv",
        "serve.js": """
            const http = require('http');
            const https = require('https');
            const app = require('./app');
            app.get('/health', (req, res) => res.send('ok'));
            const httpServer = http.createServer(app);
            const httpsServer = https.createServer({ key, cert }, app);
            httpServer.listen(80);
            httpsServer.listen(443);
        """,
        "app.js": "const express = require('express'); module.exports = express();",
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1 and got[0].line == 8
    notes = [(r.line, r.message) for r in got[0].related]
    assert notes == [(9, "HTTP server `httpsServer` started here, not closed on SIGTERM")], notes


@pytest.mark.parametrize(
    "files, name",
    [
        # girder: a root package.json of lint tools beside setup.py(name='girder'): the Python package names the service
        (
            {
                "package.json": '{"name": "@girder/lint", "private": true, "devDependencies": {"eslint": "^8"}}',
                "setup.py": "from setuptools import setup\nsetup(name='girder', packages=['girder'])\n",
                "girder/__init__.py": "",
                "girder/serve.py": "import uvicorn\n\n\ndef main():\n    uvicorn.run('girder.asgi:app')\n\n\nif __name__ == '__main__':\n    main()\n",
            },
            "girder",
        ),
        # a package.json with runtime dependencies keeps its own name
        (
            {
                "package.json": '{"name": "web-ui", "dependencies": {"express": "^4"}}',
                "setup.py": "from setuptools import setup\nsetup(name='tools')\n",
                "server.js": "require('express')().listen(3000);\n",
            },
            "web-ui",
        ),
    ],
    ids=["python-name-when-package-json-is-dev-tools", "package-json-name-with-runtime-deps"],
)
def test_service_name_beside_a_python_package(tmp_path, files, name):
    got = findings(tmp_path, files, "RS906")
    assert len(got) == 1 and f"Service `{name}`" in got[0].message, [f.message for f in got]


@pytest.mark.parametrize(
    "files, label",
    [
        # proxpi 1.3.1's sdist, scanned unpacked: a Python service with no package.json goes by the name its
        # pyproject declares, its folder beside it (the message read "Service `proxpi-1.3.1`")
        (
            {
                "proxpi-1.3.1/pyproject.toml": '[project]\nname = "proxpi"\nversion = "1.3.1"\ndependencies = ["flask"]\n',
                "proxpi-1.3.1/src/proxpi/__init__.py": "",
                "proxpi-1.3.1/src/proxpi/server.py": "import flask\n\napp = flask.Flask('proxpi')\n",
            },
            "Service `proxpi` (proxpi-1.3.1) runs",
        ),
        # setup.cfg's [metadata] name names it too
        (
            {
                "svc/indexer/setup.cfg": "[metadata]\nname = pkg-indexer\n\n[options]\npackages = find:\n",
                "svc/indexer/indexer/app.py": "import flask\n\napp = flask.Flask('indexer')\n",
            },
            "Service `pkg-indexer` (svc/indexer) runs",
        ),
        # a package that declares no name keeps its folder's
        (
            {
                "indexer-2.0/setup.py": "from setuptools import setup\nsetup(packages=['indexer'])\n",
                "indexer-2.0/indexer/app.py": "import flask\n\napp = flask.Flask('indexer')\n",
            },
            "Service `indexer-2.0` runs",
        ),
    ],
    ids=["pyproject-name-of-an-sdist-folder", "setup-cfg-name", "folder-name-when-no-name-declared"],
)
def test_python_service_goes_by_its_distribution_name(tmp_path, files, label):
    got = findings(tmp_path, files, "RS906")
    assert len(got) == 1 and got[0].message.startswith(label), [f.message for f in got]


def test_rs905_message_names_a_method_chained_on_the_next_line(tmp_path):
    # novu: `axios\n  .post(url, payload, config)`: the call's first source line is only `axios`
    files = {
        "package.json": '{"name": "hooks", "dependencies": {"axios": "^1.6.0"}}',
        "webhook.js": """\
            const axios = require("axios");
            async function send(url, payload) {
                return await axios
                    .post(url, payload, { headers: { 'x-sig': 'x' } })
                    .then((response) => response.data);
            }
            module.exports = { send };
        """,
    }
    got = findings(tmp_path, files, "RS905")
    assert len(got) == 1
    assert got[0].message.startswith("`axios.post()` has no timeout")


def test_rs903_consequence_names_a_datastore_only_when_the_service_has_one(tmp_path):
    app = "from fastapi import FastAPI\nimport uvicorn\n{extra}app = FastAPI()\n\n@app.get('/api/main')\ndef main():\n    return {{}}\n\nuvicorn.run(app, port=4141)\n"
    files = {
        "viz/pyproject.toml": "[project]\nname = 'viz'\n",
        "viz/viz/server.py": app.format(extra=""),
        "api/pyproject.toml": "[project]\nname = 'api'\n",
        "api/api/server.py": app.format(extra="from sqlalchemy import create_engine\nengine = create_engine('postgresql://db/app', pool_size=5)\n"),
        "cache/pyproject.toml": "[project]\nname = 'cache'\n",
        "cache/cache/server.py": app.format(extra="import redis\nr = redis.Redis(host='redis')\n"),
        "both/pyproject.toml": "[project]\nname = 'both'\n",
        "both/both/server.py": app.format(extra="import asyncpg\nimport redis.asyncio\n"),
        # datasette: SQLite files opened through Python's sqlite3, a local file with no connection to lose
        "lite/pyproject.toml": "[project]\nname = 'lite'\n",
        "lite/lite/server.py": app.format(extra="import sqlite3\nconn = sqlite3.connect('data.db', check_same_thread=False)\n"),
    }
    got = {f.path: f.message for f in scan_tree(tmp_path, files, select=("RS903",)).findings}
    assert "an instance that is up but stuck (a hung event loop, every worker busy) keeps receiving traffic" in got["viz/viz/server.py"]
    assert "an instance that is up but stuck (a hung event loop, every worker busy) keeps receiving traffic" in got["lite/lite/server.py"]
    # it names what the service connects to (sqlpad's pg drivers made every service "database or Redis")
    assert "an instance whose database connection is dead keeps receiving traffic" in got["api/api/server.py"]
    assert "an instance whose Redis connection is dead keeps receiving traffic" in got["cache/cache/server.py"]
    assert "an instance whose database or Redis connection is dead keeps receiving traffic" in got["both/both/server.py"]


def test_rs901_handler_registered_on_a_chain_of_process_calls(tmp_path):
    """Ghost: `process.removeAllListeners('SIGTERM').on('SIGTERM', shutdown)`
    registers a handler on process (those methods return it)."""
    files = dict(EXPRESS_PG)
    files["src/server.js"] = """
        const express = require('express');
        const app = express();
        const server = app.listen(3000);
        function shutdown() { process.exit(0); }
        process
            .removeAllListeners('SIGINT').on('SIGINT', shutdown)
            .removeAllListeners('SIGTERM').on('SIGTERM', shutdown);
    """
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 4)]
    assert "the SIGTERM/SIGINT handler `shutdown`" in got[0].message and "nothing in service" not in got[0].message


_LONG_CHAIN = """
        const http = require('http');
        const server = http.createServer((req, res) => res.end('ok'));
        server.listen(3000);
        process
            .on('unhandledRejection', async (reason, promise) => {
                console.error('Unhandled Rejection at:', promise, 'reason:', reason);
            })
            .once('uncaughtException', async (err, origin) => {
                console.error('Unhandled exception at:', origin, 'error:', err);
                process.exit(1);
            })
            .once('SIGTERM', async () => {
                console.info('SIGTERM received, saving and closing down');
                %s
                process.exit(0);
            });
    """


def test_rs901_handler_registered_late_in_a_long_chain_of_process_calls(tmp_path):
    """browserless's index.ts: `process.on('unhandledRejection', ...).once('uncaughtException',
    ...).once('SIGTERM', ...)` -- the handlers before SIGTERM's make its receiver's text longer
    than the frontend keeps, yet the call chain still starts at process."""
    files = {"package.json": PKG % "api"}
    files["src/server.js"] = _LONG_CHAIN % "await new Promise((r) => server.close(r));"
    assert findings(tmp_path, files, "RS901") == []


def test_rs901_handler_late_in_a_long_chain_that_only_exits_is_judged(tmp_path):
    files = {"package.json": PKG % "api"}
    files["src/server.js"] = _LONG_CHAIN % ""
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 4)]
    assert "the SIGTERM handler" in got[0].message and "exits without closing" in got[0].message
    assert "nothing in service" not in got[0].message


def test_rs901_long_listener_chain_on_another_emitter_is_no_handler(tmp_path):
    """Look-alike: the same chain on an emitter of the project's own is not process."""
    files = {"package.json": PKG % "api"}
    files["src/server.js"] = (_LONG_CHAIN % "await new Promise((r) => server.close(r));").replace(
        "process\n", "bus\n").replace("server.listen(3000);", "server.listen(3000);\n        const bus = new (require('events'))();")
    got = findings(tmp_path, files, "RS901")
    assert [(f.path, f.line) for f in got] == [("src/server.js", 4)]
    assert "nothing in service" in got[0].message


def test_rs905_message_names_an_awaited_compiled_call(tmp_path):
    # compiled TypeScript calls an import as `(0, got_1.default)(url)`; awaited, its text starts with `await`
    files = {
        "package.json": '{"name": "irc", "main": "src/server.js", "dependencies": {"got": "^11.8.6"}}',
        "src/server.js": """\
            "use strict";
            const got_1 = __importDefault(require("got"));
            async function fetchReleases() {
                const response = await (0, got_1.default)("https://api.github.com/repos/x/y/releases", { headers: { Accept: "application/json" } });
                return JSON.parse(response.body);
            }
            exports.fetchReleases = fetchReleases;
        """,
    }
    result = scan_tree(tmp_path, files, select=["RS905"])
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert f.message.startswith("`got()` has no timeout")


_CORE = {
    "core/package.json": '{"name": "@acme/core", "version": "1.0.0", "main": "src/index.js", "dependencies": {"express": "^5.1.0"}}',
    "core/src/index.js": """\
        const express = require('express');
        async function bootstrap(port) {
          const app = express();
          app.get('/products', (req, res) => res.json([]));
          await app.listen(port);
          return app;
        }
        const Logger = { info: (msg) => process.stdout.write(msg + '\\n') };
        module.exports = { bootstrap, Logger };
    """,
    "plugin/package.json": '{"name": "@acme/job-plugin", "version": "1.0.0", "main": "src/index.js", "dependencies": {"@acme/core": "1.0.0"}}',
}


@pytest.mark.parametrize(
    "plugin, service",
    [
        # imported for its Logger only: core's bootstrap() server is core's own service (vendure review)
        ("const { Logger } = require('@acme/core');\nclass JobStrategy { start() { Logger.info('x'); } }\nmodule.exports = { JobStrategy };\n", "@acme/core"),
        # the importer runs the package's start function: the server is the importer's (a shared library)
        ("const core = require('@acme/core');\ncore.bootstrap(process.env.PORT);\n", "@acme/job-plugin"),
    ],
)
def test_server_of_an_imported_package_belongs_to_who_runs_it(tmp_path, plugin, service):
    result = scan_tree(tmp_path, {**_CORE, "plugin/src/index.js": plugin}, select=["RS901", "RS903", "RS906"])
    got = sorted((f.rule_id, f.path, f.line) for f in result.findings)
    assert got == [("RS901", "core/src/index.js", 5), ("RS903", "core/src/index.js", 5), ("RS906", "core/src/index.js", 5)]
    assert all(f"`{service}`" in f.message for f in result.findings), [f.message for f in result.findings]


def test_rs903_names_an_http_server_made_by_require_then_create_server(tmp_path):
    # Haraka 3.3.4, server.js:642-644: `Server.http.server = require('node:https').createServer(tlsOpts, app)`
    files = {
        "package.json": PKG % "mta",
        "server.js": """
            const app = require('express')();
            const server = require('node:http').createServer(app);
            require('haraka-net-utils').endpoint('[::]:80').bind(server, { backlog: 0 });  // calls server.listen()
        """,
    }
    (f,) = findings(tmp_path, files, "RS903")
    assert "is an HTTP service (`http.createServer()` in server.js)" in f.message, f.message


def test_rs901_tcp_server_the_handler_closes_is_not_said_to_reset_connections(tmp_path):
    # zone-mta 3.10.3's shape: stop() closes each SMTP listener (and waits for it), then exits
    # leaving the Redis client open; the message said "open connections are reset mid-request"
    files = {
        "package.json": '{"name": "mta", "dependencies": {"ioredis": "5"}}',
        "server.js": """
            const net = require('net');
            const Redis = require('ioredis');
            const redis = new Redis(process.env.REDIS_URL);
            redis.on('error', (err) => console.error(err));
            const server = net.createServer((socket) => socket.end('220 ready\\r\\n'));
            server.listen(25);
            process.on('SIGTERM', () => server.close(() => process.exit(0)));
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1 and "`redis`" in got[0].message
    assert "reset" not in got[0].message and "abandoned" not in got[0].message


def test_rs901_ws_server_started_by_its_port_option_still_resets_connections(tmp_path):
    # a ws server made with {port} has no listen() to judge as a resource: its connections are reset
    files = {
        "package.json": '{"name": "hub", "dependencies": {"ws": "8", "ioredis": "5"}}',
        "server.js": """
            const { WebSocketServer } = require('ws');
            const Redis = require('ioredis');
            const redis = new Redis(process.env.REDIS_URL);
            redis.on('error', (err) => console.error(err));
            const wss = new WebSocketServer({ port: 8080 });
            wss.on('connection', (ws) => ws.send('hi'));
            process.on('SIGTERM', () => process.exit(0));
        """,
    }
    got = findings(tmp_path, files, "RS901")
    assert len(got) == 1 and "open connections are reset mid-request" in got[0].message


@pytest.mark.parametrize("path,dev", [
    ("buildbot/scripts/devproxy.py", True),
    ("tools/dev_server.py", True),
    ("scripts/dev-server.js", True),
    ("src/devServer.ts", True),
    ("run-dev-proxy.js", True),
    ("gateway/scripts/device_proxy.py", False),
    ("src/developer_server.py", False),
    ("src/webdevserver.js", False),
    ("src/server_dev.py", False),
    ("lib/presets/_nitro/runtime/nitro-dev.mjs", True),
    ("src/server.dev.js", True),
    ("src/dev.ts", True),
    ("src/webdev.js", False),
    ("src/devices.mjs", False),
    ("src/server.devtools.js", False),
])
def test_development_server_modules_are_tooling(path, dev):
    from riskscan.checks._longrun import tooling_file

    assert tooling_file(path) is dev


def test_a_shared_untimed_client_is_one_finding_where_it_is_made(tmp_path):
    """An exported got instance with no timeout that 25 route modules request
    through: one RS905 finding at the instance (the fix is there), counting
    the requests, naming the first three and listing up to 20 as related
    locations; a request that gives its own timeout is not counted, and the
    fingerprint does not move when lines above the instance do."""
    files = {
        "package.json": '{"name": "feeds", "dependencies": {"got": "11.8.6", "express": "^4.19.2"}}',
        "lib/utils/got.js": "const got = require('got');\nconst custom = got.extend({ retry: 1 });\nmodule.exports = custom;\n",
        "lib/index.js": "const express = require('express');\nconst app = express();\n"
                        + "".join(f"app.get('/r{i}', require('./routes/r{i:02}'));\n" for i in range(26)) + "app.listen(8080);\n",
    }
    for i in range(25):
        files[f"lib/routes/r{i:02}.js"] = f"const got = require('../utils/got');\nmodule.exports = async (ctx) => (await got.get('https://x.example/{i}')).body;\n"
    files["lib/routes/r25.js"] = "const got = require('../utils/got');\nmodule.exports = async () => (await got.get('https://x.example/', { timeout: 5000 })).body;\n"
    got = findings(tmp_path, files, "RS905")
    assert [(f.path, f.line) for f in got] == [("lib/utils/got.js", 2)]
    msg = got[0].message
    assert msg.startswith("got instance `custom` is created here without a timeout, and 25 requests in 25 other modules go through it")
    assert "(`got.get()` in lib/routes/r00.js:2, `got.get()` in lib/routes/r01.js:2, `got.get()` in lib/routes/r02.js:2 and 22 more)" in msg
    assert "holds each such request" in msg
    assert len(got[0].related) == 20 and got[0].related[0].path == "lib/routes/r00.js"
    before = got[0].fingerprint
    (tmp_path / "lib/utils/got.js").write_text("// shared client\nconst got = require('got');\nconst custom = got.extend({ retry: 1 });\nmodule.exports = custom;\n")
    moved = findings(tmp_path, {}, "RS905")
    assert [(f.path, f.line) for f in moved] == [("lib/utils/got.js", 3)] and moved[0].fingerprint == before


def test_a_nest_module_importing_a_bare_http_module_is_named_in_the_shared_finding(tmp_path):
    """The one RS905 finding at a Nest module's bare `HttpModule` says that the
    module imports it (it read "`StatusModule` `HttpModule` here" when the
    grouping took the client's description apart from the related text)."""
    files = {
        "package.json": '{"name": "status-api", "dependencies": {"@nestjs/axios": "^3.0.0", "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0"}}',
        "src/main.ts": "import { NestFactory } from '@nestjs/core';\nimport { StatusModule } from './status.module';\n"
                       "async function bootstrap() {\n  const app = await NestFactory.create(StatusModule);\n  await app.listen(3000);\n}\nbootstrap();\n",
        "src/status.module.ts": "import { HttpModule } from '@nestjs/axios';\nimport { Module } from '@nestjs/common';\n"
                                "import { StatusService } from './status.service';\n\n@Module({\n  imports: [HttpModule],\n  providers: [StatusService],\n})\n"
                                "export class StatusModule {}\n",
        "src/status.service.ts": "import { HttpService } from '@nestjs/axios';\nimport { Injectable } from '@nestjs/common';\n\n@Injectable()\n"
                                 "export class StatusService {\n  constructor(private readonly httpService: HttpService) {}\n\n"
                                 "  async latest() {\n    return this.httpService.get('https://nodejs.org/dist/index.json');\n  }\n}\n",
    }
    got = findings(tmp_path, files, "RS905")
    assert [(f.path, f.line) for f in got] == [("src/status.module.ts", 6)]
    assert got[0].message.startswith("`StatusModule` imports `HttpModule` here without a timeout, and 1 request in 1 other module goes through it"
                                      " with no timeout of their own (`this.httpService.get()` in src/status.service.ts:9)")


def test_rs905_message_names_a_chain_broken_before_its_method(tmp_path):
    # prettier breaks `await got.post(url, {...}).json()` before `.post`: the call's first line is `await got`
    # (@uppy/companion's src/server/provider/credentials.js:17, reported as `got()`)
    files = {
        "package.json": '{"name": "svc", "type": "module", "dependencies": {"got": "^13.0.0", "superagent": "^9.0.0"}}',
        "src/credentials.js": """\
            import got from 'got'
            import superagent from 'superagent'
            export async function fetchKeys(url, provider) {
              const { credentials } = await got
                .post(url, { json: { provider } })
                .json()
              return credentials
            }
            export const status = async () => (await superagent
              .get('https://status.example.org/api')).body
            export const ping = () => got.get('https://status.example.org/ping').json()
        """,
    }
    got = sorted((f.line, f.message.split(" has no timeout", 1)[0]) for f in findings(tmp_path, files, "RS905"))
    assert got == [(4, "`got.post()`"), (9, "`superagent.get()`"), (11, "`got.get()`")]


_PROXY_HANDLER = (
    "import socket\n"
    "from http.server import BaseHTTPRequestHandler\n"
    "\n"
    "class ProxyHandler(BaseHTTPRequestHandler):\n"
    "    def do_CONNECT(self):\n"
    "        upstream = socket.create_connection(('example.org', 443), timeout=5)\n"
    "        upstream.close()\n"
    "\n"
    "    def do_GET(self):\n"
    "        self.send_response(200)\n"
)
_PLAIN_HANDLER = (
    "from http.server import BaseHTTPRequestHandler\n"
    "\n"
    "class ProxyHandler(BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        self.send_response(200)\n"
)
_PROXY_MAIN = (
    "from http.server import ThreadingHTTPServer\n"
    "from gateway.handlers import ProxyHandler\n"
    "\n"
    "def main():\n"
    "    httpd = ThreadingHTTPServer(('127.0.0.1', 5005), ProxyHandler)\n"
    "    httpd.serve_forever()\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)
_WSGI_MAIN = (
    "from werkzeug.serving import run_simple\n"
    "from flask import Flask\n"
    "\n"
    "def main():\n"
    "    app = Flask(__name__)\n"
    "    run_simple('127.0.0.1', 5000, app, threaded=True)\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)
_GATEWAY_CFG = (
    "[metadata]\nname = gateway\n\n[options.entry_points]\nconsole_scripts =\n"
    "    gateway_server = gateway.server:main\n    gateway_proxy = gateway.proxy:main\n"
)


@pytest.mark.parametrize("handler, with_server, expected", [
    # a forward proxy (its handler answers CONNECT) beside the service's own server: the server is the entry
    (_PROXY_HANDLER, True, "gateway/server.py"),
    # a plain http.server beside it: ranked as before (by path)
    (_PLAIN_HANDLER, True, "gateway/proxy.py"),
    # the forward proxy alone stays the entry
    (_PROXY_HANDLER, False, "gateway/proxy.py"),
])
def test_forward_proxy_ranks_after_the_services_own_server(tmp_path, handler, with_server, expected):
    files = {
        "setup.cfg": _GATEWAY_CFG,
        "setup.py": "from setuptools import setup\nsetup()\n",
        "gateway/__init__.py": "",
        "gateway/handlers.py": handler,
        "gateway/proxy.py": _PROXY_MAIN,
    }
    if with_server:
        files["gateway/server.py"] = _WSGI_MAIN
    res = scan_tree(tmp_path, files)
    for rule in ("RS903", "RS906"):
        assert [p for p, _ in hits(res, rule)] == [expected], rule
