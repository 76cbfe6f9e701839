"""Python frontend: facts extracted from real-looking code."""

from __future__ import annotations

import json
import sys
import textwrap
import time

import warnings

import pytest

from riskscan.facts import ARR, BOOL, CALL, ENV, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, FileFacts, from_json, to_json
from riskscan.frontends import SkipFile
from riskscan.frontends import python as pyfe


def ex(src: str, path: str = "app/main.py") -> FileFacts:
    return pyfe.extract(path, textwrap.dedent(src).encode())


def calls_named(f: FileFacts, callee: str):
    return [c for c in f.calls if c.callee == callee]


def one(f: FileFacts, callee: str):
    found = calls_named(f, callee)
    assert len(found) == 1, [c.callee for c in f.calls]
    return found[0]


# ---------------------------------------------------------------------------
# imports


def test_import_forms_and_callee_resolution():
    f = ex(
        """
        import os
        import os.path
        import redis as r
        import xml.etree.ElementTree as ET
        from sqlalchemy import create_engine as ce
        from sqlalchemy.orm import sessionmaker

        engine = ce("sqlite://")
        client = r.Redis(host="localhost")
        c2 = r.Redis.from_url("redis://x")
        Session = sessionmaker(bind=engine)
        tree = ET.parse("x.xml")
        print("hi")
        open("f")
        """
    )
    assert f.imports["os"] == "os"
    assert f.imports["r"] == "redis"
    assert f.imports["ET"] == "xml.etree.ElementTree"
    assert f.imports["ce"] == "sqlalchemy.create_engine"
    assert f.imports["sessionmaker"] == "sqlalchemy.orm.sessionmaker"
    assert {"os", "os.path", "redis", "xml.etree.ElementTree", "sqlalchemy", "sqlalchemy.orm"} <= set(f.modules)
    names = [c.callee for c in f.calls]
    assert names == [
        "sqlalchemy.create_engine",
        "redis.Redis",
        "redis.Redis.from_url",
        "sqlalchemy.orm.sessionmaker",
        "xml.etree.ElementTree.parse",
        "print",
        "open",
    ]
    redis_call = f.calls[1]
    assert redis_call.method == "Redis" and redis_call.recv == "r"
    assert f.calls[0].method == "" and f.calls[0].recv == ""


def test_relative_imports_resolve_to_project_paths():
    f = ex(
        """
        from ..core.db import engine
        from . import models
        from .schemas import User as U
        from ... import top

        def handler():
            from .services.mail import send_mail
            send_mail("x")
            engine.dispose()
        """,
        path="app/api/views.py",
    )
    assert f.imports["engine"] == "./app/core/db.engine"
    assert f.imports["models"] == "./app/api/models"  # ``from . import x`` is a submodule
    assert f.imports["U"] == "./app/api/schemas.User"
    assert f.imports["top"] == "./top"
    assert f.imports["send_mail"] == "./app/api/services/mail.send_mail"
    assert "./app/core/db" in f.modules
    assert "./app/api/schemas" in f.modules
    assert "./app/api/models" in f.modules  # ``from . import models`` is most likely a module
    assert one(f, "./app/api/services/mail.send_mail").func == "handler@7"
    # a method call on an imported object keeps the resolved receiver
    assert one(f, "./app/core/db.engine.dispose").method == "dispose"


def test_relative_import_from_package_init():
    f = ex("from .db import pool\nfrom . import sibling\n", path="pkg/sub/__init__.py")
    assert f.imports["pool"] == "./pkg/sub/db.pool"
    assert f.imports["sibling"] == "./pkg/sub/sibling"


def test_local_name_shadows_import():
    f = ex(
        """
        import redis

        def work(redis):
            redis.get("k")

        redis.Redis()
        """
    )
    assert [c.callee for c in f.calls] == ["redis.get", "redis.Redis"]
    assert f.calls[0].func == "work@4"


def test_module_level_alias_of_an_imported_name_resolves_like_the_import():
    f = ex(
        """
        import requests
        from celery import shared_task

        job = shared_task
        get = requests.get
        fetch = get
        retries = 3
        helper = local_helper
        maybe = requests.post
        maybe = None

        @job(bind=True)
        def sync(self):
            get("https://a.example")
            fetch("https://b.example")
            maybe("https://c.example")

        def shadowed():
            get = lambda url: url
            get("x")
        """
    )
    assert [c.callee for c in f.calls] == ["celery.shared_task", "requests.get", "requests.get", "maybe", "get"]
    # other modules importing the alias (from app.main import job) can follow it
    assert f.imports["job"] == "celery.shared_task" and f.imports["fetch"] == "requests.get"
    assert "helper" not in f.imports and "maybe" not in f.imports and "retries" not in f.imports


def test_module_level_default_of_a_conditional_plugin_load_resolves_like_the_import():
    # amundsen-frontend: `if FLASK_APP_MODULE_NAME: app_wrapper_class = getattr(importlib.import_module(...), cls)
    # else: app_wrapper_class = Flask`, then `app_wrapper_class(__name__, ...)` in create_app
    f = ex(
        """
        import importlib
        import os
        from django.utils.module_loading import import_string
        from flask import Flask
        import requests

        if os.getenv("APP_WRAPPER"):
            app_class = getattr(importlib.import_module(os.environ["APP_WRAPPER"]), os.environ["APP_WRAPPER_CLASS"])
        else:
            app_class = Flask

        try:
            client_class = import_string(os.environ["CLIENT"])
        except KeyError:
            client_class = requests.Session

        always = Flask
        always = getattr(importlib.import_module("plugins"), "App")

        either = Flask
        if os.getenv("X"):
            either = requests.Session

        def create_app():
            app = app_class(__name__)
            client = client_class()
            always(__name__)
            either(__name__)
            return app
        """
    )
    made = [c.callee for c in f.calls if c.func.startswith("create_app")]
    assert made == ["flask.Flask", "requests.Session", "always", "either"]
    assert f.imports["app_class"] == "flask.Flask" and f.imports["client_class"] == "requests.Session"
    assert "always" not in f.imports and "either" not in f.imports


def test_module_level_alias_set_in_both_arms_of_a_python_version_test_resolves_like_its_python3_arm():
    # anvil-app-server's launcher: `if sys.version_info < (3,0,0): _urlretrieve = urllib.urlretrieve`
    # / `else: _urlretrieve = urllib.request.urlretrieve`, then `_urlretrieve(url, path)`
    f = ex(
        """
        import sys
        import six
        from six import PY3

        if sys.version_info < (3, 0, 0):
            import urllib
            retrieve = urllib.urlretrieve
        else:
            import urllib.request
            retrieve = urllib.request.urlretrieve

        if sys.version_info[0] == 2:
            import urllib2
            opener = urllib2.urlopen
        elif sys.version_info.major >= 3:
            opener = urllib.request.urlopen

        if not six.PY2:
            quote = urllib.parse.quote
        else:
            quote = urllib.quote

        if PY3:
            unquote = urllib.parse.unquote
        else:
            unquote = urllib.unquote

        # the minor version decides: no arm is Python 2's
        if sys.version_info >= (3, 8):
            fetch = urllib.request.urlopen
        else:
            fetch = urllib.urlopen

        # not a version test
        if sys.platform == "win32":
            get = urllib.request.urlopen
        else:
            get = urllib.urlopen

        # the Python 3 arm binds a project function
        def timed(url, dest):
            return None

        if sys.version_info < (3,):
            download = urllib.urlretrieve
        else:
            download = timed

        def run(url):
            retrieve(url, "/tmp/x")
            opener(url)
            quote(url)
            unquote(url)
            fetch(url)
            get(url)
            download(url, "/tmp/x")
        """
    )
    made = [c.callee for c in f.calls if c.func.startswith("run")]
    assert made == ["urllib.request.urlretrieve", "urllib.request.urlopen", "urllib.parse.quote", "urllib.parse.unquote",
                    "fetch", "get", "download"]
    assert f.imports["retrieve"] == "urllib.request.urlretrieve"
    assert "fetch" not in f.imports and "get" not in f.imports and "download" not in f.imports


def test_name_set_to_none_when_its_optional_import_fails_resolves_like_the_import():
    # intelmq's MISP bots: `try: from pymisp import PyMISP` / `except ImportError: PyMISP = None`,
    # then `if PyMISP is None: raise ...` and `PyMISP(url, key, verify)` in the bot's init
    f = ex(
        """
        try:
            from pymisp import PyMISP
        except ImportError:
            PyMISP = None

        try: from redis import Redis
        except ImportError: Redis = None

        try:
            from requests import Session
        except ImportError:
            class Session:
                pass

        try:
            from httpx import Client
        except ValueError:
            Client = None

        try:
            from urllib3 import PoolManager
        except ImportError:
            PoolManager = object

        try:
            from jira import JIRA
        except ImportError:
            Other = None
        JIRA = None

        def init(url, key):
            if PyMISP is None:
                raise RuntimeError("pymisp")
            PyMISP(url, key, True)
            Redis(host="localhost")
            Session()
            Client()
            PoolManager()
            JIRA(url)
        """
    )
    made = [c.callee for c in f.calls if c.func.startswith("init")]
    assert made == ["RuntimeError", "pymisp.PyMISP", "redis.Redis", "Session", "Client", "PoolManager", "JIRA"]


