"""What a finding's message tells the reader, where it depends on the code."""

from __future__ import annotations

import pytest

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


def _messages_by_line(tmp_path, files, rule):
    """Line -> message of ``rule``'s findings in a scan of ``files``."""
    result = scan_tree(tmp_path, files, select=(rule,))
    return {f.line: f.message for f in result.findings if f.rule_id == rule}


DJANGO_LOGIN = """\
from django.contrib.auth import get_user_model
from django.http import HttpResponse, JsonResponse


def login(request):
    user = get_user_model().objects.filter(username=request.POST["username"]).first()
    if user is not None and user.check_password(request.POST["password"]):
        return JsonResponse({"ok": True})
    return HttpResponse(status=401)
"""


def test_lockout_message_names_the_python_services_own_libraries(tmp_path):
    """A Flask or FastAPI service is told of the account-keyed limits its
    own ecosystem has (and the detection accepts), not of Django's apps
    (chromadb's Basic-auth check on FastAPI was told of django-axes)."""
    (msg,) = _rs502_messages(tmp_path, {"app.py": FLASK_LOGIN, "requirements.txt": "flask\n"})
    assert "Flask-Limiter or slowapi limit keyed by the username" in msg
    assert "django" not in msg
    assert "express-brute" not in msg and "rate-limiter-flexible" not in msg


DJANGO_FORM_LOGIN_VIEW = """\
from django.contrib.auth import login as auth_login
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render

from .forms import LoginForm


def login_view(request):
    form = LoginForm(request, data=request.POST)
    if form.is_valid():
        auth_login(request, form.get_user())
        return redirect("/")
    return render(request, "login.html", {"form": form})


def plain_login_view(request):
    form = AuthenticationForm(request, data=request.POST)
    if form.is_valid():
        auth_login(request, form.get_user())
        return redirect("/")
    return render(request, "login.html", {"form": form})
"""

DJANGO_LOGIN_FORM = """\
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = ""
"""


def test_lockout_message_says_a_login_forms_is_valid_checks_the_password(tmp_path):
    """A bare `form.is_valid` reads like a false positive: the message says the form
    is Django's AuthenticationForm (or a project subclass, nautobot's LoginForm),
    whose clean() authenticates the submitted password."""
    files = {"users/views.py": DJANGO_FORM_LOGIN_VIEW, "users/forms.py": DJANGO_LOGIN_FORM, "requirements.txt": "django\n"}
    by_line = _messages_by_line(tmp_path, files, "RS502")
    assert sorted(by_line) == [10, 18]
    assert "`LoginForm`, a subclass of Django's `AuthenticationForm`, whose `clean()` calls `authenticate()`" in by_line[10]
    assert "(validating Django's `AuthenticationForm`, whose `clean()` calls `authenticate()`" in by_line[18]


AIOHTTP_BASIC_AUTH = """\
import base64

import bcrypt
from aiohttp import web


def check(users, username, password):
    hashed = users.get(username)
    return hashed is not None and bcrypt.checkpw(password.encode(), hashed.encode())


def basic_auth_middleware(users):
    @web.middleware
    async def middleware(request, handler):
        username, _, password = base64.b64decode(request.headers["Authorization"][6:]).decode().partition(":")
        if not check(users, username, password):
            return web.Response(status=401)
        return await handler(request)

    return middleware


app = web.Application(middlewares=[basic_auth_middleware({})])
web.run_app(app)
"""


def test_lockout_message_names_no_other_frameworks_limiter_to_an_aiohttp_service(tmp_path):
    """An aiohttp service (xandikos' htpasswd Basic auth) is not told of
    Flask-Limiter or slowapi, which it cannot use, nor of Django's apps; a
    service requiring FastAPI still is."""
    (msg,) = _rs502_messages(tmp_path, {"app.py": AIOHTTP_BASIC_AUTH, "requirements.txt": "aiohttp\nbcrypt\n"})
    assert "no failed-attempt counter or lock-until field, and no limit keyed by the username" in msg
    assert "Flask-Limiter" not in msg and "slowapi" not in msg and "django" not in msg
    (msg,) = _rs502_messages(tmp_path / "fastapi", {"app.py": AIOHTTP_BASIC_AUTH, "requirements.txt": "fastapi[all]>=0.100\nbcrypt\n"})
    assert "Flask-Limiter or slowapi limit keyed by the username" in msg


FLASK_SCRIPT_MANAGE = """\
from flask_script import Manager

from app import app

manager = Manager(app)

if __name__ == "__main__":
    manager.run()
"""


def test_lockout_message_takes_a_manage_py_without_django_for_no_sign_of_django(tmp_path):
    """A ``manage.py`` that runs no Django command (Flask-Script's, pypiserver's
    ``pypiserver/manage.py`` update command) does not make the service a
    Django one: it is not told of django-axes; Django's own ``manage.py`` still
    makes one."""
    files = {"app.py": FLASK_LOGIN, "manage.py": FLASK_SCRIPT_MANAGE, "requirements.txt": "flask\n"}
    (msg,) = _rs502_messages(tmp_path, files)
    assert "Flask-Limiter or slowapi limit keyed by the username" in msg
    assert "django" not in msg
    files = {"srv/app.py": AIOHTTP_BASIC_AUTH, "srv/manage.py": "import sys\n\nfrom .update import update_all\n\nupdate_all(sys.argv[1:])\n",
             "requirements.txt": "aiohttp\nbcrypt\n"}
    (msg,) = _rs502_messages(tmp_path / "plain", files)
    assert "no failed-attempt counter or lock-until field, and no limit keyed by the username" in msg and "django" not in msg
    django_manage = ('import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n'
                     '    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n')
    files = {"srv/app.py": AIOHTTP_BASIC_AUTH, "manage.py": django_manage, "requirements.txt": "aiohttp\nbcrypt\n"}
    (msg,) = _rs502_messages(tmp_path / "django", files)
    assert "django-axes or django-defender" in msg


JSON_FALLBACKS = """\
try: from simplejson import dumps as json_dumps, loads as json_lds
except ImportError:
    try: from json import dumps as json_dumps, loads as json_lds
    except ImportError:
        try: from django.utils.simplejson import dumps as json_dumps, loads as json_lds
        except ImportError:
            json_dumps = json_lds = None

try:
    from django.conf import settings as django_settings
except Exception:
    django_settings = None
"""


def test_lockout_message_takes_an_optional_django_import_for_no_sign_of_django(tmp_path):
    """A module that imports Django only where a failed import is caught (the
    vendored bottle.py's JSON fallbacks in pypiserver, a library's optional
    Django integration) does not make the service a Django one; a plain
    import of Django still does."""
    files = {"srv/app.py": JSON_FALLBACKS + AIOHTTP_BASIC_AUTH, "requirements.txt": "aiohttp\nbcrypt\n"}
    (msg,) = _rs502_messages(tmp_path, files)
    assert "no failed-attempt counter or lock-until field, and no limit keyed by the username" in msg and "django" not in msg
    files["srv/app.py"] = JSON_FALLBACKS + "from django.conf import settings\n" + AIOHTTP_BASIC_AUTH
    (msg,) = _rs502_messages(tmp_path / "django", files)
    assert "django-axes or django-defender" in msg


def test_lockout_message_names_djangos_lockout_apps_in_a_django_service(tmp_path):
    files = {"shop/views.py": DJANGO_LOGIN, "manage.py": "import django\n", "requirements.txt": "django\n"}
    (msg,) = _rs502_messages(tmp_path, files)
    assert "django-axes or django-defender" in msg
    assert "slowapi" not in msg and "express-brute" not in msg


def test_lockout_message_names_the_node_services_own_libraries(tmp_path):
    (msg,) = _rs502_messages(tmp_path, {"app.js": EXPRESS_LOGIN, "package.json": '{"name": "api", "dependencies": {"express": "4", "bcrypt": "5"}}'})
    assert "express-brute" in msg and "rate-limiter-flexible / express-rate-limit `keyGenerator` keyed by username" in msg
    assert "django" not in msg


def test_lockout_message_names_express_rate_limit_keyed_by_username(tmp_path):
    # (actual-sync-server's login limiter is express-rate-limit per client IP: the
    # message names how the library the service already uses would count per account)
    files = {"app.js": EXPRESS_LOGIN, "package.json": '{"name": "api", "dependencies": {"express": "5", "express-rate-limit": "8", "bcrypt": "6"}}'}
    (msg,) = _rs502_messages(tmp_path, files)
    assert "express-rate-limit `keyGenerator` keyed by username" in msg


WEBSOCKIFY_SERVER = """\
from websockify.websockifyserver import WebSockifyRequestHandler, WebSockifyServer


class EchoHandler(WebSockifyRequestHandler):
    def new_websocket_client(self):
        while True:
            frames, closed = self.recv_frames()
            if closed:
                return
            self.send_frames(frames)


def main():
    WebSockifyServer(EchoHandler, listen_host="0.0.0.0", listen_port=6080).start_server()
"""

WS_SERVER = """\
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
"""


def _rs402_messages(tmp_path, files):
    result = scan_tree(tmp_path, files, select=("RS402",))
    return [f.message for f in result.findings if f.rule_id == "RS402"]


def test_uncapped_websockify_message_says_it_forks_a_process_per_connection(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"relay/server.py": WEBSOCKIFY_SERVER, "requirements.txt": "websockify\n"})
    assert "forks as many processes" in msg and "process table" in msg
    assert "takes the process down" not in msg


def test_uncapped_ws_server_message_says_it_takes_the_process_down(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"app.js": WS_SERVER, "package.json": '{"name": "relay", "dependencies": {"ws": "8"}}'})
    assert "exhausts memory and file descriptors and takes the process down for everyone" in msg
    assert "forks" not in msg


RPC_FACTORY_RUN = """\
import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from home.server import RPCServerFactory


def run_server(host, port):
    ws_rpc_factory = RPCServerFactory()
    uvicorn.run(Starlette(routes=[WebSocketRoute("/wsrpc", ws_rpc_factory)]), host=host, port=port)
"""

RPC_FACTORY_SERVER = """\
from starlette.endpoints import WebSocketEndpoint


class RPCServerFactory:
    def __call__(self, *args, **kwargs):
        ws = RPCServer(*args, **kwargs)
        ws.factory = self
        return ws


class RPCServer(WebSocketEndpoint):
    async def on_connect(self, websocket):
        await websocket.accept()
"""


def test_uncapped_factory_route_message_names_the_endpoint_class_it_builds(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"home/__init__.py": "", "home/run.py": RPC_FACTORY_RUN, "home/server.py": RPC_FACTORY_SERVER,
                                        "requirements.txt": "starlette\nuvicorn\n"})
    assert msg.startswith("WebSocket endpoint `ws_rpc_factory` /wsrpc (a factory of the Starlette endpoint class `RPCServer`) accepts any number")


SOCKJS_TORNADO = """\
from sockjs.tornado import SockJSConnection


class StatusConnection(SockJSConnection):
    def on_open(self, info):
        self.send("hello")
"""


def test_uncapped_sockjs_tornado_message_names_the_connection_class(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"push.py": SOCKJS_TORNADO, "requirements.txt": "sockjs-tornado\n"})
    assert msg.startswith("SockJS connection class `StatusConnection` (sockjs-tornado) accepts any number")


JUPYTER_CHANNELS = """\
import jupyter_server.services.kernels.handlers as jupyter_server_handlers


class ZMQChannelsHandler(jupyter_server_handlers.ZMQChannelsHandler):
    async def get(self, kernel_id):
        self.kernel_manager.check_kernel_id(kernel_id=kernel_id)
        await super().get(kernel_id=kernel_id)
"""


def test_uncapped_jupyter_kernel_socket_message_names_jupyter_and_tornado(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"gateway/handlers.py": JUPYTER_CHANNELS, "requirements.txt": "jupyter_server\n"})
    assert msg.startswith("Jupyter Server kernel WebSocket handler `ZMQChannelsHandler` (a Tornado WebSocketHandler) accepts any number")


JUPYTER_KERNEL_TABLE = """\
import jupyter_server.services.kernels.handlers as server_handlers

from .mixins import TokenAuthorizationMixin

default_handlers = []
for path, cls in server_handlers.default_handlers:
    default_handlers.append((path, type(cls.__name__, (TokenAuthorizationMixin, cls), {})))
"""


def test_uncapped_jupyter_kernel_table_message_names_the_channels_route_it_serves(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"gateway/handlers.py": JUPYTER_KERNEL_TABLE, "requirements.txt": "jupyter_server\n"})
    assert msg.startswith(
        "Jupyter Server kernel WebSocket handler `KernelWebsocketHandler` (a Tornado WebSocketHandler, served at "
        "`/api/kernels/<kernel_id>/channels` from Jupyter's kernel route table that this module registers) accepts any number"
    )


PREFECT_ROUTER = """\
from fastapi import APIRouter


class PrefectRouter(APIRouter):
    pass
"""

PREFECT_EVENTS = """\
from fastapi import WebSocket

from server.utilities import PrefectRouter

router: PrefectRouter = PrefectRouter(prefix="/events", tags=["Events"])


@router.websocket("/out")
async def stream_events_out(websocket: WebSocket) -> None:
    await websocket.accept()
    async for event in websocket.iter_text():
        await websocket.send_text(event)
"""

PREFECT_LOGS = """\
from fastapi import APIRouter, FastAPI, WebSocket

router = APIRouter(prefix="/logs")
plain = APIRouter()
app = FastAPI()


@router.websocket("/out")
async def stream_logs_out(websocket: WebSocket) -> None:
    await websocket.accept()
    async for line in websocket.iter_text():
        await websocket.send_text(line)


@plain.websocket("/echo")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for line in websocket.iter_text():
        await websocket.send_text(line)


app.include_router(router, prefix="/api")
app.include_router(plain)
"""


def test_asgi_endpoint_message_gives_the_path_with_its_routers_prefix(tmp_path):
    msgs = _rs402_messages(tmp_path, {"server/utilities.py": PREFECT_ROUTER, "server/api/events.py": PREFECT_EVENTS,
                                      "server/api/logs.py": PREFECT_LOGS, "requirements.txt": "fastapi\n"})
    assert len(msgs) == 3, msgs
    assert any(m.startswith("WebSocket endpoint `stream_events_out` /events/out accepts") for m in msgs), msgs
    assert any(m.startswith("WebSocket endpoint `stream_logs_out` /api/logs/out accepts") for m in msgs), msgs
    assert any(m.startswith("WebSocket endpoint `echo` /echo accepts") for m in msgs), msgs


AIM_TRACKING = """\
from fastapi import APIRouter, WebSocket


class TrackingRouter:
    def __init__(self, registry):
        self.registry = registry
        self.router = APIRouter()
        self.router.add_api_websocket_route("/{client_uri}/write-instruction/", self.run_write_instructions)

    async def run_write_instructions(self, websocket: WebSocket, client_uri: str):
        await websocket.accept()
        while True:
            await websocket.send_bytes(await websocket.receive_bytes())


class FeedRouter:
    def __init__(self):
        self.router = APIRouter()
        self.router.add_api_websocket_route("/feed", self.feed)

    async def feed(self, websocket: WebSocket):
        await websocket.accept()
        await websocket.send_text("hello")


events = APIRouter()


async def stream_out(websocket: WebSocket):
    await websocket.accept()
    await websocket.send_text("event")


events.add_api_websocket_route("/out", stream_out)
"""

AIM_SERVER = """\
from fastapi import FastAPI

from tracker.tracking import FeedRouter, TrackingRouter, events


def create_app(registry, shared):
    api_app = FastAPI()
    tracking_router = TrackingRouter(registry)
    feed_router = FeedRouter()
    api_app.include_router(tracking_router.router, prefix="/tracking")
    api_app.include_router(feed_router.router)
    api_app.include_router(shared.router, prefix="/shared")
    api_app.include_router(events, prefix="/events")
    return api_app
"""


def test_asgi_endpoint_message_gives_the_prefix_of_a_router_held_by_a_class_or_added_to(tmp_path):
    """aim's tracking server: ``self.router.add_api_websocket_route(path, ...)`` in
    ``TrackingRouter``, whose object's router is mounted at ``/tracking``, is served at
    ``/tracking/...``; a route added to a module router (``events.add_api_websocket_route``)
    gets its mount prefix as a decorated one does.  Another class's ``self.router``
    mounted with no prefix, and a router of a parameter (``shared.router``), keep theirs."""
    msgs = _rs402_messages(tmp_path, {"tracker/tracking.py": AIM_TRACKING, "tracker/server.py": AIM_SERVER,
                                      "requirements.txt": "fastapi\n"})
    assert len(msgs) == 3, msgs
    assert any(m.startswith("WebSocket endpoint `run_write_instructions` /tracking/{client_uri}/write-instruction/ accepts")
               for m in msgs), msgs
    assert any(m.startswith("WebSocket endpoint `feed` /feed accepts") for m in msgs), msgs
    assert any(m.startswith("WebSocket endpoint `stream_out` /events/out accepts") for m in msgs), msgs


GNS3_CONTROLLER_INIT = """\
from fastapi import APIRouter

from . import controller
from . import users

router = APIRouter()

router.include_router(controller.router, tags=["Controller"])
router.include_router(users.router, prefix="/access/users", tags=["Users"])
"""

GNS3_CONTROLLER = """\
from fastapi import APIRouter, WebSocket

router = APIRouter()


@router.websocket("/notifications/ws")
async def controller_ws_notifications(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        await websocket.send_text(await websocket.receive_text())
"""

GNS3_USERS = """\
from fastapi import APIRouter

router = APIRouter()


@router.post("/login")
async def login(username: str, password: str):
    return {"token": username}
"""

GNS3_COMPUTE_INIT = """\
from fastapi import FastAPI

from . import notifications

compute_api = FastAPI(title="compute")
compute_api.include_router(notifications.router, tags=["Notifications"])
"""

GNS3_COMPUTE_NOTIFICATIONS = """\
from fastapi import APIRouter, WebSocket

router = APIRouter()


@router.websocket("/notifications/ws")
async def compute_ws_notifications(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        await websocket.send_text(await websocket.receive_text())
"""

GNS3_SERVER = """\
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from gns.api.routes import controller
from gns.api.routes.compute import compute_api


def get_application() -> FastAPI:
    application = FastAPI()
    application.include_router(controller.router, prefix="/v3")
    application.mount("/static", StaticFiles(directory="static"), name="static")
    application.mount("/v3/compute", compute_api, name="compute")
    return application


app = get_application()
"""

# the controller's router served by a second app at another prefix: where its routers are served is ambiguous
GNS3_LEGACY = """\
from fastapi import FastAPI

from gns.api.routes import controller

legacy = FastAPI()
legacy.include_router(controller.router, prefix="/v2")
"""


def _gns3_files(**extra):
    return {"gns/__init__.py": "", "gns/api/__init__.py": "", "gns/api/routes/__init__.py": "",
            "gns/api/routes/controller/__init__.py": GNS3_CONTROLLER_INIT,
            "gns/api/routes/controller/controller.py": GNS3_CONTROLLER, "gns/api/routes/controller/users.py": GNS3_USERS,
            "gns/api/routes/compute/__init__.py": GNS3_COMPUTE_INIT,
            "gns/api/routes/compute/notifications.py": GNS3_COMPUTE_NOTIFICATIONS,
            "gns/api/server.py": GNS3_SERVER, "requirements.txt": "fastapi\nuvicorn\n", **extra}


def test_route_messages_join_every_prefix_of_nested_routers_and_mounted_sub_apps(tmp_path):
    """gns3-server: ``users.router`` is included at ``/access/users`` in the
    controller router, which the app includes at ``/v3``; the controller's own
    router is included there with no prefix; the compute routers are included
    in a FastAPI sub-app that the app mounts at ``/v3/compute``.  Each route is
    named at the path it is served at, so the two ``/notifications/ws``
    endpoints are told apart.  When the controller router is also served by
    another app at ``/v2``, its routers keep only the prefix they are included
    at; a ``StaticFiles`` mount adds nothing."""
    result = scan_tree(tmp_path / "app", _gns3_files(), select=("RS402", "RS501"))
    msgs = sorted(f.message for f in result.findings)
    assert len(msgs) == 3, msgs
    assert msgs[0].startswith("POST /v3/access/users/login is a credential endpoint"), msgs
    assert msgs[1].startswith("WebSocket endpoint `compute_ws_notifications` /v3/compute/notifications/ws accepts"), msgs
    assert msgs[2].startswith("WebSocket endpoint `controller_ws_notifications` /v3/notifications/ws accepts"), msgs

    result = scan_tree(tmp_path / "two", _gns3_files(**{"gns/api/legacy.py": GNS3_LEGACY}), select=("RS402", "RS501"))
    msgs = sorted(f.message for f in result.findings)
    assert len(msgs) == 3, msgs
    assert msgs[0].startswith("POST /access/users/login is a credential endpoint"), msgs
    assert msgs[1].startswith("WebSocket endpoint `compute_ws_notifications` /v3/compute/notifications/ws accepts"), msgs
    assert msgs[2].startswith("WebSocket endpoint `controller_ws_notifications` /notifications/ws accepts"), msgs


def test_unguarded_status_message_speaks_of_jobs_only_for_work_rows(tmp_path):
    """RS304's example of a lost update names a job where the row is one (a jobs
    table, a Task model) and a row that moved on elsewhere (orders, invoices)."""
    files = {
        "app/models.py": (
            "from sqlalchemy import update\n"
            "from .tables import Invoice, Task\n\n\n"
            "def mark_sending(session, invoice_id):\n"
            "    session.execute(update(Invoice).where(Invoice.id == invoice_id).values(status='sending'))\n\n\n"
            "def start(session, task_id):\n"
            "    session.execute(update(Task).where(Task.id == task_id).values(status='running'))\n"
        ),
        "app/orders.py": (
            "def ship(cur, order_id):\n"
            "    cur.execute(\"UPDATE orders SET status = 'shipped' WHERE id = %s\", (order_id,))\n\n\n"
            "def finish(cur, job_id):\n"
            "    cur.execute(\"UPDATE jobs SET status = 'done' WHERE id = %s\", (job_id,))\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS304",))
    by_line = {(f.path, f.line): f.message for f in result.findings if f.rule_id == "RS304"}
    assert set(by_line) == {("app/models.py", 6), ("app/models.py", 10), ("app/orders.py", 2), ("app/orders.py", 6)}
    for key in (("app/models.py", 6), ("app/orders.py", 2)):
        assert "a row another process has already moved on is set back to an older status" in by_line[key]
        assert "job" not in by_line[key]
    for key in (("app/models.py", 10), ("app/orders.py", 6)):
        assert "a completed job flips back to failed" in by_line[key]


def test_unguarded_status_message_ignores_sqlalchemy_synchronize_session(tmp_path):
    """SQLAlchemy's ``synchronize_session=`` option of a query update says
    nothing about the row being a job (glance's image_restore): only the
    table or model decides the wording."""
    files = {
        "app/api.py": (
            "from app import models\n\n\n"
            "def restore(session, image_id):\n"
            "    session.query(models.Image).filter_by(id=image_id).update({'status': 'active'}, synchronize_session='fetch')\n\n\n"
            "def retry(session, task_id):\n"
            "    session.query(models.Task).filter_by(id=task_id).update({'status': 'pending'}, synchronize_session=False)\n"
        ),
    }
    by_line = _messages_by_line(tmp_path, files, "RS304")
    assert set(by_line) == {5, 9}, by_line
    assert "a row another process has already moved on is set back to an older status" in by_line[5]
    assert "job" not in by_line[5]
    assert "a completed job flips back to failed" in by_line[9]


def test_unguarded_status_message_names_the_bare_state_column(tmp_path):
    """An update that sets both a prefixed column (``lifecycle_state``) and the
    row's own ``state`` (monasca-api's update_alarm adds ``state`` to its values
    dict after building it) names ``state``, the column other writers advance."""
    files = {
        "app/repo.py": (
            "from sqlalchemy import update\n"
            "from .tables import alarm\n\n\n"
            "def update_alarm(conn, alarm_id, state, lifecycle_state, prev):\n"
            "    values = {'lifecycle_state': lifecycle_state, 'link': None}\n"
            "    if state != prev:\n"
            "        values['state'] = state\n"
            "    conn.execute(update(alarm).values(values).where(alarm.c.id == alarm_id))\n\n\n"
            "def update_kw(conn, alarm_id, state, lifecycle_state):\n"
            "    conn.execute(update(alarm).where(alarm.c.id == alarm_id).values(lifecycle_state=lifecycle_state, state=state))\n"
        ),
    }
    by_line = _messages_by_line(tmp_path, files, "RS304")
    assert len(by_line) == 2, by_line
    for msg in by_line.values():
        assert "values(state=…)" in msg and "no condition on the current state " in msg, msg
        assert "lifecycle_state" not in msg, msg


FLOWISE_BASE_QUEUE = """\
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const bullmq_1 = require("bullmq");
class BaseQueue {
    constructor(queueName, connection) {
        this.connection = connection;
        this.queue = new bullmq_1.Queue(queueName, { connection: this.connection });
        this.queueEvents = new bullmq_1.QueueEvents(queueName, { connection: this.connection });
    }
    createWorker(concurrency) {
        this.worker = new bullmq_1.Worker(this.queue.name, async (job) => this.processJob(job.data), { connection: this.connection, concurrency });
        return this.worker;
    }
    async addAndWait(data) {
        const job = await this.queue.add('run', data, { attempts: 3 });
        return await job.waitUntilFinished(this.queueEvents);
    }
}
exports.BaseQueue = BaseQueue;
"""


def test_queue_events_message_speaks_of_its_events_not_of_a_worker(tmp_path):
    """A BullMQ QueueEvents runs no jobs (flowise's API server keeps one per
    queue to wait on job results): its outage is events that stop arriving,
    not a worker's jobs stalling, which stays the Worker's consequence."""
    files = {"queue/BaseQueue.js": FLOWISE_BASE_QUEUE, "package.json": '{"name": "flow-server", "dependencies": {"bullmq": "5"}}'}
    result = scan_tree(tmp_path, files, select=("RS202",))
    by_line = {f.line: f.message for f in result.findings if f.rule_id == "RS202"}
    assert set(by_line) == {8, 11}, by_line
    assert by_line[8].startswith("BullMQ QueueEvents `queueEvents` has no 'error' listener")
    assert "the job events it listens for (completed, failed, progress, custom events) stop arriving" in by_line[8]
    assert "worker" not in by_line[8] and "jobs stall" not in by_line[8]
    assert by_line[11].startswith("BullMQ Worker `worker` has no 'error' listener")
    assert by_line[11].endswith("never learn that the worker's Redis is down while jobs stall")


FLOWISE_REDIS_UTIL = """\
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createRedisClient = void 0;
const redis_1 = require("redis");
const createRedisClient = () => (0, redis_1.createClient)({ url: process.env.REDIS_URL });
exports.createRedisClient = createRedisClient;
"""

FLOWISE_WEBHOOK_REGISTRY = """\
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const redis_1 = require("../../utils/redis");
class RedisWebhookListenerRegistry {
    constructor() {
        this.publisher = (0, redis_1.createRedisClient)();
    }
    async connect() {
        await this.publisher.connect();
    }
}
exports.RedisWebhookListenerRegistry = RedisWebhookListenerRegistry;
"""


def test_factory_client_message_names_the_factory_as_called_not_its_module_path(tmp_path):
    """A client from a project module's factory (flowise 3.1.4's webhook registry,
    compiled TypeScript) is said to come from `createRedisClient()`, as the code
    calls it, not from the resolved `./utils/redis.createRedisClient()`."""
    files = {"utils/redis.js": FLOWISE_REDIS_UTIL, "services/webhook-listener/registry.js": FLOWISE_WEBHOOK_REGISTRY,
             "package.json": '{"name": "flow-server", "dependencies": {"redis": "4"}}'}
    result = scan_tree(tmp_path, files, select=("RS202",))
    msgs = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS202"]
    assert [(p, n) for p, n, _m in msgs] == [("services/webhook-listener/registry.js", 6)], msgs
    msg = msgs[0][2]
    assert msg.startswith("Redis client `publisher` from `createRedisClient()` (node-redis createClient in utils/redis.js:5)"), msg
    assert "./utils" not in msg


KUZZLE_CORE = """\
const http = require('http');
const { IdCardHandler } = require('./cluster/idCardHandler');

class Kuzzle {
  start() {
    this.idCard = new IdCardHandler();
    this.idCard.constructWorker('./cluster/renewer.js');
    this.server = http.createServer((req, res) => res.end('ok'));
    this.server.listen(7512);
    for (const signal of ['SIGQUIT', 'SIGABRT']) {
      process.on(signal, () => this.dumpAndExit(signal));
    }
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => this.shutdown());
    }
  }

  async dumpAndExit(suffix) {
    this.log(suffix);
    await this.shutdown();
  }

  async shutdown() {
    this.log('shutting down');
    process.exit(0);
  }
}
module.exports = { Kuzzle };
"""

KUZZLE_ID_CARD = """\
const { fork } = require('child_process');

class IdCardHandler {
  constructWorker(path) {
    const child = fork(path);
    const exitHandler = () => {
      child.disconnect();
    };
    process.on('SIGINT', exitHandler);
    process.on('SIGTERM', exitHandler);
    return child;
  }
}
module.exports = { IdCardHandler };
"""


def _rs901_findings(tmp_path, files):
    """(path, line, message, [(related path, line)]) of each RS901 finding of a scan of ``files``."""
    result = scan_tree(tmp_path, files, select=("RS901",))
    return [(f.path, f.line, f.message, [(r.path, r.line) for r in f.related]) for f in result.findings if f.rule_id == "RS901"]


def test_shutdown_message_names_the_handler_that_exits(tmp_path):
    """kuzzle 2.56.0: idCardHandler's SIGINT/SIGTERM listener only
    disconnects a forked child; kuzzle.js's calls shutdown(), which exits.
    The handler said to exit without closing the server is kuzzle.js's
    SIGINT/SIGTERM one, registered in a for-of loop over the signals, not
    the SIGQUIT/SIGABRT core-dump handler registered in the loop before."""
    files = {"lib/kuzzle.js": KUZZLE_CORE, "lib/cluster/idCardHandler.js": KUZZLE_ID_CARD,
             "package.json": '{"name": "kuzzle", "main": "lib/kuzzle.js"}'}
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("lib/kuzzle.js", 9)], msgs
    _p, _n, msg, related = msgs[0]
    assert "the SIGTERM/SIGINT/SIGQUIT handler (lib/kuzzle.js:14) exits without closing HTTP server" in msg, msg
    assert "exitHandler" not in msg and ("lib/cluster/idCardHandler.js", 9) not in related, msgs
    assert {("lib/kuzzle.js", 11), ("lib/kuzzle.js", 14)} <= set(related), msgs


NODEBB_APP = """\
var winston = require('winston');
var webserver = require('./src/webserver');

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

webserver.listen(function () {
  winston.info('ready');
});

function shutdown(code) {
  require('./src/webserver').server.close();
  winston.info('closed');
  process.exit(code || 0);
}
"""

NODEBB_WEBSERVER = """\
var express = require('express');
var app = express();
var server = require('http').createServer(app);

module.exports.server = server;

module.exports.listen = function (callback) {
  app.get('/', function (req, res) { res.send('ok'); });
  listen(callback);
};

function listen(callback) {
  var args = [4567, '0.0.0.0', callback];
  server.listen.apply(server, args);
}
"""


def test_shutdown_message_knows_a_server_started_through_its_modules_function(tmp_path):
    """nodebb 1.4.0: app.js starts the forum with ``webserver.listen()``, a
    function of src/webserver.js that runs ``server.listen.apply(server,
    args)`` on the server that file makes; the SIGTERM handler closes it with
    ``require('./src/webserver').server.close()`` and exits at once.  The
    call in app.js starts that server, not a second one left open: the
    message says the exit cuts off the close, not that a server is never
    closed."""
    files = {"package.json": '{"name": "forum", "main": "app.js", "dependencies": {"express": "^4.19.0", "winston": "^2.1.0"}}',
             "app.js": NODEBB_APP, "src/webserver.js": NODEBB_WEBSERVER}
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("app.js", 7)], msgs
    msg = msgs[0][2]
    assert "calls `require('./src/webserver').server.close()` and then `process.exit()` without waiting" in msg, msg
    assert "exits without closing" not in msg, msg


def test_shutdown_message_still_names_another_server_the_modules_function_starts(tmp_path):
    """Look-alike: the exported ``listen()`` also starts a second server of
    its module (an admin server) that nothing closes: that server is still
    reported as left open, named as its module makes it."""
    webserver = NODEBB_WEBSERVER.replace(
        "  listen(callback);\n",
        "  listen(callback);\n  admin.listen(4568);\n",
    ).replace("var app = express();\n", "var app = express();\nvar admin = require('http').createServer(express());\n")
    files = {"package.json": '{"name": "forum", "main": "app.js", "dependencies": {"express": "^4.19.0", "winston": "^2.1.0"}}',
             "app.js": NODEBB_APP, "src/webserver.js": webserver}
    msgs = _rs901_findings(tmp_path, files)
    assert len(msgs) == 1, msgs
    msg = msgs[0][2]
    assert "exits without closing HTTP server `admin`" in msg, msg


NAUTOBOT_SCHEDULER = '''\
from celery import shared_task
from app.models import JobResult


@shared_task
def run_job(result_id):
    return result_id


def enqueue_job(job, user):
    result = JobResult.objects.create(job=job, user=user, status="PENDING")
    try:
        run_job.apply_async(args=[result.pk])
    except Exception:
        result.status = "FAILURE"
        result.save()
        raise
    return result


def enqueue_unguarded(job, user):
    result = JobResult.objects.create(job=job, user=user, status="PENDING")
    run_job.apply_async(args=[result.pk])
    return result
'''


def test_dual_write_message_credits_an_except_that_marks_the_row(tmp_path):
    """nautobot 3.2.7 (core/celery/schedulers.py): the row is created, the
    task enqueued in a try whose except marks the row failed. A raising
    enqueue is handled; only process death after the commit leaves a row
    whose job never runs, and the message says so. Without the except the
    message keeps the plain consequence."""
    msgs = _messages_by_line(tmp_path, {"app/jobs.py": NAUTOBOT_SCHEDULER}, "RS601")
    assert sorted(msgs) == [11, 22], msgs
    assert "the `except` at line 14 updates the row when the enqueue raises, but if the process dies after the commit" in msgs[11], msgs
    assert "if the enqueue fails or the process dies after the commit" not in msgs[11], msgs
    assert "if the enqueue fails or the process dies after the commit, the row exists but its job never runs" in msgs[22], msgs


TRAC_MOVE = '''\
import os


class Attachment:
    def move(self, new_path):
        with self.env.db_transaction as db:
            db("UPDATE attachment SET filename=%s WHERE id=%s", (new_path, self.id))
            os.rename(self.path, new_path)

    def copy_out(self, new_path):
        self.env.db("UPDATE attachment SET filename=%s WHERE id=%s", (new_path, self.id))
        os.rename(self.path, new_path)
'''


def test_dual_write_message_names_the_transaction_around_both_writes(tmp_path):
    """trac 1.6 (trac/attachment.py:922): the UPDATE and the os.rename run
    inside ``with self.env.db_transaction``. "no transaction spanning them"
    is untrue there and invites a dismissal; the message names the
    transaction and says what it cannot undo. Without one the plain wording stays."""
    msgs = _messages_by_line(tmp_path, {"app/attachment.py": TRAC_MOVE}, "RS601")
    assert sorted(msgs) == [7, 11], msgs
    assert "inside the database transaction of line 6 (`with self.env.db_transaction`)" in msgs[7], msgs
    assert "a rollback cannot undo the write to the filesystem" in msgs[7], msgs
    assert "no transaction or outbox spanning them" not in msgs[7], msgs
    assert "no transaction or outbox spanning them" in msgs[11], msgs


FUNKWHALE_ROUTER = '''\
from celery import shared_task
from django.db import transaction
from django.db.transaction import atomic

from .models import Activity, Scan


@shared_task
def rotate_key(actor_id):
    return actor_id


@transaction.atomic
def dispatch(actor_id, data):
    rotate_key.apply_async(kwargs={"actor_id": actor_id}, countdown=60)
    Activity.objects.bulk_create([Activity(**d) for d in data])


@atomic()
def start_scan(pk):
    Scan.objects.create(pk=pk, status="scanning")
    rotate_key.delay(pk)


@shared_task
def plain(pk):
    Scan.objects.create(pk=pk, status="scanning")
    rotate_key.delay(pk)


@transaction.non_atomic_requests
def view(request, pk):
    Scan.objects.create(pk=pk, status="scanning")
    rotate_key.delay(pk)
'''


def test_dual_write_message_names_a_transaction_decorator(tmp_path):
    """funkwhale 1.2.8 (federation/activity.py:299, federation/tasks.py:301):
    ``OutboxRouter.dispatch`` and the ``fetch`` task are decorated with
    ``@transaction.atomic`` and enqueue a task inside it. "no transaction
    spanning them" is untrue there; the message names the decorator and
    says the enqueue is not undone by a rollback. Without one the plain wording stays."""
    msgs = _messages_by_line(tmp_path, {"app/router.py": FUNKWHALE_ROUTER}, "RS601")
    assert sorted(msgs) == [15, 21, 27, 33], msgs
    assert "inside the database transaction of the `@transaction.atomic` decorator (line 13)" in msgs[15], msgs
    assert "a rollback cannot undo the write to the job queue" in msgs[15], msgs
    assert "no transaction or outbox spanning them" not in msgs[15], msgs
    assert "inside the database transaction of the `@transaction.atomic()` decorator (line 19)" in msgs[21], msgs
    assert "no transaction or outbox spanning them" in msgs[27], msgs
    assert "no transaction or outbox spanning them" in msgs[33], msgs  # (non_atomic_requests opens none)


SALEOR_PAID_ORDER = '''\
from celery import shared_task
from django.db import transaction

from .models import Fulfillment


@shared_task
def send_payment_confirmation(pk):
    return pk


def fulfill_order_line(order_line, quantity):
    order_line.quantity_fulfilled += quantity
    order_line.save(update_fields=["quantity_fulfilled"])


def fulfill_digital_lines(order):
    fulfillment, _ = Fulfillment.objects.get_or_create(order=order)
    for line in order.lines.all():
        fulfill_order_line(line, line.quantity)


def handle_fully_paid_order(order):
    send_payment_confirmation.delay(order.pk)
    fulfill_digital_lines(order)
'''


