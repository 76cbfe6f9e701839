"""RS101-RS104 (SQL pools): aliases, options from variables/spreads/env and
other files, mitigations in other files, look-alikes, comments/strings, test
files, one-off scripts."""

from __future__ import annotations

import importlib.util

import pytest

from helpers import hits, scan_tree

POOL_RULES = ("RS101", "RS102", "RS103", "RS104")

needs_py = pytest.mark.skipif(
    importlib.util.find_spec("riskscan.frontends.python") is None, reason="Python frontend not available yet"
)

needs_compose = pytest.mark.skipif(
    importlib.util.find_spec("riskscan.frontends.compose") is None, reason="compose frontend not available yet"
)


def scan(tmp_path, files, rules=POOL_RULES):
    return scan_tree(tmp_path, files, select=rules)


def messages(result, rule):
    return [f.message for f in result.findings if f.rule_id == rule]


# --------------------------------------------------------------------------- JS / TS: RS101-RS103


def test_neon_serverless_pool_and_client_are_judged_like_pg(tmp_path):
    r = scan(tmp_path, {
        "src/db.ts": (
            "import { Pool, Client } from '@neondatabase/serverless';\n"
            "export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });\n"
            "export const timed = new Pool({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 3000 });\n"
        ),
    })
    assert hits(r, "RS101") == [("src/db.ts", 2)]
    assert hits(r, "RS102") == []
    (msg,) = messages(r, "RS101")
    assert msg.startswith("Neon serverless Pool `pool` (node-postgres) has no connectionTimeoutMillis")


def test_renamed_import_fires_with_numbers(tmp_path):
    r = scan(tmp_path, {"src/db.js": "const { Pool: PgPool } = require('pg');\nconst pool = new PgPool({ max: 20 });\nmodule.exports = pool;\n"})
    assert hits(r, "RS101") == [("src/db.js", 2)]
    assert hits(r, "RS102") == []
    assert hits(r, "RS103") == [("src/db.js", 2)]
    (msg,) = messages(r, "RS101")
    assert "`pool`" in msg and "pg" in msg and "all 20 connections" in msg and "waits indefinitely" in msg


def test_default_import_with_unknown_config_is_silent(tmp_path):
    r = scan(
        tmp_path,
        {
            "src/db.ts": "import pg from 'pg';\nimport { cfg } from './settings';\nexport const pool = new pg.Pool(cfg);\n"
            "export function make(options: pg.PoolConfig) { return new pg.Pool(options); }\n"
            "export const p2 = new pg.Pool({ ...cfg, connectionString: process.env.DATABASE_URL });\n",
            "src/settings.ts": "export const cfg = loadConfig();\n",
        },
        ("RS101", "RS102", "RS103"),
    )
    assert r.findings == []


