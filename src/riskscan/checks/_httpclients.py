"""Outgoing HTTP calls that can wait forever (RS905).

``untimed_calls(project)`` lists the calls of HTTP client libraries that have
no timeout:

* Python: ``requests`` functions and ``requests.Session`` methods with no
  ``timeout`` (a session with a custom adapter mounted, a patched
  ``request``/``send`` or a ``timeout`` attribute is left alone, and so is a
  project that monkeypatches ``requests``, unless the patch only wraps
  what it replaces and hands its keyword arguments on untouched), and
  objectrest's module functions and Session methods, which hand theirs to
  requests; urllib3 ``PoolManager`` /
  connection pools created and called without ``timeout`` (also one another
  module makes at its top level and the caller imports); ``urlopen`` with no
  timeout (unless ``socket.setdefaulttimeout`` is called); httpx and aiohttp
  only with an explicit ``timeout=None`` (their defaults are finite); Twisted
  ``Agent`` requests and treq's request functions with no ``timeout=``, unless
  the service bounds Deferreds (``addTimeout``...); keystoneauth1 Sessions,
  python-swiftclient Connections (and its own ``http_connection()`` /
  ``HTTPConnection``, and its module functions called without ``http_conn``), jira's ``JIRA``, twilio's REST ``Client`` (made without an ``http_client``) and ``TwilioHttpClient``, exotel's ``Exotel`` and py-couchdb's ``pycouchdb.Server`` (which take no timeout), python-jenkins' ``Jenkins`` (unless ``socket.setdefaulttimeout`` is called), huggingface_hub's ``InferenceClient``, influxdb-python's ``InfluxDBClient``, PyMISP
  and HdfsCLI's WebHDFS clients made with no ``timeout``, python-novaclient / python-cinderclient /
  python-keystoneclient, python-neutronclient, python-manilaclient, python-troveclient and
  python-karborclient clients made from credentials (no ``session=``) with no ``timeout``,
  assemblyline_client's ``get_client()`` with no ``timeout``,
  openstacksdk Connections made from credentials alone with no ``api_timeout``;
  kubernetes client API calls with no ``_request_timeout`` (``_kubeclient``);
  pycurl handles ``perform()``ed with no ``TIMEOUT``/``TIMEOUT_MS`` or low-speed
  abort set (libcurl's transfer timeout is never by default).
* JS/TS: axios with no ``timeout`` (or ``signal``) per call, on the
  ``axios.create`` instance, or in ``axios.defaults`` / a request interceptor
  anywhere in the project; NestJS's ``HttpService`` (@nestjs/axios) likewise,
  its instance being the one the ``HttpModule`` of the providing Nest module
  makes (``_NestHttp``);
  ``fetch`` / node-fetch without a ``signal``; got without ``timeout``.

Options that cannot be known (a variable, an unresolved spread, ``**kwargs``)
count as set.  Browser code (UI components, client bundles) is skipped.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..facts import ARR, BOOL, CALL, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Val, from_json
from ..lazyre import lazy_re
from ..model import Related
from ..project import _split_module, scope_chain
from ._cli import main_block_call, run_by_hand
from ._memo import funcs_by_id, methods_of, per_calls, per_file, per_list, per_project
from ._resolve import assigned_before, assigned_calls, call_sites, callee_funcs, chained_on, class_constructions, definitions, fn_of_val, imported_target, last_name, module_and_attr, py_reexported, walk_vals
from ._reach import enclosing_class, func_label, is_context_manager
from ._routes import class_bases, is_mock, project_class
from ._services import example_code, in_desktop_app, is_browser, runs_in_node
from ._greentimeout import green_bounded
from ._watchdog import alarm_bounded
from ._grpcstubs import grpc_deadlines_elsewhere, grpc_unary_call, grpc_untimed_message
from ._kubeclient import KUBE_CLIENT_ROOTS, is_kube_api_ctor, kube_api_class, kube_untimed_message, kube_watch_message, kube_watch_stream
from ._longrun import importers_of

if TYPE_CHECKING:
    from ..project import Project

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
# objectrest, a thin requests wrapper: its module functions (also their `_json`/`_object` forms) and its Session's
# methods hand their keyword arguments to requests unchanged and set no timeout of their own (its `async_*`
# functions and AsyncSession use httpx, whose default timeout is finite)
_OBJECTREST_FUNCS = {f"objectrest.{v}" for v in ("head", "options")} | {
    f"objectrest.{v}{form}" for v in ("get", "post", "put", "patch", "delete") for form in ("", "_json", "_object")}
_OBJECTREST_SESSIONS = ("objectrest.Session", "objectrest.session.Session")
_REQUESTS_FUNCS = {f"requests.{v}" for v in _VERBS} | {f"requests.api.{v}" for v in _VERBS} | _OBJECTREST_FUNCS
# functions that run the function they are handed in a pool thread: (where among the positional
# arguments that function is, whether the keyword arguments go to it); methods (`loop.run_in_executor`,
# an executor's `submit`) by name, the rest by their full name
_THREAD_OFFLOADERS = {
    "asyncio.to_thread": (0, True), "starlette.concurrency.run_in_threadpool": (0, True),
    "fastapi.concurrency.run_in_threadpool": (0, True), "anyio.to_thread.run_sync": (0, False),
}
_THREAD_OFFLOAD_METHODS = {"run_in_executor": (1, False), "submit": (0, True)}
# a Session's verbs, and send() of a prepared request (also no timeout unless given)
_SESSION_METHODS = (*_VERBS, "send", "fetch_token", "refresh_token")
_AUTHLIB_SESSIONS = (
    "authlib.integrations.requests_client.OAuth2Session", "authlib.integrations.requests_client.oauth2_session.OAuth2Session",
    "authlib.integrations.requests_client.OAuth1Session", "authlib.integrations.requests_client.oauth1_session.OAuth1Session",
    "authlib.integrations.requests_client.AssertionSession", "authlib.integrations.requests_client.assertion_session.AssertionSession",
    "authlib.client.OAuth2Session", "authlib.client.OAuth1Session", "authlib.client.AssertionSession",  # (before authlib 0.15)
)
_SESSIONS = ("requests.Session", "requests.session", "requests.sessions.Session", "requests.sessions.session",
             # requests_oauthlib's sessions are requests Sessions (their token calls take `timeout=` too)
             "requests_oauthlib.OAuth2Session", "requests_oauthlib.OAuth1Session", "requests_oauthlib.oauth2_session.OAuth2Session",
             "requests_oauthlib.oauth1_session.OAuth1Session",
             # so are authlib's requests integration's; they time out only when built with `default_timeout=`
             *_AUTHLIB_SESSIONS,
             # objectrest's Session holds a requests.Session and hands each method's keyword arguments to it
             *_OBJECTREST_SESSIONS)
# an OAuth 1 session's token requests (the request token, then the access token) are POSTs of the session itself,
# timed out only by a `timeout=` keyword (requests_oauthlib) or authlib's `default_timeout=`
_OAUTH1_SESSIONS = frozenset(s for s in _SESSIONS if s.endswith("OAuth1Session"))
_OAUTH1_TOKEN_METHODS = ("fetch_request_token", "fetch_access_token")
# requests' own adapter: it retries and pools, and sets no timeout
_ADAPTERS = ("requests.adapters.HTTPAdapter",)
# cachecontrol's `CacheControl(sess)` mounts its caching adapter (an HTTPAdapter that sets no timeout) on the
# session and returns that same session
_SESSION_WRAPPERS = ("cachecontrol.CacheControl", "cachecontrol.wrapper.CacheControl")
_URLLIB3_MANAGERS = (
    "urllib3.PoolManager",
    "urllib3.poolmanager.PoolManager",
    "urllib3.ProxyManager",
    "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool",
    "urllib3.connectionpool.HTTPConnectionPool",
    "urllib3.connectionpool.HTTPSConnectionPool",
    "urllib3.connection_from_url",
    "urllib3.proxy_from_url",
)
_URLLIB3_METHODS = ("request", "urlopen", "request_encode_url", "request_encode_body")
# (eventlet.green's twins of the standard modules wait as long: no timeout by default)
_URLOPEN = ("urllib.request.urlopen", "urllib2.urlopen", "six.moves.urllib.request.urlopen",
            "eventlet.green.urllib.request.urlopen", "eventlet.green.urllib2.urlopen")
# takes no timeout at all: only socket.setdefaulttimeout() bounds it
# Python 2's urllib.urlopen: no timeout parameter at all (urllib2.urlopen has one)
_PY2_URLOPEN = ("urllib.urlopen",)
_URLRETRIEVE = ("urllib.request.urlretrieve", "urllib.urlretrieve", "six.moves.urllib.request.urlretrieve")
# websocket-client's connect: without timeout= (its second parameter) it uses
# websocket.setdefaulttimeout()'s value, None unless set, and sets that on the
# socket itself, so socket.setdefaulttimeout() does not bound it
_WS_CLIENT_CONNECT = ("websocket.create_connection", "websocket._core.create_connection")
# `opener = build_opener(...)`; `opener.open(req)` is urlopen with handlers
_OPENERS = ("urllib.request.build_opener", "urllib2.build_opener", "six.moves.urllib.request.build_opener")
# xmlrpc.client's proxy: its default Transport opens http.client connections
# with no timeout (the global socket timeout, none unless set); only a
# `transport` of the project's own (its second parameter) can bound the calls
_XMLRPC_PROXIES = ("xmlrpc.client.ServerProxy", "xmlrpc.client.Server", "xmlrpclib.ServerProxy", "xmlrpclib.Server",
                   "six.moves.xmlrpc_client.ServerProxy", "six.moves.xmlrpc_client.Server")
_HTTPX_FUNCS = {f"httpx.{v}" for v in (*_VERBS, "stream")}
_HTTPX_CLIENTS = ("httpx.Client", "httpx.AsyncClient")
_AIOHTTP_SESSIONS = ("aiohttp.ClientSession", "aiohttp.client.ClientSession")
# keystoneauth1's Session (the HTTP session of the OpenStack clients) passes no timeout to requests unless given one
_KEYSTONE_SESSIONS = ("keystoneauth1.session.Session",)
# python-swiftclient's Connection (OpenStack object storage) hands requests its `timeout`, None unless given
# (`swiftclient.service` imports it from the package: ralph's `from swiftclient.service import Connection`)
_SWIFT_CONNECTIONS = ("swiftclient.Connection", "swiftclient.client.Connection", "swiftclient.service.Connection")
# its own connection (what its module functions take as `http_conn=`): `http_connection()` hands its arguments to
# `HTTPConnection(url, proxy, cacert, insecure, cert, cert_key, ssl_compression, default_user_agent, timeout)`
_SWIFT_HTTP_CONNECTIONS = ("swiftclient.http_connection", "swiftclient.client.http_connection",
                           "swiftclient.HTTPConnection", "swiftclient.client.HTTPConnection")
# its module functions, each opening a connection of its own with `http_connection(url)` (no timeout) unless
# given one as `http_conn` (by keyword, or positionally at this index of its parameters)
_SWIFT_MODULE_FUNCS = {
    "get_account": 6, "head_account": 2, "post_account": 3,
    "get_container": 10, "head_container": 3, "put_container": 4, "post_container": 4, "delete_container": 3,
    "get_object": 4, "head_object": 4, "put_object": 10, "post_object": 5, "copy_object": 7, "delete_object": 4,
}
_SWIFT_MODULE_CALLS = {f"{mod}.{fn}": at for mod in ("swiftclient", "swiftclient.client") for fn, at in _SWIFT_MODULE_FUNCS.items()}
# openstacksdk's Connection made from credentials alone builds its own keystoneauth session with its `api_timeout`,
# None unless given (any other `<service>_timeout` keyword fills it too); one given `cloud=` (a clouds.yaml entry),
# `config=`, `session=`, `oslo_conf=` or `argparse=` takes its settings, timeout included, from there
_SDK_CONNECTIONS = ("openstack.connection.Connection",)
_SDK_SETTINGS_FROM = ("cloud", "config", "session", "oslo_conf", "argparse")
# python-jenkins' Jenkins(url, username, password, timeout) sends every request with its `timeout`, which
# defaults to socket._GLOBAL_DEFAULT_TIMEOUT: the global socket timeout, none unless socket.setdefaulttimeout() is called
_JENKINS_CLIENTS = ("jenkins.Jenkins",)
# the jira library's JIRA client hands its requests session its `timeout`, None unless given
_JIRA_CLIENTS = ("jira.JIRA", "jira.client.JIRA")
# pyVmomi's vSphere connections -> the positional arguments that reach `httpConnectionTimeout`
# (SmartConnect's fifteenth parameter, Connect's sixteenth); without it the SOAP stub's
# http.client connections take the global socket timeout, which is none
_PYVMOMI_CONNECTS = {"pyVim.connect.SmartConnect": 15, "pyVim.connect.Connect": 16}
# twilio's REST `Client` sends every API call through its `http_client`, by default a `TwilioHttpClient()` whose
# `timeout` is None: requests then waits forever; the Client itself takes no timeout
_TWILIO_CLIENTS = ("twilio.rest.Client",)
_TWILIO_HTTP_CLIENTS = ("twilio.http.http_client.TwilioHttpClient",)
# the exotel package's `Exotel(sid, token)` client (Exotel's SMS and call API) sends each request with `requests.post` /
# `requests.get` and no timeout, and takes none
_EXOTEL_CLIENTS = ("exotel.Exotel", "exotel.exotel.Exotel")
# py-couchdb's `Server(base_url, full_commit, authmethod)`: its Resource sends every request through a requests
# session it makes itself, with no timeout, and it takes neither a timeout nor a session (celery's CouchDB backend)
_PYCOUCHDB_SERVERS = ("pycouchdb.Server", "pycouchdb.client.Server")
# clients with no parameter for a timeout: the message says they take none, not that one was left out
_TAKE_NO_TIMEOUT = frozenset(_EXOTEL_CLIENTS + _PYCOUCHDB_SERVERS)
# what a later assignment on the Twilio client bounds: its HTTP client's timeout, or another HTTP client
_TWILIO_LATER = ("timeout", "http_client", "http_client.timeout")
# huggingface_hub's InferenceClient hands its requests session its `timeout`, None unless given (and then retries a
# model that is still loading every second, for ever)
_HF_INFERENCE_CLIENTS = ("huggingface_hub.InferenceClient", "huggingface_hub.inference._client.InferenceClient")
# influxdb-python's (InfluxDB 1.x) client hands its requests session its `timeout`, None unless given; `from_dsn`
# takes the same options by keyword only
_INFLUXDB_CLIENTS = ("influxdb.InfluxDBClient", "influxdb.client.InfluxDBClient", "influxdb.DataFrameClient",
                     "influxdb._dataframe_client.DataFrameClient")
_INFLUXDB_FROM_DSN = tuple(f"{c}.from_dsn" for c in _INFLUXDB_CLIENTS)
# PyMISP's client (MISP's API) sends every request of its requests session with its `timeout`, None unless given
# (the version and user checks its constructor makes too); an `https_adapter=` it mounts may bound them
_PYMISP_CLIENTS = ("pymisp.PyMISP", "pymisp.api.PyMISP", "pymisp.ExpandedPyMISP")
# its InfluxDB 0.8 client (influxdb.influxdb08), still shipped beside it: the same `timeout=None` in the eighth place,
# handed to the module's requests session
_INFLUXDB08_CLIENTS = ("influxdb.influxdb08.InfluxDBClient", "influxdb.influxdb08.client.InfluxDBClient",
                       "influxdb.influxdb08.DataFrameClient", "influxdb.influxdb08.dataframe_client.DataFrameClient")
_INFLUXDB08_FROM_DSN = tuple(f"{c}.from_dsn" for c in _INFLUXDB08_CLIENTS)
# assemblyline_client's `get_client(server, auth, cert, debug, headers, retries, silence_requests_warnings, apikey, verify,
# timeout)` (and the deprecated `Client(...)`, which hands its arguments to it): its Connection sends every request of
# its requests session with that `timeout`, None unless given; its retries (endless by default) follow connection errors
# and 502/503/504 answers only
_ASSEMBLYLINE_CLIENTS = ("assemblyline_client.get_client", "assemblyline_client.Client")
# HdfsCLI's WebHDFS clients (the `hdfs` package) hand requests their `timeout`, None unless given:
# `Client(url, root, proxy, timeout, session)`, `KerberosClient(url, mutual_auth, max_concurrency, root, proxy,
# timeout)`; `InsecureClient(url, user, **kwargs)` and `TokenClient(url, token, **kwargs)` take it by keyword only
_HDFS_CLIENTS = ("hdfs.Client", "hdfs.client.Client")
_HDFS_KEYWORD_CLIENTS = ("hdfs.InsecureClient", "hdfs.client.InsecureClient", "hdfs.TokenClient", "hdfs.client.TokenClient")
_HDFS_KERBEROS_CLIENTS = ("hdfs.ext.kerberos.KerberosClient",)
# the legacy OpenStack service clients made from credentials, not from a `session=`: python-novaclient builds a
# keystoneauth session with its `timeout`, python-cinderclient hands requests its `timeout`, None unless given
_NOVA_CLIENTS = ("novaclient.client.Client",)
_CINDER_CLIENTS = ("cinderclient.client.Client",)
_CINDER_VERSION_CLIENTS = ("cinderclient.v3.client.Client", "cinderclient.v2.client.Client")
# the same legacy clients of python-neutronclient, python-manilaclient, python-troveclient and python-karborclient:
# made without a `session=`, their own HTTPClient hands requests its `timeout`, None unless given.  neutronclient's
# `v2_0.client.Client(**kwargs)` takes keywords only; manilaclient's v2 client takes timeout fifth (sixth through
# `manilaclient.client.Client(version, ...)`), troveclient's v1 client sixth (seventh through the factory);
# karborclient's `Client(version, endpoint, **kwargs)` takes it by keyword only
_NEUTRON_CLIENTS = ("neutronclient.v2_0.client.Client",)
_MANILA_CLIENTS = ("manilaclient.client.Client",)
_MANILA_VERSION_CLIENTS = ("manilaclient.v2.client.Client",)
_TROVE_CLIENTS = ("troveclient.client.Client",)
_TROVE_VERSION_CLIENTS = ("troveclient.v1.client.Client",)
_KARBOR_CLIENTS = ("karborclient.client.Client",)
_KARBOR_VERSION_CLIENTS = ("karborclient.v1.client.Client",)
# python-keystoneclient's clients made without a `session=` build its own (deprecated) Session from their keyword
# arguments, `timeout` None unless given (keystoneclient.session.Session._construct); the versioned clients take
# keywords only, the factory `Client(version, unstable, session, **kwargs)` its session third
_KEYSTONECLIENT_CLIENTS = ("keystoneclient.v3.client.Client", "keystoneclient.v2_0.client.Client")
_KEYSTONECLIENT_FACTORY = ("keystoneclient.client.Client",)
# PyLD's requests document loader (the loader JSON-LD expansion fetches remote @context documents with):
# `requests_document_loader(secure=False, max_link_follows=2, **kwargs)` hands its keywords to `requests.get`,
# so it has no timeout unless given `timeout=` (keyword only)
_PYLD_REQUESTS_LOADERS = ("pyld.documentloader.requests.requests_document_loader", "pyld.jsonld.requests_document_loader")
# the clients above that take a `session=` instead of credentials: one given a session takes its timeout from there
_SESSION_TAKING_CLIENTS = frozenset({*_NOVA_CLIENTS, *_CINDER_CLIENTS, *_CINDER_VERSION_CLIENTS, *_KEYSTONECLIENT_CLIENTS,
                                     *_KEYSTONECLIENT_FACTORY, *_NEUTRON_CLIENTS, *_MANILA_CLIENTS, *_MANILA_VERSION_CLIENTS,
                                     *_TROVE_CLIENTS, *_TROVE_VERSION_CLIENTS, *_KARBOR_CLIENTS, *_KARBOR_VERSION_CLIENTS})
_AIOHTTP_METHODS = (*_VERBS, "ws_connect")
# what an unbounded client or session (not one request) costs: each request
# made through it that gives no timeout of its own inherits the missing limit
# an event stream / long poll read with no timeout: the wait is meant, a dead peer is not noticed
_STREAM_WAITS = ("a stream read with no timeout never notices an upstream that stops sending without closing the connection "
                 "(a dropped NAT entry, a network partition): the loop reading it waits forever and no more events arrive "
                 "(a read timeout longer than the upstream's longest quiet spell, with a reconnect, notices it)")
_CLIENT_WAITS = "every request made through this client that sets no timeout of its own now waits forever on a slow or hung upstream"
_SESSION_HOLDS = ("every request made through this session that sets no timeout of its own now holds its coroutine and its connection "
                  "forever when the upstream is slow or hangs")

_AXIOS_URL_CONFIG = ("get", "delete", "head", "options", "getUri")
_AXIOS_DATA_CONFIG = ("post", "put", "patch", "postForm", "putForm", "patchForm")
_FETCHES = ("fetch", "globalThis.fetch", "global.fetch", "node-fetch", "cross-fetch", "isomorphic-fetch", "undici.fetch", "node-fetch.fetch")
_GOT_METHODS = ("get", "post", "put", "patch", "delete", "head", "stream", "paginate")
_GOT_VERBS = _GOT_METHODS[:6]  # also got's stream API's: `got.stream.get(url)`


@dataclass(frozen=True)
class MadeWithout:
    """Where the client a request goes through is made (or configured) without
    a timeout: an axios or got instance, a Nest module's ``HttpModule``.
    ``phrase`` says so as a finding at that place does (RS905 reports the
    requests of another module through it once, there)."""

    path: str
    line: int
    note: str  # the request's related location: "got instance `http` created here without timeout"
    phrase: str  # "got instance `http` is created here without a timeout"

    def related(self) -> Related:
        return Related(self.path, self.line, self.note)


def _instance_made(kind: str, path: str, line: int, name: str) -> MadeWithout:
    """An axios or got instance ``name`` made at ``path:line`` with no timeout."""
    return MadeWithout(path, line, f"{kind} instance `{name}` created here without timeout",
                       f"{kind} instance `{name}` is created here without a timeout")


@dataclass
class Untimed:
    ff: FileFacts
    call: Call
    lib: str
    message: str
    related: list[Related] = field(default_factory=list)
    made: MadeWithout | None = None  # the client's making, when it has no timeout (its note is in ``related``)

    @property
    def anchor(self) -> str:
        # the enclosing function by name, not by its id (`name@line`): the
        # fingerprint must not change when lines above move
        fn = funcs_by_id(self.ff).get(self.call.func) if self.call.func else None
        return f"http:{self.lib}:{self.call.callee}:{func_label(self.ff, fn, with_line=False) if fn is not None else '-'}"


# --------------------------------------------------------------------------- values
def _norm(callee: str) -> str:
    return callee.replace(".default.", ".").removesuffix(".default") if "default" in callee else callee


def _axios_instances(calls: list[Call]) -> dict[str, Call]:
    """A file's ``axios.create()`` calls by the last name of what each is
    assigned to (the first of a name), for the instance a call is made on."""
    out: dict[str, Call] = {}
    for c in calls:
        if c.assigned and _norm(c.callee) == "axios.create":
            out.setdefault(c.assigned.rsplit(".", 1)[-1], c)
    return out


def _timeout_state(project: Project, ff: FileFacts, opts: Val | None, keys: tuple[str, ...] = ("timeout",)) -> str:
    """'absent' | 'set' | 'disabled' | 'unknown' for an options value."""
    if opts is None:
        return "absent"
    opts = project.resolve(ff, opts)
    if opts.k != OBJ or opts.keys is None:
        return "unknown"
    for k in keys:
        if k in opts.keys:
            v = project.resolve(ff, opts.keys[k])
            if v.k == NULL:
                return "disabled"
            if v.k == NUM and v.v in ("0", "0.0") and k == "timeout":
                return "disabled"
            return "set"
    return "unknown" if opts.open else "absent"


def _py_timeout(project: Project, ff: FileFacts, call: Call, key: str = "timeout") -> str:
    """'absent' | 'set' | 'none' for a Python call's ``timeout`` keyword (or
    ``key``). Spread arguments (``**kwargs``, ``*args``) may hold it, unless
    it is given by name: Python refuses a keyword given twice, so
    ``ClientSession(timeout=t, **proxy_kwargs)`` is judged by ``t``."""
    v = call.kwargs.get(key)
    if v is None:
        if "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
            return "set"
        return "set" if _unset_timeout_arm(ff, call) or _key_set_by_helper(project, ff, call, key) else "absent"
    return "none" if _is_none_timeout(project, ff, v, call) else "set"


@per_file
def _handoffs(project: Project, ff: FileFacts) -> dict[tuple[int, int], list[tuple[Call, int | str]]]:
    """The frontend's ``dict_handoffs`` of ``ff``: for a call that spreads a
    dict (by its line and column), the calls it was handed to before, with
    the argument position or keyword it went in by."""
    rows = (ff.extra or {}).get("dict_handoffs") or ()
    if not rows:
        return {}
    at = {(c.line, c.col): c for c in ff.calls}
    out: dict[tuple[int, int], list[tuple[Call, int | str]]] = {}
    for line, col, hline, hcol, by in rows:
        helper = at.get((hline, hcol))
        if helper is not None:
            out.setdefault((line, col), []).append((helper, by))
    return out


def _key_set_by_helper(project: Project, ff: FileFacts, call: Call, key: str) -> bool:
    """``params = {"data": body}; clients.add_defaults(params)`` then
    ``requests.post(url, **params)``: a function of the project that the
    spread dict was handed to first sets ``key`` on it (``params["timeout"]
    = 30``, ``params.update(...)`` with keys that cannot be named: the
    frontend's ``param_key_sets``), so the call is given one. A helper that
    sets other keys (only ``verify``), or a library function, gives none."""
    for helper, by in _handoffs(project, ff).get((call.line, call.col), ()):
        for hff, fn in callee_funcs(project, ff, helper):
            params = fn.params[1:] if fn.cls and helper.method and fn.params[:1] in (["self"], ["cls"]) else fn.params
            param = by if isinstance(by, str) else params[by] if by < len(params) else ""
            sets = {k for fid, p, k in (hff.extra or {}).get("param_key_sets") or () if fid == fn.id and p == param}
            if key in sets or "*" in sets:
                return True
    return False


def _socket_default_timeout(project: Project, ff: FileFacts, call: Call) -> bool:
    """``timeout=socket._GLOBAL_DEFAULT_TIMEOUT``: the stdlib's marker for
    "use socket.setdefaulttimeout()'s value", which is none unless the project
    sets one (the callers' ``default_socket``): the same as leaving it out."""
    v = call.kwargs.get("timeout")
    if v is None:
        return False
    v = project.resolve(ff, v)
    return v.k == IDENT and v.v == "socket._GLOBAL_DEFAULT_TIMEOUT"


def _unset_timeout_arm(ff: FileFacts, call: Call) -> bool:
    """``call`` is the fallback for a timeout the code may not have: the arm
    of ``if self.timeout:`` (``if x is not None:``, ``if not x:``...) that runs
    when the value is unset, its other arm making the same call with
    ``timeout=self.timeout`` (manila's HPE Alletra REST client). Together the
    two are ``timeout=self.timeout`` spelled out, a value not known here that
    may hold anything, which counts as set as it does when passed directly."""
    return any(
        isinstance(g, list) and len(g) == 6 and g[1] == call.func and g[3] <= call.line <= g[4] and call.callee in g[5]
        for g in (ff.extra.get("timeout_ifs") or () if ff.extra else ())
    )


_TIMEOUT_CTORS = frozenset({"httpx.Timeout", "aiohttp.ClientTimeout", "aiohttp.client.ClientTimeout", "aiohttp.timeout.ClientTimeout"})


def _kept_timeouts(ff: FileFacts, call: Call, name: str) -> list[Call]:
    """The timeout objects (:data:`_TIMEOUT_CTORS`) made into the plain name
    ``name`` that ``call`` may read: the ones its own function makes when it
    makes one (an assignment makes the name local to the function, so another
    function's ``timeout = ...`` is another object), else the file's."""
    made = [c for c in ff.calls if c.assigned == name and c.callee in _TIMEOUT_CTORS]
    return [c for c in made if c.func == call.func] or made


def _is_none_timeout(project: Project, ff: FileFacts, v: Val, call: Call) -> bool:
    v = project.resolve(ff, v)
    if v.k == NULL or none_member(project, ff, v, call):
        return True
    if v.k == IDENT and "." not in v.v:
        # `timeout = aiohttp.ClientTimeout(connect=30)` in the function, then `timeout=timeout`
        made = _kept_timeouts(ff, call, v.v)
        return bool(made) and all(_unbounded(project, ff, c) for c in made)
    c = project.call_of(ff, v) if v.k == CALL else None
    return c is not None and _unbounded(project, ff, c)


def none_member(project: Project, ff: FileFacts, v: Val, call: Call) -> int:
    """The line where the class of ``call``'s method sets ``self.timeout``,
    which ``call`` is given (``timeout=self.timeout``), to None, when None
    is all it ever holds: every ``self.timeout`` assignment of the file (of
    any class: a subclass may set another) and every ``<x>.timeout`` one is
    None, and no other file that imports the class assigns a ``.timeout``
    (:func:`_may_time_class`; alignak's MonitorConnection: ``self.timeout = None`` in ``__init__``,
    then ``self.session.request(..., timeout=self.timeout)``); else 0.  A
    member filled from a parameter or a setting is not None."""
    if v.k != IDENT or v.v != "self.timeout" or not call.func:
        return 0
    cls = enclosing_class(project, ff, call.func)
    if not cls or any(f.name == "timeout" for f in methods_of(ff, cls)):  # (a property of that name)
        return 0
    line = 0
    for a in _assigns(ff):
        if not a[0].endswith(".timeout"):
            continue
        val = from_json("Val", a[3]) if len(a) > 3 and isinstance(a[3], dict) else None
        if val is None or project.resolve(ff, val).k != NULL:
            return 0
        if a[0] == "self.timeout" and isinstance(a[1], str) and enclosing_class(project, ff, a[1]) == cls and isinstance(a[2], int):
            line = line or a[2]
    if line and any(_may_time_class(project, g, cls) for g in project.code_files() if g is not ff and g.lang == "py"):
        return 0
    return line


def _may_time_class(project: Project, g: FileFacts, cls: str) -> bool:
    """Another file may set ``.timeout`` on an object of the class ``cls``:
    it imports the class and assigns a ``.timeout``, or it was left unparsed
    and its text may name the class (what it assigns is unknown)."""
    if g.shallow:
        return project.may_mention(g.path, cls)
    return any(t.endswith(".timeout") for t in _assign_targets(g)) and any(imp.rpartition(".")[2] == cls for imp in g.imports.values())


def _partial_timeout(project: Project, ff: FileFacts, call: Call) -> str:
    """The call's ``timeout=`` quoted when it is a timeout object that sets a
    limit yet leaves waiting for the response unbounded (``httpx.Timeout(None,
    connect=10.0)``, inline or kept in a local name of the file): "" for
    ``None`` or an object with every limit unset, which switch the timeout off
    outright."""
    v = call.kwargs.get("timeout")
    v = project.resolve(ff, v) if v is not None else None
    if v is not None and v.k == IDENT and "." not in v.v:
        made = _kept_timeouts(ff, call, v.v)
        c = made[0] if len(made) == 1 else None
    else:
        c = project.call_of(ff, v) if v is not None else None
    if c is None or c.callee not in _TIMEOUT_CTORS:
        return ""
    if all(project.resolve(ff, a).k == NULL for a in (*c.args, *c.kwargs.values())):
        return ""
    return f"`{c.text}`" if c.text.endswith(")") else f"a `{c.callee.rpartition('.')[2]}()` with no limit on reading"


def _unbounded(project: Project, ff: FileFacts, c: Call) -> bool:
    """A timeout object that leaves waiting for the response unbounded."""
    if "**" in c.kwargs:
        return False
    if c.callee in ("httpx.Timeout",):
        # Timeout(None, connect=10): every phase but connect has no limit, so a
        # server that accepts and never answers holds the call forever
        default = c.args[0] if c.args else c.kwargs.get("timeout")
        read = c.kwargs.get("read", default)
        return read is not None and project.resolve(ff, read).k == NULL
    if c.callee in ("aiohttp.ClientTimeout", "aiohttp.client.ClientTimeout", "aiohttp.timeout.ClientTimeout"):
        # no total and no sock_read: nothing bounds waiting for the response
        # (positional order: total, connect, sock_read, sock_connect)
        if len(c.args) > 3:
            return False
        total = c.args[0] if c.args else c.kwargs.get("total")
        sock_read = c.args[2] if len(c.args) > 2 else c.kwargs.get("sock_read")
        return all(v is None or project.resolve(ff, v).k == NULL for v in (total, sock_read))
    return False


def _axios_call_state(project: Project, ff: FileFacts, config: Val | None) -> str:
    """An axios request config's timeout state; a ``signal`` (``AbortSignal.timeout(ms)``)
    bounds the request as a timeout does."""
    state = _timeout_state(project, ff, config)
    if state == "absent" and _timeout_state(project, ff, config, ("signal",)) == "set":
        return "set"
    return state


def _assign_targets(ff: FileFacts) -> list[str]:
    return _assign_index(ff)[1]


def _assigns(ff: FileFacts) -> list[list]:
    """The file's kept assignments (only what frontends/_assigns.py keeps):
    ``[target, func, line, Val json, names]``, the target a string."""
    return _assign_index(ff)[0]


def _assign_index(ff: FileFacts) -> tuple[list[list], list[str], frozenset[str]]:
    """(the kept assignments, their targets, the set of them), once per file."""
    raw = ff.extra.get("assigns") if ff.extra else None
    if not raw:
        return _NO_ASSIGNS
    return per_list("assigns", raw, _index_assigns)


def _index_assigns(raw: Any) -> tuple[list[list], list[str], frozenset[str]]:
    kept = [a for a in raw if isinstance(a, list) and a and isinstance(a[0], str)]
    targets = [a[0] for a in kept]
    return kept, targets, frozenset(targets)


_NO_ASSIGNS: tuple[list[list], list[str], frozenset[str]] = ([], [], frozenset())


# what replacing an attribute of requests can do to every call's timeout:
# its request functions, Session/adapter send, or a default timeout
_REQUESTS_PATCH = frozenset({"request", "send", "get", "post", "put", "patch", "delete", "head", "options", "Session", "session", "HTTPAdapter"})


def _patches_requests(target: str) -> bool:
    """``requests.Session.request = timed_request`` (a project-wide default
    timeout), not ``requests.models.json = ujson`` (a codec swap)."""
    if not target.startswith("requests."):
        return False
    last = target.rsplit(".", 1)[-1]
    return last in _REQUESTS_PATCH or "timeout" in last.lower()


def _passes_on_untimed(project: Project, ff: FileFacts, a: list) -> bool:
    """The replacement a patch of requests installs (assignment ``a``) is a
    function of the same file that hands its own ``**kwargs`` on, as its
    caller gave them, to what it wraps, and says nothing of a timeout
    anywhere (no ``timeout`` parameter, keyword, key or attribute):
    misp-modules' opt-in HTTP tracing, ``HTTPAdapter.send = logged_send``,
    logs the exchange and calls the saved ``send(adapter, request, *args,
    **kwargs)``.  Such a patch sets no default timeout, so the project's
    requests stay untimed.  A replacement of any other shape (a
    ``functools.partial``, a function of another module, one that fills in
    its keyword arguments) may set one and still counts as a patch."""
    val = from_json("Val", a[3]) if len(a) > 3 and isinstance(a[3], dict) else None
    fn = project.fn_target(ff, val) if val is not None else None
    if fn is None or any("timeout" in p.lower() for p in fn.params):
        return False
    inside = project.calls_in(ff, fn.id)
    if any("timeout" in k.lower() for c in inside for k in c.kwargs) or any(
            v.k == STR and "timeout" in str(v.v).lower() for c in inside for v in c.args):
        return False
    if any("timeout" in b[0].lower() and isinstance(b[1], str) and (b[1] == fn.id or project.is_inside(ff, b[1], fn.id))
           for b in _assigns(ff)):
        return False
    return any(forwards_kwargs(ff, fn, c, nested=True) for c in inside if c.func == fn.id)


def service_root(project: Project, ff: FileFacts) -> str | None:
    svc = project.service_of(ff.path)
    return svc.root if svc is not None else None


def socket_timeout_services(project: Project, files: list[FileFacts]) -> set[str | None]:
    """Roots of the services where ``socket.setdefaulttimeout`` bounds every
    socket (RS905's urllib/http.client calls, RS907's smtplib): it covers the
    service that sets it, not an optional plugin package's (deluge's Blocklist
    plugin sets one for its downloads)."""
    return services_calling(project, files, "socket.setdefaulttimeout")


def services_calling(project: Project, files: list[FileFacts], callee: str) -> set[str | None]:
    """Roots of the services with a file that calls ``callee`` (a process-wide
    default such as ``socket.setdefaulttimeout``)."""
    return {service_root(project, ff) for ff in files if any(c.callee == callee for c in ff.calls)}


# test doubles: a module using them swaps requests' functions for a test's
# duration (geonode's allauth_test_utils.mocked_response), not for the service
_MOCK_MODULES = ("unittest.mock", "mock", "pytest", "requests_mock", "responses", "httpretty", "pytest_mock", "vcr")


def _mocks(ff: FileFacts) -> bool:
    return any(m == lib or m.startswith(lib + ".") for m in ff.modules for lib in _MOCK_MODULES)


# what wsgi-intercept can hand to an in-process WSGI app: requests (and the
# OpenStack clients on it), urllib3, httplib2, http.client and urllib
_INTERCEPTED = frozenset({"requests", "keystoneauth1", "swiftclient", "urllib3", "httplib2", "http.client", "urllib"})


def _in_process(u: Untimed) -> bool:
    """A call of a library wsgi-intercept intercepts, in a module that imports
    it: the request goes to a WSGI app in the same process (placement's
    ``PlacementDirect``, a ``RequestsInterceptor`` whose keystoneauth1 session
    talks to the placement app) and opens no connection that could hang, like
    a ``file:`` URL.  httpx, aiohttp and treq are not intercepted."""
    return u.lib in _INTERCEPTED and any(m == "wsgi_intercept" or m.startswith("wsgi_intercept.") for m in u.ff.modules)


# --------------------------------------------------------------------------- Python
def _requests_rebound(ff: FileFacts, funcs: dict[str, Func], call: Call) -> bool:
    """``requests.get(url)`` where the name ``requests`` is not the imported
    module: a parameter (``def fetch(requests, url)``: a session passed in) or
    a module variable the file never imports (``requests = TimedSession()``).
    ``funcs``: the file's functions by id."""
    if call.recv != "requests":
        return False  # `from requests import get`, `requests.api.get`: resolved by the import
    if ff.imports.get("requests") != "requests":
        return True
    return any("requests" in f.params for f in scope_chain(funcs, call.func))


def _offloaded_request(ff: FileFacts, call: Call) -> tuple[Call, bool] | None:
    """``asyncio.to_thread(requests.get, url)``, ``loop.run_in_executor(None,
    requests.get, url)``: the requests function handed to a function that runs
    it in a pool thread, as the call that thread makes (on the offloading
    call's place), and whether the offloader hands on keyword arguments (one
    that does not can give no timeout but through ``functools.partial``)."""
    spec = _THREAD_OFFLOADERS.get(call.callee) or (_THREAD_OFFLOAD_METHODS.get(call.method) if call.recv else None)
    if spec is None or len(call.args) <= spec[0]:
        return None
    fv = call.args[spec[0]]
    if fv.k != IDENT or imported_target(ff, fv.v) not in _REQUESTS_FUNCS:
        return None
    target = imported_target(ff, fv.v)
    return Call(callee=target, method=last_name(target), recv=fv.v.rpartition(".")[0], args=call.args[spec[0] + 1:],
                kwargs=dict(call.kwargs) if spec[1] else {}, func=call.func, awaited=call.awaited, line=call.line, col=call.col,
                end_line=call.end_line, end_col=call.end_col, text=call.text), spec[1]


def _offloader_name(call: Call) -> str:
    """``asyncio.to_thread``, ``loop.run_in_executor``,
    ``asyncio.get_running_loop().run_in_executor`` (a receiver made by a
    call is named by what it calls)."""
    if call.callee in _THREAD_OFFLOADERS:
        return call.callee
    recv = f"{call.recv.split('(', 1)[0]}()" if "(" in call.recv else call.recv
    return f"{recv}.{call.method}"


def _offloaded_hit(project: Project, ff: FileFacts, run: Call, by: str, passes_kwargs: bool, state: str) -> Untimed:
    """The finding for a requests function a pool thread runs: the thread,
    not the serving worker, waits; the caller waits with it."""
    what = f"`{run.callee}()`, which `{by}()` runs in a pool thread,"
    if state != "absent":
        return _requests_hit(project, ff, run, state, what)
    how = "" if passes_kwargs else f" (`{by}()` hands on no keyword arguments: pass `functools.partial({run.callee}, timeout=...)`)"
    return Untimed(ff, run, "requests", (
        f"{what} has no timeout{how}: requests waits forever by default, so a slow or hung upstream holds that thread, and the "
        "caller waiting for it, forever; once every thread of the pool is held this way, nothing else handed to the pool runs "
        "until the process is restarted"))


def _python(project: Project) -> list[Untimed]:
    out: list[Untimed] = []
    files = [ff for ff in project.code_files() if ff.lang == "py"]
    judged = [ff for ff in files if not example_code(project, ff.path)]
    patched = any(_patches_requests(imported_target(ff, a[0])) and not _mocks(ff) and not _passes_on_untimed(project, ff, a)
                  for ff in files for a in _assigns(ff))
    socket_services = socket_timeout_services(project, files)
    ws_default_services = services_calling(project, files, "websocket.setdefaulttimeout")
    wrappers = _pass_through_wrappers(project, files, patched, bool(socket_services))
    if wrappers:
        _forwarding_wrappers(project, files, wrappers)
    none_wrappers = _none_timeout_wrappers(project, files)
    aio_wrappers = _aiohttp_timeout_wrappers(project, files)
    for ff in judged:
        default_socket = bool(socket_services) and service_root(project, ff) in socket_services
        targets = _assign_targets(ff)
        # (the API classes are named in-file, or by a project function whose tuple this file unpacks)
        kube = _imports_kube(ff) or (bool(_unpackings(project, ff)) and _kube_project(project))
        grpc = any(m == "grpc" or m.startswith("grpc.") or m.endswith("_pb2_grpc") for m in ff.modules) and not grpc_deadlines_elsewhere(project)
        for call in ff.calls:
            callee = call.callee
            if wrappers and last_name(callee) in wrappers:
                hit = _wrapper_call(project, ff, call, wrappers)
                if hit is not None:
                    out.append(hit)
            if none_wrappers and last_name(callee) in none_wrappers:
                hit = _none_wrapper_call(project, ff, call, none_wrappers, default_socket)
                if hit is not None:
                    out.append(hit)
            if aio_wrappers and last_name(callee) in aio_wrappers:
                hit = _aiohttp_none_call(project, ff, call, aio_wrappers)
                if hit is not None:
                    out.append(hit)
            if not patched and (pooled := _offloaded_request(ff, call)) is not None and not _requests_rebound(ff, project.funcs(ff), pooled[0]):
                state = _requests_timeout(project, ff, pooled[0])
                if state != "set":
                    out.append(_offloaded_hit(project, ff, pooled[0], _offloader_name(call), pooled[1], state))
            if callee in _REQUESTS_FUNCS and not patched and not _requests_rebound(ff, project.funcs(ff), call):
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    head = call.text.split("(", 1)[0].strip()
                    # (`request_function = requests.get` ... `request_function(url)`: the text names the local alias)
                    if not head:
                        # (`(requests.put if attachment else requests.delete)(url)`: the callee is the first arm)
                        what = f"`{callee}()` (or another requests function the conditional expression picks)"
                    elif last_name(head) == last_name(callee):
                        what = f"`{callee}()`" + (" (objectrest hands its keyword arguments to requests)" if callee in _OBJECTREST_FUNCS else "")
                    elif head.startswith(("self.", "cls.")) and head.count(".") == 1:
                        # (`self.__send = requests.post if ... else requests.put`, then `self.__send(url)`)
                        what = f"`{head}()` (a member its class sets to a requests function)"
                    else:
                        what = f"`{head}()` (a local name for a requests function)"
                    out.append(_requests_hit(project, ff, call, state, what))
            elif call.method in _VERBS and call.recv_type == "requests" and not patched:
                # `http = self.session or requests` ... `http.get(url)`: requests itself whenever no session is given
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    # (`(session or requests).get(url)`: the fallback written in the call)
                    # (`self.requests = requests` after a lazy `import requests`: an attribute holding the module)
                    when = (f"`{call.recv.split(' or ', 1)[0]}` is unset" if " or " in call.recv
                            else f"`{call.recv}` holds the requests module" if call.recv.startswith(("self.", "cls."))
                            else f"`{call.recv}` falls back to the requests module")
                    recv = f"({call.recv})" if " or " in call.recv else call.recv
                    out.append(_requests_hit(project, ff, call, state, f"`{recv}.{call.method}()` (`requests.{call.method}()` itself whenever {when})"))
            elif call.method in (*_SESSION_METHODS, *_OAUTH1_TOKEN_METHODS) and (ctor := _session_ctor(project, ff, call)) and (
                call.method in _SESSION_METHODS or ctor in _OAUTH1_SESSIONS
            ) and not patched:
                if _session_mitigated(project, ff, call, targets) or _depends_configured(project, ff, call):
                    continue
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    # (authlib's sessions take a default for all their requests: `OAuth2Session(..., default_timeout=10)`)
                    on = (f"authlib's {last_name(ctor)} (a requests.Session, made without `default_timeout=`)" if ctor in _AUTHLIB_SESSIONS
                          else "an objectrest Session (which hands its keyword arguments to a requests.Session)" if ctor in _OBJECTREST_SESSIONS
                          else "a requests.Session")
                    out.append(_requests_hit(project, ff, call, state, f"`{call.recv}.{call.method}()` on {on}"))
            elif call.method in _SESSION_METHODS and not patched and not call.recv_type and (
                shared := _imported_global(project, ff, call, _SESSIONS, made_by=lambda tf, c: _plain_session_factory(project, tf, c.callee))
            ):
                # `from app.http import session` ... `session.post(url)`: a Session another module makes at its top level
                if _shared_session_mitigated(project, files, ff, call, shared):
                    continue
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    by = "" if _norm(shared[1].callee) in _SESSIONS else f" with `{shared[1].callee}()`"
                    out.append(_requests_hit(project, ff, call, state, f"`{call.recv}.{call.method}()` on the requests.Session "
                                             f"`{shared[1].assigned}` that {shared[0].path}:{shared[1].line} makes{by}"))
            elif call.method in _SESSION_METHODS and not patched and call.recv and _session_factory(project, ff, call) is not None:
                # `session = get_session()` / `self._session()`: a project function that makes a plain Session
                if _session_mitigated(project, ff, call, targets):
                    continue
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    source = (f"`{_factory_as_written(project, ff, call)}()` returns" if call.recv_type
                              else f"`{call.recv}` returns" if call.recv.endswith("()") else f"the property `{call.recv}` makes")
                    out.append(_requests_hit(project, ff, call, state, f"`{call.recv}.{call.method}()` on the requests.Session {source}"))
            elif call.method in _SESSION_METHODS and not patched and call.recv and (remount := _stock_remounted(project, ff, call)):
                # `self.session = make_session()` (which mounts a timeout adapter), then requests' own HTTPAdapter
                # mounted over it for both http:// and https://
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    out.append(_requests_hit(project, ff, call, state, (
                        f"`{call.recv}.{call.method}()` on the requests.Session `{call.recv_type}()` returns, whose adapters the "
                        f"`{call.recv}.mount()` calls on lines {remount} replace with requests' own HTTPAdapter for http:// and "
                        "https://,")))
            elif call.method in _SESSION_METHODS and not patched and (sub := _session_subclass(project, ff, call)):
                # `session = IndexSession()`: the project's subclass of requests.Session that only adds headers or auth
                if _session_mitigated(project, ff, call, targets):
                    continue
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    out.append(_requests_hit(project, ff, call, state, f"`{call.recv}.{call.method}()` on `{sub}` (the project's subclass of requests.Session)"))
            elif call.method in _SESSION_METHODS and not patched and call.recv.isidentifier() and not call.recv_type and (
                caller := _session_param(project, ff, call)
            ):
                # `def get_user(session, url): return session.get(url)`, every caller passing a Session it made
                if _session_mitigated(project, ff, call, targets):
                    continue
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    out.append(_requests_hit(project, ff, call, state, f"`{call.recv}.{call.method}()` on the requests.Session {caller} {'pass' if caller == 'its callers' else 'passes'} in"))
            elif not patched and (picked := _picked_by_name(project, ff, call)) and not _session_mitigated(project, ff, _on(call, picked[0]), targets):
                # `getattr(requests, method)(url)`, `func = getattr(self.session, method.lower())` ... `func(url)`
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    what = (f"`getattr({picked[0]}, ...)()`, a {picked[1]} picked by name," if call.callee == "getattr()"
                            else f"`{call.callee}()`, the {picked[1]} of `{picked[0]}` that a dict picks by key,"
                            if _picked_by_key(project, ff, call) is not None
                            else f"`{call.callee}()`, the {picked[1]} `getattr({picked[0]}, ...)` picks by name,")
                    out.append(_requests_hit(project, ff, call, state, what))
            elif not patched and not call.method and call.callee.isidentifier() and (passer := _session_method_param(project, ff, call, targets)):
                # `def _req(self, method, url): method(url, data=...)`, every caller passing `self._sess.get` (cloudkitty's ES client)
                state = _requests_timeout(project, ff, call)
                if state != "set":
                    out.append(_requests_hit(project, ff, call, state, f"`{call.callee}()`, the requests.Session method {passer},"))
            elif callee == "urllib3.request" and not default_socket:
                if _py_timeout(project, ff, call) != "set":
                    out.append(Untimed(ff, call, "urllib3", "`urllib3.request()` has no timeout: urllib3 waits on the socket forever by default, "
                                       "so a slow or hung upstream blocks this worker until it is restarted"))
            elif call.method == "request" and call.recv_type == "httplib2.Http" and not default_socket:
                hit = _httplib2(project, ff, call)
                if hit is not None:
                    out.append(hit)
            elif call.method == "request" and last_name(call.recv_type) == "authorize" and not default_socket:
                hit = _authorized_httplib2(project, ff, call)
                if hit is not None:
                    out.append(hit)
            elif call.method == "request" and _stdlib_conn(project, call.recv_type) in _HTTP_CLIENT_CONNS and not default_socket:
                hit = _http_client(project, ff, call)
                if hit is not None:
                    out.append(hit)
            elif call.method == "request" and (call.recv_type or call.recv.endswith(")")) and not default_socket and (
                    made := _connection_factory(project, ff, call)):
                out.append(_factory_connection(ff, call, *made))
            elif call.method == "request" and call.recv_type in _TWISTED_AGENTS and not bounds_deferreds(project, ff):
                out.append(_twisted_agent(ff, call))
            elif (callee in _TREQ_FUNCS or _module_in_attribute(ff, call) in _TREQ_FUNCS) and not bounds_deferreds(project, ff):
                state = _py_timeout(project, ff, call)
                if state != "set":
                    out.append(_treq(ff, call, state))
            elif call.method in _URLLIB3_METHODS and call.recv_type in _URLLIB3_MANAGERS and not default_socket:
                hit = _urllib3(project, ff, call)
                if hit is not None:
                    out.append(hit)
            elif call.method in _URLLIB3_METHODS and not call.recv_type and not default_socket and (shared := _imported_pool(project, ff, call)):
                # `from app.http_pool import http` ... `http.request(...)`: a pool another module makes for the project
                hit = _urllib3(project, ff, call, shared)
                if hit is not None:
                    out.append(hit)
            elif (callee in _URLOPEN or (call.method == "open" and call.recv_type in _OPENERS)
                  or last_name(callee) == "urlopen" and py_reexported(project, callee) in _URLOPEN) and not default_socket:
                if len(call.args) < 3 and (_py_timeout(project, ff, call) != "set" or _socket_default_timeout(project, ff, call)) and not _local_url(
                        project, ff, call):
                    what = "urlopen()" if last_name(callee) == "urlopen" else f"{call.recv}.open()` on an opener from `build_opener()"
                    given = "is given `socket._GLOBAL_DEFAULT_TIMEOUT`, which is no timeout" if _socket_default_timeout(project, ff, call) else "has no timeout"
                    out.append(Untimed(ff, call, "urllib", f"`{what}` {given}: it falls back to the global socket timeout, which is none, "
                                       "so a slow or hung upstream blocks this worker forever"))
            elif callee in _PY2_URLOPEN and not default_socket:
                if not _local_url(project, ff, call):
                    out.append(Untimed(ff, call, "urllib", "`urllib.urlopen()` (Python 2) takes no timeout: it falls back to the global socket timeout, "
                                       "which is none, so a slow or hung upstream blocks this worker forever (use urllib2.urlopen(url, timeout=...) instead)"))
            elif callee in _URLRETRIEVE and not default_socket:
                if not _local_url(project, ff, call):
                    out.append(Untimed(ff, call, "urllib", "`urlretrieve()` takes no timeout: it falls back to the global socket timeout, which is none, "
                                       "so a slow or hung upstream blocks this worker forever (download with urlopen(url, timeout=...) instead)"))
            elif call.method in _CURL_PERFORMS and call.recv_type in _CURL_HANDLES:
                hit = _pycurl(project, ff, call)
                if hit is not None:
                    out.append(hit)
            elif callee in _WS_CLIENT_CONNECT and service_root(project, ff) not in ws_default_services:
                if len(call.args) < 2 and _py_timeout(project, ff, call) != "set":
                    out.append(Untimed(ff, call, "websocket-client", "`websocket.create_connection()` (websocket-client) has no timeout: the connect, "
                                       "the upgrade handshake and every recv() wait forever by default, so a peer that accepts the connection "
                                       "and never answers blocks this worker until it is restarted"))
            elif kube and call.method and not call.method.startswith("_") and kube_api_class(  # (no API method: no need for the constructors)
                    call, _class_attr_ctor(project, ff, call) or _unpacked_ctor(project, ff, call) or _kube_param_ctor(project, ff, call)
            ) and not _project_subclasses(project, KUBE_CLIENT_ROOTS):
                # `v1 = client.CoreV1Api()` ... `v1.list_node()`: the kubernetes client's REST layer passes urllib3 timeout=None
                state = _py_timeout(project, ff, call, "_request_timeout")
                if state != "set":
                    out.append(Untimed(ff, call, "kubernetes", kube_untimed_message(call, state)))
            elif kube and (listed := kube_watch_stream(call)) and not _project_subclasses(project, KUBE_CLIENT_ROOTS):
                state = _py_timeout(project, ff, call, "_request_timeout")
                if state != "set":
                    out.append(Untimed(ff, call, "kubernetes", kube_watch_message(call, listed, state)))
            elif grpc and (stub := grpc_unary_call(project, call)):
                # `stub = foo_pb2_grpc.FooStub(channel)` ... `stub.Predict(request)`: gRPC sets no deadline by default
                # (the timeout is also the second positional argument: `stub.Predict(request, 5)`)
                state = _py_timeout(project, ff, call) if len(call.args) < 2 else "none" if call.args[1].k == NULL else "set"
                if state != "set":
                    out.append(Untimed(ff, call, "grpc", grpc_untimed_message(call, stub, state)))
            elif callee in _XMLRPC_PROXIES and not default_socket:
                hit = _xmlrpc_proxy(project, ff, call, callee)
                if hit is not None:
                    out.append(hit)
            elif callee in _SWIFT_MODULE_CALLS and not patched:
                hit = _swift_module_call(ff, call)
                if hit is not None:
                    out.append(hit)
            elif callee in _JENKINS_CLIENTS and not default_socket:
                jenkins_untimed = _made_untimed(project, ff, call, targets, 4, "timeout")
                if jenkins_untimed is not None:
                    head = call.text.split("(", 1)[0].strip()
                    sends = ("sends every request with no timeout" if "None" in jenkins_untimed else
                             "leaves every request to the global socket timeout, which is none")
                    out.append(Untimed(ff, call, "python-jenkins", f"`{head}()`, a python-jenkins client, {jenkins_untimed}: python-jenkins then "
                                       f"{sends}, so every Jenkins API call made through this client (job and build lookups) waits forever "
                                       "on a slow or hung Jenkins server"))
            elif callee in _PYVMOMI_CONNECTS and not default_socket:
                hit = _pyvmomi_connect(project, ff, call, targets)
                if hit is not None:
                    out.append(hit)
            elif callee in _UNTIMED_CLIENTS and not patched:
                hit = _untimed_client(project, ff, call, targets)
                if hit is not None:
                    out.append(hit)
            elif not patched and not call.method and callee.isidentifier() and (passed := _passed_client_class(project, ff, call)):
                # `def notify(report, conf, client_factory): client = client_factory(sid, token)`, every caller passing
                # `client_factory=Client` (twilio.rest.Client): kibitzr's Twilio notifier
                hit = _untimed_client(project, ff, call, targets, passed)
                if hit is not None:
                    out.append(hit)
            elif (callee in _HTTPX_FUNCS or callee in _HTTPX_CLIENTS or (call.recv_type in _HTTPX_CLIENTS and call.method in (*_VERBS, "stream", "send"))
                  or _from_factory(project, ff, call, _HTTPX_CLIENTS)):
                state = _py_timeout(project, ff, call)
                by_param = _none_default(project, ff, call) if state == "set" else None
                by_spread = _none_spread_default(project, ff, call) if state == "set" and by_param is None and "**" in call.kwargs else None
                if state == "none" or by_param is not None or by_spread is not None:
                    given = _partial_timeout(project, ff, call)
                    what = call.text.split('(', 1)[0]
                    head = f"`{what}()` is given {given}, which leaves waiting for the response unbounded" if given else (
                        f"`{what}(timeout=None)` switches off httpx's default 5-second timeout")
                    if by_param is not None:
                        head = _none_param_head(what, *by_param) + ", which switches off httpx's default 5-second timeout"
                    elif by_spread is not None:
                        head = _none_spread_head(what, call, *by_spread) + ", which switches off httpx's default 5-second timeout"
                    waits = _CLIENT_WAITS if callee in _HTTPX_CLIENTS else _STREAM_WAITS if call.method == "stream" else (
                        "a slow or hung upstream now blocks this request forever")
                    out.append(Untimed(ff, call, "httpx", f"{head}: {waits}"))
            elif callee in _AIOHTTP_SESSIONS or callee == "aiohttp.request" or _aiohttp_session_call(project, ff, call):
                if _py_timeout(project, ff, call) == "none":
                    tv = call.kwargs.get("timeout")
                    given = _partial_timeout(project, ff, call)
                    off = (f"{given}, which leaves waiting for the response unbounded (no `total`, no `sock_read`)" if given else
                           f"{'a `ClientTimeout()` with every limit unset' if tv is not None and tv.k == CALL and tv.v.endswith('ClientTimeout') else 'timeout=None'}, "
                           + ("which switches off aiohttp's default 5-minute timeout" if callee in _AIOHTTP_SESSIONS or callee == "aiohttp.request"
                              else "which switches off the session's timeout (aiohttp's default is 5 minutes)"))
                    holds = _SESSION_HOLDS if callee in _AIOHTTP_SESSIONS else "a slow or hung upstream now holds this coroutine and its connection forever"
                    out.append(Untimed(ff, call, "aiohttp", f"`{_call_name(call, callee)}()` is given {off}: {holds}"))
    for g in _unparsed_none_wrapper_callers(project, none_wrappers):
        for call in g.calls:
            if last_name(call.callee) in none_wrappers:
                hit = _none_wrapper_call(project, g, call, none_wrappers, bool(socket_services) and service_root(project, g) in socket_services)
                if hit is not None:
                    out.append(hit)
    return [u for u in out if not _in_process(u)]


def _unparsed_none_wrapper_callers(project: Project, wrappers: dict[str, list[_NoneWrapper]]) -> list[FileFacts]:
    """Python modules the prefilter left unparsed that may call a helper of
    ``wrappers``: one whose text names the helper's module and can call the
    helper (the word right before a parenthesis) is parsed now (limnoria's
    plugins: ``utils.web.getUrlFd(url)``, with no trigger token of their own)."""
    if not wrappers:
        return []
    stems = {posixpath.basename(posixpath.dirname(w[0].path)) if w[0].path.endswith("/__init__.py") else
             posixpath.basename(w[0].path).removesuffix(".py") for ws in wrappers.values() for w in ws}
    out = []
    for g in project.code_files():
        if not g.shallow or g.lang != "py" or example_code(project, g.path) or not any(project.may_mention(g.path, s) for s in stems if s):
            continue
        for name in wrappers:
            full = project.full(g, name, called=True)
            if full is not g:
                out.append(full)
                break
    return out


def _made_untimed(project: Project, ff: FileFacts, call: Call, targets: list[str], timeout_at: int, key: str,
                  later: tuple[str, ...] = ("timeout",)) -> str | None:
    """How the client object ``call`` makes is left without a timeout ("is
    given timeout=None", "is created without a timeout"), or None when it
    has one: by keyword (``key``), positionally (``timeout_at`` positional arguments or
    more), in options we cannot read, or set later (:func:`_timeout_assigned`,
    on one of the attribute paths ``later``)."""
    if len(call.args) >= timeout_at or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
        return None
    state = _py_timeout(project, ff, call, key)
    if state == "set" or _timeout_assigned(ff, call, targets, later):
        return None
    return f"is given {key}=None" if state == "none" else "is created without a timeout" if key == "timeout" else f"is created without `{key}`"


# client objects whose every request inherits the timeout they were made
# with (none unless given): (library, how messages name it, what the object
# is, the positional arguments that reach `timeout`, what waits when it has none,
# the timeout's keyword)
_INFLUX_WAITS = ("so every write and query made through this client waits forever on a slow or hung InfluxDB server "
                 "(its retries only follow errors, not a request that never answers)")
_HDFS_WAITS = ("so every HDFS call made through this client (status, list, read, write, upload) waits forever on a slow "
               "or hung namenode or datanode")
_CINDER_WHAT = "a python-cinderclient client made without a session"
_CINDER_WAITS = "so every block-storage API call made through this client waits forever on a slow or hung Cinder API"
_MANILA_WHAT = "a python-manilaclient client made without a session"
_MANILA_WAITS = ("so every shared-file-system API call made through this client waits forever on a slow or hung Manila API "
                 "(its retries only follow errors, not a request that never answers)")
_TROVE_WHAT = "a python-troveclient client made without a session"
_TROVE_WAITS = ("so every database-service API call made through this client waits forever on a slow or hung Trove API "
                "(its retries only follow errors, not a request that never answers)")
_KARBOR_WHAT = "a python-karborclient client made without a session"
_KARBOR_WAITS = "so every data-protection API call made through this client waits forever on a slow or hung Karbor API"
_UNTIMED_CLIENTS: dict[str, tuple[str, str, str, int, str, str]] = {
    # keystoneauth1's Session (the OpenStack clients and adapters built on it): timeout is its sixth parameter
    **dict.fromkeys(_KEYSTONE_SESSIONS, (
        "keystoneauth1", "keystoneauth", "a keystoneauth1 session", 6,
        "so every request made through this session (and the OpenStack clients and adapters built on it) that sets no "
        "timeout of its own waits forever on a slow or hung upstream", "timeout")),
    # python-swiftclient's Connection: timeout is the eighteenth parameter (or later in older releases); its
    # `retries` only follow errors
    **dict.fromkeys(_SWIFT_CONNECTIONS, (
        "swiftclient", "swiftclient", "a python-swiftclient connection", 18,
        "so every object-storage request made through this connection waits forever on a slow or hung Swift proxy "
        "(its retries only follow errors, not a request that never answers)", "timeout")),
    # python-swiftclient's own connection: timeout is the ninth parameter; it does not retry at all
    **dict.fromkeys(_SWIFT_HTTP_CONNECTIONS, (
        "swiftclient", "swiftclient", "a python-swiftclient HTTP connection", 9,
        "so every object-storage request made through this connection (the module functions handed it as `http_conn`) "
        "waits forever on a slow or hung Swift proxy", "timeout")),
    # openstacksdk's Connection from credentials alone: a positional argument is `cloud` or `config`
    **dict.fromkeys(_SDK_CONNECTIONS, (
        "openstacksdk", "the keystoneauth session openstacksdk builds for it", "an openstacksdk connection made from credentials alone", 1,
        "so every request made through this connection (and its compute, block-storage and other service proxies) waits forever "
        "on a slow or hung OpenStack API", "api_timeout")),
    # jira's JIRA: timeout is the fifteenth parameter (jira 2.x; later in 3.x); its `max_retries` only follow
    # errors (connection errors, 502-504 answers)
    **dict.fromkeys(_JIRA_CLIENTS, (
        "jira", "jira", "a Jira client", 15,
        "so every Jira API call made through this client (the server-info request its constructor makes too) waits "
        "forever on a slow or hung Jira server (its retries only follow errors, not a request that never answers)", "timeout")),
    # twilio's REST Client: `http_client` is the fifth parameter (username, password, account_sid, region, http_client)
    **dict.fromkeys(_TWILIO_CLIENTS, (
        "twilio", "the TwilioHttpClient twilio makes for it", "a Twilio REST client", 5,
        "so every Twilio API call made through this client (each message sent, each call placed) waits forever on a slow "
        "or hung Twilio API (give it `http_client=TwilioHttpClient(timeout=...)`)", "http_client")),
    # twilio's own HTTP client: timeout is the third parameter (pool_connections, request_hooks, timeout)
    **dict.fromkeys(_TWILIO_HTTP_CLIENTS, (
        "twilio", "twilio", "Twilio's HTTP client", 3,
        "so every Twilio API call made through the REST clients it is handed to waits forever on a slow or hung Twilio API",
        "timeout")),
    # exotel's Exotel(sid, token): no timeout parameter at all (a `timeout=` or `**options` given is the project's own)
    **dict.fromkeys(_EXOTEL_CLIENTS, (
        "exotel", "exotel", "an Exotel API client", 3,
        "so every SMS sent and call placed through this client waits forever on a slow or hung Exotel API (call "
        "Exotel's REST API with requests and a timeout instead)", "timeout")),
    # py-couchdb's Server: no timeout parameter at all (its Database objects share the Server's session)
    **dict.fromkeys(_PYCOUCHDB_SERVERS, (
        "pycouchdb", "py-couchdb", "a CouchDB server connection", 4,
        "so every document read, write and view query made through it (and the databases it hands out) waits forever "
        "on a slow or hung CouchDB (use a CouchDB client that takes a timeout, or requests with one)", "timeout")),
    # huggingface_hub's InferenceClient: timeout is the third parameter (keyword-only in later releases)
    **dict.fromkeys(_HF_INFERENCE_CLIENTS, (
        "huggingface_hub", "huggingface_hub", "a Hugging Face InferenceClient", 3,
        "so every inference call made through this client waits forever on a slow or hung inference server (and a model "
        "that is still loading is retried every second, without end)", "timeout")),
    # influxdb-python's InfluxDBClient (and its DataFrameClient): timeout is the eighth parameter; its `retries`
    # only follow errors (connection errors, timeouts it never gets)
    **dict.fromkeys(_INFLUXDB_CLIENTS, (
        "influxdb", "influxdb", "an InfluxDB 1.x client", 8, _INFLUX_WAITS, "timeout")),
    **dict.fromkeys(_INFLUXDB_FROM_DSN, ("influxdb", "influxdb", "an InfluxDB 1.x client", 2, _INFLUX_WAITS, "timeout")),
    **dict.fromkeys(_INFLUXDB08_CLIENTS, ("influxdb", "influxdb", "an InfluxDB 0.8 client", 8, _INFLUX_WAITS, "timeout")),
    **dict.fromkeys(_INFLUXDB08_FROM_DSN, ("influxdb", "influxdb", "an InfluxDB 0.8 client", 2, _INFLUX_WAITS, "timeout")),
    # PyMISP: timeout is the ninth parameter (url, key, ssl, debug, proxies, cert, auth, tool, timeout)
    **dict.fromkeys(_PYMISP_CLIENTS, (
        "pymisp", "PyMISP", "a MISP API client", 9,
        "so every MISP API call made through this client (the version and user checks its constructor makes too) waits "
        "forever on a slow or hung MISP server", "timeout")),
    # assemblyline_client: timeout is the tenth parameter of get_client()
    **dict.fromkeys(_ASSEMBLYLINE_CLIENTS, (
        "assemblyline_client", "assemblyline_client", "an Assemblyline API client", 10,
        "so every Assemblyline API call made through this client (the login its constructor makes too) waits forever on a "
        "slow or hung Assemblyline server (its retries, endless by default, only follow connection errors and gateway "
        "errors, not a request that never answers)", "timeout")),
    # HdfsCLI's WebHDFS clients: every status, list, read, write and upload goes through requests with their timeout
    **dict.fromkeys(_HDFS_CLIENTS, ("hdfs", "hdfs", "an HdfsCLI (WebHDFS) client", 4, _HDFS_WAITS, "timeout")),
    **dict.fromkeys(_HDFS_KEYWORD_CLIENTS, ("hdfs", "hdfs", "an HdfsCLI (WebHDFS) client", 3, _HDFS_WAITS, "timeout")),
    **dict.fromkeys(_HDFS_KERBEROS_CLIENTS, ("hdfs", "hdfs", "an HdfsCLI (WebHDFS) client", 6, _HDFS_WAITS, "timeout")),
    # python-novaclient's client from credentials: `Client(version, username, password, project_id, auth_url, **kwargs)`,
    # timeout only by keyword
    **dict.fromkeys(_NOVA_CLIENTS, (
        "novaclient", "the keystoneauth session novaclient builds for it", "a python-novaclient client made without a session", 6,
        "so every compute API call made through this client waits forever on a slow or hung Nova API", "timeout")),
    # python-cinderclient's client from credentials: timeout is the sixth parameter of the versioned client (the
    # seventh through `cinderclient.client.Client(version, ...)`); its `retries` only follow errors
    **dict.fromkeys(_CINDER_CLIENTS, ("cinderclient", "cinderclient", _CINDER_WHAT, 7, _CINDER_WAITS, "timeout")),
    **dict.fromkeys(_CINDER_VERSION_CLIENTS, ("cinderclient", "cinderclient", _CINDER_WHAT, 6, _CINDER_WAITS, "timeout")),
    # python-neutronclient, python-manilaclient, python-troveclient and python-karborclient clients from a token or
    # credentials: their own HTTPClient sends every request with the client's timeout, none unless given
    **dict.fromkeys(_NEUTRON_CLIENTS, (
        "neutronclient", "neutronclient", "a python-neutronclient client made without a session", 1,
        "so every networking API call made through this client waits forever on a slow or hung Neutron API", "timeout")),
    **dict.fromkeys(_MANILA_CLIENTS, ("manilaclient", "manilaclient", _MANILA_WHAT, 6, _MANILA_WAITS, "timeout")),
    **dict.fromkeys(_MANILA_VERSION_CLIENTS, ("manilaclient", "manilaclient", _MANILA_WHAT, 5, _MANILA_WAITS, "timeout")),
    **dict.fromkeys(_TROVE_CLIENTS, ("troveclient", "troveclient", _TROVE_WHAT, 7, _TROVE_WAITS, "timeout")),
    **dict.fromkeys(_TROVE_VERSION_CLIENTS, ("troveclient", "troveclient", _TROVE_WHAT, 6, _TROVE_WAITS, "timeout")),
    **dict.fromkeys(_KARBOR_CLIENTS, ("karborclient", "karborclient", _KARBOR_WHAT, 3, _KARBOR_WAITS, "timeout")),
    **dict.fromkeys(_KARBOR_VERSION_CLIENTS, ("karborclient", "karborclient", _KARBOR_WHAT, 2, _KARBOR_WAITS, "timeout")),
    # python-keystoneclient's client from credentials: the Session it builds for itself has no timeout unless given one
    **dict.fromkeys(_KEYSTONECLIENT_CLIENTS, (
        "keystoneclient", "the session keystoneclient builds for it", "a python-keystoneclient client made without a session", 1,
        "so every identity API call made through this client (the authentication it makes first too) waits forever on a "
        "slow or hung Keystone", "timeout")),
    **dict.fromkeys(_KEYSTONECLIENT_FACTORY, (
        "keystoneclient", "the session keystoneclient builds for it", "a python-keystoneclient client made without a session", 3,
        "so every identity API call made through this client (the version discovery it makes first too) waits forever on a "
        "slow or hung Keystone", "timeout")),
    # PyLD's requests document loader: timeout only by keyword (its positional parameters are `secure`, `max_link_follows`)
    **dict.fromkeys(_PYLD_REQUESTS_LOADERS, (
        "pyld", "PyLD", "a PyLD document loader", 3,
        "so every remote document it loads (a JSON-LD `@context` or document URL named by the data being expanded, "
        "often another server's) waits forever on a slow or hung server", "timeout")),
}


def _untimed_client(project: Project, ff: FileFacts, call: Call, targets: list[str], passed: tuple[str, str] | None = None) -> Untimed | None:
    """A client object of :data:`_UNTIMED_CLIENTS` made with no ``timeout``
    (or ``timeout=None``): ``keystoneauth1.session.Session(auth=auth)``,
    ``swiftclient.Connection(authurl=..., user=..., key=...)``,
    ``openstack.connection.Connection(token=..., auth_url=...)`` (not one
    given a cloud, config, session or oslo.config to take settings from).  The library
    then hands requests no timeout, so every request through the object
    waits forever unless it passes one itself.  A ``timeout`` given
    positionally, options we cannot read, or a later ``<obj>.timeout = ...``
    count as set.  With ``passed`` (the class and who passes it, from
    :func:`_passed_client_class`), ``call`` calls a parameter its callers
    fill with that class."""
    ctor = passed[0] if passed else call.callee
    lib, who, what, timeout_at, waits, key = _UNTIMED_CLIENTS[ctor]
    if ctor in _SDK_CONNECTIONS and any(
            k in _SDK_SETTINGS_FROM or (k.endswith("timeout") and k != "api_timeout") for k in call.kwargs):
        return None
    if ctor in _SESSION_TAKING_CLIENTS and "session" in call.kwargs:
        return None  # the session's timeout (a keystoneauth Session made without one is reported where it is made)
    if ctor in _PYMISP_CLIENTS and "https_adapter" in call.kwargs:
        return None  # the adapter it mounts may bound every request
    given = _made_untimed(project, ff, call, targets, timeout_at, key, _TWILIO_LATER if ctor in _TWILIO_CLIENTS else ("timeout",))
    if given is None:
        return None
    if ctor in _INFLUXDB_CLIENTS or ctor in _INFLUXDB08_CLIENTS:
        waits = _influx_udp_waits(call) or waits
    named = f"`{call.text.split('(', 1)[0].strip()}()`"
    if passed:
        named += f" (the `{ctor}` class {passed[1]} {'pass' if passed[1] == 'its callers' else 'passes'} in as `{call.callee}`)"
    none = "none" if key.endswith("timeout") else "no timeout"  # a missing `http_client` is no missing timeout
    if ctor in _TAKE_NO_TIMEOUT:
        given = "takes no timeout"  # (it has no parameter for one)
    return Untimed(ff, call, lib, f"{named}, {what}, {given}: {who} then passes {none} to requests, {waits}")


def _pyvmomi_connect(project: Project, ff: FileFacts, call: Call, targets: list[str]) -> Untimed | None:
    """A pyVmomi ``SmartConnect(...)``/``Connect(...)`` with no
    ``httpConnectionTimeout`` (or ``None``): its SOAP stub then opens its
    http.client connections with no timeout (the global socket timeout, none
    unless set), so the login and every vSphere API call through the
    connection wait forever on a vCenter that stops answering
    (suzieq's vCenter inventory source)."""
    untimed = _made_untimed(project, ff, call, targets, _PYVMOMI_CONNECTS[call.callee], "httpConnectionTimeout")
    if untimed is None:
        return None
    head = call.text.split("(", 1)[0].strip()
    return Untimed(ff, call, "pyvmomi", f"`{head}()`, a pyVmomi vSphere connection, {untimed}: pyVmomi then opens its HTTPS "
                   "connections with the global socket timeout, which is none, so the login and every vSphere API call made "
                   "through this connection (inventory and property queries) wait forever on a slow or hung vCenter or ESXi host")


def _swift_module_call(ff: FileFacts, call: Call) -> Untimed | None:
    """A python-swiftclient module function called without ``http_conn``
    (``swiftclient.client.put_object(url, token, container, name, contents)``):
    it opens its own connection with ``http_connection(url)``, which hands
    requests no timeout.  An ``http_conn`` given by keyword or positionally,
    or arguments we cannot read (``*args``, ``**options``), count as given."""
    at = _SWIFT_MODULE_CALLS[call.callee]
    if "http_conn" in call.kwargs or "**" in call.kwargs or len(call.args) > at or any(
            a.k == OTHER and a.v.startswith("*") for a in call.args):
        return None
    head = call.text.split("(", 1)[0].strip()
    return Untimed(ff, call, "swiftclient", f"`{head}()`, a python-swiftclient module function, is called without `http_conn`: "
                   "it opens its own connection with `http_connection(url)`, which passes requests no timeout, so a slow or hung "
                   "Swift proxy blocks this worker forever (give it an `http_conn` made with a `timeout`, or use a `Connection` "
                   "made with one)")


def _influx_udp_waits(call: Call) -> str | None:
    """What waits on an influxdb-python client made with ``use_udp=``
    (openwisp-monitoring's ``InfluxDBClient(..., use_udp=options.get("udp_writes"))``):
    its ``write_points`` then send over UDP, which waits on no answer, while
    queries and database calls still go through requests.  None when
    ``use_udp`` is not given or is literally false (every write waits too)."""
    flag = call.kwargs.get("use_udp")
    if flag is None or (flag.k == BOOL and flag.v == "false"):
        return None
    writes = ("its `write_points` go over UDP" if flag.k == BOOL else
              "and every write too, unless `use_udp` is on and sends `write_points` over UDP")
    return (f"so every query and database call made through this client ({writes}) waits forever on a slow or hung "
            "InfluxDB server (its retries only follow errors, not a request that never answers)")


def _xmlrpc_proxy(project: Project, ff: FileFacts, call: Call, callee: str) -> Untimed | None:
    """An XML-RPC ``ServerProxy(url)`` made with the default transport
    (pyspider's ``xmlrpc_client.ServerProxy(value, allow_none=True)``, the
    web UI's client of the scheduler): ``xmlrpc.client.Transport`` opens its
    ``http.client`` connections with no timeout, so every remote call made
    through the proxy waits forever on a server that accepts and never
    answers.  A ``transport`` given (by keyword, positionally, in options we
    cannot read) is the project's own: it may set one.  The message names the
    module the proxy comes from: Python 2's ``xmlrpclib`` (diamond's
    supervisord collector) by that name, not as ``xmlrpc.client``."""
    if len(call.args) >= 2 or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
        return None
    if _py_timeout(project, ff, call, "transport") == "set":
        return None
    head = call.text.split("(", 1)[0].strip()
    module = "xmlrpclib" if callee.startswith("xmlrpclib.") else "xmlrpc.client"
    return Untimed(ff, call, "xmlrpc", f"`{head}()` uses {module}'s default transport, which opens its connections with no timeout "
                   "(the global socket timeout, none unless set): every remote call made through this proxy waits forever on a slow "
                   "or hung server, and blocks the request or worker that made it")


def _timeout_assigned(ff: FileFacts, call: Call, targets: list[str], paths: tuple[str, ...] = ("timeout",)) -> bool:
    """The object ``call`` makes is given a timeout afterwards, on one of the
    attribute ``paths`` (``timeout``; a Twilio client's ``http_client.timeout``):
    a member or a module-level name (``self.session``, ``SESSION``) by
    ``<name>.timeout = ...`` anywhere in the file; a local of a function only
    there, or in a function of the file it is handed to that sets ``.timeout``
    on that parameter -- not by another function's local of the same name
    (solum's keystone client makes three sessions, each called ``session``,
    in three methods)."""
    short = call.assigned.rsplit(".", 1)[-1]
    if not short:
        return False
    if "." in call.assigned or not call.func:
        return any(t.endswith(f".{p}") and t[:-len(p) - 1].rsplit(".", 1)[-1] == short for t in targets for p in paths)
    assigns = [a for a in ff.extra.get("assigns") or () if isinstance(a, list) and len(a) >= 2 and isinstance(a[0], str)]
    if any(a[0] == f"{short}.{p}" and a[1] == call.func for a in assigns for p in paths):
        return True
    funcs = {f.id: f for f in ff.funcs}
    helpers = {last_name(x.callee) for x in ff.calls
               if x.func == call.func and any(a.k == IDENT and a.v == short for a in (*x.args, *x.kwargs.values()))}
    return any((f := funcs.get(a[1])) is not None and f.name in helpers and a[0].endswith(f".{p}")
               and a[0][:-len(p) - 1] in f.params for a in assigns for p in paths)


_LOCAL_SCHEMES = ("data:", "file:")


def _local_url(project: Project, ff: FileFacts, call: Call) -> bool:
    """``urlopen`` of a ``data:``/``file:`` URL opens no socket: a literal one,
    a variable its function only lets through after ``url.startswith("data:")``,
    or one opened in the body of ``if parts.scheme == "file":`` on that URL parsed."""
    url = call.args[0] if call.args else call.kwargs.get("url")
    if url is None:
        return False
    val = project.resolve(ff, url)
    if val.k == STR:
        return val.v.lstrip().lower().startswith(_LOCAL_SCHEMES)
    if url.k != IDENT:
        return False
    if _scheme_checked(ff, call.func, url.v, call.line) or _in_local_scheme_branch(ff, call, url.v):
        return True
    # a parameter of a helper that every caller of the same module calls only
    # after checking the scheme (`if url.startswith("data:"): self._parse_data_url(url)`)
    fn = project.funcs(ff).get(call.func) if call.func else None
    if fn is None or url.v not in fn.params or fn.name == "<anon>":
        return False
    sites = call_sites(project, ff, fn, within=ff)
    return bool(sites) and all(_scheme_checked(ff, c.func, "", c.line) for _, c in sites)


def _scheme_checked(ff: FileFacts, fid: str, name: str, line: int) -> bool:
    """A ``x.startswith("data:")`` test in function ``fid`` before ``line``
    (on ``name``, or on any value when ``name`` is empty)."""
    return any(
        c.method == "startswith" and (not name or c.recv == name) and c.args and c.args[0].k == STR and c.args[0].v.lower() in _LOCAL_SCHEMES
        for c in ff.calls
        if c.func == fid and c.line <= line
    )


def _in_local_scheme_branch(ff: FileFacts, call: Call, name: str) -> bool:
    """``call`` is in the body of an ``if`` of its own function that tests
    for a ``data``/``file`` scheme the URL in ``name`` parsed there
    (``parts = urlparse(url)``, then ``if parts.scheme == "file":``, heat's
    urlfetch; or ``if urlsplit(url).scheme == "file":``; or ``in ("file",
    "data")``, every scheme listed a local one)."""
    for g in ff.extra.get("scheme_ifs") or ():
        if not (isinstance(g, list) and len(g) == 6):
            continue
        line, fid, owner, scheme, first, last = g
        if (fid == call.func and first <= call.line <= last and all(f"{one}:" in _LOCAL_SCHEMES for one in scheme.split("|"))
                and any(_parses_url(c, name) and (c.assigned == owner and c.line < line or not c.assigned and c.line == line)
                        for c in ff.calls if c.func == fid)):
            return True
    return False


def _parses_url(c: Call, name: str) -> bool:
    """``urlparse(name)`` / ``urlsplit(name)`` (urllib.parse, Python 2's urlparse, six.moves)."""
    module, _, fn = c.callee.rpartition(".")
    return fn in ("urlparse", "urlsplit") and module.endswith("parse") and bool(c.args) and c.args[0].k == IDENT and c.args[0].v == name


def _aiohttp_session_call(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` is a request on an aiohttp ClientSession: one made in place
    or assigned one, or one a function or method of this file makes and hands
    back (gns3-server's ``self._session().request(...)``, whose ``_session``
    keeps a new ``aiohttp.ClientSession()`` in ``self._http_session`` when
    none is open; ``client = cls.get_client()``, then ``client.request(...)``)."""
    if call.method not in _AIOHTTP_METHODS:
        return False
    if call.recv_type in _AIOHTTP_SESSIONS:
        return True
    rt = call.recv_type
    if not rt and call.recv.endswith("()") and "(" not in call.recv[:-2]:
        rt = call.recv[:-2]
    head, _, name = rt.rpartition(".")
    if not name or rt in _AIOHTTP_SESSIONS:
        return False
    if head in ("self", "cls"):
        cls = enclosing_class(project, ff, call.func) if call.func else ""
        if not cls:
            return False
    elif head and "." not in head:
        cls = head  # `HTTPClient.get_client()`: a class of this file
    elif head:
        return False
    else:
        cls = ""
    return any(_makes_aiohttp_session(project, ff, f) for f in project.funcs_named(ff, name) if f.cls == cls)


def _makes_aiohttp_session(project: Project, ff: FileFacts, f: Func) -> bool:
    """``f`` makes an aiohttp ClientSession and returns nothing another call
    gives (``return resp.json()``): the session, or what it keeps it in."""
    calls = project.calls_in(ff, f.id, nested=True)
    if not any(c.callee in _AIOHTTP_SESSIONS for c in calls):
        return False
    return not any(c.assigned == "return" and c.func == f.id and c.callee not in _AIOHTTP_SESSIONS for c in calls)


# a function that hands the timeout its callers give on to a request on an
# aiohttp session: (its file, the function, the parameter it hands on as
# `timeout=`: "**" for its own **kwargs, the request it ends in, the project
# function it hands it to: "" when it makes the request itself)
_AioWrapper = tuple[FileFacts, Func, str, str, str]


def _hands_on_timeout(ff: FileFacts, fn: Func, c: Call) -> str:
    """The parameter of ``fn`` that its call ``c`` is given unchanged as
    ``timeout=`` (``timeout=timeout``, the function never setting it again),
    "**" when ``c`` spreads ``fn``'s own ``**kwargs`` untouched; '' otherwise."""
    v = c.kwargs.get("timeout")
    if v is None:
        return "**" if forwards_kwargs(ff, fn, c) else ""
    if v.k == IDENT and [fn.id, v.v] in ((ff.extra or {}).get("kept_timeouts") or ()):
        return v.v
    return ""


def _aiohttp_timeout_wrappers(project: Project, files: list[FileFacts]) -> dict[str, list[_AioWrapper]]:
    """Name -> functions and methods that hand the ``timeout`` their callers
    give (by that name, or in their ``**kwargs``) on to a request on an
    aiohttp session, or to another such function (gns3-server's
    ``Compute.http_query(method, path, data=None, **kwargs)`` calls
    ``self._run_http_query(method, path, data=data, **kwargs)``, which gives
    ``timeout=timeout`` to ``self._session().request(...)``): a caller that
    passes ``timeout=None`` switches the session's timeout off."""
    out: dict[str, list[_AioWrapper]] = {}
    known: set[tuple[str, str]] = set()
    for ff in files:
        if not any(m.split(".", 1)[0] == "aiohttp" for m in ff.modules):
            continue
        funcs = project.funcs(ff)
        for c in ff.calls:
            fn = funcs.get(c.func) if c.func else None
            if fn is None or fn.parent or (ff.path, fn.id) in known or not _aiohttp_session_call(project, ff, c):
                continue
            param = _hands_on_timeout(ff, fn, c)
            if param in ("**", "timeout"):
                known.add((ff.path, fn.id))
                out.setdefault(fn.name, []).append((ff, fn, param, f"{c.recv}.{c.method}", ""))
    changed = bool(out)
    while changed:
        changed = False
        for ff in files:
            funcs = project.funcs(ff)
            for c in ff.calls:
                fn = funcs.get(c.func) if c.func else None
                if fn is None or fn.parent or last_name(c.callee) not in out or (ff.path, fn.id) in known:
                    continue
                w = _aio_wrapper_of(project, ff, c, out)
                param = _hands_on_timeout(ff, fn, c) if w is not None else ""
                if w is not None and param in ("**", "timeout"):
                    known.add((ff.path, fn.id))
                    out.setdefault(fn.name, []).append((ff, fn, param, w[3], f"{w[1].cls}.{w[1].name}" if w[1].cls else w[1].name))
                    changed = True
    return out


def _aio_wrapper_of(project: Project, ff: FileFacts, call: Call, wrappers: dict[str, list[_AioWrapper]]) -> _AioWrapper | None:
    """The wrapper of ``wrappers`` that ``call`` runs (not the function it is
    in); a method only on its own class: ``self.``/``cls.`` in a method of
    that class, the class itself (``HTTPClient.request(...)``), or an object
    typed as one."""
    for tf, f in callee_funcs(project, ff, call):
        for w in wrappers.get(last_name(call.callee), ()):
            if w[0] is not tf or w[1].id != f.id or (tf is ff and call.func == f.id):
                continue
            if f.cls and last_name(call.recv_type) != f.cls and last_name(call.recv) != f.cls and not (
                    call.recv in ("self", "cls") and tf is ff and call.func and enclosing_class(project, ff, call.func) == f.cls):
                continue
            return w
    return None


def _aiohttp_none_call(project: Project, ff: FileFacts, call: Call, wrappers: dict[str, list[_AioWrapper]]) -> Untimed | None:
    """A call of an ``_aiohttp_timeout_wrappers`` function given
    ``timeout=None``: the aiohttp request it ends in waits with no limit."""
    v = call.kwargs.get("timeout")
    if v is None or project.resolve(ff, v).k != NULL:
        return None
    w = _aio_wrapper_of(project, ff, call, wrappers)
    if w is None:
        return None
    wf, fn, _param, inner, via = w
    wrapper = f"{fn.cls}.{fn.name}" if fn.cls else fn.name
    how = f"through `{via}()` " if via else ""
    return Untimed(ff, call, "aiohttp",
                   f"`{_call_name(call, call.callee)}()` passes timeout=None, which `{wrapper}()` ({wf.path}:{fn.line}) hands {how}"
                   f"to the aiohttp request `{inner}()`: that switches off the session's timeout (aiohttp's default is 5 minutes), "
                   "so a slow or hung upstream now holds this coroutine and its connection forever",
                   [Related(wf.path, fn.line, f"`{wrapper}()` hands its timeout on to `{via or inner}()`")])


# a pass-through wrapper: (its file, the function, the library call it ends
# in, the project wrapper it hands its keyword arguments to: "" when direct,
# what the library call is when its name does not say: "" or ", the
# requests.Session method its callers pass in (...)")
_Wrapper = tuple[FileFacts, Func, str, str, str]


def forwards_kwargs(ff: FileFacts, fn: Func | None, c: Call, key: str = "timeout", nested: bool = False) -> bool:
    """Call ``c`` hands function ``fn``'s own ``**kwargs`` on as the caller
    gave them (``fn``: a module-level function or a method, not a nested
    one unless ``nested``): no ``key=`` of its own (``timeout=``), and ``fn`` neither gives them one
    (``kwargs.setdefault("timeout", ...)``, ``kwargs["timeout"] = ...``) nor
    lets anything else fill them (``kwargs.update(...)``,
    ``self._prepare_kwargs(kwargs)``) before ``c`` -- what happens to them
    after it (fiftyone's CVAT client: ``self._validate(response, kwargs)``,
    which logs them when the request failed) cannot give ``c`` a timeout."""
    if fn is None or fn.parent and not nested or not fn.params:
        return False
    name = _spread_own_kwargs(ff, fn, c, key)
    if not name:
        return False
    after = c.end_line or c.line
    for d in ff.calls:
        if d.func != fn.id or d is c or d.line > after:
            continue
        if d.recv == name and (d.method == "update" or d.method == "setdefault" and d.args and d.args[0].k == STR and d.args[0].v == key):
            return False
        if any(a.k == IDENT and a.v == name for a in (*d.args, *d.kwargs.values())):
            return False
    return True


def _spread_own_kwargs(ff: FileFacts, fn: Func, c: Call, key: str) -> str:
    """The name of ``fn``'s own parameter that call ``c`` spreads
    (``**kwargs``), when ``c`` passes no ``key=`` of its own and ``fn``
    assigns no ``kwargs["key"]``; '' otherwise."""
    spread = c.kwargs.get("**")
    if spread is None or key in c.kwargs:
        return ""
    name = spread.v.lstrip("*")
    if name not in fn.params:
        return ""
    items = (f'{name}["{key}"]', f"{name}['{key}']")
    if any(a[1] == fn.id and a[0] in items for a in (ff.extra.get("assigns") or []) if isinstance(a, list) and len(a) >= 2):
        return ""
    return name


def _pass_through_wrappers(project: Project, files: list[FileFacts], patched: bool, default_socket: bool) -> dict[str, list[_Wrapper]]:
    """Name -> module-level functions and methods that hand their own
    ``**kwargs`` to ``urlopen``/requests (``def urlopen(*a, **kw): return
    urllib.request.urlopen(*a, **kw)``, unmanic's ``RequestHandler.get``), or
    to a method of a plain requests Session (``self.http.request(method, url,
    **payload)`` on ``self.http = requests.Session()``: the API-client shape of
    ara's HttpClient), also one its callers pass in as a parameter (fiftyone's
    CVAT client: ``_make_request(self, request_method, url, **kwargs)`` runs
    ``request_method(url, verify=False, **kwargs)``, and ``get(self, url,
    **kwargs)`` calls it with ``self._session.get``, see
    :func:`_session_method_param`): whether a call times out is decided where
    the wrapper is called."""
    out: dict[str, list[_Wrapper]] = {}
    for ff in files:
        funcs = {f.id: f for f in ff.funcs}
        targets: list[str] | None = None
        for c in ff.calls:
            lib = "urllib" if c.callee in _URLOPEN and not default_socket else "requests" if (
                c.callee in _REQUESTS_FUNCS and not patched and not _requests_rebound(ff, funcs, c)) else ""
            inner = c.callee
            if not lib and not patched and "**" in c.kwargs and c.method in _SESSION_METHODS and (
                    c.recv_type in _SESSIONS or c.recv.removesuffix("()") in _SESSIONS or _class_attr_ctor(project, ff, c) in _SESSIONS
                    # (or one a project function or property makes: `self.session.request(method, url, **kwargs)`
                    # where the `session` property returns a plain Session it built lazily, zenml's Pro API client)
                    or (c.recv and _session_factory(project, ff, c) is not None)):
                if targets is None:
                    targets = _assign_targets(ff)
                if not _session_mitigated(project, ff, c, targets):
                    lib, inner = "requests", f"{c.recv}.{c.method}"
            fn = funcs.get(c.func) if c.func else None
            note = ""
            if not lib and not patched and "**" in c.kwargs and not c.method and fn is not None and c.callee in fn.params:
                if targets is None:
                    targets = _assign_targets(ff)
                passer = _session_method_param(project, ff, c, targets)
                if passer:
                    lib, note = "requests", f", the requests.Session method {passer}"
            if lib and fn is not None and forwards_kwargs(ff, fn, c):
                out.setdefault(fn.name, []).append((ff, fn, inner, "", note))
    return out


def _forwarding_wrappers(project: Project, files: list[FileFacts], wrappers: dict[str, list[_Wrapper]]) -> None:
    """Add the functions that hand their own ``**kwargs`` to a pass-through
    wrapper, and so on (label-studio's ``ssrf_safe_get(url, *args, **kwargs)``
    returns ``ssrf_safe_request('GET', url, *args, **kwargs)``, which calls
    ``requests.request(method, url, *args, **kwargs)``): their callers decide
    the timeout too."""
    known = {(wf.path, fn.id) for ws in wrappers.values() for wf, fn, _inner, _via, _note in ws}
    changed = True
    while changed:
        changed = False
        for ff in files:
            funcs = project.funcs(ff)
            for c in ff.calls:
                if not c.func or "**" not in c.kwargs or last_name(c.callee) not in wrappers:
                    continue
                fn = funcs.get(c.func)
                if fn is None or (ff.path, fn.id) in known or not forwards_kwargs(ff, fn, c):
                    continue
                inner = next((w for tf, f in callee_funcs(project, ff, c) for w in wrappers[last_name(c.callee)]
                              if w[0] is tf and w[1].id == f.id and f.id != fn.id), None)
                if inner is None:
                    continue
                known.add((ff.path, fn.id))
                via = f"{inner[1].cls}.{inner[1].name}" if inner[1].cls else inner[1].name
                wrappers.setdefault(fn.name, []).append((ff, fn, inner[2], via, _passed_method_note(inner[1], inner[2], c, inner[4])))
                changed = True


def _passed_method_note(fn: Func, param: str, call: Call, note: str) -> str:
    """For wrapper ``fn`` that calls the Session method its callers pass in
    as ``param`` (``note`` says so), the note naming the one ``call`` passes
    (``self._session.get``); ``note`` when it passes none by name."""
    arg = _param_arg(fn, param, call) if note and param in fn.params else None
    if arg is None or arg.k != IDENT or "." not in arg.v:
        return note
    return f" (`{arg.v}`, a requests.Session method)"


def _wrapper_call(project: Project, ff: FileFacts, call: Call, wrappers: dict[str, list[_Wrapper]]) -> Untimed | None:
    if "**" in call.kwargs or "timeout" in call.kwargs:
        return None
    for wf, fn, inner, via, note in wrappers[last_name(call.callee)]:
        if wf is ff and call.func == fn.id:
            continue
        if fn.cls and last_name(call.recv_type) != fn.cls and not (
                call.recv == "self" and wf is ff and enclosing_class(project, ff, call.func) == fn.cls):
            continue  # a method: only on an instance of its class (`handler = RequestHandler(...)`, or `self` in another of its methods), not any `.get()`
        if not any(tf is wf and f.id == fn.id for tf, f in callee_funcs(project, ff, call)):
            continue
        if inner in _URLOPEN and len(call.args) >= 3:
            return None  # urlopen(url, data, timeout)
        param = _spread_param(wf, fn)
        given = _spread_argument(wf, fn, call, param)
        if given is not None and given.k == OBJ and given.keys is not None and ("timeout" in given.keys or given.open):
            return None  # self.post({"url": path, "timeout": 10}): the dict the wrapper spreads sets it
        name = _call_name(call, call.callee)
        note = _passed_method_note(fn, inner, call, note)
        wrapper = f"{fn.cls}.{fn.name}" if fn.cls else fn.name
        how = f"through `{via}()` to" if via else "straight to"
        if given is None:
            what = f"`{name}()` has no timeout, and `{wrapper}()` ({wf.path}:{fn.line}) passes its keyword arguments {how}"
        elif given.k == OBJ and given.keys is not None:
            what = (f"`{name}()` gives `{wrapper}()` ({wf.path}:{fn.line}) a `{param}` dict with no timeout, and it passes that dict's "
                    f"entries as keyword arguments {how}")
        else:
            what = (f"`{name}()` has no timeout, and `{wrapper}()` ({wf.path}:{fn.line}) passes the entries of its `{param}` argument "
                    f"as keyword arguments {how}")
        return Untimed(ff, call, "urllib" if inner in _URLOPEN else "requests",
                       f"{what} `{inner}()`{note}, which waits forever without one: a slow or hung upstream blocks this worker until it is restarted",
                       [Related(wf.path, fn.line, f"`{wrapper}()` wraps `{via or inner}()`")])
    return None


# a function that hands a timeout parameter defaulting to None on to urlopen or
# to a request on a urllib3 pool made without a timeout:
# (its file, the function, the parameter, the urlopen or pool request it ends
# in, the project function it hands the parameter to: "" when it makes that
# call itself, the function whose signature its calls fill: itself, or for one
# that only hands on its `*args, **kwargs`, the helper that defaults the
# parameter to None, and the library: "urllib" or "urllib3")
_NoneWrapper = tuple[FileFacts, Func, str, str, str, Func, str]


def _is_urlopen(project: Project, c: Call) -> bool:
    return c.callee in _URLOPEN or last_name(c.callee) == "urlopen" and py_reexported(project, c.callee) in _URLOPEN


def _none_timeout_wrappers(project: Project, files: list[FileFacts]) -> dict[str, list[_NoneWrapper]]:
    """Name -> module-level functions whose ``timeout`` parameter defaults to
    None and goes on unchanged as ``timeout=`` to ``urlopen`` (``def get(url,
    timeout=None): return urlopen(url, timeout=timeout)``) or to a request on a
    urllib3 pool made without a timeout (``http.request(method, url,
    timeout=timeout)``), or to another such function (marimo's
    ``_utils.requests.get`` hands it to ``_make_request``, which calls
    urlopen): a call of one that gives no timeout opens the socket with none,
    whichever module it is in."""
    out: dict[str, list[_NoneWrapper]] = {}
    known: set[tuple[str, str]] = set()

    def add(ff: FileFacts, c: Call, inner: str, via: str, lib: str) -> bool:
        v = c.kwargs.get("timeout")
        if v is None or v.k != IDENT or not c.func or [c.func, v.v] not in ((ff.extra or {}).get("none_timeouts") or ()):
            return False
        fn = project.funcs(ff).get(c.func)
        if fn is None or fn.parent or fn.cls or (ff.path, fn.id) in known:
            return False
        known.add((ff.path, fn.id))
        out.setdefault(fn.name, []).append((ff, fn, v.v, inner, via, fn, lib))
        return True

    def add_spreader(ff: FileFacts, c: Call, w: _NoneWrapper) -> bool:
        # `def getUrlContent(*args, **kwargs): return getUrlTargetAndContent(*args, **kwargs)` (limnoria's utils.web)
        fn = project.funcs(ff).get(c.func) if c.func else None
        if fn is None or fn.parent or fn.cls or (ff.path, fn.id) in known or not _only_spreads(fn, c):
            return False
        known.add((ff.path, fn.id))
        out.setdefault(fn.name, []).append((ff, fn, w[2], w[3], w[1].name, w[5], w[6]))
        return True

    for ff in files:
        for c in ff.calls:
            if _is_urlopen(project, c):
                add(ff, c, c.callee, "", "urllib")
            elif _untimed_pool(project, ff, c) is not None:
                add(ff, c, f"{c.recv}.{c.method}", "", "urllib3")
    changed = bool(out)
    while changed:
        changed = False
        for ff in files:
            for c in ff.calls:
                if last_name(c.callee) not in out or (w := _none_wrapper_of(project, ff, c, out)) is None:
                    continue
                if "timeout" in c.kwargs and (ff.extra or {}).get("none_timeouts"):
                    changed = add(ff, c, w[3], w[1].name, w[6]) or changed
                elif "**" in c.kwargs:
                    changed = add_spreader(ff, c, w) or changed
    return out


def _only_spreads(fn: Func, call: Call) -> bool:
    """``fn`` takes only ``*args, **kwargs`` and ``call`` hands both on whole
    and nothing else: a call of ``fn`` fills the callee's signature as written."""
    if len(fn.params) != 2 or len(call.args) != 1 or set(call.kwargs) != {"**"}:
        return False
    star, spread = call.args[0], call.kwargs["**"]
    return star.k == OTHER and star.v == "*" + fn.params[0] and spread.v.lstrip("*") == fn.params[1]


def _none_wrapper_of(project: Project, ff: FileFacts, call: Call, wrappers: dict[str, list[_NoneWrapper]]) -> _NoneWrapper | None:
    """The wrapper of ``wrappers`` that ``call`` runs, not the function it is in."""
    for tf, f in callee_funcs(project, ff, call):
        for w in wrappers.get(last_name(call.callee), ()):
            if w[0] is tf and w[1].id == f.id and not (tf is ff and call.func == f.id):
                return w
    return None


def _none_wrapper_call(project: Project, ff: FileFacts, call: Call, wrappers: dict[str, list[_NoneWrapper]],
                       default_socket: bool = False) -> Untimed | None:
    """A call of a ``_none_timeout_wrappers`` function that leaves its timeout
    parameter out (nor spreads ``*args``/``**kwargs`` that may hold it) or
    passes None. A caller in another module is reported with the others, once,
    at the wrapper (``made``). ``default_socket``: the caller's service calls
    ``socket.setdefaulttimeout()``, which an explicit ``timeout=None`` overrides
    (the message says so)."""
    if "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
        return None
    w = _none_wrapper_of(project, ff, call, wrappers)
    if w is None:
        return None
    wf, fn, param, inner, via, sig, lib = w
    arg = _param_arg(sig, param, call)
    if arg is not None and project.resolve(ff, arg).k != NULL:
        return None
    name = _call_name(call, call.callee)
    how = f"through `{via}()` " if via else ""
    gives = "passes None for" if arg is not None else "leaves out"
    if sig is fn:
        made = MadeWithout(wf.path, fn.line, f"`{fn.name}()` defaults `{param}` to None here",
                           f"`{fn.name}()` defaults its `{param}` parameter to None and hands it {how}to `{inner}()`")
        what = f"`{name}()` {gives} `{param}`, which `{fn.name}()` ({wf.path}:{fn.line}) defaults to None and hands {how}to `{inner}()`"
    else:
        made = MadeWithout(wf.path, fn.line, f"`{fn.name}()` hands its arguments on to `{via}()` here",
                           f"`{fn.name}()` hands its arguments on through `{via}()` to `{inner}()`, `{sig.name}()` defaulting `{param}` "
                           "to None")
        what = (f"`{name}()` {gives} `{param}`, which `{fn.name}()` ({wf.path}:{fn.line}) hands on with its other arguments through "
                f"`{via}()` to `{inner}()`, `{sig.name}()` defaulting it to None")
    waits = "urlopen then waits with no timeout" if lib == "urllib" else (
        f"urllib3 then waits on the socket with no timeout (`{inner.rsplit('.', 1)[0]}` was created without one)")
    return Untimed(ff, call, lib,
                   f"{what}: {waits}"
                   + (" (an explicit None overrides the default that `socket.setdefaulttimeout()` sets)" if default_socket else "")
                   + ", so a slow or hung upstream blocks this worker forever",
                   [made.related()], made)


def _spread_param(wf: FileFacts, fn: Func) -> str:
    """The parameter of wrapper ``fn`` whose entries it hands on as keyword
    arguments: its ``**kwargs``, or a plain dict parameter (designate's
    ``AkamaiClient.post(self, payloads)``: ``self.http.post(url=..., **payloads)``)."""
    for c in wf.calls:
        spread = c.kwargs.get("**") if c.func == fn.id else None
        if spread is not None and spread.v.lstrip("*") in fn.params:
            return spread.v.lstrip("*")
    return ""


def _spread_argument(wf: FileFacts, fn: Func, call: Call, param: str) -> Val | None:
    """What ``call`` passes for wrapper ``fn``'s parameter ``param`` (by name,
    or by position: after ``self``/``cls`` of a method, and only before any
    parameter ``fn`` hands on as ``*args``, which may hold the rest), or None
    when the call fills no such parameter (``param`` is ``**kwargs``)."""
    if not param:
        return None
    if param in call.kwargs:
        return call.kwargs[param]
    starred = {a.v[1:] for c in wf.calls if c.func == fn.id for a in c.args if a.k == OTHER and a.v.startswith("*") and a.v[1:2] != "*"}
    at = fn.params.index(param)
    if any(p in starred for p in fn.params[: at + 1]):
        return None
    at -= 1 if fn.cls and fn.params[0] in ("self", "cls") else 0
    if not 0 <= at < len(call.args) or any(a.k == OTHER and a.v.startswith("*") for a in call.args[: at + 1]):
        return None
    return call.args[at]


def _session_ctor(project: Project, ff: FileFacts, call: Call) -> str:
    """The requests Session class (one of ``_SESSIONS``) ``call``'s receiver is
    made from: its type, a ``Session()`` called in place, or a class attribute
    (``_class_attr_ctor``); "" for anything else, and for a receiver that is
    the session's data rather than the session (misp-modules' AssemblyLine
    client: ``self.session.cookies.get("XSRF-TOKEN")`` reads the cookie jar,
    though the frontend types ``self.session.cookies`` by its session)."""
    if call.recv.endswith(_SESSION_DATA) and call.recv.rpartition(".")[0] not in ("self", "cls"):
        return ""
    for ctor in (call.recv_type, call.recv.removesuffix("()"), _imported_ctor(ff, call.recv)):
        if ctor in _SESSIONS:
            return ctor
    ctor = _class_attr_ctor(project, ff, call)
    return ctor if ctor in _SESSIONS else ""


def _imported_ctor(ff: FileFacts, recv: str) -> str:
    """The class a receiver constructed in place names, through the file's
    imports: ``Session()`` after ``from requests import Session``,
    ``r.Session()`` after ``import requests as r``; "" for anything else."""
    if not recv.endswith("()") or "(" in recv[:-2]:
        return ""
    head, dot, rest = recv[:-2].partition(".")
    target = ff.imports.get(head, "")
    return f"{target}{dot}{rest}" if target else ""


def _class_attr_ctor(project: Project, ff: FileFacts, call: Call) -> str:
    """``self.session.get()`` where the class body says ``session = requests.Session()``,
    or ``cls._session.get()`` in a classmethod (metaflow's ServiceMetadataProvider:
    ``_session = requests.Session()`` in the class body, ``cls._session.get(url,
    headers=...)`` in its classmethods): the constructor the class attribute holds,
    "" for anything else."""
    head, _, attr = call.recv.partition(".")
    if call.recv_type or head not in ("self", "cls") or not attr or "." in attr or not ff.extra:
        return ""
    attrs = ff.extra.get("class_attrs", {}).get(enclosing_class(project, ff, call.func))
    val = attrs.get(attr) if isinstance(attrs, dict) else None
    return str(val.get("v", "")) if isinstance(val, dict) and val.get("k") == CALL else ""


def _imports_kube(ff: FileFacts) -> bool:
    return any(m == "kubernetes" or m.startswith("kubernetes.") for m in ff.modules)


@per_project
def _kube_project(project: Project) -> bool:
    return any(_imports_kube(g) for g in project.files.values())


@per_file
def _unpackings(project: Project, ff: FileFacts) -> dict[str, list[tuple[Call, list[str]]]]:
    """The names and ``self.`` attributes this file unpacks from what a call
    of a project-looking function returns (``_, _, self.k8s_client, _ =
    get_client(...)``): each with its (call, targets); starred unpackings
    are left out."""
    out: dict[str, list[tuple[Call, list[str]]]] = {}
    for c in ff.calls:
        if "," not in c.assigned or not c.callee or "(" in c.callee:
            continue
        targets = [t.strip() for t in c.assigned.strip("()[] ").split(",")]
        if any(t.startswith("*") for t in targets):
            continue
        for t in set(targets):
            if t and t != "_" and targets.count(t) == 1:
                out.setdefault(t, []).append((c, targets))
    return out


def _unpacked_ctor(project: Project, ff: FileFacts, call: Call) -> str:
    """``self.api.list_node()`` (or ``api.list_node()`` in one function) where
    the receiver is unpacked from a tuple a project function returns
    (nodepool's kubernetes driver: ``_, _, self.k8s_client, _ =
    get_client(...)``, whose ``return (token, ca, client, extra)`` hands out
    ``client = k8s_client.CoreV1Api(conf)``): the constructor every such
    unpacking gives the receiver, "" for anything else (a receiver with a
    type of its own, a starred unpacking or return, an element that is not a
    local of the factory bound to one call)."""
    recv = call.recv
    sites = _unpackings(project, ff).get(recv) if recv and not call.recv_type else None
    if not sites or "." in recv.removeprefix("self."):
        return ""
    cls = enclosing_class(project, ff, call.func) if recv.startswith("self.") else ""
    if recv.startswith("self.") and not cls:
        return ""
    ctors: set[str] = set()
    for c, targets in sites:
        if (enclosing_class(project, ff, c.func) != cls) if cls else (c.func != call.func):
            continue
        at = targets.index(recv)
        made = {m.callee for tf, f in _factories(project, ff, c.callee) for fid, elems in (tf.extra or {}).get("return_tuples", ()) or ()
                if fid == f.id and len(elems) == len(targets) and "*" not in elems and elems[at] and "." not in elems[at]
                for m in project.calls_in(tf, f.id) if m.assigned == elems[at]}
        if len(made) != 1:
            return ""
        ctors |= made
    return next(iter(ctors)) if len(ctors) == 1 else ""


# the generated kubernetes API methods are named for their verb (`list_namespaced_pod`,
# `read_node`, `connect_get_namespaced_pod_exec`, `get_code`): only a call named so can be
# one, which keeps the search for a parameter's callers off every other method call
_KUBE_API_METHOD = lazy_re(r"^(?:list|read|create|delete|patch|replace|connect|get)_\w")


def _kube_param_ctor(project: Project, ff: FileFacts, call: Call) -> str:
    """``kube.list_namespaced_pod()`` where ``kube`` is a parameter of its
    function and every call of that function in the project (at least one;
    none in a module left unanalysed) passes the same kubernetes API class,
    made in the argument or held in a local or ``self.`` attribute the caller
    assigns it to (BinderHub's ``Build.cleanup_builds(cls, kube, ...)``,
    called as ``Build.cleanup_builds(self.kube_client, ...)`` where
    ``self.tornado_settings[...] = self.kube_client = kubernetes.client.CoreV1Api()``):
    that class's constructor, "" for anything else."""
    recv = call.recv
    if call.recv_type or not recv.isidentifier() or not _KUBE_API_METHOD.match(call.method) or not _makes_kube_api(project):
        return ""
    fn = project.func_of(ff, call)
    if fn is None or recv not in fn.params or fn.name == "<anon>":
        return ""
    if project.files.get(ff.path) is ff:
        return _param_ctor(project, ff.path, fn.id, recv)  # (asked once per function and parameter)
    return _param_ctor_in(project, ff, fn, recv)


@per_project
def _makes_kube_api(project: Project) -> bool:
    """Does any analysed file of the project construct a kubernetes API class?"""
    return any(_makes_kube_api_in(project, ff) for ff in project.code_files() if ff.lang == "py")


@per_project
def _param_ctor(project: Project, path: str, func_id: str, recv: str) -> str:
    ff = project.files[path]
    fn = next(f for f in ff.funcs if f.id == func_id)
    return _param_ctor_in(project, ff, fn, recv)


@per_project
def _shallow_mentioning(project: Project, name: str) -> tuple[str, ...]:
    """The files the prefilter left shallow whose text may name ``name``."""
    return tuple(g.path for g in project.code_files() if g.shallow and project.may_mention(g.path, name))


def _param_ctor_in(project: Project, ff: FileFacts, fn: Func, recv: str) -> str:
    """:func:`_kube_param_ctor` for the parameter ``recv`` of ``fn``."""
    if ff.lang == "py" and not _may_pass_kube_api(project, fn, recv):
        return ""  # (no call could pass one: spares resolving every call of a common name)
    sites = call_sites(project, ff, fn)
    if not sites:
        return ""
    ctors: set[str] = set()
    for g, c in sites:
        arg = _param_arg(fn, recv, c)
        if arg is None:
            return ""
        if arg.k == CALL:
            ctors.add(arg.v)
        elif arg.k == IDENT and arg.v.isidentifier():
            made = assigned_before(project, g, c.func, arg.v, c.line)
            ctors.add(made[-1].callee if made else "")
        elif arg.k == IDENT and arg.v.startswith("self.") and arg.v[5:].isidentifier():
            ctors |= _self_attr_ctors(project, g, enclosing_class(project, g, c.func), arg.v) or {""}
        else:
            return ""
    if len(ctors) != 1 or not is_kube_api_ctor(next(iter(ctors))):
        return ""
    # (last, being the costly question: no module left unanalysed may call it too)
    return "" if any(p != ff.path for p in _shallow_mentioning(project, fn.name)) else next(iter(ctors))


def _may_pass_kube_api(project: Project, fn: Func, recv: str) -> bool:
    """Could a call of ``fn`` pass a kubernetes API class for ``recv``, as
    :func:`_param_ctor_in` reads it?  Its call sites are among the calls named
    ``fn.name``, and a site passes one only as a constructor call in the
    argument, or as a name whose constructor is a call of the caller's file
    (an assignment to a local or to a ``self.`` attribute): a call whose file
    constructs no kubernetes API class can pass one only in the argument."""
    for g, c in project.calls_named_unordered(fn.name):
        arg = _param_arg(fn, recv, c)
        if arg is None:
            continue
        if arg.k == CALL and is_kube_api_ctor(arg.v):
            return True
        if arg.k == IDENT and _makes_kube_api_in(project, g):
            return True
    return False


@per_file
def _makes_kube_api_in(project: Project, ff: FileFacts) -> bool:
    """Does ``ff`` construct a kubernetes API class?"""
    return any(is_kube_api_ctor(c.callee) for c in ff.calls)


def _self_attr_ctors(project: Project, ff: FileFacts, cls: str, attr: str) -> set[str]:
    """The constructors the methods of class ``cls`` in ``ff`` assign to the
    ``self.`` attribute ``attr``, also as a later target of a chained
    assignment (``d["k"] = self.api = Api()``)."""
    if not cls:
        return set()
    chained = {(line, col): targets for line, col, targets in (ff.extra or {}).get("chained_targets", ()) or ()}
    return {c.callee for c in ff.calls
            if (c.assigned == attr or attr in chained.get((c.line, c.col), ())) and enclosing_class(project, ff, c.func) == cls}


def _requests_timeout(project: Project, ff: FileFacts, call: Call) -> str:
    """``_py_timeout`` for a requests call, and 'param' for ``timeout=`` a
    parameter that defaults to None and that a call of its function in this
    file leaves out (``_none_default``)."""
    state = _py_timeout(project, ff, call)
    if state == "set" and _read_timeout_none(project, ff, call) is not None:
        return "read_none"
    return "param" if state == "set" and _none_default(project, ff, call) is not None else state


def _read_timeout_none(project: Project, ff: FileFacts, call: Call) -> str | None:
    """The text of a requests ``(connect, read)`` timeout pair whose read
    timeout is None (``timeout=(20, None)``, inline or a constant), or None:
    requests then bounds connecting only and waits forever for the response."""
    v = call.kwargs.get("timeout")
    v = project.resolve(ff, v) if v is not None else None
    if v is None or v.k != ARR or not v.items or len(v.items) != 2:
        return None
    items = [project.resolve(ff, i) for i in v.items]
    if items[1].k != NULL:
        return None
    return "(" + ", ".join("None" if i.k == NULL else i.v if i.k in (NUM, IDENT) else "..." for i in items) + ")"


def _none_default(project: Project, ff: FileFacts, call: Call) -> tuple[Func, str, Call] | None:
    """``def download(url, timeout=None): s.get(url, timeout=timeout)`` and a
    call ``download(url)`` in the same file that gives no timeout (nor
    ``*args``/``**kwargs`` that may hold one), or gives None: (the function,
    the parameter, the first such call). A function called only from other
    files is not judged here."""
    v = call.kwargs.get("timeout")
    if v is None or v.k != IDENT or not call.func or [call.func, v.v] not in ((ff.extra or {}).get("none_timeouts") or ()):
        return None
    funcs = project.funcs(ff)
    fn = funcs.get(call.func)
    if fn is None or fn.parent or sum(1 for f in ff.funcs if f.name == fn.name and f.cls == fn.cls) != 1:
        return None
    # (a module function by its name; a method through `self.` in a method of its own class)
    for c in ff.calls:
        if fn.cls:
            caller = funcs.get(c.func) if c.func else None
            if c.callee != f"self.{fn.name}" or caller is None or caller.cls != fn.cls:
                continue
        elif c.callee != fn.name:
            continue
        if "**" in c.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in c.args):
            continue
        arg = _param_arg(fn, v.v, c)
        if arg is None or project.resolve(ff, arg).k == NULL:
            return fn, v.v, c
    return None


def _none_spread_default(project: Project, ff: FileFacts, call: Call) -> tuple[Func, Call] | None:
    """``def __init__(self, **kwargs): kwargs.setdefault("timeout", None)``
    ... ``AsyncClient(**kwargs)``: ``call`` spreads its function's own
    ``**kwargs`` (and nothing else), which the function defaults to
    ``timeout=None`` before it and nothing else fills (no ``kwargs.update()``,
    no ``kwargs["timeout"] = ...``, no helper handed them), and no call of
    the function in the project gives a timeout of its own (nor spreads
    arguments that may hold one): (the function, the ``setdefault`` call).
    The function is called by its name; ``__init__`` through its class, a
    project subclass or ``super().__init__``."""
    fn = project.func_of(ff, call)
    if fn is None or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
        return None
    name = _spread_own_kwargs(ff, fn, call, "timeout")
    if not name:
        return None
    default = None
    for d in project.calls_in(ff, fn.id, nested=False):
        if d is call or d.line > (call.end_line or call.line):
            continue
        if d.recv == name and d.method == "setdefault" and len(d.args) == 2 and d.args[0].k == STR and d.args[0].v == "timeout":
            if project.resolve(ff, d.args[1]).k != NULL:
                return None
            default = d
        elif d.recv == name or any(a.k == IDENT and a.v == name for a in (*d.args, *d.kwargs.values())):
            return None
    if default is None or _called_with_timeout(project, fn):
        return None
    return fn, default


def _called_with_timeout(project: Project, fn: Func) -> bool:
    """Some call of ``fn`` in the project passes ``timeout=`` or spreads
    arguments that may hold one (see ``_none_spread_default``); for
    ``__init__``, a call of its class or a subclass, or the
    ``super().__init__()`` of a subclass."""
    names, subclasses = {fn.name}, set[str]()
    files = [g for g in project.code_files() if g.lang == "py"]
    if fn.name == "__init__" and fn.cls:
        classes = _classes_of(project.full(g, fn.cls) for g in files)  # (a subclass's module may hold no word of RS905's triggers)
        for _ in range(3):
            subclasses |= {n for n, bases in classes if any(last_name(b) in {fn.cls, *subclasses} for b in bases)}
        names = {"__init__", fn.cls, *subclasses}
    for g in files:
        for n in names:
            full = project.full(g, n, called=True)
            for c in full.calls:
                if last_name(c.callee) != n or "timeout" not in c.kwargs and "**" not in c.kwargs:
                    continue
                caller = project.func_of(full, c) if n == "__init__" else None
                if n != "__init__" or caller is not None and caller.cls in subclasses:
                    return True
    return False


def _none_spread_head(what: str, call: Call, fn: Func, default: Call) -> str:
    """The start of the message for ``_none_spread_default``'s case, in words."""
    spread = call.kwargs["**"].v.lstrip("*")
    by = f"`{fn.cls}()`" if fn.name == "__init__" and fn.cls else f"`{fn.name}()`"
    return (f"`{what}(**{spread})` is given timeout=None by `{spread}.setdefault(\"timeout\", None)` in `{fn.name}` (line {default.line}), "
            f"and no call of {by} in the project passes a timeout of its own")


def _none_param_head(what: str, fn: Func, param: str, by: Call) -> str:
    """``what`` takes its timeout from ``param`` of ``fn``, which defaults to
    None, and the call ``by`` of ``fn`` in the file leaves it out or passes None
    (``_none_default``): the start of the message, in words."""
    gives = "passes None" if _param_arg(fn, param, by) is not None else "leaves it out"
    return (f"`{what}()` takes its timeout from the parameter `{param}` of `{fn.name}`, which defaults to None, and the call of "
            f"`{fn.name}` on line {by.line} {gives}, so it is given timeout=None")


def _requests_hit(project: Project, ff: FileFacts, call: Call, state: str, what: str) -> Untimed:
    given = call.kwargs.get("timeout")
    got = _none_default(project, ff, call) if state == "param" else None
    if got is not None:
        fn, param, by = got
        gives = "passes None" if _param_arg(fn, param, by) is not None else "leaves it out"
        msg = (f"{what} takes its timeout from the parameter `{param}` of `{fn.name}`, which defaults to None, and the call of "
               f"`{fn.name}` on line {by.line} {gives}: requests then waits forever, so a slow or hung upstream blocks this worker "
               "until it is restarted")
    elif state == "none" and given is not None and given.k == NULL and given.line and not call.line <= given.line <= (call.end_line or call.line):
        # `timeout=timeout` where the variable is None from an earlier assignment, maybe on one branch only
        # (mayan's HTTP workflow action: `else: timeout = None` when the rendered field is empty)
        msg = (f"{what} gets timeout=None from the assignment on line {given.line}: requests then waits forever, so a slow or hung "
               "upstream blocks this worker until it is restarted")
    elif state == "none" and given is not None and (at := none_member(project, ff, project.resolve(ff, given), call)):
        msg = (f"{what} passes timeout=self.timeout, which its class only ever sets to None (line {at}): requests then waits forever, "
               "so a slow or hung upstream blocks this worker until it is restarted")
    elif state == "none":
        msg = f"{what} passes timeout=None: requests then waits forever, so a slow or hung upstream blocks this worker until it is restarted"
    elif state == "read_none":
        msg = (f"{what} passes timeout={_read_timeout_none(project, ff, call)}: only connecting is bounded, the read timeout (the second "
               "item) is None, so requests waits forever for the response and an upstream that accepts the connection and never answers "
               "blocks this worker until it is restarted")
    else:
        msg = (f"{what} has no timeout: requests waits forever by default, so a slow or hung upstream blocks this worker "
               "(and, under load, every worker) until the process is restarted")
    return Untimed(ff, call, "requests", msg)


def _picked_by_name(project: Project, ff: FileFacts, call: Call) -> tuple[str, str] | None:
    """``call`` runs a requests function or Session method chosen by name:
    ``getattr(requests, method)(url)``, or a local name every call-assignment
    of which in the function is such a ``getattr`` (cinder's sandstone
    driver: ``func = getattr(self.session, method.lower())``, then
    ``func(rest_url, **kwargs)``), on the imported requests module or on an
    attribute of the class that only ever holds a requests Session: (the
    object, what it picks); None otherwise, also for a
    literal name that is no verb or a getattr with a default."""
    by_key = _picked_by_key(project, ff, call)
    if by_key is not None:
        return by_key
    if not _calls_getattr(project, ff):
        return None  # (every pick is a getattr of this file: most files have none)
    if call.callee == "getattr()":
        picks = [c for c in ff.calls if c.callee == "getattr" and c.line == call.line and c.col == call.col]
    elif call.callee.isidentifier() and not call.method and (call.args or "url" in call.kwargs):
        picks = assigned_before(project, ff, call.func, call.callee, call.line)
    else:
        return None
    objs = {p.args[0].v for p in picks if p.callee == "getattr" and len(p.args) == 2 and p.args[0].k == IDENT
            and (p.args[1].k != STR or p.args[1].v in _SESSION_METHODS)}
    if len(objs) != 1 or len(picks) != sum(p.callee == "getattr" for p in picks):
        return None
    obj = objs.pop()
    if obj == "requests":
        stand_in = Call(callee="requests.get", method="get", recv="requests", func=call.func)
        return (obj, "requests function") if not _requests_rebound(ff, project.funcs(ff), stand_in) else None
    return (obj, "requests.Session method") if _kept_session(project, ff, call, obj) else None


def _picked_by_key(project: Project, ff: FileFacts, call: Call) -> tuple[str, str] | None:
    """``call`` runs a local name that every assignment before it in the
    function (and no call's result) binds to a dict literal of requests
    functions or of one Session's methods, subscripted by a key
    (assemblyline-ui's ``session_function = {"GET": session.get, "POST":
    session.post}[method]``, then ``session_function(url, ...)``), the
    Session made in the function or kept by the class: (the object, what it
    picks), as :func:`_picked_by_name`; else None."""
    if call.method or not call.callee.isidentifier():
        return None
    rows = [r for r in (ff.extra or {}).get("method_picks") or () if r[0] == call.func and r[1] == call.callee and r[2] <= call.line]
    if not rows or assigned_before(project, ff, call.func, call.callee, call.line):
        return None
    picked = {str(d) for r in rows for d in r[3]}
    objs = {d.rpartition(".")[0] for d in picked}
    if len(objs) != 1 or not all(d.rpartition(".")[2] in _SESSION_METHODS for d in picked):
        return None
    obj = objs.pop()
    if obj == "requests":
        stand_in = Call(callee="requests.get", method="get", recv="requests", func=call.func)
        return (obj, "requests function") if not _requests_rebound(ff, project.funcs(ff), stand_in) else None
    made = assigned_before(project, ff, call.func, obj, call.line) if obj.isidentifier() else []
    if (made and all(c.callee in _SESSIONS for c in made)) or _kept_session(project, ff, call, obj):
        return (obj, "requests.Session method")
    return None


@per_file
def _calls_getattr(project: Project, ff: FileFacts) -> bool:
    return any(c.callee == "getattr" for c in ff.calls)


@per_file
def _makes_session(project: Project, ff: FileFacts) -> bool:
    """The file makes a requests Session: what :func:`_passed_session` needs
    of every caller it accepts (made in place, assigned before the call, or
    kept by the class), whose calls are all in the same file."""
    return any(c.callee in _SESSIONS for c in ff.calls)


def _on(call: Call, recv: str) -> Call:
    """A stand-in for ``call`` made on ``recv`` (the object a ``getattr`` picks
    a request method of), for the tests that judge a receiver in its place."""
    return Call(callee=f"{recv}.request", method="request", recv=recv, func=call.func, line=call.line, col=call.col)


def _kept_session(project: Project, ff: FileFacts, at: Call, attr: str) -> bool:
    """``attr`` (``self.session``) is an attribute that the class of ``at``'s
    function assigns only requests Sessions: made in place, or by a method of
    the class that makes a plain one (cinder's veritas driver: ``self.session
    = self._authenticate_access(...)``, which logs in on a fresh Session and
    returns it)."""
    cls = enclosing_class(project, ff, at.func) if attr.startswith("self.") and "." not in attr[5:] else ""
    made = [c for c in ff.calls if cls and c.assigned == attr and enclosing_class(project, ff, c.func) == cls]
    return bool(made) and all(c.callee in _SESSIONS or (_own_method(c) and any(
        _makes_plain_session(project, ff, f, 0) for f in project.funcs_named(ff, c.method) if f.cls == cls)) for c in made)


def _session_factory(project: Project, ff: FileFacts, call: Call) -> Func | None:
    """The function of this file the receiver of ``call`` comes from
    (``session = get_session()``, ``self._session()``) when it makes a plain
    requests Session: it mounts no adapter and sets nothing on it."""
    rt = call.recv_type
    if not rt and call.recv.endswith("()") and "(" not in call.recv[:-2]:
        # `self._make_session().get(url)`: the call's result, used at once, named as the
        # file's imports resolve it (`from koji import request_with_retry` ... `request_with_retry().get(url)`)
        made = call.callee.removesuffix("." + call.method)
        rt = made[:-2] if made.endswith("()") and "(" not in made[:-2] else call.recv[:-2]
    elif not rt and call.recv.startswith("self.") and "." not in call.recv[5:]:
        # `self.session.post(...)` where `session` is a property of the class that makes the session
        cls = enclosing_class(project, ff, call.func)
        name = call.recv[5:]
        if cls and any(f.cls == cls and any(d.v in _PROPERTIES for d in f.decorators) for f in project.funcs_named(ff, name)):
            rt = call.recv
    if not rt or rt in _SESSIONS:
        return None
    for tf, f in _factories(project, ff, rt) or _sole_method(project, ff, rt):
        if _makes_plain_session(project, tf, f, 0):
            return f
    return None


def _stock_remounted(project: Project, ff: FileFacts, call: Call) -> str:
    """``call``'s receiver is a requests Session a project function makes and
    returns with adapters of its own (``self.session =
    utils.create_request_session(self)``, which mounts intelmq's
    TimeoutHTTPAdapter), on which this file then mounts requests' own
    HTTPAdapter -- which sets no timeout -- for both ``http://`` and
    ``https://`` (intelmq's do_portal expert, for its retries): every request
    through it has lost its default timeout.  The lines of those mounts, for
    the message; '' otherwise: an adapter of the project's own mounted on it
    too, one prefix left with the factory's adapter, a mount on another
    object, or a factory that sets a default timeout some other way."""
    rt = call.recv_type
    if not rt or rt in _SESSIONS or "(" in rt:
        return ""
    mounts = [c for c in _mounts_and_authlib(project, ff) if c.method == "mount" and c.recv == call.recv and _same_object(project, ff, call, c)
              and ("." in call.recv or c.func == call.func)]
    if not mounts or any(_custom_mount(project, ff, m) for m in mounts):
        return ""
    prefixes = {m.args[0].v for m in mounts if m.args and m.args[0].k == STR}
    if not {"http://", "https://"} <= prefixes:
        return ""
    for tf, f in _factories(project, ff, rt):
        calls = project.calls_in(tf, f.id, nested=True)
        made = [c for c in calls if c.callee in _SESSIONS]
        if made and not _sets_made_member(project, tf, f, made) and not _closes_sessions(tf, f, made):
            return ", ".join(str(m.line) for m in sorted(mounts, key=lambda m: m.line))
    return ""


def _factory_as_written(project: Project, ff: FileFacts, call: Call) -> str:
    """The session factory ``call``'s receiver comes from, for messages: its
    resolved name, or -- when only the project's sole method of that name
    stands for it -- the call as the code writes it (``app.specter.requests_session``,
    not ``flask.current_app.specter.requests_session``)."""
    rt = call.recv_type
    if _factories(project, ff, rt) or not _sole_method(project, ff, rt):
        return rt
    made = assigned_before(project, ff, call.func, call.recv, call.line)
    return f"{made[-1].recv}.{made[-1].method}" if made and made[-1].callee == rt and made[-1].recv and made[-1].method else rt


def _sole_method(project: Project, ff: FileFacts, rt: str) -> list[tuple[FileFacts, Func]]:
    """The one method of the project a receiver type names when the object it
    is called on cannot be followed (specter's ``app.specter.requests_session()``:
    ``app`` is Flask's ``current_app``, whose ``specter`` attribute the server
    sets at start-up; ``specter.requests_session()`` on a parameter), when it
    makes a plain requests Session: the project's only Python function of that
    name, a method of a class.  Not a call on an imported module or name itself
    (``requests.session()``), nor a name that a module-level function or a
    second method also has."""
    obj, dot, name = rt.rpartition(".")
    if not dot or not obj or obj in ("self", "cls") or "(" in rt or not name.isidentifier():
        return []
    if obj in ff.imports or obj in ff.imports.values():
        return []
    return list(_sole_session_method(project, name))


@per_project
def _py_funcs_by_name(project: Project) -> dict[str, list[tuple[FileFacts, Func]]]:
    """The functions of the parsed Python files by name (in file, then
    definition order): one pass, where asking each name costs one."""
    out: dict[str, list[tuple[FileFacts, Func]]] = {}
    for g in project.parsed_code_files():
        if g.lang == "py":
            for f in g.funcs:
                out.setdefault(f.name, []).append((g, f))
    return out


@per_project
def _sole_session_method(project: Project, name: str) -> tuple[tuple[FileFacts, Func], ...]:
    """:func:`_sole_method` by name.  The parsed files are asked first; the
    files the prefilter left shallow are parsed (those whose text may define
    the name) only when one method there makes a plain Session, to make sure
    no other function has its name."""
    found = _py_funcs_by_name(project).get(name, [])
    if len(found) != 1 or not found[0][1].cls or not _makes_plain_session(project, found[0][0], found[0][1], 0):
        return ()
    for g in project.code_files():
        if g.lang == "py" and g.shallow and g.path != found[0][0].path and project.may_mention(g.path, name):
            if any(f.name == name for f in project.full(g, name).funcs):
                return ()
    return tuple(found)


def _factories(project: Project, ff: FileFacts, rt: str) -> list[tuple[FileFacts, Func]]:
    """The project functions a receiver type names: a method of the class
    (``self._create_client``), a function of the file, or one imported from
    a module of the project (``from .helpers import make_session``)."""
    if rt.startswith("self.") and "." not in rt[5:]:
        return [(ff, f) for f in ff.funcs if f.cls and f.name == rt[5:]]
    if "." not in rt:
        return [(ff, f) for f in ff.funcs if not f.cls and f.name == rt]
    return [(d.ff, d.func) for d in definitions(project, ff, rt) if d.func is not None and not d.func.cls and not d.ff.shallow]


def _from_factory(project: Project, ff: FileFacts, call: Call, ctors: tuple[str, ...]) -> bool:
    """``call``'s receiver comes from a function or method of the file that
    returns one of ``ctors`` built there (lnbits: ``self.client =
    self._create_client()``, which returns ``httpx.AsyncClient(...)``)."""
    rt = call.recv_type
    if not rt or rt in ctors or call.method not in (*_VERBS, "stream", "send", "request") or ("." in rt and not rt.startswith("self.")):
        return False  # (a function or method of this file only: `self._create_client`, `make_client`)
    return any(c.callee in ctors and c.assigned == "return" for tf, f in _factories(project, ff, rt) for c in project.calls_in(tf, f.id))


# a Session subclass's own method of these may give every request a default timeout
_SESSION_OVERRIDES = frozenset({*_SESSION_METHODS, "request", "mount", "get_adapter", "merge_environment_settings"})


def _session_subclass(project: Project, ff: FileFacts, call: Call) -> str:
    """The project class ``call``'s receiver is made from (``session =
    IndexSession()``, ``self.session = http.IndexSession()``), when it extends a
    requests Session, directly or through project classes (three levels), and
    neither it nor those bases override a method a request goes through
    (``request``, ``send``, a verb: proxpi's ``Session.send``, which fills in a
    configured timeout) or mount an adapter: its name; '' otherwise."""
    rt = call.recv_type
    if not rt or rt in _SESSIONS or "(" in rt or last_name(rt) not in _session_class_names(project):
        return ""
    return _plain_subclass(project, ff, rt, _SESSIONS, lambda tf, methods: any(f.name in _SESSION_OVERRIDES for f in methods) or any(
        _configures_session(project, tf, c) for f in methods for c in project.calls_in(tf, f.id, nested=True)))


def _plain_subclass(project: Project, ff: FileFacts, name: str, roots: tuple[str, ...],
                    sets_default: Callable[[FileFacts, list[Func]], bool]) -> str:
    """The project class ``name`` names in ``ff``, when it extends one of
    ``roots``, directly or through project classes (three levels), and
    ``sets_default`` holds for the methods of none of them: its name; ''
    otherwise (also for a class that cannot be found)."""
    home = project_class(project, ff, name)
    for _ in range(3):
        if home is None:
            return ""
        tf, cls = home
        if sets_default(tf, [f for f in methods_of(tf, cls)]):
            return ""
        bases = class_bases(tf, cls)
        if any(b in roots for b in bases):
            return last_name(name)
        home = next((h for b in bases for h in [project_class(project, tf, b)] if h is not None), None)
    return ""


@per_project
def _py_classes(project: Project) -> list[tuple[str, list[str]]]:
    """(name, bases) of every Python class of the parsed files."""
    return _classes_of(project.parsed_code_files())


def _classes_of(files: Iterable[FileFacts]) -> list[tuple[str, list[str]]]:
    """(name, bases) of every Python class of ``files``."""
    return [(str(c.get("name", "")), [str(b) for b in c.get("bases") or () if isinstance(b, str)])
            for f in files if f.lang == "py" and f.extra
            for c in f.extra.get("classes") or () if isinstance(c, dict)]


@per_project
def _project_subclasses(project: Project, roots: tuple[str, ...]) -> frozenset[str]:
    """Names of the project's Python classes that extend one of ``roots``,
    directly or through project classes (three levels).  (Cached: the
    classes it reads are, from the first question on.)"""
    classes = _py_classes(project)
    names: set[str] = set()
    for _ in range(3):
        names |= {n for n, bases in classes if any(b in roots or last_name(b) in names for b in bases)}
    return frozenset(names)


@per_project
def _session_class_names(project: Project) -> frozenset[str]:
    """Names of the project's classes that extend a requests Session."""
    return _project_subclasses(project, _SESSIONS)


@per_project
def _adapter_class_names(project: Project) -> frozenset[str]:
    """Names of the project's classes that extend requests' HTTPAdapter."""
    return _project_subclasses(project, _ADAPTERS)


def _plain_adapter(project: Project, ff: FileFacts, callee: str) -> bool:
    """``callee`` is a project subclass of requests' HTTPAdapter (three levels)
    that gives no request a timeout: neither it nor those bases override
    ``send`` (where a timeout adapter fills in its default), take a parameter
    named for a timeout or pass one on (a TLS, keep-alive or retry adapter:
    cinder's KeepAliveAdapter sets socket options; powermax's MyHTTPAdapter,
    which sets a timeout in send, is a timeout adapter)."""
    if not callee or last_name(callee) not in _adapter_class_names(project):
        return False
    return bool(_plain_subclass(project, ff, callee, _ADAPTERS, lambda tf, methods: any(
        f.name == "send" or any("timeout" in p.lower() for p in f.params) for f in methods) or any(
        "timeout" in c.kwargs for f in methods for c in project.calls_in(tf, f.id, nested=True))))


def _session_param(project: Project, ff: FileFacts, call: Call) -> str:
    """``call``'s receiver is a parameter of its function, and every call of
    that function in this file (at least one) passes a requests Session it
    made there (``OAuth2Session(...)``, or a variable assigned one): the
    caller, for the message; '' otherwise (a caller we cannot see may pass
    anything)."""
    if not _makes_session(project, ff):
        return ""
    fn = project.func_of(ff, call)
    return _passed_session(project, ff, fn, call.recv, 0) if fn is not None else ""


def _session_method_param(project: Project, ff: FileFacts, call: Call, targets: list[str]) -> str:
    """``call`` calls a parameter of its function, and every call of that
    function in this file (at least one, none elsewhere) passes a method of a
    requests Session as it (cloudkitty's Elasticsearch and OpenSearch
    clients: ``_req(self, method, url, data, params)`` runs ``method(url,
    data=data, params=params)``, called as ``self._req(self._sess.get, url,
    ...)`` where ``self._sess = requests.Session()``): who passes which
    method, for the message; '' otherwise, also when a passed Session has a
    timeout adapter."""
    if not _makes_session(project, ff):
        return ""
    fn = project.func_of(ff, call)
    if fn is None or call.callee not in fn.params:
        return ""
    caller = _passed_session(project, ff, fn, call.callee, 0, bound=True)
    if not caller:
        return ""
    passed = [(c, a.v) for _g, c in call_sites(project, ff, fn, within=ff) if (a := _param_arg(fn, call.callee, c)) is not None]
    if any(_session_mitigated(project, ff, _on(c, v.rsplit(".", 1)[0]), targets) for c, v in passed):
        return ""  # a timeout adapter mounted on the Session
    names = sorted({v for _c, v in passed})
    shown = ", ".join(f"`{v}`" for v in names[:3]) + (", ..." if len(names) > 3 else "")
    return f"{caller} {'pass' if caller == 'its callers' else 'passes'} in ({shown})"


def _passed_client_class(project: Project, ff: FileFacts, call: Call) -> tuple[str, str] | None:
    """``call`` calls a parameter of its function, and every call of that
    function in the project (at least one; none in a module left unanalysed)
    passes the same client class of :data:`_UNTIMED_CLIENTS` as it (kibitzr's
    Twilio notifier: ``notify(report, notifier_conf, client_factory)`` runs
    ``client_factory(account_sid, auth_token)``, called as
    ``notify(..., client_factory=Client)`` with twilio's REST ``Client``):
    that class and who passes it (``path:line``, or "its callers"), for the
    message; None otherwise (a caller passing anything else, or nothing)."""
    if not _hands_client_class(project):
        return None
    fn = project.func_of(ff, call)
    if fn is None or call.callee not in fn.params or fn.name == "<anon>":
        return None
    sites = call_sites(project, ff, fn)
    passed = {a.v if a is not None and a.k == IDENT else "" for _g, c in sites for a in (_param_arg(fn, call.callee, c),)}
    if len(passed) != 1 or (ctor := next(iter(passed))) not in _UNTIMED_CLIENTS:
        return None
    if any(p != ff.path for p in _shallow_mentioning(project, fn.name)):
        return None  # (a module left unanalysed may call it with something else)
    return ctor, f"{sites[0][0].path}:{sites[0][1].line}" if len(sites) == 1 else "its callers"


@per_project
def _hands_client_class(project: Project) -> bool:
    """Does any analysed Python call pass a client class of
    :data:`_UNTIMED_CLIENTS` itself (not one it made) as an argument?"""
    return any(a.k == IDENT and a.v in _UNTIMED_CLIENTS for ff in project.parsed_code_files() if ff.lang == "py"
               for c in ff.calls for a in (*c.args, *c.kwargs.values()))


def _param_arg(fn: Func, param: str, call: Call) -> Val | None:
    """What ``call`` of ``fn`` passes for its parameter ``param``: the
    argument at its position (after ``self``/``cls`` of a method), else the
    keyword; None when it passes neither (or ``param`` is ``self``)."""
    pos = fn.params.index(param) - (1 if fn.cls and fn.params[0] in ("self", "cls") else 0)
    if pos < 0:
        return None
    return call.args[pos] if pos < len(call.args) else call.kwargs.get(param)


def _passed_session(project: Project, ff: FileFacts, fn: Func, param: str, depth: int, bound: bool = False) -> str:
    """Every call of ``fn`` in this file (at least one, and none elsewhere)
    passes a requests Session as its parameter ``param`` (see
    :func:`_session_param`), or -- one level up -- its caller's own parameter
    that every call of that caller fills with one (manila's veritas driver:
    ``_get_access_ips(self, session, host)`` hands its ``session`` on to
    ``self._access_api(session, ...)``, and is called with ``self.session``).
    With ``bound``, every call passes a request method of such a Session
    instead (``self._sess.get``: see :func:`_session_method_param`)."""
    if param not in fn.params or fn.name == "<anon>":
        return ""
    # (this file's callers first: most fail the test below, and then the
    # callers elsewhere, which need resolving, do not matter)
    sites = call_sites(project, ff, fn, within=ff)
    if not sites:
        return ""
    callers: list[str] = []
    for _g, c in sites:
        arg = _param_arg(fn, param, c)
        if arg is None:
            return ""
        outer = project.func_of(ff, c)
        if bound:
            # `self._sess.get`: judged by the Session it is a method of
            if arg.k != IDENT or "." not in arg.v or arg.v.rsplit(".", 1)[1] not in _SESSION_METHODS:
                return ""
            arg = Val(k=IDENT, v=arg.v.rsplit(".", 1)[0], line=arg.line)
        if arg.k == CALL and arg.v in _SESSIONS:
            pass
        elif arg.k == IDENT and "." not in arg.v:
            made = assigned_before(project, ff, c.func, arg.v, c.line)
            if not made and depth == 0 and outer is not None and outer is not fn and _passed_session(project, ff, outer, arg.v, 1):
                pass  # the caller's own parameter, filled with a Session by every call of the caller
            elif not made or (made[-1].callee not in _SESSIONS and not _plain_session_factory(project, ff, made[-1].callee)):
                return ""
        elif not (arg.k == IDENT and _kept_session(project, ff, c, arg.v)):
            return ""
        callers.append(f"`{outer.name}()`" if outer is not None and outer.name != "<anon>" else "its caller")
    if any(g is not ff for g, _ in call_sites(project, ff, fn)):
        return ""
    return callers[0] if len(set(callers)) == 1 else "its callers"


def _plain_session_factory(project: Project, ff: FileFacts, callee: str) -> bool:
    """``callee`` names a function of the project that makes and returns a
    plain requests Session (ralph's Proxmox scan: ``session =
    _get_session(base_url, user, password)``, which logs in, sets cookies
    and ``verify`` and returns ``requests.Session()``)."""
    if not callee or callee in _SESSIONS or "(" in callee:
        return False
    return any(_makes_plain_session(project, tf, f, 0) for tf, f in _factories(project, ff, callee) or _sole_method(project, ff, callee))


def _makes_plain_session(project: Project, tf: FileFacts, f: Func, depth: int) -> bool:
    """``f`` makes a requests Session it neither mounts an adapter on nor
    replaces wholesale, and returns it or keeps it -- itself, or (one level)
    through another method of its class that does (``_get_session()``
    caching what ``self._make_session()`` built)."""
    calls = project.calls_in(tf, f.id, nested=True)
    if any(_configures_session(project, tf, c) for c in calls):
        return False
    made = [c for c in calls if c.callee in _SESSIONS]
    if _sets_made_member(project, tf, f, made):
        return False
    if any(c.assigned == "return" and c.func == f.id and c.callee not in _SESSIONS and not _own_method(c)
           and not _wraps_session(c, made) for c in calls):
        return False  # it returns what a call gives (`return resp.json()`), not the session it keeps
    if made:
        return not _closes_sessions(tf, f, made)
    if depth > 0 or not f.cls:
        return False
    for c in calls:
        if _own_method(c) and (c.assigned == "return" or c.assigned.startswith("self.")):
            sub = next((g for g in tf.funcs if g.cls == f.cls and g.name == c.method and g.id != f.id), None)
            if sub is not None and _makes_plain_session(project, tf, sub, depth + 1):
                return True
    return False


def _sets_made_member(project: Project, tf: FileFacts, f: Func, made: list[Call]) -> bool:
    """``f`` replaces a member of a Session it made that gives its requests a
    default timeout, as the file-wide check of a session's name does
    (django-allauth's ``get_requests_session``: ``session = requests.Session()``,
    ``session.request = functools.partial(session.request, timeout=...)``)."""
    names = {c.assigned for c in made if c.assigned and c.assigned != "return"}
    if not names:
        return False
    targets = [str(a[0]) for a in (tf.extra or {}).get("assigns", ()) or ()
               if isinstance(a, list) and len(a) > 1 and a[0] and (a[1] == f.id or (a[1] and project.is_inside(tf, str(a[1]), f.id)))]
    return any(_sets_member(targets, n.rsplit(".", 1)[-1], (".request", ".send", ".timeout", ".get", ".post")) for n in names)


def _wraps_session(c: Call, made: list[Call]) -> bool:
    """``c`` is cachecontrol's ``CacheControl(sess, ...)`` given a Session the
    function made (in place, or through a local bound to it): it returns that
    session, with a caching adapter that sets no timeout (sickchill's
    ``make_session``: ``return CacheControl(sess=session, cache_etags=True)``)."""
    if c.callee not in _SESSION_WRAPPERS:
        return False
    arg = c.args[0] if c.args else c.kwargs.get("sess")
    if arg is None:
        return False
    return (arg.k == CALL and arg.v in _SESSIONS) or (arg.k == IDENT and any(m.assigned == arg.v for m in made))


def _closes_sessions(tf: FileFacts, f: Func, made: list[Call]) -> bool:
    """Every Session ``f`` makes is a ``with`` item, closed when the block
    ends: ``f`` sends its own requests through it and hands out what they
    gave (zadara's ``send_cmd``: ``with requests.Session() as session:``,
    then ``return response``, the parsed reply), not the session -- but a
    ``@contextmanager`` yields it to the caller's block."""
    if is_context_manager(f):
        return False
    items = {id(tf.calls[i]) for w in (tf.extra or {}).get("withs", ())
             if isinstance(w, dict) and isinstance(i := w.get("call", -1), int) and 0 <= i < len(tf.calls)}
    return all(id(c) in items for c in made)


def _own_method(c: Call) -> bool:
    return c.callee == f"self.{c.method}" and bool(c.method)


_PROPERTIES = frozenset({"property", "functools.cached_property", "cached_property"})

# what a session's own attributes hold: updating them sets no timeout
_SESSION_DATA = (".headers", ".cookies", ".proxies", ".params", ".auth", ".hooks", ".verify", ".cert")


def _configures_session(project: Project, ff: FileFacts, c: Call) -> bool:
    """An adapter mounted on the session (but requests' own HTTPAdapter, which
    retries and sets no timeout: koji's request_with_retry), or its attributes
    replaced wholesale (``s.__dict__.update(...)``), may give it a default
    timeout, as authlib's ``default_timeout=`` does; updating its headers or
    cookies does not."""
    return ((c.method == "mount" and _custom_mount(project, ff, c)) or (c.method == "update" and not c.recv.endswith(_SESSION_DATA))
            or _authlib_default_timeout(project, ff, c))


def _custom_mount(project: Project, ff: FileFacts, mount: Call) -> bool:
    """``session.mount(prefix, adapter)`` mounts an adapter that may apply a
    default timeout: anything but requests' stock HTTPAdapter (built in place
    or held in a variable of the same function)."""
    adapter = mount.args[1] if len(mount.args) > 1 else mount.kwargs.get("adapter")
    if adapter is None:
        return True
    if adapter.k == IDENT and _stock_adapter_var(project, ff, mount, adapter.v):
        return False  # `adapter = HTTPAdapter(max_retries=...)`: retries, no timeout
    return adapter.k != CALL or not _stock_adapter(project, ff, adapter.v)


def _sets_member(targets: list[str], obj: str, members: tuple[str, ...]) -> bool:
    """Does the file assign one of ``members`` (``.timeout``...) on an object
    whose last dotted name is ``obj`` (``self.session.timeout = 30`` for
    ``session``)?  ``targets``: the file's assignment targets."""
    return any(t.endswith(members) and t.rsplit(".", 1)[0].rsplit(".", 1)[-1] == obj for t in targets)


def _session_mitigated(project: Project, ff: FileFacts, call: Call, targets: list[str]) -> bool:
    short = call.recv.rsplit(".", 1)[-1]
    if _sets_member(targets, short, (".request", ".send", ".timeout", ".get", ".post")):
        return True
    # a custom adapter (usually one that applies a default timeout), or an authlib session given one
    own = _fresh_session(project, ff, call)
    return any((c.method == "mount" and c.recv.rsplit(".", 1)[-1] == short and _custom_mount(project, ff, c)
                and (not own or c.func == call.func or _handed_to(ff, call, c.func)) and _same_object(project, ff, call, c))
               or (_authlib_default_timeout(project, ff, c) and c.assigned.rsplit(".", 1)[-1] == short) for c in _mounts_and_authlib(project, ff))


@per_file
def _mounts_and_authlib(project: Project, ff: FileFacts) -> list[Call]:
    """The calls of ``ff`` that may configure a Session for
    :func:`_session_mitigated` (``.mount()``, an authlib session's
    construction), in file order: picked once per file, not once per call."""
    return [c for c in ff.calls if c.method == "mount" or c.callee in _AUTHLIB_SESSIONS]


def _same_object(project: Project, ff: FileFacts, call: Call, mount: Call) -> bool:
    """``mount`` may configure the Session ``call`` runs on: for ``self.<attr>``
    in methods of two classes of the file, only when one class is the other or
    inherits from it (a mount on an unrelated class's ``self.session``
    configures another object)."""
    if not (call.recv.startswith("self.") and mount.recv == call.recv):
        return True
    a, b = enclosing_class(project, ff, call.func), enclosing_class(project, ff, mount.func)
    return not a or not b or a == b or b in _file_ancestors(ff, a) or a in _file_ancestors(ff, b)


def _file_ancestors(ff: FileFacts, cls: str) -> set[str]:
    """The bases of the class ``cls`` defined in the same file, transitively (by last name)."""
    seen: set[str] = set()
    todo = [cls]
    while todo:
        for base in class_bases(ff, todo.pop()):
            name = last_name(base)
            if name not in seen and name != cls:
                seen.add(name)
                todo.append(name)
    return seen


def _fresh_session(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call``'s receiver is a local of its function last given a new requests
    Session there (``session = requests.Session()``): only an adapter mounted
    in that function, or in a function of the file it hands the session to
    (``configure(session)``), is mounted on it, not one that another function
    mounts on its own session of the same name."""
    if not call.func or "." in call.recv:
        return False
    made = assigned_before(project, ff, call.func, call.recv, call.line)
    return bool(made) and made[-1].callee in _SESSIONS


def _handed_to(ff: FileFacts, call: Call, func: str) -> bool:
    """``call``'s function passes its receiver to the function ``func`` of the
    file (by name, or as a method of the object) before ``call``."""
    name = next((f.name for f in ff.funcs if f.id == func), "")
    return bool(name) and any(x.func == call.func and x.line <= call.line and last_name(x.callee) == name
                              and any(a.k == IDENT and a.v == call.recv for a in (*x.args, *x.kwargs.values())) for x in ff.calls)


def _authlib_default_timeout(project: Project, ff: FileFacts, c: Call) -> bool:
    """An authlib requests session built with a default timeout
    (``OAuth2Session(client_id, default_timeout=10)``), or with options we
    cannot read: ``**`` of anything but an ``__init__``'s own keyword
    arguments that no construction of its class fills (see
    :func:`_constructions_omit`)."""
    if c.callee not in _AUTHLIB_SESSIONS:
        return False
    if "default_timeout" in c.kwargs:
        return True
    return "**" in c.kwargs and not _constructions_omit(project, ff, c, "default_timeout")


def _constructions_omit(project: Project, ff: FileFacts, c: Call, key: str) -> bool:
    """``c`` hands its ``__init__``'s own ``**kwargs`` on untouched (see
    :func:`forwards_kwargs`), and the project constructs that class, never
    giving ``key=`` nor spreading a mapping, and extends it nowhere
    (mwdb-core's ``OpenIDClient.__init__``: ``OAuth2Session(..., **kwargs)``,
    built once with ``scope=``/``state=`` and no ``default_timeout``)."""
    fn = project.func_of(ff, c)
    if fn is None or fn.name != "__init__" or not fn.cls or not forwards_kwargs(ff, fn, c, key):
        return False
    files = [g for g in project.code_files() if g.lang == "py"]
    if any(last_name(b) == fn.cls for _name, bases in _classes_of(project.full(g, fn.cls) for g in files) for b in bases):
        return False  # a subclass's `super().__init__(**kw)` may pass one
    sites = class_constructions(project, ff.path, fn.cls)
    return bool(sites) and all(key not in s.kwargs and "**" not in s.kwargs for _g, s in sites)


def _depends_configured(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call``'s receiver is a parameter of a FastAPI handler or dependency
    whose Session comes from ``Depends(factory)``, and every factory of its
    signature that makes a requests Session mounts a custom adapter on it
    (quetz: ``remote_session: requests.Session = Depends(get_remote_session)``,
    whose factory mounts a TimeoutHTTPAdapter)."""
    fn = project.func_of(ff, call)
    if fn is None or call.recv not in fn.params:
        return False
    made = False
    for c in ff.calls:
        if last_name(c.callee) not in ("Depends", "Security") or not c.args or c.func != fn.parent or not fn.line <= c.line <= fn.end_line:
            continue
        arg = c.args[0]
        got = fn_of_val(project, ff, arg) if arg.k in (IDENT, FN) else None
        if got is None:
            continue
        tf, f = got
        calls = project.calls_in(tf, f.id, nested=True)
        if not any(x.callee in _SESSIONS for x in calls):
            continue
        if not any(_configures_session(project, tf, x) for x in calls):
            return False  # a dependency that hands in a plain Session
        made = True
    return made


def _stock_adapter_var(project: Project, ff: FileFacts, mount: Call, name: str) -> bool:
    """The variable ``name`` mounted by ``mount`` holds requests' own HTTPAdapter
    (or a project subclass that sets no timeout): assigned in the same
    function before the mount, else, for a name the function does not assign,
    at the module's top level (``RETRYING = HTTPAdapter(max_retries=3)``), and
    for ``self.adapter`` in the methods of the class, where every assignment
    must be one."""
    if name.startswith("self.") and "." not in name[5:]:
        cls = enclosing_class(project, ff, mount.func)
        made = [c for f in ff.funcs if cls and f.cls == cls for c in assigned_calls(project, ff).get((f.id, name), ())]
        return bool(made) and all(_stock_adapter(project, ff, c.callee) for c in made)
    if "." in name:
        return False
    made = assigned_before(project, ff, mount.func, name, mount.line)
    if not made and mount.func and (mount.func, name) not in assigned_calls(project, ff):
        made = assigned_calls(project, ff).get(("", name), [])
    return bool(made) and _stock_adapter(project, ff, made[-1].callee)


def _stock_adapter(project: Project, ff: FileFacts, callee: str) -> bool:
    return callee.startswith(_ADAPTERS) or _plain_adapter(project, ff, callee)


def _urllib3(project: Project, ff: FileFacts, call: Call, shared: tuple[FileFacts, Call] | None = None) -> Untimed | None:
    """An untimed call on a urllib3 pool made in this file, or on the one
    ``shared`` names (the module making it and its construction)."""
    if _py_timeout(project, ff, call) == "set":
        return None
    short = call.recv.rsplit(".", 1)[-1]
    cff, ctor = shared if shared is not None else (ff, _constructor(ff, call))
    if ctor is None or _py_timeout(project, cff, ctor) == "set":
        return None
    made = f", from {cff.path}:{ctor.line}" if cff is not ff else ""
    return Untimed(ff, call, "urllib3",
                   f"`{call.recv}.{call.method}()` has no timeout and `{short}` ({ctor.callee.rsplit('.', 1)[-1]}{made}) was created without one: urllib3 "
                   "waits on the socket forever by default, so a slow or hung upstream blocks this worker until it is restarted",
                   [Related(cff.path, ctor.line, f"`{short}` created here without timeout")])


def _untimed_pool(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """A request on a urllib3 pool (made in this file, or the one another
    module makes for the project) that was created without a timeout: the
    module making it and its construction; None for anything else."""
    if call.method not in _URLLIB3_METHODS:
        return None
    if call.recv_type in _URLLIB3_MANAGERS:
        ctor = _constructor(ff, call)
        made = (ff, ctor) if ctor is not None else None
    else:
        made = None if call.recv_type else _imported_pool(project, ff, call)
    return made if made is not None and _py_timeout(project, made[0], made[1]) != "set" else None


def _imported_pool(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """The urllib3 pool another project module makes at its top level, once,
    and the receiver of ``call`` imports (graphite-web's ``http_pool.py``:
    ``http = urllib3.PoolManager(...)``, then ``from graphite.http_pool
    import http`` and ``http.request(...)`` elsewhere): that module and the
    construction; None for anything else."""
    return _imported_global(project, ff, call, _URLLIB3_MANAGERS)


def _imported_global(project: Project, ff: FileFacts, call: Call, ctors: tuple[str, ...],
                     made_by: Callable[[FileFacts, Call], bool] | None = None) -> tuple[FileFacts, Call] | None:
    """The object of one of ``ctors`` that another project module makes at
    its top level, once, and the receiver of ``call`` imports (``from
    pkg.http import session`` or ``pkg.http.session``): that module and the
    construction; None for anything else.  ``made_by`` also accepts the
    top-level call of a project factory that makes one (module-build-service's
    ``requests_session = get_requests_session()``)."""
    suffix = "." + call.method
    recv = call.callee[: -len(suffix)] if call.callee.endswith(suffix) else ""
    if "." not in recv or "(" in recv:
        return None
    target = module_and_attr(project, recv, value=True)
    if target is None or target[0] is ff or target[0].lang != "py" or not target[1].isidentifier():
        return None
    tff, attr = target
    # (a function of that module that assigns the name too may rebind it: `global http`, then a pool with a timeout)
    made = [c for c in tff.calls if c.assigned == attr]
    if len(made) != 1 or made[0].func or (_norm(made[0].callee) not in ctors and not (made_by is not None and made_by(tff, made[0]))):
        return None
    return tff, made[0]


def _shared_session_mitigated(project: Project, files: list[FileFacts], ff: FileFacts, call: Call, shared: tuple[FileFacts, Call]) -> bool:
    """The Session another module makes (``shared``) may give ``call`` a
    default timeout: a custom adapter mounted, or ``.timeout``/``.request``...
    set on it, in that module, in the calling file, or (a mount) through the
    import in any file; an authlib session built with ``default_timeout``."""
    tff, made = shared
    attr = made.assigned
    if _session_mitigated(project, tff, _on(made, attr), _assign_targets(tff)) or _session_mitigated(project, ff, call, _assign_targets(ff)):
        return True
    suffix = ".mount"
    for f in files:
        for c in f.calls:
            if c.method == "mount" and c.callee.endswith(suffix) and _custom_mount(project, f, c):
                target = module_and_attr(project, c.callee[: -len(suffix)], value=True)
                if target is not None and target[0] is tff and target[1] == attr:
                    return True
    return False


def _constructor(ff: FileFacts, call: Call, before: bool = False) -> Call | None:
    """The last call of the file that builds ``call``'s receiver (its
    ``recv_type``, assigned to a name ending like the receiver); with
    ``before``, only one above ``call``."""
    short = call.recv.rsplit(".", 1)[-1]
    ctor = None
    for c in ff.calls:
        if c.callee == call.recv_type and c.assigned and c.assigned.rsplit(".", 1)[-1] == short and (not before or c.line <= call.line):
            ctor = c
    return ctor


# the standard library's connections: `timeout=` (HTTPConnection's third argument) or the global socket timeout, none by default
_HTTP_CLIENT_CONNS = ("http.client.HTTPConnection", "http.client.HTTPSConnection", "httplib.HTTPConnection", "httplib.HTTPSConnection",
                      "eventlet.green.http.client.HTTPConnection", "eventlet.green.http.client.HTTPSConnection",
                      "eventlet.green.httplib.HTTPConnection", "eventlet.green.httplib.HTTPSConnection")


def _stdlib_conn(project: Project, name: str) -> str:
    """``name`` as the standard library connection class it stands for when a
    project module only hands on ``http.client`` (supervisor's compat.py:
    ``try: import http.client as httplib`` / ``except ImportError: import
    httplib``, then ``from supervisor.compat import httplib`` and
    ``httplib.HTTPConnection(host, port)``); ``name`` itself otherwise."""
    if name in _FACTORY_CONNS or last_name(name) not in ("HTTPConnection", "HTTPSConnection"):
        return name
    return py_reexported(project, name)


def _untimed_constructor(project: Project, ff: FileFacts, call: Call, positional: int) -> Call | None:
    """The call of this file above ``call`` that built its receiver, when it
    was given no timeout: none as ``timeout=`` (or ``timeout=None``), and
    fewer than ``positional`` arguments (the timeout's place among them).
    None when it is not found here or its arguments come from a mapping or a
    spread (``*args``, ``**kwargs``): they may hold one."""
    ctor = _constructor(ff, call, before=True)
    return ctor if ctor is not None and _untimed(project, ff, ctor, positional) else None


def _http_client(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """``conn = http.client.HTTPSConnection(host); conn.request("GET", path)``:
    the timeout can only be given to the connection (``timeout=``, or
    HTTPConnection's third argument); none means the global socket timeout,
    which is none."""
    positional = 3 if call.recv_type.endswith(".HTTPConnection") else 99
    ctor = _untimed_constructor(project, ff, call, positional)
    if ctor is None:
        return None
    short = call.recv.rsplit(".", 1)[-1]
    kind = ctor.callee.rsplit(".", 1)[-1]
    return Untimed(ff, call, "http.client",
                   f"`{call.recv}.request()` has no timeout: `{short}` ({kind}) was created without one, so it falls back to the global "
                   "socket timeout, which is none, and a slow or hung upstream blocks this worker until it is restarted",
                   [Related(ff.path, ctor.line, f"`{short}` created here without timeout")])


# the connections a project factory may make and return, requested through `.request()`
_FACTORY_CONNS = (*_HTTP_CLIENT_CONNS, "httplib2.Http")


_CALLED = lazy_re(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\([^()]*\)")


def _called_factory(ff: FileFacts, call: Call) -> str:
    """The function whose result ``call`` is made on at once
    (``get_conn().request(url)``, ``self._prepare_connection(ip,
    port).request(...)``): the callee of that inner call, as its imports
    resolve it; '' for any other receiver."""
    if not _CALLED.fullmatch(call.recv):
        return ""
    inner = next((c for c in ff.calls if c.line == call.line and c is not call and c.text == call.recv), None)
    return inner.callee if inner is not None and "(" not in inner.callee else ""


def _timeout_place(ctor: str) -> int:
    """How many positional arguments reach the timeout of a connection
    constructor: HTTPConnection's third, httplib2.Http's second (after the
    cache); HTTPSConnection takes it only as a keyword."""
    return 3 if ctor.endswith(".HTTPConnection") else 2 if ctor == "httplib2.Http" else 99


def _connection_factory(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Func, list[Call]] | None:
    """The project function or method ``call``'s receiver comes from
    (``connection = self._prepare_connection(ssl, ip, port)``, then
    ``connection.request("GET", url)``: manila's QNAP driver; ``conn =
    get_http_connection()`` returning ``httplib2.Http()``) when every
    http.client or httplib2 connection it makes is made without a timeout and
    it returns no other call's result: that function, its file and those
    constructions."""
    rt = call.recv_type or _called_factory(ff, call)
    if not rt or _stdlib_conn(project, rt) in _FACTORY_CONNS or "(" in rt:
        return None
    for tf, f in _factories(project, ff, rt):
        calls = project.calls_in(tf, f.id)
        made = [c for c in calls if _stdlib_conn(project, c.callee) in _FACTORY_CONNS]
        if not made or any(c.assigned == "return" and c not in made for c in calls):
            continue
        if all(_untimed(project, tf, c, _timeout_place(c.callee)) for c in made):
            return tf, f, made
    return None


def _untimed(project: Project, ff: FileFacts, ctor: Call, positional: int) -> bool:
    """A constructor call given no timeout (:func:`_made_untimed`): none as
    ``timeout=`` (or ``timeout=None``), fewer than ``positional`` arguments,
    no spread, and none set on the object afterwards (``h = httplib2.Http();
    h.timeout = 10``: httplib2 and http.client read the attribute when they connect)."""
    return _made_untimed(project, ff, ctor, _assign_targets(ff), positional, "timeout") is not None


def _factory_connection(ff: FileFacts, call: Call, tf: FileFacts, f: Func, made: list[Call]) -> Untimed:
    short = call.recv.rsplit(".", 1)[-1]
    kinds = " or ".join(dict.fromkeys(c.callee if c.callee == "httplib2.Http" else c.callee.rsplit(".", 1)[-1] for c in made))
    lib = "httplib2" if all(c.callee == "httplib2.Http" for c in made) else "http.client"
    made_by = call.recv_type or _called_factory(ff, call)
    conn = f"the {kinds} `{made_by}()` returns" if not call.recv_type else f"`{short}` (the {kinds} `{made_by}()` returns)"
    return Untimed(ff, call, lib,
                   f"`{call.recv}.request()` has no timeout: {conn} was created without one, so it falls "
                   "back to the global socket timeout, which is none, and a slow or hung upstream blocks this worker until it is restarted",
                   [Related(tf.path, c.line, f"`{c.callee.rsplit('.', 1)[-1]}` created here without timeout in `{f.name}()`") for c in made])


# Twisted's HTTP agents: `connectTimeout` bounds the connection, nothing bounds the wait for the response
# (a redirect-following agent only wraps one)
_TWISTED_AGENTS = ("twisted.web.client.Agent", "twisted.web.client.Agent.usingEndpointFactory", "twisted.web.client.ProxyAgent",
                   "twisted.web.client.RedirectAgent", "twisted.web.client.BrowserLikeRedirectAgent")
# what cancels a Deferred or a coroutine when a deadline passes
_DEFERRED_DEADLINES = ("asyncio.wait_for", "asyncio.timeout", "async_timeout.timeout", "twisted.internet.defer.timeout")


def cancels_on_timer(ff: FileFacts) -> bool:
    """The module bounds some Deferred or coroutine: ``d.addTimeout(...)``,
    a ``timeout_deferred(...)`` helper (Synapse's), ``asyncio.wait_for``,
    or ``reactor.callLater(n, d.cancel)``; it may be the one a Twisted
    agent's request returns (to this module or to its callers)."""
    return any(c.method == "addTimeout" or last_name(c.callee) == "timeout_deferred" or c.callee in _DEFERRED_DEADLINES
               or (c.method == "callLater" and any(a.v.endswith(".cancel") for a in c.args))
               for c in ff.calls)


def bounds_deferreds(project: Project, ff: FileFacts) -> bool:
    """The module, or one importing it, cancels some Deferred on a timer
    (:func:`cancels_on_timer`): it may be the one a Twisted request or send
    made here returns.  A timer elsewhere in the service bounds other
    Deferreds (deluge's alert waits, not its Agent requests)."""
    if cancels_on_timer(ff):
        return True
    return any((g := project.files.get(path)) is not None and cancels_on_timer(g) for path in importers_of(project).get(ff.path, ()))


def _agent_kinds(ff: FileFacts, call: Call) -> list[str]:
    """The Twisted agent classes the name ``call`` requests through is bound
    to in its file, in the order they are made: a member by the methods of
    its class, a local by its function (cowrie's LLM client: ``self.agent =
    ProxyAgent(...)`` when a proxy is configured, else ``self.agent =
    Agent(...)``)."""
    classes = {f.id: f.cls for f in ff.funcs}
    member = call.recv.startswith("self.")
    kinds: dict[str, None] = {}
    for c in sorted(ff.calls, key=lambda c: (c.line, c.col)):
        if c.assigned != call.recv or c.callee not in _TWISTED_AGENTS:
            continue
        if (classes.get(c.func) != classes.get(call.func)) if member else (c.func != call.func):
            continue
        kinds[c.callee.removesuffix(".usingEndpointFactory").rsplit(".", 1)[-1]] = None
    return list(kinds)


def _twisted_agent(ff: FileFacts, call: Call) -> Untimed:
    """``agent = Agent(reactor, connectTimeout=15)``; ``await agent.request(b"GET", url)``:
    the Deferred never fires while the upstream holds the connection
    without answering."""
    kind = " or ".join(_agent_kinds(ff, call)) or call.recv_type.removesuffix(".usingEndpointFactory").rsplit(".", 1)[-1]
    return Untimed(ff, call, "twisted",
                   f"`{call.recv}.request()` on a Twisted {kind} has no timeout: the agent bounds at most the connection "
                   "(connectTimeout), never the wait for the response, so an upstream that accepts the connection and never answers "
                   "holds this request's Deferred, and whatever awaits it, forever (give it `.addTimeout(seconds, reactor)`)")


# treq's request functions: no timeout unless given `timeout=` (seconds; it cancels the Deferred)
_TREQ_FUNCS = frozenset(f"treq.{m}" for m in ("get", "post", "put", "patch", "delete", "head", "request"))


def _module_in_attribute(ff: FileFacts, call: Call) -> str:
    """The module function a call on an instance attribute reaches when the
    file assigns that attribute an imported module (crossbar's REST bridge:
    ``self._webtransport = treq`` unless a test injects a stand-in, then
    ``self._webtransport.request(method, url)``): ``treq.request``, else ''."""
    if not call.method or not call.recv.startswith(("self.", "cls.")):
        return ""
    for target, _line, value in ff.extra.get("attr_values") or ():
        if target == call.recv and isinstance(value, dict) and value.get("k") == "ident":
            module = ff.imports.get(str(value.get("v")), "")
            if module:
                return f"{module}.{call.method}"
    return ""


def _treq(ff: FileFacts, call: Call, state: str) -> Untimed:
    """``await treq.get(url)``: treq sits on Twisted's Agent, which never
    bounds the wait for the response."""
    held = _module_in_attribute(ff, call) if call.callee not in _TREQ_FUNCS else ""
    what = f"`{call.callee}()` (`{call.recv}` holds the treq module)" if held else f"`{call.callee}()`"
    why = "has `timeout=None`" if state == "none" else "has no timeout"
    return Untimed(ff, call, "treq", (
        f"{what} {why}: treq waits for the response forever by default (Twisted's Agent underneath bounds nothing), so an upstream "
        "that accepts the connection and never answers holds this request's Deferred, and whatever awaits it, forever (pass `timeout=seconds`)"))


def _httplib2(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """``http = httplib2.Http(); http.request(url)``: the timeout can only be
    given to ``Http()`` (``timeout=``, its second argument); none means the
    global socket timeout, which is none."""
    ctor = _untimed_constructor(project, ff, call, 2)
    if ctor is None:
        return None
    short = call.recv.rsplit(".", 1)[-1]
    return Untimed(ff, call, "httplib2",
                   f"`{call.recv}.request()` has no timeout: `{short}` (httplib2.Http) was created without one, so it waits on the socket "
                   "forever by default and a slow or hung upstream blocks this worker until it is restarted",
                   [Related(ff.path, ctor.line, f"`{short}` created here without timeout")])


def _authorized_httplib2(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """``http = credentials.authorize(httplib2.Http()); http.request(url)``:
    oauth2client's ``Credentials.authorize`` wraps the request method of the
    Http it is given and returns that same Http, so the request waits as long
    as an ``httplib2.Http()`` made without a timeout does.  Only the last such
    assignment to the receiver above the call, in the same function, with the
    Http made inline."""
    made = [c for c in ff.calls if c.method == "authorize" and c.callee == call.recv_type and c.assigned == call.recv
            and c.func == call.func and c.line <= call.line]
    if not made or len(made[-1].args) != 1 or made[-1].args[0].k != CALL or made[-1].args[0].v != "httplib2.Http":
        return None
    inner = project.call_of(ff, made[-1].args[0])
    if inner is None or not _untimed(project, ff, inner, 2):
        return None
    short = call.recv.rsplit(".", 1)[-1]
    return Untimed(ff, call, "httplib2",
                   f"`{call.recv}.request()` has no timeout: `{short}` is the httplib2.Http that `{made[-1].callee}()` authorized and "
                   "returned, which was created without one, so it waits on the socket forever by default and a slow or hung upstream "
                   "blocks this worker until it is restarted",
                   [Related(ff.path, inner.line, f"`{short}` created here without timeout")])


# pycurl (libcurl): a transfer ends only at the handle's own TIMEOUT / TIMEOUT_MS (0, never, by default) or at a
# LOW_SPEED_LIMIT / LOW_SPEED_TIME abort; CONNECTTIMEOUT (300 s by default) bounds the connect alone, and
# socket.setdefaulttimeout() does not reach libcurl's own sockets
_CURL_HANDLES = ("pycurl.Curl",)
_CURL_PERFORMS = ("perform", "perform_rb", "perform_rs")
_CURL_SETOPTS = ("setopt", "setopt_string")
_CURL_BOUNDS = frozenset({"TIMEOUT", "TIMEOUT_MS", "LOW_SPEED_LIMIT", "LOW_SPEED_TIME"})
_URL_SCHEME = lazy_re(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _curl_option(v: Val) -> str:
    """The option a ``setopt`` sets when it is spelled as a pycurl constant
    (``pycurl.URL``, ``c.TIMEOUT``), else "" (a variable: any option)."""
    name = last_name(v.v) if v.k == IDENT and "." in v.v else ""
    return name if name.isupper() else ""


def _curl_url_scheme(project: Project, ff: FileFacts, v: Val) -> str:
    """The scheme a URL value starts with, lowercased, when its text spells
    one: a literal, an f-string, ``"sftp://{}".format(...)`` or
    ``"sftp://%s" % host``; else ""."""
    url = project.resolve(ff, v)
    if url.k not in (STR, TMPL, OTHER) and not (url.k == CALL and url.v.endswith(".format")):
        return ""
    scheme = _URL_SCHEME.match(url.v if url.k in (STR, TMPL) else url.v.lstrip("'\"").lstrip())
    return scheme.group(1).lower() if scheme is not None else ""


def _pycurl(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """``c = pycurl.Curl(); c.setopt(c.URL, url); c.perform()`` with no
    ``TIMEOUT``/``TIMEOUT_MS`` and no low-speed abort set on the handle: in
    the function making it for a local made where it is performed, anywhere
    in the file for any other handle (``self._conn``, a module-level one).
    An option given as a variable, or the handle handed to another function,
    counts as set; a URL of another scheme (``sftp://``, ``ftp://``) is no
    HTTP request."""
    handle = call.recv
    made = [c for c in ff.calls if c.assigned == handle and c.callee in _CURL_HANDLES]
    local = "." not in handle and any(c.func == call.func for c in made)
    for c in ff.calls:
        if local and c.func != call.func:
            continue
        if c.recv == handle and c.method in _CURL_SETOPTS:
            opt = _curl_option(c.args[0]) if c.args else ""
            if not opt or opt in _CURL_BOUNDS:
                return None
            if opt == "URL" and len(c.args) > 1 and _curl_url_scheme(project, ff, c.args[1]) not in ("", "http", "https"):
                return None
        elif c.recv != handle and any(v.k == IDENT and v.v == handle for a in (*c.args, *c.kwargs.values()) for v in walk_vals(a)):
            return None  # handed to code that may set its options
    first = next((c for c in made if not local or c.func == call.func), None)
    related = [Related(ff.path, first.line, f"`{handle}` created here without a timeout")] if first is not None else []
    return Untimed(ff, call, "pycurl",
                   f"`{handle}.{call.method}()` (pycurl) has no timeout: libcurl's `TIMEOUT` defaults to 0 (never) and "
                   "`CONNECTTIMEOUT` bounds only the connect, so an upstream that accepts the connection and stops answering "
                   "blocks this worker forever (set `pycurl.TIMEOUT`, or `LOW_SPEED_LIMIT` with `LOW_SPEED_TIME`)", related)


# --------------------------------------------------------------------------- axios
def _bound_call(project: Project, ff: FileFacts, call: Call, name: str) -> Call | None:
    """The call whose result the variable ``name`` holds where ``call`` runs
    (``const http = await getAxios()`` in its function or one around it), or
    the call of a project function it holds at module level (``const axios =
    getAxios()`` at the top of the file: before a module-level call, anywhere
    for one in a function, which runs later)."""
    for f in project.scopes(ff, call.func):
        got = assigned_before(project, ff, f.id, name, call.line)
        if got:
            return got[-1]
    if any(name in f.params for f in project.scopes(ff, call.func)):
        return None  # a parameter of that name hides the module's variable
    got = assigned_before(project, ff, "", name, call.line if not call.func else 1 << 30)
    return got[-1] if got and callee_funcs(project, ff, got[-1]) else None


# `(await getAxios())`; compiled JavaScript's `await (await getAxios()).get(url)` is
# read with the outer `await` in the receiver: `await (await getAxios())`
_AWAITED_GETTER = lazy_re(r"^(?:await\s+)?\(await ([A-Za-z_$][\w$]*)\(\)\)$")


def _call_on_first_line(ff: FileFacts, call: Call, name: str) -> Call | None:
    """The call of a function named ``name`` on the first line of ``call``, in
    its function (the getter in ``(await getAxios()).get(url)``)."""
    return next((c for c in ff.calls if c.line == call.line and c.func == call.func and last_name(c.callee) == name), None)


_NEST_HTTP = "@nestjs/axios.HttpService"
_NEST_HTTP_MODULE = "@nestjs/axios.HttpModule"


class _NestHttp:
    """@nestjs/axios: ``HttpService`` wraps an axios instance (``axiosRef``) that
    the ``HttpModule`` imported by the Nest module providing the service makes:
    the default ``axios`` for a bare ``HttpModule`` (shared by every such
    module), ``axios.create(config)`` for ``HttpModule.register(config)``."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._providers: dict[tuple[str, str], list[tuple[FileFacts, Call]]] | None = None
        self._ref_timed: set[tuple[str, str]] | None = None
        self._modules: dict[tuple[str, str], list[tuple[FileFacts, Call]]] = {}
        self._shared: bool | None = None

    def service_of(self, ff: FileFacts, call: Call) -> str | None:
        """The class into which ``call``'s receiver (``this.x`` or
        ``this.x.axiosRef``) is injected as ``HttpService``; None otherwise."""
        recv = call.recv.removesuffix(".axiosRef")
        if not recv.startswith("this.") or recv.count(".") != 1 or "@nestjs/axios" not in ff.modules:
            return None
        cls = enclosing_class(self.project, ff, call.func) if call.func else ""
        return cls if cls and _injected(ff, cls).get(recv[5:]) == _NEST_HTTP else None

    def providers(self) -> dict[tuple[str, str], list[tuple[FileFacts, Call]]]:
        """(file, class) -> the ``@Module({providers})`` calls that provide it."""
        if self._providers is not None:
            return self._providers
        out: dict[tuple[str, str], list[tuple[FileFacts, Call]]] = {}
        for ff in self.project.code_files():
            if ff.lang == "py":
                continue
            for c in ff.calls:
                if c.callee != "@nestjs/common.Module" or not c.args or c.args[0].k != OBJ or not c.args[0].keys:
                    continue
                provs = self.project.resolve(ff, c.args[0].keys.get("providers") or Val(NULL, ""))
                for p in provs.items or () if provs.k == ARR else ():
                    if p.k == OBJ and p.keys and "useClass" in p.keys:
                        p = p.keys["useClass"]
                    key = self._class_key(ff, p)
                    if key is not None:
                        out.setdefault(key, []).append((ff, c))
        self._providers = out
        return out

    def _class_key(self, ff: FileFacts, v: Val) -> tuple[str, str] | None:
        if v.k != IDENT:
            return None
        if "." not in v.v:
            return ff.path, v.v
        if not v.v.startswith("./"):
            return None
        spec, _, cls = v.v.rpartition(".")
        target = self.project.peek_module(spec)
        return (target.path, cls) if target is not None else None

    def module_state(self, ff: FileFacts, cls: str) -> tuple[str, FileFacts, Val, str] | None:
        """(state of the instance's timeout, module file, its ``HttpModule``
        import, module name) when the class is provided only by modules whose
        ``HttpModule`` sets no timeout (or 0) and nothing sets one on the
        instance; None when a timeout may be set or the module is not known."""
        mods = self._modules_of(ff, cls)
        if not mods:
            return None  # provided by no module seen here (a dynamic module, a re-export...)
        first: tuple[str, FileFacts, Val, str] | None = None
        for mff, mc in mods:
            imports = self.project.resolve(mff, (mc.args[0].keys or {}).get("imports") or Val(NULL, ""))
            http = [i for i in imports.items or () if i.v == _NEST_HTTP_MODULE or i.v.startswith(_NEST_HTTP_MODULE + ".")] if imports.k == ARR else []
            if not http:
                return None  # HttpModule comes through another module (or imports are not a list)
            for item in http:
                if item.k == IDENT and item.v == _NEST_HTTP_MODULE:
                    state = "absent"
                    if self._shared_default_timed():
                        return None
                elif item.k == CALL and item.v == _NEST_HTTP_MODULE + ".register":
                    reg = self.project.call_of(mff, item)
                    state = _timeout_state(self.project, mff, reg.args[0] if reg is not None and reg.args else None)
                else:
                    return None  # registerAsync(...): options the analysis cannot see count as set
                if state in ("set", "unknown"):
                    return None
                if first is None or state == "disabled":
                    first = (state, mff, item, _module_name(mff, mc))
        if (ff.path, cls) in self.ref_timed():
            return None
        return first

    def _modules_of(self, ff: FileFacts, cls: str) -> list[tuple[FileFacts, Call]]:
        got = self._modules.get((ff.path, cls))
        if got is not None:
            return got
        mods = list(self.providers().get((ff.path, cls), ()))
        # a module file the trigger prefilter left unparsed may provide it too
        for other in self.project.code_files():
            if other.shallow and other.lang != "py":
                full = self.project.full(other, cls)
                if not full.shallow:
                    for c in full.calls:
                        if c.callee == "@nestjs/common.Module" and c.args and c.args[0].k == OBJ:
                            provs = self.project.resolve(full, (c.args[0].keys or {}).get("providers") or Val(NULL, ""))
                            if any(self._class_key(full, p.keys["useClass"] if p.k == OBJ and p.keys and "useClass" in p.keys else p) == (ff.path, cls)
                                   for p in provs.items or () if provs.k == ARR):
                                mods.append((full, c))
        self._modules[(ff.path, cls)] = mods
        return mods

    def ref_timed(self) -> set[tuple[str, str]]:
        """(file, class) that bound their ``HttpService``'s axios instance:
        ``this.http.axiosRef.defaults.timeout = ms`` or a request interceptor on
        ``axiosRef`` that sets a timeout or starts a timer (a cancel token or
        abort signal fired by ``setTimeout``, ``AbortSignal.timeout``)."""
        if self._ref_timed is not None:
            return self._ref_timed
        out: set[tuple[str, str]] = set()
        for ff in self.project.parsed_code_files():
            if ff.lang == "py" or "@nestjs/axios" not in ff.modules:
                continue
            for a in ff.extra.get("assigns", []) if ff.extra else []:
                if isinstance(a, list) and len(a) > 1 and isinstance(a[0], str) and a[0].endswith("axiosRef.defaults.timeout") and isinstance(a[1], str):
                    cls = enclosing_class(self.project, ff, a[1]) if a[1] else ""
                    if cls:
                        out.add((ff.path, cls))
            for c in ff.calls:
                if not (c.callee.endswith("axiosRef.interceptors.request.use") and c.args and c.args[0].k == FN and c.func):
                    continue
                cls = enclosing_class(self.project, ff, c.func)
                if cls and _sets_timeout(self.project, ff, c.args[0].v):
                    out.add((ff.path, cls))
        self._ref_timed = out
        return out

    def _shared_default_timed(self) -> bool:
        """A bare ``HttpModule`` provides the default ``axios``: a class that
        bounds its ``axiosRef`` while provided by a bare ``HttpModule`` bounds
        every such service."""
        if self._shared is None:
            self._shared = any(
                i.k == IDENT and i.v == _NEST_HTTP_MODULE
                for path, cls in self.ref_timed() if path in self.project.files
                for mff, mc in self._modules_of(self.project.files[path], cls)
                for i in self.project.resolve(mff, (mc.args[0].keys or {}).get("imports") or Val(NULL, "")).items or ()
            )
        return self._shared


_TIMERS = ("setTimeout", "AbortSignal.timeout", "timers.setTimeout")


def _sets_timeout(project: Project, ff: FileFacts, fn_id: str) -> bool:
    """The interceptor function ``fn_id`` sets ``config.timeout`` or starts a timer."""
    for c in ff.calls:
        if c.callee in _TIMERS and any(f.id == fn_id for f in project.scopes(ff, c.func)):
            return True
    for a in ff.extra.get("assigns", []) if ff.extra else []:
        if isinstance(a, list) and len(a) > 1 and isinstance(a[0], str) and a[0].endswith(".timeout") and isinstance(a[1], str):
            if any(f.id == fn_id for f in project.scopes(ff, a[1])):
                return True
    return False


def _injected(ff: FileFacts, cls: str) -> dict[str, str]:
    """Constructor parameter -> the imported type it is declared as (the
    frontend's ``inject`` of the class: TypeScript source or compiled metadata)."""
    for c in ff.extra.get("classes", ()) if ff.extra else ():
        if isinstance(c, dict) and c.get("name") == cls and isinstance(c.get("inject"), dict):
            return c["inject"]
    return {}


def _module_name(ff: FileFacts, mc: Call) -> str:
    """The Nest module class that ``@Module(...)`` (call ``mc``) decorates: in
    source the class after the decorator, compiled the class before its
    ``__decorate``; the file's path when it is not known."""
    classes = [c for c in ff.extra.get("classes", ()) if isinstance(c, dict)] if ff.extra else []
    for c in classes:
        if isinstance(c.get("line"), int) and isinstance(c.get("end_line"), int) and c["line"] >= mc.line and c["line"] - mc.end_line <= 2:
            return str(c.get("name"))
    before = [c for c in classes if isinstance(c.get("end_line"), int) and c["end_line"] < mc.line]
    return str(before[-1].get("name")) if before else ff.path


def _exported_instance(project: Project, imp: str, makers: tuple[str, ...]) -> tuple[FileFacts, Call] | None:
    """The call making a client instance (one of ``makers``: ``axios.create``,
    ``got.extend``) whose result the project module named by the import ``imp``
    exports: its default export, or the named export ``imp`` ends with."""
    if not imp.startswith("./"):
        return None
    target = project.module_file(imp)
    name = "default"
    if target is None:
        mod, _, rest = _split_module(imp)
        target = project.module_file(mod)
        name = rest
    if target is None or target.lang == "py":
        return None
    exports = target.extra.get("exports", {}) if target.extra else {}
    local = exports.get(name, name if name != "default" else "") if isinstance(exports, dict) else ""
    creates = [c for c in target.calls if _norm(c.callee) in makers]
    for c in creates:
        if c.assigned and (c.assigned == local or c.assigned.rsplit(".", 1)[-1] == local):
            return target, c
    if name == "default" and len(creates) == 1 and creates[0].assigned in ("return", "default", "exports", "module.exports", local or "\0"):
        return target, creates[0]
    return None


def _instance_name(made: Call, importer_name: str) -> str:
    """How messages name a client instance: the variable it was made into, or,
    for one a module exports as made (``module.exports = axios.create(...)``,
    ``export default got.extend(...)``), the name its importer gives it."""
    name = (made.assigned or "").rsplit(".", 1)[-1]
    if name in ("", "exports", "default", "return"):
        return importer_name.split(".", 1)[0] or "instance"
    return name


class _Axios:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.nest = _NestHttp(project)
        self.global_default = False
        self.instance_defaults: set[tuple[str, str]] = set()
        for ff in project.code_files():
            if ff.lang == "py":
                continue
            targets = _assign_targets(ff)
            interceptor = any("interceptors.request.use" in c.callee or c.method == "use" and c.recv.endswith("interceptors.request") for c in ff.calls)
            for t in targets:
                if t == "axios.defaults.timeout" or t == "axios.defaults" or (interceptor and t.endswith(".timeout")):
                    self.global_default = True
                elif t.endswith(".defaults.timeout"):
                    self.instance_defaults.add((ff.path, t[: -len(".defaults.timeout")].rsplit(".", 1)[-1]))
            for c in ff.calls:
                if c.callee == "Object.assign" and c.args and c.args[0].v.endswith("axios.defaults"):
                    self.global_default = True

    def _binding(self, ff: FileFacts, call: Call, name: str) -> Call | None:
        return _bound_call(self.project, ff, call, name)

    def _getter(self, ff: FileFacts, getter: Call) -> tuple[FileFacts, Call] | None | bool:
        """The ``axios.create`` call a project function returns (``getAxios()``,
        which creates the instance once); True when ``getter`` runs a project
        function that is not such a getter, False when it runs none."""
        targets = callee_funcs(self.project, ff, getter)
        if not targets:
            return False
        for tf, fn in targets:
            creates = [c for c in tf.calls if c.func == fn.id and _norm(c.callee) in ("axios.create", "axios.default.create")]
            if len(creates) == 1:
                return tf, creates[0]
        return True

    def _local_client(self, ff: FileFacts, call: Call, name: str) -> tuple[FileFacts, Call] | None | bool | str:
        """What a local variable used as a client holds: an instance from a getter,
        ``_LIBRARY`` for the axios module a getter returns, True for something
        else the project makes (not the library), False when the name is not
        bound to a call here."""
        if "." in name:
            return False
        bound = self._binding(ff, call, name)
        if bound is None:
            return False
        if _norm(bound.callee) in ("axios.create", "axios.default.create", "require", "import"):
            return False  # the library or an instance: judged as before
        targets = callee_funcs(self.project, ff, bound)
        if targets and all(_returns_module(self.project, tf, fn, "axios") for tf, fn in targets):
            return _LIBRARY  # `const axios = getAxios()`, where `getAxios() { return require('axios') }`
        got = self._getter(ff, bound)
        return True if got is False else got

    def _made_by(self, ff: FileFacts, getter: Call | None) -> tuple[FileFacts, Call] | None:
        """The ``axios.create`` call behind the getter call ``getter`` (None when
        there is none or it returns something else)."""
        made = self._getter(ff, getter) if getter is not None else None
        return made if isinstance(made, tuple) else None

    def _getter_result_called(self, ff: FileFacts, call: Call) -> Untimed | None:
        """``(await getAxios())(config)``: the instance a getter returns, called
        itself (its callee is the getter's, with ``()``)."""
        name = last_name(call.callee[:-2])
        getter = _call_on_first_line(ff, call, name)
        inst = self._made_by(ff, getter)
        if getter is None or inst is None:
            return None
        shown = f"(await {name}())" if getter.awaited else f"{name}()"
        return self._instance_call(ff, call, inst, shown, "")

    def instance(self, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
        """The ``axios.create`` call the receiver of ``call`` comes from (same
        file, imported, or returned by a getter function)."""
        got = self._local_client(ff, call, call.recv)
        if got is not False:
            return got if isinstance(got, tuple) else None
        m = _AWAITED_GETTER.match(call.recv)  # (await getAxios()).get(url)
        if m is not None:
            return self._made_by(ff, _call_on_first_line(ff, call, m.group(1)))
        short = call.recv.rsplit(".", 1)[-1]
        if call.recv_type in ("axios.create", "axios.default.create"):
            made = per_calls("axios-instances", ff, _axios_instances).get(short)
            return (ff, made) if made is not None else None
        head = call.recv.split(".", 1)[0]
        if "." in call.recv:
            return None
        return _exported_instance(self.project, ff.imports.get(head, ""), ("axios.create",))

    def check(self, ff: FileFacts, call: Call) -> Untimed | None:
        callee = _norm(call.callee)
        if callee == "axios" or callee.startswith("axios."):
            method = callee[len("axios."):] if callee != "axios" else ""
            local = self._local_client(ff, call, "axios")
            if local is not False and local != _LIBRARY:
                # a local variable named `axios` (`const axios = await getAxios()`): the value it holds
                return self._instance_call(ff, call, local if isinstance(local, tuple) else None, "axios", method)
            if local != _LIBRARY and "axios" not in ff.modules:
                return None
            return self._library_call(ff, call, method)
        if not call.method and callee.endswith("()"):
            return self._getter_result_called(ff, call)
        if not call.method or not call.recv or call.method not in (*_AXIOS_URL_CONFIG, *_AXIOS_DATA_CONFIG, "request"):
            return None
        if self._local_client(ff, call, call.recv) == _LIBRARY:
            return self._library_call(ff, call, call.method)  # `const http = getAxios(); http.get(url)`
        nest = self.nest.service_of(ff, call)
        if nest is not None:
            return self._nest_call(ff, call, nest)
        return self._instance_call(ff, call, self.instance(ff, call), _AWAIT.sub("", call.recv), call.method)

    def _library_call(self, ff: FileFacts, call: Call, method: str) -> Untimed | None:
        """A request through the axios module itself (``axios.get(url)``,
        ``axios(config)``): bounded per call or by ``axios.defaults``."""
        state = self._unbounded_call(ff, call, method)
        if state is None:
            return None
        what = f"`{_shown_callee(call)}()`"
        return Untimed(ff, call, "axios", _axios_msg(what, state))

    def _nest_call(self, ff: FileFacts, call: Call, cls: str) -> Untimed | None:
        """A request through @nestjs/axios's ``HttpService`` injected into class
        ``cls`` (``this.httpService.get(url)``, ``this.httpService.axiosRef.get(url)``):
        axios, bounded per call, by the ``HttpModule`` of the Nest module that
        provides the class, or by ``axios.defaults``."""
        state = self._unbounded_call(ff, call, call.method)
        if state is None:
            return None
        got = self.nest.module_state(ff, cls)
        if got is None:
            return None
        base, mff, item, module = got
        if base == "disabled":
            state = "disabled"
        how = "`HttpModule.register()` with no timeout" if item.k == CALL else "`HttpModule` with no `register({ timeout })`"
        what = f"`{_shown_callee(call)}()` (the @nestjs/axios `HttpService` of `{module}`, which imports {how})"
        msg = _axios_msg(what, state, "on the HttpModule")
        said = f"`{module}` imports `HttpModule` here without a timeout"
        made = MadeWithout(mff.path, item.line, said, said)
        return Untimed(ff, call, "axios", msg, [made.related()], made)

    def _instance_call(self, ff: FileFacts, call: Call, inst: tuple[FileFacts, Call] | None, recv: str, method: str) -> Untimed | None:
        """A request through the axios instance ``inst`` (its ``axios.create``
        call), made as ``recv.method(...)`` (``method`` '' when the instance is
        called itself)."""
        if method and method not in (*_AXIOS_URL_CONFIG, *_AXIOS_DATA_CONFIG, "request"):
            return None
        if inst is None or self.global_default:
            return None
        iff, create = inst
        if (iff.path, (create.assigned or "").rsplit(".", 1)[-1]) in self.instance_defaults:
            return None
        if (ff.path, call.recv.rsplit(".", 1)[-1]) in self.instance_defaults:
            return None
        base = _timeout_state(self.project, iff, create.args[0] if create.args else None)
        if base == "unknown" or base == "set":
            return None
        state = self._unbounded_call(ff, call, method)
        if state is None:
            return None
        inst_name = _instance_name(create, recv)
        shown = f"{recv}.{method}" if method else recv
        what = f"`{shown}()` on the axios instance `{inst_name}` (created without timeout)"
        if base == "disabled":
            state = "disabled"
        made = _instance_made("axios", iff.path, create.line, inst_name)
        return Untimed(ff, call, "axios", _axios_msg(what, state), [made.related()], made)

    def _unbounded_call(self, ff: FileFacts, call: Call, method: str) -> str | None:
        """The timeout state of an axios request's own config (``missing``,
        ``disabled``...); None when ``axios.defaults``, the config or something
        it cannot name bounds it."""
        if self.global_default:
            return None
        config = self._config(ff, call, method)
        if config is False:
            return None
        state = _axios_call_state(self.project, ff, config)  # type: ignore[arg-type]
        return None if state in ("set", "unknown") else state

    def _config(self, ff: FileFacts, call: Call, method: str) -> Val | None | bool:
        """The request config value (None = not given, False = not a request)."""
        args = call.args
        if method == "":
            if not args:
                return None
            first = self.project.resolve(ff, args[0])
            if first.k == OBJ or (len(args) == 1 and _config_named(first)):
                # `axios(config)`; `axios(reqPayload)` of a parameter or a builder's
                # result (`axios(buildRequest(url))`): a config whose timeout is not known
                return args[0]
            return args[1] if len(args) > 1 else None
        if method == "request":
            return args[0] if args else None
        if method in _AXIOS_URL_CONFIG:
            return args[1] if len(args) > 1 else None
        if method in _AXIOS_DATA_CONFIG:
            return args[2] if len(args) > 2 else None
        return False


_LIBRARY = "library"  # what `_Axios._local_client` answers for the axios module a getter returns


def _returns_module(project: Project, ff: FileFacts, fn: Func, module: str) -> bool:
    """Function ``fn`` hands out the module ``module`` itself, loaded lazily or
    imported (``getAxios () { const axios = require('axios'); return axios }``,
    ``() => require('axios')``): its returned call is ``require(module)``, or
    every variable it returns is bound to one (in the function or the module)
    or, bound nowhere, is the module's import."""
    def loads(c: Call) -> bool:
        return c.callee in ("require", "import") and bool(c.args) and c.args[0].k == STR and c.args[0].v == module
    if any(c.func == fn.id and c.assigned == "return" for c in ff.calls):
        return any(c.func == fn.id and c.assigned == "return" and loads(c) for c in ff.calls) and \
            all(c.func != fn.id or c.assigned != "return" or loads(c) for c in ff.calls)
    names = [name for fid, name in (ff.extra or {}).get("return_names") or () if fid == fn.id]
    if not names:
        return False
    for name in names:
        bound = assigned_before(project, ff, fn.id, name, fn.end_line) or assigned_before(project, ff, "", name, fn.line)
        if bound:
            if not loads(bound[-1]):
                return False
        elif _norm(ff.imports.get(name, "")) != module:
            return False
    return True


def _config_named(v: Val) -> bool:
    """A variable, parameter or builder's result (``reqPayload``, ``options``,
    ``buildRequestConfig(...)``) whose name says it holds a request's options,
    not its URL (``url``, ``requestUrl``, ``getEndpoint(...)``)."""
    if v.k not in (IDENT, CALL):
        return False
    name = last_name(v.v)
    return bool(_OPTIONS_NAME.search(name)) and not _URL_NAME.search(name)


_URL_NAME = lazy_re(r"ur[li]|href|endpoint|link|path|route", re.I)


# `(0, axios_1.default)(...)`, `await (0, _axios.default)(...)`: compiled TypeScript's indirect call
_INDIRECT_CALL = lazy_re(r"^(?:await\s+)?\(\s*0\s*,\s*([\w$.]+)\s*\)")


def _call_name(call: Call, callee: str) -> str:
    """How a message names the call: its text up to the arguments, or the
    resolved callee for a compiled import call (`(0, got_1.default)(url)`,
    also awaited: `got()`); a chain broken over lines before its method
    (`await got\n  .post(url)`: the text is the first line only) by its
    receiver and method, as ``_shown_callee`` does for axios."""
    head = _AWAIT.sub("", call.text.split("(", 1)[0].strip())
    if head and call.method and call.recv and not head.endswith(call.method):
        return f"{_AWAIT.sub('', call.recv)}.{call.method}"
    return head or callee


_AWAIT = lazy_re(r"^await(?:\s+|$)")


def _shown_callee(call: Call) -> str:
    m = _INDIRECT_CALL.match(call.text)
    if m:
        return m.group(1)
    shown = call.text.split("(", 1)[0].strip()
    if call.method and call.recv and not shown.endswith(call.method):
        # a chain broken over lines (`axios\n  .post(url)`): the text is the first line only
        return f"{call.recv}.{call.method}"
    return shown


def _axios_msg(what: str, state: str, where: str = "on the instance") -> str:
    if state == "disabled":
        return f"{what} sets timeout: 0, which means no timeout: a slow or hung upstream holds this request (and the caller waiting on it) forever"
    return f"{what} has no timeout (none per call, {where} or in axios.defaults): {_AXIOS_WAITS}"


_AXIOS_WAITS = "axios waits forever by default, so a slow or hung upstream holds this request, its socket and whoever awaits it until the process restarts"


# --------------------------------------------------------------------------- fetch / got
def _fetch(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    callee = _norm(call.callee)
    if callee.startswith("./") and "fetch" in last_name(callee).lower():
        callee = _norm(_reexported_import(project, callee))
    if callee.endswith("node-fetch-http-proxy") or callee.endswith("/node-fetch"):
        callee = "node-fetch"  # a node-fetch fork or wrapper (@formio/node-fetch-http-proxy) plays its role
    if callee not in _FETCHES or call.new:
        return None
    if callee == "fetch" and _shadowed(project, ff, call, "fetch"):
        return None
    if not call.args:
        return None
    first = call.args[0]
    if first.k == CALL and first.v.endswith("Request"):
        return None  # a Request object may carry its own signal
    if first.k in (STR, TMPL) and first.v.startswith("/") and not first.v.startswith("//"):
        return None  # a relative URL: browser code
    keys = ("signal", "timeout") if callee != "fetch" else ("signal",)
    opts = call.args[1] if len(call.args) > 1 else None
    resolved = project.resolve(ff, opts) if opts is not None else None
    if (callee == "fetch" and resolved is not None and resolved.k == OBJ and resolved.keys and ("credentials" in resolved.keys or "mode" in resolved.keys)
            and not runs_in_node(project, ff)):
        return None  # cookies and CORS mode: a page's fetch (Node ignores both), unless no bundle could load the module
    state = _timeout_state(project, ff, opts, keys)
    if state != "absent":
        return None
    name = _shown_callee(call) or callee
    undici = callee in ("fetch", "globalThis.fetch", "global.fetch", "undici.fetch")
    if undici:  # undici: 300 s headers timeout
        wait = "upstream holds this request open for minutes (Node waits up to 300 s for headers, then as long as the body trickles)"
    else:  # node-fetch, cross-fetch...: no limit at all unless the caller sets one
        wait = "upstream holds this request, its socket and whoever awaits it indefinitely"
    dispatcher = resolved.keys.get("dispatcher") if resolved is not None and resolved.k == OBJ and resolved.keys else None
    if undici and dispatcher is None and _global_dispatcher_bounded(project, ff):
        return None  # setGlobalDispatcher(new Agent({headersTimeout, bodyTimeout})): every fetch of the process without a dispatcher of its own
    if undici and dispatcher is not None:  # (the call's own dispatcher replaces the global one)
        if _dispatcher_state(project, ff, dispatcher) != "connect":
            return None  # an undici Agent/Pool with headersTimeout/bodyTimeout, or one we cannot see
        return Untimed(ff, call, "fetch", f"`{name}()` is called without a signal and its dispatcher `{dispatcher.v or '…'}` bounds at most the "
                       f"connect phase (no `headersTimeout`/`bodyTimeout`), so a slow or hung {wait}")
    global_at = _connect_only_global_dispatcher(project, ff) if undici else None
    if global_at is not None:
        # `setGlobalDispatcher(new Agent({ connect: { timeout } }))`, meant to bound every fetch of the process
        where = f"{global_at[0]}:{global_at[1]}"
        return Untimed(ff, call, "fetch", f"`{name}()` is called without a signal and the global dispatcher installed with `setGlobalDispatcher` "
                       f"({where}) bounds at most the connect phase (no `headersTimeout`/`bodyTimeout`), so a slow or hung {wait}",
                       related=[Related(global_at[0], global_at[1], "global dispatcher installed here: it bounds only connecting, "
                                        "not the wait for headers or body")])
    return Untimed(ff, call, "fetch",
                   f"`{name}()` is called without a signal (e.g. AbortSignal.timeout(ms)): fetch has no timeout of its own, so a slow or hung {wait}")


_REQUIRE_CALL = lazy_re(r"""^require\(\s*['"]([^'"./][^'"]*)['"]\s*\)$""")


def _reexported_import(project: Project, callee: str) -> str:
    """The package a project module hands on under an exported name:
    ``util.fetch(url)`` where util.js does ``const fetch =
    require('node-fetch'); module.exports = { fetch }`` (or ``exports.fetch =
    require('node-fetch')``) is ``node-fetch``; ``callee`` itself when the
    export is the module's own function or cannot be read."""
    target = module_and_attr(project, callee, value=True)
    if target is None or not target[1] or "." in target[1] or not target[0].extra:
        return callee
    tf, attr = target
    exports = tf.extra.get("exports") or {}
    local = exports.get(attr)
    whole = exports.get("default")
    if local is None and isinstance(whole, str) and whole.isidentifier():
        # `const Utils = { ..., fetch }; module.exports = Utils;` (formio's src/util/util.js)
        obj = tf.consts.get(whole)
        member = obj.keys.get(attr) if obj is not None and obj.k == OBJ and obj.keys else None
        if member is not None and member.k == IDENT and not member.v.startswith("./"):
            return tf.imports.get(member.v, member.v) if member.v.isidentifier() else member.v
        return callee
    if not isinstance(local, str):
        return callee
    m = _REQUIRE_CALL.match(local)
    if m is not None:
        return m.group(1)
    return tf.imports.get(local, callee) if local.isidentifier() else callee


_UNDICI_DISPATCHERS = frozenset({"Agent", "Pool", "Client", "BalancedPool", "ProxyAgent", "RetryAgent", "EnvHttpProxyAgent"})


def _dispatcher_state(project: Project, ff: FileFacts, val: Val) -> str:
    """'bounded' | 'connect' | 'unknown' for an undici dispatcher value: an
    ``Agent``/``Pool``/... created with ``headersTimeout`` or ``bodyTimeout``
    bounds the request; one created without them (``connect: {timeout}`` at
    most, or a proxy URL) leaves undici's 300 s defaults; anything else is not
    ours to judge."""
    ctor = project.call_of(ff, val) if val.k == CALL else None
    if ctor is None and val.k == IDENT:
        made = [c for c in ff.calls if c.new and c.assigned and c.assigned.rsplit(".", 1)[-1] == val.v.rsplit(".", 1)[-1]]
        ctor = made[-1] if len(made) == 1 else None
    if ctor is None or not ctor.new or last_name(ctor.callee) not in _UNDICI_DISPATCHERS or "undici" not in ctor.callee:
        return "unknown"
    if not ctor.args:
        return "connect"
    opts = project.resolve(ff, ctor.args[0])
    if opts.k in (STR, TMPL):
        return "connect"  # new ProxyAgent(url)
    if opts.k != OBJ or opts.keys is None or opts.open:
        return "unknown"
    return "bounded" if "headersTimeout" in opts.keys or "bodyTimeout" in opts.keys else "connect"


@per_project
def _global_dispatchers(project: Project) -> tuple[tuple[str, str, int], ...]:
    """The project's ``setGlobalDispatcher(...)`` calls, as (state, path,
    line): the state of the dispatcher each installs (:func:`_dispatcher_state`)."""
    return tuple(
        (_dispatcher_state(project, ff, c.args[0]), ff.path, c.line)
        for ff in project.code_files() if ff.lang != "py" and "undici" in ff.modules
        for c in ff.calls if c.args and last_name(c.callee) == "setGlobalDispatcher"
    )


def _global_dispatcher_bounded(project: Project, ff: FileFacts) -> bool:
    """``ff``'s service installs ``setGlobalDispatcher(new Agent({headersTimeout,
    bodyTimeout}))`` (or a dispatcher we cannot see): Node's fetch uses it in
    that service's process, not in another service's."""
    svc = project.service_of(ff.path)
    return any(state != "connect" and project.service_of(path) == svc for state, path, _line in _global_dispatchers(project))


def _connect_only_global_dispatcher(project: Project, ff: FileFacts) -> tuple[str, int] | None:
    """Where ``ff``'s service installs a global dispatcher that bounds at most
    the connect phase (``setGlobalDispatcher(new Agent({connect: {timeout}}))``):
    Node's fetch still waits 300 s for headers and for each body chunk."""
    svc = project.service_of(ff.path)
    return next(((path, line) for state, path, line in _global_dispatchers(project)
                 if state == "connect" and project.service_of(path) == svc), None)


def _shadowed(project: Project, ff: FileFacts, call: Call, name: str) -> bool:
    if name in ff.imports:
        return True
    if any(not f.cls for f in project.funcs_named(ff, name)):
        return True
    if name in _assign_index(ff)[2]:
        return True
    return any(name in f.params for f in project.scopes(ff, call.func))


_GOT_EXTENDS = ("got.extend", "got.got.extend")


def _got_options(call: Call) -> Val | None:
    """The options of a got request: ``got({url, ...})`` or ``got(url, options)``."""
    return call.args[0] if call.args and call.args[0].k == OBJ else (call.args[1] if len(call.args) > 1 else None)


def _untimed_extend(project: Project, ff: FileFacts, ext: Call | None, short: str) -> MadeWithout | None:
    """Where the got instance ``short`` is made by ``ext`` (``got.extend(...)``)
    with no timeout, or None when ``ext`` is unknown or gives one."""
    if ext is None or _timeout_state(project, ff, ext.args[0] if ext.args else None) != "absent":
        return None
    return _instance_made("got", ff.path, ext.line, short)


@per_project
def _got_factories(project: Project) -> frozenset[str]:
    """Names of the project's JS functions that return a new got instance
    (``const getClient = ({ token }) => got.extend({ headers })``)."""
    return frozenset(f.name for ff in project.parsed_code_files() if ff.lang != "py" and "got" in ff.modules
                     for f in ff.funcs for c in _factory_extends(ff, f.id)[:1])


def _factory_extends(ff: FileFacts, fid: str) -> list[Call]:
    """The ``got.extend(...)`` call function ``fid`` returns, when it makes
    just one (in a list: empty when it makes none, several or keeps it)."""
    made = [c for c in ff.calls if c.func == fid and _norm(c.callee) in _GOT_EXTENDS]
    return made if len(made) == 1 and made[0].assigned == "return" else []


def _extends_untimed(project: Project, ff: FileFacts, ext: Call) -> bool:
    """``got.extend(...)`` gives no timeout in any of its options."""
    return all(_timeout_state(project, ff, a) == "absent" for a in ext.args)


_IDENT = lazy_re(r"[A-Za-z_$][\w$]*")


def _factory_got(project: Project, ff: FileFacts, call: Call) -> tuple[MadeWithout, str, str] | None:
    """A request through a got instance a project function makes and returns
    (``getClient({ token }).get(url)``, ``const client = getClient({ token });
    client.stream.get(url)``; the function in this module or imported): where
    that instance is made without a timeout, how the message names the
    request and the function; None otherwise (a parameter, a function that returns anything else)."""
    recv = call.recv.removesuffix(".stream") if call.method in _GOT_VERBS else call.recv
    if call.method not in _GOT_METHODS or not recv:
        return None
    if _IDENT.fullmatch(recv):
        if last_name(call.recv_type) not in _got_factories(project):
            return None
        getter = _bound_call(project, ff, call, recv)
    else:
        head, _, rest = _norm(call.callee).partition("().")
        if rest not in (call.method, f"stream.{call.method}") or last_name(head) not in _got_factories(project):
            return None
        getter = next((c for c in ff.calls if c.line == call.line and c.col == call.col and c is not call and _norm(c.callee) == head), None)
    targets = callee_funcs(project, ff, getter) if getter is not None and not getter.method else []
    made = [(tf, fn, ext) for tf, fn in targets for ext in _factory_extends(tf, fn.id)]
    if not made or len(made) != len(targets):
        return None
    tf, fn, ext = made[0]
    if not _extends_untimed(project, tf, ext):
        return None
    said = f"`{fn.name}()` makes a got instance here without a timeout"
    return MadeWithout(tf.path, ext.line, f"got instance that `{fn.name}()` returns created here without timeout", said), f"{_AWAIT.sub('', call.recv)}.{call.method}", fn.name


def _imported_got(project: Project, ff: FileFacts, call: Call) -> MadeWithout | None:
    """A request through a got instance that a project module exports
    (``module.exports = got.extend({...})``, then ``const got =
    require('./utils/got'); got.get(url)``): where that instance is made
    without a timeout, or None."""
    if call.method:
        recv = call.recv.removesuffix(".stream") if call.method in _GOT_VERBS else call.recv  # `got.stream.get(url)`
        imp = ff.imports.get(recv, "") if call.method in _GOT_METHODS else ""
    else:
        imp = call.callee if call.callee in ff.imports.values() else ""
    inst = _exported_instance(project, imp, _GOT_EXTENDS) if imp else None
    if inst is None:
        return None
    iff, ext = inst
    if ext.func:
        return None  # made in a function (a factory's result): not the module's own instance
    return _untimed_extend(project, iff, ext, _instance_name(ext, call.recv or call.callee.rsplit("/", 1)[-1]))


def _module_spec(ff: FileFacts) -> str:
    """How an import resolved by the frontend names the module ``ff`` (``./lib/utils/got``)."""
    stem = ff.path.rsplit(".", 1)[0]
    return "./" + stem.removesuffix("/index")


def _got_instance_users(project: Project, parsed: list[FileFacts]) -> list[FileFacts]:
    """The JS/TS modules the prefilter left unparsed whose text names a module
    of ``parsed`` that exports a got instance made without a timeout (rsshub's
    ``utils/got.js``) or has a function that makes one (``getClient()``), parsed now: their requests through it have no trigger
    token of their own (``got.get(url)`` with ``require('../utils/got')``).
    Only a text spelling the module's path (``/got``) is parsed, not every one
    that spells the word ``got``."""
    stems = []
    for ff in parsed:
        if any(_norm(c.callee) in _GOT_EXTENDS for c in ff.calls):
            inst = _exported_instance(project, _module_spec(ff), _GOT_EXTENDS)
            made = inst is not None and not inst[1].func and _untimed_extend(project, inst[0], inst[1], "") is not None
            if made or any(_extends_untimed(project, ff, ext) for f in ff.funcs for ext in _factory_extends(ff, f.id)):
                stems.append(ff.path.rsplit("/", 1)[-1].split(".", 1)[0])
    if not stems:
        return []
    return [project.full(g) for g in project.code_files()
            if g.shallow and g.lang != "py" and any(project.may_mention(g.path, "/" + stem) for stem in stems)]


def _got(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    callee = _norm(call.callee)
    made: MadeWithout | None = None
    factory = _factory_got(project, ff, call) if call.method else None
    if factory is not None:
        made, shown, fn = factory
        if _timeout_state(project, ff, _got_options(call)) != "absent":
            return None
        return Untimed(ff, call, "got", f"`{shown}()` goes through a got instance that `{fn}()` makes without a timeout, and sets none of its "
                       "own: got waits forever by default, so a slow or hung upstream holds this request and whoever awaits it until the process restarts",
                       [made.related()], made)
    if "got" not in ff.modules:
        made = _imported_got(project, ff, call) if callee.startswith("./") else None
        if made is None:
            return None
        opts = _got_options(call)
    else:
        if callee == "got.got" or callee.startswith("got.got."):
            callee = callee[4:]  # got >= 12's named export is the default instance: `import { got } from 'got'`
        if callee == "got" or (callee.startswith("got.") and callee[4:] in _GOT_METHODS) or (callee.startswith("got.stream.") and callee[11:] in _GOT_VERBS):
            opts = _got_options(call)
        elif call.recv_type in ("got.extend", "got.default.extend", "got.got.extend") and call.method in (*_GOT_METHODS, ""):
            recv = call.recv.removesuffix(".stream") if call.method in _GOT_VERBS else call.recv  # `api.stream.get(url)`
            short = recv.rsplit(".", 1)[-1]
            ext = next((c for c in ff.calls if c.method == "extend" and c.assigned and c.assigned.rsplit(".", 1)[-1] == short), None)
            made = _untimed_extend(project, ff, ext, short)
            if made is None:
                return None
            opts = call.args[1] if len(call.args) > 1 else None
        else:
            return None
    state = _timeout_state(project, ff, opts)
    if state != "absent":
        return None
    name = _call_name(call, callee)
    return Untimed(ff, call, "got", f"`{name}()` has no timeout: got waits forever by default, so a slow or hung upstream holds this request "
                   "and whoever awaits it until the process restarts", [made.related()] if made is not None else [], made)


# --------------------------------------------------------------------------- superagent
_SUPERAGENT_VERBS = frozenset({"get", "post", "put", "patch", "delete", "del", "head", "options"})
_SENT_BY = frozenset({"then", "end", "catch", "finally", "pipe"})


def _superagent(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """superagent builds a request in a chain and sends it when the chain is
    awaited or ended (``.then()``, ``.end(cb)``); it has no default timeout.
    A ``.timeout(...)`` anywhere in the chain, or on the variable the request
    is kept in, bounds it.  A chain handed back to the caller unsent
    (``return superagent.get(url)``) is the caller's to bound."""
    if "superagent" not in ff.modules or call.new:
        return None
    callee = _norm(call.callee)
    if not (callee == "superagent" or (callee.startswith("superagent.") and callee[11:] in _SUPERAGENT_VERBS)) or not call.args:
        return None
    chain = chained_on(ff, call)
    if any(c.method == "timeout" for c in chain):
        return None
    outer = max(chain, key=lambda c: len(c.callee), default=call)
    if not (outer.awaited or any(c.method in _SENT_BY for c in chain)):  # (`.pipe(out).on('finish', ...)`: sent by the pipe)
        return None  # kept in a variable, returned or passed on unsent: sent, and maybe bounded, elsewhere
    name = _call_name(call, callee)
    return Untimed(ff, call, "superagent", f"`{name}()` has no timeout: superagent waits forever by default unless the chain sets "
                   "`.timeout({response, deadline})`, so a slow or hung upstream holds this request and whoever awaits it until the process restarts")


# --------------------------------------------------------------------------- request (the npm package)
_REQUEST_LIBS = ("request", "request-promise", "request-promise-native", "postman-request", "@cypress/request", "requestretry", "retry-request")
_REQUEST_LIB_SET = frozenset(_REQUEST_LIBS)
_REQUEST_METHODS = frozenset({"get", "post", "put", "patch", "del", "delete", "head"})
_OPTIONS_NAME = lazy_re(r"opt|conf|param|settings|req", re.I)


def _joined_url(v: Val) -> bool:
    """A URL joined from strings: `` `http://api.example.com/x?a=${a}&` + `b=${b}` ``."""
    return v.k == OTHER and bool(_JOINED_URL.match(v.v))


_JOINED_URL = lazy_re(r"""^[`'"](?:https?:)?//[^`'"]*[`'"]\s*\+""")

# String methods that always return a string: `req.originalUrl.replace(/^\/_skimdb/, base)`
_STRING_METHODS = frozenset({"replace", "replaceAll", "concat", "trim", "trimStart", "trimEnd", "toLowerCase",
                             "toUpperCase", "substring", "substr", "padStart", "padEnd", "normalize", "toString"})


def _string_result(v: Val) -> bool:
    """A URL rewritten by a string method (``req.originalUrl.replace("/x", base)``):
    a string, never an options object."""
    return v.k == CALL and "." in v.v and v.v.rsplit(".", 1)[-1] in _STRING_METHODS


def _request(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """The ``request`` package (and its promise wrappers): ``request(url, cb)``,
    ``request({url, json: true}, cb)``, ``request.get(url, opts, cb)`` wait
    forever unless the options give a ``timeout``."""
    if not ff.modules or _REQUEST_LIB_SET.isdisjoint(ff.modules):
        return None
    callee = _norm(call.callee)
    lib = next((lib for lib in _REQUEST_LIBS if callee == lib or (callee.startswith(lib + ".") and callee[len(lib) + 1:] in _REQUEST_METHODS)), "")
    if not lib or call.new or not call.args:
        return None
    first = project.resolve(ff, call.args[0])
    if first.k == OBJ:
        opts: Val | None = call.args[0]
    elif first.k in (STR, TMPL) or (first.k == "ident" and not _OPTIONS_NAME.search(first.v.rsplit(".", 1)[-1])) or _joined_url(first) \
            or _string_result(first):
        # a URL; the options, if any, come second (a callback is no options)
        second = call.args[1] if len(call.args) > 1 else None
        opts = None
        if second is not None and project.resolve(ff, second).k == OBJ:
            opts = second
        elif second is not None and second.k == "ident" and _OPTIONS_NAME.search(second.v.rsplit(".", 1)[-1]):
            return None  # an options object we cannot see
    else:
        return None  # an options object we cannot see
    if _timeout_state(project, ff, opts) != "absent":
        return None
    name = callee if call.text.startswith(("require(", "(require(")) else _call_name(call, callee)
    return Untimed(ff, call, "request", f"`{name}()` has no timeout: the request package waits forever by default, so a slow or hung "
                   "upstream holds this request, its socket and the callback waiting on it until the process restarts")


def _untimed_by_options(project: Project, ff: FileFacts, call: Call, callees: tuple[str, ...], at: int, fallback: str) -> str | None:
    """How a message names ``call`` when it calls one of ``callees``, clients
    bounded only by a ``timeout`` in their options (argument ``at``), and
    those options give none; None otherwise (options it cannot read count as set)."""
    if call.new or not call.args or _norm(call.callee) not in callees:
        return None
    opts = call.args[at] if len(call.args) > at else None
    if _timeout_state(project, ff, opts) != "absent":
        return None
    return _shown_callee(call) or fallback


# --------------------------------------------------------------------------- nodemailer's fetch
_NODEMAILER_FETCH = ("nodemailer/lib/fetch", "nodemailer/lib/fetch/index", "nodemailer/lib/fetch/index.js")


def _nodemailer_fetch(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """nodemailer's own HTTP client, ``require('nodemailer/lib/fetch')`` (what
    mail servers built on nodemailer call: zone-mta's HTTP auth, bounce and
    rspamd plugins): ``fetch(url, {method, body, headers})`` returns the
    response stream and bounds the socket only when the options give
    ``timeout`` (it takes no signal)."""
    name = _untimed_by_options(project, ff, call, _NODEMAILER_FETCH, 1, "fetch")
    if name is None:
        return None
    return Untimed(ff, call, "nodemailer-fetch", f"`{name}()` (nodemailer/lib/fetch) has no timeout: nodemailer's fetch sets a socket "
                   "timeout only when its options give `timeout`, so a slow or hung upstream holds this request, its socket and the "
                   "stream's listeners (the callback waiting on them) until the process restarts")


# --------------------------------------------------------------------------- web-push
_WEB_PUSH_SEND = ("web-push.sendNotification",)


def _web_push(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """web-push's ``sendNotification(subscription, payload, options)``: its
    own ``https.request`` to the push service the subscription names gets a
    socket timeout only when the options give ``timeout`` (thelounge's
    ``WebPush.pushSingle``)."""
    name = _untimed_by_options(project, ff, call, _WEB_PUSH_SEND, 2, "sendNotification")
    if name is None:
        return None
    return Untimed(ff, call, "web-push", f"`{name}()` (web-push) has no timeout: web-push bounds its request to the push service "
                   "only when the options give `timeout`, so a push endpoint that accepts the connection and never answers holds "
                   "this request, its socket and the promise's handlers until the process restarts, one more for each notification "
                   "sent to it")


# --------------------------------------------------------------------------- Node's http/https
_NODE_HTTP = frozenset(f"{m}.{f}" for m in ("http", "https", "follow-redirects.http", "follow-redirects.https") for f in ("get", "request"))


# (compiled ES module interop picks `https_1.default : http_1.default`)
_PICKED_MODULE = lazy_re(r"^\(.*\?\s*([\w$]+)(?:\.default)?\s*:\s*([\w$]+)(?:\.default)?\s*\)$", re.S)


def _node_http_callee(ff: FileFacts, call: Call) -> str:
    """The function of Node's client ``call`` runs (``https.get``...), '' for any other call."""
    callee = _norm(call.callee).removeprefix("node:")
    if callee not in _NODE_HTTP and call.method in ("get", "request"):
        # `(secure ? https : http).request(...)`: Node's client either way
        m = _PICKED_MODULE.match(call.recv)
        if m is not None and {ff.imports.get(m.group(1), "").removeprefix("node:"), ff.imports.get(m.group(2), "").removeprefix("node:")} <= {"http", "https"}:
            callee = f"https.{call.method}"
    if callee not in _NODE_HTTP and call.method in ("get", "request") and not call.new and call.args and _required_by_protocol(ff, call):
        return f"https.{call.method}"
    if callee not in _NODE_HTTP or call.new or not call.args:
        return ""
    root = call.recv.split(".", 1)[0]
    if root.isidentifier() and root not in ff.imports and root != "this":
        return ""  # `http.get(url)` on a variable or parameter named http (renovate's own got wrapper), not Node's module
    return callee


# a URL's scheme with its colon cut off: `url.protocol.replace(':', '')`, `u.protocol.slice(0, -1)`
_PROTOCOL_NAME = lazy_re(r"^[\w$.]*\.protocol\.(?:replace|replaceAll|slice)$")


def _required_by_protocol(ff: FileFacts, call: Call) -> bool:
    """The receiver is the module the function (or one enclosing it) loaded by a URL's scheme
    (mountebank's ``models/mbConnection.js``: ``driver =
    require(parts.protocol.replace(':', ''))``, then ``driver.request(...)``):
    the only modules a URL's scheme names that way are Node's ``http`` and
    ``https``."""
    if call.recv_type != "require" or not call.recv.isidentifier():
        return False  # (the frontend types a name `require(<expression>)` assigns as "require")
    scopes = {f.id for f in scope_chain({f.id: f for f in ff.funcs}, call.func)} | {""} if call.func else {""}
    made = [c for c in ff.calls if c.assigned == call.recv and c.func in scopes and c.line <= call.line]
    if not made:
        return False
    last = max(made, key=lambda c: (c.line, c.col))
    arg = last.args[0] if last.callee == "require" and len(last.args) == 1 else None
    return arg is not None and arg.k == CALL and _PROTOCOL_NAME.match(arg.v) is not None


def _named_function(project: Project, ff: FileFacts, call: Call) -> Func | None:
    """The innermost named function around the call (a promise executor or a
    callback belongs to the function that made it; a module factory's other
    members do not); None at module level."""
    chain = scope_chain(project.funcs(ff), call.func)
    return next((f for f in chain if f.name != "<anon>"), chain[-1] if chain else None)


def _bounded_around(project: Project, ff: FileFacts, top: Func | None, option: bool = False, call: Call | None = None) -> bool:
    """In the function around the call, something ends the request when its
    time is up: ``req.setTimeout(5000, callback)``, a ``'timeout'`` listener
    beside a timeout (``req.setTimeout(5000)``, or the request's own
    ``timeout`` option: ``option``), or a timer that ends the request.  A
    timeout alone only makes Node emit ``'timeout'``: nothing ends it.  A
    ``setTimeout`` or ``'timeout'`` listener on something that cannot be the
    request ``call`` makes (see :func:`_not_the_request`) bounds nothing, nor
    does a timer that destroys such a thing."""
    around = project.calls_in(ff, top.id, nested=True) if top is not None else [c for c in ff.calls if not c.func]
    on_request = around
    if call is not None:
        others = _not_the_request(project, ff, top, call)
        on_request = [c for c in around if not others(c.recv)]
    armed = [c for c in on_request if c.method == "setTimeout" and c.recv]
    return (any(len(c.args) >= 2 for c in armed) or ((option or bool(armed)) and _listens_for_timeout(on_request))
            or _timer_ends_request(project.funcs(ff), around, on_request))


_TIMER_HOLDERS = frozenset({"global", "globalThis", "window"})
_TIMER_MODULES = frozenset({"timers", "timers/promises"})


def _not_the_request(project: Project, ff: FileFacts, top: Func | None, call: Call) -> Callable[[str], bool]:
    """Whether a receiver is no request ``call`` makes: the global object or
    the timers module (``global.setTimeout(() => poll(host), 5000)``, a
    reconnect timer), or a parameter of a function the call sits in, up to
    ``top`` -- a route handler's own ``res`` (``res.setTimeout(5000, () =>
    res.status(504).end())`` answers the client; the upstream request made
    beside it still waits forever) -- unless the call's result is assigned
    to that name."""
    params: set[str] = set()
    for f in scope_chain(project.funcs(ff), call.func) if call.func else []:
        params.update(f.params)
        if top is not None and f.id == top.id:
            break
    params.discard(call.assigned.split(".", 1)[0])

    def others(recv: str) -> bool:
        root = recv.split(".", 1)[0]
        return root in _TIMER_HOLDERS or ff.imports.get(root, "").removeprefix("node:") in _TIMER_MODULES or root in params

    return others


_TIMEOUT_LISTENERS = frozenset({"on", "once", "addListener", "prependListener", "prependOnceListener"})


def _listens_for_timeout(around: list[Call]) -> bool:
    """A ``'timeout'`` listener (``req.on('timeout', () => req.destroy())``, also chained on the request call)."""
    return any(c.method in _TIMEOUT_LISTENERS and c.args and c.args[0].k == STR and c.args[0].v == "timeout" for c in around)


def _picked_name(call: Call) -> str:
    """How a message names a call of the module picked by protocol: the code
    itself (``(options.secure ? https : http).request``), not ``https.request``
    -- the request goes out through ``http`` whenever the target is plain
    HTTP (configurable-http-proxy's error-page request).  '' for any other call."""
    if not call.method or _PICKED_MODULE.match(call.recv) is None:
        return ""
    return f"{' '.join(call.recv.split())}.{call.method}"


def _node_http(project: Project, ff: FileFacts, call: Call) -> Untimed | None:
    """Node's own client: ``https.get(url, cb)``, ``http.request({host, path})``
    have no timeout unless the options give one (``timeout``, ``signal``) or
    the code around them sets one (``req.setTimeout(ms)``, a timer that
    destroys or aborts the request)."""
    callee = _node_http_callee(ff, call)
    if not callee:
        return None
    first = project.resolve(ff, call.args[0])
    second = call.args[1] if len(call.args) > 1 else None
    if first.k == OBJ:
        opts: Val | None = call.args[0]
    elif first.k in (STR, TMPL, CALL) or (first.k == IDENT and not _OPTIONS_NAME.search(first.v.rsplit(".", 1)[-1])):
        opts = None
        if second is not None and project.resolve(ff, second).k == OBJ:
            opts = second
        elif second is not None and second.k == IDENT and _OPTIONS_NAME.search(second.v.rsplit(".", 1)[-1]):
            return None  # an options object we cannot see
    else:
        return None
    if _timeout_state(project, ff, opts, ("signal",)) != "absent":
        return None
    top = _named_function(project, ff, call)
    option = _timeout_state(project, ff, opts, ("timeout",))
    name = callee if call.text.startswith(("require(", "(require(")) else _picked_name(call) or _call_name(call, callee)
    if option == "set":
        if _bounded_around(project, ff, top, option=True, call=call):
            return None
        return Untimed(ff, call, "node-http",
                       f"`{name}()` sets a `timeout` option but nothing ends the request when it passes: Node then only emits "
                       "'timeout' on the request (no listener here destroys or aborts it), so a slow or hung upstream still holds "
                       "this request and whoever awaits it until the process restarts")
    if option != "absent" or _bounded_around(project, ff, top, call=call):
        return None
    return Untimed(ff, call, "node-http", f"`{name}()` has no timeout: {_NODE_HTTP_WAITS}")


_NODE_HTTP_WAITS = ("Node's HTTP client waits on a silent socket forever by default, so a slow or hung upstream holds this request "
                    "and whoever awaits it until the process restarts")


def _node_http_wrappers(project: Project, files: list[FileFacts]) -> list[Untimed]:
    """A function that hands its own options parameter to Node's client
    (parse-server's ``Auth/httpsRequest.js``: ``function get(options) { ...
    https.get(options, cb) ... }``) sets no timeout of its own, and what it is
    handed is not known there: each project call of it is judged by what it
    hands in, a URL string or an object with no ``timeout``/``signal`` (an
    options value of its own caller stays unknown).  Not when the function
    fills that parameter (``options.timeout = ...``), hands it to anything
    else (``Object.assign(options, defaults)``) or bounds the request."""

    def pick(ff: FileFacts, call: Call) -> tuple[str, Val] | None:
        callee = _node_http_callee(ff, call)
        first = call.args[0] if callee else None
        if first is None or len(call.args) > 1 and project.resolve(ff, call.args[1]).k == OBJ:
            return None  # (a URL and an options object of its own: judged by _node_http)
        return callee, first

    def untimed(sff: FileFacts, given: Val, raw: Val) -> bool:
        return given.k in (STR, TMPL) or _joined_url(given) or given.k == OBJ and _timeout_state(project, sff, raw, ("timeout", "signal")) == "absent"

    return _param_wrappers(project, files, pick, untimed, "node-http", _NODE_HTTP_WAITS)


def _axios_wrappers(project: Project, files: list[FileFacts], axios: "_Axios") -> list[Untimed]:
    """The same for the global axios: ``function send(requestOptions) { return
    axios(requestOptions) }`` (appium's grid registration) is judged at each
    project call by the config object handed in (one with no ``timeout`` or
    ``signal``); not when ``axios.defaults`` sets a timeout, nor for an
    instance (``axios.create``), judged where it is made."""
    if axios.global_default:
        return []

    def pick(ff: FileFacts, call: Call) -> tuple[str, Val] | None:
        callee = _norm(call.callee)
        if not (callee == "axios" or callee.startswith("axios.")) or "axios" not in ff.modules or axios._local_client(ff, call, "axios") is not False:
            return None
        config = axios._config(ff, call, callee[len("axios."):] if callee != "axios" else "")
        if not isinstance(config, Val) or _axios_call_state(project, ff, config) != "unknown":
            return None
        return callee, config

    def untimed(sff: FileFacts, given: Val, raw: Val) -> bool:
        return given.k == OBJ and _axios_call_state(project, sff, raw) == "absent"

    return _param_wrappers(project, files, pick, untimed, "axios", _AXIOS_WAITS)


def _param_wrappers(project: Project, files: list[FileFacts], pick: Callable[[FileFacts, Call], tuple[str, Val] | None],
                    untimed: Callable[[FileFacts, Val, Val], bool], lib: str, waits: str) -> list[Untimed]:
    """Functions that hand their own options-named parameter to a client call
    ``pick`` recognises (callee shown, the options value) and set no timeout
    on it: each project call of such a function whose argument ``untimed``
    judges unbounded is reported there."""
    out: list[Untimed] = []
    for ff in files:
        for call in ff.calls:
            got = pick(ff, call)
            if got is None:
                continue
            callee, first = got
            if first.k != IDENT or not _OPTIONS_NAME.search(first.v):
                continue
            top = _named_function(project, ff, call)
            if top is None or first.v not in top.params or _bounded_around(project, ff, top, call=call) or _fills_param(project, ff, top, first.v, call):
                continue
            idx = top.params.index(first.v)
            wrapper = f"{top.cls}.{top.name}" if top.cls else top.name
            for sff, site in _callers(project, ff, top):
                if sff.lang == "py" or idx >= len(site.args) or example_code(project, sff.path) or is_browser(project, sff) or in_desktop_app(project, sff):
                    continue
                given = project.resolve(sff, site.args[idx])
                if given.k == OBJ and first.v in (given.keys or {}):
                    continue  # `f({ options })` for `function f({ options })`: a destructured parameter, not the object handed in
                if not untimed(sff, given, site.args[idx]):
                    continue
                name = _call_name(site, site.callee)
                out.append(Untimed(sff, site, lib,
                                   f"`{name}()` has no timeout, and `{wrapper}()` ({ff.path}:{top.line}) hands its `{first.v}` straight to "
                                   f"`{callee}()`, which sets none: {waits}",
                                   [Related(ff.path, call.line, f"`{wrapper}()` calls `{callee}()` here")]))
    return out


def _callers(project: Project, ff: FileFacts, fn: Func) -> list[tuple[FileFacts, Call]]:
    """The project's calls of ``fn``, also in the JS/TS modules the prefilter
    left unparsed: one whose text names ``fn``'s module (its file name) is
    parsed now if it can call ``fn`` (parse-server's ``meetup.js``:
    ``httpsRequest.get({ host, path })`` with no trigger token of its own)."""
    sites = call_sites(project, ff, fn)
    stem = ff.path.rsplit("/", 1)[-1].split(".", 1)[0]
    for g in project.code_files():
        if not g.shallow or g.lang == "py" or g is ff or not project.may_mention(g.path, stem):
            continue
        full = project.full(g, fn.name, called=True)
        sites += [(full, c) for c in full.calls if last_name(c.callee) == fn.name and any(tf is ff and f.id == fn.id for tf, f in callee_funcs(project, full, c))]
    return sites


def _fills_param(project: Project, ff: FileFacts, top: Func, name: str, call: Call) -> bool:
    """Function ``top`` sets a timeout on its parameter ``name`` or hands it to
    another call than ``call`` (which may fill it)."""
    inside = project.calls_in(ff, top.id, nested=True)
    ids = {top.id} | {c.func for c in inside}
    if any(a[1] in ids and a[0] == f"{name}.timeout" for a in (ff.extra.get("assigns") or []) if isinstance(a, list) and len(a) >= 2):
        return True
    return any(c is not call and any(a.k == IDENT and a.v == name for a in c.args) for c in inside)


def _timer_ends_request(funcs: dict[str, Func], around: list[Call], enders: list[Call]) -> bool:
    """A ``destroy()``/``abort()`` (among ``enders``: not of a route handler's
    own ``res``) inside a timer's callback (``setTimeout(() =>
    req.destroy(), 5000)``); one in an error or a status branch ends nothing on
    time (nor does a ``'timeout'`` listener alone: the event needs a timeout set)."""
    timers: set[str] = set()
    for c in around:
        if c.callee == "setTimeout" or c.method == "setTimeout":
            timers.update(a.v for a in c.args if a.k == FN)
    for c in enders:
        if c.method not in ("destroy", "abort"):
            continue
        if any(f.id in timers for f in scope_chain(funcs, c.func)):
            return True
    return False


# --------------------------------------------------------------------------- public API
def never_named(project: Project, ff: FileFacts, fid: str) -> bool:
    """The call is in a module-private function that nothing in the project
    names (see the frontend's ``unnamed_private``: not its own module, and no
    other file's text spells it): code that never runs in the service (askbot's
    ``_compile_scripts_txt()``, which downloads Unicode's Scripts.txt to print
    the table kept in its module) blocks no worker."""
    unnamed = (ff.extra or {}).get("unnamed_private") if ff.lang == "py" else None
    if not unnamed or not fid:
        return False
    chain = project.scopes(ff, fid)
    fn = chain[-1] if chain else None
    if fn is None or fn.name not in unnamed:
        return False
    return not any(project.may_mention(g.path, fn.name) for g in project.files.values() if g is not ff and g.lang != "compose")


def _may_report(project: Project, ff: FileFacts) -> bool:
    """A JS/TS module whose requests can hold a server's capacity (not a demo,
    a mock, browser code or an Electron desktop app)."""
    return not example_code(project, ff.path) and not is_mock(ff) and not is_browser(project, ff) and not in_desktop_app(project, ff)


def untimed_calls(project: Project) -> list[Untimed]:
    got = project.__dict__.get("_rs_untimed")
    if got is not None:
        return got
    out = _python(project)
    axios = _Axios(project)
    js = [ff for ff in project.parsed_code_files() if ff.lang != "py" and _may_report(project, ff)]
    for ff in js + [g for g in _got_instance_users(project, js) if _may_report(project, g)]:
        for call in ff.calls:
            hit = (axios.check(ff, call) or _fetch(project, ff, call) or _got(project, ff, call) or _superagent(project, ff, call) or _request(project, ff, call) or _node_http(project, ff, call)
                   or _nodemailer_fetch(project, ff, call) or _web_push(project, ff, call))
            if hit is not None:
                out.append(hit)
    out.extend(_node_http_wrappers(project, js))
    out.extend(_axios_wrappers(project, js, axios))
    # a command-line command or management command: a stalled call holds the
    # operator's terminal, not a server's workers (so does a call in the
    # `__main__` block of a module that serves nothing); a SIGALRM watchdog or a
    # green thread's timeout ends the wait
    out = [u for u in out if not run_by_hand(project, u.ff, u.call.func) and not main_block_call(project, u.ff, u.call)
           and not never_named(project, u.ff, u.call.func)
           and not alarm_bounded(project, u.ff, u.call) and not green_bounded(project, u.ff, u.call)]
    out.sort(key=lambda u: (u.ff.path, u.call.line, u.call.col))
    project.__dict__["_rs_untimed"] = out
    return out