def test_dual_write_message_names_the_first_write_a_helper_makes(tmp_path):
    """saleor 2.10.1 (order/actions.py:38): ``handle_fully_paid_order``
    enqueues, then calls a helper whose first write is a ``get_or_create``
    and which later, in a loop, calls another helper that saves a line. The
    message names the write that runs first after the enqueue, not the one
    that merely sits higher up in the file."""
    msgs = _messages_by_line(tmp_path, {"shop/actions.py": SALEOR_PAID_ORDER}, "RS601")
    assert sorted(msgs) == [24], msgs
    assert "(`Fulfillment.objects.get_or_create`, line 18)" in msgs[24], msgs
    assert "line 14" not in msgs[24], msgs


LNBITS_WALLET = '''\
import httpx


class Wallet:
    def __init__(self, url):
        self.client = httpx.AsyncClient(base_url=url)

    async def paid_invoices_stream(self):
        while True:
            async with self.client.stream("GET", "/v1/invoices/subscribe", timeout=None) as r:
                async for line in r.aiter_lines():
                    yield line

    async def pay(self, bolt11):
        r = await self.client.post("/v1/pay", json={"bolt11": bolt11}, timeout=None)
        return r.json()
'''


def test_untimed_httpx_stream_message_speaks_of_a_dead_connection(tmp_path):
    """lnbits 1.6.2 (wallets/*.py paid_invoices_stream): a subscription
    stream read with timeout=None waits on purpose between events; what goes
    wrong is a peer that vanishes without closing, so the message says that
    and not that a hung upstream blocks the request. A plain request with
    timeout=None keeps the request wording."""
    msgs = _messages_by_line(tmp_path, {"wallets/lnd.py": LNBITS_WALLET}, "RS905")
    assert sorted(msgs) == [10, 15], msgs
    assert "never notices an upstream that stops sending without closing the connection" in msgs[10], msgs
    assert "blocks this request forever" not in msgs[10], msgs
    assert "a slow or hung upstream now blocks this request forever" in msgs[15], msgs


KHOJ_URLS = """\
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
]
"""

KHOJ_MAIN = """\
import uvicorn
from django.core.asgi import get_asgi_application
from fastapi import FastAPI

app = FastAPI()
django_app = get_asgi_application()


def run():
    app.mount("/server", django_app, name="server")
    uvicorn.run(app)
"""

STARLETTE_WSGI_MAIN = """\
from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application
from starlette.applications import Starlette
from starlette.routing import Mount

app = Starlette(routes=[Mount("/legacy", app=WSGIMiddleware(get_wsgi_application()))])
"""


def test_login_message_joins_the_prefix_an_asgi_app_mounts_the_django_app_at(tmp_path):
    """khoj 1.42.10: FastAPI serves the Django application under
    ``app.mount("/server", get_asgi_application())``, so the admin's sign-in
    is at /server/admin/login/, not /admin/login/."""
    base = {"pyproject.toml": '[project]\nname = "khoj"\ndependencies = ["django", "fastapi"]\n',
            "src/khoj/app/settings.py": 'ROOT_URLCONF = "khoj.app.urls"\n', "src/khoj/app/urls.py": KHOJ_URLS}

    def messages(root, extra):
        result = scan_tree(root, {**base, **extra}, select=("RS501",))
        return sorted(f.message.split(" is a credential endpoint")[0] for f in result.findings if f.rule_id == "RS501")

    mounted = messages(tmp_path / "mounted", {"src/khoj/main.py": KHOJ_MAIN})
    assert "route /server/admin/login/" in mounted and "route /server/accounts/login/" in mounted, mounted
    assert all(m.startswith("route /server/") for m in mounted), mounted
    wrapped = messages(tmp_path / "wrapped", {"src/khoj/main.py": STARLETTE_WSGI_MAIN})
    assert "route /legacy/admin/login/" in wrapped and "route /legacy/accounts/login/" in wrapped, wrapped
    # the same project served by Django itself keeps the URLconf's paths
    plain = messages(tmp_path / "plain", {"src/khoj/app/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n"})
    assert "route /admin/login/" in plain and "route /accounts/login/" in plain, plain
    assert len(plain) == len(mounted) == len(wrapped), (plain, mounted, wrapped)


MEDUSA_LOGIN_ROUTE = """\
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

export const POST = async (req: MedusaRequest<{ email: string; password: string }>, res: MedusaResponse) => {
  const auth = req.scope.resolve("auth")
  res.json(await auth.authenticate("emailpass", { body: req.body }))
}
"""