def test_member_its_class_only_gives_imported_names_of_one_library_resolves_like_them():
    # intelmq's templated SMTP output: `self.smtp_class = smtplib.SMTP_SSL` / `smtplib.SMTP` in init(),
    # `self.smtp_class(host, port)` in process()
    f = ex(
        """
        import requests
        import smtplib
        from mailer import FakeSMTP

        class Output:
            def init(self, ssl):
                if ssl:
                    self.smtp_class = smtplib.SMTP_SSL
                else:
                    self.smtp_class = smtplib.SMTP
                self.get = requests.get
                self.session = requests.Session()
                self.mixed = smtplib.SMTP
                self.mixed = FakeSMTP
                self.http = requests.Session

            def process(self):
                self.smtp_class("mx", 25)
                self.get("https://a.example")
                self.session.get("https://b.example")
                self.mixed("mx")
                self.http()
                self.unset()

        class Declared:
            smtp_class = FakeSMTP

            def init(self):
                self.smtp_class = smtplib.SMTP

            def process(self):
                self.smtp_class("mx")

        class Other:
            def process(self):
                self.smtp_class("mx")
        """
    )
    made = [c.callee for c in f.calls if c.func.startswith("process")]
    assert made == [
        "smtplib.SMTP_SSL", "requests.get", "self.session.get", "self.mixed", "self.http", "self.unset",
        "self.smtp_class",  # Declared: its class body gives the member a project class first
        "self.smtp_class",  # Other: its class never sets the member
    ], made


# ---------------------------------------------------------------------------
# calls


def test_kwargs_and_double_star_merge():
    f = ex(
        """
        from sqlalchemy import create_engine
        OPTS = {"pool_size": 5, "max_overflow": 10}
        opts2 = dict(pool_timeout=30, pool_pre_ping=True)

        def make(extra):
            a = create_engine("postgresql://db", echo=False, **OPTS)
            b = create_engine("postgresql://db", **opts2)
            c = create_engine("postgresql://db", **extra)
            d = create_engine("postgresql://db", **{"pool_size": 1})
            return a, b, c, d
        """
    )
    a, b, c, d = calls_named(f, "sqlalchemy.create_engine")
    assert a.kwargs["echo"].k == BOOL and a.kwargs["echo"].v == "false"
    assert a.kwargs["pool_size"].k == NUM and a.kwargs["pool_size"].v == "5"
    assert a.kwargs["max_overflow"].v == "10"
    assert "**" not in a.kwargs
    assert b.kwargs["pool_timeout"].v == "30" and b.kwargs["pool_pre_ping"].k == BOOL
    assert c.kwargs["**"].k == OTHER and c.kwargs["**"].v == "extra" and c.kwargs["**"].open
    assert d.kwargs["pool_size"].v == "1"
    assert a.args[0].k == STR and a.args[0].v == "postgresql://db"
    assert a.assigned == "a" and a.func == "make@6"


def test_star_args():
    f = ex(
        """
        ARGS = ["a", "b"]
        f(*ARGS)
        g(*unknown)
        """
    )
    assert [v.v for v in one(f, "f").args] == ["a", "b"]
    star = one(f, "g").args[0]
    assert star.k == OTHER and star.open and star.v == "*unknown"


def test_chained_calls_callee():
    f = ex(
        """
        from sqlalchemy import update
        session.query(Job).filter(Job.id == 1).update({"status": "done"})
        update(Job).where(Job.id == job_id).values(status="running")
        Job.objects.filter(pk=1).update(status="x")
        """
    )
    up = one(f, "session.query().filter().update")
    assert up.method == "update" and up.recv == "session.query(Job).filter(Job.id == 1)"
    assert up.args[0].k == OBJ and up.args[0].keys["status"].v == "done"
    values = one(f, "sqlalchemy.update().where().values")
    assert values.kwargs["status"].v == "running"
    assert one(f, "Job.objects.filter().update").kwargs["status"].v == "x"
    assert one(f, "sqlalchemy.update").args[0].k == IDENT


def test_assigned_awaited_and_positions():
    src = (
        "import asyncpg\n"
        "class Repo:\n"
        "    async def connect(self):\n"
        "        self.pool: asyncpg.Pool = await asyncpg.create_pool(dsn='x')\n"
        "        pool = await asyncpg.create_pool(\n"
        "            dsn='y')\n"
        "        async with self.pool.acquire() as conn:\n"
        "            return await conn.fetch('SELECT 1')\n"
        "    def name(self):\n"
        "        return helper()\n"
        "x = (y := compute())\n"
    )
    f = pyfe.extract("repo.py", src.encode())
    first, second = calls_named(f, "asyncpg.create_pool")
    assert first.assigned == "self.pool" and first.awaited
    assert second.assigned == "pool" and second.awaited
    assert (second.line, second.col, second.end_line, second.end_col) == (5, 22, 6, 21)
    assert second.text == "asyncpg.create_pool("
    assert first.func == "connect@3"
    acquire = one(f, "self.pool.acquire")
    assert acquire.assigned == "conn" and not acquire.awaited
    fetch = one(f, "conn.fetch")
    assert fetch.assigned == "return" and fetch.awaited
    assert one(f, "helper").assigned == "return"
    assert one(f, "compute").assigned == "y"
    assert f.extra["withs"] == [{"line": 7, "end_line": 8, "call": f.calls.index(acquire), "func": "connect@3",
                                 "as": "conn", "async": True}]


def test_chained_assignment_keeps_the_later_targets_of_a_call():
    # `settings["kube"] = self.kube_client = CoreV1Api()`: `assigned` holds the first target,
    # `chained_targets` the names and attributes after it (not subscripts)
    src = (
        "import kubernetes.client\n"
        "class Hub:\n"
        "    def init(self):\n"
        "        self.settings['kube'] = self.kube_client = kubernetes.client.CoreV1Api()\n"
        "        a = b = d['k'] = make()\n"
        "        single = other()\n"
        "        x = y = 3\n"
    )
    f = pyfe.extract("hub.py", src.encode())
    api = one(f, "kubernetes.client.CoreV1Api")
    assert api.assigned.startswith("self.settings[")
    made = one(f, "make")
    assert made.assigned == "a"
    assert sorted(f.extra["chained_targets"]) == sorted([[api.line, api.col, ["self.kube_client"]], [made.line, made.col, ["b"]]])


def test_recv_type_via_assignment_self_attr_and_alias():
    f = ex(
        """
        import asyncpg
        import redis.asyncio as aioredis
        from sqlalchemy import create_engine

        engine = create_engine("postgresql://x")
        eng = engine
        cache = aioredis.from_url("redis://x")

        class Repo:
            def __init__(self):
                self.pool = None

            async def start(self):
                self.pool = await asyncpg.create_pool(dsn="x")

            async def get(self):
                async with self.pool.acquire() as conn:
                    await conn.fetchrow("SELECT 1")
                await self.pool.close()

        def shutdown():
            engine.dispose()
            eng.dispose()
            cache.close()
            unknown.close()
        """
    )
    assert one(f, "engine.dispose").recv_type == "sqlalchemy.create_engine"
    assert one(f, "eng.dispose").recv_type == "sqlalchemy.create_engine"
    assert one(f, "cache.close").recv_type == "redis.asyncio.from_url"
    assert one(f, "self.pool.acquire").recv_type == "asyncpg.create_pool"
    assert one(f, "self.pool.close").recv_type == "asyncpg.create_pool"
    assert one(f, "conn.fetchrow").recv_type == "self.pool.acquire"
    assert one(f, "unknown.close").recv_type == ""


def test_global_assignment_in_function_types_module_name():
    f = ex(
        """
        import asyncpg
        pool = None

        async def startup():
            global pool
            pool = await asyncpg.create_pool()

        async def handler():
            async with pool.acquire() as conn:
                pass
        """
    )
    assert one(f, "pool.acquire").recv_type == "asyncpg.create_pool"


def test_decorator_calls_and_nested_calls_are_calls():
    f = ex(
        """
        @app.task(bind=True, max_retries=3)
        def job(self):
            send(build(1), key=make_key(2))
        """
    )
    assert [c.callee for c in f.calls] == ["app.task", "send", "build", "make_key"]
    task = f.calls[0]
    assert task.func == "" and task.kwargs["max_retries"].v == "3"
    send = f.calls[1]
    assert send.args[0].k == CALL and send.args[0].v == "build" and send.args[0].call == 2
    assert send.kwargs["key"].call == 3
    assert f.funcs[0].decorators[0].k == CALL and f.funcs[0].decorators[0].call == 0


# ---------------------------------------------------------------------------
# values


