"""Tests for the JavaScript / TypeScript frontend."""

from __future__ import annotations

import json
import time

import pytest

from riskscan.facts import ARR, BOOL, CALL, ENV, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, FileFacts, from_json, to_json
from riskscan.frontends import SkipFile
from riskscan.frontends.javascript import extract


def ex(src: str, path: str = "src/app.js") -> FileFacts:
    facts = extract(path, src.encode("utf-8"))
    # facts must survive the JSON cache round trip (compared in JSON form: the
    # cache turns an empty OBJ/ARR's {} / [] into None)
    data = json.loads(json.dumps(to_json(facts)))
    assert to_json(from_json("FileFacts", data)) == data
    return facts


def calls_to(facts: FileFacts, callee: str):
    return [c for c in facts.calls if c.callee == callee]


def one(facts: FileFacts, callee: str):
    found = calls_to(facts, callee)
    assert len(found) == 1, [c.callee for c in facts.calls]
    return found[0]


# ---------------------------------------------------------------------------
# imports


def test_commonjs_imports_and_relative_modules():
    f = ex(
        """
const x = require('m');
const { A, B: C } = require('n');
const D = require('o').D;
const db = require('../lib/db');
const idx = require('./util/index.js');
const { ThrottlerGuard } = require('@nestjs/throttler');
let late; late = require('late-mod');
""",
        path="src/api/a.js",
    )
    assert f.imports["x"] == "m"
    assert f.imports["A"] == "n.A"
    assert f.imports["C"] == "n.B"
    assert f.imports["D"] == "o.D"
    assert f.imports["db"] == "./src/lib/db"
    assert f.imports["idx"] == "./src/api/util"
    assert f.imports["ThrottlerGuard"] == "@nestjs/throttler.ThrottlerGuard"
    assert f.imports["late"] == "late-mod"
    assert f.modules == ["m", "n", "o", "./src/lib/db", "./src/api/util", "@nestjs/throttler", "late-mod"]
    assert f.lang == "js"


def test_esm_imports():
    f = ex(
        """
import x, { A } from 'm';
import * as ns from 'n';
import { A as B, default as Def } from 'o';
import './side-effect.mjs';
export { thing } from './reexport';
const lazy = await import('p');
"""
    )
    assert f.imports == {"x": "m", "A": "m.A", "ns": "n", "B": "o.A", "Def": "o", "lazy": "p"}
    assert f.modules == ["m", "n", "o", "./src/side-effect", "./src/reexport", "p"]


def test_ts_import_equals_require():
    f = ex("import x = require('m');\nimport type { T } from 'types';\n", path="a.ts")
    assert f.imports["x"] == "m"
    assert f.lang == "ts"


# ---------------------------------------------------------------------------
# calls, callees, receivers


def test_destructured_renamed_pool_with_config_object():
    f = ex(
        """
const { Pool: PgPool } = require('pg');
const cfg = { host: 'db', max: 10, connectionTimeoutMillis: 5000 };
const pool = new PgPool(cfg);
"""
    )
    c = one(f, "pg.Pool")
    assert c.new and c.assigned == "pool" and c.method == ""
    arg = c.args[0]
    assert arg.k == OBJ and set(arg.keys) == {"host", "max", "connectionTimeoutMillis"}
    assert arg.keys["max"] == type(arg)(NUM, "10", line=3)


def test_default_import_member_constructor():
    f = ex("import pg from 'pg';\nconst pool = new pg.Pool({ max: 5 });\nawait pool.query('select 1');\n", path="x.mjs")
    assert one(f, "pg.Pool").args[0].keys["max"].v == "5"
    q = one(f, "pool.query")
    assert q.recv == "pool" and q.recv_type == "pg.Pool" and q.method == "query" and q.awaited


def test_named_and_renamed_esm_callees():
    f = ex(
        """
import Redis from 'ioredis';
import IORedis from 'ioredis';
import { createClient as mk } from 'redis';
import rateLimit from 'express-rate-limit';
const a = new Redis();
const b = new IORedis.Cluster([]);
const c = mk({ url: 'redis://x' });
const d = rateLimit({ max: 5 });
fetch('/x');
"""
    )
    assert [c.callee for c in f.calls] == ["ioredis", "ioredis.Cluster", "redis.createClient", "express-rate-limit", "fetch"]
    assert [c.assigned for c in f.calls] == ["a", "b", "c", "d", ""]


def test_recv_type_tracking_this_and_alias():
    f = ex(
        """
const { Pool } = require('pg');
class Repo {
  constructor() { this.pool = new Pool(); }
  async get() { return this.pool.query('select 1'); }
}
const pool = new Pool();
const db = pool;
db.query('x');
pool.connect().then((c) => c.release());
let client;
client = require('redis').createClient();
client.on('error', () => {});
"""
    )
    q = one(f, "this.pool.query")
    assert q.recv == "this.pool" and q.recv_type == "pg.Pool" and q.assigned == "return"
    assert q.func == "get@5"
    assert one(f, "db.query").recv_type == "pg.Pool"
    then = one(f, "pool.connect().then")
    assert then.recv_type == "pool.connect" and then.method == "then"
    assert one(f, "pool.connect").recv_type == "pg.Pool"
    create = one(f, "redis.createClient")
    assert create.assigned == "client"
    assert one(f, "client.on").recv_type == "redis.createClient"
    assert [c.assigned for c in calls_to(f, "pg.Pool")] == ["this.pool", "pool"]


def test_assigned_forms_and_chained_calls():
    f = ex(
        """
module.exports.pool = makePool();
exports.other = makeOther();
export const conn = connect();
const { rows } = await pool.query('q');
function f() { return build(); }
const g = () => arrowBody();
knex('jobs').where({ id }).update({ status: 'done' });
"""
    )
    assert one(f, "makePool").assigned == "exports.pool"
    assert one(f, "makeOther").assigned == "exports.other"
    assert one(f, "connect").assigned == "conn"
    assert one(f, "pool.query").assigned == ""
    assert one(f, "build").assigned == "return"
    assert one(f, "arrowBody").assigned == "return"
    upd = one(f, "knex().where().update")
    assert upd.method == "update" and upd.recv == "knex('jobs').where({ id })"
    assert upd.args[0].keys["status"].v == "done"
    assert one(f, "knex().where").recv_type == "knex"


