"""Kubernetes API calls that can wait forever (RS905).

The official ``kubernetes`` Python client's generated API classes
(``CoreV1Api``, ``AppsV1Api``...) make one HTTP request per method call
(``list_node()``, ``read_namespaced_pod()``...).  Their REST layer hands
urllib3 ``timeout=None`` unless the call passes ``_request_timeout``: an
explicit None, so neither urllib3's default nor ``socket.setdefaulttimeout()``
bounds it, and an API server that stops answering holds the call forever.

Not reported: a call given ``_request_timeout`` (or ``**kwargs``), and any
call of a project that subclasses the client's ``ApiClient`` or its REST
client (such a subclass usually injects a default timeout), and the asyncio
port (``kubernetes_asyncio``, whose default is 5 minutes).

A watch (``Watch().stream(v1.list_namespaced_pod, ...)``) is judged the same
way: ``timeout_seconds`` is a limit the API server enforces by ending the
stream, which a dropped or half-open connection never delivers, so without
``_request_timeout`` the stream waits for the next event forever
(kubernetes-client/python#1148).
"""

from __future__ import annotations

from ..facts import IDENT, Call
from ..lazyre import lazy_re
from ._resolve import built_in_place

# `kubernetes.client.CoreV1Api`, `kubernetes.client.api.core_v1_api.CoreV1Api`
# (`kubernetes.client.apis...` in old releases); not `ApiClient`
_API_CLASS = lazy_re(r"^kubernetes\.client\.(?:apis?\.\w+\.)?[A-Z]\w*Api$")
KUBE_CLIENT_ROOTS = (  # a project subclass of these may add a default timeout
    "kubernetes.client.ApiClient", "kubernetes.client.api_client.ApiClient", "kubernetes.client.rest.RESTClientObject")


def kube_api_class(call: Call, attr_ctor: str = "") -> str:
    """The kubernetes API class whose method ``call`` calls (``v1.list_node()``,
    ``client.CoreV1Api().list_node()``, ``self.api.list_node()`` where the class
    body makes it), '' for anything else."""
    if not call.method or call.method.startswith("_"):
        return ""
    for cand in (call.recv_type, attr_ctor, call.callee.rpartition(".")[0].removesuffix("()") if call.callee.endswith(f".{call.method}") else ""):
        if cand and _API_CLASS.match(cand):
            return cand
    return ""


def is_kube_api_ctor(callee: str) -> bool:
    """``callee`` constructs a kubernetes API class (``kubernetes.client.CoreV1Api``)."""
    return bool(callee) and _API_CLASS.match(callee) is not None


def called_expr(call: Call) -> str:
    """The called expression as written, up to the API method
    (``client.CoreV1Api().list_node`` for a chained call, not the
    constructor ``client.CoreV1Api`` before its first parenthesis)."""
    text, method = call.text, call.method
    i = text.find(f".{method}(")
    if i >= 0:
        head = text[: i + len(method) + 1]
    else:  # (the call's text may stop at the end of its first line)
        head = text.split("(", 1)[0].strip()
        if head.rsplit(".", 1)[-1] != method:
            head += ("()" if call.callee.removesuffix(f".{method}").endswith(")") else "") + f".{method}"
    return " ".join(head.split()).replace(" .", ".").replace("( ", "(").replace(" )", ")")


def kube_untimed_message(call: Call, state: str) -> str:
    """The finding's message for a kubernetes API call whose ``_request_timeout``
    state (see ``_py_timeout``) is ``state`` ('absent' or 'none')."""
    head = called_expr(call)
    given = "is given `_request_timeout=None`" if state == "none" else "has no `_request_timeout`"
    return (f"`{head}()` (a kubernetes client API call) {given}: the client then hands urllib3 an explicit timeout of None, "
            "which socket.setdefaulttimeout() does not bound, so a Kubernetes API server that stops answering (a control-plane "
            "failover, a half-open connection behind a load balancer) blocks this call and the loop or worker running it forever")


_WATCH_CLASSES = frozenset({"kubernetes.watch.Watch", "kubernetes.watch.watch.Watch"})
# the list functions a watch streams (`list_namespaced_pod`, `list_cluster_custom_object`)
_LIST_METHOD = lazy_re(r"^list_\w")


def kube_watch_stream(call: Call) -> str:
    """The list function a kubernetes watch streams (``v1.list_namespaced_pod``
    in ``Watch().stream(v1.list_namespaced_pod, "default")`` or
    ``w.stream(...)`` where ``w = watch.Watch()``), '' for any other call."""
    if call.method != "stream" or not call.args or call.args[0].k != IDENT:
        return ""
    if call.recv_type not in _WATCH_CLASSES and built_in_place(call) not in _WATCH_CLASSES:
        return ""
    fn = call.args[0].v
    return fn if _LIST_METHOD.match(fn.rpartition(".")[2]) else ""


def kube_watch_message(call: Call, listed: str, state: str) -> str:
    """The finding's message for a kubernetes watch of ``listed`` whose
    ``_request_timeout`` state (see ``_py_timeout``) is ``state``."""
    head = called_expr(call)
    given = "is given `_request_timeout=None`" if state == "none" else "has no `_request_timeout`"
    server = ("its `timeout_seconds` is enforced by the API server, by ending the stream, which a dropped or half-open "
              "connection never delivers" if "timeout_seconds" in call.kwargs else "it sets no `timeout_seconds` either")
    return (f"`{head}({listed.removeprefix('kubernetes.client.')}, ...)` (a kubernetes watch) {given}: {server}, and the client hands urllib3 "
            "an explicit timeout of None, so after a control-plane failover or a connection dropped by a load balancer the "
            "stream waits for its next event forever and the loop running it stops seeing changes without an error "
            "(pass `_request_timeout` a little above `timeout_seconds` and restart the watch when it times out)")