def test_literal_values():
    f = ex(
        """
        QUEUE = "emails"
        f(
            "a" "b",
            ("c"
             "d"),
            f"job:{job_id}",
            f"plain",
            b"bytes",
            r"\\d+",
            "tab\\there",
            42,
            -1,
            1.5,
            True,
            None,
            [1, "x"],
            (1,),
            {1, 2},
            {"a": 1, **{"b": 2}},
            lambda x: x,
            QUEUE,
            other_name,
            self.pool,
            a + b,
            x[0],
        )
        """
    )
    args = one(f, "f").args
    assert [(v.k, v.v) for v in args[:14]] == [
        (STR, "ab"),
        (STR, "cd"),
        (TMPL, "job:{job_id}"),
        (STR, "plain"),
        (STR, "bytes"),
        (STR, "\\d+"),
        (STR, "tab\there"),
        (NUM, "42"),
        (NUM, "-1"),
        (NUM, "1.5"),
        (BOOL, "true"),
        (NULL, "None"),
        (ARR, ""),
        (ARR, ""),
    ]
    assert [i.v for i in args[12].items] == ["1", "x"]
    assert args[14].k == ARR and len(args[14].items) == 2
    assert args[15].k == OBJ and set(args[15].keys) == {"a", "b"} and not args[15].open
    assert args[16].k == FN and args[16].v.startswith("<lambda>@")
    assert args[17].k == STR and args[17].v == "emails" and args[17].line == 2
    assert args[18].k == IDENT and args[18].v == "other_name"
    assert args[19].k == IDENT and args[19].v == "self.pool"
    assert args[20].k == OTHER and args[20].v == "a + b"
    assert args[21].k == IDENT and args[21].v == "x[0]"
    assert all(v.line > 0 for v in args)


def test_name_resolution_hops_scopes_and_functions():
    f = ex(
        """
        TIMEOUT = 5
        T2 = TIMEOUT
        T3 = T2

        def handler(request):
            return "ok"

        def a(TIMEOUT):
            requests.get("u", timeout=TIMEOUT)

        def b():
            requests.get("u", timeout=T3)
            register(handler)
            local = {"x": 1}
            use(local)

        def c():
            use(local)
        """
    )
    first, second = calls_named(f, "requests.get")
    assert first.kwargs["timeout"].k == IDENT  # parameter shadows the constant
    assert second.kwargs["timeout"].k == NUM and second.kwargs["timeout"].v == "5"
    assert one(f, "register").args[0].k == FN and one(f, "register").args[0].v == "handler@6"
    used = calls_named(f, "use")
    assert used[0].args[0].k == OBJ
    assert used[1].args[0].k == OBJ  # falls back to any scope


def test_env_values():
    f = ex(
        """
        import os
        from os import environ, getenv
        from decouple import config
        from app.config import settings

        DB = os.getenv("DATABASE_URL")
        f(
            os.environ["A"],
            os.environ.get("B", "x"),
            os.getenv("C"),
            int(os.getenv("D", "5")),
            environ["E"],
            getenv("F"),
            config("G", cast=int),
            DB,
            os.environ.get("H") or "default",
            f"{os.environ['I']}/db",
            settings.POOL_SIZE,
            cfg["J"],
            connect(os.environ["K"]),
            {"opt": os.environ["L"]},
        )
        """
    )
    args = one(f, "f").args
    assert [a.k for a in args[:10]] == [ENV] * 10
    assert [a.v for a in args[:10]] == ["A", "B", "C", "D", "E", "F", "G", "DATABASE_URL", "H", "I"]
    assert args[10].k == IDENT and args[10].v == "app.config.settings.POOL_SIZE"
    assert args[11].k == IDENT
    assert args[12].k == CALL and args[12].v == "connect"  # env inside a call argument stays a call
    assert args[13].k == OBJ and args[13].keys["opt"].k == ENV
    assert f.consts["DB"].k == ENV


def test_environs_and_django_environ_instances():
    f = ex(
        """
        import environ
        env = environ.Env()
        f(env("SECRET"), env.int("PORT"), env.db())
        """
    )
    assert [a.k for a in one(f, "f").args] == [ENV, ENV, ENV]


def test_dict_call_and_nested_obj():
    f = ex(
        """
        BASE = {"a": 1}
        create(options=dict(BASE, b=2), connect_args={"options": "-c statement_timeout=5000"})
        """
    )
    c = one(f, "create")
    assert c.kwargs["options"].k == OBJ and set(c.kwargs["options"].keys) == {"a", "b"}
    assert c.kwargs["connect_args"].keys["options"].v == "-c statement_timeout=5000"


# ---------------------------------------------------------------------------
# funcs / classes / consts


def test_funcs_ids_params_decorators_and_lambdas():
    f = ex(
        """
        import functools
        from flask_login import login_required

        def outer(a, b=1, *args, c, **kw):
            def inner(x, /, y):
                return lambda z: z
            return inner

        class Svc(Base, mixins.Logged, metaclass=Meta):
            @staticmethod
            @functools.lru_cache(maxsize=1)
            async def load(self): pass

            @login_required
            def view(self): pass

        f = lambda: 1; g = lambda: 2
        """
    )
    ids = [fn.id for fn in f.funcs]
    assert ids == ["outer@5", "inner@6", "<lambda>@7", "load@13", "view@16", "<lambda>@18", "<lambda>@18#2"]
    outer, inner, lam, load, view = f.funcs[:5]
    assert outer.params == ["a", "b", "args", "c", "kw"] and outer.parent == "" and outer.end_line == 8
    assert inner.parent == "outer@5" and inner.params == ["x", "y"]
    assert lam.parent == "inner@6" and lam.params == ["z"]
    assert load.cls == "Svc" and load.is_async and not outer.is_async
    assert [d.k for d in load.decorators] == [IDENT, CALL]
    assert load.decorators[0].v == "staticmethod"
    assert load.decorators[1].v == "functools.lru_cache"
    assert view.decorators[0].k == IDENT and view.decorators[0].v == "flask_login.login_required"
    cls = f.extra["classes"][0]
    assert cls["name"] == "Svc" and cls["line"] == 10 and cls["bases"] == ["Base", "mixins.Logged"]


def test_settings_rebound_only_under_the_test_suite_keep_their_production_value():
    """evap: `if TESTING: CACHES = {...DatabaseCache...}` is the test run's value;
    the settings checks read production's.  `if not TESTING:` and other tests
    are ordinary branches (the last binding wins, as before)."""
    f = ex(
        """
        import sys

        TESTING = "test" in sys.argv or "pytest" in sys.modules
        CACHES = {"default": {"LOCATION": "redis://redis:6379/0"}}
        BROKER = "redis://a:6379/0"
        ONLY_IN_TESTS = 1

        if TESTING:
            CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
            ONLY_IN_TESTS = 2
        if "test" in sys.argv:
            BROKER = "memory://"
        if not TESTING:
            BROKER = "redis://b:6379/0"
        """
    )
    assert "redis://redis:6379/0" in json.dumps(to_json(f)) and f.consts["CACHES"].keys["default"].keys["LOCATION"].v == "redis://redis:6379/0"
    assert f.consts["BROKER"].v == "redis://b:6379/0"
    assert f.consts["ONLY_IN_TESTS"].v == "1"


def test_sum_of_string_literals_is_a_constant():
    # trove's guest agent wraps its URL format over lines with `+`
    f = ex(
        """
        from guest import constants

        URL_FORMAT = ("mysql+pymysql://%s:%s@localhost/?" +
                      f"unix_socket={constants.SOCKET_DIR}"
                      "/mysqld.sock")
        PLAIN = "a" + "b" + 'c'
        MIXED = "postgresql://" + host
        """
    )
    assert f.consts["URL_FORMAT"].k == TMPL
    assert f.consts["URL_FORMAT"].v == "mysql+pymysql://%s:%s@localhost/?unix_socket={constants.SOCKET_DIR}/mysqld.sock"
    assert f.consts["PLAIN"].k == STR and f.consts["PLAIN"].v == "abc"
    assert "MIXED" not in f.consts  # a name in the sum: not a literal


def test_module_dict_const_holds_the_keys_set_after_it():
    # a Django settings dict finished further down: what the module leaves is the setting
    f = ex(
        """
        REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": []}
        REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["rest_framework.throttling.AnonRateThrottle"]
        REST_FRAMEWORK.update({"DEFAULT_THROTTLE_RATES": {"anon": "10/minute"}})
        CACHES = {"default": {"BACKEND": "locmem"}}
        CACHES["default"] = {"BACKEND": "redis"}
        CACHES = {"default": {"BACKEND": "db"}}
        OTHER = {"a": 1}
        if DEBUG:
            OTHER["a"] = 2

        def configure():
            OTHER["b"] = 3
        """
    )
    rf = f.consts["REST_FRAMEWORK"]
    assert sorted(rf.keys) == ["DEFAULT_AUTHENTICATION_CLASSES", "DEFAULT_THROTTLE_CLASSES", "DEFAULT_THROTTLE_RATES"]
    assert rf.keys["DEFAULT_THROTTLE_CLASSES"].items[0].v == "rest_framework.throttling.AnonRateThrottle"
    # a change before a later binding belongs to the earlier value
    assert f.consts["CACHES"].keys["default"].keys["BACKEND"].v == "db"
    # a change under a condition leaves the key's value unknown; one in a function is not the module's
    assert f.consts["OTHER"].keys["a"].k == OTHER and "b" not in f.consts["OTHER"].keys