def test_call_positions_and_text_unicode_columns():
    f = ex("const s = 'ünï'; foo(1,\n  2);\n")
    c = one(f, "foo")
    assert (c.line, c.col, c.end_line, c.end_col) == (1, 18, 2, 5)
    assert c.text == "foo(1,"


def test_tagged_template_decorator_and_nested_calls():
    f = ex(
        """
const r = sql`UPDATE jobs SET status = ${s} WHERE id = ${id}`;
const q = sql`SELECT 1`;
app.get('/', wrap(async (req, res) => { await inner(); }));
"""
    )
    tagged = calls_to(f, "sql")
    assert tagged[0].args[0].k == TMPL and tagged[0].args[0].v.startswith("UPDATE jobs SET status = ${s}")
    assert tagged[1].args[0].k == STR and tagged[1].args[0].v == "SELECT 1"
    inner = one(f, "inner")
    assert inner.awaited and inner.func == "<anon>@4"
    wrap = one(f, "wrap")
    assert wrap.args[0].k == FN and wrap.args[0].v == "<anon>@4"
    get = one(f, "app.get")
    assert get.args[1].k == CALL and get.args[1].v == "wrap" and f.calls[get.args[1].call] is wrap


# ---------------------------------------------------------------------------
# values


def test_literal_values():
    f = ex(
        """
use('s', `t`, `a${b}`, 42, Infinity, true, null, undefined, -1, [1, 'x'], x => x, 1 + 2, cfg.db, this.x);
"""
    )
    kinds = [(a.k, a.v) for a in one(f, "use").args]
    assert kinds[:9] == [
        (STR, "s"),
        (STR, "t"),
        (TMPL, "a${b}"),
        (NUM, "42"),
        (NUM, "Infinity"),
        (BOOL, "true"),
        (NULL, "null"),
        (NULL, "undefined"),
        (NUM, "-1"),
    ]
    arr = one(f, "use").args[9]
    assert arr.k == ARR and [i.v for i in arr.items] == ["1", "x"]
    assert kinds[10][0] == FN
    assert kinds[11] == (OTHER, "1 + 2")
    assert kinds[12] == (IDENT, "cfg.db")
    assert kinds[13] == (IDENT, "this.x")


def test_env_values():
    f = ex(
        """
const { PG_HOST } = process.env;
const env = process.env;
new Pool({
  a: process.env.A,
  b: process.env['B'],
  c: Number(process.env.C),
  d: parseInt(process.env.D, 10),
  e: process.env.E || 5,
  f: process.env.F ?? 5,
  g: PG_HOST,
  h: env.H,
  i: process.env.HOSTS.split(','),
  j: rateLimit({ max: process.env.MAX }),
});
"""
    )
    keys = one(f, "Pool").args[0].keys
    for k in "abcdefghi":
        assert keys[k].k == ENV, (k, keys[k])
    assert keys["a"].v == "process.env.A"
    assert keys["d"].v == "parseInt(process.env.D, 10)"
    assert keys["g"].v == "process.env.PG_HOST"
    assert keys["j"].k == CALL and keys["j"].v == "rateLimit"


def test_spread_merge_and_open_spread():
    f = ex(
        """
const base = { max: 5, idleTimeoutMillis: 100 };
function make(opts) {
  new Pool({ ...base, max: 10 });
  new Pool({ ...opts, max: 1 });
  new Pool({ max, [`k`]: 1, 'q': 2, m() {}, ...base });
}
const max = 3;
"""
    )
    merged, opened, other = calls_to(f, "Pool")
    assert merged.args[0].keys["max"].v == "10" and merged.args[0].keys["idleTimeoutMillis"].v == "100"
    assert not merged.args[0].open
    assert opened.args[0].open and opened.args[0].keys["max"].v == "1"
    keys = other.args[0].keys
    assert keys["max"].v == "5"  # the later spread overrides the shorthand
    assert keys["k"].v == "1" and keys["q"].v == "2" and keys["m"].k == FN


def test_identifier_resolution_hops_and_functions():
    f = ex(
        """
const a = { x: 1 };
const b = a;
const c = b;
const NAME = 'jobs';
function handler() {}
const arrow = async () => {};
import { imported } from 'lib';
use(c, NAME, handler, arrow, imported, unknown, Object.freeze({ q: NAME }), a.x);
"""
    )
    args = one(f, "use").args
    assert args[0].k == OBJ and args[0].keys["x"].v == "1"
    assert args[1] == type(args[1])(STR, "jobs", line=5)
    assert args[2].k == FN and args[2].v == "handler@6"
    assert args[3].k == FN and args[3].v == "arrow@7"
    assert args[4].k == IDENT and args[4].v == "lib.imported"
    assert args[5].k == IDENT and args[5].v == "unknown"
    assert args[6].k == OBJ and args[6].keys["q"].v == "jobs"
    assert args[7].k == NUM and args[7].v == "1"


def test_ts_wrappers_generics_and_decorators():
    f = ex(
        """
import { Pool, PoolConfig } from 'pg';
const cfg = { max: 4 } satisfies PoolConfig;
export class Svc {
  private pool = new Pool<Row>(cfg as PoolConfig);
  constructor(@Inject(TOKEN) private readonly redis: Redis) {}
  @Cron('* * * * *')
  async tick(): Promise<void> {
    const r = await this.pool!.query<Row>(<string>'q');
  }
}
""",
        path="src/svc.ts",
    )
    p = one(f, "pg.Pool")
    assert p.assigned == "this.pool" and p.args[0].keys["max"].v == "4"
    q = one(f, "this.pool.query")
    assert q.recv_type == "pg.Pool" and q.awaited and q.args[0] == type(q.args[0])(STR, "q", line=9)
    tick = next(fn for fn in f.funcs if fn.name == "tick")
    assert tick.cls == "Svc" and tick.is_async and tick.decorators[0].k == CALL and tick.decorators[0].v == "Cron"
    ctor = next(fn for fn in f.funcs if fn.name == "constructor")
    assert ctor.params == ["redis"]
    assert one(f, "Inject").func == ctor.id


# ---------------------------------------------------------------------------
# funcs and classes


