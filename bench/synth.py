"""Seeded generator of a realistic synthetic monorepo of any size.

The tree looks like a company monorepo: ``services/<name>/`` (Node.js,
TypeScript and Python services, each with its manifest and Dockerfile),
``packages/<name>/`` shared libraries, and a root ``docker-compose.yml``.
Each service has the infrastructure files a real one has (server entry
point, Postgres pool, Redis client, queue, HTTP clients, WebSockets), each
randomly written with or without the mitigation riskscan looks for, and a
majority of plain application code (utilities, domain models, React
components, TypeScript types, Python helpers) that names none of it.

The same ``(files, seed)`` always produces byte-identical trees.
"""

from __future__ import annotations

import json
import os
import random

WORDS = (
    "account order invoice payment customer product cart shipment report audit session profile catalog price "
    "discount review rating inventory warehouse supplier ticket message channel thread comment attachment "
    "notification schedule booking slot calendar team member role permission project task milestone label "
    "export import batch ledger balance transfer refund coupon region store device metric event feed search"
).split()
VERBS = "load build parse format compute merge apply resolve normalize validate render sort group filter map collect".split()
FIELDS = "id name status total count createdAt updatedAt ownerId amount currency title score weight tags kind".split()
SVC_PER_FILES = 250  # files per service
# Service languages in a fixed cycle (4 Node.js, 2 TypeScript, 2 Python in
# every 8), not drawn at random: the N/2 and N corpora then hold the same mix,
# and the linearity check compares like with like.  (Drawn, 4,000 files had
# 7 Python services of 16 and 8,000 files 11 of 32: the larger corpus had
# 2.4x the parsed bytes of the smaller.)
LANG_CYCLE = ("js", "ts", "py", "js", "js", "py", "ts", "js")
GENERATOR_VERSION = 2  # part of the cached tree's name: a change regenerates it


def _camel(*parts: str) -> str:
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _pascal(*parts: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in parts)


def _snake(*parts: str) -> str:
    return "_".join(parts)


# ------------------------------------------------------------------ plain code
def js_util(r: random.Random, mod: str) -> str:
    out = ["'use strict';", "", f"const {{ {_camel('format', r.choice(WORDS))} }} = require('../lib/format');", ""]
    names = []
    for _ in range(r.randint(3, 9)):
        w, f, g = r.choice(WORDS), r.choice(FIELDS), r.choice(FIELDS)
        name = _camel(r.choice(VERBS), w, r.choice(WORDS))
        names.append(name)
        out += [
            "/**",
            f" * {r.choice(VERBS).capitalize()} the {w} records by {f}.",
            f" * @param {{Array<object>}} items  {w} records",
            " */",
            f"function {name}(items, threshold = {r.randint(1, 500)}) {{",
            "  const result = [];",
            "  for (const item of items || []) {",
            f"    if (item.{f} === undefined) continue;",
            f"    if (item.{f} > threshold || item.{g} === '{r.choice(WORDS)}') {{",
            f"      result.push({{ ...item, {g}: String(item.{g}).trim(), rank: result.length + 1 }});",
            "    }",
            "  }",
            f"  return result.sort((a, b) => (a.{f} < b.{f} ? -1 : a.{f} > b.{f} ? 1 : 0));",
            "}",
            "",
        ]
    out.append(f"module.exports = {{ {', '.join(names)} }};")
    return "\n".join(out) + "\n"