def test_class_attrs_and_consts():
    f = ex(
        """
        from rest_framework.views import APIView
        from rest_framework.throttling import AnonRateThrottle

        MAX: int = 10
        NAME = "svc"
        HOSTS = ["a", "b"]
        client = make_client()
        RETRIES = 3
        RETRIES = compute()

        class Queues:
            EMAIL = "email"
            REPORTS = "reports"

        @decorate
        class LoginView(APIView):
            throttle_classes = [AnonRateThrottle]
            permission_classes = []

            def post(self, request):
                send(Queues.EMAIL)
        """
    )
    assert f.consts["MAX"].v == "10" and f.consts["NAME"].v == "svc" and f.consts["HOSTS"].k == ARR
    assert "client" not in f.consts and "RETRIES" not in f.consts
    assert f.consts["Queues.EMAIL"].v == "email" and f.consts["Queues.REPORTS"].v == "reports"
    attrs = f.extra["class_attrs"]["LoginView"]
    assert attrs["throttle_classes"]["k"] == "arr"
    assert attrs["throttle_classes"]["items"][0] == {"k": "ident", "v": "rest_framework.throttling.AnonRateThrottle",
                                                    "line": 18}
    assert attrs["permission_classes"]["k"] == "arr"
    cls = [c for c in f.extra["classes"] if c["name"] == "LoginView"][0]
    assert cls["bases"] == ["rest_framework.views.APIView"]
    assert cls["decorators"] == [{"k": "ident", "v": "decorate", "line": 16}]
    # class constants resolve through the class
    assert one(f, "send").args[0].k == STR and one(f, "send").args[0].v == "email"


def test_attrs():
    f = ex("x = os.environ.get('A')\nif len(self.clients.size) > 1: ws.clients.size\n")
    assert f.attrs == ["clients.size", "environ.get", "os.environ", "self.clients", "ws.clients"]


# ---------------------------------------------------------------------------
# routes


def test_flask_restx_class_routes_join_the_namespace_path():
    f = ex(
        """
        from flask_restx import Namespace, Resource
        from .api import api

        auth_api = api.namespace("auth", description="Auth")
        people = Namespace("users", path="/v2/people")
        items = Namespace(name="items")

        @auth_api.route("/login/")
        class Login(Resource):
            def post(self):
                pass

        @people.route("/<int:id>")
        class User(Resource):
            def get(self, id):
                pass

        @items.route("/")
        class Items(Resource):
            def get(self):
                pass

        def make(ns):
            @ns.route("/x")
            class X(Resource):
                pass
        """
    )
    assert [(r.method, r.path, r.router) for r in f.routes] == [
        ("ANY", "/auth/login/", "auth_api"),
        ("ANY", "/v2/people/<int:id>", "people"),
        ("ANY", "/items/", "items"),
        ("ANY", "/x", "ns"),  # a namespace passed in: its path is not known here
    ]


def test_flask_routes_blueprint_prefix_methods_and_decorators():
    f = ex(
        """
        from flask import Flask, Blueprint
        from flask_limiter import Limiter

        app = Flask(__name__)
        bp = Blueprint("auth", __name__, url_prefix="/auth")
        limiter = Limiter(app)

        @bp.route("/login", methods=["GET", "POST"])
        @limiter.limit("5/minute")
        def login():
            return "ok"

        @bp.route("/me")
        def me():
            pass

        @app.post("/token")
        @app.route("/oauth/token", methods=["PUT"])
        def token():
            pass

        def signup():
            pass

        app.add_url_rule("/signup", view_func=signup, methods=["POST"])
        """
    )
    routes = [(r.method, r.path, r.router, r.handler, r.framework) for r in f.routes]
    assert routes == [
        ("POST", "/auth/login", "bp", "login@11", "flask"),
        ("GET", "/auth/me", "bp", "me@15", "flask"),
        ("POST", "/token", "app", "token@20", "flask"),
        ("PUT", "/oauth/token", "app", "token@20", "flask"),
        ("POST", "/signup", "app", "signup@23", "flask"),
    ]
    login = f.routes[0]
    assert [(m.k, m.v) for m in login.middleware] == [(CALL, "limiter.limit")]
    assert login.line == 9 and login.col == 2
    assert f.routes[2].middleware == []  # the other route decorator is not middleware


def test_fastapi_routes():
    f = ex(
        """
        from typing import Annotated
        from fastapi import APIRouter, Depends, FastAPI, Security
        from slowapi import Limiter
        from fastapi_limiter.depends import RateLimiter

        app = FastAPI()
        router = APIRouter(prefix="/auth")
        limiter = Limiter(key_func=get_remote_address)

        def get_db():
            yield 1

        @router.post("/login", dependencies=[Depends(RateLimiter(times=5, seconds=60))])
        @limiter.limit("5/minute")
        async def login(form: Form, db=Depends(get_db), user: Annotated[User, Security(current_user)] = None):
            pass

        @router.api_route("/session", methods=["GET", "POST"])
        async def session():
            pass

        @app.get("/health")
        def health():
            return {"ok": True}

        app.include_router(router, prefix="/api/v1")
        """
    )
    routes = [(r.method, r.path, r.router, r.handler, r.framework) for r in f.routes]
    assert routes == [
        ("POST", "/api/v1/auth/login", "router", "login@16", "fastapi"),
        ("POST", "/api/v1/auth/session", "router", "session@20", "fastapi"),
        ("GET", "/health", "app", "health@24", "fastapi"),
    ]
    mw = f.routes[0].middleware
    assert [(m.k, m.v) for m in mw] == [
        (CALL, "fastapi.Depends"),
        (CALL, "limiter.limit"),
        (CALL, "fastapi.Depends"),
        (CALL, "fastapi.Security"),
    ]
    dep_call = f.calls[mw[0].call]
    assert dep_call.args[0].k == CALL and dep_call.args[0].v == "fastapi_limiter.depends.RateLimiter"
    assert f.calls[mw[2].call].args[0].k == FN and f.calls[mw[2].call].args[0].v == "get_db@11"


def test_fastapi_annotated_dependency_aliases():
    f = ex(
        """
        from typing import Annotated
        from fastapi import APIRouter, Depends
        from app.security import GetUserDep
        from app.models import TokenBody

        router = APIRouter()

        def get_db():
            yield 1

        DbSession = Annotated[object, Depends(get_db)]
        Plain = Annotated[int, "a note"]

        @router.post("/token")
        def token(body: TokenBody, user: GetUserDep, db: DbSession, n: Plain, k: int = 0):
            pass
        """
    )
    # a module alias of Annotated[..., Depends(...)]: the Depends call's index, for other modules' handlers
    assert f.extra["depends_aliases"] == {"DbSession": f.calls.index(next(c for c in f.calls if c.callee == "fastapi.Depends"))}
    # the alias of this module is the route's dependency, as if written in place
    mw = f.routes[0].middleware
    assert [(m.k, m.v) for m in mw] == [(CALL, "fastapi.Depends")]
    assert f.calls[mw[0].call].args[0].v == "get_db@9"
    # imported annotations are kept by handler, to be looked up in their module
    assert f.extra["depends_alias_imports"] == {"token@16": ["app.models.TokenBody", "app.security.GetUserDep"]}


def test_django_urls():
    f = ex(
        """
        from django.urls import include, path, re_path
        from django_ratelimit.decorators import ratelimit
        from . import views

        @ratelimit(key="ip", rate="5/m")
        def local_login(request):
            pass

        urlpatterns = [
            path("login/", views.login_view, name="login"),
            re_path(r"^signin/$", local_login),
            path("token/", ratelimit(key="ip")(views.token)),
            path("session/", views.SessionView.as_view()),
            path("api/", include("api.urls")),
        ]
        """,
        path="accounts/urls.py",
    )
    routes = [(r.method, r.path, r.router, r.handler, r.framework) for r in f.routes]
    assert routes == [
        ("ANY", "/login/", "urls", "", "django"),
        ("ANY", "/signin/", "urls", "local_login@7", "django"),
        ("ANY", "/token/", "urls", "", "django"),
        ("ANY", "/session/", "urls", "", "django"),
    ]
    assert [(m.k, m.v) for m in f.routes[0].middleware] == [(IDENT, "./accounts/views.login_view")]
    assert [(m.k, m.v) for m in f.routes[1].middleware] == [(FN, "local_login@7"),
                                                            (CALL, "django_ratelimit.decorators.ratelimit")]
    assert [(m.k, m.v) for m in f.routes[2].middleware] == [(CALL, "django_ratelimit.decorators.ratelimit()")]
    assert f.routes[3].middleware[0].v == "./accounts/views.SessionView.as_view"
    assert f.extra["django_includes"] == [{"prefix": "/api/", "module": "api.urls", "line": 15}]