def test_funcs_names_parents_params():
    f = ex(
        """
async function outer(a, { b, c: d }, [e], ...rest) {
  const inner = (x = 1) => x;
  return { method() {}, prop: function () {} };
}
const obj = { handler: async (req) => {} };
module.exports.run = function* () {};
class K extends Base {
  m(q) {}
  field = () => {};
}
function outer() {}
"""
    )
    by_name = {fn.id: fn for fn in f.funcs}
    assert by_name["outer@2"].params == ["a", "b", "d", "e", "rest"] and by_name["outer@2"].is_async
    assert by_name["inner@3"].parent == "outer@2" and by_name["inner@3"].params == ["x"]
    assert by_name["method@4"].parent == "outer@2" and by_name["method@4"].cls == ""
    assert by_name["prop@4"].name == "prop"
    assert by_name["handler@6"].is_async
    assert by_name["run@7"].name == "run"
    assert by_name["m@9"].cls == "K"
    assert by_name["field@10"].cls == "K"
    assert "outer@12" in by_name
    assert f.extra["classes"][0]["name"] == "K" and f.extra["classes"][0]["extends"] == "Base"


def test_funcs_named_through_esbuild_keep_names():
    """esbuild's keepNames output wraps each named function in ``__name(fn,
    "name")``: the function is named for its field or variable, and a field's
    belongs to the class; a ``__name`` call of a declared function (the
    helper's statement form) or with one argument names nothing."""
    f = ex(
        """
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });
class Queue {
  listen = /* @__PURE__ */ __name((channel) => {
    this.read(channel);
  }, "listen");
}
const shouldChange = /* @__PURE__ */ __name(() => true, "shouldChange");
function download() {}
__name(download, "download");
const other = wrap(() => 1, "other");
"""
    )
    by_name = {fn.id: fn for fn in f.funcs}
    assert by_name["listen@4"].cls == "Queue" and by_name["listen@4"].params == ["channel"]
    assert "shouldChange@8" in by_name
    assert "<anon>@11" in by_name and "other@11" not in by_name


def test_duplicate_func_ids_get_suffix():
    f = ex("a(() => 1, () => 2, () => 3);")
    assert [fn.id for fn in f.funcs] == ["<anon>@1", "<anon>@1#2", "<anon>@1#3"]


def test_class_decorators_recorded():
    f = ex("@Injectable()\nexport class S {}\n@Entity('t') class E extends Model<X> {}\n", path="a.ts")
    classes = f.extra["classes"]
    assert [c["name"] for c in classes] == ["S", "E"]
    assert classes[0]["decorators"][0]["v"] == "Injectable"
    assert classes[1]["decorators"][0]["k"] == CALL and classes[1]["extends"] == "Model"


# ---------------------------------------------------------------------------
# routes


def test_express_routes_with_middleware_and_prefix():
    f = ex(
        """
const express = require('express');
const rateLimit = require('express-rate-limit');
const app = express();
const router = express.Router();
const limiter = rateLimit({ max: 5 });
const LOGIN = '/login';
app.post(LOGIN, limiter, auth.check, async (req, res) => {});
router.all('*', handler);
router.route('/users').get(list).post(validate, create);
app.use('/api', router);
app.use(limiter);
app.get('port');
function list() {}
function handler() {}
"""
    )
    routes = {(r.method, r.path): r for r in f.routes}
    assert set(routes) == {("POST", "/login"), ("ANY", "/api/*"), ("GET", "/api/users"), ("POST", "/api/users")}
    login = routes[("POST", "/login")]
    assert login.router == "app" and login.framework == "express" and login.handler == "<anon>@8"
    assert [m.v for m in login.middleware] == ["limiter", "auth.check"]
    assert routes[("ANY", "/api/*")].handler == "handler@15"
    users_get = routes[("GET", "/api/users")]
    assert users_get.handler == "list@14" and users_get.router == "router" and users_get.middleware == []
    users_post = routes[("POST", "/api/users")]
    assert [m.v for m in users_post.middleware] == ["validate"] and users_post.handler == ""


def test_http_clients_are_not_routes():
    f = ex(
        """
import axios from 'axios';
const api = axios.create({ baseURL: '/' });
axios.post('/login', creds);
api.post('/login', creds);
cache.get('/x', fallback);
"""
    )
    assert f.routes == []


def test_koa_router_prefix():
    f = ex("const Router = require('@koa/router');\nconst r = new Router({ prefix: '/auth' });\nr.post('/login', ctrl.login);\n")
    assert [(r.method, r.path, r.framework) for r in f.routes] == [("POST", "/auth/login", "koa")]


def test_fastify_routes_both_forms():
    f = ex(
        """
import Fastify from 'fastify';
const fastify = Fastify();
fastify.post('/login', { preHandler: [fastify.auth], config: { rateLimit: { max: 5 } } }, async (req, reply) => {});
fastify.route({ method: 'POST', url: '/token', handler: tokenHandler, preHandler: [limit] });
async function tokenHandler(req, reply) {}
"""
    )
    login, token = f.routes
    assert (login.method, login.path, login.framework, login.handler) == ("POST", "/login", "fastify", "<anon>@4")
    assert login.middleware[0].k == OBJ and login.middleware[0].keys["config"].keys["rateLimit"].keys["max"].v == "5"
    assert (token.method, token.path, token.framework, token.handler) == ("POST", "/token", "fastify", "tokenHandler@6")
    assert token.middleware[0].keys["preHandler"].k == ARR


def test_nest_controller_routes():
    f = ex(
        """
import { Controller, Post, Get, UseGuards } from '@nestjs/common';
import { Throttle, SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';

@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Throttle({ default: { limit: 5, ttl: 60000 } })
  @Post('login')
  async login(@Body() dto: LoginDto) { return this.auth.login(dto); }

  @SkipThrottle()
  @Get()
  me() {}
}

@Controller({ path: '/users/' })
export class Users { @Post(':id/sessions') create() {} }
""",
        path="src/auth/auth.controller.ts",
    )
    routes = {(r.method, r.path): r for r in f.routes}
    assert set(routes) == {("POST", "/auth/login"), ("GET", "/auth"), ("POST", "/users/:id/sessions")}
    login = routes[("POST", "/auth/login")]
    assert login.framework == "nest" and login.router == "AuthController" and login.handler.startswith("login@")
    assert [m.v for m in login.middleware] == ["@nestjs/throttler.Throttle", "@nestjs/common.UseGuards"]
    assert login.line == 11
    assert [m.v for m in routes[("GET", "/auth")].middleware] == ["@nestjs/throttler.SkipThrottle", "@nestjs/common.UseGuards"]