def ts_model(r: random.Random, mod: str) -> str:
    w = r.choice(WORDS)
    cls = _pascal(w, r.choice(["model", "entity", "record", "view"]))
    fields = r.sample(FIELDS, r.randint(4, 9))
    types = {f: r.choice(["string", "number", "boolean", "Date", "string[]"]) for f in fields}
    out = [f"import {{ {_pascal(r.choice(WORDS), 'id')} }} from '../types';", ""]
    out += [f"export interface {cls}Props {{"] + [f"  {f}{'?' if r.random() < 0.3 else ''}: {t};" for f, t in types.items()] + ["}", ""]
    out += [f"export type {cls}Status = " + " | ".join(f"'{r.choice(WORDS)}'" for _ in range(r.randint(2, 5))) + ";", ""]
    out += [f"export class {cls} {{", f"  constructor(private readonly props: {cls}Props) {{}}", ""]
    for f in fields:
        out += [f"  get {f}(): {types[f]} {{", f"    return this.props.{f} as {types[f]};", "  }", ""]
    for _ in range(r.randint(1, 4)):
        m = _camel(r.choice(VERBS), r.choice(WORDS))
        f = r.choice(fields)
        out += [
            f"  {m}(other: {cls}): boolean {{",
            "    if (!other) { return false; }",
            f"    return JSON.stringify(this.props.{f}) === JSON.stringify(other.props.{f});",
            "  }",
            "",
        ]
    out += ["  toJSON(): Record<string, unknown> {", "    return { ...this.props };", "  }", "}"]
    return "\n".join(out) + "\n"


def tsx_component(r: random.Random, mod: str) -> str:
    name = _pascal(r.choice(WORDS), r.choice(["list", "card", "panel", "table", "form", "badge", "header"]))
    f1, f2 = r.sample(FIELDS, 2)
    return f"""import React, {{ useMemo, useState }} from 'react';
import {{ classNames }} from '../../lib/classNames';

export interface {name}Props {{
  items: Array<{{ {f1}: string; {f2}: number }}>;
  title?: string;
  onSelect?: (index: number) => void;
}}

export function {name}({{ items, title = '{r.choice(WORDS).capitalize()}', onSelect }}: {name}Props) {{
  const [selected, setSelected] = useState<number | null>(null);
  const sorted = useMemo(() => [...items].sort((a, b) => a.{f2} - b.{f2}), [items]);
  return (
    <section className={{classNames('{name.lower()}', selected !== null && 'has-selection')}}>
      <h2>{{title}}</h2>
      <ul>
        {{sorted.map((item, i) => (
          <li key={{item.{f1}}} className={{i === selected ? 'active' : ''}} onClick={{() => {{ setSelected(i); onSelect?.(i); }}}}>
            {{item.{f1}}} <span className="count">{{item.{f2}.toFixed({r.randint(0, 2)})}}</span>
          </li>
        ))}}
      </ul>
    </section>
  );
}}

export default {name};
"""