def test_django_url_pattern_with_its_own_leading_slash():
    f = ex(
        """
        from django.conf.urls import url
        from . import views

        urlpatterns = [url(r"^/login/?$", views.login_view, name="account_login")]
        """,
        path="account/urls.py",
    )
    assert [r.path for r in f.routes] == ["/login/?"]


def test_aiohttp_routes():
    f = ex(
        """
        from aiohttp import web

        routes = web.RouteTableDef()

        @routes.post("/login")
        async def login(request):
            pass

        async def signin(request):
            pass

        app = web.Application()
        app.router.add_post("/signin", signin)
        app.router.add_route("PUT", "/password/reset", signin)
        app.add_routes([web.post("/token", signin), web.get("/health", signin)])
        app.add_routes(routes)
        web.run_app(app)
        """
    )
    routes = [(r.method, r.path, r.router, r.handler, r.framework) for r in f.routes]
    assert routes == [
        ("POST", "/login", "routes", "login@7", "aiohttp"),
        ("POST", "/signin", "app.router", "signin@10", "aiohttp"),
        ("PUT", "/password/reset", "app.router", "signin@10", "aiohttp"),
        ("POST", "/token", "app", "signin@10", "aiohttp"),
        ("GET", "/health", "app", "signin@10", "aiohttp"),
    ]


def test_non_route_decorators_are_not_routes():
    f = ex(
        """
        import functools

        @cache.get("key")
        def a(): pass

        @functools.lru_cache()
        def b(): pass
        """
    )
    assert f.routes == []


# ---------------------------------------------------------------------------
# extras


def test_handlers_loops_main_guard_assigns():
    f = ex(
        """
        import sys
        import redis

        def run():
            while True:
                try:
                    item = r.brpop("q")
                    path = BASE + item
                except (redis.ConnectionError, redis.exceptions.TimeoutError):
                    sys.exit(1)
                except Exception:
                    pass

        if __name__ == "__main__":
            run()
        """
    )
    handlers = f.extra["handlers"]
    assert handlers[0]["types"] == ["redis.ConnectionError", "redis.exceptions.TimeoutError"]
    assert handlers[0]["func"] == "run@5" and handlers[0]["line"] == 10 and handlers[0]["try_line"] == 7
    exit_call = one(f, "sys.exit")
    assert handlers[0]["line"] <= exit_call.line <= handlers[0]["end_line"]
    assert handlers[1]["types"] == ["Exception"]
    assert f.extra["loops"] == [{"line": 6, "end_line": 13, "test": "True", "func": "run@5"}]
    assert f.extra["main_guard"] == [[15, 16]]
    assert "assigns" not in f.extra  # no check reads `item = r.brpop(...)` or `path = BASE + item`


def test_loops_that_their_body_can_leave():
    f = ex(
        """
        def forever():
            while True:
                for item in batch():
                    if item is None:
                        break
                def stop():
                    return 1
                sleep(1)

        def drains():
            while True:
                if q.empty():
                    break

        def answers():
            while True:
                with lock:
                    if ready():
                        return value()
        """
    )
    leaves = {lp["func"].split("@")[0]: bool(lp.get("leaves")) for lp in f.extra["loops"]}
    assert leaves == {"forever": False, "drains": True, "answers": True}


def test_assigns_keep_what_checks_read():
    f = ex(
        """
        import asyncpg
        import requests
        from redis import Redis as R

        app.conf.broker_url = "redis://cache:6379/0"
        requests.get = patched
        path = BASE + item
        item = r.brpop("q")

        class Store:
            async def init(self, cached):
                self.pool = cached or await asyncpg.create_pool(dsn)
                client = cached or R()
                n = 1
                made = R()
        """
    )
    rows = f.extra["assigns"]
    by_target = {r[0]: r for r in rows}
    assert by_target["app.conf.broker_url"] == ["app.conf.broker_url", "", 6, {"k": "str", "v": "redis://cache:6379/0", "line": 6}, []]
    assert by_target["requests.get"][1:3] == ["", 7]
    pool = by_target["self.pool"]
    assert pool[1:3] == ["init@12", 13] and pool[4] == ["asyncpg.create_pool"]  # only pool constructors of the names read
    client = by_target["client"]
    assert client[1:3] == ["init@12", 14] and client[3]["k"] == OTHER and client[4] == []
    # only what a check reads is kept (frontends/_assigns.py): not `path = BASE + item`,
    # a call's result (`item`, `made`), a constant on a line without a call
    assert [r[0] for r in rows] == ["app.conf.broker_url", "requests.get", "self.pool", "client"]


# ---------------------------------------------------------------------------
# decoding / errors / guards


def test_python2_syntax_is_skipped_with_line():
    with pytest.raises(SkipFile, match=r"^syntax error at line 3: "):
        pyfe.extract("old.py", b"import os\n\nexec 'hello'\n")
    with pytest.raises(SkipFile, match=r"^syntax error at line 1: "):
        pyfe.extract("old.py", b"exec 'py2'\nimport psycopg_pool\n")
    # libcst puts tokenizer errors at line 1: the line comes from Python's own parser
    with pytest.raises(SkipFile, match=r"^syntax error at line 4: tokenizer error"):
        pyfe.extract("old.py", b"import os\n\n\nos.chmod('x', 0400)\n")
    # ...without a warning about the file's escape sequences on stderr (or in its place)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(SkipFile, match=r"^syntax error at line 3: tokenizer error"):
            pyfe.extract("old.py", b"import re\nDIGITS = re.compile('\\d+')\nos.chmod('x', 0400)\n")


def test_python2_skip_reason_says_so():
    # adjutant's (stop 62) Python 2 modules were skipped as plain syntax errors
    cases = {
        b"import os\n\nos.chmod('x', 0755)\n": 3,
        b"import os\nname = `os.getpid()`\n": 2,
        b"if 1 <> 2:\n    pass\n": 1,
        b"exec 'py2'\n": 1,
        b"PATTERN = ur'\\d+'\n": 1,
        # diamond's rrdtool handler: a lambda that unpacks a tuple parameter
        b"points = map(\n    lambda (ts, values): ts,\n    items)\n": 2,
    }
    for src, line in cases.items():
        with pytest.raises(SkipFile, match=rf"^syntax error at line {line}: .*\(Python 2 code: riskscan reads Python 3\)$"):
            pyfe.extract("old.py", src)
    # a Python 3 file that is simply broken is not called Python 2, nor is a
    # comment's backtick or a decimal literal on the failing line
    for src in (b"import os\nx = $y  # see `g` and 0755\n", b"x = [1, 2\n", b"timeout = 10 +\n", b"key = lambda x: (x +\n"):
        with pytest.raises(SkipFile) as err:
            pyfe.extract("new.py", src)
        assert "Python 2" not in str(err.value)


def test_async_used_as_a_name_before_python_3_7_is_analysed():
    # pyspider 0.3.10's fetcher/tornado_fetcher.py, run.py and webui/app.py:
    # `def __init__(self, ..., async=True)`, `Fetcher(None, None, async=False)`
    src = (
        "import requests\n"
        "\n"
        "class Fetcher(object):\n"
        "    def __init__(self, inqueue, poolsize=100, async=True):  # async: a name here\n"
        "        self.async = async\n"
        "        self.mode = 'async'\n"
        "\n"
        "    async def later(self):\n"
        "        async with self.lock:\n"
        "            return requests.get(self.url)\n"
        "\n"
        "fetch = lambda x: Fetcher(None, async=False).fetch(x)\n"
    )
    f = pyfe.extract("fetcher.py", src.encode())
    get = one(f, "requests.get")
    assert (get.line, get.col) == (10, 20)  # positions are the file's own (1-based columns)
    assert one(f, "Fetcher").line == 12
    assert [fn.name for fn in f.funcs if fn.cls == "Fetcher"] == ["__init__", "later"]
    # a file that is broken anyway is still reported at its first error, as before
    with pytest.raises(SkipFile, match=r"^syntax error at line 1: "):
        pyfe.extract("old.py", b"x = dict(async=True)\n\nexec 'py2'\n")


def test_python_2_print_except_and_raise_statements_are_analysed():
    # cabot 0.11.12's cabotapp/graphite.py: `print 'Getting metrics matching %s' % pattern`
    # and `except requests.exceptions.RequestException, e:` made the whole file a syntax error
    src = (
        "import requests\n"
        "\n"
        "def get_matching_metrics(pattern):\n"
        "    print 'Getting metrics matching %s' % pattern\n"
        "    if not pattern: print\n"
        "    try:\n"
        "        resp = requests.get(API + 'metrics/find/', params={'query': pattern})\n"
        "    except requests.exceptions.RequestException, e:  # py2\n"
        "        raise ValueError, 'no metrics: %s' % e\n"
        "    print resp.status_code, len(resp.content)\n"
        "    return resp.json()\n"
    )
    f = pyfe.extract("graphite.py", src.encode())
    get = one(f, "requests.get")
    assert (get.line, get.col) == (7, 16)  # positions are the file's own
    assert one(f, "resp.json").line == 11
    assert [fn.name for fn in f.funcs] == ["get_matching_metrics"]
    # Python 3 code is read as it is: `print` as a name, in a call or an expression is not touched
    assert pyfe._py2_statements_rewritten("print('x')\nprint (a), b\nx = {'k': print}\nprint -1\n") is None
    # other Python 2 syntax still makes the file a syntax error, reported at its first error, as before
    with pytest.raises(SkipFile, match=r"^syntax error at line 2: "):
        pyfe.extract("old.py", b"import sys\nprint 'a'\nexec 'py2'\n")