def test_nest_decorators_in_js_grammar():
    # decorators inside method_definition (tree-sitter-javascript layout)
    f = ex("@Controller('a')\nclass C {\n  @Post('b')\n  m() {}\n}\n", path="c.js")
    assert [(r.method, r.path) for r in f.routes] == [("POST", "/a/b")]


def test_next_pages_api_route():
    f = ex("export default async function handler(req, res) { res.json({}) }\n", path="web/src/pages/api/auth/login.ts")
    assert [(r.method, r.path, r.framework, r.handler) for r in f.routes] == [("ANY", "/api/auth/login", "next", "handler@1")]
    f = ex("const h = (req, res) => {};\nexport default withLimit(h);\n", path="pages/api/users/[id]/index.js")
    (r,) = f.routes
    assert r.path == "/api/users/[id]" and r.handler == "h@1" and r.middleware[0].v == "withLimit"


def test_next_app_router_route():
    f = ex(
        "export async function POST(req: Request) {}\nexport const GET = async () => {};\nexport function helper() {}\n",
        path="app/(auth)/api/login/route.ts",
    )
    assert [(r.method, r.path, r.handler) for r in f.routes] == [("GET", "/api/login", "GET@2"), ("POST", "/api/login", "POST@1")]


# ---------------------------------------------------------------------------
# consts and attrs


def test_consts():
    f = ex(
        """
export const QUEUE = 'emails';
const TIMEOUT = 30000, OPTS = { attempts: 3 }, list = ['a'];
let notConst = compute();
var PORT = process.env.PORT || 3000;
function f() { const inner = 1; }
module.exports = { A: 'x', QUEUE, B: notConst };
exports.C = 'c';
module.exports.D = 4;
""",
    )
    c = f.consts
    assert c["QUEUE"].v == "emails" and c["TIMEOUT"].v == "30000" and c["OPTS"].keys["attempts"].v == "3"
    assert c["list"].k == ARR and c["PORT"].k == ENV
    assert c["A"].v == "x" and c["C"].v == "c" and c["D"].v == "4"
    assert "notConst" not in c and "inner" not in c and "B" not in c


def test_ts_enum_consts():
    f = ex("export enum Q { A = 'a', B = 'b' }\nenum N { X, Y = 5, Z }\n", path="q.ts")
    assert {k: v.v for k, v in f.consts["Q"].keys.items()} == {"A": "a", "B": "b"}
    assert {k: v.v for k, v in f.consts["N"].keys.items()} == {"X": "0", "Y": "5", "Z": "6"}


def test_attrs():
    f = ex("if (wss.clients.size > max) {}\nws.isAlive = false;\nprocess.env['PG_MAX'];\n")
    assert f.attrs == ["clients.size", "env.PG_MAX", "process.env", "wss.clients"]


# ---------------------------------------------------------------------------
# grammars, errors, robustness


def test_jsx_in_js():
    f = ex("const App = () => <div onClick={() => track('x')}>{fmt(a)}</div>;\n", path="src/App.jsx")
    assert {c.callee for c in f.calls} == {"track", "fmt"}
    f = ex("export default function A() { return <b>{x()}</b>; }\n", path="src/a.js")
    assert [c.callee for c in f.calls] == ["x"]


def test_flow_annotations_fall_back_to_tsx():
    f = ex("// @flow\nfunction f(x: number): string { return g(x); }\nconst el = <div />;\n", path="src/flow.js")
    assert one(f, "g").func == "f@2"
    assert f.lang == "js" and f.extra.get("grammar") == "tsx"


def test_syntax_error_reports_line():
    with pytest.raises(SkipFile, match=r"syntax error at line 3"):
        extract("a.js", b"const a = 1;\nconst b = 2;\nconst = = ;\n")
    with pytest.raises(SkipFile, match=r"syntax error at line 2"):
        extract("a.ts", b"let a = 1;\nfunction (\n")


@pytest.mark.parametrize("path", ["lib/compiler.js", "lib/compiler.ts", "lib/compiler.tsx"])
def test_using_as_an_identifier_is_parsed(path):
    """``using`` is an ordinary identifier outside a ``using`` declaration; the
    grammars reject it at the start of a statement (knex's pg-querycompiler.js
    was skipped as a syntax error), so the file is parsed with it renamed and
    every text still reads ``using``."""
    src = (
        "const { Pool } = require('pg');\n"
        "let using = '';\n"
        "if (tables.length > 0) {\n"
        "  using += (using ? ',' : 'using ') + tables.join(',');\n"
        "}\n"
        "using(pool);\n"
        "const pool = new Pool({ max: 5 });\n"
    )
    f = ex(src, path=path)
    assert one(f, "pg.Pool").line == 7
    call = one(f, "using")
    assert (call.line, call.col, call.text) == (6, 1, "using(pool)")
    assert [c.text for c in f.calls if c.method == "join"] == ["tables.join(',')"]


def test_using_declarations_still_parse_and_real_errors_still_skip():
    f = ex("async function f() {\n  await using res = open();\n  using(res);\n}\n")
    assert [c.callee for c in f.calls] == ["open", "using"]
    with pytest.raises(SkipFile, match=r"syntax error at line 2"):
        extract("a.js", b"let using = 1;\nconst = = using;\n")


@pytest.mark.parametrize("path", ["src/vue.ts", "src/vue.tsx"])
def test_import_type_as_a_type_argument_is_parsed(path):
    """``Readonly<import('vue').Ref<boolean>>`` is valid TypeScript, but
    tree-sitter-typescript fails the file on an import type used as a type
    argument (ultralytics' src/vue.ts was skipped as a syntax error at line 28);
    the file is parsed with the import type renamed, every text is read from
    the original bytes, and a called dynamic import keeps its call."""
    src = (
        "export interface UseUltralyticsReturn {\n"
        "  isInitialized: Readonly<import('vue').Ref<boolean>>;\n"
        "  sessionId: Readonly<import(\"vue\").Ref<string | null>>;\n"
        "}\n"
        "const mod = import('./plugin').then((m) => m.default);\n"
        "async function send(endpoint: string) {\n"
        "  return fetch(`${endpoint}/api/events`, { method: 'POST' });\n"
        "}\n"
    )
    f = ex(src, path=path)
    call = one(f, "fetch")
    assert (call.line, call.col, call.text) == (7, 10, "fetch(`${endpoint}/api/events`, { method: 'POST' })")
    assert sorted(c.callee for c in f.calls if c.line == 5) == ["./src/plugin.then", "import"]