def test_medusa_route_path_counts_from_the_api_folder_under_src(tmp_path):
    """A Medusa 2 app kept in a monorepo folder named api
    (apps/api/src/api/auth/login/route.ts) serves /auth/login: the message
    names that route, not /src/api/auth/login (the first `api` folder of the
    path is the app's, not the routes')."""
    files = {
        "apps/api/package.json": '{"name": "store-api", "scripts": {"start": "medusa start"}, "dependencies": {"@medusajs/medusa": "2.21.2"}}',
        "apps/api/src/api/auth/login/route.ts": MEDUSA_LOGIN_ROUTE,
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = [f.message for f in result.findings if f.rule_id == "RS501"]
    assert len(msgs) == 1, msgs
    assert "POST /auth/login" in msgs[0], msgs
    assert "/src/api/" not in msgs[0] and "/api/auth" not in msgs[0], msgs


def test_service_name_comes_from_a_setup_py_only_when_it_calls_setup(tmp_path):
    # pgadmin4 9.18's setup.py is a typer command-line tool, no setup script: the name= of its
    # queries' `filter_by(name='ConfigDB')` named the service ("Service `ConfigDB` (pgadmin4)")
    cli = {
        "pgadmin4/setup.py": (
            "import typer\nfrom pgadmin.model import Version\n\napp = typer.Typer()\n\n\n"
            "@app.command()\ndef get_version():\n    return Version.query.filter_by(name='ConfigDB').first()\n\n\n"
            "def main():\n    app()\n"
        ),
        "pgadmin4/pgadmin/__init__.py": "import flask\n\napp = flask.Flask('pgadmin')\n",
    }
    got = list(_messages_by_line(tmp_path / "cli", cli, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `pgadmin4` runs"), got
    # a setup script's name is the one it gives setup(), also through a dict built before the call
    script = {
        "shop-1.0/setup.py": "from setuptools import setup\n\nargs = dict(name='shop', version='1.0')\n\nsetup(**args)\n",
        "shop-1.0/shop/app.py": "import flask\n\napp = flask.Flask('shop')\n",
    }
    got = list(_messages_by_line(tmp_path / "script", script, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `shop` (shop-1.0) runs"), got


def test_a_setup_py_module_inside_its_package_makes_no_service_of_the_package_folder(tmp_path):
    # Red-DiscordBot 3.5.24's redbot/setup.py is the `redbot-setup` command's module (beside
    # redbot/__init__.py, `from redbot.core import ...`, no setup() call): it made redbot/ a service
    # of its own, and the project's findings said "Service `redbot`" instead of the distribution's name
    files = {
        "pyproject.toml": '[project]\nname = "chat-bot-kit"\n\n[project.scripts]\nchatbot-setup = "chatbot.setup:run_cli"\n',
        "chatbot/__init__.py": "",
        "chatbot/setup.py": (
            "from chatbot import settings\n\n\ndef basic_setup():\n    settings.save(input('Data folder> '))\n\n\n"
            "def run_cli():\n    basic_setup()\n"
        ),
        "chatbot/settings.py": "def save(path):\n    pass\n",
        "chatbot/rpc.py": "import flask\n\napp = flask.Flask('chatbot')\n",
    }
    got = list(_messages_by_line(tmp_path / "module", files, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `chat-bot-kit` runs"), got
    # a setup script beside a package's __init__.py (a project whose folder is the package) still is one
    legacy = {
        "legacy/__init__.py": "",
        "legacy/setup.py": "from setuptools import setup\n\nsetup(name='legacy-shop', py_modules=['app'])\n",
        "legacy/app.py": "import flask\n\napp = flask.Flask('shop')\n",
    }
    got = list(_messages_by_line(tmp_path / "legacy", legacy, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `legacy-shop` (legacy) runs"), got


def test_a_package_module_named_setup_that_calls_a_method_named_setup_makes_no_service(tmp_path):
    # exabgp 5.0.15's exabgp/environment/setup.py is a module of the package (beside its
    # __init__.py) that ends with `Env.setup(CONFIGURATION)`, the project's own class method: read
    # as setuptools' setup() call, it made the folder a service of its own, so a service started
    # there was named for the folder instead of the distribution
    files = {
        "pyproject.toml": '[project]\nname = "route-daemon"\n\n[project.scripts]\nrouted = "routed.reactor:main"\n',
        "routed/__init__.py": "",
        "routed/env.py": "class Env:\n    @classmethod\n    def setup(cls, configuration):\n        cls.configuration = configuration\n",
        "routed/setup.py": "from routed.env import Env\n\nCONFIGURATION = {'interval': 5}\n\nEnv.setup(CONFIGURATION)\n",
        "routed/reactor.py": (
            "import logging\nimport time\n\nfrom routed import setup  # noqa: F401\n\nlog = logging.getLogger(__name__)\n\n\n"
            "def main():\n    while True:\n        log.info('tick')\n        time.sleep(5)\n"
        ),
    }
    got = list(_messages_by_line(tmp_path / "method", files, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `route-daemon` runs"), got
    # setuptools' own setup() called through its module is a setup script's call
    legacy = {
        "legacy/__init__.py": "",
        "legacy/setup.py": "import setuptools\n\nsetuptools.setup(name='legacy-shop', py_modules=['app'])\n",
        "legacy/app.py": "import flask\n\napp = flask.Flask('shop')\n",
    }
    got = list(_messages_by_line(tmp_path / "legacy", legacy, "RS906").values())
    assert len(got) == 1 and got[0].startswith("Service `legacy-shop` (legacy) runs"), got


_FASTAPI_MAIN = "import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == '__main__':\n    uvicorn.run(app)\n"
# engines a function builds and leaves behind on every call (the message spoke of SIGTERM and a redeploy):
# pgadmin4's check_external_config_db, where `inspect(engine).has_table("server")` keeps nothing, and
# feast's Ray read_sql factory, `return sqlalchemy.create_engine(url).raw_connection()`, no name holding the engine
_PGADMIN_CHECK = (
    "from sqlalchemy import create_engine, inspect\n"
    "from app.main import app\n\n\n"
    "def check_external_config_db(database_uri):\n"
    "    engine = create_engine(database_uri)\n"
    "    connection = None\n"
    "    try:\n"
    "        connection = engine.connect()\n"
    "        return inspect(engine).has_table('server')\n"
    "    finally:\n"
    "        if connection:\n"
    "            connection.close()\n"
)
_FEAST_READER = (
    "import sqlalchemy\n"
    "from app.main import app\n\n\n"
    "def read_sql(sql, connection_url):\n"
    "    def _connection_factory():\n"
    "        return sqlalchemy.create_engine(connection_url).raw_connection()\n\n"
    "    return run_query(sql, _connection_factory)\n"
)


@pytest.mark.parametrize(
    ("module", "line", "func"),
    [(_PGADMIN_CHECK, 6, "check_external_config_db"), (_FEAST_READER, 7, "_connection_factory")],
    ids=["inspector-asked-at-once", "checked-out-at-once"],
)
def test_rs104_engine_built_for_one_call_is_a_per_call_leak(tmp_path, module, line, func):
    got = _messages_by_line(tmp_path, {"app/main.py": _FASTAPI_MAIN, "app/work.py": module}, "RS104")
    assert list(got) == [line], got
    assert f"built anew on every call of `{func}()`" in got[line] and "SIGTERM" not in got[line], got


# sickrage 10.0.71 sickrage/core/databases/__init__.py:154-158: the `engine` property builds a throwaway
# engine to create the database, `mysql_engine.execute("CREATE DATABASE ...")`, on every read of `self.engine`
_ENGINE_PROPERTY = (
    "from sqlalchemy import create_engine\n"
    "from app.main import app\n\n\n"
    "class Database:\n"
    "    def __init__(self, url):\n"
    "        self.url = url\n\n"
    "{decorator}"
    "    def engine(self):\n"
    "        admin_engine = create_engine(self.url)\n"
    "        admin_engine.execute('CREATE DATABASE IF NOT EXISTS app')\n"
    "        return 'ok'\n"
)


def test_rs104_engine_built_by_a_property_is_built_on_every_read(tmp_path):
    module = _ENGINE_PROPERTY.format(decorator="    @property\n")
    got = _messages_by_line(tmp_path, {"app/main.py": _FASTAPI_MAIN, "app/work.py": module}, "RS104")
    assert list(got) == [11], got
    assert "built anew on every read of the `Database.engine` property" in got[11], got
    assert "each read leaves a pool behind" in got[11] and "engine()" not in got[11], got


def test_rs104_engine_built_by_a_plain_method_is_still_built_on_every_call(tmp_path):
    # the look-alike: the same method with no @property is called, `db.engine()`
    module = _ENGINE_PROPERTY.format(decorator="")
    got = _messages_by_line(tmp_path, {"app/main.py": _FASTAPI_MAIN, "app/work.py": module}, "RS104")
    assert list(got) == [10], got
    assert "built anew on every call of `engine()`" in got[10] and "each call leaves" in got[10], got


def test_rs104_typeorm_createconnection_names_close_not_destroy(tmp_path):
    # pigallery2 (typeorm 0.2): `createConnection()` returns a Connection, which has close() and no
    # destroy(); the message told the user to call `dataSource.destroy()`, which 0.2 does not have
    files = {
        "package.json": '{"name": "gallery", "dependencies": {"typeorm": "^0.2.21", "mysql": "^2.17.1", "express": "^4.17.1"}}',
        "src/server.js": (
            "const express = require('express');\n"
            "const typeorm = require('typeorm');\n"
            "const app = express();\n"
            "let conn = null;\n"
            "typeorm.createConnection({ type: 'mysql', host: 'db', extra: { connectionLimit: 10 } }).then((c) => { conn = c; });\n"
            "const ds = new typeorm.DataSource({ type: 'mysql', host: 'db2', extra: { connectionLimit: 10 } });\n"
            "app.get('/', (req, res) => res.send('ok'));\n"
            "app.listen(80);\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS104")
    assert sorted(got) == [5, 6], got
    assert "no connection.close() on shutdown" in got[5] and "destroy()" not in got[5], got[5]
    assert "no ds.destroy() on shutdown" in got[6], got[6]


def test_rs302_task_with_max_retries_but_no_retry_says_max_retries_alone_retries_nothing(tmp_path):
    # superdesk-core's send_email: `@celery.task(bind=True, max_retries=3)` never calls self.retry; the
    # message said "no retry policy (no autoretry_for, retry_backoff or self.retry)" beside a visible max_retries=3
    files = {
        "requirements.txt": "celery\nredis\n",
        "worker/tasks.py": (
            "from celery import Celery\n\n"
            "celery = Celery('w', broker='redis://redis:6379/0')\n\n\n"
            "@celery.task(bind=True, max_retries=3, soft_time_limit=120)\n"
            "def send_email(self, subject, recipients):\n"
            "    deliver(subject, recipients)\n\n\n"
            "@celery.task\n"
            "def report(day):\n"
            "    build_report(day)\n\n\n"
            "def notify():\n"
            "    send_email.delay('hi', ['a@b.c'])\n"
            "    report.delay(1)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS302")
    assert sorted(got) == [6, 11], got
    assert "sets `max_retries=3` but never calls `self.retry`" in got[6] and "no retry policy" not in got[6], got
    assert "has no retry policy (no `autoretry_for`" in got[11], got


def test_rs302_base_task_class_with_max_retries_alone_is_reported_and_named(tmp_path):
    # geonode's upload tasks: `@app.task(base=UpdateTaskClass)` whose class sets `max_retries = 3`
    # and only records failures (on_failure): nothing retries, yet the base's max_retries was taken
    # for a retry policy; a base that sets autoretry_for, or a task that calls self.retry, still retries
    files = {
        "requirements.txt": "celery\nredis\n",
        "worker/tasks.py": (
            "from celery import Celery, Task\n\n"
            "app = Celery('w', broker='redis://redis:6379/0')\n\n\n"
            "class TrackedTask(Task):\n"
            "    max_retries = 3\n\n"
            "    def on_failure(self, exc, task_id, args, kwargs, einfo):\n"
            "        record_failure(task_id, exc)\n\n\n"
            "class RetryingTask(Task):\n"
            "    max_retries = 3\n"
            "    autoretry_for = (ConnectionError,)\n\n\n"
            "@app.task(base=TrackedTask)\n"
            "def publish(resource_id):\n"
            "    push(resource_id)\n\n\n"
            "@app.task(bind=True, base=TrackedTask)\n"
            "def refresh(self, resource_id):\n"
            "    try:\n"
            "        push(resource_id)\n"
            "    except ConnectionError as exc:\n"
            "        raise self.retry(exc=exc)\n\n\n"
            "@app.task(base=RetryingTask)\n"
            "def copy(resource_id):\n"
            "    push(resource_id)\n\n\n"
            "def start(resource_id):\n"
            "    publish.delay(resource_id)\n"
            "    refresh.delay(resource_id)\n"
            "    copy.delay(resource_id)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS302")
    assert sorted(got) == [18], got
    assert got[18].startswith("Celery task `publish` has a base task class (`TrackedTask`) that sets `max_retries=3` "
                              "but never calls `self.retry`"), got[18]


def test_rs302_huey_task_message_names_only_failures_retries_recover(tmp_path):
    # huey 3.5.4's api.py (Huey._execute): a task its consumer's shutdown interrupts
    # (KeyboardInterrupt) emits SIGNAL_INTERRUPTED and returns before the retry logic,
    # whatever its retries=; the message said retries= would save it from "a deploy that
    # stops the consumer mid-task"
    files = {
        "requirements.txt": "huey\nredis\n",
        "app/tasks.py": (
            "from huey import RedisHuey\n\n"
            "huey = RedisHuey('app', host='redis')\n\n\n"
            "@huey.task()\n"
            "def send_invoice(invoice_id):\n"
            "    mailer.send(render(invoice_id))\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS302")
    assert sorted(got) == [6], got
    assert "deploy" not in got[6] and "stops the consumer" not in got[6], got[6]
    assert got[6] == ("Huey task `send_invoice` has no retries (`retries=` defaults to 0): a transient failure that raises "
                      "in it (a timeout, a storage or network blip) loses the job for good"), got[6]


def test_rs905_connection_requested_through_a_factory_call_at_once_names_the_factory(tmp_path):
    # solum's repo_utils shape: `get_http_connection()` returns an httplib2.Http; requested through at once
    # (`get_http_connection().request(url)`) there is no variable to name, so the message names what the factory returns
    files = {
        "requirements.txt": "httplib2\n",
        "app/conn.py": (
            "import httplib2\n\n\n"
            "def get_http_connection():\n"
            "    return httplib2.Http()\n\n\n"
            "def is_reachable(url):\n"
            "    resp, _ = get_http_connection().request(url, 'HEAD')\n"
            "    return resp['status'] == '200'\n\n\n"
            "def verify(url):\n"
            "    conn = get_http_connection()\n"
            "    return conn.request(url)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [9, 15], got
    assert got[9].startswith("`get_http_connection().request()` has no timeout: the httplib2.Http `get_http_connection()` returns "
                             "was created without one"), got
    assert got[15].startswith("`conn.request()` has no timeout: `conn` (the httplib2.Http `get_http_connection()` returns) "
                              "was created without one"), got


def test_rs905_imported_urllib3_pool_names_the_module_that_makes_it(tmp_path):
    # graphite-web's shape: `http_pool.py` makes the project's one PoolManager, other modules import it and
    # call `http.request(...)`: the message says where the untimed pool comes from, and points there
    files = {
        "requirements.txt": "urllib3\n",
        "app/__init__.py": "",
        "app/http_pool.py": "import urllib3\n\nhttp = urllib3.PoolManager(num_pools=10, maxsize=5)\n",
        "app/tags.py": (
            "from app.http_pool import http\n\n\n"
            "def find(url):\n"
            "    return http.request('GET', url)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("app/tags.py", 5)
    assert f.message.startswith("`http.request()` has no timeout and `http` (PoolManager, from app/http_pool.py:3) "
                                "was created without one"), f.message
    assert [(r.path, r.line) for r in f.related] == [("app/http_pool.py", 3)]


def test_rs905_twilio_client_without_http_client_says_no_timeout_reaches_requests(tmp_path):
    # elastalert2's Twilio alerter: `TwilioClient(sid, token)` takes no timeout of its own; what is missing is the
    # `http_client` that would carry one, so the message says no timeout (not "none", which would read as no
    # http_client) reaches requests, and how to give one
    files = {
        "requirements.txt": "twilio\n",
        "alerter.py": (
            "from twilio.rest import Client as TwilioClient\n\n\n"
            "def alert(sid, token, to, body):\n"
            "    client = TwilioClient(sid, token)\n"
            "    client.messages.create(body=body, to=to, from_='+15005550006')\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("alerter.py", 5)
    assert f.message.startswith("`TwilioClient()`, a Twilio REST client, is created without `http_client`: the TwilioHttpClient "
                                "twilio makes for it then passes no timeout to requests"), f.message
    assert "`http_client=TwilioHttpClient(timeout=...)`" in f.message, f.message


def test_rs905_twilio_client_class_passed_as_parameter_names_the_class_and_its_caller(tmp_path):
    # kibitzr's Twilio notifier: `notify(report, notifier_conf, client_factory)` makes its client with
    # `client_factory(account_sid, auth_token)`, its one caller passing `client_factory=Client`: the finding is where
    # the parameter is called, and the message names the class and where it is passed in
    files = {
        "requirements.txt": "twilio\n",
        "notifier/__init__.py": "",
        "notifier/twilio.py": (
            "from twilio.rest import Client\n\n\n"
            "def notify_factory(conf, value):\n"
            "    def baked_notify(report):\n"
            "        return notify(report=report, notifier_conf=value, client_factory=Client)\n"
            "    return baked_notify\n\n\n"
            "def notify(report, notifier_conf, client_factory):\n"
            "    client = client_factory('sid', 'token')\n"
            "    client.messages.create(body=report, from_='+15005550006', to=notifier_conf)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("notifier/twilio.py", 11)
    assert f.message.startswith("`client_factory()` (the `twilio.rest.Client` class notifier/twilio.py:6 passes in as "
                                "`client_factory`), a Twilio REST client, is created without `http_client`: the "
                                "TwilioHttpClient twilio makes for it then passes no timeout to requests"), f.message


def test_rs905_exotel_client_says_it_takes_no_timeout(tmp_path):
    # elastalert2's Exotel alerter: `Exotel(sid, token)` has no timeout parameter, so the message does not say it
    # was created without one (as if one could be given) but that it takes none
    files = {
        "requirements.txt": "exotel\n",
        "alerter.py": (
            "from exotel import Exotel\n\n\n"
            "def alert(sid, token, sender, to, body):\n"
            "    client = Exotel(sid, token)\n"
            "    return client.sms(sender, to, body)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("alerter.py", 5)
    assert f.message.startswith("`Exotel()`, an Exotel API client, takes no timeout: exotel then passes none to requests, "
                                "so every SMS sent and call placed through this client waits forever"), f.message


def test_rs905_pycouchdb_server_says_it_takes_no_timeout(tmp_path):
    # celery 5.7.0's CouchDB result backend: `pycouchdb.Server(conn_string)` has no timeout (nor session)
    # parameter, so the message says it takes none and what waits forever
    files = {
        "requirements.txt": "pycouchdb\n",
        "backend.py": (
            "import pycouchdb\n\n\n"
            "def connect(conn_string):\n"
            "    server = pycouchdb.Server(conn_string, authmethod='basic')\n"
            "    return server.database('results')\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("backend.py", 5)
    assert f.message.startswith("`pycouchdb.Server()`, a CouchDB server connection, takes no timeout: py-couchdb then passes "
                                "none to requests, so every document read, write and view query"), f.message


def test_rs905_objectrest_calls_name_the_wrapper_and_requests_behind_it(tmp_path):
    # the tautulli API client: `self._session = objectrest.Session()` then `self._session.get(url=..., params=...)`,
    # and `objectrest.get(url=pms_url)`; objectrest hands the keyword arguments to requests and sets no timeout
    files = {
        "requirements.txt": "objectrest==2.0.*\n",
        "client.py": (
            "import objectrest\n\n\n"
            "class RawAPI:\n"
            "    def __init__(self, url):\n"
            "        self._url = url\n"
            "        self._session = objectrest.Session()\n\n"
            "    def _get(self, command):\n"
            "        return self._session.get(url=self._url, params={'cmd': command})\n\n\n"
            "def ping(url):\n"
            "    return objectrest.get(url=url).status_code\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    found = sorted((f.line, f.message) for f in result.findings if f.rule_id == "RS905")
    assert [line for line, _ in found] == [10, 14], found
    assert found[0][1].startswith("`self._session.get()` on an objectrest Session (which hands its keyword arguments to a "
                                  "requests.Session) has no timeout: requests waits forever by default"), found[0][1]
    assert found[1][1].startswith("`objectrest.get()` (objectrest hands its keyword arguments to requests) has no timeout: "
                                  "requests waits forever by default"), found[1][1]


def test_rs905_urllib3_helper_with_none_timeout_names_the_pool_made_without_one(tmp_path):
    # carbon's http.py shape with a None default: `httpRequest(url, ..., timeout=None)` hands its timeout to
    # `http.request(...)` on a module-level PoolManager made without one, and another module calls it with none
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='relay', install_requires=['urllib3'])\n",
        "relay/__init__.py": "",
        "relay/http.py": (
            "import urllib3\n\nhttp = urllib3.PoolManager()\n\n\n"
            "def httpRequest(url, values=None, method='POST', timeout=None):\n"
            "    return http.request(method, url, fields=values, timeout=timeout).data\n"
        ),
        "relay/database.py": (
            "from relay.http import httpRequest\n\n\n"
            "def tag(base, metrics):\n"
            "    httpRequest(base + '/tags/tagMultiSeries', [('path', m) for m in metrics])\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    [f] = [f for f in result.findings if f.rule_id == "RS905"]
    assert (f.path, f.line) == ("relay/http.py", 6)
    assert f.message.startswith("`httpRequest()` defaults its `timeout` parameter to None and hands it to `http.request()`"), f.message
    assert "relay/database.py:5" in f.message, f.message
    assert f.message.endswith("urllib3 then waits on the socket with no timeout (`http` was created without one), "
                              "so a slow or hung upstream blocks this worker forever"), f.message
    assert [(r.path, r.line) for r in f.related] == [("relay/database.py", 5)]


def test_rs905_urlopen_helper_with_none_timeout_is_reported_once_at_the_helper(tmp_path):
    # marimo's `_utils.requests.get(url, timeout=None)` hands its timeout through `_make_request` to urlopen; an
    # index route in another module calls it with none: one finding at the helper names the chain and the callers,
    # a caller in the helper's own module is reported where it calls
    files = {
        "pyproject.toml": "[project]\nname = 'nb'\n",
        "nb/__init__.py": "",
        "nb/http.py": (
            "import urllib.request\n\n\n"
            "def _make_request(method, url, *, timeout=None):\n"
            "    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=timeout) as r:\n"
            "        return r.read()\n\n\n"
            "def get(url, *, timeout=None):\n"
            "    return _make_request('GET', url, timeout=timeout)\n\n\n"
            "def version(base):\n"
            "    return get(base + '/version', timeout=None)\n"
        ),
        "nb/assets.py": (
            "from nb import http\n\n\n"
            "async def index(request):\n"
            "    return http.get(request.app.state.asset_url + '/index.html')\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = {(f.path, f.line): f for f in result.findings if f.rule_id == "RS905"}
    assert sorted(got) == [("nb/http.py", 9), ("nb/http.py", 14)], sorted(got)
    at_helper = got[("nb/http.py", 9)]
    assert at_helper.message.startswith(
        "`get()` defaults its `timeout` parameter to None and hands it through `_make_request()` to "
        "`urllib.request.urlopen()`, and 1 request in 1 other module goes through it with no timeout of their own "
        "(`http.get()` in nb/assets.py:5): urlopen then waits with no timeout"), at_helper.message
    assert [(r.path, r.line) for r in at_helper.related] == [("nb/assets.py", 5)]
    assert got[("nb/http.py", 14)].message.startswith(
        "`get()` passes None for `timeout`, which `get()` (nb/http.py:9) defaults to None and hands through "
        "`_make_request()` to `urllib.request.urlopen()`: urlopen then waits with no timeout"), got[("nb/http.py", 14)].message


def test_rs905_urlopen_helper_with_none_timeout_says_an_explicit_none_overrides_setdefaulttimeout(tmp_path):
    # limnoria's utils.web.getUrlFd(url, ..., timeout=None) hands `timeout` to urlopen in a bot whose settings call
    # socket.setdefaulttimeout(10): urlopen's explicit None overrides that default, so the plugins' calls that give no
    # timeout wait forever; the message says why the global timeout does not help
    files = {
        "pyproject.toml": "[project]\nname = 'bot'\n",
        "bot/__init__.py": "",
        "bot/settings.py": "import socket\n\nsocket.setdefaulttimeout(10)\n",
        "bot/web.py": (
            "import urllib.request\n\n\n"
            "def get_fd(url, headers=None, timeout=None):\n"
            "    return urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout)\n\n\n"
            "def title(url):\n"
            "    return get_fd(url).read(100)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS905"]
    assert [g[:2] for g in got] == [("bot/web.py", 9)], got
    assert got[0][2].startswith(
        "`get_fd()` leaves out `timeout`, which `get_fd()` (bot/web.py:4) defaults to None and hands to "
        "`urllib.request.urlopen()`: urlopen then waits with no timeout (an explicit None overrides the default that "
        "`socket.setdefaulttimeout()` sets), so a slow or hung upstream"), got[0][2]


def test_rs905_function_spreading_its_arguments_to_a_none_timeout_helper_names_the_helper_that_defaults_it(tmp_path):
    # limnoria's utils.web.getUrlContent(*args, **kwargs) hands everything to getUrlTargetAndContent(..., timeout=None),
    # which hands it to urlopen: a plugin's getUrlContent(url) is named with the chain and the function defaulting it
    files = {
        "pyproject.toml": "[project]\nname = 'bot'\n",
        "bot/__init__.py": "",
        "bot/web.py": (
            "import urllib.request\n\n\n"
            "def get_target(url, size=None, timeout=None):\n"
            "    return urllib.request.urlopen(url, timeout=timeout).read(size)\n\n\n"
            "def get_content(*args, **kwargs):\n"
            "    return get_target(*args, **kwargs)\n\n\n"
            "def title(url):\n"
            "    return get_content(url, 100)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS905"]
    assert [g[:2] for g in got] == [("bot/web.py", 13)], got
    assert got[0][2].startswith(
        "`get_content()` leaves out `timeout`, which `get_content()` (bot/web.py:8) hands on with its other arguments through "
        "`get_target()` to `urllib.request.urlopen()`, `get_target()` defaulting it to None: urlopen then waits with no timeout, "
        "so a slow or hung upstream"), got[0][2]


def test_compose_finding_names_the_other_files_definition_of_the_service(tmp_path):
    """localstack ships `docker-compose.yml` and `docker-compose-pro.yml`, each
    defining the service `localstack` with another unpinned image: the one
    finding names the other file's image and line, and points at it."""
    files = {
        "docker-compose.yml": "services:\n  localstack:\n    image: localstack/localstack\n    restart: always\n",
        "docker-compose-pro.yml": "services:\n  localstack:\n    image: localstack/localstack-pro\n    restart: always\n",
    }
    result = scan_tree(tmp_path, files, select=("RS807",))
    [f] = [f for f in result.findings if f.rule_id == "RS807"]
    assert (f.path, f.line) == ("docker-compose.yml", 3)
    assert "`docker-compose.yml` here" in f.message
    assert "at docker-compose-pro.yml:3, where service `localstack` pulls image `localstack/localstack-pro` with no tag" in f.message
    assert [(r.path, r.line) for r in f.related] == [("docker-compose-pro.yml", 3)]


def test_compose_finding_in_one_place_for_every_file_set_lists_the_sets(tmp_path):
    files = {
        "docker-compose.yml": "services:\n  api:\n    image: myorg/api\n    restart: always\n",
        "docker-compose.override.yml": "services:\n  api:\n    environment:\n      DEBUG: '1'\n",
    }
    result = scan_tree(tmp_path, files, select=("RS807",))
    [f] = [f for f in result.findings if f.rule_id == "RS807"]
    assert f.related == []
    assert "here" not in f.message


ENGINE_WITH_POOLCLASS_FROM_ATTRIBUTE = """\
from sqlalchemy import create_engine


class Database:
    def __init__(self):
        self.pool_class = None  # a subclass sets NullPool

    def initialize(self, url):
        self.engine = create_engine(url, pool_pre_ping=True, poolclass=self.pool_class)
"""


def test_statement_timeout_message_claims_no_default_pool_size_when_the_poolclass_is_unknown(tmp_path):
    # mailman's database/base.py: `poolclass=self.pool_class`, NullPool in its SQLite subclass
    msgs = _messages_by_line(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "db.py": ENGINE_WITH_POOLCLASS_FROM_ATTRIBUTE}, "RS103")
    assert list(msgs) == [9]
    assert "take all its connections" in msgs[9]
    assert "5 (+10 overflow)" not in msgs[9]


DAEMON_SERVER = """\
const http = require('http');

class Server {
  start(port) {
    this.server = http.createServer((req, res) => res.end('ok'));
    this.server.listen(port);
  }
  close() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}
module.exports = { Server };
"""

DAEMON_SUPERVISOR = """\
const { spawn } = require('child_process');

function start(options) {
  let child;
  function launch() {
    child = spawn(options.processExec, [process.argv[1], 'start'].concat(process.argv.slice(2)), { env: process.env });
    child.on('exit', () => setTimeout(launch, 1000));
  }
  process.on('SIGTERM', () => {
    child.removeAllListeners('exit');
    child.kill();
  });
  process.on('SIGINT', () => {
    child.removeAllListeners('exit');
    child.kill();
  });
  launch();
}
module.exports = { start };
"""


def _assert_no_handler_but_in(tmp_path, files, at, service, elsewhere):
    """One RS901 finding, at ``at``, saying nothing in ``service`` handles the
    signals, and naming neither in its message nor in its related locations
    the file ``elsewhere`` whose handler is not the server process's."""
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [at], msgs
    _p, _n, msg, related = msgs[0]
    assert f"but nothing in service `{service}` handles SIGTERM/SIGINT" in msg, msg
    assert elsewhere.rsplit("/", 1)[-1] not in msg and not any(p == elsewhere for p, _l in related), msgs


def test_shutdown_message_leaves_out_a_supervisor_that_relaunches_the_program(tmp_path):
    """deepstream 7.0.2: src/service/daemon.ts runs the program again as its
    child (`spawn(exec, [process.argv[1], 'start'])`) and kills that child on
    SIGTERM/SIGINT; the server runs in the child, which handles neither. The
    message said the daemon's handler did not close the server, as if it ran
    in the server's process."""
    files = {"package.json": '{"name": "rt-server", "main": "src/server.js"}', "src/server.js": DAEMON_SERVER,
             "src/service/daemon.js": DAEMON_SUPERVISOR}
    _assert_no_handler_but_in(tmp_path, files, ("src/server.js", 6), "rt-server", "src/service/daemon.js")


def test_rs804_message_names_volumes_mounted_beside_the_data_directory(tmp_path):
    """ipyparallel 9.2.0's ci/slurm stack mounts its MariaDB volume at
    `/var_lib/mysql`, a misspelt `/var/lib/mysql`: a reader who sees the volume
    would dismiss "no volume" unless the message says where the volumes are.
    A mounted config file is not named; a service with no volume at all keeps
    the plain message."""
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  mysql:\n"
            "    image: mariadb:10.11\n"
            "    volumes:\n"
            "      - var_lib_mysql:/var_lib/mysql\n"
            "      - ./conf/my.cnf:/etc/mysql/conf.d/my.cnf\n"
            "  postgres:\n"
            "    image: postgres:16\n"
            "volumes:\n"
            "  var_lib_mysql:\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS804")
    assert set(msgs) == {2, 7}, msgs
    assert "(/var/lib/mysql; its volumes mount at `/var_lib/mysql` instead)" in msgs[2], msgs[2]
    assert "my.cnf" not in msgs[2], msgs[2]
    assert "its volumes mount at" not in msgs[7], msgs[7]


def test_rs906_twistd_runner_names_tasks_not_a_queue(tmp_path):
    # buildbot-worker's scripts/start.py: `from twisted.scripts.twistd import run` then `run()` starts the services
    # its buildbot.tac hands twistd (a worker connected to its master); there is no job queue to name
    files = {
        "setup.py": "from setuptools import setup\n\nsetup(name='agent')\n",
        "agent/__init__.py": "",
        "agent/start.py": "from twisted.scripts.twistd import run\n\n\ndef launch():\n    run()\n",
    }
    got = _messages_by_line(tmp_path / "twistd", files, "RS906")
    assert list(got) == [5], got
    assert "runs a worker (`run()` in agent/start.py)" in got[5], got
    assert "task throughput, durations and failures are invisible" in got[5] and "queue depth" not in got[5], got


def test_rs906_tornado_periodic_callback_daemon_names_tasks_and_a_server_keepalive_stays_a_server(tmp_path):
    # jupyterhub-idle-culler's start(): `pc = PeriodicCallback(cull, 1e3 * self.cull_every)`, `pc.start()`,
    # `loop.start()`: a scheduler of one periodic job, with no job queue to name
    daemon = {
        "pyproject.toml": '[project]\nname = "culler"\ndependencies = ["tornado"]\n',
        "culler/__init__.py": (
            "from tornado.ioloop import IOLoop, PeriodicCallback\n\n\nasync def cull():\n    pass\n\n\n"
            "def main():\n    pc = PeriodicCallback(cull, 60000)\n    pc.start()\n    IOLoop.current().start()\n"
        ),
    }
    got = _messages_by_line(tmp_path / "daemon", daemon, "RS906")
    assert list(got) == [9], got
    assert "runs a worker (`PeriodicCallback()` in culler/__init__.py)" in got[9], got
    assert "task throughput, durations and failures are invisible" in got[9] and "queue depth" not in got[9], got
    # a WebSocket handler's keepalive timer, started in open() while main() runs the loop, is no worker:
    # the service is the Tornado HTTP server
    server = {
        "requirements.txt": "tornado\n",
        "app.py": (
            "import tornado.ioloop\nimport tornado.web\nimport tornado.websocket\n\n\n"
            "class Socket(tornado.websocket.WebSocketHandler):\n    def open(self):\n"
            "        self.keepalive = tornado.ioloop.PeriodicCallback(self.ping, 20000)\n        self.keepalive.start()\n\n\n"
            "def main():\n    app = tornado.web.Application([(r\"/ws\", Socket)])\n    app.listen(8888)\n"
            "    tornado.ioloop.IOLoop.current().start()\n"
        ),
    }
    got = list(_messages_by_line(tmp_path / "server", server, "RS906").values())
    assert len(got) == 1 and "runs an HTTP server" in got[0] and "request rates" in got[0], got


def test_rs906_service_launcher_names_tasks_not_a_queue(tmp_path):
    # masakari-monitors' masakarimonitors/service.py: `service.launch(CONF, server)` (oslo.service) runs host,
    # process and instance monitors that poll and notify; there is no job queue, so "queue depth" misled
    launched = {
        "requirements.txt": "oslo.service\n",
        "monitors/service.py": (
            "from oslo_config import cfg\nfrom oslo_service import service\n\nCONF = cfg.CONF\n\n\n"
            "def serve(server, workers=None):\n    launcher = service.launch(CONF, server, workers=workers)\n    launcher.wait()\n"
        ),
    }
    got = list(_messages_by_line(tmp_path / "oslo", launched, "RS906").values())
    assert len(got) == 1 and "task throughput, durations and failures are invisible" in got[0], got
    assert "queue depth" not in got[0], got
    # a Celery worker consumes a queue: its message keeps the queue depth
    celery = {
        "requirements.txt": "celery\n",
        "tasks.py": 'from celery import Celery\n\napp = Celery("tasks", broker="redis://redis:6379/0")\n',
    }
    got = list(_messages_by_line(tmp_path / "celery", celery, "RS906").values())
    assert len(got) == 1 and "job throughput, durations, failures and queue depth" in got[0], got
TORNADO_PASSWD_CHECK = """\
import hashlib

from tornado import web


def passwd_check(hashed_passphrase, passphrase):
    algorithm, salt, pw_digest = hashed_passphrase.split(":", 2)
    h = hashlib.new(algorithm)
    h.update(passphrase.encode("utf-8") + salt.encode("ascii"))
    return h.hexdigest() == pw_digest


class LoginHandler(web.RequestHandler):
    def post(self):
        if not passwd_check(self.settings["password"], self.get_argument("password")):
            raise web.HTTPError(401)


app = web.Application([(r"/login", LoginHandler)])
"""


def test_lockout_message_tells_the_password_was_fed_to_a_digest_object(tmp_path):
    """A digest object fed the password with ``update()`` (IPython's and
    Jupyter Server's passwd_check) is told as such, with the stored salt that
    goes in with it, not as a digest of the salt-less ``hashlib.new(algorithm)``."""
    (msg,) = _rs502_messages(tmp_path, {"app.py": TORNADO_PASSWD_CHECK, "requirements.txt": "tornado\n"})
    assert msg.startswith("`hashlib.new` (the submitted password fed to it with `h.update(…)` with the stored salt, and the digest compared with the stored one) in `passwd_check`")


def test_rs906_server_class_chosen_between_a_wsgiref_server_and_its_tls_subclass_is_an_http_server(tmp_path):
    # radicale's serve(): `server_class = ParallelHTTPSServer if use_ssl else ParallelHTTPServer`, the TLS
    # class a subclass of the ThreadingMixIn + wsgiref WSGIServer one (the message said "a TCP server")
    files = {
        "pyproject.toml": '[project]\nname = "srv"\ndependencies = ["vobject"]\n[project.scripts]\nsrv = "srv.server:main"\n',
        "srv/__init__.py": "",
        "srv/server.py": (
            "import socketserver\nimport wsgiref.simple_server\n\n\n"
            "class PlainServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):\n    pass\n\n\n"
            "class SecureServer(PlainServer):\n    pass\n\n\n"
            "def main(app, use_ssl=False):\n"
            "    server_class = SecureServer if use_ssl else PlainServer\n"
            "    httpd = server_class(('', 8000), wsgiref.simple_server.WSGIRequestHandler)\n"
            "    httpd.set_app(app)\n"
            "    httpd.serve_forever()\n"
        ),
    }
    got = list(_messages_by_line(tmp_path, files, "RS906").values())
    assert len(got) == 1 and "runs an HTTP server (`httpd.serve_forever()`" in got[0], got


def test_rs102_message_names_pool_max_for_a_typeorm_sql_server_datasource(tmp_path):
    """saml-jackson 26.2.0 (src/db/sql/sql.js:75) builds a TypeORM DataSource
    for SQL Server: TypeORM's SQL Server driver hands `pool` (and `extra`) to
    mssql and never reads poolSize, so "sets no poolSize" pointed at a key
    that does nothing there. A Postgres DataSource keeps poolSize."""
    files = {
        "package.json": '{"name": "api", "dependencies": {"typeorm": "^0.3.20", "mssql": "^11.0.0", "pg": "^8.11.0"}}',
        "src/db.js": (
            "const { DataSource } = require('typeorm');\n"
            "const sqlServer = new DataSource({ type: 'mssql', host: process.env.DB_HOST });\n"
            "const pg = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });\n"
            "module.exports = { sqlServer, pg };\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS102")
    assert set(msgs) == {2, 3}, msgs
    assert "sets no pool.max: it silently uses the mssql driver's default of 10 connections" in msgs[2], msgs[2]
    assert "poolSize" not in msgs[2], msgs[2]
    assert "sets no poolSize: it silently uses the TypeORM default of 10" in msgs[3], msgs[3]


def test_rs102_message_names_pool_max_when_an_if_arm_tests_the_type_variable_for_sql_server(tmp_path):
    """saml-jackson 26.2.0 (src/db/sql/sql.js:73-75): `type: sqlType` comes
    from a variable, and the DataSource is built in the arm of `if (sqlType
    === 'mssql')`: it is a SQL Server DataSource, whose size is pool.max. The
    DataSource of the `else` arm keeps the plain poolSize message."""
    files = {
        "package.json": '{"name": "api", "dependencies": {"typeorm": "^0.3.20", "mssql": "^11.0.0", "mysql2": "^3.9.0"}}',
        "src/db.js": (
            "const { DataSource } = require('typeorm');\n"
            "function connect(sqlType, url) {\n"
            "  const baseOpts = { type: sqlType, synchronize: false };\n"
            "  if (sqlType === 'mssql') {\n"
            "    return new DataSource(Object.assign({ host: url }, baseOpts));\n"
            "  } else {\n"
            "    return new DataSource(Object.assign({ url }, baseOpts));\n"
            "  }\n"
            "}\n"
            "module.exports = { connect };\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS102")
    assert set(msgs) == {5, 7}, msgs
    assert "sets no pool.max: it silently uses the mssql driver's default of 10" in msgs[5], msgs[5]
    assert "sets no poolSize: it silently uses the TypeORM default of 10" in msgs[7], msgs[7]


def test_rs102_message_says_a_sql_server_datasource_s_pool_size_is_never_read(tmp_path):
    """A TypeORM SQL Server DataSource that sets only poolSize (the key that
    sizes a pg or mysql DataSource) keeps mssql's default pool of 10: the
    finding says why the poolSize the reader sees does not count."""
    files = {
        "package.json": '{"name": "api", "dependencies": {"typeorm": "^0.3.20", "mssql": "^11.0.0"}}',
        "src/db.js": (
            "const { DataSource } = require('typeorm');\n"
            "const ds = new DataSource({ type: 'mssql', host: process.env.DB_HOST, poolSize: 20 });\n"
            "module.exports = { ds };\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS102")
    assert set(msgs) == {2}, msgs
    assert ("sets no pool.max (its poolSize is never read by TypeORM's SQL Server driver): "
            "it silently uses the mssql driver's default of 10") in msgs[2], msgs[2]


def test_lockout_message_names_a_method_with_its_class(tmp_path):
    files = {
        "requirements.txt": "django\n",
        "users/views.py": (
            "from django.contrib.auth import authenticate, login\n"
            "from django.http import HttpResponse\n"
            "from django.views import View\n"
            "\n"
            "\n"
            "class LoginView(View):\n"
            "    def post(self, request):\n"
            "        user = authenticate(request, username=request.POST['username'], password=request.POST['password'])\n"
            "        if user is None:\n"
            "            return HttpResponse(status=401)\n"
            "        login(request, user)\n"
            "        return HttpResponse('ok')\n"
        ),
    }
    messages = _rs502_messages(tmp_path, files)
    assert len(messages) == 1
    assert messages[0].startswith("`authenticate` in `LoginView.post` checks a password"), messages[0]
DTALE_REAPER = """\
import sys
from threading import Timer

import requests
from flask import Flask


class ReapingFlask(Flask):
    def clear_reaper(self):
        if self.reaper:
            self.reaper.cancel()

    def build_reaper(self, timeout=3600):
        self.clear_reaper()

        def _func():
            requests.get(self.shutdown_url)
            sys.exit()

        self.reaper = Timer(timeout, _func)
        self.reaper.start()
"""


def test_rs905_timer_thread_message_counts_timers_that_fire_not_starts(tmp_path):
    """dtale 3.22.0 (dtale/app.py:260-278) restarts its inactivity reaper, a
    threading.Timer whose function calls requests.get() with no timeout, on
    every request, cancelling the previous timer first: a cancelled timer runs
    nothing, so threads pile up per timer that fires, not per call of
    `build_reaper`."""
    result = scan_tree(tmp_path, {"svc/app.py": DTALE_REAPER, "svc/setup.py": "from setuptools import setup\n"}, select=("RS905",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert set(msgs) == {17}, msgs
    msg = msgs[17]
    assert "hangs for good the thread that `threading.Timer` in `build_reaper` (line 20) starts to run `_func`" in msg, msg
    assert "one more such thread, holding a socket, for each of these timers that fires, piling up while the upstream hangs" in msg
    assert "each time `build_reaper` runs" not in msg


LOCUST_WEB = """\
from flask import Flask
from gevent import pywsgi

from .store import save_stats

app = Flask(__name__)


@app.route("/stats")
def stats():
    return save_stats()


def start(host, port):
    pywsgi.WSGIServer((host, port), app).serve_forever()
"""

LOCUST_PG_USER = """\
import psycopg


class PostgresClient:
    def __init__(self, conn_string):
        self.connection = psycopg.connect(conn_string)
"""


def test_rs903_consequence_ignores_a_datastore_only_a_plugin_nothing_imports_uses(tmp_path):
    """locust 2.47.0 (locust/web.py:648): its Flask web UI has no database, but
    `locust/contrib/postgres.py` and `contrib/mongodb.py` (load-test users
    querying the database under test, which no locust module imports) made
    the message say "an instance whose database connection is dead"."""
    files = {
        "pyproject.toml": "[project]\nname = 'loadtool'\n",
        "loadtool/__init__.py": "",
        "loadtool/web.py": LOCUST_WEB,
        "loadtool/store.py": "def save_stats():\n    return {}\n",
        "loadtool/contrib/__init__.py": "",
        "loadtool/contrib/postgres.py": LOCUST_PG_USER,
    }
    got = [f.message for f in scan_tree(tmp_path, files, select=("RS903",)).findings]
    assert len(got) == 1, got
    assert "an instance that is up but stuck (a hung event loop, every worker busy) keeps receiving traffic" in got[0], got
    # a module the server imports is its own connection
    files["loadtool/store.py"] = "import psycopg\n\n\ndef save_stats():\n    return psycopg.connect('postgresql://db/app')\n"
    got = [f.message for f in scan_tree(tmp_path / "own", files, select=("RS903",)).findings]
    assert len(got) == 1 and "an instance whose database connection is dead keeps receiving traffic" in got[0], got


PROXY_MAIN = """\
import asyncio

from aiohttp import web

from .store import MessageStore


async def forward(request):
    store = MessageStore("/var/lib/proxy")
    store.save(request.path)
    return web.Response(text="ok")


async def serve():
    app = web.Application()
    app.add_routes([web.get("/{path:.*}", forward)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", 8009).start()
    await asyncio.Event().wait()
"""

PEEWEE_SQLITE_STORE = """\
import os

from peewee import Model, SqliteDatabase, TextField


class Row(Model):
    path = TextField()


class MessageStore:
    def __init__(self, store_path):
        self.database = SqliteDatabase(os.path.join(store_path, "events.db"), pragmas={"foreign_keys": 1})
        self.database.connect()

    def save(self, path):
        with self.database.bind_ctx([Row]):
            Row.create(path=path)

    def close(self):
        self.database.close()
"""


@pytest.mark.parametrize("store, dead", [
    (PEEWEE_SQLITE_STORE, False),
    # a server database through peewee, or one that cannot be told apart from one
    (PEEWEE_SQLITE_STORE.replace("SqliteDatabase", "PostgresqlDatabase"), True),
    (PEEWEE_SQLITE_STORE.replace("import os\n", "import os\n\nfrom playhouse.pool import PooledMySQLDatabase\n"), True),
    (PEEWEE_SQLITE_STORE.replace("from peewee import Model, SqliteDatabase, TextField",
                                 "from peewee import Model, TextField\nfrom playhouse.db_url import connect")
                        .replace('SqliteDatabase(os.path.join(store_path, "events.db"), pragmas={"foreign_keys": 1})',
                                 'connect(os.environ["DATABASE_URL"])'), True),
    (PEEWEE_SQLITE_STORE + "\n\nfrom playhouse.flask_utils import FlaskDB\n\ndb_wrapper = FlaskDB()\n", True),
    (PEEWEE_SQLITE_STORE.replace("SqliteDatabase", "DatabaseProxy").replace('(os.path.join(store_path, "events.db"), pragmas={"foreign_keys": 1})', "()"), True),
])
def test_rs903_consequence_names_no_database_for_peewee_over_sqlite_files(tmp_path, store, dead):
    """pantalaimon 0.10.5 (pantalaimon/main.py:138): the proxy keeps its state in
    SQLite files through peewee (store.py:194 `SqliteDatabase(self.database_path,
    ...)`, index.py:110, client.py:137 `SqliteQueueDatabase`), a local file with
    no connection to lose; peewee's import made the message say "an instance
    whose database connection is dead"."""
    files = {
        "setup.py": "from setuptools import setup\n\nsetup(name='proxy')\n",
        "proxy/__init__.py": "",
        "proxy/main.py": PROXY_MAIN,
        "proxy/store.py": store,
    }
    # RS104 on too: its trigger `.close(` makes the scan parse the store, as a full scan does
    got = [f.message for f in scan_tree(tmp_path, files, select=("RS903", "RS104")).findings if f.rule_id == "RS903"]
    assert len(got) == 1, got
    if dead:
        assert "an instance whose database connection is dead keeps receiving traffic" in got[0], got
    else:
        assert "an instance that is up but stuck (a hung event loop, every worker busy) keeps receiving traffic" in got[0], got


def test_rs501_names_a_throttle_scope_no_throttle_reads(tmp_path):
    """A DRF view's `throttle_scope` limits nothing unless ScopedRateThrottle runs
    (wger sets it in DEFAULT_THROTTLE_CLASSES; without that the scope is inert):
    the finding says why the scope the view sets does not count."""
    files = {
        "proj/settings.py": 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_RATES": {"login": "3/min"}}\n',
        "proj/api.py": (
            "from django.contrib.auth import authenticate\nfrom rest_framework.response import Response\n"
            "from rest_framework.views import APIView\n\n\nclass LoginView(APIView):\n    throttle_scope = 'login'\n\n"
            "    def post(self, request):\n"
            "        return Response({'ok': authenticate(username=request.data['u'], password=request.data['p']) is not None})\n"
        ),
        "proj/urls.py": "from django.urls import path\nfrom .api import LoginView\n\nurlpatterns = [path('api/login/', LoginView.as_view())]\n",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    found = [f for f in result.findings if f.rule_id == "RS501"]
    assert len(found) == 1, [f.message for f in found]
    assert "the `throttle_scope` its view `LoginView` sets (proj/api.py:7) throttles nothing" in found[0].message, found[0].message
    assert any(r.path == "proj/api.py" and r.line == 7 for r in found[0].related), found[0].related


def test_rs501_names_a_login_with_the_prefix_of_the_router_including_its_router(tmp_path):
    """infrahub's api/__init__.py makes `router = APIRouter(prefix="/api")` and
    includes `auth.router` (`APIRouter(prefix="/auth")`) in it: FastAPI serves the
    login at `/api/auth/login`, which the message named `/auth/login`.  The same in
    one file (`v2 = APIRouter(prefix="/v2")` including `sub` at `/admin`); an app
    adds no prefix of its own, and a router included with none keeps its path."""
    files = {
        "requirements.txt": "fastapi\n",
        "pkg/__init__.py": "",
        "pkg/api/__init__.py": (
            "from fastapi import APIRouter\n\nfrom pkg.api import auth\n\n"
            'router = APIRouter(prefix="/api")\nrouter.include_router(auth.router)\n'
        ),
        "pkg/api/auth.py": (
            "from fastapi import APIRouter\n\nrouter = APIRouter(prefix=\"/auth\")\n\n\n"
            '@router.post("/login")\nasync def login(username: str, password: str):\n    return {"u": username}\n'
        ),
        "pkg/admin.py": (
            "from fastapi import APIRouter\n\n"
            'v2 = APIRouter(prefix="/v2")\nsub = APIRouter()\n\n\n'
            '@sub.post("/signin")\nasync def signin(username: str, password: str):\n    return {"u": username}\n\n\n'
            'v2.include_router(sub, prefix="/admin")\n'
        ),
        "pkg/plain.py": (
            "from fastapi import APIRouter\n\nplain = APIRouter()\n\n\n"
            '@plain.post("/token")\nasync def token(username: str, password: str):\n    return {"u": username}\n'
        ),
        "pkg/server.py": (
            "from fastapi import FastAPI\n\nfrom pkg.admin import v2\nfrom pkg.api import router as api\nfrom pkg.plain import plain\n\n"
            "app = FastAPI()\napp.include_router(api)\napp.include_router(v2)\napp.include_router(plain)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    got = sorted(f.message.split(" is a credential endpoint")[0] for f in result.findings if f.rule_id == "RS501")
    assert got == ["POST /api/auth/login", "POST /token", "POST /v2/admin/signin"], got


def test_rs501_names_the_throttle_scope_a_package_view_sets_that_no_throttle_reads(tmp_path):
    """dj-rest-auth's views set `throttle_scope = 'dj_rest_auth'` (views.py:40) and
    leave the throttle classes to the project: with no ScopedRateThrottle among
    the default throttles the scope is inert, and the finding says so -- the
    fix is one line of settings."""
    files = {
        "requirements.txt": "django\ndjangorestframework\ndj-rest-auth\n",
        "proj/settings.py": 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_RATES": {"dj_rest_auth": "10/minute"}}\n',
        "proj/urls.py": "from django.urls import include, path\n\nurlpatterns = [path('api/auth/', include('dj_rest_auth.urls'))]\n",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    found = sorted(f.message for f in result.findings if f.rule_id == "RS501")
    assert len(found) == 2, found
    for msg in found:
        assert "the package view behind it sets `throttle_scope = 'dj_rest_auth'`, which throttles nothing here" in msg, msg


def test_login_rate_limit_message_says_drf_obtain_auth_token_switches_default_throttles_off(tmp_path):
    """DRF's ObtainAuthToken (mayan-edms's browsable subclass at
    /api/v4/auth/token/obtain/) sets ``throttle_classes = ()`` itself: the
    message says so, not that the view is a plain Django view."""
    files = {
        "requirements.txt": "djangorestframework\n",
        "proj/settings.py": 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"]}\n',
        "proj/views.py": "from rest_framework.authtoken.views import ObtainAuthToken\n\n\nclass BrowsableToken(ObtainAuthToken):\n    pass\n",
        "proj/urls.py": 'from django.urls import path\n\nfrom .views import BrowsableToken\n\nurlpatterns = [path("auth/token/obtain/", BrowsableToken.as_view())]\n',
    }
    (msg,) = _messages_by_line(tmp_path, files, "RS501").values()
    assert "DRF's `ObtainAuthToken` sets `throttle_classes = ()` for itself" in msg
    assert "plain Django view" not in msg


def test_rs701_two_file_calls_on_the_request_path_are_not_a_sequence(tmp_path):
    """A request path listed in one branch and streamed in the other (gun's
    static server): the message names both calls without saying one feeds
    the other; a path built with path.join is still `then` used."""
    server = """\
const fs = require('fs');
const http = require('http');
const path = require('path');
const express = require('express');

const app = express();
app.use('/files', (req, res) => {
  const file = __dirname + '/public' + req.url;
  if (req.url.endsWith('/')) {
    fs.readdir(file, (err, names) => res.end(JSON.stringify(names)));
    return;
  }
  fs.createReadStream(file).pipe(res);
});
app.get('/docs/:name', (req, res) => {
  const file = path.join(__dirname, 'docs', req.params.name);
  fs.unlinkSync(file);
  res.end();
});
http.createServer(app).listen(8080);
"""
    messages = _messages_by_line(tmp_path, {"package.json": '{"name": "x", "dependencies": {"express": "4"}}', "server.js": server}, "RS701")
    listed = next(m for m in messages.values() if "fs.readdir" in m)
    assert "reaches `fs.readdir` and `fs.createReadStream` with no containment check" in listed
    built = next(m for m in messages.values() if "path.join" in m)
    assert "reaches `path.join`, then `fs.unlinkSync`" in built


def test_rs501_names_how_axes_is_switched_off(tmp_path):
    """django-axes switched off: a literal `AXES_ENABLED = False` is quoted as
    written; a value taken from an imported default (mayan's settings) is
    quoted with that name, not as a literal False the file does not hold."""
    urls = """\
from django.contrib.auth.views import LoginView
from django.urls import path

urlpatterns = [path("login/", LoginView.as_view())]
"""
    base = {"requirements.txt": "django\ndjango-axes\n", "site/__init__.py": "", "site/settings/__init__.py": "", "site/urls.py": urls}
    literal = _findings_with_related(tmp_path / "literal", {**base, "site/settings/base.py": (
        'AXES_ENABLED = False\n\nINSTALLED_APPS = ["django.contrib.auth", "axes"]\n')})
    (msg, related), = literal
    assert "django-axes is installed, but `AXES_ENABLED = False` in site/settings/base.py switches it off" in msg
    assert ("site/settings/base.py", 1, "django-axes switched off") in related
    imported = _findings_with_related(tmp_path / "imported", {**base, "site/literals.py": "DEFAULT_LOCKOUT_ENABLED = False\n",
                                      "site/settings/base.py": (
        'from site.literals import DEFAULT_LOCKOUT_ENABLED\n\nAXES_ENABLED = DEFAULT_LOCKOUT_ENABLED\n\n'
        'INSTALLED_APPS = ["django.contrib.auth", "axes"]\n')})
    (msg, related), = imported
    assert ("django-axes is installed, but `AXES_ENABLED = DEFAULT_LOCKOUT_ENABLED`, False by default, in site/settings/base.py "
            "switches it off") in msg
    assert "`AXES_ENABLED = False`" not in msg
    assert ("site/settings/base.py", 5, "django-axes installed here, switched off by `AXES_ENABLED = DEFAULT_LOCKOUT_ENABLED`, "
            "False by default") in related


def _findings_with_related(root, files):
    result = scan_tree(root, files, select=("RS501",))
    return [(f.message, [(r.path, r.line, r.message) for r in f.related]) for f in result.findings if f.rule_id == "RS501"]
DOWNLOAD_QUEUE = """\
import threading
from queue import Empty, PriorityQueue

import requests


class DownloadQueueService:
    def __init__(self, max_parallel_dl=5):
        self._queue = PriorityQueue()
        self._stop_event = threading.Event()
        self._max_parallel_dl = max_parallel_dl
        self._requests = requests.Session()

    def start(self):
        self._start_workers(self._max_parallel_dl)

    def _start_workers(self, max_workers):
        for _ in range(max_workers):
            worker = threading.Thread(target=self._download_next_item, daemon=True)
            worker.start()

    def _download_next_item(self):
        while not self._stop_event.is_set():
            try:
                job = self._queue.get(timeout=1)
            except Empty:
                continue
            self._do_download(job)

    def _do_download(self, job):
        resp = self._requests.get(job.url, stream=True)
        job.write(resp)
"""


def test_rs905_loop_worker_thread_message_says_the_worker_stalls_not_that_threads_pile_up(tmp_path):
    """invokeai 6.14.2 (invokeai/app/services/download/download_default.py:331-465)
    starts a fixed pool of download workers once; each runs a `while` loop that
    takes jobs off a queue and calls `_do_download`, whose Session.get() has no
    timeout: a hang stalls that worker, it does not start one more thread per
    call of `_start_workers`."""
    result = scan_tree(tmp_path, {"svc/queue.py": DOWNLOAD_QUEUE, "svc/setup.py": "from setuptools import setup\n"}, select=("RS905",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert set(msgs) == {31}, msgs
    msg = msgs[31]
    assert ("hangs for good the worker thread that `threading.Thread` in `_start_workers` (line 19) starts to run "
            "`_download_next_item` (which calls `_do_download`): that worker takes no more work") in msg, msg
    assert "piling up" not in msg and "one more such thread" not in msg, msg


def test_rs701_multer_filename_says_the_upload_is_written(tmp_path):
    """A request value in the name a multer ``diskStorage`` ``filename``
    callback hands to ``cb``: multer joins it under the destination and
    writes the upload there (nodecg's asset upload), so the message says the
    upload is written, not read."""
    server = """\
const express = require('express');
const multer = require('multer');
const router = express.Router();
const upload = multer({
  storage: multer.diskStorage({
    destination: '/srv/assets',
    filename: (req, file, cb) => {
      cb(null, `${req.params.namespace}/${file.originalname}`);
    },
  }),
});
router.post('/:namespace', upload.single('file'), (req, res) => res.end());
module.exports = router;
"""
    files = {"package.json": '{"name": "x", "dependencies": {"express": "4", "multer": "1"}}', "uploads.js": server}
    messages = _messages_by_line(tmp_path, files, "RS701")
    assert list(messages) == [8]
    assert "reaches `multer diskStorage filename` with no containment check: a `../` in it writes the upload over any file" in messages[8]


def test_rs701_names_a_value_read_through_a_destructured_request_part(tmp_path):
    """decap-server's handler (`const { body } = req; const { path } =
    body.params as GetMediaFileParams`): the value is named as the request
    names it, `req.body.params.path`, not `req.body.path` (the destructured
    part dropped) or `req.body` (the rest of the chain dropped)."""
    server = """\
import express from 'express';
import path from 'path';
import { promises as fs } from 'fs';
type Params = { path: string };
const app = express();
const root = '/srv/content';
app.post('/a', async (req: express.Request, res: express.Response) => {
  const { body } = req;
  const { path: file } = body.params as Params;
  res.send(await fs.readFile(path.join(root, file)));
});
app.post('/b', async (req: express.Request, res: express.Response) => {
  const { body } = req;
  res.send(await fs.readFile(path.join(root, body.params.path)));
});
app.listen(8081);
"""
    files = {"package.json": '{"name": "x", "dependencies": {"express": "4"}}', "src/index.ts": server}
    messages = _messages_by_line(tmp_path, files, "RS701")
    assert sorted(messages) == [10, 14]
    for line in (10, 14):
        assert messages[line].startswith("Request value `req.body.params.path` reaches `path.join`"), messages[line]


def test_rs701_weighs_a_tornado_url_group_by_its_pattern_and_tornados_unescaping(tmp_path):
    """nbgrader's formgrader routes `/formgrader/api/assignment/([^/]+)` to a
    handler whose `put(self, assignment_id)` builds a directory from it:
    Tornado unescapes the group after matching, so `..%2F..%2Fx` passes
    `[^/]+` and arrives as `../../x` -- a weak check (medium/low), named as
    the route's pattern; a group that matches anything (`(.*)`) checks
    nothing (critical/high), and `(\\d+)` admits no dot or slash."""
    handlers = """\
import os

from tornado import web


class AssignmentHandler(web.RequestHandler):
    def put(self, assignment_id):
        os.makedirs(os.path.join("/srv/source", assignment_id))


class FileHandler(web.RequestHandler):
    def get(self, name):
        with open(os.path.join("/srv/files", name)) as fh:
            self.write(fh.read())


class ReportHandler(web.RequestHandler):
    def get(self, number):
        with open(os.path.join("/srv/reports", number)) as fh:
            self.write(fh.read())


default_handlers = [
    (r"/api/assignment/([^/]+)", AssignmentHandler),
    (r"/files/(.*)", FileHandler),
    (r"/reports/(\\d+)", ReportHandler),
]
"""
    files = {"pyproject.toml": '[project]\nname = "grader"\nversion = "0.1"\ndependencies = ["tornado"]\n', "grader/handlers.py": handlers}
    result = scan_tree(tmp_path, files, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [8, 13], found
    weak = found[8]
    assert weak.message.startswith("Request value `assignment_id` (route parameter) reaches `os.path.join`, then `os.makedirs` guarded only by"), weak.message
    assert "`([^/]+)`" in weak.message, weak.message
    assert (weak.severity, weak.probability) == ("medium", "low")
    assert "with no containment check" in found[13].message, found[13].message
    assert (found[13].severity, found[13].probability) == ("critical", "high")


def test_rs701_names_a_value_read_through_a_variable_holding_a_request_part(tmp_path):
    """netlify-cms-proxy-server's handler (`const payload = body.params as
    GetEntryParams; ... payload.path`): the value is named as the request
    names it, `req.body.params.path`, not `req.body.params` (the member read
    from the variable dropped); a check of that member still guards a later
    read of it."""
    server = """\
import express from 'express';
import path from 'path';
import { promises as fs } from 'fs';
type Params = { path: string; name: string };
const app = express();
const root = '/srv/content';
app.post('/a', async (req: express.Request, res: express.Response) => {
  const { body } = req;
  const payload = body.params as Params;
  res.send(await fs.readFile(path.join(root, payload.path)));
});
app.get('/b', async (req: express.Request, res: express.Response) => {
  const q = req.query;
  res.send(await fs.readFile(path.join(root, String(q.file))));
});
app.get('/c', async (req: express.Request, res: express.Response) => {
  const q = req.query as Record<string, string>;
  if (!/^[\\w-]+$/.test(q.name)) return res.status(400).end();
  res.send(await fs.readFile(path.join(root, q.name)));
});
app.listen(8081);
"""
    files = {"package.json": '{"name": "x", "dependencies": {"express": "4"}}', "src/index.ts": server}
    messages = _messages_by_line(tmp_path, files, "RS701")
    assert sorted(messages) == [10, 14]
    assert messages[10].startswith("Request value `req.body.params.path` reaches `path.join`"), messages[10]
    assert messages[14].startswith("Request value `req.query.file` reaches `path.join`"), messages[14]


ENGINE_WITH_ASYNC_CREATOR = """\
import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine


async def _connect():
    return await asyncpg.connect(host="db", user="app", database="app")


engine = create_async_engine("postgresql+asyncpg://db/app", async_creator=_connect, pool_size=10)
"""


ASYNC_ENGINE_FROM_SETTINGS = """\
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

from .settings import settings

app = FastAPI()
engine = create_async_engine(settings.db_url, pool_size=10)
sync_engine = create_engine(settings.db_url, pool_size=10)
"""


def test_statement_timeout_message_for_an_async_engine_of_an_asyncpg_service_names_server_settings(tmp_path):
    # fmn's backends/pagure.py: `create_async_engine(settings.services.distgit_db_url, pool_recycle=600)`, asyncpg
    # (and psycopg2, which cannot serve an async engine) among its dependencies: asyncpg's connect() takes no
    # libpq `options`, so the message points at server_settings; the sync engine keeps libpq's options
    pyproject = '[project]\nname = "x"\ndependencies = ["fastapi", "SQLAlchemy[asyncio]", "asyncpg>=0.26", "psycopg2"]\n'
    msgs = _messages_by_line(tmp_path, {"pyproject.toml": pyproject, "x/__init__.py": "", "x/db.py": ASYNC_ENGINE_FROM_SETTINGS}, "RS103")
    assert sorted(msgs) == [8, 9]
    assert "connect_args={'server_settings': {'statement_timeout': …}}" in msgs[8], msgs[8]
    assert "options='-c statement_timeout=…'" not in msgs[8], msgs[8]
    assert "connect_args options='-c statement_timeout=…'" in msgs[9], msgs[9]


def test_statement_timeout_message_for_an_async_engine_names_libpq_options_when_psycopg_3_may_serve_it(tmp_path):
    # psycopg 3 serves async engines too (postgresql+psycopg://) and takes libpq's options; no asyncpg at all: the same
    for deps in ('"asyncpg", "psycopg[binary]"', '"psycopg2"'):
        pyproject = f'[project]\nname = "x"\ndependencies = ["fastapi", "SQLAlchemy", {deps}]\n'
        msgs = _messages_by_line(tmp_path / deps[1:8], {"pyproject.toml": pyproject, "x/__init__.py": "", "x/db.py": ASYNC_ENGINE_FROM_SETTINGS}, "RS103")
        assert sorted(msgs) == [8, 9], deps
        assert "connect_args options='-c statement_timeout=…'" in msgs[8], (deps, msgs[8])


def test_statement_timeout_message_for_an_engine_with_its_own_creator_does_not_point_at_connect_args(tmp_path):
    # arize-phoenix's db/aws_auth.py: `create_async_engine(url=url, async_creator=async_creator, **engine_kwargs)`;
    # SQLAlchemy never reads connect_args when the engine has a creator
    msgs = _messages_by_line(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "db.py": ENGINE_WITH_ASYNC_CREATOR}, "RS103")
    assert list(msgs) == [9]
    assert "connect_args=" not in msgs[9]
    assert "the connections its async_creator opens" in msgs[9]


def test_rs701_a_prefix_test_naming_no_dot_or_slash_is_no_blocklist(tmp_path):
    """flexget's webui (`if path.startswith('bower_components'): return ...`,
    then `os.path.join(ui_src, path)`): a prefix test whose literal names no
    `.`, `/`, `\\`, `~`, `:` or `%` only picks a branch (`static/../../etc`
    passes it either way), so it neither lowers the finding nor is quoted as
    a blocklist; `startswith('/')` or `startswith('..')` still is one."""
    app = """\
import os

from flask import Flask

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/a/<path:path>")
def a(path):
    if path.startswith("static"):
        return "static"
    return open(os.path.join(BASE, path)).read()


@app.route("/b/<path:path>")
def b(path):
    if path.startswith(("/", "..")):
        return "no", 400
    return open(os.path.join(BASE, path)).read()
"""
    server = """\
const fs = require('fs');
const path = require('path');
const app = require('express')();
app.get('/c', (req, res) => {
  const name = req.query.name;
  if (!name.startsWith('uploads')) return res.status(400).end();
  res.send(fs.readFileSync(path.join(DIR, name)));
});
app.listen(8000);
"""
    result = scan_tree(tmp_path, {"app.py": app, "server.js": server, "package.json": '{"dependencies": {"express": "4"}}'}, select=("RS701",))
    got = {(f.path, f.line): (f.severity, f.probability, f.message, [r.message for r in f.related]) for f in result.findings}
    assert set(got) == {("app.py", 13), ("app.py", 20), ("server.js", 7)}, got
    for key in (("app.py", 13), ("server.js", 7)):
        sev, prob, msg, related = got[key]
        assert (sev, prob) == ("critical", "high"), got[key]
        assert "guarded only by" not in msg and not any("blocklist" in r for r in related), got[key]
    sev, prob, msg, _related = got[("app.py", 20)]
    assert (sev, prob) == ("medium", "low") and "guarded only by a blocklist" in msg, got[("app.py", 20)]


def test_rs701_a_pattern_admitting_dots_but_no_separator_says_at_most_a_lone_dotdot_gets_through(tmp_path):
    """whoogle's config route (`name = os.path.normpath(request.args.get('name'))`,
    `if not re.match(r'^[A-Za-z0-9_.+-]+$', name): return 400`, then
    `open(os.path.join(CONFIG_PATH, name))`): a pattern that admits dots but no
    `/` or `\\` leaves one path segment, so the message says at most a lone `..`
    gets through, not that absolute paths and separators can; the finding keeps
    its lower priority. A pattern that admits a slash (or any character) keeps
    the general message."""
    app = """\
import os
import re

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/configs"


@app.route("/config")
def config():
    name = os.path.normpath(request.args.get("name"))
    if not re.match(r'^[A-Za-z0-9_.+-]+$', name):
        return "invalid", 400
    return open(os.path.join(BASE, name)).read()


@app.route("/nested")
def nested():
    name = request.args.get("name")
    if not re.fullmatch(r'[\\w./-]+', name):
        return "invalid", 400
    return open(os.path.join(BASE, name)).read()
"""
    server = """\
const fs = require('fs');
const path = require('path');
const app = require('express')();
app.get('/c', (req, res) => {
  const name = req.query.name;
  if (!/^[\\w.-]+$/.test(name)) return res.status(400).end();
  res.send(fs.readFileSync(path.join(DIR, name)));
});
app.get('/d', (req, res) => {
  const name = req.query.name;
  if (!/^.+$/.test(name)) return res.status(400).end();
  res.send(fs.readFileSync(path.join(DIR, name)));
});
app.listen(8000);
"""
    result = scan_tree(tmp_path, {"app.py": app, "server.js": server, "package.json": '{"dependencies": {"express": "4"}}'}, select=("RS701",))
    got = {(f.path, f.line): (f.severity, f.probability, f.message) for f in result.findings}
    assert set(got) == {("app.py", 15), ("app.py", 23), ("server.js", 7), ("server.js", 12)}, got
    for key in (("app.py", 15), ("server.js", 7)):
        sev, prob, msg = got[key]
        assert (sev, prob) == ("medium", "low"), got[key]
        assert "guarded only by a pattern that admits dots but no `/` or `\\`" in msg and "at most a lone `..` gets through" in msg, got[key]
        assert "absolute paths and separators" not in msg, got[key]
    for key in (("app.py", 23), ("server.js", 12)):
        sev, prob, msg = got[key]
        assert (sev, prob) == ("medium", "low"), got[key]
        assert "a pattern that still admits dots or slashes" in msg and "lone `..`" not in msg, got[key]


def test_rs501_flask_login_request_loader_counts_the_routes_behind_it(tmp_path):
    """flexget: a Flask-Login request_loader checking Basic credentials is a
    sign-in on the routes that ask for the signed-in user: those of the app
    whose before_request hook reads `current_user`, and `@login_required`
    ones; the routes of a second Flask app (the web UI's files) are not
    behind it, so they are neither counted nor given as the example."""
    files = {
        "app/api.py": "from flask import Flask\n\napi_app = Flask(__name__)\n",
        "app/auth.py": """\
from flask import request
from flask_login import LoginManager, current_user
from werkzeug.security import check_password_hash

from app.api import api_app

login_manager = LoginManager()
login_manager.init_app(api_app)


@login_manager.request_loader
def load_user_from_request(request):
    auth = request.authorization
    user = find_user(auth.username) if auth else None
    if user and check_password_hash(user.password, auth.password):
        return user
    return None


@api_app.before_request
def check_valid_login():
    if not current_user.is_authenticated:
        return api_app.login_manager.unauthorized()
""",
        "app/ui.py": """\
from flask import Flask, send_from_directory

webui_app = Flask(__name__)


@webui_app.route("/<path:path>")
def serve_app(path):
    return send_from_directory("dist", path)
""",
        "app/tasks.py": """\
from app.api import api_app


@api_app.route("/tasks/", methods=["POST"])
def add_task():
    return {"ok": True}


@api_app.route("/tasks/<int:task_id>/", methods=["DELETE"])
def delete_task(task_id):
    return {"ok": True}
""",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    got = [(f.path, f.line, f.message, [(r.path, r.line, r.message) for r in f.related]) for f in result.findings]
    assert len(got) == 1, got
    path, line, msg, related = got[0]
    assert (path, line) == ("app/auth.py", 11), got
    assert msg.startswith("`load_user_from_request` (Flask-Login `@login_manager.request_loader`) signs requests in with HTTP Basic credentials "
                          "checked against the account's password (`check_password_hash` at app/auth.py:15)"), msg
    assert "(2 seen, such as POST /tasks/ at app/tasks.py:4)" in msg, msg
    assert not any(p == "app/ui.py" for p, _l, _m in related), related
HOOK_SERVER = """\
const http = require('http');
const metrics = require('./metrics');

metrics.init();
http.createServer((req, res) => res.end('ok')).listen(8080);
"""

HOOK_LIBRARY = """\
class Metrics {
  init () {
    this.started = Date.now();
  }

  onExit (callback) {
    if (typeof callback === 'function') {
      const handler = () => callback();
      process.on('exit', handler);
      process.on('SIGINT', () => { handler(); process.exit(); });
      process.on('SIGTERM', () => { handler(); process.exit(); });
    }
  }
}
module.exports = new Metrics();
"""


def test_shutdown_message_leaves_out_a_hook_registrar_nothing_calls(tmp_path):
    """pm2 7.0.4: modules/pm2-io-bpm/pmx.js:308 `onExit(callback)` installs
    SIGINT/SIGTERM handlers that run the caller's callback, only when someone
    calls it, and nothing in pm2 does. The message for lib/API/Serve.js's
    server, which handles no signal, said that handler exited without closing
    the server."""
    files = {"package.json": '{"name": "stats-server", "main": "src/server.js"}', "src/server.js": HOOK_SERVER,
             "src/metrics.js": HOOK_LIBRARY}
    _assert_no_handler_but_in(tmp_path, files, ("src/server.js", 5), "stats-server", "src/metrics.js")


def test_shutdown_message_keeps_a_hook_registrar_the_service_calls(tmp_path):
    """The look-alike: the service calls `metrics.onExit(...)`, so the handler
    is installed and is judged (it exits without closing the server)."""
    server = HOOK_SERVER.replace("metrics.init();", "metrics.init();\nmetrics.onExit(() => console.log('bye'));")
    files = {"package.json": '{"name": "stats-server", "main": "src/server.js"}', "src/server.js": server,
             "src/metrics.js": HOOK_LIBRARY}
    result = scan_tree(tmp_path, files, select=("RS901",))
    msgs = [(f.path, f.message) for f in result.findings if f.rule_id == "RS901"]
    assert len(msgs) == 1 and "src/metrics.js:" in msgs[0][1], msgs
YWEBRTC_SIGNALING = """\
import { WebSocketServer } from 'ws'
import http from 'http'

const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})
wss.on('connection', conn => {
  conn.on('message', message => conn.send(message))
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, ws => wss.emit('connection', ws, request))
})
server.listen(process.env.PORT || 4444)
"""

PLAIN_EXPRESS_API = """\
const express = require('express')
const app = express()
app.get('/items', (req, res) => res.json([]))
app.listen(3000)
"""


def test_shutdown_message_says_websocket_clients_are_cut_off(tmp_path):
    """y-webrtc 10.3.0 bin/server.js: a signalling server whose HTTP server
    only answers "okay" and hands every upgrade to a ws server. Killed with
    no SIGTERM handler, what fails is not an in-flight request but every
    open WebSocket connection; an HTTP service with no WebSocket server keeps
    the request wording."""
    files = {"signal/bin/server.js": YWEBRTC_SIGNALING,
             "signal/package.json": '{"name": "signal", "type": "module", "bin": {"signal": "./bin/server.js"}}',
             "api/index.js": PLAIN_EXPRESS_API, "api/package.json": '{"name": "api", "main": "index.js"}'}
    result = scan_tree(tmp_path, files, select=("RS901",))
    msgs = {f.path: f.message for f in result.findings if f.rule_id == "RS901"}
    assert set(msgs) == {"signal/bin/server.js", "api/index.js"}, msgs
    assert ("in-flight requests fail, and every client of WebSocket server `wss` (ws) is cut off without a close frame "
            "and has to reconnect") in msgs["signal/bin/server.js"], msgs
    assert "WebSocket" not in msgs["api/index.js"] and "in-flight requests fail" in msgs["api/index.js"], msgs


def test_rs905_kubernetes_chained_call_names_the_api_method_not_the_constructor(tmp_path):
    """``client.CoreV1Api().list_node(...)`` (mage-ai's workload manager):
    the call without ``_request_timeout`` is ``list_node()``; the message
    named the constructor ``client.CoreV1Api()``, which makes no request."""
    code = """\
from kubernetes import client


def node_ip(node_name):
    items = client.CoreV1Api().list_node(
        field_selector=f'metadata.name={node_name}'
    ).items
    return items[0]


def pods(namespace):
    return client.CoreV1Api(
    ).list_namespaced_pod(namespace).items
"""
    files = {"requirements.txt": "kubernetes\n", "nodes.py": code}
    messages = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(messages) == [5, 12], messages
    assert messages[5].startswith("`client.CoreV1Api().list_node()` (a kubernetes client API call) has no `_request_timeout`"), messages[5]
    assert messages[12].startswith("`client.CoreV1Api().list_namespaced_pod()` (a kubernetes client API call)"), messages[12]


TORNADO_HANDLERS = """\
from tornado.websocket import WebSocketHandler


class EventsSocket(WebSocketHandler):
    clients = set()

    def open(self):
        self.clients.add(self)

    def on_close(self):
        self.clients.discard(self)
"""

TORNADO_ACTOR = """\
import tornado.ioloop
import tornado.web

from app.handlers import EventsSocket


def make_app():
    return tornado.web.Application([(r"/ws", EventsSocket)], cookie_secret="x")


make_app().listen(6680)
tornado.ioloop.IOLoop.current().start()
"""


def test_rs401_tornado_finding_points_at_the_application_to_set_the_interval(tmp_path):
    # mopidy 4.0.5: the handler is in handlers.py, the Application that should set
    # websocket_ping_interval in actor.py; the finding named the setting but not where it goes
    result = scan_tree(tmp_path, {"app/__init__.py": "", "app/handlers.py": TORNADO_HANDLERS, "app/actor.py": TORNADO_ACTOR}, select=("RS401",))
    hits = [f for f in result.findings if f.rule_id == "RS401"]
    assert [(f.path, f.line) for f in hits] == [("app/handlers.py", 4)], hits
    assert "runs in an Application with no websocket_ping_interval" in hits[0].message
    assert [(r.path, r.line) for r in hits[0].related] == [("app/actor.py", 8)], hits[0].related
    assert "Tornado Application built here" in hits[0].related[0].message


WS_UNTRACKED = """\
import { WebSocketServer } from 'ws'

export class Tracker {
  constructor (opts = {}) {
    this.ws = new WebSocketServer({ port: 8000, clientTracking: false, ...(opts.ws || {}) })
    this.ws.on('connection', (socket) => { socket.on('message', (m) => this.onMessage(socket, m)) })
  }

  stats () {
    const stats = { clients: countClients(this.peers) }
    return `<h3>Clients:</h3> ${stats.clients}`
  }
}
"""


def test_rs401_ws_without_client_tracking_is_not_said_to_keep_a_client_set(tmp_path):
    # bittorrent-tracker 11.2.3 server.js:119 builds its ws server with
    # `clientTracking: false`: ws keeps no `wss.clients`, so dead sockets are in no
    # set of the server's and get no broadcast through one (the `stats.clients` its
    # stats page reads is a count, not a client set)
    result = scan_tree(tmp_path, {"server.js": WS_UNTRACKED}, select=("RS401",))
    (f,) = [f for f in result.findings if f.rule_id == "RS401"]
    assert (f.path, f.line) == ("server.js", 5)
    assert f.message.endswith("are never detected: ws keeps no client set here (`clientTracking: false`), "
                              "but their sockets stay open and keep their memory and file descriptor"), f.message
    tracked = scan_tree(tmp_path / "tracked", {"server.js": WS_UNTRACKED.replace("clientTracking: false", "clientTracking: true")}, select=("RS401",))
    (g,) = [g for g in tracked.findings if g.rule_id == "RS401"]
    assert "they stay in the server's client set" in g.message, g.message


HOST_PING_UTILS = """\
var exec = require('child_process').exec;
var utils = module.exports;
utils.ping = function(host, cb) {
  exec('ping -w 15 ' + host, function(err) { cb(!err); });
};
"""

HOST_PING_MASTER = """\
var utils = require('../util/utils');
exports.onDisconnect = function(server, restart) {
  utils.ping(server.host, function(flag) { if (flag) restart(server); });
};
"""

HOST_PING_WS = """\
var WebSocketServer = require('ws').Server;
var HttpServer = require('http').Server;
var Processor = function() {
  this.httpServer = new HttpServer();
  this.wsServer = new WebSocketServer({server: this.httpServer});
  this.wsServer.on('connection', function(socket) { socket.on('message', function(m) { socket.send(m); }); });
};
module.exports = Processor;
"""


def test_rs401_a_host_ping_helper_is_not_said_to_ping_the_sockets(tmp_path):
    # pomelo 2.2.7 lib/master/master.js:71 calls `utils.ping(server.host, cb)`,
    # which lib/util/utils.js:186 defines as running the system's `ping -w 15
    # host`: a check that a crashed server's machine is back, no WebSocket ping.
    # The message of the ws server (lib/connectors/hybrid/wsprocessor.js:17)
    # said "it pings in lib/master/master.js:71, but nothing listens for 'pong'"
    files = {"lib/util/utils.js": HOST_PING_UTILS, "lib/master/master.js": HOST_PING_MASTER, "lib/connectors/wsprocessor.js": HOST_PING_WS}
    result = scan_tree(tmp_path, files, select=("RS401",))
    (f,) = [f for f in result.findings if f.rule_id == "RS401"]
    assert (f.path, f.line) == ("lib/connectors/wsprocessor.js", 5)
    assert "it pings in" not in f.message and "master.js" not in f.message, f.message
    assert "nothing in the project sends `ping()` and checks for 'pong', so clients" in f.message, f.message


STAMPED_CLI = """\
const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.on('error', (err) => console.error(`${new Date().toISOString()} ERROR: ${err.message}`));
server.listen(8000, () => console.log(`${new Date().toISOString()} listening on 8000`));
"""


@pytest.mark.parametrize(
    ("extra", "stamped"),
    [
        ("", True),
        # a duration, a record's own date, a stamp that is not the line's start: not the line's time
        ("server.on('close', () => console.log(`${Date.now() - started} ms up`));\n", False),
        ("server.on('request', (req) => console.log(`${new Date(req.headers.date).toISOString()} sent`));\n", False),
        ("server.on('close', () => console.log(`closed at ${new Date().toISOString()}`));\n", False),
    ],
)
def test_rs902_lines_stamped_by_hand_are_not_said_to_carry_no_timestamp(tmp_path, extra, stamped):
    # bittorrent-tracker 11.2.3 bin/cmd.js:89-142: every console line opens with
    # `${new Date().toISOString()}`; the message said the lines carry no timestamp
    result = scan_tree(tmp_path, {"package.json": '{"name": "svc"}', "server.js": STAMPED_CLI + extra}, select=("RS902",))
    (f,) = [f for f in result.findings if f.rule_id == "RS902"]
    if stamped:
        assert "lines carry no level or request/job id (each stamps the time by hand, as plain text), so errors" in f.message, f.message
    else:
        assert "lines carry no level, timestamp or request/job id, so errors" in f.message, f.message


def test_rs902_python_lines_stamped_by_hand_are_not_said_to_carry_no_timestamp(tmp_path):
    worker = (
        "import time\nfrom datetime import datetime\n\n\n"
        "def main():\n    while True:\n        print(f\"[{datetime.now():%X}] polling\")\n"
        "        print(f\"{time.strftime('%X')} done\")\n        time.sleep(5)\n\n\nmain()\n"
    )
    result = scan_tree(tmp_path, {"requirements.txt": "requests\n", "worker.py": worker}, select=("RS902",))
    found = [f for f in result.findings if f.rule_id == "RS902"]
    assert found and "each stamps the time by hand" in found[0].message, found


def test_rs905_fetch_names_the_global_dispatcher_that_bounds_only_connecting(tmp_path):
    # magicmirror's shape: js/app.js installs `setGlobalDispatcher(new Agent({ connect: { timeout } }))`
    # ("used to control fetch timeout"), a helper module calls fetch(url) with no signal: the message says
    # why that dispatcher does not bound the request, and points at it; another service's fetch, in a
    # process that installs no dispatcher, keeps the plain message
    files = {
        "mirror/package.json": '{"name": "mirror", "dependencies": {"express": "^5.0.0", "undici": "^7.0.0"}}',
        "mirror/js/app.js": (
            "const { setGlobalDispatcher, Agent } = require('undici');\n"
            "const express = require('express');\n"
            "const { proxy } = require('./functions');\n"
            "setGlobalDispatcher(new Agent({ connect: { timeout: 30000 } }));\n"
            "const app = express();\n"
            "app.get('/cors', proxy);\n"
            "app.listen(8080);\n"
        ),
        "mirror/js/functions.js": (
            "async function proxy(req, res) {\n"
            "  const response = await fetch(req.query.url);\n"
            "  res.send(await response.text());\n"
            "}\n"
            "module.exports = { proxy };\n"
        ),
        "feed/package.json": '{"name": "feed", "dependencies": {"express": "^5.0.0"}}',
        "feed/server.js": (
            "const express = require('express');\n"
            "const app = express();\n"
            "app.get('/feed', async (req, res) => res.send(await (await fetch('https://example.com/rss')).text()));\n"
            "app.listen(8081);\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = {f.path: f for f in result.findings if f.rule_id == "RS905"}
    assert sorted(got) == ["feed/server.js", "mirror/js/functions.js"], got
    mirror = got["mirror/js/functions.js"]
    assert mirror.message.startswith("`fetch()` is called without a signal and the global dispatcher installed with `setGlobalDispatcher` "
                                     "(mirror/js/app.js:4) bounds at most the connect phase"), mirror.message
    assert [(r.path, r.line) for r in mirror.related] == [("mirror/js/app.js", 4)]
    feed = got["feed/server.js"]
    assert feed.message.startswith("`fetch()` is called without a signal (e.g. AbortSignal.timeout(ms)): fetch has no timeout of its own"), feed.message
    assert not feed.related
RQ_EMPTIED = """\
from flask import Flask, jsonify
from redis import Redis
from rq import Queue

app = Flask(__name__)
redis = Redis()
emails_q = Queue("emails", connection=redis)


@app.post("/queue/<queue_name>/empty")
def empty_queue(queue_name):
    q = Queue(queue_name, connection=redis)
    q.empty()
    return jsonify(status="OK")


@app.post("/admin/emails/flush")
def flush_emails():
    return jsonify(removed=emails_q.empty())
"""


def test_rs303_rq_empty_names_the_queue_not_the_variable(tmp_path):
    """rq-dashboard web.py:474-475: `q = Queue(queue_name, ...); q.empty()` empties the
    queue the URL names, not one called `q`; a module-level `Queue("emails")` is named."""
    msgs = _messages_by_line(tmp_path, {"app.py": RQ_EMPTIED}, "RS303")
    assert "the RQ queue named by `queue_name`" in msgs[13] and "queue `q`" not in msgs[13]
    assert "RQ queue `emails` at runtime" in msgs[19]


def test_rs905_requests_pair_with_no_read_timeout_says_only_connecting_is_bounded(tmp_path):
    # visdom's client: `self.session.post(url, data=data, timeout=(20, None))` bounds connecting, not the response
    files = {
        "requirements.txt": "requests\n",
        "app/client.py": (
            "import requests\n\n\n"
            "def send(url, data):\n"
            "    return requests.post(url, data=data, timeout=(20, None))\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [5], got
    assert got[5].startswith("`requests.post()` passes timeout=(20, None): only connecting is bounded, the read timeout "
                             "(the second item) is None, so requests waits forever for the response"), got


@pytest.mark.parametrize(
    "source, said",
    [
        # redbird 1.0.2 (lib/letsencrypt.ts, dist/letsencrypt.js:7,37-64): its ACME challenge
        # responder is `createServer(function (req, res) {...}).listen(port)` on a named import
        (
            "import { createServer } from 'http';\n"
            "export function init(port) {\n"
            "  createServer(function (req, res) { res.end('ok'); }).listen(port);\n"
            "}\n"
            "init(3000);\n",
            "http.createServer().listen()",
        ),
        (
            "const { createServer } = require('node:https');\n"
            "createServer({ key, cert }, (req, res) => res.end('ok')).listen(443);\n",
            "https.createServer().listen()",
        ),
        # look-alike: the module's own call chain was already named
        (
            "const http = require('http');\n"
            "http.createServer((req, res) => res.end('ok')).listen(3000);\n",
            "http.createServer().listen()",
        ),
    ],
)
def test_server_started_on_a_named_import_is_named_in_the_messages(tmp_path, source, said):
    files = {"package.json": '{"name": "acme", "type": "module", "dependencies": {}}', "server.js": source}
    result = scan_tree(tmp_path, files, select=("RS901", "RS903", "RS906"))
    got = {f.rule_id: f.message for f in result.findings}
    assert set(got) == {"RS901", "RS903", "RS906"}, got
    for rule, message in got.items():
        assert f"`{said}`" in message, (rule, message)


FLASK_API_BLUEPRINT = """\
from flask import Blueprint, Response, request
from werkzeug.security import check_password_hash

api_bp = Blueprint("api", __name__)


@api_bp.route("/login", methods=["POST"])
def login():
    user = find_user(request.authorization["username"])
    if user and check_password_hash(user.password_hash, request.authorization["password"]):
        return Response(status=200)
    return Response(status=401)
"""

FLASK_APP_MOUNTING_API = """\
from flask import Flask

from app.api import api_bp

app = Flask(__name__)
app.register_blueprint(api_bp, url_prefix="/api")
"""


def test_lockout_message_names_the_route_at_its_mounted_path(tmp_path):
    """A blueprint's login is named at the path it is served at, with the
    prefix it is registered under, as RS501 names it (archivy's
    `@api_bp.route("/login")`, registered at `/api`, was called "POST /login",
    the path of the app's own form login)."""
    files = {"app/__init__.py": FLASK_APP_MOUNTING_API, "app/api.py": FLASK_API_BLUEPRINT, "requirements.txt": "flask\n"}
    result = scan_tree(tmp_path, files, select=("RS501", "RS502"))
    (lockout,) = [f for f in result.findings if f.rule_id == "RS502"]
    (limit,) = [f for f in result.findings if f.rule_id == "RS501"]
    assert "POST /api/login" in limit.message
    assert "in the POST /api/login handler" in lockout.message
    assert [r.message for r in lockout.related] == ["route POST /api/login"]


def test_lockout_message_keeps_the_path_of_an_unmounted_route(tmp_path):
    """A route of the app itself keeps its own path."""
    (msg,) = _rs502_messages(tmp_path, {"app.py": FLASK_LOGIN, "requirements.txt": "flask\n"})
    assert "in the POST /login handler" in msg
PARTIAL_WEBSOCKETS = """\
import asyncio
from functools import partial

import websockets


class Broker:
    async def ws_connected(self, websocket, listener_name):
        async for message in websocket:
            await websocket.send(message)

    async def start(self):
        return await websockets.serve(partial(self.ws_connected, listener_name="ws-1"), "0.0.0.0", 8080)
"""


def test_uncapped_websockets_message_names_the_handler_a_partial_binds(tmp_path):
    # amqtt's broker serves `partial(self.ws_connected, listener_name=...)`: the
    # message named `partial`, the wrapper, not the connection handler
    (msg,) = _rs402_messages(tmp_path, {"broker.py": PARTIAL_WEBSOCKETS, "requirements.txt": "websockets\n"})
    assert msg.startswith("websockets server for `ws_connected` accepts any number")
    assert "`partial`" not in msg


KUE_DASHBOARD = """\
#!/usr/bin/env node
var kue = require('kue');
kue.createQueue({ redis: process.env.REDIS_URL, prefix: 'q' });
kue.app.listen(process.env.PORT || 3000);
"""

KUE_API = """\
const express = require('express');
const kue = require('kue');
require('./lib/workers');
const queue = kue.createQueue();
const app = express();
app.post('/mail', (req, res) => queue.create('email', req.body).save(() => res.end()));
app.listen(3000);
"""

KUE_WORKERS = """\
const kue = require('kue');
kue.createQueue().process('email', (job, done) => done());
"""


def test_kue_queue_message_of_a_dashboard_that_runs_no_jobs_speaks_of_its_requests(tmp_path):
    """kue's bin/kue-dashboard creates the queue only to serve the job UI
    (`kue.app.listen()`): an unhandled queue 'error' takes down that server and
    its requests, there are no jobs in flight; a server that loads a module
    processing the queue's jobs keeps the jobs consequence."""
    ui = _messages_by_line(tmp_path / "ui", {"package.json": '{"name": "jobs-ui", "bin": {"jobs-dashboard": "bin/jobs-dashboard"}, '
                                                              '"dependencies": {"kue": "^0.11.6"}}',
                                              "bin/jobs-dashboard": KUE_DASHBOARD}, "RS202")
    assert set(ui) == {3}, ui
    assert ui[3].startswith("Kue queue created here has no 'error' listener"), ui[3]
    assert ui[3].endswith("the process exits, taking down the HTTP server it runs (`kue.app.listen()`) and every request in flight"), ui[3]
    assert "jobs in flight" not in ui[3]
    api = _messages_by_line(tmp_path / "api", {"package.json": '{"name": "api", "dependencies": {"kue": "^0.11.6", "express": "^4.18.2"}}',
                                                "app.js": KUE_API, "lib/workers.js": KUE_WORKERS}, "RS202")
    assert 4 in api, api
    assert api[4].endswith("the process exits, jobs in flight with it"), api[4]


def test_rs701_a_prefix_test_that_only_picks_a_branch_is_no_blocklist(tmp_path):
    """hass-configurator's server.py: `if self.path.startswith("/api/listdir"):
    send_header(json) else: send_header(html)` routes the request and refuses
    nothing, so it is no guard of a later join; the message names the check
    that does stand in the way (`".." in self.path`), and a path with only the
    routing test before it is unguarded.  A prefix test whose arm refuses the
    request (`if not p.startswith("/files/"): abort(404)`) is still a blocklist."""
    app = """\
import os
from http.server import BaseHTTPRequestHandler

from flask import Flask, abort, request

app = Flask(__name__)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/api/listdir"):
            self.send_header("Content-type", "text/json")
        else:
            self.send_header("Content-type", "text/html")
        if self.path.startswith("/assets/") and ".." not in self.path:
            with open(os.path.join("/srv", self.path.lstrip("/")), "rb") as f:
                self.wfile.write(f.read())


@app.route("/a")
def a():
    p = request.args["p"]
    if p.startswith("/json/"):
        kind = "json"
    else:
        kind = "text"
    return open(os.path.join("/srv", p)).read() + kind


@app.route("/b")
def b():
    p = request.args["p"]
    if not p.startswith("/files/"):
        abort(404)
    return open(os.path.join("/srv", p)).read()
"""
    result = scan_tree(tmp_path, {"requirements.txt": "flask\n", "app.py": app}, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [16, 27, 35]
    assert "/api/listdir" not in found[16].message, found[16].message
    assert "guarded only by a blocklist (`\"..\" not in self.path`, line 15)" in found[16].message, found[16].message
    assert "no containment check" in found[27].message and found[27].priority == "critical", found[27].message
    assert "blocklist (`p.startswith(\"/files/\")`" in found[35].message, found[35].message


@pytest.mark.parametrize("with_ws", [True, False])
def test_rs901_handler_that_exits_says_the_websocket_clients_are_cut_off_too(tmp_path, with_ws):
    """A SIGTERM handler that exits without closing the HTTP server drops the
    sockets it upgraded as well, as the process with no handler does."""
    ws = "const wss = new WebSocketServer({ server });\nwss.on('connection', (s) => s.send('hi'));\n" if with_ws else ""
    server = (
        "const http = require('http');\nconst { WebSocketServer } = require('ws');\n"
        "const server = http.createServer((req, res) => res.end('ok'));\n" + ws
        + "server.listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));\n"
    )
    files = {"package.json": '{"name": "live", "dependencies": {"ws": "^8.18.0"}}', "server.js": server}
    (msg,) = _messages_by_line(tmp_path, files, "RS901").values()
    assert "exits without closing HTTP server `server`: on every deploy in-flight requests are cut off with connection resets" in msg
    clause = "every client of WebSocket server `wss` (ws) is cut off without a close frame and has to reconnect"
    assert (clause in msg) is with_ws, msg


def test_rs701_a_blocklist_beside_a_one_segment_pattern_does_not_say_separators_get_through(tmp_path):
    """The orchestrator fixture's memory route checks `includes('..')`, `/` and
    `\\` and then `/^[a-zA-Z0-9_.-]+$/`: the pattern keeps the name to one path
    segment, so the message does not claim absolute paths and separators pass;
    a blocklist alone still says so."""
    both = """\
const fs = require('fs');
const path = require('path');
const app = require('express')();
app.get('/m/:name', (req, res) => {
  const name = req.params.name;
  if (name.includes('..')) return res.status(400).end();
  if (!/^[a-zA-Z0-9_.-]+$/.test(name)) return res.status(400).end();
  res.send(fs.readFileSync(path.join(DIR, name)));
});
app.get('/b/:name', (req, res) => {
  const name = req.params.name;
  if (name.includes('..')) return res.status(400).end();
  res.send(fs.readFileSync(path.join(DIR, name)));
});
"""
    msgs = _messages_by_line(tmp_path, {"package.json": '{"name": "m", "dependencies": {"express": "^4"}}', "server.js": both}, "RS701")
    mixed, blocklist = msgs[8], msgs[13]
    assert "guarded only by a blocklist and a pattern that admits dots but no `/` or `\\`" in mixed, mixed
    assert "the pattern keeps it to one path segment, so at most a lone `..` leaves the intended directory" in mixed, mixed
    assert "absolute paths and separators" not in mixed, mixed
    assert "encodings, absolute paths and separators the check does not list can still leave" in blocklist, blocklist
TWISTED_GUARD = """\
from twisted.cred import error
from twisted.cred.portal import Portal
from twisted.internet import defer
from twisted.web.guard import BasicCredentialFactory, HTTPAuthSessionWrapper


class StringCredentialsChecker:
    def __init__(self, username, password):
        self.username = username
        self.password = password

    def requestAvatarId(self, credentials):
        if credentials.username == self.username and credentials.password == self.password:
            return defer.succeed(credentials.username)
        return defer.fail(error.UnauthorizedLogin())


def wrap_resource(resource, realm, username, password):
    return HTTPAuthSessionWrapper(Portal(realm, [StringCredentialsChecker(username, password)]), [BasicCredentialFactory(b"daemon")])
"""


def test_twisted_guard_message_names_the_checker_and_its_comparison(tmp_path):
    # scrapyd 1.6.0 scrapyd/basicauth.py:52: Twisted's guard around the whole web root, whose
    # checker compares the Basic password with the configured one: every resource is a sign-in
    result = scan_tree(tmp_path, {"daemon/basicauth.py": TWISTED_GUARD}, select=("RS501",))
    msgs = [(f.line, f.message) for f in result.findings if f.rule_id == "RS501"]
    assert len(msgs) == 1, msgs
    line, msg = msgs[0]
    assert line == 19, msgs
    assert "`HTTPAuthSessionWrapper(...)` (Twisted's guard, with `StringCredentialsChecker`)" in msg, msg
    assert "(`credentials.password == self.password` at daemon/basicauth.py:13)" in msg, msg
    assert "every resource of the tree it wraps" in msg and "guess the configured password" in msg, msg


@pytest.mark.parametrize("source", [
    "const { SMTPServer } = require('smtp-server');\nconst server = new SMTPServer({ authOptional: true });\nserver.listen(2525);\n",
    "import ssh2 from 'ssh2';\nconst server = new ssh2.Server({ hostKeys: [] }, (client) => client.end());\nserver.listen(2222, '0.0.0.0');\n",
])
def test_smtp_and_ssh_servers_are_named_tcp_servers_not_http_ones(tmp_path, source):
    # maildev 3.0.0 (@maildev/smtp dist/server.js:72,81): `this.smtp = new SMTPServerLib(config)` from smtp-server,
    # then `this.smtp.listen(this.port, this.host, cb)` -- an SMTP port, with no HTTP requests to count
    files = {"package.json": '{"name": "sink", "type": "module", "main": "index.js"}', "index.js": source}
    [msg] = _messages_by_line(tmp_path, files, "RS906").values()
    assert "runs a TCP server" in msg and "HTTP" not in msg
    assert "connection and request rates" in msg


def test_a_server_built_by_a_method_beside_a_werkzeug_server_class_is_named_an_http_server(tmp_path):
    # tensorboard 2.21.0 (tensorboard/program.py:294,297,689): `server = self._make_server()` (a factory held in
    # `self.server_class`) then `server.serve_forever()`, the module's one server class `WerkzeugServer(serving.ThreadedWSGIServer)`
    source = (
        "from werkzeug import serving\n\n\n"
        "class BoardServer(serving.ThreadedWSGIServer):\n    pass\n\n\n"
        "class Program:\n"
        "    def __init__(self, server_class):\n        self.server_class = server_class\n\n"
        "    def _make_server(self):\n        return self.server_class(None)\n\n"
        "    def serve(self):\n        server = self._make_server()\n        server.serve_forever()\n\n\n"
        "def main():\n    Program(BoardServer).serve()\n"
    )
    files = {"pyproject.toml": '[project]\nname = "board"\n[project.scripts]\nboard = "board.program:main"\n',
             "board/__init__.py": "", "board/program.py": source}
    [msg] = _messages_by_line(tmp_path, files, "RS906").values()
    assert "runs an HTTP server" in msg and "TCP" not in msg, msg


PYRAMID_RESOURCES = '''\
class StaticResource:
    __name__ = ""
    __parent__ = None
    children = {}

    def __init__(self, request):
        self.request = request

    def __getitem__(self, name):
        return self.children[name](self.request)


class Account(StaticResource):
    pass


class Mirror(StaticResource):
    pass


class Api(StaticResource):
    children = {"account": Account}


class Root(StaticResource):
    children = {"api": Api, "acct": Account, "simple": Mirror, "pypi": Mirror}
'''

PYRAMID_TRAVERSAL_VIEWS = '''\
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from depot.resources import Api, Mirror, Root


@view_config(context=Api, name="login", request_method="POST", permission=NO_PERMISSION_REQUIRED, renderer="json")
def api_login(request):
    return {"ok": check(request.POST)}


@view_config(context=Mirror, name="signin", request_method="POST", permission=NO_PERMISSION_REQUIRED, renderer="json")
def mirror_signin(request):
    return {"ok": check(request.POST)}


@view_config(context=Root, name="token", request_method="POST", permission=NO_PERMISSION_REQUIRED, renderer="json")
def root_token(request):
    return {"ok": check(request.POST)}
'''


def test_pyramid_traversal_view_is_named_by_the_keys_that_lead_to_its_context(tmp_path):
    # pypicloud 1.3.12 pypicloud/route.py:138 `Root.subobjects = {..., "acct": AccountResource}` and
    # views/login.py:34 `@view_config(context=AccountResource, name="login", request_method="POST")`:
    # the sign-in is served at /acct/login, not /login.  A context reached by two keys (Mirror under
    # "simple" and "pypi") or the root itself keeps the view's bare name.
    files = {"setup.py": "from setuptools import setup\nsetup(name='depot')\n",
             "depot/__init__.py": "", "depot/resources.py": PYRAMID_RESOURCES,
             "depot/views.py": PYRAMID_TRAVERSAL_VIEWS}
    by_line = _messages_by_line(tmp_path, files, "RS501")
    assert sorted(by_line) == [7, 12, 17], by_line
    assert by_line[7].startswith("POST /api/login "), by_line[7]
    assert by_line[12].startswith("POST /signin "), by_line[12]
    assert by_line[17].startswith("POST /token "), by_line[17]


def test_rs701_a_module_level_alias_of_a_file_function_is_that_function(tmp_path):
    """optuna-dashboard's `cached_path_exists = functools.lru_cache(maxsize=10)(os.path.exists)`
    (_app.py:78), called on a path joined from a route parameter: the path is only
    tested for existence (an oracle: low/low), not handed to an unknown function
    (critical/high). So is a plain alias (`exists = os.path.exists`), and an alias of
    `open` that the path reaches is a read. A cached project function is no alias."""
    app = """\
import functools
import os

from flask import Flask

app = Flask(__name__)
BASE = "/srv/static"
cached_exists = functools.lru_cache(maxsize=10)(os.path.exists)
exists = os.path.exists
read = functools.cache(open)


@functools.lru_cache(maxsize=10)
def lookup(path):
    return path


@app.route("/a/<path:name>")
def a(name):
    return "y" if cached_exists(os.path.join(BASE, name)) else "n"


@app.route("/b/<path:name>")
def b(name):
    return "y" if exists(os.path.join(BASE, name)) else "n"


@app.route("/c/<path:name>")
def c(name):
    return read(os.path.join(BASE, name)).read()


@app.route("/d/<path:name>")
def d(name):
    return lookup(os.path.join(BASE, name))
"""
    result = scan_tree(tmp_path, {"app.py": app}, select=("RS701",))
    got = {f.line: (f.severity, f.probability, f.message) for f in result.findings}
    for line in (20, 25):
        sev, prob, msg = got[line]
        assert (sev, prob) == ("low", "low") and "used only by `os.path.exists`" in msg, got[line]
    sev, prob, msg = got[30]
    assert (sev, prob) == ("critical", "high") and "then `open`" in msg, got[30]
    assert got[35][:2] == ("critical", "high"), got[35]


def test_rs701_route_handlers_in_an_app_factory_do_not_share_request_values(tmp_path):
    """optuna-dashboard defines its Bottle views inside `create_app()` (_app.py)
    as Flask apps made by a factory do: each view answers its own requests, so a
    one-segment `<name>` in one view does not lower the priority of a
    `<path:name>` in another, and one view's allowlist check of
    `request.args["f"]` does not cover another view's unchecked read of it."""
    app = """\
import os
import re

from flask import Flask, abort, request

BASE = "/srv/files"


def create_app():
    app = Flask(__name__)

    @app.route("/a/<name>")
    def a(name):
        return open(os.path.join(BASE, name)).read()

    @app.route("/b/<path:name>")
    def b(name):
        return open(os.path.join(BASE, name)).read()

    @app.route("/c")
    def c():
        if not re.fullmatch(r"[a-z]+", request.args["f"]):
            abort(400)
        return open(os.path.join(BASE, request.args["f"])).read()

    @app.route("/d")
    def d():
        return open(os.path.join(BASE, request.args["f"])).read()

    return app
"""
    result = scan_tree(tmp_path, {"app.py": app}, select=("RS701",))
    got = {f.line: (f.severity, f.probability) for f in result.findings}
    assert got == {14: ("medium", "low"), 18: ("critical", "high"), 28: ("critical", "high")}, got


def test_rs808_message_names_a_file_variable_only_where_the_image_reads_one(tmp_path):
    """kresus 0.26.0's support/docker-compose/docker-compose.yml sets
    `POSTGRES_PASSWORD` on postgres:17 and `KRESUS_DB_PASSWORD` on the app
    image: the postgres image reads `POSTGRES_PASSWORD_FILE`, kresus reads no
    `KRESUS_DB_PASSWORD_FILE`, so the fix must not name one for it.  A client
    variable on a database image (`PGPASSWORD`) is not the image's own setting."""
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  db:\n"
            "    image: postgres:17\n"
            "    environment:\n"
            "      - POSTGRES_PASSWORD=OeSoh9Dob6phahWa\n"
            "      - PGPASSWORD=OeSoh9Dob6phahWa\n"
            "  maria:\n"
            "    image: mariadb:11\n"
            "    environment:\n"
            "      - MARIADB_ROOT_PASSWORD=Zu8eiCh1ahquee7o\n"
            "  app:\n"
            "    image: example/app:1.2\n"
            "    environment:\n"
            "      - APP_DB_PASSWORD=OeSoh9Dob6phahWa\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS808")
    assert set(msgs) == {5, 6, 10, 14}, msgs
    assert "(`POSTGRES_PASSWORD_FILE`)" in msgs[5], msgs[5]
    assert "(`MARIADB_ROOT_PASSWORD_FILE`)" in msgs[10], msgs[10]
    for line in (6, 14):
        assert "_FILE" not in msgs[line], msgs[line]
        assert "where the image can read the value from a file" in msgs[line], msgs[line]
HTTPX_NONE_PARAM = """\
import httpx


def fetch(url, timeout=None):
    return httpx.get(url, timeout=timeout)


def make_client(url, timeout=None):
    return httpx.Client(base_url=url, timeout=timeout)


def health():
    fetch("http://upstream:8000/health")
    return make_client("http://upstream:8000", timeout=None)
"""


def test_rs905_httpx_timeout_from_a_none_default_parameter_names_the_call_that_gives_none(tmp_path):
    """An httpx call given `timeout=` a parameter that defaults to None, and a
    call of its function that leaves it out or passes None: the message says
    which call, and that httpx's own default timeout is switched off."""
    msgs = _messages_by_line(tmp_path, {"svc/remote.py": HTTPX_NONE_PARAM, "svc/requirements.txt": "httpx\n"}, "RS905")
    assert set(msgs) == {5, 9}
    assert "parameter `timeout` of `fetch`, which defaults to None, and the call of `fetch` on line 13 leaves it out" in msgs[5]
    assert "call of `make_client` on line 14 passes None" in msgs[9]
    assert "switches off httpx's default 5-second timeout" in msgs[9]
    assert "forever" in msgs[9]


def test_rs906_server_that_listens_for_pg_notifications_is_still_an_http_service(tmp_path):
    """A web server whose helper LISTENs for Postgres NOTIFYs (a cache kept
    fresh by a 'notification' listener) starts an HTTP server and a LISTEN
    subscription: the service is named by its server, not as a worker, and
    reported once, at app.listen()."""
    files = {
        "package.json": '{ "name": "api", "dependencies": { "pg": "^8.11.3", "express": "^4.19.2" } }\n',
        "src/cache.js": (
            "const cache = new Map();\n"
            "async function watchInvalidations(pool) {\n"
            "  const client = await pool.connect();\n"
            "  client.on('notification', (msg) => cache.delete(msg.payload));\n"
            "  await client.query('LISTEN cache_invalidate');\n"
            "}\n"
            "module.exports = { cache, watchInvalidations };\n"
        ),
        "src/server.js": (
            "const express = require('express');\n"
            "const { Pool } = require('pg');\n"
            "const { cache, watchInvalidations } = require('./cache');\n"
            "const pool = new Pool({ max: 5, connectionTimeoutMillis: 5000, statement_timeout: 10000 });\n"
            "const app = express();\n"
            "app.get('/items/:id', async (req, res) => res.json(cache.get(req.params.id)));\n"
            "watchInvalidations(pool);\n"
            "app.listen(3000);\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS906",))
    assert [(f.path, f.line) for f in result.findings] == [("src/server.js", 8)]
    assert "runs an HTTP server (`app.listen()` in src/server.js)" in result.findings[0].message


def test_rs501_flask_appbuilder_views_name_the_config_switch_and_the_api_prefix(tmp_path):
    """A Flask-AppBuilder sign-in view (flask-appbuilder's AuthDBView) is told
    how its framework would limit it (`AUTH_RATE_LIMITED`); a REST API login
    (its SecurityApi) is shown at the URL its class gives it, and is not
    offered that switch, which limits only the sign-in view."""
    files = {
        "app/const.py": 'API_SECURITY_VERSION = "v1"\n',
        "app/views.py": (
            "from flask_appbuilder import expose\n"
            "from flask_appbuilder.security.views import AuthView\n\n\n"
            "class AuthDBView(AuthView):\n"
            '    @expose("/login/", methods=["GET", "POST"])\n'
            "    def login(self):\n"
            "        return self.appbuilder.sm.auth_user_db(self.username(), self.password())\n"
        ),
        "app/api.py": (
            "from flask_appbuilder.api import BaseApi, expose\n"
            "from app.const import API_SECURITY_VERSION\n\n\n"
            "class SecurityApi(BaseApi):\n"
            '    resource_name = "security"\n'
            "    version = API_SECURITY_VERSION\n\n"
            '    @expose("/login", methods=["POST"])\n'
            "    def login(self):\n"
            "        return self.appbuilder.sm.auth_user_db(self.username(), self.password())\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = {f.path: f.message for f in result.findings if f.rule_id == "RS501"}
    assert msgs["app/views.py"].startswith("POST /login/ is a credential endpoint")
    assert "`AUTH_RATE_LIMITED = True`" in msgs["app/views.py"]
    assert msgs["app/api.py"].startswith("POST /api/v1/security/login is a credential endpoint")
    assert "AUTH_RATE_LIMITED" not in msgs["app/api.py"]


def test_rs904_staticfiles_subclass_marking_only_index_no_store(tmp_path):
    """A StaticFiles subclass whose ``file_response`` marks only index.html
    ``no-store`` (fiftyone's server app) gives the other files no lifetime:
    the message says the class sets no Cache-Control lifetime, not none at all."""
    files = {
        "app.py": (
            "from starlette.applications import Starlette\n"
            "from starlette.routing import Mount\n"
            "from starlette.staticfiles import StaticFiles\n"
            "\n"
            "\n"
            "class Static(StaticFiles):\n"
            "    def file_response(self, *args, **kwargs):\n"
            "        response = super().file_response(*args, **kwargs)\n"
            "        if response.path.endswith('index.html'):\n"
            "            response.headers['cache-control'] = 'no-store'\n"
            "        return response\n"
            "\n"
            "\n"
            "app = Starlette(routes=[Mount('/', app=Static(directory='static', html=True))])\n"
        ),
    }
    messages = _messages_by_line(tmp_path, files, "RS904")
    assert list(messages) == [14]
    assert "`Static` is the project's subclass of Starlette's StaticFiles and sets no Cache-Control lifetime" in messages[14]


def test_rs904_tornado_route_joined_onto_a_joined_prefix_names_the_whole_path(tmp_path):
    """A Jupyter extension that joins its own prefix first (``base_url =
    url_path_join(web_app.settings['base_url'], 'git-pull')``, nbgitpuller)
    and then its static route onto it: the message names the route the
    handler serves, prefix included, not the local name read as Jupyter's
    base URL (``{base_url}/static/(.*)`` is Jupyter's own static route)."""
    files = {
        "ext/__init__.py": (
            "import os\n"
            "from jupyter_server.utils import url_path_join\n"
            "from tornado.web import StaticFileHandler\n"
            "\n"
            "\n"
            "def _load_jupyter_server_extension(app):\n"
            "    web_app = app.web_app\n"
            "    base_url = url_path_join(web_app.settings['base_url'], 'git-pull')\n"
            "    handlers = [\n"
            "        (\n"
            "            url_path_join(base_url, 'static', '(.*)'),\n"
            "            StaticFileHandler,\n"
            "            {'path': os.path.join(os.path.dirname(__file__), 'static')},\n"
            "        ),\n"
            "        (url_path_join(base_url, 'js', '(.*)'), StaticFileHandler, {'path': 'js'}),\n"
            "    ]\n"
            "    web_app.add_handlers('.*', handlers)\n"
        ),
    }
    messages = _messages_by_line(tmp_path, files, "RS904")
    assert sorted(messages) == [11, 15]
    assert "serves `{base_url}/git-pull/static/(.*)` with no Cache-Control header" in messages[11]
    assert "serves `{base_url}/git-pull/js/(.*)` with no Cache-Control header" in messages[15]


def test_rs904_tornado_route_of_a_joined_prefix_and_a_value_stays_unjudged(tmp_path):
    """Only the prefix is known (``url_path_join(base_url, handler[0])`` with
    ``base_url`` itself a join): the route is still a value we cannot see."""
    files = {
        "ext/__init__.py": (
            "from jupyter_server.utils import url_path_join\n"
            "from tornado.web import StaticFileHandler\n"
            "\n"
            "\n"
            "def load(app, extra):\n"
            "    base_url = url_path_join(app.web_app.settings['base_url'], 'ext')\n"
            "    handlers = []\n"
            "    for handler in extra:\n"
            "        handlers.append((url_path_join(base_url, handler[0]), StaticFileHandler, {'path': 'x'}))\n"
            "    app.web_app.add_handlers('.*', handlers)\n"
        ),
    }
    assert _messages_by_line(tmp_path, files, "RS904") == {}


def test_rs905_wrapper_over_passed_session_method_names_the_methods(tmp_path):
    """A wrapper that hands its ``**kwargs`` to the Session method its callers
    pass in (fiftyone's CVAT client): the finding at the wrapper's caller
    names the wrapper chain and the Session method passed in on the way."""
    files = {
        "requirements.txt": "requests\n",
        "api.py": (
            "import requests\n"
            "\n"
            "\n"
            "class API:\n"
            "    def __init__(self, url):\n"
            "        self.url = url\n"
            "        self._session = requests.Session()\n"
            "\n"
            "    def _make_request(self, request_method, url, **kwargs):\n"
            "        return request_method(url, verify=False, **kwargs)\n"
            "\n"
            "    def get(self, url, **kwargs):\n"
            "        return self._make_request(self._session.get, url, **kwargs)\n"
            "\n"
            "    def about(self):\n"
            "        return self.get(self.url + '/about').json()\n"
            "\n"
            "    def ping(self):\n"
            "        return self._make_request(self._session.head, self.url + '/ping')\n"
        ),
    }
    messages = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(messages) == [16, 19]
    assert ("`API.get()` (api.py:12) passes its keyword arguments through `API._make_request()` to `request_method()` "
            "(`self._session.get`, a requests.Session method), which waits forever") in messages[16]
    assert ("`API._make_request()` (api.py:9) passes its keyword arguments straight to `request_method()` "
            "(`self._session.head`, a requests.Session method), which waits forever") in messages[19]


_DJANGO_LOGIN_ROUTE = {
    "requirements.txt": "django\n",
    "app/__init__.py": "",
    "app/urls.py": """\
from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [path("login/", auth_views.LoginView.as_view(), name="login")]
""",
}


def _rs501_login_message(tmp_path, reports, module="app/reports.py"):
    files = {**_DJANGO_LOGIN_ROUTE, module: reports}
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = [f.message for f in result.findings if f.rule_id == "RS501"]
    assert len(msgs) == 1, msgs
    return msgs[0]


def test_rs501_a_content_lock_filtered_by_the_requesting_user_is_no_account_lockout(tmp_path):
    # wagtail 8.0.1 wagtail/admin/views/reports/locked_pages.py:62: the locked-pages report runs
    # `(... | Page.objects.filter(locked_by=self.request.user)).filter(locked=True)`: pages locked
    # for editing; the user its arguments name does not make the `locked` flag an account's
    msg = _rs501_login_message(tmp_path, """\
from app.models import Page


def locked_pages(request, policy):
    pages = (policy.instances_for(request.user) | Page.objects.filter(locked_by=request.user)).filter(locked=True)
    return list(pages)
""")
    assert "tracks failed attempts per account" not in msg
    assert "as fast as the server answers" in msg


_TOTP_VERIFY_RESULT = """\
from dataclasses import dataclass
from datetime import datetime


@dataclass
class VerifyResult:
    verified: bool
    locked_until: datetime | None = None


def check_device(device, token):
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return VerifyResult(False, locked_until=(data or {}).get("locked_until"))
    return VerifyResult(device.verify_token(token))
"""


def test_rs501_a_second_factors_code_throttle_is_no_password_lockout(tmp_path):
    # byro 2026.4.0 byro/mfa/services.py:43: `VerifyResult.locked_until`, the lock of a TOTP
    # device after wrong codes (django-otp's throttle); the password at /login/
    # (byro/common/views.py:64, `authenticate`) is checked with no count at all
    msg = _rs501_login_message(tmp_path, _TOTP_VERIFY_RESULT, module="app/mfa/services.py")
    assert "tracks failed attempts per account" not in msg
    assert "as fast as the server answers" in msg


def test_rs501_a_lock_until_field_outside_a_second_factors_module_is_still_tracking(tmp_path):
    # the look-alike: the same field in a module of no second factor
    msg = _rs501_login_message(tmp_path, _TOTP_VERIFY_RESULT, module="app/accounts.py")
    assert "tracks failed attempts per account" in msg


def test_rs501_an_analytics_event_named_login_failed_is_no_account_lockout(tmp_path):
    # mautrix-facebook 0.5.1 mautrix_facebook/web/public.py:274: `track(user, "$login_failed", {...})`
    # sends a Segment event (segment_analytics.py: `track(user, event, properties)`); the
    # event's name, second after the user, counts no failed attempt
    msg = _rs501_login_message(tmp_path, """\
from app.analytics import track


def report_failure(user, error):
    track(user, "$login_failed", {"error": str(error)})
""")
    assert "tracks failed attempts per account" not in msg
    assert "as fast as the server answers" in msg


def test_rs501_a_failed_attempt_count_sent_with_an_analytics_event_is_still_tracking(tmp_path):
    # the look-alike: a counter among the event's properties is a field that counts
    msg = _rs501_login_message(tmp_path, """\
from app.analytics import track


def report_failure(user, attempts):
    track(user, "$login_failed", {"failed_login_attempts": attempts + 1})
""")
    assert "tracks failed attempts per account" in msg


def test_rs501_a_fixed_attempt_field_posted_to_another_api_is_no_account_lockout(tmp_path):
    # mautrix-instagram 0.3.1 mauigpapi/http/login.py:66: the bridge's Instagram client posts
    # `{"username": ..., "login_attempt_count": "0", ...}` to Instagram's `/api/v1/accounts/login/`
    # (`self.std_http_post(url, data=req)`): a fixed parameter of another service's API, no count kept
    msg = _rs501_login_message(tmp_path, """\
class LoginAPI:
    async def login(self, username, password):
        req = {
            "username": username,
            "enc_password": password,
            "login_attempt_count": "0",
        }
        return await self.std_http_post("/api/v1/accounts/login/", data=req)

    async def login_web(self, session, username):
        return await session.post("https://i.instagram.com/accounts/login/", json={"failed_login_attempts": 0})
""")
    assert "tracks failed attempts per account" not in msg
    assert "as fast as the server answers" in msg


def test_rs501_a_failed_attempt_count_posted_to_a_user_service_is_still_tracking(tmp_path):
    # the look-alike: a count the service works out and sends to the API that keeps it
    msg = _rs501_login_message(tmp_path, """\
import requests


def record_failure(user):
    requests.patch("http://users/api/users/1", json={"failed_login_attempts": user.failed + 1}, timeout=5)
""")
    assert "tracks failed attempts per account" in msg


def test_rs501_a_failed_attempt_reset_written_to_a_store_is_still_tracking(tmp_path):
    # the look-alike: the same fixed value written to a collection (not a URL) resets a counter kept here
    msg = _rs501_login_message(tmp_path, """\
def reset_failures(db, username):
    db.users.update_one({"username": username}, {"$set": {"failed_login_attempts": 0}})
""")
    assert "tracks failed attempts per account" in msg


def test_rs501_a_template_named_login_failed_is_no_account_lockout(tmp_path):
    # sickrage 10.0.71 sickrage/core/webserver/handlers/login.py:42: `self.render('login_failed.mako', ...)`
    # shows a page when no sign-in method is enabled; the template's file name counts no failed attempt
    msg = _rs501_login_message(tmp_path, """\
class LoginPage:
    def get(self):
        return self.render('login_failed.mako', header="Login Failed")

    def denied(self, request):
        return render(request, "accounts/lockout.html", {})
""")
    assert "tracks failed attempts per account" not in msg
    assert "as fast as the server answers" in msg


def test_rs501_failed_logins_kept_in_a_data_file_are_still_tracking(tmp_path):
    # the look-alike: a file that stores the failed attempts is no page to show
    msg = _rs501_login_message(tmp_path, """\
import json


def record_failure(username, store):
    store.write("failed_logins.json", json.dumps({username: 1}))
""")
    assert "tracks failed attempts per account" in msg


def test_rs501_a_lock_flag_on_a_user_query_is_still_an_account_lockout(tmp_path):
    # the look-alike: the same query on the user model reads the accounts' lock flag
    msg = _rs501_login_message(tmp_path, """\
from django.contrib.auth.models import User


def locked_accounts(request):
    return list(User.objects.filter(is_active=True).filter(is_locked=True))
""")
    assert "tracks failed attempts per account" in msg


def test_rs501_a_failed_login_receiver_that_fetches_its_logger_and_the_client_ip_only_logs(tmp_path):
    # netbox 4.7.3 netbox/users/signals.py:13: `@receiver(user_login_failed) def log_user_login_failed`
    # runs `logger = logging.getLogger(...)`, `client_ip := get_client_ip(request)` (utilities/request.py:100,
    # a header read) and `logger.info(...)`: a log line, no count kept on the account
    files = {
        **_DJANGO_LOGIN_ROUTE,
        "app/request.py": """\
from django.conf import settings


def get_client_ip(request):
    for header in settings.CLIENT_IP_HEADERS:
        if header in request.META:
            return request.META[header].split(",")[0].strip()
    return None
""",
        "app/signals.py": """\
import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from app.request import get_client_ip


@receiver(user_login_failed)
def log_user_login_failed(sender, credentials, request, **kwargs):
    logger = logging.getLogger("app.auth.login")
    if client_ip := get_client_ip(request):
        logger.info(f"Failed login attempt for {credentials.get('username')} from {client_ip}")
""",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = [f.message for f in result.findings if f.rule_id == "RS501"]
    assert len(msgs) == 1, msgs
    assert "tracks failed attempts per account" not in msgs[0]
    assert "as fast as the server answers" in msgs[0]


def test_rs501_a_failed_login_receiver_whose_getter_stores_a_count_tracks_attempts(tmp_path):
    # the look-alike: a getter-named helper that stores the account's strikes keeps a count
    files = {
        **_DJANGO_LOGIN_ROUTE,
        "app/counts.py": """\
from app.models import Strike


def get_strikes(username):
    strike, _ = Strike.objects.get_or_create(username=username)
    strike.total += 1
    strike.save()
    return strike.total
""",
        "app/signals.py": """\
import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from app.counts import get_strikes


@receiver(user_login_failed)
def log_user_login_failed(sender, credentials, request, **kwargs):
    logger = logging.getLogger("app.auth.login")
    logger.info(f"Failed login attempt {get_strikes(credentials.get('username'))}")
""",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = [f.message for f in result.findings if f.rule_id == "RS501"]
    assert len(msgs) == 1, msgs
    assert "tracks failed attempts per account" in msgs[0]


def test_a_mautrix_appservice_started_by_hand_is_named_as_the_http_server_not_a_tcp_server_beside_it(tmp_path):
    # heisenbridge 1.15.4 (__main__.py:594, :608): `self.az = MauService(...)` (mautrix's AppService) then
    # `await self.az.start(host=listen_address, port=listen_port)`, the aiohttp server the homeserver pushes
    # its transactions to; identd.py:61 runs an optional identd (`asyncio.start_server`) beside it
    files = {
        "pyproject.toml": '[project]\nname = "ircbridge"\ndependencies = ["mautrix"]\n',
        "ircbridge/identd.py": (
            "import asyncio\n\n\nasync def start_identd(handle, port):\n"
            "    return await asyncio.start_server(handle, '0.0.0.0', port)\n"
        ),
        "ircbridge/__main__.py": (
            "import asyncio\n\nfrom mautrix.appservice import AppService as MauService\n\nfrom ircbridge.identd import start_identd\n\n\n"
            "async def main():\n"
            "    await start_identd(None, 1113)\n"
            "    az = MauService(server='https://hs.example', domain='example', as_token='a', hs_token='h', bot_localpart='b', id='b')\n"
            "    await az.start(host='127.0.0.1', port=9898)\n"
            "    await asyncio.Event().wait()\n\n\n"
            "if __name__ == '__main__':\n    asyncio.run(main())\n"
        ),
    }
    [(line, msg)] = _messages_by_line(tmp_path, files, "RS906").items()
    assert line == 11, msg
    assert "runs an HTTP server (`az.start()` in ircbridge/__main__.py)" in msg, msg
    assert "TCP server" not in msg and "start_server" not in msg, msg


TWISTED_AGENT_EITHER = """\
import os

from twisted.internet import reactor
from twisted.web.client import Agent, ProxyAgent, RedirectAgent


class LLMClient:
    def __init__(self, endpoint):
        if os.environ.get("https_proxy"):
            self.agent = ProxyAgent(endpoint, reactor)
        else:
            self.agent = Agent(reactor)

    def send(self, url, headers, body):
        return self.agent.request(b"POST", url, headers, body)


class Fetcher:
    def __init__(self):
        self.agent = RedirectAgent(Agent(reactor))

    def fetch(self, url):
        return self.agent.request(b"GET", url)
"""


def test_twisted_agent_message_names_every_agent_the_member_may_be(tmp_path):
    # cowrie 3.1.4 src/cowrie/llm/llm.py:157-162: `self.agent` is a ProxyAgent when a proxy
    # is configured, else an Agent; the request at llm.py:247 goes through either. Another
    # class's `self.agent` (a RedirectAgent here) is another object.
    result = scan_tree(tmp_path, {"app/llm.py": TWISTED_AGENT_EITHER}, select=("RS905",))
    msgs = sorted((f.line, f.message) for f in result.findings if f.rule_id == "RS905")
    assert [line for line, _ in msgs] == [15, 23], msgs
    assert "`self.agent.request()` on a Twisted ProxyAgent or Agent has no timeout" in msgs[0][1], msgs
    assert "`self.agent.request()` on a Twisted RedirectAgent has no timeout" in msgs[1][1], msgs


ADBAPI_ONE_CONNECTION = """\
from twisted.enterprise import adbapi


class Output:
    def start(self, conf):
        self.db = adbapi.ConnectionPool("psycopg2", host=conf.host, database=conf.database, cp_min=1, cp_max=1)


class Archive:
    def start(self, conf):
        self.db = adbapi.ConnectionPool("psycopg2", host=conf.host, database=conf.database, cp_max=4)
"""


def test_statement_timeout_message_of_a_one_connection_pool_says_its_only_connection(tmp_path):
    # cowrie 3.1.4 src/cowrie/output/postgresql.py:66: a pool of `cp_max=1`, where one
    # runaway query is enough (the message said "take all 1 connections")
    result = scan_tree(tmp_path, {"out/pg.py": ADBAPI_ONE_CONNECTION}, select=("RS103",))
    msgs = sorted((f.line, f.message) for f in result.findings if f.rule_id == "RS103")
    assert [line for line, _ in msgs] == [6, 11], msgs
    assert msgs[0][1].endswith("and one of them takes its only connection and stalls every request"), msgs
    assert msgs[1][1].endswith("and a handful of them take all 4 connections and stall every request"), msgs


def test_acquire_timeout_message_of_a_one_connection_pool_says_its_only_connection(tmp_path):
    # a pool of one connection (`max: 1`, common in a job runner that serialises
    # its work) read "when all 1 connections are busy"; a bigger pool keeps its count
    files = {
        "package.json": '{"name": "svc", "dependencies": {"pg": "^8.0.0", "express": "^4.0.0"}}',
        "src/db.js": (
            "const { Pool } = require('pg');\n"
            "const one = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });\n"
            "const many = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });\n"
            "module.exports = { one, many };\n"
        ),
        "src/server.js": (
            "const express = require('express');\n"
            "const { one, many } = require('./db');\n"
            "const app = express();\n"
            "app.get('/a', async (req, res) => res.json((await one.query('select 1')).rows));\n"
            "app.get('/b', async (req, res) => res.json((await many.query('select 1')).rows));\n"
            "app.listen(3000);\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS101",))
    msgs = sorted((f.line, f.message) for f in result.findings if f.rule_id == "RS101")
    assert [line for line, _ in msgs] == [2, 3], msgs
    assert "when its only connection is busy, every pool.query()/pool.connect() waits" in msgs[0][1], msgs
    assert "when all 4 connections are busy, every pool.query()/pool.connect() waits" in msgs[1][1], msgs


def test_rs905_requests_function_picked_by_a_conditional_and_called_at_once_names_the_first_arm(tmp_path):
    # apprise's AWS WhatsApp shape, `(requests.put if attachment else requests.delete)(url, ...)`:
    # the call has no name of its own, so the message names the first arm and says a condition picks it
    files = {
        "requirements.txt": "requests\n",
        "app/media.py": (
            "import requests\n\n\n"
            "def store_media(url, media):\n"
            "    return (requests.put if media else requests.delete)(url, data=media)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [5], got
    assert got[5].startswith("`requests.put()` (or another requests function the conditional expression picks) has no timeout"), got


def test_rs907_smtp_class_called_through_a_local_name_or_a_conditional_names_the_call(tmp_path):
    # apprise's SMTP controller shape: `socket_func = smtplib.SMTP`, `smtplib.SMTP_SSL` under an `if`,
    # then `socket_func(host, port, ...)`; and `(smtplib.SMTP_SSL if secure else smtplib.SMTP)(host)`
    files = {
        "requirements.txt": "flask\n",
        "app/mail.py": (
            "import smtplib\n\n\n"
            "def connect(host, port, secure):\n"
            "    socket_func = smtplib.SMTP\n"
            "    if secure:\n"
            "        socket_func = smtplib.SMTP_SSL\n"
            "    return socket_func(host, port)\n\n\n"
            "def probe(host, secure):\n"
            "    return (smtplib.SMTP_SSL if secure else smtplib.SMTP)(host)\n\n\n"
            "def plain(host):\n"
            "    return smtplib.SMTP(host)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS907")
    assert sorted(got) == [8, 12, 16], got
    assert got[8].startswith("`socket_func()` (a name for `smtplib.SMTP_SSL`) is created without a timeout"), got
    assert got[12].startswith("`smtplib.SMTP_SSL()` (or the other class the conditional expression picks) is created without a timeout"), got
    assert got[16].startswith("`smtplib.SMTP()` is created without a timeout"), got


def test_rs907_smtp_class_called_through_a_member_names_the_member(tmp_path):
    # intelmq's templated SMTP output: `self.smtp_class = smtplib.SMTP_SSL` (else `smtplib.SMTP`) in init(),
    # then `with self.smtp_class(self.smtp_host, self.smtp_port, **kwargs) as smtp:` in process()
    files = {
        "requirements.txt": "redis\n",
        "app/output.py": (
            "import smtplib\n\n\n"
            "class SMTPOutput:\n"
            "    def init(self):\n"
            "        if self.ssl:\n"
            "            self.smtp_class = smtplib.SMTP_SSL\n"
            "        else:\n"
            "            self.smtp_class = smtplib.SMTP\n\n"
            "    def process(self, msg):\n"
            "        kwargs = {}\n"
            "        with self.smtp_class(self.smtp_host, self.smtp_port, **kwargs) as smtp:\n"
            "            smtp.send_message(msg)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS907")
    assert sorted(got) == [13], got
    assert got[13].startswith("`self.smtp_class()` (a member its class sets to `smtplib.SMTP_SSL`) is created without a timeout"), got


def test_rs908_imbox_mailbox_says_imbox_takes_no_timeout(tmp_path):
    # intelmq's mail collectors: `mailbox = imbox.Imbox(self.mail_host, ..., ssl_context=ctx)`; imbox has no timeout
    # parameter and opens `IMAP4_SSL(host, port, ssl_context=...)` with none
    files = {
        "requirements.txt": "imbox\n",
        "app/collector.py": (
            "import imbox\n\n\n"
            "class MailCollector:\n"
            "    def connect_mailbox(self):\n"
            "        return imbox.Imbox(self.mail_host, self.mail_user, self.mail_password, True)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS908")
    assert sorted(got) == [6], got
    assert got[6].startswith(
        "`imbox.Imbox()` is created without a timeout (imbox accepts no timeout and opens imaplib's `IMAP4_SSL`/`IMAP4` "
        "with none): imaplib then uses the process-wide socket timeout, which is none, so an IMAP server"), got


def test_rs908_table_of_mail_constructors_names_the_entry_and_its_table(tmp_path):
    # django-helpdesk's process_queue: `mail_defaults[email_box_type][encryption]["init"](host, port)`, the
    # table holding poplib's and imaplib's classes: the message names the entry, and neither library alone
    files = {
        "requirements.txt": "celery\n",
        "app/mail.py": (
            "import imaplib\n"
            "import poplib\n\n\n"
            "def open_box(kind, encryption, host, port):\n"
            "    defaults = {\n"
            "        \"pop3\": {\"ssl\": {\"init\": poplib.POP3_SSL}, \"insecure\": {\"init\": poplib.POP3}},\n"
            "        \"imap\": {\"ssl\": {\"init\": imaplib.IMAP4_SSL}, \"insecure\": {\"init\": imaplib.IMAP4}},\n"
            "    }\n"
            "    return defaults[kind][encryption][\"init\"](host, port)\n"
        ),
        "app/tasks.py": (
            "from celery import shared_task\n\n"
            "from app.mail import open_box\n\n\n"
            "@shared_task(max_retries=3)\n"
            "def poll(kind, encryption, host, port):\n"
            "    open_box(kind, encryption, host, port).logout()\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS908")
    assert sorted(got) == [10], got
    assert got[10].startswith(
        "`defaults[kind][encryption][\"init\"]()` (`poplib.POP3_SSL` or another class its table holds) is created "
        "without a timeout: the class then uses the process-wide socket timeout, which is none, so a mail server "
        "that accepts the connection"), got


def test_rs905_timeout_adapter_replaced_by_stock_adapter_names_the_mounts(tmp_path):
    # intelmq's do_portal expert: `self.session = utils.create_request_session(self)` (a TimeoutHTTPAdapter
    # mounted), then `self.session.mount('http://', adapter)` / `('https://', adapter)` with requests' HTTPAdapter
    files = {
        "requirements.txt": "requests\n",
        "app/utils.py": (
            "import requests\n"
            "from requests.adapters import HTTPAdapter\n\n\n"
            "class TimeoutHTTPAdapter(HTTPAdapter):\n"
            "    def send(self, *args, **kwargs):\n"
            "        kwargs['timeout'] = 30\n"
            "        return super().send(*args, **kwargs)\n\n\n"
            "def create_request_session():\n"
            "    session = requests.Session()\n"
            "    session.mount('http://', TimeoutHTTPAdapter())\n"
            "    session.mount('https://', TimeoutHTTPAdapter())\n"
            "    return session\n"
        ),
        "app/expert.py": (
            "import requests\n\n"
            "from app import utils\n\n\n"
            "class Expert:\n"
            "    def init(self):\n"
            "        self.session = utils.create_request_session()\n"
            "        adapter = requests.adapters.HTTPAdapter(max_retries=3)\n"
            "        self.session.mount('http://', adapter)\n"
            "        self.session.mount('https://', adapter)\n\n"
            "    def process(self, url):\n"
            "        return self.session.get(url)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [14], got
    assert got[14].startswith(
        "`self.session.get()` on the requests.Session `app.utils.create_request_session()` returns, whose adapters the "
        "`self.session.mount()` calls on lines 10, 11 replace with requests' own HTTPAdapter for http:// and https://, "
        "has no timeout"), got


PSYCOPG_POOL_RESIZED = """\
from psycopg_pool import AsyncConnectionPool


class PostgresQueue:
    def __init__(self, url, min_size=4, max_size=20):
        self.pool = AsyncConnectionPool(url, open=False)
        self.min_size = min_size
        self.max_size = max_size

    async def connect(self):
        await self.pool.open()
        await self.pool.resize(min_size=self.min_size, max_size=self.max_size)


class FixedQueue:
    def __init__(self, url):
        self.pool = AsyncConnectionPool(url, open=False)

    async def connect(self):
        await self.pool.open()
        await self.pool.resize(2, 30)
"""


def test_rs103_psycopg_pool_resized_after_construction_does_not_name_the_default_size(tmp_path):
    # saq's PostgresQueue gives its pool its maximum with resize() on connect:
    # the message must not say the pool holds psycopg_pool's default 4 connections
    got = _messages_by_line(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "queue.py": PSYCOPG_POOL_RESIZED}, "RS103")
    assert sorted(got) == [6, 17], got
    assert "take all its connections" in got[6] and "4 connections" not in got[6], got
    assert "take all 30 connections" in got[17], got


TASK_WRAPPER = """\
from celery import shared_task


def task(t):
    t = shared_task(t)

    def _task(*args, **kwargs):
        return t.delay(*args, **kwargs)

    return _task


@task
def send_email(subject, recipients):
    return subject
"""

NAMED_TASK = """\
from celery import shared_task


@shared_task
def notify_weekly():
    return None


def schedule():
    notify_weekly.delay()
"""


@pytest.mark.parametrize("named", [False, True])
def test_rs203_task_wrapper_parameter_is_not_named_as_a_celery_task(tmp_path, named):
    """django-spirit 0.14.3 (spirit/core/tasks.py:32-36) wraps every task with
    `def task(t): t = shared_task(t)` and a closure calling `t.delay(...)`: `t`
    is the decorator's parameter, not a task called `t`, so the RS203 message
    and its related entry name no task there. A task called by its own name
    (`notify_weekly.delay()`) is still named."""
    files = {
        "forum/settings.py": 'CELERY_BROKER_URL = "redis://localhost:6379/0"\n',
        "forum/tasks.py": NAMED_TASK if named else TASK_WRAPPER,
        "pyproject.toml": '[project]\nname = "forum"\ndependencies = ["celery", "django"]\n',
    }
    result = scan_tree(tmp_path, files, select=("RS203",))
    found = [f for f in result.findings if f.rule_id == "RS203"]
    assert len(found) == 1, [f.message for f in result.findings]
    msg = found[0].message
    related = [r.message for r in found[0].related]
    if named:
        assert "Celery task `notify_weekly`" in msg, msg
        assert "Celery task `notify_weekly`: jobs queued in this Redis" in related, related
    else:
        assert "`t`" not in msg and all("`t`" not in r for r in related), (msg, related)
        assert "Single Redis node for Celery task:" in msg or "Single Redis node for Celery task " in msg, msg
        assert "Celery task: jobs queued in this Redis" in related, related


def test_rs203_redis_huey_settings_do_not_put_celery_tasks_in_that_redis(tmp_path):
    """django-spirit 0.14.3 (spirit/extra/project_template/project_name/settings/prod.py:97)
    configures `HUEY = {"huey_class": "huey.RedisHuey", "connection": {"host":
    "localhost", ...}}` beside Celery. The Redis huey's connection backs the
    huey queue only: with the Celery broker read from the environment, the
    message names the huey queue, not the Celery tasks."""
    files = {
        "forum/settings.py": (
            'import os\n\nCELERY_BROKER_URL = os.environ["BROKER_URL"]\n'
            'HUEY = {\n    "huey_class": "huey.RedisHuey",\n    "connection": {"host": "localhost", "port": 6379},\n}\n'
        ),
        "forum/tasks.py": (
            "from celery import shared_task\nfrom huey.contrib.djhuey import db_task\n\n\n"
            "@shared_task\ndef notify_weekly():\n    return None\n\n\n"
            "@db_task()\ndef make_avatars(user_id):\n    return user_id\n\n\n"
            "def schedule():\n    notify_weekly.delay()\n"
        ),
        "pyproject.toml": '[project]\nname = "forum"\ndependencies = ["celery", "django", "huey"]\n',
    }
    result = scan_tree(tmp_path, files, select=("RS203",))
    found = [f for f in result.findings if f.rule_id == "RS203"]
    assert [(f.path, f.line) for f in found] == [("forum/settings.py", 4)], [(f.path, f.line, f.message) for f in result.findings]
    msg = found[0].message
    assert msg.startswith("Single Redis node for huey task queue: `HUEY` (settings constant) connects to one instance (localhost:6379,"), msg
    assert "Celery" not in msg and all("Celery" not in r.message for r in found[0].related), msg
_DUAL_BUILD_SERVER = """\
import { createServer } from "http";
export class HubServer {
  constructor(options) { this.options = options; }
  async start() {
    this.server = createServer();
    this.server.listen(this.options.port);
  }
}
"""


def test_rs906_dual_build_folders_with_module_type_markers_are_the_package_not_services_of_their_own(tmp_path):
    # @zwave-js/server ships dist-esm/ and dist-cjs/, each with a package.json
    # that only says {"type": ...}; its bin command runs the ESM build
    files = {
        "package.json": '{"name": "@acme/hub", "type": "module", "main": "dist-cjs/lib/server.js", '
                        '"bin": {"hub-server": "dist-esm/bin/server.js"}, "dependencies": {"ws": "8.18.0"}}',
        "dist-esm/package.json": '{\n    "type": "module"\n}\n',
        "dist-cjs/package.json": '{\n    "type": "commonjs"\n}\n',
        "dist-esm/lib/server.js": _DUAL_BUILD_SERVER,
        "dist-cjs/lib/server.js": _DUAL_BUILD_SERVER,
        "dist-esm/bin/server.js": """\
            #!/usr/bin/env node
            import { HubServer } from "../lib/server.js";
            const server = new HubServer({ port: 3000 });
            server.start();
            """,
    }
    result = scan_tree(tmp_path, files, select=("RS906",))
    found = [(f.path, f.message) for f in result.findings if f.rule_id == "RS906"]
    assert len(found) == 1, found
    path, message = found[0]
    assert path == "dist-esm/lib/server.js"
    assert "Service `@acme/hub`" in message and "dist-esm`" not in message


def test_rs906_a_package_json_with_more_than_a_module_type_stays_a_service(tmp_path):
    # a nested package that has a name of its own is still a service of its own
    files = {
        "package.json": '{"name": "@acme/root", "private": true}',
        "hub/package.json": '{"name": "@acme/hub", "type": "module", "dependencies": {"ws": "8.18.0"}}',
        "hub/server.js": _DUAL_BUILD_SERVER + "new HubServer({ port: 3000 }).start();\n",
    }
    result = scan_tree(tmp_path, files, select=("RS906",))
    messages = [f.message for f in result.findings if f.rule_id == "RS906"]
    assert messages and "Service `@acme/hub`" in messages[0], messages


def test_rs501_flask_security_names_the_extension_view_not_a_bare_path(tmp_path):
    """Flask-Security's sign-in view is registered by the extension, not by a
    route the project writes: the finding at `Security(app, ...)` says which
    view it is and that SECURITY_LOGIN_URL/SECURITY_URL_PREFIX move its path
    (faraday sets the prefix), instead of claiming a plain `POST /login`."""
    files = {
        "requirements.txt": "flask\nflask-security-too\n",
        "app.py": (
            "from flask import Flask\nfrom flask_security import Security\n\n"
            "app = Flask(__name__)\napp.config['SECURITY_URL_PREFIX'] = '/_api'\nSecurity(app, None)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    found = [f for f in result.findings if f.rule_id == "RS501"]
    assert [(f.path, f.line) for f in found] == [("app.py", 6)], found
    assert found[0].message.startswith(
        "Flask-Security's sign-in view (`POST /login` unless SECURITY_LOGIN_URL or SECURITY_URL_PREFIX moves it), which this call registers,"
    ), found[0].message


def test_rs101_names_the_acquires_of_the_class_an_asyncpg_pool_is_handed_to_not_a_namesake_attribute(tmp_path):
    # pgqueuer: examples/fastapi_usage.py (here jobs/app.py) hands its pool to AsyncpgPoolDriver (`self._pool = pool`,
    # `self._pool.fetch(...)`); the MCP server's unrelated `self.pool.acquire()` was named instead
    files = {
        "pyproject.toml": '[project]\nname = "jobs"\ndependencies = ["asyncpg", "fastapi"]\n',
        "jobs/driver.py": """\
            class PoolDriver:
                def __init__(self, pool):
                    self._pool = pool

                async def fetch(self, query, *args):
                    return [dict(r) for r in await self._pool.fetch(query, *args)]
            """,
        "jobs/mcp.py": """\
            class Database:
                def __init__(self, pool):
                    self.pool = pool

                async def fetch(self, sql):
                    async with self.pool.acquire() as conn:
                        return await conn.fetch(sql)
            """,
        "jobs/app.py": """\
            from contextlib import asynccontextmanager

            import asyncpg
            from fastapi import FastAPI

            from jobs.driver import PoolDriver


            @asynccontextmanager
            async def lifespan(app):
                async with asyncpg.create_pool(max_size=10, command_timeout=30) as pool:
                    app.state.driver = PoolDriver(pool)
                    yield


            app = FastAPI(lifespan=lifespan)
            """,
    }
    result = scan_tree(tmp_path, files, select=("RS101",))
    found = [f for f in result.findings if f.rule_id == "RS101"]
    assert len(found) == 1, [(f.path, f.message) for f in found]
    assert "jobs/driver.py:6 `self._pool.fetch(query, *args)`" in found[0].message, found[0].message
    assert [(r.path, r.line) for r in found[0].related] == [("jobs/driver.py", 6)]


def test_rs804_says_a_data_directory_on_tmpfs_is_lost_whenever_the_container_stops(tmp_path):
    # pgqueuer: docker-compose.yml's postgres keeps PGDATA=/var/lib/pg/data on `tmpfs: [/var/lib/pg/data]`
    files = {
        "docker-compose.yml": """\
            services:
              db:
                image: postgres:16
                tmpfs:
                  - /var/lib/pg/data
                environment:
                  PGDATA: /var/lib/pg/data
              mq:
                image: rabbitmq:3.13
                volumes:
                  - type: tmpfs
                    target: /var/lib/rabbitmq
              cache:
                image: redis:7.2
                tmpfs:
                  - /tmp
            """,
    }
    got = _messages_by_line(tmp_path, files, "RS804")
    assert sorted(got) == [2, 8, 13], got
    for line, where in ((2, "/var/lib/pg/data"), (8, "/var/lib/rabbitmq")):
        assert f"keeps its data directory ({where}) on a tmpfs mount" in got[line], got[line]
        assert "lost every time the container stops or restarts" in got[line], got[line]
    # a tmpfs elsewhere says nothing about the data directory
    assert "has no volume at its data directory (/data)" in got[13] and "tmpfs" not in got[13], got[13]
BOUND_ENDPOINTS = """\
from functools import partial

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute


async def events(websocket, *, hub):
    await websocket.accept()
    async for message in websocket.iter_text():
        await hub.publish(message)


def build(hub, plugin):
    def _r(f):
        return partial(f, hub=hub)

    routes = [WebSocketRoute("/ws/events", _r(events))]
    for route in plugin.routes():
        routes.append(WebSocketRoute(route["path"], _r(route["endpoint"])))
    return Starlette(routes=routes)


uvicorn.run(build(None, None))
"""


def test_uncapped_websockets_message_names_the_endpoint_a_binding_helper_is_handed(tmp_path):
    # chancy's dashboard mounts `WebSocketRoute(route["path"], _r(route["endpoint"]))`,
    # `_r` a helper returning `partial(f, chancy=..., worker=...)`: the message named
    # `_r`, the helper, not the endpoint it is handed
    msgs = sorted(_rs402_messages(tmp_path, {"app.py": BOUND_ENDPOINTS, "requirements.txt": "starlette\nuvicorn\n"}))
    assert len(msgs) == 2, msgs
    assert msgs[0].startswith("WebSocket endpoint `events` /ws/events accepts any number"), msgs[0]
    assert msgs[1].startswith('WebSocket endpoint `route["endpoint"]` accepts any number'), msgs[1]
    assert not any("`_r`" in m for m in msgs)


CAPPED_BOUND_ENDPOINT = """\
from functools import partial

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

MAX_CLIENTS = 100
clients = set()


async def events(websocket, *, hub):
    if len(clients) >= MAX_CLIENTS:
        await websocket.close(code=1013)
        return
    await websocket.accept()
    clients.add(websocket)
    try:
        async for message in websocket.iter_text():
            await hub.publish(message)
    finally:
        clients.discard(websocket)


def build(hub):
    def _r(f):
        return partial(f, hub=hub)

    return Starlette(routes=[WebSocketRoute("/ws/events", _r(events))])


uvicorn.run(build(None))
"""


def test_capped_endpoint_handed_to_a_binding_helper_is_not_reported(tmp_path):
    # the endpoint `_r(events)` runs is `events`, whose connection cap counts
    assert _rs402_messages(tmp_path, {"app.py": CAPPED_BOUND_ENDPOINT, "requirements.txt": "starlette\nuvicorn\n"}) == []


ASGI_OBJECT_ENDPOINTS = """\
from fastapi import APIRouter, FastAPI
from starlette.routing import WebSocketRoute

from gqlkit import build_events_app, build_graphql_app

graphql_app = build_graphql_app()
events_app = build_events_app()
router = APIRouter()
router.routes.append(WebSocketRoute(path="/graphql", endpoint=graphql_app))
router.routes.append(WebSocketRoute(path="/graphql/{branch_name:str}", endpoint=graphql_app))
router.routes.append(WebSocketRoute(path="/events", endpoint=events_app))
app = FastAPI()
app.include_router(router)
"""


def test_asgi_object_routed_at_two_paths_is_one_endpoint_named_with_its_path(tmp_path):
    # infrahub's graphql/api/endpoints.py routes one ASGI app object, `graphql_app`, at
    # `/graphql` and `/graphql/{branch_name:str}`, all by keyword: that was two findings,
    # neither naming a path; another object routed beside it is still its own endpoint
    msgs = sorted(_rs402_messages(tmp_path, {"app.py": ASGI_OBJECT_ENDPOINTS, "requirements.txt": "fastapi\n"}))
    assert len(msgs) == 2, msgs
    assert msgs[0].startswith("WebSocket endpoint `events_app` /events accepts any number"), msgs[0]
    assert msgs[1].startswith("WebSocket endpoint `graphql_app` /graphql accepts any number"), msgs[1]


PROPERTY_POOLS = """\
from functools import cached_property

import uvicorn
from fastapi import FastAPI
from psycopg_pool import AsyncConnectionPool, ConnectionPool


class Jobs:
    def __init__(self, dsn):
        self.dsn = dsn

    @cached_property
    def pool(self):
        return AsyncConnectionPool(self.dsn, max_size=10, open=False)

    @property
    def sync_pool(self):
        return ConnectionPool(self.dsn, max_size=10, open=False)

    def make_pool(self):
        return ConnectionPool(self.dsn, max_size=5, open=False)


app = FastAPI()
uvicorn.run(app)
"""


def test_pool_message_names_the_property_that_builds_it(tmp_path):
    # chancy's `@cached_property def pool(self)`: read as `chancy.pool`, never
    # called, so "returned by `pool()`" named a call nobody makes
    result = scan_tree(tmp_path, {"jobs.py": PROPERTY_POOLS, "requirements.txt": "psycopg[pool]\nfastapi\nuvicorn\n"}, select=("RS103",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS103"}
    assert msgs[14].startswith("psycopg_pool AsyncConnectionPool built by the `Jobs.pool` property has no statement timeout"), msgs
    assert msgs[18].startswith("psycopg_pool ConnectionPool built by the `Jobs.sync_pool` property has no statement timeout"), msgs
    assert msgs[21].startswith("psycopg_pool ConnectionPool returned by `make_pool()` has no statement timeout"), msgs


def test_basic_auth_sign_in_names_the_stored_hash_check_not_the_timing_decoy(tmp_path):
    # ralph: get_basic_auth_user first runs bcrypt.checkpw against UNUSED_PASSWORD
    # (bcrypt.hashpw(b"ralph", ...) at import) for an unknown user, then against the account's hash
    files = {
        "requirements.txt": "fastapi\nbcrypt\n",
        "app/auth.py": """\
            import bcrypt
            from fastapi import Depends, FastAPI, HTTPException
            from fastapi.security import HTTPBasic, HTTPBasicCredentials

            UNUSED_PASSWORD = bcrypt.hashpw(b"ralph", bcrypt.gensalt())
            security = HTTPBasic()
            app = FastAPI()


            def current_user(credentials: HTTPBasicCredentials = Depends(security)):
                user = USERS.get(credentials.username)
                if user is None:
                    bcrypt.checkpw(credentials.password.encode(), UNUSED_PASSWORD)
                    raise HTTPException(status_code=401)
                if not bcrypt.checkpw(credentials.password.encode(), user.hash.encode()):
                    raise HTTPException(status_code=401)
                return user


            @app.get("/whoami")
            def whoami(user=Depends(current_user)):
                return {"name": user.name}
            """,
    }
    result = scan_tree(tmp_path, files, select=("RS501", "RS502"))
    rs501 = [f for f in result.findings if f.rule_id == "RS501"]
    assert len(rs501) == 1, result.findings
    assert "`bcrypt.checkpw` at app/auth.py:15" in rs501[0].message, rs501[0].message
    assert ("app/auth.py", 15) in [(r.path, r.line) for r in rs501[0].related], rs501[0].related
    (rs502,) = [f for f in result.findings if f.rule_id == "RS502"]
    assert rs502.line == 15, rs502
    assert [(r.path, r.line, r.message) for r in rs502.related] == [
        ("app/auth.py", 13, "another password check in the same function, against `UNUSED_PASSWORD`, a hash made at import from a literal password")]


def test_rs701_a_substring_test_for_a_word_with_no_dot_or_slash_is_no_blocklist(tmp_path):
    """pycsw's wsgi.py picks its `config=` parameter with `if "config" in kvp:`:
    a test for a word with no `.`, `/`, `\\`, `~`, `:` or `%` refuses nothing a
    traversal needs, so the path is unguarded (as after such a prefix test);
    `".." in name` and `"/" in name` are still blocklists."""
    app = """\
import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/a")
def a():
    name = request.args["name"]
    if "report" not in name:
        abort(404)
    return open(os.path.join("/srv", name)).read()


@app.route("/b")
def b():
    name = request.args["name"]
    if ".." in name or "/" in name:
        abort(404)
    return open(os.path.join("/srv", name)).read()
"""
    result = scan_tree(tmp_path, {"requirements.txt": "flask\n", "app.py": app}, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [13, 21], found
    assert "no containment check" in found[13].message and found[13].priority == "critical", found[13].message
    assert "blocklist" not in found[13].message and not any("blocklist" in r.message for r in found[13].related), found[13].message
    assert (found[21].severity, found[21].probability) == ("medium", "low") and "guarded only by a blocklist" in found[21].message, found[21].message


def test_rs701_a_find_or_count_of_a_word_with_no_dot_or_slash_is_no_blocklist(tmp_path):
    """`name.find("report")` / `name.count("report")` test for a word as
    `"report" in name` does: no guard; `name.find("..")` is still a blocklist."""
    app = """\
import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/a")
def a():
    name = request.args["name"]
    if name.find("report") < 0 or name.count("report") > 1:
        abort(404)
    return open(os.path.join("/srv", name)).read()


@app.route("/b")
def b():
    name = request.args["name"]
    if name.find("..") >= 0:
        abort(404)
    return open(os.path.join("/srv", name)).read()
"""
    result = scan_tree(tmp_path, {"requirements.txt": "flask\n", "app.py": app}, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [13, 21], found
    assert "no containment check" in found[13].message and found[13].priority == "critical", found[13].message
    assert (found[21].severity, found[21].probability) == ("medium", "low") and "guarded only by a blocklist" in found[21].message, found[21].message


def test_rs701_a_replace_of_a_file_extension_is_no_blocklist(tmp_path):
    """specter's failed-wallet route deletes `fullpath`, `fullpath + ".bkp"` and
    `fullpath.replace(".json", "_addr.csv")`, `fullpath` a field of a JSON form
    value: swapping an extension takes out nothing a traversal needs
    (`../../x.json` stays `../../x_addr.csv`), so every delete is unguarded and
    no replace is named a blocklist check; `replace("../", "")`,
    `replace(".", "_")` and `.replace('..', '')` in JS still are blocklists."""
    app = """\
import json
import os

from flask import Flask, request

app = Flask(__name__)


@app.post("/a")
def a():
    fullpath = json.loads(request.form["wallet_data"])["fullpath"]
    os.remove(fullpath)
    os.remove(fullpath.replace(".json", "_addr.csv"))
    return "ok"


@app.post("/b")
def b():
    name = request.form["name"].replace("../", "")
    os.remove(os.path.join("/srv", name))
    return "ok"


@app.post("/c")
def c():
    name = request.form["name"].replace(".", "_")
    os.remove(os.path.join("/srv", name))
    return "ok"
"""
    server = """\
const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
app.get('/a/:name', (req, res) => {
  res.send(fs.readFileSync(path.join(__dirname, 'docs', req.params.name.replace('.md', '.html'))));
});
app.get('/b/:name', (req, res) => {
  res.send(fs.readFileSync(path.join(__dirname, 'docs', req.params.name.replace('..', ''))));
});
app.listen(3000);
"""
    files = {"requirements.txt": "flask\n", "app.py": app, "package.json": '{"dependencies": {"express": "4"}}', "server.js": server}
    result = scan_tree(tmp_path, files, select=("RS701",))
    found = {(f.path, f.line): f for f in result.findings if f.rule_id == "RS701"}
    # (the second delete in `a` is the same flow, reported once)
    assert sorted(found) == [("app.py", 12), ("app.py", 20), ("app.py", 27), ("server.js", 6), ("server.js", 9)], sorted(found)
    for key in (("app.py", 12), ("server.js", 6)):
        f = found[key]
        assert f.priority == "critical" and "no containment check" in f.message, (key, f.message)
        assert "blocklist" not in f.message and not any("blocklist" in r.message for r in f.related), (key, f.message)
    for key in (("app.py", 20), ("app.py", 27), ("server.js", 9)):
        f = found[key]
        assert (f.severity, f.probability) == ("medium", "low") and "blocklist" in f.message, (key, f.message)


def test_rs905_a_session_factory_reached_through_an_unfollowed_object_is_named_as_written(tmp_path):
    """specter's `requests_session = app.specter.requests_session(force_tor=...)`
    (`app` is Flask's `current_app` imported under another name): the message
    names the factory call as the code writes it, not as riskscan resolved it."""
    files = {
        "requirements.txt": "flask\nrequests\n",
        "wallet/core.py": (
            "import requests\n\n\n"
            "class Core:\n"
            "    def requests_session(self):\n"
            "        return requests.Session()\n"
        ),
        "wallet/api.py": (
            "from flask import Blueprint, request\n"
            "from flask import current_app as app\n\n"
            "api = Blueprint(\"api\", __name__)\n\n\n"
            "@api.post(\"/broadcast\")\n"
            "def broadcast():\n"
            "    requests_session = app.core.requests_session()\n"
            "    requests_session.post(\"https://explorer.example.org/api/tx\", data=request.data)\n"
            "    return \"ok\"\n"
        ),
    }
    messages = _messages_by_line(tmp_path, files, "RS905")
    assert list(messages) == [10], messages
    assert "on the requests.Session `app.core.requests_session()` returns" in messages[10], messages[10]
    assert "flask.current_app" not in messages[10], messages[10]


def test_rs905_influxdb_client_with_use_udp_names_queries_not_udp_writes(tmp_path):
    # openwisp-monitoring's shape: `InfluxDBClient(host, port, user, password, db, use_udp=<setting>)` sends
    # `write_points` over UDP when the setting is on, so only its queries and database calls wait on requests;
    # a client given `use_udp=True` never writes through requests, one given `use_udp=False` or none always does
    files = {
        "requirements.txt": "influxdb\n",
        "app/tsdb.py": (
            "from influxdb import InfluxDBClient\n\n\n"
            "def clients(conf):\n"
            "    udp = InfluxDBClient(conf.host, conf.port, conf.user, conf.password, conf.db, use_udp=conf.udp, udp_port=8089)\n"
            "    always = InfluxDBClient(conf.host, conf.port, use_udp=True)\n"
            "    never = InfluxDBClient(conf.host, conf.port, use_udp=False)\n"
            "    plain = InfluxDBClient(conf.host, conf.port)\n"
            "    return udp, always, never, plain\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [5, 6, 7, 8], got
    assert "so every query and database call made through this client (and every write too, unless `use_udp` is on and sends " \
           "`write_points` over UDP) waits forever" in got[5], got[5]
    assert "so every query and database call made through this client (its `write_points` go over UDP) waits forever" in got[6], got[6]
    for line in (7, 8):
        assert "so every write and query made through this client waits forever" in got[line], got[line]
METRICSD_ADMIN = """\
const net = require('net');

exports.start = function (port, onCommand) {
  const server = net.createServer((stream) => stream.on('data', (d) => onCommand(String(d), stream)));
  server.listen(port);
  return server;
};
"""

METRICSD_INTAKE = """\
const net = require('net');

exports.start = function (port, onLine) {
  const server = net.createServer((stream) => stream.on('data', (d) => onLine(String(d))));
  server.listen(port);
  return server;
};
"""

METRICSD_MAIN = """\
const admin = require('./lib/admin');
const intake = require('./lib/intake');

admin.start(8126, (cmd, stream) => stream.end(cmd));
intake.start(8125, (line) => console.log(line));

process.on('SIGTERM', () => {
  process.exit(0);
});
"""


def test_shutdown_message_tells_apart_servers_of_the_same_name(tmp_path):
    """statsd 0.9.0: lib/mgmt_server.js and servers/tcp.js each start a TCP
    server held in a local `server`; the SIGTERM handler exits closing
    neither. The message listed "TCP server `server` and TCP server
    `server`", which does not say which is which: servers of the same
    label are named with their file, a lone server keeps the plain label."""
    files = {"package.json": '{"name": "metricsd", "scripts": {"start": "node main.js"}}', "main.js": METRICSD_MAIN,
             "lib/admin.js": METRICSD_ADMIN, "lib/intake.js": METRICSD_INTAKE}
    msgs = _rs901_findings(tmp_path / "two", files)
    assert len(msgs) == 1, msgs
    assert "exits without closing TCP server `server` (lib/admin.js) and TCP server `server` (lib/intake.js):" in msgs[0][2], msgs
    one = {**files, "main.js": METRICSD_MAIN.replace("const intake = require('./lib/intake');\n", "").replace(
        "intake.start(8125, (line) => console.log(line));\n", "")}
    del one["lib/intake.js"]
    msgs = _rs901_findings(tmp_path / "one", one)
    assert len(msgs) == 1 and "exits without closing TCP server `server`:" in msgs[0][2], msgs


STATSD_MAIN = """\
const mgmt = require('./lib/mgmt_server');

function startServer(config, name, callback) {
  const servermod = require(name);
  servermod.start(config, callback);
}

for (const conf of config.servers) {
  startServer(conf, conf.server || './servers/udp', handlePacket);
}
mgmt.start(config, (cmd, args, stream) => stream.end(cmd));

process.on('SIGTERM', function () {
  process.exit();
});
"""

STATSD_MGMT = """\
const net = require('net');

exports.start = function (config, onCommand) {
  const mgmt = net.createServer((stream) => stream.on('data', (d) => onCommand(String(d), [], stream)));
  mgmt.listen(config.mgmt_port || 8126);
  return true;
};
"""

STATSD_TCP = """\
const net = require('net');

exports.start = function (config, callback) {
  const intake = net.createServer((stream) => stream.on('data', (d) => callback(d)));
  intake.listen(config.port || 8125);
  return true;
};
"""

STATSD_ADMIN_PROGRAM = """\
const net = require('net');

const admin = net.createServer((stream) => stream.end('ok'));
admin.listen(9000);
"""


def test_shutdown_message_counts_a_server_module_loaded_by_a_computed_name(tmp_path):
    """statsd 0.9.0: stats.js loads servers/tcp.js by a name from its config
    (`require(name)` with `'./servers/udp'` as default); the module only
    exports a `start()` that listens. Its server runs in the daemon, whose
    SIGTERM handler exits closing nothing, but the message named only the
    management server: a start-up file nothing imports was taken for a
    program of its own, though run alone it starts nothing. A file that
    listens at its top level and nothing imports is still a program of its
    own, left out of the message."""
    files = {"package.json": '{"name": "statsd", "scripts": {"start": "node stats.js"}}', "stats.js": STATSD_MAIN,
             "lib/mgmt_server.js": STATSD_MGMT, "servers/tcp.js": STATSD_TCP, "admin.js": STATSD_ADMIN_PROGRAM}
    msgs = _rs901_findings(tmp_path, files)
    assert len(msgs) == 1, msgs
    _p, _n, msg, related = msgs[0]
    assert "exits without closing TCP server `mgmt` and TCP server `intake`:" in msg, msg
    assert ("servers/tcp.js", 5) in related, related
    assert "admin" not in msg and not any(p == "admin.js" for p, _l in related), msgs


def test_shutdown_message_leaves_out_a_program_that_starts_its_server_in_a_callback_it_exports_nothing_of(tmp_path):
    """pm2 5.4.0's lib/HttpInterface.js starts its web server in a function its
    top level calls from a callback handed to `pm2.connect(...)`, and exports
    nothing: it is a program of its own (`pm2 web` runs it), not a module
    loaded by a computed name; and statsd's servers/tcp.js, which is one, runs
    only in a process that loads modules by name (stats.js), not in this one."""
    web = ("const http = require('http');\nconst pm2 = require('pm2');\n\n"
           "pm2.connect(function () {\n  startWebServer(pm2);\n});\n\n"
           "function startWebServer(api) {\n  http.createServer((req, res) => res.end('ok')).listen(9615);\n}\n")
    files = {"package.json": '{"name": "statsd", "scripts": {"start": "node stats.js"}}', "stats.js": STATSD_MAIN,
             "lib/mgmt_server.js": STATSD_MGMT, "servers/tcp.js": STATSD_TCP, "webui.js": web}
    msgs = _rs901_findings(tmp_path, files)
    # (the service's one finding is the web program's, which handles no signal; the
    # module stats.js loads by name runs in stats.js's process, not in this one)
    assert [(p, n) for p, n, _m, _r in msgs] == [("webui.js", 9)], msgs
    _p, _n, msg, related = msgs[0]
    assert "intake" not in msg and ("servers/tcp.js", 5) not in related, msgs


def test_rs905_requests_function_run_in_a_pool_thread_says_the_thread_hangs_and_how_to_give_a_timeout(tmp_path):
    # gpt-researcher 0.16.1 (llm_provider/image/modelslab_image_generator.py:80,109) hands requests functions to
    # `asyncio.to_thread`; with no timeout the pool thread, not the serving worker, hangs, and `run_in_executor`
    # passes no keyword arguments on, so its fix is a functools.partial
    files = {
        "requirements.txt": "requests\n",
        "app/images.py": (
            "import asyncio\n\n"
            "import requests\n\n\n"
            "async def download(url):\n"
            "    return await asyncio.to_thread(requests.get, url)\n\n\n"
            "async def poll(url):\n"
            "    return await asyncio.get_running_loop().run_in_executor(None, requests.post, url)\n\n\n"
            "async def bounded(url):\n"
            "    return await asyncio.to_thread(requests.get, url, timeout=30)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [7, 11], got
    assert got[7].startswith("`requests.get()`, which `asyncio.to_thread()` runs in a pool thread, has no timeout: requests waits "
                             "forever by default, so a slow or hung upstream holds that thread, and the caller waiting for it, forever"), got
    assert got[11].startswith("`requests.post()`, which `asyncio.get_running_loop().run_in_executor()` runs in a pool thread, has no "
                              "timeout (`asyncio.get_running_loop().run_in_executor()` hands on no keyword arguments: pass "
                              "`functools.partial(requests.post, timeout=...)`)"), got


def test_rs905_name_falling_back_to_the_requests_module_says_requests_itself_is_called(tmp_path):
    # gpt-researcher 0.16.1 (scraper/pymupdf/pymupdf.py:43-45): `http = self.session or requests`, then
    # `http.get(self.link, ...)`: with no session passed in, that is `requests.get()` itself
    files = {
        "requirements.txt": "requests\n",
        "app/pdf.py": (
            "import requests\n\n\n"
            "class PdfScraper:\n"
            "    def __init__(self, link, session=None):\n"
            "        self.link, self.session = link, session\n\n"
            "    def scrape(self):\n"
            "        http = self.session or requests\n"
            "        return http.get(self.link, stream=True)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [10], got
    assert got[10].startswith("`http.get()` (`requests.get()` itself whenever `http` falls back to the requests module) has no "
                              "timeout: requests waits forever by default"), got


def test_rs905_requests_module_as_the_fallback_in_the_call_names_the_unset_name(tmp_path):
    # `(session or requests).get(url)`: the same fallback as gpt-researcher's `http = self.session or requests`
    # (scraper/pymupdf/pymupdf.py:43), written in the call
    files = {
        "requirements.txt": "requests\n",
        "app/pages.py": (
            "import requests\n\n\n"
            "def page(url, session=None):\n"
            "    return (session or requests).get(url).text\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [5], got
    assert got[5].startswith("`(session or requests).get()` (`requests.get()` itself whenever `session` is unset) has no timeout"), got


def test_rs902_counts_a_console_method_handed_on_as_a_logging_function(tmp_path):
    # http-server 14.1.1 bin/http-server:93: `logger = { info: console.log, ... }`, then every
    # request line goes through logger.info(...); the message named one direct console.log call
    # (the --help screen) and pointed at it
    server = (
        "const http = require('http');\n"
        "const logger = {\n  info: console.log,\n};\n"
        "http.createServer((req, res) => {\n  logger.info('%s %s', req.method, req.url);\n"
        "  console.error('served');\n  res.end('ok');\n}).listen(8080);\n"
    )
    result = scan_tree(tmp_path, {"package.json": '{"name": "svc"}', "server.js": server}, select=("RS902",))
    (f,) = [f for f in result.findings if f.rule_id == "RS902"]
    assert "logs through `console.error`, `console.log` (1 call and 1 console method handed on as a logging function in 1 file)" in f.message, f.message


def test_rs902_counts_the_console_calls_of_a_setup_module_the_server_requires(tmp_path):
    # parse-dashboard 9.2.0 server.js:182 requires ./browser-control/setup, which logs through
    # console.* 42 times inside the server process; the message counted "37 calls in 6 files",
    # leaving the module out as a one-off program for its name alone.  A seed script nothing
    # imports still is one, and its lines are not counted.
    server = (
        "const express = require('express');\n"
        "const setup = require('./lib/setup');\n"
        "const app = express();\n"
        "setup(app);\n"
        "app.listen(3000, () => console.log('listening'));\n"
    )
    setup = (
        "module.exports = function setup(app) {\n"
        "  console.log('mounting tools');\n"
        "  app.get('/tools', (req, res) => { console.warn('tools hit'); res.send('ok'); });\n"
        "};\n"
    )
    seed = "console.log('seeding');\nconsole.log('done');\n"
    files = {"package.json": '{"name": "svc"}', "server.js": server, "lib/setup.js": setup, "seed.js": seed}
    result = scan_tree(tmp_path, files, select=("RS902",))
    (f,) = [f for f in result.findings if f.rule_id == "RS902"]
    assert "logs through `console.log`, `console.warn` (3 calls in 2 files)" in f.message, f.message
    assert [r.path for r in f.related] == ["lib/setup.js"], f.related


def test_rs902_leaves_out_what_a_command_line_command_prints_on_the_terminal(tmp_path):
    # shout 0.53.0: index.js requires src/command-line, whose commander commands `add`, `remove`,
    # `list`, `reset`, `edit` print their answers with console.log (src/command-line/add.js:16-59),
    # beside `start`, whose action calls the server (src/command-line/start.js:32); the message
    # counted "62 calls in 11 files" and pointed at add.js:16 as logging.  The start action's own
    # console line is the service's, as are the server's.
    start = (
        "var program = require('commander');\n"
        "var server = require('../server');\n"
        "program.command('start').action(function() {\n"
        "  server({port: 9000});\n"
        "  console.log('running');\n"
        "});\n"
    )
    add = (
        "var program = require('commander');\n"
        "var fs = require('fs');\n"
        "program.command('add <name>').action(function(name) {\n"
        "  console.log('adding ' + name);\n"
        "  fs.writeFile('users/' + name + '.json', '{}', function() { done(name); });\n"
        "});\n"
        "function done(name) {\n  console.log('User ' + name + ' created.');\n  console.log('');\n}\n"
    )
    server = (
        "var express = require('express');\n"
        "module.exports = function(options) {\n"
        "  var app = express();\n"
        "  app.get('/health', function(req, res) { console.error('probe'); res.send('ok'); });\n"
        "  app.listen(options.port);\n"
        "};\n"
    )
    files = {
        "package.json": '{"name": "chatd", "bin": {"chatd": "index.js"}, "dependencies": {"commander": "^2.3.0", "express": "^4.9.5"}}',
        "Dockerfile": 'FROM node:20-slim\nCOPY . .\nCMD ["node", "index.js", "start"]\n',
        "index.js": "require('./src/command-line');\n",
        "src/command-line/index.js": "var program = require('commander');\nrequire('./start');\nrequire('./add');\nprogram.parse(process.argv);\n",
        "src/command-line/start.js": start,
        "src/command-line/add.js": add,
        "src/server.js": server,
    }
    result = scan_tree(tmp_path, files, select=("RS902",))
    (f,) = [f for f in result.findings if f.rule_id == "RS902"]
    assert "logs through `console.error`, `console.log` (2 calls in 2 files)" in f.message, f.message
    assert (f.path, f.line) == ("src/server.js", 4), (f.path, f.line)
    assert [r.path for r in f.related] == ["src/command-line/start.js"], f.related


OPENCANARY_LOGGER = """\
import logging
import logging.handlers

import requests
from twisted.internet import reactor


class SlackHandler(logging.Handler):
    def __init__(self, webhook_url):
        logging.Handler.__init__(self)
        self.webhook_url = webhook_url

    def emit(self, record):
        requests.post(self.webhook_url, json={"text": self.format(record)})


class BaseHook(logging.handlers.SocketHandler):
    pass


class TeamsHandler(BaseHook):
    def emit(self, record):
        requests.post("https://teams.invalid/hook", json={"text": record.getMessage()})


class Bus:
    def emit(self, record):
        requests.post("https://bus.invalid/events", json=record)


def later():
    reactor.callLater(1, print)
"""


def test_rs905_message_in_a_logging_handlers_emit_says_the_logging_code_hangs(tmp_path):
    # opencanary 0.9.10 opencanary/logger.py:271,349: SlackHandler/TeamsHandler(logging.Handler).emit
    # post every alert with requests and no timeout, on the Twisted reactor thread that logs it;
    # the message spoke of "this worker (and, under load, every worker)" of a server
    files = {"requirements.txt": "requests\ntwisted\n", "canary/logger.py": OPENCANARY_LOGGER}
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [14, 23, 28], got
    for line, cls in ((14, "SlackHandler"), (23, "TeamsHandler")):
        assert f"blocks the code that logs: `{cls}.emit` is a logging handler, run in the thread of each logging call" in got[line], got
        assert "(in this Twisted program, logging from a protocol or service does it on the reactor thread" in got[line], got
        assert "every worker" not in got[line], got
    # look-alike: an `emit` of a class that is no logging handler
    assert "blocks this worker (and, under load, every worker) until the process is restarted" in got[28], got


def test_rs905_message_in_a_logging_handlers_emit_without_twisted_or_behind_a_queue_listener(tmp_path):
    plain = OPENCANARY_LOGGER.replace("from twisted.internet import reactor\n", "import json\n").replace(
        "def later():\n    reactor.callLater(1, print)\n", "")
    got = _messages_by_line(tmp_path, {"requirements.txt": "requests\n", "canary/logger.py": plain}, "RS905")
    assert "`SlackHandler.emit` is a logging handler" in got[14] and "Twisted" not in got[14], got
    # a QueueListener runs its handlers in a thread of its own: the logging code does not wait
    queued = plain + (
        "\n\ndef setup(q):\n"
        "    logging.handlers.QueueListener(q, SlackHandler('https://hooks.invalid/x')).start()\n"
    )
    got = _messages_by_line(tmp_path / "q", {"requirements.txt": "requests\n", "canary/logger.py": queued}, "RS905")
    assert "blocks this worker (and, under load, every worker)" in got[14], got
    assert "logging handler" not in got[14], got


def test_rs901_process_exit_handed_as_the_stop_handler_exits_without_closing(tmp_path):
    # kinesalite 3.3.3 cli.js:27: `if (process.pid == 1) process.on('SIGINT', process.exit)` is the
    # only stop handler; it was taken for a handler that cannot be followed, so nothing was reported
    files = {
        "package.json": '{"name": "mock", "bin": "cli.js", "dependencies": {"pino": "^9.0.0"}}',
        "cli.js": (
            "const http = require('http')\n"
            "const log = require('pino')()\n"
            "if (process.pid == 1) process.on('SIGINT', process.exit)\n"
            "const server = http.createServer((req, res) => res.end('ok'))\n"
            "server.listen(4567, () => log.info('listening'))\n"
        ),
    }
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("cli.js", 5)], msgs
    _p, _n, msg, related = msgs[0]
    assert "the SIGINT handler (cli.js:3) exits without closing HTTP server `server`" in msg, msg
    assert "nothing handles SIGTERM" in msg, msg
    assert ("cli.js", 3) in related, msgs


def test_rs901_server_under_an_imported_files_require_main_guard_is_not_in_the_importers_process(tmp_path):
    # kinesalite 3.3.3: index.js:261 `if (require.main === module) kinesalite().listen(4567)` runs only when
    # index.js is the program; cli.js imports index.js and starts its own server, so the message of the
    # cli.js process listed the guarded server as left open too
    files = {
        "package.json": '{"name": "mock", "main": "index.js", "bin": "cli.js", "dependencies": {"pino": "^9.0.0"}}',
        "cli.js": (
            "const log = require('pino')()\n"
            "process.on('SIGINT', () => process.exit(0))\n"
            "const server = require('./index.js')().listen(4567, () => log.info('listening'))\n"
        ),
        "index.js": (
            "const http = require('http')\n"
            "module.exports = function mock() { return http.createServer((req, res) => res.end('ok')) }\n"
            "if (require.main === module) module.exports().listen(4567)\n"
        ),
    }
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("cli.js", 3)], msgs
    _p, _n, msg, related = msgs[0]
    assert "exits without closing HTTP server `server`:" in msg, msg
    assert "listen()`" not in msg.split("exits without closing", 1)[1] and ("index.js", 3) not in related, msgs
    # look-alike: the same start-up not under the guard runs on import, in cli.js's process
    files["index.js"] = files["index.js"].replace("if (require.main === module) ", "")
    msgs = _rs901_findings(tmp_path / "plain", files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("cli.js", 3)], msgs
    assert ("index.js", 3) in msgs[0][3], msgs


def test_rs906_a_server_under_another_services_require_main_guard_is_not_the_importers(tmp_path):
    # a service importing another service's module runs its top-level code, but not the block of its
    # `if (require.main === module)` (kinesalite 3.3.3 index.js:261): the server there is that
    # service's own, not the importer's (the importer was said to run an HTTP server)
    files = {
        "api/package.json": '{"name": "api", "main": "index.js", "dependencies": {"express": "^4.19.0", "pino": "^9.0.0"}}',
        "api/index.js": (
            "const express = require('express')\n"
            "const app = express()\n"
            "app.get('/healthz', (req, res) => res.send('ok'))\n"
            "module.exports = app\n"
            "if (require.main === module) app.listen(3000)\n"
        ),
        "tool/package.json": '{"name": "tool", "main": "print-routes.js", "dependencies": {"pino": "^9.0.0"}}',
        "tool/print-routes.js": "const log = require('pino')()\nconst app = require('../api/index.js')\nlog.info(app._router.stack.length)\n",
    }
    result = scan_tree(tmp_path, files, select=("RS906",))
    msgs = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS906"]
    assert [(p, n) for p, n, _m in msgs] == [("api/index.js", 5)], msgs
    assert msgs[0][2].startswith("Service `api` runs an HTTP server"), msgs
FAYE_UPGRADE = """\
const WebSocket = require('faye-websocket');
const Adapter = {
  handleUpgrade: function(request, socket, head) {
    const options = { ping: this.ping };
    const ws = new WebSocket(request, socket, head, [], options);
    ws.on('message', (event) => ws.send(event.data));
  },
};
module.exports = Adapter;
"""


def test_uncapped_faye_websocket_message_names_the_upgrade_handler_and_its_64_mib_message_size(tmp_path):
    (msg,) = _rs402_messages(tmp_path, {"adapter.js": FAYE_UPGRADE, "package.json": '{"name": "relay", "dependencies": {"faye-websocket": "0.11"}}'})
    assert msg.startswith("faye-websocket upgrade handler `handleUpgrade` accepts any number")
    assert msg.endswith("maxLength is not set either, so a single message may be up to 64 MiB")


HONEYPOT_COMMON = """\
import requests
from asgiref.sync import sync_to_async


def get_public_ip():
    r = requests.get('https://api.ipify.org')
    return r.text


def get_banner():
    return requests.get('https://example.invalid/banner').text


def get_motd():
    return requests.get('https://example.invalid/motd').text


def get_both():
    return requests.get('https://example.invalid/both').text


@sync_to_async
def get_user():
    return requests.get('https://example.invalid/user').json()
"""

HONEYPOT_MAIN = """\
import asyncio
import requests

import svc.common as common


class Honeypot:
    async def _lookup_public_ip(self):
        while True:
            self.public_ip = common.get_public_ip()
            await asyncio.sleep(3600)

    async def _banner(self, loop):
        self.banner = await loop.run_in_executor(None, common.get_banner)
        self.motd = await asyncio.to_thread(common.get_motd)

    async def _both(self):
        return common.get_both()

    async def _user(self):
        return await common.get_user()

    def sync_both(self):
        return common.get_both()

    async def _ping(self):
        def fetch():
            return requests.get('https://example.invalid/ping')
        return await asyncio.get_running_loop().run_in_executor(None, fetch)

    async def _direct(self):
        return requests.get('https://example.invalid/direct')


async def handle(reader, writer):
    writer.close()


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.start_server(handle, '0.0.0.0', 2222))
    loop.run_forever()
"""


def test_rs905_blocking_call_in_a_coroutine_says_it_blocks_the_event_loop(tmp_path):
    """heralding 1.0.7 (heralding/misc/common.py:83): `get_public_ip()` calls
    `requests.get()` with no timeout and is called only from the coroutine
    `Honeypot._record_and_lookup_public_ip` (honeypot.py:50): the hang stops
    the asyncio event loop, every connection the honeypot serves at once and
    whatever the load, not "this worker (and, under load, every worker)".  A
    function run in a thread (`run_in_executor`, `asyncio.to_thread`, a
    nested def handed to the executor) or also called from a plain function
    keeps the worker wording, and so does a decorated one (`@sync_to_async`
    runs it in a thread)."""
    files = {"svc/common.py": HONEYPOT_COMMON, "svc/main.py": HONEYPOT_MAIN, "svc/setup.py": "from setuptools import setup\n"}
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = {(f.path, f.line): f for f in result.findings if f.rule_id == "RS905"}
    assert set(got) == {("svc/common.py", 6), ("svc/common.py", 11), ("svc/common.py", 15), ("svc/common.py", 19),
                        ("svc/common.py", 24), ("svc/main.py", 28), ("svc/main.py", 32)}, sorted(got)
    loop = got[("svc/common.py", 6)]
    assert ("blocks the event loop (it is called from the coroutine `Honeypot._lookup_public_ip`, svc/main.py:8): every "
            "coroutine of the process (each connection, request or task it serves) waits with it") in loop.message, loop.message
    assert "every worker" not in loop.message, loop.message
    assert [(r.path, r.line) for r in loop.related] == [("svc/main.py", 8)], loop.related
    direct = got[("svc/main.py", 32)].message
    assert "blocks the event loop: every coroutine of the process" in direct, direct
    for key in (("svc/common.py", 11), ("svc/common.py", 15), ("svc/common.py", 19), ("svc/common.py", 24), ("svc/main.py", 28)):
        msg = got[key].message
        assert "event loop" not in msg and "blocks this worker (and, under load, every worker)" in msg, (key, msg)


def test_rs905_urlopen_through_a_python2_fallback_import_names_the_python3_call(tmp_path):
    # MobSF's Windows setup: `try: import urllib.request as urlrequest` / `except ImportError: import urllib as
    # urlrequest`; the name stands for urllib.request on Python 3, so the message names its urlopen (which takes a
    # timeout), not Python 2's urllib.urlopen; the same holds for `from ... import` fallbacks
    files = {
        "requirements.txt": "django\n",
        "setup/windows.py": (
            "try:\n"
            "    import urllib.request as urlrequest\n"
            "except ImportError:\n"
            "    import urllib as urlrequest\n"
            "try:\n"
            "    from urllib.request import urlopen\n"
            "except ImportError:\n"
            "    from urllib import urlopen\n\n\n"
            "def fetch_tool(url):\n"
            "    return urlrequest.urlopen(url).read()\n\n\n"
            "def fetch_config(url):\n"
            "    return urlopen(url).read()\n"
        ),
        "app/startup.py": (
            "from setup.windows import fetch_config, fetch_tool\n\n\n"
            "def first_run(url):\n"
            "    fetch_tool(url)\n"
            "    fetch_config(url)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [12, 16], got
    for msg in got.values():
        assert "Python 2" not in msg and "urllib2" not in msg, msg
        assert msg.startswith("`urlopen()` has no timeout"), msg


def test_rs901_bound_this_calling_the_class_own_listen_is_no_second_server(tmp_path):
    # pimatic 0.9.54 lib/framework.coffee:979 `.then => @listen()`, compiled by CoffeeScript to
    # `(function(_this) { return function() { return _this.listen(); }; })(this)`: the class's own
    # listen method, which starts the server it holds; it was listed as a second server left open
    files = {
        "package.json": '{"name": "hub", "main": "server.js", "dependencies": {"express": "4", "winston": "3"}}',
        "server.js": (
            "var express = require('express');\n"
            "var http = require('http');\n"
            "var Framework = (function() {\n"
            "  function Framework() { this.app = express(); }\n"
            "  Framework.prototype.listen = function() {\n"
            "    this.app.httpServer = http.createServer(this.app);\n"
            "    return this.app.httpServer.listen(8080);\n"
            "  };\n"
            "  Framework.prototype.init = function() {\n"
            "    return Promise.resolve().then((function(_this) {\n"
            "      return function() {\n"
            "        return _this.listen();\n"
            "      };\n"
            "    })(this));\n"
            "  };\n"
            "  return Framework;\n"
            "})();\n"
            "new Framework().init();\n"
            "process.on('SIGTERM', function() { process.exit(0); });\n"
        ),
    }
    msgs = _rs901_findings(tmp_path, files)
    assert [(p, n) for p, n, _m, _r in msgs] == [("server.js", 7)], msgs
    _p, _n, msg, related = msgs[0]
    assert "exits without closing HTTP server started by `this.app.httpServer.listen()`:" in msg, msg
    assert "_this.listen()" not in msg, msg
    assert related == [("server.js", 19)], msgs


TWISTED_HONEYPOT = (
    "import imaplib\n"
    "import smtplib\n"
    "\n"
    "from twisted.internet import reactor\n"
    "from twisted.internet.protocol import Factory, Protocol\n"
    "\n"
    "\n"
    "class MailHoneypot:\n"
    "    def server_main(self):\n"
    "        owner = self\n"
    "\n"
    "        class Greeter(Protocol):\n"
    "            def connectionMade(self):\n"
    "                owner.relay()\n"
    "\n"
    "        factory = Factory()\n"
    "        factory.protocol = Greeter\n"
    "        reactor.listenTCP(2525, factory)\n"
    "        reactor.callLater(60, self.recheck)\n"
    "        reactor.run()\n"
    "\n"
    "    def relay(self):\n"
    "        s = smtplib.SMTP('relay.internal')\n"
    "        s.ehlo()\n"
    "        s.quit()\n"
    "\n"
    "    def recheck(self):\n"
    "        self.check_inbox()\n"
    "\n"
    "    def check_inbox(self):\n"
    "        return imaplib.IMAP4('imap.internal')\n"
    "\n"
    "    def test_server(self):\n"
    "        s = smtplib.SMTP('127.0.0.1', 2525)\n"
    "        s.ehlo()\n"
    "        s.quit()\n"
    "\n"
    "    def test_inbox(self):\n"
    "        return imaplib.IMAP4('127.0.0.1')\n"
    "\n"
    "\n"
    "def send(host, msg):\n"
    "    smtplib.SMTP(host).send_message(msg)\n"
)
TWISTED_HONEYPOT_MAIN = (
    "from hp.mail import MailHoneypot, send\n"
    "\n"
    "pot = MailHoneypot()\n"
    "pot.test_server()\n"
    "pot.test_inbox()\n"
    "send('relay.internal', None)\n"
    "pot.server_main()\n"
)


def test_rs907_rs908_a_method_its_class_runs_beside_the_twisted_reactor_does_not_block_the_event_loop(tmp_path):
    """honeypots 0.66 (smtp_server.py:94, imap_server.py:120, pop3_server.py:109, ftp_server.py:161): each
    honeypot class starts the reactor in `server_main()` (protocols nested in it, `reactor.run()`) and has a
    sibling `test_server()` self-check opening a blocking smtplib/imaplib connection to the honeypot, called
    from the CLI's `--test` path, never from the reactor: it blocks the self-check, not the event loop.  A
    method the reactor-running method reaches (called from a nested protocol, handed to `callLater` and then
    calling it) and a module-level function of the Twisted module keep the event-loop wording."""
    files = {"hp/mail.py": TWISTED_HONEYPOT, "hp/run.py": TWISTED_HONEYPOT_MAIN, "setup.py": "from setuptools import setup\n"}
    result = scan_tree(tmp_path, files, select=("RS907", "RS908"))
    got = {(f.rule_id, f.line): f.message for f in result.findings if f.path == "hp/mail.py"}
    assert set(got) == {("RS907", 23), ("RS908", 31), ("RS907", 34), ("RS908", 39), ("RS907", 43)}, sorted(got)
    loop = "blocks the event loop, and with it every request this process serves, forever"
    for key in (("RS907", 23), ("RS908", 31), ("RS907", 43)):
        assert loop in got[key], (key, got[key])
    assert "event loop" not in got[("RS907", 34)], got[("RS907", 34)]
    assert ("blocks `test_server()`, a connection check that sends no mail (only `ehlo()`, `quit()`), and whatever "
            "runs it, forever") in got[("RS907", 34)], got[("RS907", 34)]
    assert "event loop" not in got[("RS908", 39)], got[("RS908", 39)]
    assert "blocks the request or worker that opened it forever" in got[("RS908", 39)], got[("RS908", 39)]
WS_LOG_STREAM = """\
const WebSocketServer = require('ws').Server;

module.exports = function startLogStream(server, recorder) {
  const wss = new WebSocketServer({ server, clientTracking: true });
  wss.broadcast = function (data) {
    for (const client of wss.clients) client.send(JSON.stringify(data));
  };
  recorder.on('update', (rec) => wss.broadcast(rec));
  return wss;
};
"""

WS_PROXY_SERVER = """\
const ws = require('ws');

function getWsServer(config) {
  const wss = new ws.Server({ server: config.server });
  wss.on('connection', config.connHandler);
  return wss;
}

module.exports.getWsServer = getWsServer;
"""

WS_TWO_SERVERS_APP = """\
const http = require('http');
const startLogStream = require('./logStream');
const { getWsServer } = require('./wsServerMgr');

const ui = http.createServer();
startLogStream(ui, recorder);
ui.listen(8002);
const proxy = http.createServer();
getWsServer({ server: proxy, connHandler: (socket) => socket.on('message', (m) => socket.send(m)) });
proxy.listen(8001);
"""

WS_NOTIFY = """\
const { wss } = require('./server');

setInterval(() => {
  const event = { type: 'tick', at: Date.now() };
  wss.clients.forEach((client) => client.send(JSON.stringify(event)));
}, 1000);
"""

WS_SHARED_SERVER = """\
const { WebSocketServer } = require('ws');
const http = require('http');
const server = http.createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => socket.on('message', (m) => socket.send(m)));
server.listen(3000);
module.exports.wss = wss;
"""


def test_rs401_broadcast_of_another_ws_server_is_not_said_to_reach_this_ones_clients(tmp_path):
    # anyproxy 4.1.3: lib/wsServer.js:71 builds the web UI's log stream server
    # `wss` and broadcasts every record through its `wss.clients`; the proxy's own
    # ws server (lib/wsServerMgr.js:17, also named `wss`) only forwards each
    # connection, and nothing broadcasts through it
    files = {"package.json": '{"name": "p", "dependencies": {"ws": "^5"}}', "proxy.js": WS_TWO_SERVERS_APP,
             "logStream.js": WS_LOG_STREAM, "wsServerMgr.js": WS_PROXY_SERVER}
    result = scan_tree(tmp_path, files, select=("RS401",))
    by_path = {f.path: f.message for f in result.findings if f.rule_id == "RS401"}
    assert set(by_path) == {"logStream.js", "wsServerMgr.js"}, by_path
    assert by_path["logStream.js"].endswith("and still receive every broadcast"), by_path["logStream.js"]
    assert "broadcast" not in by_path["wsServerMgr.js"], by_path["wsServerMgr.js"]
    assert by_path["wsServerMgr.js"].endswith("they stay in the server's client set, and keep their memory and file descriptor")


def test_rs401_broadcast_in_a_module_that_builds_no_ws_server_still_counts(tmp_path):
    # look-alike: the server is built in server.js and another module, which builds
    # no WebSocket server, sends a tick to its clients: that is this server's broadcast
    files = {"package.json": '{"name": "p", "dependencies": {"ws": "^8"}}', "server.js": WS_SHARED_SERVER, "notify.js": WS_NOTIFY}
    result = scan_tree(tmp_path, files, select=("RS401",))
    (f,) = [f for f in result.findings if f.rule_id == "RS401"]
    assert f.path == "server.js"
    assert f.message.endswith("and still receive every broadcast"), f.message


def test_shutdown_message_names_the_close_a_hook_registrar_is_handed(tmp_path):
    """A shutdown-hook registrar whose handler runs `callback()` and then
    `process.exit()`, handed `() => server.close()`: the server is closed, but
    the exit does not wait for it. The message said the handler exited without
    closing the server (serve 14.2.8's registerCloseListener showed that such
    a handed-in function was not followed)."""
    server = """\
const http = require('http');
const log = require('pino')();

function onExit(callback) {
  process.on('SIGINT', () => { callback(); process.exit(0); });
  process.on('SIGTERM', () => { callback(); process.exit(0); });
}

const server = http.createServer((req, res) => res.end('ok'));
server.listen(3000, () => log.info('listening'));
onExit(() => server.close());
"""
    files = {"package.json": '{"name": "svc", "main": "server.js", "dependencies": {"pino": "^9.0.0"}}', "server.js": server}
    result = scan_tree(tmp_path, files, select=("RS901",))
    msgs = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS901"]
    assert len(msgs) == 1, msgs
    path, line, msg = msgs[0]
    assert (path, line) == ("server.js", 10), msgs
    assert "calls `callback()` (which runs the function handed in at server.js:11, closing `server`) and then `process.exit()` without waiting" in msg, msg
    assert "exits without closing" not in msg, msg


def test_shutdown_message_follows_a_hook_registrar_helper_to_the_close_it_is_handed(tmp_path):
    """pm2-io's `onExit(callback)` runs `handler()`, a local arrow calling
    `callback()`, then `process.exit()`; the service hands it
    `() => server.close()`. Reported as a close the exit does not wait for,
    through the helper (the old message said the server was never closed)."""
    server = HOOK_SERVER.replace("http.createServer((req, res) => res.end('ok')).listen(8080);",
                                 "const server = http.createServer((req, res) => res.end('ok'));\nserver.listen(8080);\n"
                                 "metrics.onExit(() => server.close());")
    files = {"package.json": '{"name": "stats-server", "main": "src/server.js"}', "src/server.js": server,
             "src/metrics.js": HOOK_LIBRARY}
    result = scan_tree(tmp_path, files, select=("RS901",))
    msgs = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS901"]
    assert len(msgs) == 1, msgs
    path, line, msg = msgs[0]
    assert (path, line) == ("src/server.js", 6), msgs
    assert ("calls `handler()` (which runs the function handed in at src/server.js:7, closing `server`) "
            "and then `process.exit()` without waiting") in msg, msg


def test_rs701_a_regex_validator_of_another_module_guards_as_its_test_inline(tmp_path):
    """whistle's webui (biz/webui/lib/index.js:388) refuses `req.path` when
    `common.existsUpPath(req.path)` holds, and lib/util/common.js defines it as
    `return UP_PATH_REGEXP.test(str)` with a regex literal of its module: the
    request value is checked as by `UP_PATH_REGEXP.test(req.path)` written in the
    handler, a blocklist (medium/low), not left unchecked; a validator whose
    pattern is an allowlist clears it.  A function of another module that does
    more than return a regex test of its one parameter, tests a regex its module
    does not spell, or takes two parameters checks nothing known."""
    common = """\
var UP_PATH_REGEXP = /(?:^|[\\\\/])\\.\\.(?:[\\\\/]|$)/;
var NAME_RE = /^[a-z0-9_-]+$/i;
var shared = require('./shared');
exports.existsUpPath = function (str) {
  return UP_PATH_REGEXP.test(str);
};
exports.isName = (s) => NAME_RE.test(s);
exports.logged = function (str) {
  console.log(str);
  return UP_PATH_REGEXP.test(str);
};
exports.viaShared = function (str) {
  return shared.UP_RE.test(str);
};
exports.either = function (base, str) {
  return UP_PATH_REGEXP.test(str);
};
"""
    app = """\
var express = require('express');
var fs = require('fs');
var path = require('path');
var common = require('./common');
var app = express();
app.get('/a/*', function (req, res) {
  if (common.existsUpPath(req.path)) {
    return res.status(403).end('Forbidden');
  }
  fs.createReadStream(path.join(__dirname, req.path)).pipe(res);
});
app.get('/b/:name', function (req, res) {
  if (!common.isName(req.params.name)) {
    return res.status(400).end();
  }
  fs.createReadStream(path.join(__dirname, req.params.name)).pipe(res);
});
app.get('/c/*', function (req, res) {
  if (common.logged(req.path)) {
    return res.status(403).end('Forbidden');
  }
  fs.createReadStream(path.join(__dirname, req.path)).pipe(res);
});
app.get('/d/*', function (req, res) {
  if (common.viaShared(req.path)) {
    return res.status(403).end('Forbidden');
  }
  fs.createReadStream(path.join(__dirname, req.path)).pipe(res);
});
app.get('/e/*', function (req, res) {
  if (common.either(__dirname, req.path)) {
    return res.status(403).end('Forbidden');
  }
  fs.createReadStream(path.join(__dirname, req.path)).pipe(res);
});
app.listen(3000);
"""
    shared = "exports.UP_RE = /\\.\\./;\n"
    files = {"package.json": '{"name": "proxyui", "dependencies": {"express": "^4.21.2"}}', "lib/common.js": common,
             "lib/shared.js": shared, "lib/app.js": app}
    result = scan_tree(tmp_path, files, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [10, 22, 28, 34], sorted(found)
    first = found[10]
    assert (first.severity, first.probability) == ("medium", "low"), first
    assert "guarded only by a blocklist (`common.existsUpPath`, line 7)" in first.message, first.message
    for line in (22, 28, 34):
        assert found[line].priority == "critical" and "no containment check" in found[line].message, found[line].message


def test_rs901_a_socks_proxy_server_is_named_a_tcp_server(tmp_path):
    """whistle's lib/index.js:154 starts a SOCKS proxy with sockx (a fork of
    socksv5), `socks.createServer((info, accept, deny) => ...)`, beside its HTTP
    proxy; the SIGTERM handler exits closing neither.  The message called the
    SOCKS server an "HTTP server": it speaks SOCKS over TCP.  A project module
    of its own named socks (`./socks`) is not one of those libraries."""
    server = """\
const http = require('http');
const socks = require('sockx');
const relay = require('./socks');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(8899);
const socksServer = socks.createServer((info, accept, deny) => accept());
socksServer.listen(1080);
const relayServer = relay.createServer();
relayServer.listen(8080);
process.once('SIGTERM', () => process.exit(0));
"""
    relay = "const http = require('http');\nexports.createServer = () => http.createServer((req, res) => res.end('relay'));\n"
    files = {"package.json": '{"name": "devproxy", "main": "server.js", "dependencies": {"sockx": "^0.2.3"}}',
             "server.js": server, "socks.js": relay}
    (msg,) = _messages_by_line(tmp_path, files, "RS901").values()
    assert "TCP server `socksServer`" in msg and "HTTP server `socksServer`" not in msg, msg
    assert "HTTP server `relayServer`" in msg and "HTTP server `server`" in msg, msg


RESTFUL_API_V1 = """\
from flask import Blueprint, request
from flask_restful import Api, Resource
from werkzeug.security import check_password_hash

api_v1 = Blueprint("api_v1", __name__)
api = Api(api_v1)


class TokenResource(Resource):
    def post(self):
        user = find_user(request.json["username"])
        if user and check_password_hash(user.password_hash, request.json["password"]):
            return {"token": issue(user)}
        return {"message": "invalid credentials"}, 401


api.add_resource(TokenResource, "/token")
"""


def test_login_message_joins_the_prefix_of_the_blueprint_a_flask_restful_api_is_built_on(tmp_path):
    """waiverdb 1.4.0: ``api = Api(api_v1)`` in api_v1.py, the blueprint
    registered in app.py with ``url_prefix="/api/v1.0"``: the resources
    ``api.add_resource`` adds answer under /api/v1.0, as the blueprint's own
    routes do; also when the blueprint is made with its prefix, or the Api
    with one, in the file that adds the resource."""
    base = {"requirements.txt": "flask\nflask-restful\n", "svc/__init__.py": ""}
    app = ('from flask import Flask\n\nfrom svc.api_v1 import api_v1\n\n\ndef create_app():\n'
           '    app = Flask(__name__)\n    app.register_blueprint(api_v1, url_prefix="/api/v1.0")\n    return app\n')

    def messages(root, api_v1, app_py=app):
        result = scan_tree(root, {**base, "svc/api_v1.py": api_v1, "svc/app.py": app_py}, select=("RS501",))
        return [f.message.split(" is a credential endpoint")[0] for f in result.findings if f.rule_id == "RS501"]

    assert messages(tmp_path / "mounted", RESTFUL_API_V1) == ["POST /api/v1.0/token"]
    own = RESTFUL_API_V1.replace('Blueprint("api_v1", __name__)', 'Blueprint("api_v1", __name__, url_prefix="/v2")')
    assert messages(tmp_path / "own", own, app.replace(', url_prefix="/api/v1.0"', "")) == ["POST /v2/token"]
    both = own.replace("Api(api_v1)", 'Api(api_v1, prefix="/auth")')
    assert messages(tmp_path / "both", both, app.replace(', url_prefix="/api/v1.0"', "")) == ["POST /v2/auth/token"]
    # an Api built on the app itself, and a blueprint nobody mounts elsewhere: the path as written
    plain = RESTFUL_API_V1.replace('api = Api(api_v1)', 'api = Api()')
    assert messages(tmp_path / "plain", plain) == ["POST /token"]


def test_rs905_node_client_picked_by_protocol_is_named_as_written(tmp_path):
    # configurable-http-proxy's error-page request: `(options.secure ? https : http).request(url, options.target, cb)`
    # goes out through `http` for a plain target, so the message shows the pick, not `https.request()`
    files = {
        "package.json": '{"name": "edge-proxy", "main": "proxy.js"}',
        "proxy.js": (
            "import http from 'node:http';\n"
            "import https from 'node:https';\n"
            "export function errorPage(options, url, res) {\n"
            "  const req = (options.secure ? https : http).request(url, options.target, (up) => up.pipe(res));\n"
            "  req.end();\n"
            "}\n"
            "export function plain(url, res) {\n"
            "  const req = https.request(url, (up) => up.pipe(res));\n"
            "  req.end();\n"
            "}\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [4, 8], got
    assert got[4].startswith("`(options.secure ? https : http).request()` has no timeout: Node's HTTP client waits"), got
    assert got[8].startswith("`https.request()` has no timeout: Node's HTTP client waits"), got


def test_route_message_gives_the_path_an_aiohttp_sub_app_is_mounted_at(tmp_path):
    """aiohttp ``app.add_subapp("/api", api)``: the sub-app's ``/signin`` is
    served, and named, at ``/api/signin``."""
    files = {
        "requirements.txt": "aiohttp\n",
        "server.py": (
            "from aiohttp import web\n\n\n"
            "async def sign_in(request):\n"
            "    data = await request.post()\n"
            "    return web.json_response({'ok': check(data['user'], data['password'])})\n\n\n"
            "app = web.Application()\n"
            "api = web.Application()\n"
            "api.router.add_post('/signin', sign_in)\n"
            "app.add_subapp('/api', api)\n"
            "web.run_app(app)\n"
        ),
    }
    result = scan_tree(tmp_path / "app", files, select=("RS501",))
    msgs = [f.message for f in result.findings]
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith("POST /api/signin is a credential endpoint"), msgs


SHARED_SECRET_LOGIN = '''\
from aiohttp import web


class ProvisioningAPI:
    def __init__(self, shared_secret):
        self.app = web.Application()
        self.shared_secret = shared_secret
        self.app.router.add_post("/api/login", self.login)

    def check_token(self, request):
        token = request.headers["Authorization"][len("Bearer "):]
        if token {op} self.shared_secret:
            raise web.HTTPForbidden(text="Invalid token")
        return request.query["user_id"]

    async def login(self, request):
        user_id = self.check_token(request)
        data = await request.json()
        await connect(user_id, auth_token=data["auth_token"], csrf_token=data["csrf_token"])
        return web.json_response({{}})


async def connect(user_id, auth_token, csrf_token):
    pass
'''


def test_rs501_a_login_gated_by_one_configured_secret_names_that_secret(tmp_path):
    """mautrix-twitter's provisioning ``POST /api/login`` takes another
    service's session cookies, no password: its view first compares the
    Authorization header with the one configured shared secret and answers
    403.  The unlimited guess is of that secret, which opens the route for
    every account, not of users' passwords."""
    by_line = _messages_by_line(tmp_path, {"app.py": SHARED_SECRET_LOGIN.format(op="!="), "requirements.txt": "aiohttp\n"}, "RS501")
    assert set(by_line) == {8}, by_line
    msg = by_line[8]
    assert "try passwords" not in msg
    assert "guess the configured secret `self.shared_secret`" in msg
    assert "(checked in `check_token` (app.py:12))" in msg


def test_rs501_a_login_checking_a_per_account_secret_keeps_the_password_message(tmp_path):
    """Look-alikes keep the password-guessing message: a token compared with
    an account's own key (``lookup(token).api_key``, or ``self.api_key`` in a
    method of the account that is not handed the request), or a login that
    also reads a password."""
    own_key = SHARED_SECRET_LOGIN.format(op="!=").replace("self.shared_secret:", "lookup(token).api_key:")
    with_password = SHARED_SECRET_LOGIN.format(op="!=").replace('csrf_token=data["csrf_token"]', 'password=data["password"]')
    account_method = SHARED_SECRET_LOGIN.format(op="!=").replace(
        "        user_id = self.check_token(request)\n",
        "        user_id = request.query['user_id']\n        Account(user_id).check_key(request.headers['X-Key'])\n",
    ) + (
        "\n\nclass Account:\n"
        "    def __init__(self, user_id):\n        self.api_key = load_key(user_id)\n\n"
        "    def check_key(self, key):\n        if key != self.api_key:\n            raise web.HTTPForbidden()\n"
    )
    for i, src in enumerate((own_key, with_password, account_method)):
        by_line = _messages_by_line(tmp_path / str(i), {"app.py": src, "requirements.txt": "aiohttp\n"}, "RS501")
        assert set(by_line) == {8}, by_line
        assert "an attacker can try passwords as fast as the server answers" in by_line[8]
        assert "configured secret" not in by_line[8]
JOINED_SEARCH_THREAD = """\
import threading

import requests


class Browser:
    def fast_search(self, query):
        response_thread = threading.Thread(
            target=lambda: setattr(
                threading.current_thread(),
                "response",
                requests.get("https://search.example/s", params={"query": query}),
            )
        )
        response_thread.start()
        self.search_google(query)
        response_thread.join()
        return response_thread.response.json()

    def bounded_search(self, query):
        worker = threading.Thread(target=lambda: requests.post("https://search.example/b", json={"q": query}))
        worker.start()
        worker.join(timeout=5)

    def other_join(self, query, previous):
        worker = threading.Thread(target=lambda: requests.put("https://search.example/o", json={"q": query}))
        worker.start()
        previous.join()
"""


def test_rs905_thread_the_starter_joins_untimed_says_the_starter_hangs_not_that_threads_pile_up(tmp_path):
    """open-interpreter 0.4.3 (interpreter/core/computer/browser/browser.py:44-60):
    `fast_search` runs `requests.get()` (no timeout) in a thread, then waits for
    it with `response_thread.join()` and no timeout: a hang holds `fast_search`
    itself, threads do not pile up. A join with a timeout, or a join of another
    thread, leaves the starter free: those threads still pile up."""
    result = scan_tree(tmp_path, {"svc/browser.py": JOINED_SEARCH_THREAD, "svc/setup.py": "from setuptools import setup\n"},
                       select=("RS905",))
    hits = {f.line: f for f in result.findings if f.rule_id == "RS905"}
    assert set(hits) == {12, 21, 26}, hits
    msg = hits[12].message
    assert ("blocks this worker (and, under load, every worker) until the process is restarted: `fast_search` sends it from "
            "the thread that `threading.Thread` (line 8) starts to run `<lambda>`, then waits for that thread with "
            "`response_thread.join()` and no timeout (line 17), so it hangs along with it") in msg, msg
    assert "piling up" not in msg, msg
    assert any(r.line == 17 and "waits here for the thread" in r.message for r in hits[12].related), hits[12].related
    for line in (21, 26):
        assert "one more such thread, holding a socket" in hits[line].message, hits[line].message
        assert "waits for that thread" not in hits[line].message, hits[line].message


BARE_NAME_DOWNLOADS = """\
import os

from fastapi import FastAPI
from fastapi.responses import FileResponse, StreamingResponse
from flask import Flask, send_file

api = FastAPI()
app = Flask(__name__)
BASE = "/srv/files"


@api.get("/download/{filename}")
async def download(filename: str):
    return StreamingResponse(open(filename, "rb"), media_type="application/octet-stream")


@api.get("/joined/{filename}")
async def joined(filename: str):
    return FileResponse(os.path.join(BASE, filename))


@app.route("/f/<name>")
def f(name):
    return send_file(name)


@api.delete("/rm/{filename}")
async def rm(filename: str):
    os.remove(filename)
"""


def test_rs701_one_segment_value_opened_as_the_whole_path_names_the_directory_it_reaches(tmp_path):
    """open-interpreter 0.4.3 (interpreter/core/async_core.py:705-708):
    `@router.get("/download/{filename}")` then `open(filename, "rb")`. The route
    keeps the value to one segment, but it is not joined under any base, so
    "one directory up from where it is joined" names nothing: the value opens
    any file of the working directory (Flask's `send_file`: the app's root
    path). A value joined under a base keeps the one-directory-up message."""
    result = scan_tree(tmp_path, {"svc/web.py": BARE_NAME_DOWNLOADS}, select=("RS701",))
    hits = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert {ln: (h.severity, h.probability) for ln, h in hits.items()} == {
        14: ("medium", "low"), 19: ("medium", "low"), 24: ("medium", "low"), 29: ("medium", "low")}, hits
    opened = hits[14].message
    assert ("the route admits no `/` in it (`{filename}`, line 13), but it is the whole path, joined under no base "
            "directory: a client reads or writes any file in the process's working directory by name") in opened, opened
    assert "one directory up from where it is joined" not in opened, opened
    assert "any file in the app's root path by name" in hits[24].message, hits[24].message
    assert "a client deletes any file in the process's working directory" in hits[29].message, hits[29].message
    assert "so only a lone `..` gets through: one directory up from where it is joined" in hits[19].message, hits[19].message


def test_rs501_reset_route_named_for_the_link_it_mails_and_its_sibling_that_redeems_it(tmp_path):
    """assemblyline-ui's ``/get_reset_link/`` mails a reset link
    (``send_reset_email(email, key)``) and ``/reset_pwd/`` beside it takes
    the mailed id and sets the password: the first is the request step
    (reset mails), the second the step that redeems the token.  Look-alikes:
    a share link reset at ``/share/<id>/reset_link`` mails nothing, and a
    ``/reset-password`` beside a ``/verify_reset_link`` is no redeeming step
    by that sibling."""
    files = {
        "ui/auth.py": """\
from flask import Blueprint, request

from ui.mail import send_reset_email, store_reset, take_reset

auth_api = Blueprint("auth", __name__)


@auth_api.route("/get_reset_link/", methods=["GET", "POST"])
def get_reset_link(**_):
    email = request.json.get("email")
    key = store_reset(email)
    send_reset_email(email, key)
    return {"success": True}


@auth_api.route("/reset_pwd/", methods=["GET", "POST"])
def reset_pwd(**_):
    data = request.json
    take_reset(data["reset_id"], data["password"])
    return {"success": True}
""",
        "ui/mail.py": """\
def send_reset_email(email, key):
    pass


def store_reset(email):
    return "k"


def take_reset(reset_id, password):
    pass
""",
        "ui/share.py": """\
from flask import Blueprint

from ui.mail import store_reset

share_api = Blueprint("share", __name__)


@share_api.route("/share/<int:share_id>/reset_link", methods=["POST"])
def reset_share_link(share_id):
    return {"link": store_reset(share_id)}
""",
        "other/app.py": """\
from flask import Flask, request

app = Flask(__name__)


@app.route("/verify_reset_link", methods=["POST"])
def verify_reset_link():
    return {"ok": True}


@app.route("/reset-password", methods=["POST"])
def reset_password():
    return {"sent": request.json.get("email") is not None}
""",
    }
    result = scan_tree(tmp_path, files, select=["RS501"])
    by_route = {(f.path, f.message.split(" is ")[0]): f.message for f in result.findings}
    assert "reset mails" in by_route[("ui/auth.py", "POST /get_reset_link/")]
    redeem = by_route[("ui/auth.py", "POST /reset_pwd/")]
    assert "try reset tokens" in redeem and "reset mails" not in redeem
    assert not any(path == "ui/share.py" for path, _ in by_route)
    assert "reset mails" in by_route[("other/app.py", "POST /reset-password")]


def test_rs905_session_method_picked_by_key_from_a_dict_names_the_pick_and_the_none_default(tmp_path):
    """assemblyline-ui's ``download_from_url`` picks ``session.get`` or
    ``session.post`` by key from a dict and passes ``timeout=timeout``, a
    parameter that defaults to None and that its caller leaves out."""
    files = {
        "requirements.txt": "requests==2.32.3\n",
        "fetcher.py": """\
import requests


def download_from_url(url, method="GET", timeout=None):
    session = requests.Session()
    session_function = {"GET": session.get, "POST": session.post}[method]
    return session_function(url, stream=True, timeout=timeout)


def fetch_file(url):
    return download_from_url(url, method="POST")
""",
    }
    result = scan_tree(tmp_path, files, select=["RS905"])
    msgs = [f.message for f in result.findings if f.rule_id == "RS905"]
    assert len(msgs) == 1
    assert msgs[0].startswith("`session_function()`, the requests.Session method of `session` that a dict picks by key, takes its timeout "
                              "from the parameter `timeout` of `download_from_url`, which defaults to None")


def test_rs905_untimed_request_inside_an_except_of_requests_timeout_says_the_handler_never_sees_the_hang(tmp_path):
    """assemblyline-ui's OpenID discovery (config.py) retries on
    ``requests.exceptions.Timeout`` around a ``requests.get`` given no
    timeout: the note names the handler.  Look-alikes: a handler of
    ConnectionError only, and a call whose timeout comes from a parameter
    (a caller may pass one) get no note."""
    files = {
        "requirements.txt": "requests==2.32.3\n",
        "discovery.py": """\
import time

import requests
from requests.exceptions import ConnectionError, Timeout


def load_configuration(url):
    retries = 0
    while retries < 5:
        try:
            return requests.get(url).json()
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError):
            time.sleep(min(5 ** retries, 30))
            retries += 1
    raise RuntimeError(url)


def ping(url):
    try:
        return requests.get(url)
    except ConnectionError:
        return None


def probe(url, timeout=None):
    try:
        return requests.get(url, timeout=timeout)
    except Timeout:
        return None


def check(url):
    return probe(url)
""",
    }
    result = scan_tree(tmp_path, files, select=["RS905"])
    by_line = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert by_line[11].endswith("; the `except requests.exceptions.Timeout` on line 12 never sees that hang: requests raises its Timeout "
                                "only when a timeout is given")
    assert "never sees that hang" not in by_line[20]
    assert "never sees that hang" not in by_line[27]


def test_rs905_request_run_while_a_module_is_imported_says_the_import_hangs(tmp_path):
    """assemblyline-ui's ``config.py`` calls ``load_openid_configuration``
    (a ``requests.get`` with no timeout) in its module code, and every
    module of the service imports it: the import hangs, not a request's
    worker.  Look-alikes keep the worker message: module code of a module
    no other module imports, and a function also called from a view."""
    files = {
        "requirements.txt": "requests==2.32.3\nflask==3.0.3\n",
        "web/__init__.py": "",
        "web/config.py": """\
import requests

SETTINGS = {"url": "https://id.example.com/.well-known/openid-configuration"}


def load_discovery(url):
    return requests.get(url).json()


DISCOVERY = load_discovery(SETTINGS["url"])
BANNER = requests.get("https://status.example.com/banner").text
""",
        "web/shared.py": """\
import requests


def fetch_keys(url):
    return requests.get(url).json()


KEYS = fetch_keys("https://id.example.com/keys")
""",
        "web/app.py": """\
from flask import Flask

from web.config import DISCOVERY
from web.shared import fetch_keys

app = Flask(__name__)


@app.route("/keys")
def keys():
    return fetch_keys(DISCOVERY["jwks_uri"])
""",
        "web/warmup.py": """\
import requests

requests.get("https://example.com/warm")


def main():
    return requests.get("https://example.com/ping")


if __name__ == "__main__":
    main()
""",
    }
    result = scan_tree(tmp_path, files, select=["RS905"])
    by_site = {(f.path, f.line): f.message for f in result.findings if f.rule_id == "RS905"}
    assert ("hangs the import of `web/config.py`: `load_discovery` sends the request and the module calls it at line 10, as it is "
            "imported") in by_site[("web/config.py", 7)]
    assert "hangs the import of `web/config.py`: the request runs in its module code" in by_site[("web/config.py", 11)]
    assert "hangs the import" not in by_site[("web/shared.py", 5)]
    assert "hangs the import" not in by_site[("web/warmup.py", 3)]  # a module no other module imports


def test_rs905_authlib_session_names_the_session_and_its_default_timeout(tmp_path):
    """assemblyline-ui's oAuth callback builds authlib's ``OAuth2Session``
    and calls ``fetch_token``/``get`` on it with no timeout: the message names
    authlib's session and its ``default_timeout=``, which sets one for every
    request.  requests-oauthlib's OAuth2Session (no such option) stays a
    requests.Session."""
    files = {
        "requirements.txt": "requests==2.32.3\nauthlib==1.3.2\nrequests-oauthlib==2.0.0\n",
        "sso.py": """\
from authlib.integrations.requests_client import OAuth2Session
from requests_oauthlib import OAuth2Session as LegacySession


def groups(client_id, secret, token_url, url):
    app_provider = OAuth2Session(client_id, secret, scope="openid")
    app_provider.fetch_token(token_url, grant_type="client_credentials")
    return app_provider.get(url).json()


def legacy(client_id, url):
    session = LegacySession(client_id)
    return session.get(url).json()
""",
    }
    result = scan_tree(tmp_path, files, select=["RS905"])
    by_line = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert by_line[7].startswith("`app_provider.fetch_token()` on authlib's OAuth2Session (a requests.Session, made without "
                                 "`default_timeout=`) has no timeout")
    assert by_line[8].startswith("`app_provider.get()` on authlib's OAuth2Session")
    assert by_line[13].startswith("`session.get()` on a requests.Session has no timeout")


def test_rs701_a_request_value_probed_as_the_whole_path_names_absolute_paths(tmp_path):
    """sqlite-web's `_add_dataset` (sqlite_web.py:447-450): `path = request.form.get('filename')`
    then `os.path.exists(path)`. The request value is the whole path, joined under no base:
    a client probes any file by naming it (an absolute path needs no `../`), and there is no
    base to check it against, so the message no longer says "a `../` in it" nor "reaches
    `os.path.exists`, used only by `os.path.exists`". A path joined under a base, and a
    whole-path value behind a blocklist, keep the `../` wording."""
    app = """\
import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/load", methods=["POST"])
def load():
    path = request.form.get("filename")
    if not os.path.exists(path):
        return "missing"
    return "ok"


@app.route("/has/<path:name>")
def has(name):
    return "y" if os.path.exists(os.path.join(BASE, name)) else "n"


@app.route("/is", methods=["POST"])
def is_file():
    name = request.form["f"]
    if ".." in name:
        return "no"
    return "y" if os.path.isfile(name) else "n"
"""
    server = """\
const fs = require("fs");
const express = require("express");
const app = express();
app.get("/a", (req, res) => {
  res.send(fs.existsSync(req.query.p) ? "y" : "n");
});
app.listen(3000);
"""
    result = scan_tree(tmp_path, {"app.py": app, "server.js": server}, select=("RS701",))
    got = {(f.path, f.line): (f.severity, f.probability, f.message) for f in result.findings}
    for key in (("app.py", 12), ("server.js", 5)):
        sev, prob, msg = got[key]
        assert (sev, prob) == ("low", "low"), got[key]
        assert "as the whole path" in msg and "an absolute path" in msg, msg
        assert "used only by" not in msg and "a `../` in it" not in msg and "under the base" not in msg, msg
    for key in (("app.py", 19), ("app.py", 27)):
        sev, prob, msg = got[key]
        assert (sev, prob) == ("low", "low") and "a `../` in it" in msg and "whole path" not in msg, got[key]


def test_rs905_attribute_holding_the_requests_module_says_requests_itself_is_called(tmp_path):
    # metaflow 2.19.39 (plugins/pypi/conda_environment.py:588-594): a lazy `import requests`, then
    # `self.requests = requests` and `self.requests.get(self.url, stream=True)`: requests.get itself
    files = {
        "requirements.txt": "requests\n",
        "app/lazy.py": (
            "import json\n\n\n"
            "class LazyOpen(object):\n"
            "    def __init__(self, url):\n"
            "        self.url = url\n"
            "        self.requests = None\n"
            "        self.codec = json\n\n"
            "    def download(self):\n"
            "        if self.requests is None:\n"
            "            import requests\n\n"
            "            self.requests = requests\n"
            "        response = self.requests.get(self.url, stream=True)\n"
            "        return self.codec.loads(response.content)\n\n"
            "    def probe(self):\n"
            "        return self.requests.head(self.url, timeout=5)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert sorted(got) == [15], got
    assert got[15].startswith("`self.requests.get()` (`requests.get()` itself whenever `self.requests` holds the requests module) "
                              "has no timeout: requests waits forever by default"), got


def test_rs905_names_a_member_holding_a_requests_function_as_a_member(tmp_path):
    # thingsboard-gateway review: a member its class sets to requests functions
    # (`self.__send = requests.post if ... else requests.put`) is no local name
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='svc')\n",
        "client.py": (
            "import requests\n"
            "\n"
            "\n"
            "class Pusher:\n"
            "    def __init__(self, url, method):\n"
            "        self.url = url\n"
            "        self.send = requests.post if method == 'POST' else requests.put\n"
            "\n"
            "    def push(self, body):\n"
            "        return self.send(self.url, json=body)\n"
            "\n"
            "\n"
            "def fetch(url, method):\n"
            "    call = requests.get if method == 'GET' else requests.head\n"
            "    return call(url)\n"
        ),
    }
    got = _messages_by_line(tmp_path, files, "RS905")
    assert set(got) == {10, 15}, got
    assert "`self.send()` (a member its class sets to a requests function)" in got[10]
    assert "local name" not in got[10]
    assert "`call()` (a local name for a requests function)" in got[15]


def test_rs701_fastapi_annotated_markers_name_where_the_value_comes_from(tmp_path):
    """turbinia's upload_evidence (turbinia/api/routes/evidence.py:225):
    `ticket_id: Annotated[str, Form()]` is a form field, as `ticket_id: str =
    Form()` is; the message said "(query parameter)" because only the default
    value was read for the marker.  A header in `Annotated[str, Header()]`
    likewise; a plain `str` parameter is still a query parameter."""
    app = """\
import os
from typing import Annotated

from fastapi import FastAPI, Form, Header

app = FastAPI()
BASE = "/srv/uploads"


@app.post("/upload")
def upload(ticket_id: Annotated[str, Form()]):
    os.makedirs(f"{BASE}/{ticket_id}", exist_ok=True)
    return {"ok": True}


@app.get("/export")
def export(tenant: Annotated[str, Header()], name: str):
    with open(os.path.join(BASE, tenant, name)) as f:
        return f.read()
"""
    messages = _messages_by_line(tmp_path, {"app.py": app}, "RS701")
    assert "`ticket_id` (form field)" in messages[12], messages
    assert "`tenant` (header)" in messages[18], messages
    assert "query parameter" not in messages[12], messages


def test_rs701_a_helper_called_twice_names_its_file_call_once(tmp_path):
    """turbinia's upload_evidence calls get_file_path(file.filename, ticket_id)
    twice (turbinia/api/routes/evidence.py:244 and :259); the helper's
    `os.makedirs(f'{DIR}/{ticket_id}')` (line 60) was walked once per call and
    the second walk was recorded as a second use of the path: "reaches
    `os.makedirs` and `os.makedirs`".  Two different file calls are still both
    named."""
    app = """\
import os
from typing import Annotated

from fastapi import FastAPI, Form

app = FastAPI()
BASE = "/srv/uploads"


def folder(ticket_id):
    os.makedirs(f"{BASE}/{ticket_id}", exist_ok=True)
    return ticket_id


@app.post("/upload")
def upload(ticket_id: Annotated[str, Form()]):
    folder(ticket_id)
    folder(ticket_id)
    return {"ok": True}


@app.post("/drop")
def drop(name: Annotated[str, Form()]):
    if os.path.isdir(f"{BASE}/{name}"):
        os.rmdir(f"{BASE}/{name}")
    return {"ok": True}
"""
    messages = _messages_by_line(tmp_path, {"app.py": app}, "RS701")
    msg = messages[11]
    assert "`os.makedirs` with no containment check" in msg and "`os.makedirs` and `os.makedirs`" not in msg, messages
    assert any("os.rmdir" in m for m in messages.values()), messages


def test_pool_not_closed_names_the_daemon_a_console_script_runs_through_its_click_group(tmp_path):
    # datahub-actions: the `datahub-actions` console script's click group takes
    # the `actions` group of cli/actions.py (add_command), whose `run` command is
    # the daemon's loop; an action plugin loaded by name builds an engine it
    # never disposes. The process is that daemon, not an event source's poll
    # loop that only some pipelines run.
    files = {
        "setup.py": (
            "from setuptools import setup\n"
            'setup(name="relay", packages=["relay"], entry_points={"console_scripts": ["relay = relay.entrypoints:main"]})\n'
        ),
        "relay/__init__.py": "",
        "relay/entrypoints.py": (
            "import sys\n\nimport click\nfrom prometheus_client import start_http_server\n\n"
            "from relay.cli.actions import actions\n\n\n"
            "@click.group()\n@click.option('--port', default=0)\ndef relay(port: int) -> None:\n"
            "    if port:\n        start_http_server(port)\n\n\n"
            "def main() -> None:\n    sys.exit(relay(standalone_mode=False))\n\n\n"
            "relay.add_command(actions)\n"
        ),
        "relay/cli/__init__.py": "",
        "relay/cli/actions.py": (
            "import signal\nimport sys\nimport time\nfrom importlib.metadata import entry_points\n\nimport click\n\n\n"
            "@click.group()\ndef actions() -> None:\n    pass\n\n\n"
            "def stop(signum, frame) -> None:\n    sys.exit(0)\n\n\n"
            "@actions.command()\ndef run() -> None:\n"
            "    signal.signal(signal.SIGTERM, stop)\n"
            "    (plugin,) = entry_points(group='relay.actions', name='tags')\n"
            "    plugin.load()()\n"
            "    while True:\n        time.sleep(5)\n"
        ),
        "relay/plugins/__init__.py": "",
        "relay/plugins/source.py": (
            "import time\n\n\nclass CloudSource:\n    def __init__(self) -> None:\n        self.running = True\n\n"
            "    def events(self):\n        while self.running:\n            time.sleep(1)\n            yield from ()\n"
        ),
        "relay/plugins/tags.py": (
            "from sqlalchemy import create_engine\n\n\nclass TagHelper:\n"
            "    def __init__(self, url: str) -> None:\n        self.engine = create_engine(url, pool_size=5, pool_pre_ping=True)\n\n"
            "    def close(self) -> None:\n        return\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS104",))
    got = [(f.path, f.line, [(r.path, r.line) for r in f.related]) for f in result.findings if f.rule_id == "RS104"]
    assert got == [("relay/plugins/tags.py", 6, [("relay/cli/actions.py", 23)])]
USAGE_REPORTER = """\
import time
from threading import Thread

import requests

_SERVER = "https://stats.example.com"


class UsageMessage:
    def report_usage(self, model):
        t = Thread(target=self._report_usage_worker, args=(model,), daemon=True)
        t.start()

    def _report_usage_worker(self, model):
        self._report_usage_once(model)
        self._report_continuous_usage()

    def _report_usage_once(self, model):
        self._send_to_server({"model": model})

    def _report_continuous_usage(self):
        while True:
            time.sleep(600)
            self._send_to_server({"alive": True})

    def _send_to_server(self, data):
        try:
            with requests.Session() as client:
                client.post(_SERVER, json=data)
        except requests.exceptions.RequestException:
            pass
"""


def test_rs905_thread_reaching_the_request_through_two_callers_says_the_thread_hangs(tmp_path):
    """vllm 0.34.0 (vllm/usage/usage_lib.py:153-271): `report_usage` starts a
    daemon thread running `_report_usage_worker`, which calls
    `_report_usage_once` and then `_report_continuous_usage` (a `while True`
    loop, every ten minutes); both call `_send_to_server`, whose
    Session.post() has no timeout. A hang stalls that background thread; it
    blocks no serving worker."""
    result = scan_tree(tmp_path, {"svc/usage.py": USAGE_REPORTER, "svc/setup.py": "from setuptools import setup\n"}, select=("RS905",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert set(msgs) == {29}, msgs
    msg = msgs[29]
    assert ("hangs for good the worker thread that `threading.Thread` in `report_usage` (line 11) starts to run "
            "`_report_usage_worker` (which calls `_send_to_server` through `_report_continuous_usage` or `_report_usage_once`): "
            "that worker takes no more work") in msg, msg
    assert "every worker" not in msg.split(":", 1)[0] and "blocks this worker" not in msg, msg


def test_rs905_request_also_reached_outside_the_thread_keeps_the_worker_message(tmp_path):
    """The same reporter whose `_report_usage_once` a request handler also
    calls directly: the request runs in the serving worker too, so the
    finding keeps saying that it blocks the worker."""
    code = USAGE_REPORTER + """

def usage_view(request, reporter: UsageMessage):
    reporter._report_usage_once(request.model)
    return "ok"
"""
    result = scan_tree(tmp_path, {"svc/usage.py": code, "svc/setup.py": "from setuptools import setup\n"}, select=("RS905",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS905"}
    assert set(msgs) == {29}, msgs
    assert "blocks this worker" in msgs[29] and "thread that" not in msgs[29], msgs[29]


def test_server_made_by_a_project_factory_then_listened_is_named_as_written(tmp_path):
    """cors-anywhere's server.js: ``cors_proxy.createServer({...}).listen(port)``
    on a factory of the package's own module (``require('./lib/cors-anywhere')``)
    is named ``cors_proxy.createServer().listen()``, not a bare ``.listen()``;
    a receiver made by two chained calls is not given the first call's name."""
    files = {
        "package.json": '{"name": "proxy", "dependencies": {}}',
        "lib/proxy.js": "exports.createServer = function (opts) {\n  return require('http').createServer(function (req, res) { res.end(); });\n};\n",
        "server.js": (
            "var cors_proxy = require('./lib/proxy');\n"
            "cors_proxy.createServer({\n  xfwd: false,\n}).listen(8080, '0.0.0.0', function () {});\n"
        ),
    }
    result = scan_tree(tmp_path / "one", files, select=("RS901", "RS903", "RS906"))
    got = {f.rule_id: f.message for f in result.findings}
    assert "starts an HTTP server (`cors_proxy.createServer().listen()`)" in got["RS901"], got["RS901"]
    assert "(`cors_proxy.createServer().listen()` in server.js)" in got["RS903"], got["RS903"]
    assert "(`cors_proxy.createServer().listen()` in server.js)" in got["RS906"], got["RS906"]
    # two calls make the receiver: neither one's name alone says what listens
    files["server.js"] = "var cors_proxy = require('./lib/proxy');\ncors_proxy.createServer({}).on('request', log).listen(8080);\n"
    result = scan_tree(tmp_path / "two", files, select=("RS903",))
    messages = [f.message for f in result.findings]
    assert len(messages) == 1 and "(`.listen()` in server.js)" in messages[0], messages


def test_unguarded_status_message_names_another_objects_class_as_written(tmp_path):
    """A Django update through another object's class (Pootle's
    ``UserPurger.revert_units_reviewed``: ``unit.__class__.objects.filter(id=unit.id).update(...)``)
    names the manager as written, not the class of the method it is in;
    ``self.__class__.objects`` still names the enclosing model."""
    files = {
        "accounts/utils.py": (
            "from django.db import models\n\n\n"
            "class UserPurger(object):\n"
            "    def revert(self, unit, new_state):\n"
            "        unit.__class__.objects.filter(id=unit.id).update(state=new_state)\n\n\n"
            "class Job(models.Model):\n"
            "    def start(self):\n"
            "        self.__class__.objects.filter(pk=self.pk).update(status='running')\n"
        ),
    }
    by_line = _messages_by_line(tmp_path, files, "RS304")
    assert set(by_line) == {6, 11}, by_line
    assert by_line[6].startswith("Django `unit.__class__.objects…update(state=…)` in `UserPurger.revert`"), by_line[6]
    assert by_line[11].startswith("Django `Job.objects…update(status=…)` in `Job.start`"), by_line[11]


def test_rs501_flask_basicauth_names_the_configured_credentials_and_the_guarded_route(tmp_path):
    """webhook-server: Flask-BasicAuth's `BasicAuth(app)` compares the Basic
    credentials with the app's BASIC_AUTH_USERNAME/BASIC_AUTH_PASSWORD; the
    route it guards (in another module, through `from . import basic_auth`)
    is a sign-in, reported at the `BasicAuth` construction, with the
    configuration it checks against and the guarded route."""
    files = {
        "pyproject.toml": '[project]\nname = "relay"\ndependencies = ["Flask", "Flask-BasicAuth"]\n',
        "relay/__init__.py": """\
from flask import Flask
from flask_basicauth import BasicAuth

app = Flask(__name__)
basic_auth = BasicAuth(app)

from . import views
""",
        "relay/views.py": """\
from flask import jsonify

from . import app, basic_auth


@app.route("/telegram/<chat_id>", methods=["POST"])
@basic_auth.required
def relay(chat_id):
    return jsonify({})
""",
    }
    res = scan_tree(tmp_path, files, select=["RS501"])
    hits = [f for f in res.findings if f.rule_id == "RS501"]
    assert [(f.path, f.line) for f in hits] == [("relay/__init__.py", 5)]
    msg = hits[0].message
    assert "`basic_auth` (Flask-BasicAuth `BasicAuth`)" in msg
    assert "the app's `BASIC_AUTH_USERNAME`/`BASIC_AUTH_PASSWORD` configuration" in msg
    assert "the route `@basic_auth.required` guards (POST /telegram/<chat_id> at relay/views.py:6)" in msg
    assert "can guess the configured password" in msg


_ASYNC_RECONNECT_LOOP = """\
import asyncio
import logging

from nio import AsyncClient

log = logging.getLogger(__name__)


async def main():
    client = AsyncClient("https://matrix.example.org", "@bot:example.org")
    while True:
        try:
            await client.login(password="x")
            await client.sync_forever(timeout=30000)
        except Exception:
            log.exception("sync failed")
            await asyncio.sleep(15)
        finally:
            await client.close()


if __name__ == "__main__":
    asyncio.run(main())
"""

_SYNC_LOOP_BESIDE_COROUTINE = """\
import asyncio
import logging
import time

import requests

log = logging.getLogger(__name__)


async def warm_up():
    await asyncio.sleep(0)


def main():
    asyncio.run(warm_up())
    while True:
        requests.post("https://example.org/beat", timeout=5)
        time.sleep(15)


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(("source", "fix", "not_fix"), [
    (_ASYNC_RECONNECT_LOOP, "`loop.add_signal_handler(signal.SIGTERM, ...)` that cancels the task running the loop", "signal.signal"),
    (_SYNC_LOOP_BESIDE_COROUTINE, "install a handler with signal.signal that stops the loop", "add_signal_handler"),
])
def test_python_loop_shutdown_advice_fits_async_loops(tmp_path, source, fix, not_fix):
    """matrix-reminder-bot 0.4.0, main.py:66: the daemon's ``while True:``
    runs in ``async def main()`` around ``await client.sync_forever()``; a
    flag set by a ``signal.signal`` handler cannot interrupt that await, so
    the advice is the event loop's ``add_signal_handler`` cancelling the
    task. A loop in a plain ``def`` (beside a coroutine of the same file)
    keeps the ``signal.signal`` advice."""
    files = {"bot/requirements.txt": "matrix-nio\nrequests\n", "bot/main.py": source}
    msgs = _rs901_findings(tmp_path, files)
    assert len(msgs) == 1, msgs
    assert fix in msgs[0][2] and not_fix not in msgs[0][2], msgs


_GRPC_KEPT_UP = """\
import logging
import time
from concurrent import futures

import grpc

log = logging.getLogger(__name__)


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    server.add_insecure_port("[::]:50051")
    server.start()
    log.info("serving")
    try:
        while True:
            time.sleep(60 * 60)
    except KeyboardInterrupt:
        server.stop(None)


if __name__ == "__main__":
    serve()
"""


def test_grpc_keep_alive_loop_says_its_rpcs_are_cut_off(tmp_path):
    """seldon-core 1.19.0's microservice.py:450 (``_wait_forever``): the
    ``while True: time.sleep(3600)`` loop keeping a ``grpc.server()`` up
    stops it in ``except KeyboardInterrupt`` only.  grpcio installs no
    signal handler, so a gRPC server is no framework that handles SIGTERM:
    RS910 reports the loop, naming the server and its RPCs in flight (not
    a job of the loop) and ``server.stop(grace)``; with no stop handling
    at all, RS901 does."""
    files = {"requirements.txt": "grpcio\n", "svc/__init__.py": "", "svc/server.py": _GRPC_KEPT_UP}
    result = scan_tree(tmp_path / "int", files, select=("RS901", "RS910"))
    got = [(f.rule_id, f.path, f.line, f.message, [(r.path, r.line) for r in f.related]) for f in result.findings]
    assert [(r, p, n) for r, p, n, _m, _rel in got] == [("RS910", "svc/server.py", 16)], got
    msg = got[0][3]
    assert "keeps its gRPC server (`grpc.server()`, line 11) up, whose stop handling (svc/server.py:18)" in msg, msg
    assert "the server's RPCs in flight are cut off" in msg and "job in progress" not in msg, msg
    assert "calls `server.stop(grace)`" in msg, msg
    bare = _GRPC_KEPT_UP.replace("    try:\n", "    if True:\n").replace("    except KeyboardInterrupt:\n", "    if False:\n")
    files = {"requirements.txt": "grpcio\n", "svc/__init__.py": "", "svc/server.py": bare}
    msgs = _rs901_findings(tmp_path / "none", files)
    assert [(p, n, rel) for p, n, _m, rel in msgs] == [("svc/server.py", 16, [("svc/server.py", 11)])], msgs
    msg = msgs[0][2]
    assert "keeps its gRPC server (`grpc.server()`, line 11) up, with no SIGTERM/SIGINT handling" in msg, msg
    assert "grpcio installs no signal handler" in msg and "RPCs in flight are cut off" in msg, msg
    assert "job being processed" not in msg, msg


def test_worker_loop_beside_no_grpc_server_keeps_its_job_wording(tmp_path):
    """Look-alike: a worker loop in a module that only calls a gRPC client
    (a channel and a stub, no ``grpc.server()``) is a job loop: its RS901
    message still speaks of the job being processed, and names no server."""
    code = _GRPC_KEPT_UP.replace(
        "    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))\n"
        "    server.add_insecure_port(\"[::]:50051\")\n    server.start()\n",
        "    channel = grpc.insecure_channel(\"backend:50051\")\n    channel.unary_unary(\"/svc.Jobs/Next\")(b\"\", timeout=5)\n",
    ).replace("    try:\n", "    if True:\n").replace("    except KeyboardInterrupt:\n        server.stop(None)\n", "")
    files = {"requirements.txt": "grpcio\n", "svc/__init__.py": "", "svc/worker.py": code}
    msgs = _rs901_findings(tmp_path, files)
    assert len(msgs) == 1, msgs
    msg = msgs[0][2]
    assert "job being processed" in msg and "gRPC" not in msg, msg


def test_rs905_timeout_member_only_ever_none_names_the_member_and_its_assignment(tmp_path):
    # alignak's MonitorConnection (alignak/monitor.py:57, :100): `self.timeout = None` in __init__, then
    # `self.session.request(..., timeout=self.timeout)`: the message says the timeout comes from that member
    # and where the class sets it to None, not that the call spells `timeout=None`
    files = {
        "requirements.txt": "requests\n",
        "monitor.py": (
            "import requests\n\n\n"
            "class MonitorConnection(object):\n"
            "    def __init__(self, endpoint):\n"
            "        self.endpoint = endpoint\n"
            "        self.session = requests.Session()\n"
            "        self.timeout = None\n\n"
            "    def get_response(self, method, path):\n"
            "        return self.session.request(method=method, url=self.endpoint + path, timeout=self.timeout)\n"
        ),
    }
    msgs = _messages_by_line(tmp_path, files, "RS905")
    assert list(msgs) == [11], msgs
    assert msgs[11].startswith("`self.session.request()` on a requests.Session passes timeout=self.timeout, which its class only "
                               "ever sets to None (line 8): requests then waits forever"), msgs[11]


CARBON_IFACE = """\
import threading
import time
from urllib.request import Request, urlopen


class CarbonIface(object):
    def __init__(self, event_url):
        self.event_url = event_url

    def add_event(self, what):
        req = Request(self.event_url, data=what.encode())
        try:
            urlopen(req)
        except Exception:
            pass


if __name__ == '__main__':
    def keep_updating():
        t = threading.Timer(1, keep_updating)
        carbon.add_event('Random event')
        t.start()
    carbon = CarbonIface('http://graphite/events/')
    keep_updating()
"""


@pytest.mark.parametrize("imported", [True, False])
def test_rs905_thread_in_an_imported_modules_main_block_is_its_demo(tmp_path, imported):
    """alignak 2.1.5 (alignak/misc/carboniface.py:149, :155-182): the
    `urlopen` of CarbonIface.add_event has no timeout, and the module's
    `if __name__ == '__main__':` demo restarts a threading.Timer that calls
    it; alignak/stats.py imports the class, so the service never runs that
    block and the message must not tell of threads piling up.  The same
    file run as a script (nothing imports it) keeps the thread account."""
    files = {"svc/setup.py": "from setuptools import setup\n", "svc/pkg/__init__.py": "", "svc/pkg/carboniface.py": CARBON_IFACE}
    if imported:
        # (parsed: it sends with requests too)
        files["svc/pkg/stats.py"] = ("import requests\n\nfrom pkg.carboniface import CarbonIface\n\n\ndef connect(url):\n"
                                     "    requests.head(url, timeout=5)\n    return CarbonIface(url)\n")
    msgs = _messages_by_line(tmp_path, files, "RS905")
    assert set(msgs) == {13}, msgs
    if imported:
        assert "piling up" not in msgs[13] and "threading.Timer" not in msgs[13], msgs[13]
    else:
        assert "hangs for good the thread that `threading.Timer` in `keep_updating` (line 20) starts to run `keep_updating`" in msgs[13], msgs[13]
FLASK_SOCK_APP = """\
from flask import Flask
from flask_sock import Sock

app = Flask(__name__)
%s
sock = Sock(app)


@sock.route("/echo")
def echo(ws):
    while True:
        ws.send(ws.receive())
"""

SIMPLE_WS_HANDLER = """\
from flask import Flask, request
from simple_websocket import Server

app = Flask(__name__)


@app.route("/ws")
def notify():
    ws = Server(request.environ, %s)
    while True:
        ws.send(ws.receive())
"""


def test_uncapped_flask_sock_route_message_notes_simple_websocket_takes_messages_of_any_size(tmp_path):
    """mesop's `handle_websocket` Flask-Sock route: no SOCK_SERVER_OPTIONS, so
    simple-websocket's max_message_size stays None (no limit) and RS402 says
    so; an app that sets its server options (how is not followed) gets no note."""
    (msg,) = _rs402_messages(tmp_path / "a", {"app.py": FLASK_SOCK_APP % ""})
    assert msg.endswith("SOCK_SERVER_OPTIONS sets no max_message_size either (simple-websocket's default, None, is no limit), "
                        "so a single message of any size is taken whole into memory"), msg
    (msg,) = _rs402_messages(tmp_path / "b", {"app.py": FLASK_SOCK_APP % "app.config['SOCK_SERVER_OPTIONS'] = {'max_message_size': 2 ** 20}"})
    assert "max_message_size" not in msg and "any size" not in msg, msg


def test_uncapped_simple_websocket_server_message_notes_an_unset_max_message_size(tmp_path):
    """simple_websocket.Server built in a handler with no max_message_size (or
    given None) takes messages of any size; one given a size, or options
    spread from a mapping riskscan does not read, gets no note."""
    for i, args in enumerate(("ping_interval=25", "ping_interval=25, max_message_size=None")):
        (msg,) = _rs402_messages(tmp_path / f"a{i}", {"app.py": SIMPLE_WS_HANDLER % args})
        assert msg.endswith("; max_message_size is not set either (simple-websocket's default, None, is no limit), "
                            "so a single message of any size is taken whole into memory"), msg
    for i, args in enumerate(("ping_interval=25, max_message_size=65536", "None, 4096, 25, 65536", "**app.config['WS_OPTIONS']")):
        (msg,) = _rs402_messages(tmp_path / f"b{i}", {"app.py": SIMPLE_WS_HANDLER % args})
        assert "max_message_size" not in msg and "any size" not in msg, msg


def test_rs203_flow_producer_names_the_host_of_its_first_argument(tmp_path):
    """A BullMQ FlowProducer takes its options first (it has no queue name):
    the host written there is the one the message names, not Redis's default."""
    files = {
        "flows.js": (
            "const { FlowProducer } = require('bullmq');\n"
            "const flows = new FlowProducer({ connection: { host: 'redis-flows.internal', port: 6379 } });\n"
            "flows.add({ name: 'render', queueName: 'renders', data: {}, children: [] });\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS203",))
    found = [f for f in result.findings if f.rule_id == "RS203"]
    assert len(found) == 1 and found[0].line == 2
    assert "redis-flows.internal" in found[0].message
    assert "localhost:6379" not in found[0].message


def test_rs303_unbuilt_queue_is_named_by_the_library_its_file_imports(tmp_path):
    """A queue handed in (no construction to read) is named after the queue
    library its module imports: a BullMQ adapter's drain() is BullMQ's, a
    Bull adapter's empty() Bull's."""
    files = {
        "adapters/bullmq.js": (
            "const { Queue } = require('bullmq');\n"
            "class BullMQAdapter {\n"
            "  constructor(queue) { if (!(queue instanceof Queue)) throw new Error('no'); this.queue = queue; }\n"
            "  empty() { return this.queue.drain(); }\n"
            "}\n"
            "module.exports = { BullMQAdapter };\n"
        ),
        "adapters/bull.js": (
            "const Bull = require('bull');\n"
            "class BullAdapter {\n"
            "  constructor(queue) { if (!(queue instanceof Bull)) throw new Error('no'); this.queue = queue; }\n"
            "  empty() { return this.queue.empty(); }\n"
            "}\n"
            "module.exports = { BullAdapter };\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS303",))
    by_path = {f.path: f.message for f in result.findings if f.rule_id == "RS303"}
    assert set(by_path) == {"adapters/bullmq.js", "adapters/bull.js"}
    assert "(BullMQ)" in by_path["adapters/bullmq.js"]
    assert "(Bull)" in by_path["adapters/bull.js"]


def test_rs303_unbuilt_queue_in_a_bullmq_only_project_is_bullmq(tmp_path):
    """A module that imports no queue library (a handler handed the queue) in
    a project that uses only BullMQ names the queue BullMQ's."""
    files = {
        "queues.js": "const { Queue } = require('bullmq');\nmodule.exports = { renders: new Queue('renders') };\n",
        "admin.js": "async function reset(queue) { await queue.obliterate({ force: true }); }\nmodule.exports = { reset };\n",
    }
    result = scan_tree(tmp_path, files, select=("RS303",))
    found = [f for f in result.findings if f.rule_id == "RS303" and f.path == "admin.js"]
    assert len(found) == 1 and "(BullMQ)" in found[0].message


def test_rs902_spans_the_call_it_points_at_as_the_other_service_rules_do(tmp_path):
    # dyson 4.1.0 lib/dyson.js:39: RS901, RS903 and RS906 end where the call they point at ends,
    # RS902 ran on to the end of the line (its `;`)
    server = (
        "const express = require('express');\nconst app = express();\n"
        "app.get('/x', (req, res) => { console.log('x'); res.send('ok'); });\n"
        "app.listen(3000);\n"
    )
    result = scan_tree(tmp_path, {"package.json": '{"name": "svc"}', "server.js": server}, select=("RS902",))
    (f,) = [f for f in result.findings if f.rule_id == "RS902"]
    line = server.splitlines()[f.line - 1]
    assert (f.end_line, line[f.column - 1:f.end_column - 1]) == (f.line, "console.log('x')")


def test_rs304_spread_values_parameter_names_the_callers_that_pass_the_status(tmp_path):
    """ckanext-xloader's ``_update_job(job_id, job_dict)`` spreads its
    parameter into ``.values(**job_dict)``; the callers that pass a dict
    setting ``status`` (in its own module and in another) are named in
    ``related``, and one that sets no status (``delete_api_key``) is not."""
    files = {
        "pkg/__init__.py": "",
        "pkg/db.py": (
            "import sqlalchemy\n\n"
            "ENGINE = sqlalchemy.create_engine('postgresql://localhost/jobs')\n"
            "JOBS = sqlalchemy.Table('jobs', sqlalchemy.MetaData())\n\n\n"
            "def _update_job(job_id, job_dict):\n"
            "    with ENGINE.begin() as conn:\n"
            "        conn.execute(JOBS.update().where(JOBS.c.job_id == job_id).values(**job_dict))\n\n\n"
            "def mark_job_as_completed(job_id):\n"
            "    _update_job(job_id, {'status': 'complete'})\n\n\n"
            "def delete_api_key(job_id):\n"
            "    _update_job(job_id, {'api_key': None})\n"
        ),
        "pkg/jobs.py": "from . import db\n\n\ndef fail(job_id):\n    db._update_job(job_id, {'status': 'error', 'error': 'boom'})\n",
    }
    result = scan_tree(tmp_path, files, select=("RS304",))
    found = [f for f in result.findings if f.rule_id == "RS304"]
    assert [(f.path, f.line) for f in found] == [("pkg/db.py", 9)], found
    assert "`JOBS.update().values(**job_dict)`, with the `status` its callers pass, in `_update_job`" in found[0].message, found[0].message
    assert sorted((r.path, r.line) for r in found[0].related) == [("pkg/db.py", 13), ("pkg/jobs.py", 5)], found[0].related


def test_rs304_core_table_update_names_its_table(tmp_path):
    """A Core table's own ``update()`` (ckanext-xloader's
    ``JOBS_TABLE.update().where(...).values(...)``) names the table on its
    receiver: the message names it as written, not an empty ``update()``;
    ``update(Job)`` and a receiver that is no plain name keep their wording."""
    files = {
        "app/jobs.py": (
            "import sqlalchemy as sa\n"
            "from app.models import Job, JOBS_TABLE\n\n\n"
            "def a(conn, job_id):\n"
            "    conn.execute(JOBS_TABLE.update().where(JOBS_TABLE.c.job_id == job_id).values(status='done'))\n\n\n"
            "def b(conn, job_id):\n"
            "    conn.execute(Job.__table__.update().where(Job.__table__.c.id == job_id).values(state='done'))\n\n\n"
            "def c(conn, job_id):\n"
            "    conn.execute(sa.update(Job).where(Job.id == job_id).values(status='done'))\n\n\n"
            "def d(conn, job_id):\n"
            "    conn.execute(sa.Table('jobs', sa.MetaData()).update().where(sa.column('id') == job_id).values(status='done'))\n"
        ),
    }
    by_line = _messages_by_line(tmp_path, files, "RS304")
    assert set(by_line) == {6, 10, 14, 18}, by_line
    assert by_line[6].startswith("SQLAlchemy `JOBS_TABLE.update().values(status=…)` in `a`"), by_line[6]
    assert by_line[10].startswith("SQLAlchemy `Job.__table__.update().values(state=…)` in `b`"), by_line[10]
    assert by_line[14].startswith("SQLAlchemy `update(Job).values(status=…)` in `c`"), by_line[14]
    assert by_line[18].startswith("SQLAlchemy `update().values(status=…)` in `d`"), by_line[18]


def test_rs905_python2_xmlrpclib_proxy_names_xmlrpclib(tmp_path):
    # diamond's supervisord collector (Python 2): `xmlrpclib.Server(uri)` is xmlrpclib's proxy, not xmlrpc.client's;
    # the message names the module the code uses, and Python 3's stays as it was
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='collectors')\n",
        "collectors/supervisord.py": (
            "import xmlrpclib\n\n\n"
            "def processes(uri):\n"
            "    return xmlrpclib.Server(uri).supervisor.getAllProcessInfo()\n"
        ),
        "collectors/supervisord3.py": (
            "import xmlrpc.client as xmlrpclib\n\n\n"
            "def processes(uri):\n"
            "    return xmlrpclib.ServerProxy(uri).supervisor.getAllProcessInfo()\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = {f.path: f.message for f in result.findings if f.rule_id == "RS905"}
    assert sorted(got) == ["collectors/supervisord.py", "collectors/supervisord3.py"], got
    assert got["collectors/supervisord.py"].startswith("`xmlrpclib.Server()` uses xmlrpclib's default transport, "), got
    assert got["collectors/supervisord3.py"].startswith("`xmlrpclib.ServerProxy()` uses xmlrpc.client's default transport, "), got


OMERO_API_URLS = '''\
import re

from django.urls import re_path

from . import api_settings, views

versions = "|".join([re.escape(v) for v in api_settings.API_VERSIONS])
prefix = api_settings.PREFIX

api_login = re_path(r"^v(?P<api_version>%s)/login/$" % versions, views.LoginView.as_view(), name="api_login")
api_signin = re_path(r"^%ssignin/$" % prefix, views.LoginView.as_view(), name="api_signin")

urlpatterns = [api_login, api_signin]
'''


def test_django_route_names_a_formatted_value_that_fills_a_whole_regex_group(tmp_path):
    """omero-web 5.33.2's api/urls.py:54 serves ``r"^v(?P<api_version>%s)/login/$"
    % versions`` (versions joined from settings): the message named the route
    ``/v(?P<api_version>)/login/``, a group that matches only the empty string;
    it names the value that fills the group. A prefix held in a setting (not a
    group's body) is still left out of the path."""
    files = {"requirements.txt": "django\n", "api/urls.py": OMERO_API_URLS, "api/__init__.py": ""}
    result = scan_tree(tmp_path, files, select=("RS501",))
    paths = sorted(f.message.split(" is a credential endpoint")[0] for f in result.findings if f.rule_id == "RS501")
    assert paths == ["route /signin/", "route /v(?P<api_version>{versions})/login/"], paths


def test_rs701_lexical_relative_to_of_an_unresolved_path_is_a_weak_guard_named_as_such(tmp_path):
    """nbhosting's ``locate_notebook`` (edxfront/views.py): ``c.relative_to(top)``
    of ``top / notebook`` compares the parts as written, so ``top/../x``
    passes it: a weak guard (medium/low), and the message says that a
    ``../`` passes, not that it is a blocklist of encodings; resolved first,
    the same test is a containment check (no finding)."""
    app = """\
from pathlib import Path
from flask import Flask

app = Flask(__name__)
BASE = Path("/srv/notebooks")

@app.route("/nb/<path:name>")
def notebook(name):
    p = BASE / name
    p.relative_to(BASE)
    return p.read_text()

@app.route("/ok/<path:name>")
def resolved(name):
    p = (BASE / name).resolve()
    p.relative_to(BASE)
    return p.read_text()
"""
    result = scan_tree(tmp_path, {"requirements.txt": "flask\n", "app.py": app}, select=("RS701",))
    found = {f.line: f for f in result.findings if f.rule_id == "RS701"}
    assert sorted(found) == [9], found
    weak = found[9]
    assert (weak.severity, weak.probability) == ("medium", "low")
    assert "guarded only by a containment check on a path never resolved (`p.relative_to(BASE)`, line 10)" in weak.message, weak.message
    assert "a `../` in it passes" in weak.message, weak.message


def test_rs905_request_made_by_a_serving_click_group_names_the_start_up_it_hangs(tmp_path):
    # cellxgene 1.3.0: `@click.group() def cli()` checks GitHub for a release
    # (server/cli/upgrade.py, requests.get with no timeout) before each command,
    # `launch` (which serves the Flask app) among them: the service never comes
    # up, no worker of it is blocked
    files = {
        "setup.py": 'from setuptools import setup\nsetup(name="viewer", entry_points={"console_scripts": ["viewer = viewer.cli.main:cli"]})\n',
        "viewer/__init__.py": "",
        "viewer/app.py": "from flask import Flask\n\n\nclass Server:\n    def __init__(self):\n        self.app = Flask(__name__)\n",
        "viewer/cli/__init__.py": "",
        "viewer/cli/launch.py": (
            "import click\n\nfrom viewer.app import Server\n\n\nclass LaunchServer(Server):\n    pass\n\n\n"
            "@click.command()\ndef launch():\n    LaunchServer().app.run(port=5005)\n"),
        "viewer/cli/upgrade.py": (
            "import requests\n\n\ndef releases():\n    return requests.get('https://api.github.com/repos/acme/viewer/releases').json()\n\n\n"
            "def check_upgrade():\n    return releases()[0]['tag_name']\n"),
        "viewer/cli/main.py": (
            "import click\n\nfrom .launch import launch\nfrom .upgrade import check_upgrade\n\n\n"
            "@click.group()\ndef cli():\n    check_upgrade()\n\n\ncli.add_command(launch)\n"),
    }
    result = scan_tree(tmp_path, files, select=("RS905",))
    got = [(f.path, f.line, f.message, [(r.path, r.line) for r in f.related]) for f in result.findings if f.rule_id == "RS905"]
    assert len(got) == 1, got
    path, line, msg, related = got[0]
    assert (path, line) == ("viewer/cli/upgrade.py", 5), got
    assert "hangs the start-up of the service: click runs the group `cli` (viewer/cli/main.py:8) before each of its commands, `launch`" in msg, msg
    assert "blocks this worker" not in msg, msg
    assert ("viewer/cli/main.py", 8) in related, related