def test_binary_is_skipped():
    with pytest.raises(SkipFile, match="binary"):
        pyfe.extract("x.py", b"\x00\x01\x02import os")
    with pytest.raises(SkipFile, match="UTF-8"):
        pyfe.extract("x.py", b"x = '\xff\xfe\xfa'\n")


def test_latin1_coding_cookie():
    data = "# -*- coding: latin-1 -*-\nNAME = 'caf\u00e9'\nf(NAME)\n".encode("latin-1")
    f = pyfe.extract("x.py", data)
    assert f.consts["NAME"].v == "caf\u00e9"


@pytest.mark.parametrize("nl", ["\r\n", "\r"])
def test_crlf_and_cr_line_numbers(nl):
    src = nl.join(["import os", "", "def f():", "    return os.getenv('X')", ""])
    f = pyfe.extract("x.py", src.encode())
    c = one(f, "os.getenv")
    assert (c.line, c.col) == (4, 12)
    assert f.funcs[0].id == "f@3"


@pytest.mark.parametrize(
    "src",
    [
        "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
        "".join(" " * i + "if x:\n" for i in range(300)) + " " * 300 + "pass\n",
        "x = " + "[" * 150 + "]" * 150 + "\n",
    ],
    ids=["parens-5000", "ifs-300", "lists-150"],
)
def test_deep_nesting_is_skipped_quickly(src):
    t = time.monotonic()
    with pytest.raises(SkipFile, match="nesting deeper than 100 levels"):
        pyfe.extract("deep.py", src.encode())
    assert time.monotonic() - t < 1.0


@pytest.mark.parametrize(
    "src",
    [
        "x = " + "lambda: " * 5000 + "1\n",
        "x = " + "+".join(["1"] * 5000) + "\n",
        "x = a" + ".b()" * 3000 + "\n",
        "x = " + " ".join(['"a"'] * 2000) + "\n",
    ],
    ids=["lambdas", "binop", "method-chain", "implicit-concat"],
)
def test_long_chains_are_skipped_quickly(src):
    t = time.monotonic()
    with pytest.raises(SkipFile, match="expression nesting deeper than"):
        pyfe.extract("deep.py", src.encode())
    assert time.monotonic() - t < 1.0


def test_brackets_in_strings_and_comments_do_not_count():
    src = 'x = "' + "(" * 500 + '"\n# ' + "[" * 500 + '\ny = """' + "{" * 500 + '"""\nf(1)\n'
    f = pyfe.extract("x.py", src.encode())
    assert [c.callee for c in f.calls] == ["f"]


def test_nesting_at_the_limit_still_parses():
    src = "def f():\n    class A:\n        def g(self):\n            x = " + "f(" * 99 + "1" + ")" * 99 + "\n"
    limit = sys.getrecursionlimit()
    f = pyfe.extract("x.py", src.encode())
    assert len(f.calls) == 99
    assert sys.getrecursionlimit() == limit  # restored


def test_recursion_error_becomes_skipfile(monkeypatch):
    def boom(self):
        raise RecursionError("deep")

    monkeypatch.setattr(pyfe._Extractor, "run", boom)
    with pytest.raises(SkipFile, match="too deeply nested to analyse"):
        pyfe.extract("x.py", b"x = 1\n")


def test_facts_round_trip_json():
    f = ex(
        """
        from fastapi import FastAPI, Depends
        app = FastAPI()

        @app.post("/login", dependencies=[Depends(limit)])
        async def login(db=Depends(get_db)):
            await db.execute("UPDATE jobs SET status = 'x' WHERE id = 1")
        """
    )
    data = json.loads(json.dumps(to_json(f)))
    assert to_json(from_json("FileFacts", data)) == data
    assert f.lang == "py" and f.path == "app/main.py"


def test_empty_file():
    f = pyfe.extract("empty.py", b"")
    assert f.calls == [] and f.funcs == [] and f.lang == "py"


# ---------------------------------------------------------------------------
# every rule example: lossless JSON round trip, routes always name a router


def _example_files():
    import posixpath

    from riskscan.discovery import classify
    from riskscan.ruledefs import load_rules

    for rid, meta in sorted(load_rules(examples=True).items()):
        for i, example in enumerate(meta.examples):
            files = example.get("files") or {example.get("path") or ("app.py" if example["lang"] == "py" else "x"): example["code"]}
            for path, code in sorted(files.items()):
                if classify(posixpath.basename(path)) == "py":
                    yield pytest.param(path, code, id=f"{rid}-{i}-{path}")


@pytest.mark.parametrize(("path", "code"), list(_example_files()))
def test_rule_examples_round_trip_losslessly(path, code):
    facts = pyfe.extract(path, code.encode("utf-8"))
    back = from_json("FileFacts", json.loads(json.dumps(to_json(facts))))
    assert back == facts
    assert all(r.router for r in facts.routes)


def test_from_dot_import_is_a_submodule():
    f = ex("from . import views\nfrom .views import login\nfrom . import auth as a\n", path="pkg/urls.py")
    assert f.imports["views"] == "./pkg/views"
    assert f.imports["login"] == "./pkg/views.login"
    assert f.imports["a"] == "./pkg/auth"
    assert f.modules == ["./pkg", "./pkg/views", "./pkg/auth"]
    top = ex("from . import views\n", path="urls.py")
    assert top.imports["views"] == "./views" and top.modules == ["./", "./views"]
    u = ex("from . import views\nfrom django.urls import path\nurlpatterns = [path('login/', views.login)]\n", path="pkg/urls.py")
    assert u.routes[0].middleware[0].v == "./pkg/views.login"


def test_add_url_rule_without_methods():
    f = ex(
        """
        from flask import Flask
        from flask.views import MethodView
        from starlette.routing import Route
        from starlette.endpoints import HTTPEndpoint

        app = Flask(__name__)

        class LoginView(MethodView):
            def post(self):
                pass

        class Home(HTTPEndpoint):
            async def get(self, request):
                pass

        def health():
            pass

        login_view = LoginView.as_view("login2")
        app.add_url_rule("/login", view_func=LoginView.as_view("login"))
        app.add_url_rule("/login2", view_func=login_view)
        app.add_url_rule("/login3", view_func=login_required(LoginView.as_view("login3")))
        app.add_url_rule("/login4", view_func=LoginView.as_view("login4"), methods=["POST"])
        app.add_url_rule("/health", view_func=health)
        routes = [Route("/", Home), Route("/h", health)]
        """
    )
    got = [(r.method, r.path, r.router) for r in f.routes]
    assert got == [
        ("ANY", "/login", "app"),
        ("ANY", "/login2", "app"),
        ("ANY", "/login3", "app"),
        ("POST", "/login4", "app"),
        ("GET", "/health", "app"),
        ("ANY", "/", "routes"),
        ("GET", "/h", "routes"),
    ]


def test_django_include_of_a_project_module_is_recorded_not_expanded():
    f = ex(
        """
        from django.urls import include, path
        urlpatterns = [path("auth/", include("app.auth_urls")), path("x/", include(("app.x_urls", "x")))]
        """,
        path="proj/urls.py",
    )
    assert f.routes == []
    assert f.extra["django_includes"] == [
        {"prefix": "/auth/", "module": "app.auth_urls", "line": 3},
        {"prefix": "/x/", "module": "app.x_urls", "line": 3},
    ]


def test_compares():
    f = ex(
        """
        def check(ws, n):
            if len(CLIENTS) >= MAX and ws is not None:
                return
            big = n > 10; same = a == b; diff = a != b; lt = a < b < c; le = a <= b
            only_is = a is None; only_in = a in b
        if os.environ["X"]   ==  \\
                "y":
            pass
        """
    )
    assert f.extra["compares"] == [
        [3, "check@2", "len(CLIENTS) >= MAX"],
        [5, "check@2", "n > 10"],
        [5, "check@2", "a == b"],
        [5, "check@2", "a != b"],
        [5, "check@2", "a < b < c"],
        [5, "check@2", "a <= b"],
        [7, "", 'os.environ["X"] == \\ "y"'],
    ]
    long = ex("if " + "a" * 200 + " > 1:\n    pass\n").extra["compares"][0][2]
    assert len(long) == 120 and long.endswith("...")
    assert "compares" not in ex("x = 1\n").extra