def test_import_type_patch_leaves_real_errors_and_js_alone():
    with pytest.raises(SkipFile):
        extract("a.ts", b"type A = Readonly<import('vue').Ref<boolean>>;\nlet b = 1;\nconst = = b;\n")
    with pytest.raises(SkipFile):
        extract("a.js", b"let x: Readonly<import('vue').Ref<boolean>>;\n")


@pytest.mark.parametrize("path", ["src/stores/pg-store.ts", "src/stores/pg-store.tsx"])
def test_tagged_template_with_type_arguments_is_parsed(path):
    """``this.sql<{version: number}[]>`SELECT ...``` is valid TypeScript, but
    tree-sitter-typescript fails the file on a tag given type arguments
    (matrix-appservice-bridge's postgres-store.ts was skipped as a syntax error
    at line 140); the file is parsed with the type arguments blanked, and every
    text, column and line is read from the original bytes."""
    src = (
        "import postgres from 'postgres';\n"
        "const sql = postgres(process.env.DB_URL!, { max: 4 });\n"
        "export async function version(): Promise<number> {\n"
        "  const rows = await sql<{ version: number }[]>`SELECT version FROM schema`;\n"
        "  return rows[0].version;\n"
        "}\n"
        "export const owners = (id: string) => sql<Array<Map<string, number>>>  `SELECT * FROM t WHERE id = ${id}`;\n"
        "audit(id);\n"
    )
    f = ex(src, path=path)
    assert one(f, "postgres").line == 2
    tag = next(c for c in f.calls if c.callee == "sql" and c.line == 4)
    assert (tag.col, tag.text) == (22, "sql<{ version: number }[]>`SELECT version FROM schema`")
    assert one(f, "audit").line == 8


def test_tag_type_argument_patch_leaves_real_errors_and_js_alone():
    with pytest.raises(SkipFile, match=r"syntax error"):
        extract("a.ts", b"const a = sql<Row[]>`SELECT 1`;\nlet b = 1;\nconst = = b;\n")
    with pytest.raises(SkipFile):
        extract("a.js", b"const a = sql<Row[]>`SELECT 1`;\n")


def test_binary_is_skipped():
    with pytest.raises(SkipFile):
        extract("a.js", b"\x00\x01\x02binary")


def test_crlf_and_cr_line_numbers():
    for nl in ("\r\n", "\r"):
        f = extract("a.js", nl.join(["// one", "// two", "foo();", "bar();"]).encode())
        assert [(c.callee, c.line) for c in f.calls] == [("foo", 3), ("bar", 4)]


def test_deep_nesting_is_skipped_not_recursion_error():
    with pytest.raises(SkipFile, match="nesting deeper than 400"):
        extract("a.js", b"x = " + b"[" * 5000 + b"]" * 5000 + b";")


def test_long_chains_are_not_nesting():
    src = "const s = " + " + ".join(f"'p{i}'" for i in range(1500)) + ";\n"
    src += "p" + "".join(f".then(f{i})" for i in range(600)) + ";\n"
    f = extract("a.js", src.encode())
    assert len(f.calls) == 600 and f.calls[0].callee.endswith(".then") and f.calls[0].callee.startswith("p.then().then()")


def test_minified_one_liner_completes():
    unit = (
        'function a{i}(t,e){{var n=t.items||[];if(n.length>e)return"overflow: too many items in the list";'
        'for(var r=0;r<n.length;r++)t.emit("item",n[r],function(o){{return o.id}});return n}}'
    )
    src = "".join(unit.format(i=i) for i in range(13000))
    assert len(src) > 2_000_000 and "\n" not in src
    start = time.perf_counter()
    f = extract("dist/app.min.js", src.encode())
    assert time.perf_counter() - start < 30
    assert len(f.calls) == 13000 and len(f.funcs) == 26000
    assert f.funcs[-2].id == "a12999@1" and f.funcs[-1].id == "<anon>@1#13000"
    assert f.calls[-1].col == src.rindex("t.emit(") + 1


def test_empty_route_path_means_root():
    f = ex("const app = require('express')();\napp.get('', home);\n")
    assert [(r.method, r.path) for r in f.routes] == [("GET", "/")]


def test_client_call_with_data_object_in_server_file_is_not_a_route():
    f = ex("const express = require('express');\nclient.get('/users', { params: { a: 1 } });\nclient.post('/login', 'body');\n")
    assert f.routes == []


def test_lazy_initialised_client_type():
    f = ex(
        """
const { createClient } = require('redis');
let client = null;
function get() { client.get('k'); }
async function init() { client = createClient(); }
"""
    )
    assert one(f, "client.get").recv_type == "redis.createClient"


# ---------------------------------------------------------------------------
# imports through destructuring / member reads of imported bindings


@pytest.mark.parametrize(
    "src",
    [
        "import pg from 'pg';\nconst { Pool } = pg;\nconst pool = new Pool();\n",
        "import * as pg from 'pg';\nconst { Pool } = pg;\nconst pool = new Pool();\n",
        "const { Pool } = require('pg').default;\nconst pool = new Pool();\n",
        "const pg = require('pg');\nconst { Pool } = pg;\nconst pool = new Pool();\n",
        "import pg from 'pg';\nconst { Pool } = pg.default;\nconst pool = new Pool();\n",
        "import pg from 'pg';\nconst Pool = pg.Pool;\nconst pool = new Pool();\n",
        "const { default: pg } = require('pg');\nconst { Pool } = pg;\nconst pool = new Pool();\n",
    ],
)
def test_destructuring_an_imported_binding_is_an_import(src):
    f = ex(src)
    assert f.imports["Pool"] == "pg.Pool"
    c = one(f, "pg.Pool")
    assert c.new and c.assigned == "pool"


def test_destructuring_renames_and_default_member():
    f = ex("const pg = require('pg');\nconst { Pool, Client: C } = pg;\nnew C();\nconst def = require('axios').default;\n")
    assert f.imports["Pool"] == "pg.Pool"
    assert f.imports["C"] == "pg.Client"
    assert f.imports["def"] == "axios"
    assert one(f, "pg.Client").new