def test_other_pg_forms(tmp_path):
    code = """
        import pg from 'pg';
        import PgPool from 'pg-pool';
        import postgres from 'postgres';
        const { Pool } = pg;
        export const a = new Pool({ max: 2, connectionTimeoutMillis: 1000, statement_timeout: 5000 });
        export const b = new Pool({ max: 2 });
        export const c = new PgPool({ max: 2, connectionTimeoutMillis: 1000, statement_timeout: 5000 });
        export const sql = postgres(process.env.DATABASE_URL);
        export const sql2 = postgres(process.env.DATABASE_URL, { max: 5, connection: { statement_timeout: 5000 } });
        """
    r = scan(tmp_path, {"src/db.mjs": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS101") == [("src/db.mjs", 7)]
    assert hits(r, "RS102") == [("src/db.mjs", 9)]
    assert hits(r, "RS103") == [("src/db.mjs", 7), ("src/db.mjs", 9)]


def test_options_from_variables_spreads_env(tmp_path):
    code = """
        const { Pool } = require('pg');
        const base = { max: Number(process.env.PG_MAX), connectionTimeoutMillis: 5000 };
        const a = new Pool({ ...base, connectionString: process.env.DATABASE_URL, statement_timeout: process.env.PG_STMT });
        const opts = { max: 5, connectionTimeoutMillis: Number(process.env.T), query_timeout: 10000 };
        const b = new Pool(opts);
        """
    r = scan(tmp_path, {"src/db.js": code}, ("RS101", "RS102", "RS103"))
    assert r.findings == []


def test_options_const_in_another_module(tmp_path):
    files = {
        "src/config.js": "export const dbOptions = { max: 10, connectionTimeoutMillis: 3000, statement_timeout: 10000 };\n"
        "export const bare = { max: 10 };\n",
        "src/db.js": "import { Pool } from 'pg';\nimport { dbOptions, bare } from './config';\n"
        "export const pool = new Pool(dbOptions);\nexport const other = new Pool(bare);\n",
    }
    r = scan(tmp_path, files, ("RS101", "RS102"))
    assert hits(r, "RS101") == [("src/db.js", 4)]
    assert hits(r, "RS102") == []


def test_explicit_zero_disables(tmp_path):
    r = scan(tmp_path, {"src/db.js": "const pg = require('pg');\nconst pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 0 });\n"}, ("RS101",))
    assert hits(r, "RS101") == [("src/db.js", 2)]
    assert "connectionTimeoutMillis: 0" in messages(r, "RS101")[0]


def test_comments_strings_and_lookalikes_are_silent(tmp_path):
    code = """
        // const pool = new Pool({ max: 20 });
        /* new Pool() */
        const help = "create it with new Pool({ connectionString }) from pg";
        const genericPool = require('generic-pool');
        const workerpool = require('workerpool');
        const { Pool } = require('./lib/threads');
        const g = genericPool.createPool({ create: async () => 1, destroy: async () => {} }, { max: 4 });
        const w = workerpool.pool('./worker.js');
        const t = new Pool(4);
        const mysqlish = { createPool() {} };
        mysqlish.createPool();
        app.listen(3000);
        """
    r = scan(tmp_path, {"src/app.js": code})
    assert r.findings == []


def test_test_files_are_ignored(tmp_path):
    files = {
        "tests/db.test.js": "const { Pool } = require('pg');\nconst pool = new Pool();\n",
        "src/__tests__/pool.spec.ts": "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
        # Pyramid's convention (Kotti): testing.py holds the test suite's helpers
        "myapp/testing.py": "from sqlalchemy import create_engine\n\ndef setup_db(url='postgresql://t@db/t'):\n    return create_engine(url)\n",
        # a pytest plugin's fixtures (pulpcore's pytest_plugin.py, registered through the pytest11 entry point)
        "myapp/pytest_plugin.py": "from sqlalchemy import create_engine\n\ndef db_engine(url='postgresql://t@db/t'):\n    return create_engine(url)\n",
    }
    assert scan(tmp_path, files).findings == []


def test_knex_limits_under_connection_do_not_count(tmp_path):
    code = """
        const knex = require('knex')({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, max: 30, pool: { max: 30 } } });
        knex('users').where({ id: 1 });
        const table = 'users';
        knex(table).select();
        """
    r = scan(tmp_path, {"src/db.js": code}, ("RS102",))
    assert hits(r, "RS102") == [("src/db.js", 2)]
    assert "pool.max" in messages(r, "RS102")[0]


def test_knex_query_on_instance_named_like_factory_is_not_a_pool(tmp_path):
    code = "import Knex from 'knex';\nconst knex = Knex({ client: 'mysql2', connection: process.env.URL, pool: { max: 5 } });\nknex(tableName).select();\n"
    r = scan(tmp_path, {"src/db.ts": code}, ("RS102", "RS103"))
    assert r.findings == []


def test_sequelize_forms(tmp_path):
    code = """
        const { Sequelize } = require('sequelize');
        const a = new Sequelize('postgres://u:p@db/app');
        const b = new Sequelize(config.database, config.username, config.password, config);
        const c = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', pool: { max: 10, acquire: 30000 }, dialectOptions: { statement_timeout: 5000 } });
        const d = new Sequelize({ dialect: 'sqlite', storage: 'db.sqlite' });
        """
    r = scan(tmp_path, {"src/db.js": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS102") == [("src/db.js", 3)]
    assert hits(r, "RS103") == [("src/db.js", 3)]
    assert hits(r, "RS101") == []


def test_statement_timeout_on_connect_in_another_file(tmp_path):
    files = {
        "src/db.js": "const { Pool } = require('pg');\nexports.pool = new Pool({ max: 10, connectionTimeoutMillis: 2000 });\n",
        "src/boot.js": "const { pool } = require('./db');\npool.on('connect', (c) => c.query(`SET statement_timeout TO '15s'`));\n",
    }
    assert hits(scan(tmp_path, files, ("RS103",)), "RS103") == []


def test_statement_timeout_in_pool_options_only_covers_that_pool(tmp_path):
    code = """
        const { Pool } = require('pg');
        const a = new Pool({ max: 2, options: '-c statement_timeout=5000' });
        const b = new Pool({ max: 2 });
        """
    assert hits(scan(tmp_path, {"src/db.js": code}, ("RS103",)), "RS103") == [("src/db.js", 4)]


@needs_compose
def test_statement_timeout_set_server_side_in_compose(tmp_path):
    files = {
        "src/db.js": "const { Pool } = require('pg');\nmodule.exports = new Pool({ max: 2 });\n",
        "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    command: postgres -c statement_timeout=15000\n",
    }
    assert hits(scan(tmp_path, files, ("RS103",)), "RS103") == []


def test_rs103_unknown_dialect_uses_project_drivers(tmp_path):
    files = {
        "package.json": '{"name": "api", "dependencies": {"knex": "^3", "mysql2": "^3"}}',
        "src/db.js": "const knex = require('knex');\nmodule.exports = knex({ client: process.env.DB_CLIENT, connection: process.env.DATABASE_URL, pool: { max: 4 } });\n",
    }
    assert hits(scan(tmp_path, files, ("RS103",)), "RS103") == []
    files["package.json"] = '{"name": "api", "dependencies": {"knex": "^3", "pg": "^8"}}'
    assert hits(scan(tmp_path / "pg", files, ("RS103",)), "RS103") == [("src/db.js", 2)]


def test_rs103_message_says_a_lock_timeout_bounds_only_lock_waits(tmp_path):
    # cashu's Database: a Postgres engine whose asyncpg server_settings set lock_timeout and
    # no statement_timeout is reported, but a lock-blocked query is not said to wait forever
    files = {
        "store/db.py": (
            "from sqlalchemy.ext.asyncio import create_async_engine\n"
            "\n"
            "\n"
            "def locked(url):\n"
            "    return create_async_engine(url, pool_size=20, connect_args={'server_settings': {'lock_timeout': '30000'}})\n"
            "\n"
            "\n"
            "def plain(url):\n"
            "    return create_async_engine(url, pool_size=20, connect_args={'server_settings': {'application_name': 'mint'}})\n"
        ),
    }
    got = {f.line: f.message for f in scan(tmp_path, files, ("RS103",)).findings if f.rule_id == "RS103"}
    assert sorted(got) == [5, 9]
    assert "a runaway query holds its connection with no upper bound (the lock_timeout it sets bounds only the wait for locks)" in got[5]
    assert "lock-blocked" not in got[5]
    assert "a runaway or lock-blocked query holds its connection with no upper bound" in got[9]


def test_rs103_message_gives_asyncpg_engines_its_server_settings(tmp_path):
    # cashu's and lnbits' Database: SQLAlchemy over asyncpg, whose connect() rejects libpq's `options`
    files = {
        "store/db.py": (
            "from sqlalchemy.ext.asyncio import create_async_engine\n"
            "\n"
            "\n"
            "def make(url):\n"
            "    url = url.replace('postgres://', 'postgresql+asyncpg://')\n"
            "    return create_async_engine(url, pool_size=20)\n"
        ),
        "other/db.py": (
            "from sqlalchemy import create_engine\n"
            "\n"
            "\n"
            "def make(url):\n"
            "    return create_engine(url, pool_size=20)\n"
        ),
    }
    got = {f.path: f.message for f in scan(tmp_path, files, ("RS103",)).findings if f.rule_id == "RS103"}
    assert sorted(got) == ["other/db.py", "store/db.py"]
    assert "(connect_args={'server_settings': {'statement_timeout': …}}, or SET statement_timeout on connect)" in got["store/db.py"]
    assert "(connect_args options='-c statement_timeout=…', or SET statement_timeout on connect)" in got["other/db.py"]


def test_mysql_pools(tmp_path):
    code = """
        import mysql from 'mysql2/promise';
        import { createPool } from 'mysql2';
        export const a = mysql.createPool({ uri: process.env.URL });
        export const b = createPool({ host: 'db', connectionLimit: 5 });
        export const cluster = mysql.createPoolCluster();
        cluster.add('primary', { host: 'db1' });
        cluster.add('replica', { host: 'db2', connectionLimit: 4 });
        """
    r = scan(tmp_path, {"src/db.ts": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS101") == []
    assert hits(r, "RS103") == []
    assert hits(r, "RS102") == [("src/db.ts", 4), ("src/db.ts", 7)]


# --------------------------------------------------------------------------- JS / TS: RS104


SERVER = "const express = require('express');\nconst app = express();\nrequire('./db');\napp.listen(3000);\n"


def test_rs104_fires_in_server_and_not_in_script(tmp_path):
    files = {
        "src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\n",
        "src/server.js": SERVER,
        "scripts/migrate.js": "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function main() { await pool.query('select 1'); }\nmain();\n",
    }
    r = scan(tmp_path, files, ("RS104",))
    assert hits(r, "RS104") == [("src/db.js", 2)]
    f = r.findings[0]
    assert f.related and f.related[0].path == "src/server.js" and f.related[0].line == 4
    assert "pool.end()" in f.message


def test_rs104_no_server_no_finding(tmp_path):
    files = {"src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\n"}
    assert scan(tmp_path, files, ("RS104",)).findings == []


@pytest.mark.parametrize(
    "shutdown",
    [
        "const db = require('./db');\nprocess.on('SIGTERM', async () => { await db.end(); });\n",
        "import pool from './db';\nexport async function stop() { await pool.end(); }\n",
        "const { pool } = require('./db');\nprocess.on('SIGTERM', pool.end.bind(pool));\n",
        "const db = require('./db');\ncloseWithGrace(db.end);\n",
        "const m = require('./db');\nmodule.exports = () => Promise.all([m.end()]);\n",
    ],
)
def test_rs104_closed_in_another_file(tmp_path, shutdown):
    files = {
        "src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\nmodule.exports.pool = pool;\n",
        "src/server.js": SERVER,
        "src/shutdown.js": shutdown,
    }
    assert scan(tmp_path, files, ("RS104",)).findings == []


def test_rs104_getter_and_factory(tmp_path):
    files = {
        "src/db.ts": "import { Pool } from 'pg';\nlet _pool: Pool | null = null;\n"
        "export function getPool() { if (!_pool) { _pool = new Pool({ max: 3 }); } return _pool; }\n"
        "export function makeKnex() { return require('knex')({ client: 'pg', connection: process.env.URL }); }\n",
        "src/server.ts": "import express from 'express';\nimport { getPool, makeKnex } from './db';\nconst db = makeKnex();\n"
        "const app = express();\nconst server = app.listen(3000);\n"
        "process.on('SIGTERM', async () => { server.close(); await getPool().end(); await db.destroy(); });\n",
    }
    assert scan(tmp_path, files, ("RS104",)).findings == []


def test_rs104_only_test_closes(tmp_path):
    files = {
        "src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\n",
        "src/server.js": SERVER,
        "test/teardown.js": "const pool = require('../src/db');\nafterAll(() => pool.end());\n",
    }
    assert hits(scan(tmp_path, files, ("RS104",)), "RS104") == [("src/db.js", 2)]


def test_rs104_nest(tmp_path):
    repo = """
        import { Injectable } from '@nestjs/common';
        import { Pool } from 'pg';
        @Injectable()
        export class Repo {
          private pool = new Pool({ max: 2 });
          async onModuleDestroy() { await this.pool.end(); }
        }
        @Injectable()
        export class Other {
          private pool = new Pool({ max: 2 });
        }
        """
    main = "import { NestFactory } from '@nestjs/core';\nimport { Repo } from './repo';\nasync function bootstrap() { const app = await NestFactory.create(AppModule); await app.listen(3000); }\nbootstrap();\n"
    r = scan(tmp_path, {"src/repo.ts": repo, "src/main.ts": main}, ("RS104",))
    assert hits(r, "RS104") == [("src/repo.ts", 11)]
    main_hooks = main.replace("await app.listen", "app.enableShutdownHooks(); await app.listen")
    r = scan(tmp_path / "hooks", {"src/repo.ts": repo, "src/main.ts": main_hooks}, ("RS104",))
    assert r.findings == []


def test_rs104_monorepo_services_judged_separately(tmp_path):
    files = {
        "services/api/package.json": '{"name": "api", "dependencies": {"pg": "8"}}',
        "services/api/src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\n",
        "services/api/src/server.js": SERVER + "process.on('SIGTERM', () => require('./db').end());\n",
        "services/jobs/package.json": '{"name": "jobs", "dependencies": {"pg": "8"}}',
        "services/jobs/src/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nmodule.exports = pool;\n",
        "services/jobs/src/worker.js": "const { Worker } = require('bullmq');\nconst pool = require('./db');\nnew Worker('jobs', async (job) => pool.query('select 1'));\n",
    }
    r = scan(tmp_path, files, ("RS104",))
    assert hits(r, "RS104") == [("services/jobs/src/db.js", 2)]


def test_rs104_started_by_dockerfile_cmd(tmp_path):
    files = {
        "Dockerfile": 'FROM node:20\nCMD ["node", "src/loop.js"]\n',
        "src/loop.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 3 });\nasync function tick() { await pool.query('select 1'); setTimeout(tick, 1000); }\ntick();\n",
    }
    assert hits(scan(tmp_path, files, ("RS104",)), "RS104") == [("src/loop.js", 2)]


def test_fingerprints_stable_when_lines_added_above(tmp_path):
    code = "const { Pool } = require('pg');\nconst pool = new Pool();\n"
    a = scan(tmp_path / "a", {"src/db.js": code}, ("RS101",))
    b = scan(tmp_path / "b", {"src/db.js": "// header\n\n" + code}, ("RS101",))
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings]


# --------------------------------------------------------------------------- Python


@needs_py
def test_py_module_alias_and_lookalikes(tmp_path):
    code = """
        import multiprocessing
        from multiprocessing import Pool
        import psycopg_pool as pp

        workers = Pool(4)
        procs = multiprocessing.Pool(processes=2)
        pool = pp.ConnectionPool(settings.DATABASE_URL, timeout=10)
        # engine = create_engine(url)
        doc = "engine = create_engine(url, pool_timeout=None)"
        """
    r = scan(tmp_path, {"app/db.py": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS101") == []
    assert hits(r, "RS102") == [("app/db.py", 8)]
    assert hits(r, "RS103") == [("app/db.py", 8)]


@needs_py
def test_py_sqlalchemy_variants(tmp_path):
    code = """
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool, StaticPool

        a = create_engine(settings.DATABASE_URL, poolclass=NullPool)
        b = create_engine("sqlite://", poolclass=StaticPool)
        c = create_engine(settings.DATABASE_URL, pool_size=settings.POOL_SIZE, pool_timeout=settings.POOL_TIMEOUT)
        d = create_engine("postgresql+psycopg2://app@db/app?options=-c%20statement_timeout%3D5000", **engine_kwargs)
        e = create_engine("mysql+pymysql://app@db/app")
        """
    r = scan(tmp_path, {"app/db.py": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS101") == []
    assert hits(r, "RS102") == [("app/db.py", 9)]
    assert hits(r, "RS103") == [("app/db.py", 7)]  # NullPool (line 5) is not a pool


@needs_py
def test_py_statement_timeout_via_connect_event(tmp_path):
    files = {
        "app/db.py": "from sqlalchemy import create_engine\nengine = create_engine(settings.DATABASE_URL, pool_size=5)\n",
        "app/events.py": "from sqlalchemy import event\nfrom app.db import engine\n\n@event.listens_for(engine, 'connect')\n"
        "def _on_connect(conn, rec):\n    conn.cursor().execute('SET statement_timeout = 5000')\n",
    }
    assert hits(scan(tmp_path, files, ("RS103",)), "RS103") == []


@needs_py
def test_py_psycopg2_positional_max(tmp_path):
    code = "from psycopg2 import pool\n\ndb = pool.ThreadedConnectionPool(1, 20, dsn=settings.DSN)\n"
    r = scan(tmp_path, {"app/db.py": code}, ("RS101", "RS102", "RS103"))
    assert hits(r, "RS102") == [] and hits(r, "RS101") == []
    assert hits(r, "RS103") == [("app/db.py", 3)]


@needs_py
def test_py_asyncpg_acquire(tmp_path):
    files = {
        "app/db.py": "import asyncpg\n\nasync def create():\n    return await asyncpg.create_pool(dsn=DSN, max_size=5, command_timeout=10)\n",
        "app/main.py": "from fastapi import FastAPI\nfrom app.db import create\n\napp = FastAPI()\n\n"
        "@app.on_event('startup')\nasync def startup():\n    app.state.pool = await create()\n\n"
        "@app.get('/u')\nasync def users(request):\n    return await request.app.state.pool.fetch('SELECT 1')\n",
    }
    r = scan(tmp_path, files, ("RS101",))
    assert hits(r, "RS101") == [("app/db.py", 4)]
    assert r.findings[0].related[0].path == "app/main.py"
    files["app/main.py"] = files["app/main.py"].replace(".fetch('SELECT 1')", ".fetch('SELECT 1', timeout=5)")
    assert scan(tmp_path / "ok", files, ("RS101",)).findings == []


@needs_py
def test_py_asyncpg_acquire_behind_a_semaphore(tmp_path):
    # r2r 3.6.6 core/providers/database/base.py: `async with self.semaphore:` (an
    # asyncio.Semaphore of 90 % of the pool's size) around `async with self.pool.acquire()`:
    # callers queue on the semaphore, with no timeout, and timeout= on the acquire would not end that
    code = (
        "import asyncio\nimport asyncpg\nfrom contextlib import asynccontextmanager\n\n"
        "class SemaphoreConnectionPool:\n"
        "    async def initialize(self):\n"
        "        self.semaphore = asyncio.Semaphore(int(self.settings.max_connections * 0.9))\n"
        "        self.pool = await asyncpg.create_pool(self.dsn, max_size=self.settings.max_connections)\n\n"
        "    @asynccontextmanager\n"
        "    async def get_connection(self):\n"
        "        async with self.semaphore:\n"
        "            async with self.pool.acquire() as conn:\n"
        "                yield conn\n"
    )
    r = scan(tmp_path, {"core/db/base.py": code}, ("RS101",))
    assert hits(r, "RS101") == [("core/db/base.py", 8)]
    msg = r.findings[0].message
    assert "callers wait on `self.semaphore` (core/db/base.py:7, an asyncio.Semaphore)" in msg
    assert "pass timeout= to pool.acquire()" not in msg
    assert [(x.line, x.message) for x in r.findings[0].related] == [
        (7, "`self.semaphore` created here (asyncio.Semaphore, no timeout on its wait)"),
        (13, "acquires a connection from `self.pool` after waiting on `self.semaphore` with no timeout"),
    ]
    # the acquire alone under a timeout=: still a wait with no end, on the semaphore
    assert hits(scan(tmp_path / "t", {"core/db/base.py": code.replace(".acquire()", ".acquire(timeout=5)")}, ("RS101",)), "RS101") == [
        ("core/db/base.py", 8)
    ]
    # a plain acquire keeps the pool's message
    plain = code.replace("        async with self.semaphore:\n            async with", "        async with").replace("                yield", "            yield")
    r = scan(tmp_path / "p", {"core/db/base.py": plain}, ("RS101",))
    assert "pass timeout= to pool.acquire()" in r.findings[0].message


@needs_py
def test_py_rs104(tmp_path):
    files = {
        "app/db.py": "from sqlalchemy import create_engine\nengine = create_engine(settings.DATABASE_URL, pool_size=5)\n",
        "app/main.py": "from flask import Flask\nfrom app.db import engine\napp = Flask(__name__)\n",
        "scripts/seed.py": "import asyncio, asyncpg\n\nasync def main():\n    pool = await asyncpg.create_pool(DSN)\n    await pool.fetch('select 1')\n\nasyncio.run(main())\n",
    }
    assert hits(scan(tmp_path, files, ("RS104",)), "RS104") == [("app/db.py", 2)]
    files["app/shutdown.py"] = "import atexit\nfrom app import db\natexit.register(db.engine.dispose)\n"
    assert scan(tmp_path / "ok", files, ("RS104",)).findings == []


@needs_py
def test_py_rs104_context_manager_and_lifespan(tmp_path):
    files = {
        "app/main.py": "from contextlib import asynccontextmanager\nfrom fastapi import FastAPI\nfrom psycopg_pool import AsyncConnectionPool\n\n"
        "@asynccontextmanager\nasync def lifespan(app):\n    async with AsyncConnectionPool(settings.DSN, max_size=5) as pool:\n"
        "        app.state.pool = pool\n        yield\n\napp = FastAPI(lifespan=lifespan)\n",
    }
    assert scan(tmp_path, files, ("RS104",)).findings == []


def test_rs104_through_path_alias_and_one_finding_per_variable(tmp_path):
    files = {
        "src/models/index.js": "const { Sequelize } = require('sequelize');\nlet sequelize;\n"
        "if (process.env.DATABASE_URL) { sequelize = new Sequelize(process.env.DATABASE_URL, config); }\n"
        "else { sequelize = new Sequelize(config.database, config.username, config.password, config); }\n"
        "module.exports = { sequelize };\n",
        "src/server.ts": "import express from 'express';\nimport { sequelize } from '@/models';\nconst app = express();\napp.listen(3000);\n",
    }
    r = scan(tmp_path, files, ("RS101", "RS102", "RS103", "RS104"))
    assert hits(r, "RS104") == [("src/models/index.js", 3)]
    assert [f.rule_id for f in r.findings] == ["RS104"]


def test_migration_tooling_is_not_a_service_pool(tmp_path):
    files = {
        "alembic/env.py": "from sqlalchemy import create_engine\nconnectable = create_engine(config.get_main_option('sqlalchemy.url'))\n",
        "db/migrations/run.js": "const { Pool } = require('pg');\nconst pool = new Pool();\n",
    }
    assert scan(tmp_path, files).findings == []


@needs_py
def test_alembic_env_outside_a_migrations_folder_is_tooling(tmp_path):
    # LinOTP's upgrades/env.py: an alembic environment script in a folder not named for migrations
    app = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/healthz")\ndef health():\n    return "ok"\n'
    env = """
        from alembic import context
        from sqlalchemy import create_engine

        from app import app

        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))


        def run_online():
            with engine.connect() as conn:
                context.configure(connection=conn)
                with context.begin_transaction():
                    context.run_migrations()


        run_online()
        """
    files = {"app.py": app, "requirements.txt": "flask\n", "db/env.py": env}
    assert scan(tmp_path / "env", files).findings == []
    # look-alike: a service module that migrates on start-up (alembic.command) and then serves is judged
    served = env.replace("from alembic import context", "from alembic import command").replace(
        'context.config.get_main_option("sqlalchemy.url")', 'os.environ["DATABASE_URL"]')
    found = scan(tmp_path / "served", {**files, "db/env.py": served})
    assert {f.rule_id for f in found.findings if f.path == "db/env.py"} == {"RS102", "RS103", "RS104"}


def test_mysql_url_with_connection_limit(tmp_path):
    code = "const mysql = require('mysql2');\nconst pool = mysql.createPool('mysql://app@db/app?connectionLimit=20');\n"
    assert scan(tmp_path, {"src/db.js": code}, ("RS102",)).findings == []


@needs_py
def test_py_worker_loop_is_long_running(tmp_path):
    worker = """
        import time
        import psycopg_pool

        pool = psycopg_pool.ConnectionPool(DSN, max_size=4)

        def main():
            while True:
                with pool.connection() as conn:
                    conn.execute("DELETE FROM sessions WHERE expires_at < now()")
                time.sleep(60)

        if __name__ == "__main__":
            main()
        """
    r = scan(tmp_path, {"worker.py": worker}, ("RS104",))
    assert hits(r, "RS104") == [("worker.py", 5)]
    assert "while True" in r.findings[0].related[0].message
    oneoff = worker.replace("while True:", "for _ in range(1):")
    assert scan(tmp_path / "oneoff", {"worker.py": oneoff}, ("RS104",)).findings == []


@needs_py
def test_py_retry_loop_that_returns_is_not_a_worker_loop(tmp_path):
    retry = """
        import time
        import psycopg_pool

        pool = psycopg_pool.ConnectionPool(DSN, max_size=4)

        def with_retries(fn):
            attempt = 0
            while True:
                try:
                    return fn()
                except OSError:
                    attempt += 1
                    if attempt > 5:
                        raise
                    time.sleep(0.1)
        """
    # a retry loop returns its result: this file starts no long-running process
    assert scan(tmp_path, {"retry.py": retry}, ("RS104",)).findings == []


@needs_py
def test_orphan_module_runs_in_the_server_not_a_worker_loop(tmp_path):
    """A module no parsed file imports, in a service with unparsed modules,
    is given the service's process: the root that starts a server, before a
    worker loop that comes first in path order (pgAdmin's
    check_external_config_db.py got pgacloud/providers/aws.py's
    `while running:` wait loop)."""
    files = {
        "requirements.txt": "flask\nsqlalchemy\npsycopg2\n",
        "a_poller/loop.py": "import time\n\ndef poll(q):\n    while True:\n        q.get_message()\n        time.sleep(1)\n",
        "web/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "web/store.py": "import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ['DATABASE_URL'], pool_size=5)\n",
        "web/helpers.py": "def slug(text):\n    return text.lower()\n",
    }
    r = scan(tmp_path, files, ("RS104",))
    assert hits(r, "RS104") == [("web/store.py", 3)]
    assert (r.findings[0].related[0].path, r.findings[0].related[0].line) == ("web/app.py", 2)


@needs_py
def test_orphan_python_module_runs_in_the_python_server_not_a_node_script(tmp_path):
    """A Python module no parsed file imports runs in its service's Python
    process, not in a Node script of the same service that comes first in
    path order (pyspider 0.3.10: its SQLAlchemy engines were said to run in
    fetcher/phantomjs_fetcher.js's server.listen(), a script the PhantomJS
    binary serves, rather than scheduler.py's tornado HTTPServer).  With no
    Python process in the service, the module runs in none that is known."""
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='crawler')\n",
        "crawler/fetcher/phantom.js": "const http = require('http');\nhttp.createServer((req, res) => res.end('ok')).listen(25555);\n",
        "crawler/web/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "crawler/store/db.py": "import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ['DATABASE_URL'], pool_size=5)\n",
        "crawler/helpers.py": "def slug(text):\n    return text.lower()\n",
    }
    r = scan(tmp_path / "mixed", files, ("RS104",))
    assert hits(r, "RS104") == [("crawler/store/db.py", 3)]
    assert (r.findings[0].related[0].path, r.findings[0].related[0].line) == ("crawler/web/app.py", 2)
    del files["crawler/web/app.py"]
    assert scan(tmp_path / "node_only", files, ("RS104",)).findings == []


@needs_py
def test_rs104_engine_built_per_call_and_dropped(tmp_path):
    """fides' validate_db_engine: an engine built on every call for that
    call's own query and never disposed leaks a pool per call; RS104 says so
    (not 'on SIGTERM the process dies with ...'), and RS102 does not size it.
    An engine the function returns is the caller's pool: unchanged."""
    files = {
        "app/main.py": "import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == '__main__':\n    uvicorn.run(app)\n",
        "app/utils.py": (
            "import sqlalchemy\n"
            "from app.main import app\n\n"
            "def validate_db_engine(connection_string):\n"
            "    try:\n"
            "        engine = sqlalchemy.create_engine(connection_string, connect_args={'connect_timeout': 10})\n"
            "        with engine.begin() as connection:\n"
            "            connection.execute('SELECT 1')\n"
            "    except Exception as error:\n"
            "        raise ValueError(error)\n\n"
            "def get_db_engine(connection_string):\n"
            "    engine = sqlalchemy.create_engine(connection_string)\n"
            "    with engine.begin() as connection:\n"
            "        connection.execute('SELECT 1')\n"
            "    return engine\n"
        ),
    }
    r = scan(tmp_path, files, ("RS102", "RS104"))
    assert hits(r, "RS102") == [("app/utils.py", 13)]
    assert hits(r, "RS104") == [("app/utils.py", 6), ("app/utils.py", 13)]
    per_call, kept = messages(r, "RS104")
    assert "built anew on every call of `validate_db_engine()` and never disposed (no engine.dispose() before it returns)" in per_call
    assert "garbage collector" in per_call and "SIGTERM" not in per_call
    assert "on SIGTERM or a redeploy" in kept