def test_compares_mark_a_comprehension_filter_on_its_own_items():
    f = ex(
        """
        def split(ops, request, routes):
            a = [op for op in ops if not (op['path'] == '/status' or op['path'].startswith('/s/'))]
            b = {k: v for k, v in pairs if v.get('path') != '/x'}
            c = any(request.path == p for p in routes)
            d = [r for r in routes if request.path == '/healthz']
            if request.path == '/healthz':
                pass
        """
    )
    assert [[c[0], c[2], c[3:]] for c in f.extra["compares"]] == [
        [3, "op['path'] == '/status'", [1]],
        [4, "v.get('path') != '/x'", [1]],
        [5, "request.path == p", []],
        [6, "request.path == '/healthz'", []],
        [7, "request.path == '/healthz'", []],
    ]


def test_long_elif_chain_is_skipped_before_the_parser_crashes():
    chain = "import redis\nif x:\n    pass\n" + "elif x:\n    if y: pass\n    elif z: pass\n" * 1001
    with pytest.raises(SkipFile, match="elif chain"):
        pyfe.extract("x.py", chain.encode())
    ok = "if x:\n    pass\n" + "elif x: pass\n" * 1000 + "y = 1\nif a: pass\n" + "elif b: pass\n" * 1000
    assert pyfe.extract("x.py", ok.encode()).consts["y"].v == "1"


_POSITION_SOURCES = [
    "\x0cimport os\n\x0c\nfrom a import b\n\nx = b(os.environ['X'])\n",  # libcst drops the leading form feed
    "def f():\n    return 1",  # no trailing newline
    "",
    "\n\n",
    textwrap.dedent(
        '''
        @decorator(a=1)
        @other
        async def handler(request, *args, key: int = 3, **kw) -> "T":
            """doc
            string"""  # a comment
            from a.b import (c,
                             d as e)
            y = (name) + ((b"s")) - (1) * 2.5j
            async with lock as l, other():
                x = [i async for i in gen() if i > 2]
            s = f"{x!r:>{width}} {y}" 'tail' \\
                "more"
            while (n := n - 1) > 0:
                try:
                    pass
                except (A, B) as e:
                    raise X from e
                finally:
                    del x[1:2, ::3]
            return lambda q, *, r=1: (q if r else -q)

        class K(Base, metaclass=M):
            a: int = 1; b = c = 2
            def m(self): return self.a ** -2 @ z
        match cmd:
            case [1, *rest] | {"k": _} if rest:
                pass
        '''
    ),
    "x = 1\r\nif x:\r\n    y = (a,\r\n         b)  # c\r\n\r\n    z = x + \\\r\n        [1, {2: 3}][0]\r\n",  # CRLF, a continuation
    "# only a comment",
]


@pytest.mark.parametrize("src", _POSITION_SOURCES)
def test_lean_positions_equal_libcsts_position_provider(src):
    import libcst as cst

    module = cst.parse_module(src)
    ref = _reference_ranges(module)
    mine = pyfe._positions(module)
    assert isinstance(mine, pyfe._Positions)
    trivia = tuple(cls for cls, _codegen in pyfe._UNPLACED)
    kept = [node for node in ref if not isinstance(node, trivia)]
    assert len(mine) == len(kept)
    for node in kept:
        assert mine[node] == ref[node], (type(node).__name__, ref[node], mine[node])
        assert node in mine
    for node in ref:
        if isinstance(node, trivia):
            # whitespace, comments and punctuation get no range: the frontend never asks for one
            assert node not in mine and mine.get(node) is None


def test_position_pass_leaves_out_only_whitespace_comments_and_punctuation():
    import libcst as cst

    module = cst.parse_module(_POSITION_SOURCES[4])
    ref = _reference_ranges(module)
    mine = pyfe._positions(module)
    left_out = {type(node) for node in ref if node not in mine}
    assert {cst.SimpleWhitespace, cst.Newline, cst.Comment, cst.TrailingWhitespace, cst.EmptyLine, cst.Comma, cst.Dot,
            cst.AssignEqual, cst.LeftSquareBracket} <= left_out
    assert not left_out & {cst.Name, cst.Call, cst.Attribute, cst.Arg, cst.ImportFrom, cst.LeftParen, cst.RightParen}
    imp = next(node for node in ref if type(node) is cst.ImportFrom)
    assert mine[imp].end.line == mine[imp].start.line + 1  # it ends at its closing parenthesis


def test_position_pass_without_its_swaps_gives_every_node_libcsts_range(monkeypatch):
    """When libcst's internals are not where the lean pass expects them, no
    class gets a lean code generator, and every node, whitespace included,
    gets the range libcst's ``PositionProvider`` gives it."""
    import libcst as cst
    from libcst._nodes import expression as cst_expression

    monkeypatch.delattr(cst_expression, "_BaseParenthesizedNode")
    module = cst.parse_module(_POSITION_SOURCES[4])
    ref = _reference_ranges(module)
    mine = pyfe._positions(module)
    assert len(mine) == len(ref)
    assert {type(node) for node in ref} >= {cst.SimpleWhitespace, cst.Comma, cst.Name}
    for node, rng in ref.items():
        assert mine[node] == rng, (type(node).__name__, rng, mine[node])
    assert not [cls for cls, _codegen in pyfe._LEAN if "_codegen" in cls.__dict__]


def _reference_ranges(module):
    """node -> range, from libcst's own ``PositionProvider``."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    return PositionProvider()._gen(MetadataWrapper(module, unsafe_skip_copy=True))


def test_facts_do_not_depend_on_the_position_pass(monkeypatch):
    src = _POSITION_SOURCES[0] + _POSITION_SOURCES[4]
    lean = to_json(pyfe.extract("pkg/a.py", src.encode()))
    monkeypatch.setattr(pyfe, "_OffsetState", None)  # libcst's own provider
    assert to_json(pyfe.extract("pkg/a.py", src.encode())) == lean


def test_node_validation_is_skipped_only_while_parsing():
    """The frontend parses without libcst's per-node validation; libcst
    validates as usual outside the parse, also after a failed parse."""
    import libcst as cst

    from riskscan.frontends import SkipFile
    from riskscan.frontends import python as py

    facts = py.extract("ok.py", b"import redis\nr = redis.Redis(host='h')\n")
    assert [c.callee for c in facts.calls] == ["redis.Redis"]
    with pytest.raises(SkipFile):
        py.extract("bad.py", b"def f(:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")  # validation is back


def test_lean_code_generation_is_only_for_the_position_pass():
    """The position pass swaps in lean versions of libcst's per-node code
    generation hooks; afterwards (also after a failure) libcst generates code
    with its own, and the frontend's facts are unchanged."""
    import libcst as cst
    from libcst._nodes import expression as cst_expression

    before = (cst.CSTNode.__dict__["_codegen"], cst_expression._BaseParenthesizedNode.__dict__["_parenthesize"])
    src = _POSITION_SOURCES[0]
    module = cst.parse_module(src)
    code = module.code
    pyfe._positions(module)
    assert (cst.CSTNode.__dict__["_codegen"], cst_expression._BaseParenthesizedNode.__dict__["_parenthesize"]) == before
    with pytest.raises(RuntimeError):
        with pyfe._lean_codegen():
            raise RuntimeError("boom")
    assert (cst.CSTNode.__dict__["_codegen"], cst_expression._BaseParenthesizedNode.__dict__["_parenthesize"]) == before
    assert len(pyfe._LEAN) > len(pyfe._UNPLACED) > 0
    assert not [cls for cls, _codegen in pyfe._LEAN if "_codegen" in cls.__dict__]
    assert module.code == code


def test_identity_type_tests_only_name_classes_without_subclasses():
    """The Python frontend tests node types with ``type(x) is cst.X`` (faster
    than isinstance on libcst's ABC-based classes).  That means the same only
    while ``cst.X`` has no subclasses: a libcst release that adds one must
    fail here, not silently miss nodes."""
    import re
    from pathlib import Path

    import libcst as cst

    src = Path(__file__).resolve().parents[2] / "src" / "riskscan" / "frontends"
    names = set()
    for name in ("python.py", "taint_py.py"):
        names |= set(re.findall(r"\)\s+is(?:\s+not)?\s+cst\.([A-Za-z]+)\b", (src / name).read_text(encoding="utf-8")))
    assert names, "no identity type tests found: update this test"
    for n in sorted(names):
        cls = getattr(cst, n)
        assert not cls.__subclasses__(), f"cst.{n} has subclasses {cls.__subclasses__()}: use isinstance"


def test_dict_options_changed_after_their_literal():
    """Keys set on an options dict after its literal (item assignment,
    update, setdefault, |=) are part of what the call receives (its keyword
    arguments, the spread merged in); a change
    under a condition is known to set the key, not its value."""
    f = ex(
        """
        import os
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        def plain():
            kw = {"pool_pre_ping": True}
            kw["pool_size"] = 10
            kw.update({"max_overflow": 5}, pool_timeout=30)
            kw.setdefault("pool_recycle", 300)
            kw |= {"echo": False}
            return create_engine(os.environ["DB_URL"], **kw)

        def branchy(size):
            kw = {"pool_pre_ping": True}
            if size:
                kw.update({"pool_size": size, "poolclass": "QueuePool"})
            else:
                kw["poolclass"] = NullPool
            return create_engine(os.environ["DB_URL"], **kw)
        """
    )
    plain, branchy = calls_named(f, "sqlalchemy.create_engine")
    keys = {k: (v.k, v.v) for k, v in plain.kwargs.items()}
    assert keys == {"pool_pre_ping": (BOOL, "true"), "pool_size": (NUM, "10"), "max_overflow": (NUM, "5"), "pool_timeout": (NUM, "30"),
                    "pool_recycle": (NUM, "300"), "echo": (BOOL, "false")}
    keys = {k: v.k for k, v in branchy.kwargs.items()}
    assert keys == {"pool_pre_ping": BOOL, "pool_size": OTHER, "poolclass": OTHER}