def test_destructuring_a_local_object_is_not_an_import():
    f = ex("const cfg = { Pool: 1 };\nconst { Pool } = cfg;\nfunction f(pg) { const { Client } = pg; }\n")
    assert "Pool" not in f.imports and "Client" not in f.imports


# ---------------------------------------------------------------------------
# exports, assignments, comparisons


def test_commonjs_exports():
    f = ex("const pool = new Pool();\nmodule.exports = pool;\n")
    assert f.extra["exports"] == {"default": "pool"}
    f = ex("const pool = new Pool();\nfunction getPool() {}\nmodule.exports = { pool, getPool, db: pool, q: (t) => pool.query(t) };\n")
    assert f.extra["exports"] == {"pool": "pool", "getPool": "getPool", "db": "pool", "q": "q@3"}
    f = ex("exports.a = exports.b = void 0;\nexports.b = mk();\nmodule.exports.c = c;\nexports.default = thing;\n")
    assert f.extra["exports"] == {"a": "void 0", "b": "mk()", "c": "c", "default": "thing"}
    f = ex("module.exports = new Pool({ max: 5 });\n")
    assert f.extra["exports"] == {"default": "new Pool({ max: 5 })"}


def test_esm_exports():
    f = ex("const pool = new Pool();\nexport default pool;\n")
    assert f.extra["exports"] == {"default": "pool"}
    f = ex(
        """
export const a = 1, { b, c: d } = o;
export function f() {}
export class K {}
export { x as y, z };
export { default as w, v } from './m';
export * from './all';
export * as ns from './nsm';
export { q as default };
""",
        path="src/index.ts",
    )
    assert f.extra["exports"] == {
        "a": "a", "b": "b", "d": "d", "f": "f", "K": "K", "y": "x", "z": "z",
        "w": "./src/m", "v": "./src/m.v", "ns": "./src/nsm", "default": "q",
    }
    assert f.extra["export_all"] == ["./src/all"]
    assert ex("export default function handler() {}\n").extra["exports"] == {"default": "handler"}
    assert ex("export default () => 1;\n").extra["exports"] == {"default": "<anon>@1"}
    assert ex("const pool = require('./db');\nexport = pool;\n", path="a.ts").extra["exports"] == {"default": "pool"}
    assert "exports" not in ex("const a = 1;\n").extra
    f = ex("export const query = 1;\nexport default { pool, query: q, getPool() {} };\n")
    assert f.extra["exports"] == {"query": "query", "default": "{ pool, query: q, getPool() {} }", "pool": "pool", "getPool": "getPool@2"}


def test_assigns_mirror_the_python_format():
    f = ex(
        """
const axios = require('axios');
const { Pool } = require('pg');
axios.defaults.timeout = 5000;
function start(server) {
  server.maxConnections = 100;
  const pool = new Pool({ max: Number(process.env.MAX) });
  pool.opts ||= cfg.defaults;
  const fn = () => other;
  const redis = globalThis.redis ?? new Redis(url);
  const n = 1;
}
class Db { pool = new Pool(); static max = 3; }
"""
    )
    rows = f.extra["assigns"]
    assert all(isinstance(r, list) and len(r) == 5 for r in rows)
    by_target = {r[0]: r for r in rows}
    assert by_target["axios.defaults.timeout"][1:] == ["", 4, {"k": "num", "v": "5000", "line": 4}, []]
    assert by_target["server.maxConnections"][:3] == ["server.maxConnections", "start@5", 6]
    assert by_target["server.maxConnections"][3]["v"] == "100"
    pool = by_target["pool"]
    assert pool[1:3] == ["start@5", 7] and pool[3]["k"] == CALL and pool[3]["v"] == "pg.Pool"
    assert pool[4] == ["pg.Pool"]  # of the names read, only pool constructors are kept
    assert by_target["redis"][1:3] == ["start@5", 10] and by_target["redis"][3]["k"] == OTHER and by_target["redis"][4] == []
    assert by_target["this.pool"][1:3] == ["", 13] and by_target["this.pool"][4] == ["pg.Pool"]
    # only what a check reads is kept (frontends/_assigns.py): not `axios = require(...)`,
    # a destructuring, `pool.opts`, a function, a constant on a line without a call, `Db.max`
    assert [r[0] for r in rows] == ["axios.defaults.timeout", "server.maxConnections", "pool", "redis", "this.pool"]


def test_assigns_are_capped():
    f = extract("a.js", "".join(f"o{i}.timeout = {i};\n" for i in range(6000)).encode())
    assert len(f.extra["assigns"]) == 5000
    # the cap counts every assignment, also those not kept
    f = extract("a.js", ("".join(f"x{i} = {i};\n" for i in range(6000)) + "o.timeout = 1;\n").encode())
    assert "assigns" not in f.extra


def test_compares():
    f = ex(
        """
function check(ws) {
  if (clients.size >= MAX && ws.readyState === 1) return;
  const big = n > 10, same = a == b, diff = a != b, strict = a !== b, lt = a < b, le = a <= b;
  const sum = a + b, inst = a instanceof B;
}
if (process.env.X   ===
    'y') {}
"""
    )
    assert f.extra["compares"] == [
        [3, "check@2", "clients.size >= MAX"],
        [3, "check@2", "ws.readyState === 1"],
        [4, "check@2", "n > 10"],
        [4, "check@2", "a == b"],
        [4, "check@2", "a != b"],
        [4, "check@2", "a !== b"],
        [4, "check@2", "a < b"],
        [4, "check@2", "a <= b"],
        [7, "", "process.env.X === 'y'"],
    ]
    long = ex("if (" + "a" * 200 + " > 1) {}\n").extra["compares"][0][2]
    assert len(long) == 120 and long.endswith("...")


# ---------------------------------------------------------------------------
# every rule example: lossless JSON round trip, routes always name a router


def _example_files(kinds):
    import posixpath

    from riskscan.discovery import classify
    from riskscan.ruledefs import load_rules

    default = {"js": "app.js", "ts": "app.ts", "py": "app.py"}
    for rid, meta in sorted(load_rules(examples=True).items()):
        for i, example in enumerate(meta.examples):
            files = example.get("files") or {example.get("path") or default.get(example["lang"], "x"): example["code"]}
            for path, code in sorted(files.items()):
                if classify(posixpath.basename(path)) in kinds:
                    yield pytest.param(path, code, id=f"{rid}-{i}-{path}")