def py_helpers(r: random.Random, mod: str) -> str:
    w = r.choice(WORDS)
    cls = _pascal(w, r.choice(["record", "summary", "row", "item"]))
    fields = r.sample(FIELDS, r.randint(3, 7))
    out = ['"""Helpers for %s %s."""' % (w, r.choice(WORDS)), "", "from __future__ import annotations", "", "from dataclasses import dataclass, field", "from typing import Iterable", "", ""]
    out += ["@dataclass", f"class {cls}:"] + [f"    {_snake(f.lower())}: str = \"\"" for f in fields] + ["    tags: list[str] = field(default_factory=list)", "", ""]
    for _ in range(r.randint(2, 7)):
        fn = _snake(r.choice(VERBS), w, r.choice(WORDS))
        f = _snake(r.choice(fields).lower())
        out += [
            f"def {fn}(rows: Iterable[{cls}], limit: int = {r.randint(5, 500)}) -> list[{cls}]:",
            f'    """{r.choice(VERBS).capitalize()} {w} rows, keeping at most ``limit``."""',
            f"    kept: list[{cls}] = []",
            "    for row in rows:",
            f"        if not row.{f}:",
            "            continue",
            "        if len(kept) >= limit:",
            "            break",
            "        kept.append(row)",
            f"    kept.sort(key=lambda row: row.{f})",
            "    return kept",
            "",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


# ------------------------------------------------------------ infrastructure
def js_db(r: random.Random, risky: bool) -> str:
    timeout = "" if risky else "  connectionTimeoutMillis: 5000,\n"
    return f"""const {{ Pool }} = require('pg');
const logger = require('./logger');

const pool = new Pool({{
  connectionString: process.env.DATABASE_URL,
  max: {r.choice([10, 20, 30])},
{timeout}  idleTimeoutMillis: 30000,
}});

pool.on('error', (err) => logger.error({{ err }}, 'idle client error'));

async function query(text, params) {{
  const started = Date.now();
  const res = await pool.query(text, params);
  logger.debug({{ text, ms: Date.now() - started, rows: res.rowCount }}, 'query');
  return res;
}}

async function close() {{
  await pool.end();
}}

module.exports = {{ pool, query, close }};
"""


def js_redis(r: random.Random, risky: bool) -> str:
    handler = "client.on('error', (err) => {\n  logger.error({ err }, 'redis error');\n  process.exit(1);\n});\n" if risky else "client.on('error', (err) => logger.error({ err }, 'redis error'));\n"
    return f"""const {{ createClient }} = require('redis');
const logger = require('./logger');

const client = createClient({{ url: process.env.REDIS_URL }});
{handler}
async function cached(key, ttl, load) {{
  const hit = await client.get(key);
  if (hit) return JSON.parse(hit);
  const value = await load();
  await client.set(key, JSON.stringify(value), {{ EX: ttl }});
  return value;
}}

module.exports = {{ client, cached }};
"""


def js_server(r: random.Random, risky: bool, svc: str) -> str:
    static = "app.use(express.static(path.join(__dirname, 'public')));" if risky else "app.use(express.static(path.join(__dirname, 'public'), { maxAge: '7d', immutable: true }));"
    limiter = "" if risky else "const rateLimit = require('express-rate-limit');\n"
    login_mw = "" if risky else "rateLimit({ windowMs: 60000, max: 10 }), "
    routes = "\n".join(
        f"app.get('/api/{w}s/:id', async (req, res) => {{\n  const {{ rows }} = await db.query('SELECT * FROM {w}s WHERE id = $1', [req.params.id]);\n  res.json(rows[0] || null);\n}});"
        for w in r.sample(WORDS, r.randint(3, 8))
    )
    return f"""const path = require('path');
const express = require('express');
{limiter}const db = require('./db');
const logger = require('./logger');

const app = express();
app.use(express.json({{ limit: '1mb' }}));
{static}

app.get('/healthz', (req, res) => res.json({{ ok: true, service: '{svc}' }}));

app.post('/api/login', {login_mw}async (req, res) => {{
  const user = await db.query('SELECT id, hash FROM users WHERE email = $1', [req.body.email]);
  if (!user.rows.length) return res.status(401).end();
  res.json({{ id: user.rows[0].id }});
}});

{routes}

const server = app.listen(process.env.PORT || 3000, () => logger.info('listening'));

process.on('SIGTERM', () => {{
  server.close(() => db.close().then(() => process.exit(0)));
}});
"""


def js_http(r: random.Random, risky: bool) -> str:
    opt = "" if risky else ", { timeout: 5000 }"
    w = r.choice(WORDS)
    return f"""const axios = require('axios');

const BASE = process.env.{w.upper()}_API || 'http://{w}:8080';

async function get{_pascal(w)}(id) {{
  const {{ data }} = await axios.get(`${{BASE}}/{w}s/${{id}}`{opt});
  return data;
}}

async function list{_pascal(w)}s(page = 1) {{
  const {{ data }} = await axios.get(`${{BASE}}/{w}s`, {{ params: {{ page }}{'' if risky else ', timeout: 5000'} }});
  return data.items;
}}

module.exports = {{ get{_pascal(w)}, list{_pascal(w)}s }};
"""


def js_queue(r: random.Random, risky: bool) -> str:
    name = r.choice(WORDS) + "-jobs"
    opts = "{ removeOnComplete: true }" if risky else "{ attempts: 5, backoff: { type: 'exponential', delay: 1000 } }"
    return f"""const {{ Queue, Worker }} = require('bullmq');
const logger = require('./logger');

const connection = {{ host: process.env.REDIS_HOST || 'redis', port: 6379 }};
const queue = new Queue('{name}', {{ connection }});

async function enqueue(payload) {{
  await queue.add('process', payload, {opts});
}}

const worker = new Worker('{name}', async (job) => {{
  logger.info({{ id: job.id }}, 'processing');
}}, {{ connection }});
worker.on('error', (err) => logger.error({{ err }}, 'worker error'));

module.exports = {{ enqueue, worker }};
"""


def js_ws(r: random.Random, risky: bool) -> str:
    ping = "" if risky else """
const interval = setInterval(() => {
  for (const ws of wss.clients) {
    if (ws.isAlive === false) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(interval));
"""
    return f"""const {{ WebSocketServer }} = require('ws');

function attach(server) {{
  const wss = new WebSocketServer({{ server, maxPayload: 1048576 }});
  wss.on('connection', (ws) => {{
    ws.isAlive = true;
    ws.on('pong', () => {{ ws.isAlive = true; }});
    ws.on('message', (msg) => ws.send(msg));
  }});{ping.replace(chr(10), chr(10) + '  ')}
  return wss;
}}

module.exports = {{ attach }};
"""


def js_logger(r: random.Random, risky: bool) -> str:
    return "const pino = require('pino');\n\nmodule.exports = pino({ level: process.env.LOG_LEVEL || 'info' });\n"


def py_main(r: random.Random, risky: bool, svc: str) -> str:
    to = "" if risky else ", timeout=5"
    routes = "\n\n".join(
        f'@app.get("/{w}s/{{item_id}}")\ndef get_{w}(item_id: int):\n    resp = requests.get(f"{{UPSTREAM}}/{w}s/{{item_id}}"{to})\n    resp.raise_for_status()\n    return resp.json()'
        for w in r.sample(WORDS, r.randint(3, 7))
    )
    return f'''"""{svc}: HTTP API."""

import logging
import os

import requests
import uvicorn
from fastapi import FastAPI

log = logging.getLogger(__name__)
UPSTREAM = os.environ.get("UPSTREAM_URL", "http://upstream:8000")
app = FastAPI(title="{svc}")


@app.get("/health")
def health():
    return {{"ok": True}}


{routes}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
'''


def py_db(r: random.Random, risky: bool) -> str:
    extra = "pool_timeout=None" if risky else "pool_timeout=10"
    return f'''import os

from sqlalchemy import create_engine, text

engine = create_engine(
    os.environ["DATABASE_URL"],
    pool_size={r.choice([5, 10, 20])},
    max_overflow=5,
    {extra},
    connect_args={{"options": "-c statement_timeout=5000"}},
)


def fetch_one(sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).first()


def dispose() -> None:
    engine.dispose()
'''


def py_tasks(r: random.Random, risky: bool) -> str:
    deco = "@app.task" if risky else "@app.task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)"
    w = r.choice(WORDS)
    return f'''import os

from celery import Celery

app = Celery("tasks", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"))


{deco}
def sync_{w}(item_id: int) -> None:
    from .db import fetch_one

    row = fetch_one("SELECT * FROM {w}s WHERE id = :id", id=item_id)
    if row is None:
        return
'''


def py_cache(r: random.Random, risky: bool) -> str:
    return '''import json
import os

import redis

client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"), socket_timeout=2)


def cached(key: str, ttl: int, load):
    hit = client.get(key)
    if hit is not None:
        return json.loads(hit)
    value = load()
    client.set(key, json.dumps(value), ex=ttl)
    return value
'''


JS_INFRA = (("src/db.js", js_db), ("src/redis.js", js_redis), ("src/clients/http.js", js_http), ("src/queue.js", js_queue), ("src/ws.js", js_ws), ("src/logger.js", js_logger))
PY_INFRA = (("app/db.py", py_db), ("app/tasks.py", py_tasks), ("app/cache.py", py_cache))


def _service(r: random.Random, idx: int, n_files: int) -> tuple[str, dict[str, str]]:
    lang = LANG_CYCLE[idx % len(LANG_CYCLE)]
    svc = f"{r.choice(WORDS)}-{r.choice(WORDS)}-{idx:04d}"
    files: dict[str, str] = {}
    risky = lambda: r.random() < 0.4  # noqa: E731
    if lang == "py":
        files["pyproject.toml"] = f'[project]\nname = "{svc}"\nversion = "1.0.0"\ndependencies = ["fastapi", "uvicorn", "requests", "sqlalchemy", "celery", "redis"]\n'
        files["Dockerfile"] = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD ["python", "-m", "app.main"]\n'
        files["app/__init__.py"] = ""
        files["app/main.py"] = py_main(r, risky(), svc)
        for path, gen in PY_INFRA:
            files[path] = gen(r, risky())
    else:
        files["package.json"] = json.dumps({"name": svc, "version": "1.0.0", "main": "src/server.js", "scripts": {"start": "node src/server.js"}, "dependencies": {"express": "^4.19.2", "pg": "^8.11.0", "redis": "^4.6.0", "bullmq": "^5.8.0", "axios": "^1.7.0", "ws": "^8.17.0", "pino": "^9.0.0"}}, indent=2) + "\n"
        files["Dockerfile"] = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nHEALTHCHECK CMD wget -qO- localhost:3000/healthz || exit 1\nCMD ["node", "src/server.js"]\n'
        files["src/server.js"] = js_server(r, risky(), svc)
        for path, gen in JS_INFRA:
            files[path] = gen(r, risky())
    # plain application code for the rest
    domains = r.sample(WORDS, 6)
    i = 0
    while len(files) < n_files:
        d = domains[i % len(domains)]
        name = f"{r.choice(VERBS)}_{r.choice(WORDS)}_{i}"
        if lang == "py":
            files[f"app/{d}/{name}.py"] = py_helpers(r, name)
        elif lang == "ts":
            kind = r.random()
            if kind < 0.45:
                files[f"src/{d}/{_camel(*name.split('_'))}.ts"] = ts_model(r, name)
            elif kind < 0.8:
                files[f"src/components/{d}/{_pascal(*name.split('_'))}.tsx"] = tsx_component(r, name)
            else:
                files[f"src/{d}/{_camel(*name.split('_'))}.js"] = js_util(r, name)
        else:
            files[f"src/{d}/{_camel(*name.split('_'))}.js"] = js_util(r, name)
        i += 1
    return svc, {f"services/{svc}/{k}": v for k, v in files.items()}


def _compose(services: list[str], r: random.Random) -> str:
    lines = ["services:"]
    for svc in services[:40]:
        lines += [f"  {svc}:", f"    build: ./services/{svc}", "    restart: unless-stopped"]
        if r.random() < 0.6:
            lines += ["    logging:", "      driver: json-file", "      options:", "        max-size: 10m"]
        lines += ["    depends_on:", "      - redis", "      - postgres"]
    lines += ["  redis:", "    image: redis:7.2", "    volumes:", "      - redis-data:/data"]
    lines += ["  postgres:", "    image: postgres:16", "    environment:", "      POSTGRES_PASSWORD_FILE: /run/secrets/pg", "    volumes:", "      - pg-data:/var/lib/postgresql/data"]
    lines += ["volumes:", "  redis-data: {}", "  pg-data: {}"]
    return "\n".join(lines) + "\n"


def generate(root: str, n_files: int, seed: int = 1) -> int:
    """Write about ``n_files`` files (never fewer) under ``root``; return the count."""
    r = random.Random(seed)
    written = 0
    services: list[str] = []
    idx = 0
    while written < n_files:
        want = min(SVC_PER_FILES, max(12, n_files - written))
        svc, tree = _service(r, idx, want)
        for rel, text in tree.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        written += len(tree)
        services.append(svc)
        idx += 1
    with open(os.path.join(root, "docker-compose.yml"), "w", encoding="utf-8") as fh:
        fh.write(_compose(services, r))
    return written + 1


def build_synth(cache_dir: str, n_files: int, seed: int, log=print) -> str:
    root = os.path.join(cache_dir, f"synth-{n_files}-s{seed}-v{GENERATOR_VERSION}")
    if os.path.exists(os.path.join(root, ".complete")):
        return root
    import shutil

    from corpus import write_semgrepignore

    shutil.rmtree(root, ignore_errors=True)
    log(f"generating {n_files} synthetic files in {root}")
    count = generate(root, n_files, seed)
    write_semgrepignore(root)
    with open(os.path.join(root, ".complete"), "w", encoding="utf-8") as fh:
        fh.write(f"{count}\n")
    return root