def test_setdefault_keeps_a_key_the_dict_already_has():
    f = ex(
        """
        import os
        from sqlalchemy import create_engine

        def make(extra):
            kw = {"pool_timeout": None}
            kw.setdefault("pool_timeout", 30)
            kw.setdefault("pool_size", 5)
            return create_engine(os.environ["DB_URL"], **kw)

        def opened(extra):
            kw = {}
            kw.update(extra)
            kw.setdefault("pool_size", 5)
            return create_engine(os.environ["DB_URL"], **kw)
        """
    )
    make, opened = calls_named(f, "sqlalchemy.create_engine")
    assert {k: (v.k, v.v) for k, v in make.kwargs.items()} == {"pool_timeout": (NULL, "None"), "pool_size": (NUM, "5")}
    assert opened.kwargs["pool_size"].k == OTHER  # extra may already hold it


def test_dict_changes_elsewhere_do_not_leak_in():
    """Only changes in the same scope, between the literal and the call, count;
    an update from an unknown mapping leaves the options open."""
    f = ex(
        """
        import os
        from sqlalchemy import create_engine

        kw = {"pool_pre_ping": True}

        def tweak():
            kw = {}
            kw["pool_size"] = 1

        engine = create_engine(os.environ["DB_URL"], **kw)
        kw["pool_size"] = 50

        def other(extra):
            opts = {"pool_size": 5}
            opts.update(extra)
            return create_engine(os.environ["DB_URL"], **opts)
        """
    )
    first, second = calls_named(f, "sqlalchemy.create_engine")
    assert {k: v.k for k, v in first.kwargs.items()} == {"pool_pre_ping": BOOL}  # (nothing open: no "**")
    assert second.kwargs["**"].open and second.kwargs["pool_size"].v == "5"


def test_dicts_changed_in_terms_of_each_other_stay_cheap():
    """Hostile input: dicts whose changes refer to each other (and to
    themselves) are followed once per change, not once per path through them."""
    names = ["a", "b", "c", "d", "e", "f"]
    src = "from sqlalchemy import create_engine\n" + "".join(f"{n} = {{'z': 1}}\n" for n in names)
    for i in range(40):
        for j, n in enumerate(names):
            src += f"{n}['k{i}'] = {names[(j + 1) % 6]}\n{n}.update({n}, x={n})\n"
    src += "engine = create_engine(URL, **a)\n"
    started = time.perf_counter()
    f = pyfe.extract("app/hostile.py", src.encode())
    assert time.perf_counter() - started < 10  # (exponential before: minutes)
    assert one(f, "sqlalchemy.create_engine").kwargs["**"].open  # too many changes to follow: unknown keys


def test_tornado_route_tables():
    from riskscan.frontends.python import extract

    f = extract(
        "app/handlers.py",
        b'''
import tornado.web
from tornado.web import url
from .pages import HomeHandler

class LoginHandler(tornado.web.RequestHandler):
    async def post(self):
        pass

class HealthHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("ok")

handlers = [
    (r"/login", LoginHandler),
    (r"/health$", HealthHandler),
    (r"^/home", HomeHandler),
    ("not-a-path", HomeHandler),
    url(r"/api/health", HealthHandler, name="health"),
]
pairs = [("/x", 1)]
''',
    )
    got = [(r.method, r.path, r.framework, r.middleware[0].v) for r in f.routes]
    assert got == [
        ("POST", "/login", "tornado", "LoginHandler"),
        ("GET", "/health", "tornado", "HealthHandler"),
        ("ANY", "/home", "tornado", "./app/pages.HomeHandler"),
        ("GET", "/api/health", "tornado", "HealthHandler"),
    ]


def test_django_paths_listed_inline_in_include_get_the_outer_prefix():
    # ephios: path("settings/", include([path("token/", ...)])) serves /settings/token/, not /token/
    f = ex(
        "from django.urls import include, path, re_path\n"
        "from . import views\n"
        "urlpatterns = [\n"
        "    path('settings/', include([\n"
        "        path('token/', views.tokens),\n"
        "        path('x/', include([path('login/', views.login)])),\n"
        "    ])),\n"
        "    re_path(r'^api/', include([re_path(r'^auth/$', views.auth)])),\n"
        "    path('plain/', views.plain),\n"
        "    path('token-auth/', include(([path('', views.obtain)], 'auth'))),\n"
        "]\n",
        path="app/urls.py",
    )
    assert sorted(r.path for r in f.routes) == ["/api/auth/", "/plain/", "/settings/token/", "/settings/x/login/", "/token-auth/"]


def test_guard_clause_arms_of_an_if_elif_chain_and_an_except_that_returns():
    # the code after `if a: ...; return / elif b: return` (no else) runs only when the first arm did not;
    # so does the code after a `try` whose `except` arm returns
    f = ex(
        "def save(job, q, dev):\n"
        "    if job.pending:\n"
        "        q.enqueue(job)\n"
        "        return\n"
        "    elif job.failed:\n"
        "        return\n"
        "    dev.save()\n"
        "\n"
        "def run(q, db):\n"
        "    try:\n"
        "        work()\n"
        "    except Retry:\n"
        "        q.enqueue(1)\n"
        "        return\n"
        "    db.delete()\n"
    )
    arms = {(r[0], r[2]): (r[3], r[5]) for r in f.extra["branches"]}
    assert arms[(2, 0)] == (3, 4) and arms[(2, 1)][0] <= 7 <= arms[(2, 1)][1]
    assert arms[(12, 0)] == (13, 14) and arms[(12, 1)][0] <= 15 <= arms[(12, 1)][1]


def test_add_url_rule_path_from_a_parameter_is_a_placeholder():
    # supysonic 0.7.9 api/__init__.py: `api_routing(endpoint)` registers each view the decorator
    # is given at the path it is given; the path is not the parameter's name
    f = ex(
        """
        from flask import Blueprint

        api = Blueprint("api", __name__)
        ENDPOINT = "/ping"

        def api_routing(endpoint):
            def decorator(func):
                api.add_url_rule(endpoint, view_func=func, methods=["GET", "POST"])
                api.add_url_rule(f"{endpoint}.view", view_func=func, methods=["GET", "POST"])
                return func
            return decorator

        def ping():
            pass

        api.add_url_rule(ENDPOINT, view_func=ping)
        """
    )
    assert [r.path for r in f.routes] == ["{endpoint}", "{endpoint}.view", "/ping"]


def test_route_decorator_path_from_a_parameter_is_a_placeholder():
    # ironic-inspector 12.5.0 main.py:298: `def api(path, ..., **flask_kwargs): def outer(func):
    # @_app.route(path, **flask_kwargs)` registers each view at the path its use gives, not at `path`
    f = ex(
        """
        import flask

        _app = flask.Flask(__name__)
        ROOT = "/"

        def api(path, is_public_api=False, **flask_kwargs):
            def outer(func):
                @_app.route(path, **flask_kwargs)
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper
            return outer

        @_app.route(ROOT)
        def root():
            pass
        """
    )
    assert sorted(r.path for r in f.routes) == ["/", "{path}"]


def test_dict_handed_to_a_call_before_its_spread_and_the_keys_functions_set_on_dict_parameters():
    # ec2-api's EC2KeystoneAuth: `params = {...}; clients.update_request_params_with_ssl(params)`,
    # then `requests.request("POST", url, **params)`: the spread call and the call the dict went to first
    f = ex("""
        import requests
        from app import clients

        def check(url, body, other):
            params = {"data": body}
            clients.log(other)
            clients.add_defaults(params)
            clients.configure(opts=params)
            return requests.request("POST", url, **params)

        def add_defaults(params, other):
            params["timeout"] = 30
            params.setdefault("verify", True)
            params.update(extra)
            other = dict(other)
            other["retries"] = 3

        def spread_later(params):
            params = {}
            params["x"] = 1
    """)
    spread = one(f, "requests.request")
    helper = one(f, "app.clients.add_defaults")
    configure = one(f, "app.clients.configure")
    assert sorted(f.extra["dict_handoffs"], key=str) == sorted(
        [[spread.line, spread.col, helper.line, helper.col, 0], [spread.line, spread.col, configure.line, configure.col, "opts"]], key=str)
    assert f.extra["param_key_sets"] == [["add_defaults@12", "params", "*"], ["add_defaults@12", "params", "timeout"], ["add_defaults@12", "params", "verify"]]