@pytest.mark.parametrize(("path", "code"), list(_example_files(("js", "ts"))))
def test_rule_examples_round_trip_losslessly(path, code):
    facts = extract(path, code.encode("utf-8"))
    back = from_json("FileFacts", json.loads(json.dumps(to_json(facts))))
    assert back == facts
    assert all(r.router for r in facts.routes)


def test_options_object_changed_after_its_literal():
    """Keys set on an options object after its literal (``cfg.x = ...``,
    ``cfg['x'] = ...``, ``Object.assign(cfg, {...})``) are part of what the
    call receives; under a condition the key is known, not its value."""
    f = ex(
        "const { Pool } = require('pg');\n"
        "const cfg = { connectionString: process.env.DATABASE_URL };\n"
        "cfg.connectionTimeoutMillis = 5000;\n"
        "cfg['max'] = 20;\n"
        "Object.assign(cfg, { idleTimeoutMillis: 1000 });\n"
        "if (process.env.SSL) cfg.ssl = true;\n"
        "const pool = new Pool(cfg);\n"
        "cfg.statement_timeout = 1;\n"
    )
    opts = one(f, "pg.Pool").args[0]
    assert opts.k == OBJ and not opts.open
    assert {k: (v.k, v.v) for k, v in opts.keys.items()} == {
        "connectionString": (ENV, "process.env.DATABASE_URL"), "connectionTimeoutMillis": (NUM, "5000"), "max": (NUM, "20"),
        "idleTimeoutMillis": (NUM, "1000"), "ssl": (OTHER, "ssl"),
    }


def test_options_object_merged_from_unknowns_is_open():
    f = ex(
        "const { Pool } = require('pg');\n"
        "function make(extra, key) {\n"
        "  const cfg = { max: 5 };\n"
        "  Object.assign(cfg, extra);\n"
        "  return new Pool(cfg);\n"
        "}\n"
        "function other(key) {\n"
        "  const cfg = { max: 5 };\n"
        "  cfg[key] = 1;\n"
        "  return new Pool(cfg);\n"
        "}\n"
    )
    first, second = calls_to(f, "pg.Pool")
    assert first.args[0].open and second.args[0].open
    assert first.args[0].keys["max"].v == "5"


def test_objects_changed_in_terms_of_each_other_stay_cheap():
    names = ["a", "b", "c", "d", "e", "f"]
    src = "const { Pool } = require('pg');\n" + "".join(f"const {n} = {{ z: 1 }};\n" for n in names)
    for i in range(40):
        for j, n in enumerate(names):
            src += f"{n}.k{i} = {names[(j + 1) % 6]};\nObject.assign({n}, {n}, {{ x: {n} }});\n"
    src += "const pool = new Pool(a);\n"
    started = time.perf_counter()
    f = extract("src/hostile.js", src.encode())
    assert time.perf_counter() - started < 10
    assert one(f, "pg.Pool").args[0].open


def test_a_parameter_hides_a_variable_of_another_function():
    # uptime-kuma: makeAxiosRequest(options) read the `const options` of another method
    f = ex(
        """
        const axios = require('axios');
        class Monitor {
          async beat() {
            if (this.grpc) {
              const options = { grpcUrl: this.url };
              await grpcQuery(options);
            }
          }
          async makeAxiosRequest(options) { return axios.request(options); }
        }
        async function later(cfg) { return axios(cfg); }
        function other() { const cfg = { url: 'x' }; return cfg; }
        """
    )
    by_line = {c.line: c for c in f.calls if c.callee in ("axios.request", "axios")}
    assert [(a.k, a.v) for a in by_line[10].args] == [(IDENT, "options")]
    assert [(a.k, a.v) for a in by_line[12].args] == [(IDENT, "cfg")]


def test_let_and_const_are_visible_in_their_block_only():
    f = ex(
        """
        const axios = require('axios');
        const shared = { timeout: 1000 };
        function run(kind) {
          if (kind === 'a') {
            const opts = { timeout: 5000 };
            return axios(opts);
          } else if (kind === 'b') {
            const opts = { url: 'b' };
            return axios(opts);
          }
          for (const opts of []) { axios(opts); }
          var later = { url: 'c' };
          { var later2 = { url: 'd' }; }
          axios(shared);
          return axios(later2);
        }
        """
    )
    calls = [c for c in f.calls if c.callee == "axios"]
    keys = [sorted(c.args[0].keys or {}) if c.args and c.args[0].k == OBJ else c.args[0].k for c in calls]
    assert keys == [["timeout"], ["url"], IDENT, ["timeout"], ["url"]]


def test_a_property_of_an_awaited_dynamic_import_is_the_module():
    f = ex(
        """
        async function handler() {
          const fetch = (await import('node-fetch')).default;
          const { Pool } = await import('pg');
          const P2 = (await import('pg')).Pool;
          return fetch('https://x');
        }
        """
    )
    assert f.imports["fetch"] == "node-fetch"
    assert f.imports["Pool"] == "pg.Pool"
    assert f.imports["P2"] == "pg.Pool"
    assert one(f, "node-fetch").line == 6


def test_modules_loaded_by_one_promise_all_bind_by_position():
    # agendash's Koa middleware: `const [{ default: koaStatic }, ...] = await Promise.all([import(...), ...])`
    f = ex(
        """
        async function setup(extra) {
          const [{ default: serve }, , bodyParser, { Pool, default: pg } = {}] = await Promise.all([
            import('koa-static'), import('koa-compress'), import('koa-bodyparser'), import('pg'),
          ]);
          const [afterSpread] = await Promise.all([...extra.map((m) => import(m)), import('ws')]);
          const [settled] = await Promise.allSettled([import('ioredis')]);
          const [plain] = [import('undici')];
          return serve('public');
        }
        """
    )
    assert f.imports["serve"] == "koa-static"
    assert f.imports["bodyParser"] == "koa-bodyparser"
    assert f.imports["Pool"] == "pg.Pool"
    assert f.imports["pg"] == "pg"
    assert not {"afterSpread", "settled", "plain"} & f.imports.keys()
    assert one(f, "koa-static").line == 9


def test_compiled_commonjs_await_of_a_comma_callee_is_one_awaited_call():
    # tsc/Babel output: `await (0, fs_1.writeFile)(...)` is not a call of a function named `await`
    f = ex(
        '"use strict";\nconst promises_1 = require("fs/promises");\n'
        'async function save(p) {\n  await (0, promises_1.writeFile)(p, "x");\n}\n'
    )
    assert [c.callee for c in f.calls] == ["require", "fs/promises.writeFile"]
    assert one(f, "fs/promises.writeFile").awaited


def test_node_scheme_core_modules_resolve_to_their_bare_names():
    f = ex("const net = require('node:net');\nimport http from 'node:http';\nimport { test } from 'node:test';\n"
           "net.createServer(() => {}).listen(1337);\n")
    assert f.imports["net"] == "net" and f.imports["http"] == "http"
    assert f.imports["test"] == "node:test.test"  # prefix-only core modules keep the scheme
    assert "net.createServer" in [c.callee for c in f.calls]


def test_hapi_and_fastify_route_objects_in_modules_of_their_own():
    routes = ex(
        "module.exports = [\n"
        "  { method: 'POST', path: '/auth/login', options: { auth: false, handler: async (request, h) => h.response() } },\n"
        "  { method: ['GET', 'HEAD'], path: '/items/{id}', handler: (request, h) => ({}) },\n"
        "  { method: 'POST', url: '/session', handler: async (request, reply) => reply.send({}) },\n"
        "];\n",
        "routes/auth.js",
    ).routes
    assert [(r.method, r.path, r.framework, r.line) for r in routes] == [
        ("POST", "/auth/login", "hapi", 2),
        ("GET", "/items/{id}", "hapi", 3),
        ("HEAD", "/items/{id}", "hapi", 3),
        ("POST", "/session", "fastify", 4),
    ]
    assert all(r.handler for r in routes)


def test_route_object_look_alikes_are_not_routes():
    facts = ex(
        "const https = require('https');\n"
        "// an Express-style table read by a loop of the project's own: handlers take (req, res)\n"
        "const table = [{ method: 'post', path: '/login', handler: (req, res) => res.end() }];\n"
        "// an HTTP client's request options\n"
        "https.request({ method: 'POST', path: '/login', host: 'id.example' }, (res) => res.resume());\n"
        "// a hapi route given to server.route() in this file is read once, there\n"
        "server.route({ method: 'POST', path: '/logout', handler: (request, h) => h.response() });\n",
    )
    assert [(r.method, r.path, r.framework) for r in facts.routes] == [("POST", "/logout", "hapi")]


def test_return_names_keeps_the_variables_a_function_returns():
    # Bull's createClient hands it the clients it returns by name (RS202)
    f = ex(
        """
const client = make();
const opts = {
  createClient(type) {
    switch (type) {
      case 'client': return client;
      default: return make();
    }
  },
};
const pick = (x) => x;
function nested() { return () => 'no name'; }
"""
    )
    names = {(fid.split("@")[0], name) for fid, name in f.extra.get("return_names", [])}
    assert names == {("createClient", "client"), ("pick", "x")}


def test_main_guard_blocks_of_require_main_and_import_meta():
    # kinesalite 3.3.3 index.js:261: `if (require.main === module) kinesalite().listen(4567)`
    f = ex(
        """
        const x = 1
        if (require.main === module) kinesalite().listen(4567)
        if (module == require.main) {
          a()
        }
        if (require.main === module && !process.env.NO_SERVER) b()
        if (import.meta.url === pathToFileURL(process.argv[1]).href) {
          c()
        } else {
          d()
        }
        if (require.main === module || force) e()
        if (require.main !== module) f()
        if (main === module) g()
        function h() {
          if (require.main === module) i()
        }
        """
    )
    assert f.extra["main_guard"] == [[3, 3], [4, 6], [7, 7], [8, 10]]
    assert "main_guard" not in ex("if (a && b) c()\n").extra


def test_require_of_a_file_level_string_constant_loads_that_module():
    # open-wa's bin/server.js: `const CLI = '../dist/cli'` ... `require(CLI)`
    f = extract("bin/server.js", b"""
const CLI = '../lib/cli'
const TPL = `../lib/tpl`
async function start() { require(CLI); require(TPL); }
start()
""")
    assert f.modules == ["./lib/cli", "./lib/tpl"]


def test_require_of_a_constant_rebound_or_not_a_plain_string_is_not_resolved():
    f = extract("bin/server.js", b"""
const A = './a'
function one(A) { return require(A); }
const B = './b'
function two() { const B = process.env.MOD; return require(B); }
let C = './c'
C = process.env.C || C
require(C)
const D = `./d/${process.env.X}`
require(D)
const E = './e'
require(E)
""")
    assert f.modules == ["./bin/e"]


def test_compiled_dynamic_import_names_the_module():
    # `await import("socket.io")` as tsc compiles it for CommonJS (inside __awaiter: `yield`), and as Babel does
    f = extract("lib/server.js", b"""
const setup = (s) => __awaiter(void 0, void 0, void 0, function* () {
    const { Server } = yield Promise.resolve().then(() => __importStar(require("socket.io")));
    new Server(s);
});
async function attach(s) {
    const mod = await Promise.resolve().then(() => _interopRequireWildcard(require("ws")));
    new mod.WebSocketServer({ server: s });
}
function* gen(s) {
    const { Pool } = yield Promise.resolve().then(() => { return require("pg"); });
    const { Client } = yield other();
    new Pool(); new Client();
}
""")
    callees = [c.callee for c in f.calls if c.new]
    assert callees == ["socket.io.Server", "ws.WebSocketServer", "Pool", "Client"]


def test_a_null_or_undefined_arm_beside_an_object_counts_as_an_empty_object():
    # open-wa's socket.io options: `cliConfig.cors ? { cors: ... } : null`
    f = extract("server.js", b"""
const a = c ? { cors: { origin: "*" } } : null;
const b = c ? void 0 : { timeout: 5 };
const d = c ? null : undefined;
const e = c ? { x: 1 } : other;
""")
    assert f.consts["a"].k == OBJ and not f.consts["a"].open and set(f.consts["a"].keys) == {"cors"}
    assert f.consts["b"].k == OBJ and set(f.consts["b"].keys) == {"timeout"} and f.consts["b"].keys["timeout"].k == OTHER
    assert "d" not in f.consts or f.consts["d"].k != OBJ
    assert "e" not in f.consts or f.consts["e"].k != OBJ
