"""gRPC client calls that can wait forever (RS905).

A generated gRPC stub (``FooStub(channel)`` from a ``foo_pb2_grpc`` module)
makes one RPC per method call (``stub.Predict(request)``).  gRPC Python sets
no deadline unless the call passes ``timeout=``: a server that accepts the
call and never answers (a handler stuck on a lock or a slow dependency, a
connection dropped without a reset, which the client's keepalive, off by
default, never probes) holds the caller forever.

Judged only where the answer is known: the stub's generated module is part
of the project, so the method is known to return a single response
(``unary_unary`` or ``stream_unary`` in the stub's ``__init__``); a
server-streaming or bidirectional method is a subscription that is meant to
stay open, and a stub from a module outside the project is not judged.

Not reported: a call given ``timeout=`` (or ``**kwargs``); any call of a
project that intercepts its channels (``grpc.intercept_channel``, an
``interceptors=`` argument of a ``grpc.aio`` channel: an interceptor can add
a deadline to every call)
or names a service config (``grpc.service_config``, whose ``methodConfig``
can give every method a timeout).
"""

from __future__ import annotations

from ..facts import STR, Call, FileFacts
from ..lazyre import lazy_re
from ..project import Project
from ._kubeclient import called_expr
from ._memo import per_project
from ._resolve import built_in_place

# `seldon_core.proto.prediction_pb2_grpc.ModelStub` (or `./pkg/x_pb2_grpc.FooStub`)
_STUB_CTOR = lazy_re(r"^(?P<mod>[\w./]*_pb2_grpc)\.(?P<cls>\w+Stub)$")
# the kinds of RPC a generated stub's __init__ binds, and whether it answers once
_KINDS = {"unary_unary": True, "stream_unary": True, "unary_stream": False, "stream_stream": False}


def grpc_unary_call(project: Project, call: Call) -> str:
    """The generated stub class (``prediction_pb2_grpc.ModelStub``) whose
    single-response method ``call`` calls (``stub.Predict(request)``, ``stub``
    made from that class, or ``ModelStub(channel).Predict(request)``), ''
    for anything else."""
    if not call.method:
        return ""
    ctor = call.recv_type or built_in_place(call)  # (`model_pb2_grpc.ModelStub(channel).Predict(request)`)
    m = _STUB_CTOR.match(ctor) if ctor else None
    if m is None:
        return ""
    gen = _generated_module(project, m.group("mod"))
    if gen is None or not _methods(project, gen).get((m.group("cls"), call.method), False):
        return ""
    return f"{m.group('mod').rsplit('.', 1)[-1].rsplit('/', 1)[-1]}.{m.group('cls')}"


def grpc_untimed_message(call: Call, stub: str, state: str) -> str:
    """The finding's message for a gRPC call whose ``timeout`` state (see
    ``_py_timeout``) is ``state`` ('absent' or 'none')."""
    head = called_expr(call)
    given = "is given `timeout=None`" if state == "none" else "has no `timeout=`"
    return (f"`{head}()` (an RPC of the gRPC stub `{stub}`) {given}: gRPC Python sets no deadline by default, so a server "
            "that accepts the call and never answers (a handler stuck on a lock or a slow dependency, a connection dropped "
            "without a reset, which keepalive, off by default, never probes) blocks this call and the worker running it forever "
            "(pass `timeout=` in seconds: the call then fails with DEADLINE_EXCEEDED)")


@per_project
def grpc_deadlines_elsewhere(project: Project) -> bool:
    """Could the project give its gRPC calls a deadline without ``timeout=``:
    a channel interceptor (``grpc.intercept_channel``, ``interceptors=`` of a
    ``grpc.aio`` channel; not a server's interceptors) or a service config?"""
    for ff in project.code_files():
        if ff.lang != "py":
            continue
        if any(project.may_mention(ff.path, w) for w in ("intercept_channel", "service_config")):
            return True
        if project.may_mention(ff.path, "interceptors"):
            full = project.full(ff) if ff.shallow else ff
            if any(c.callee.startswith("grpc.") and c.method.endswith("channel") and "interceptors" in c.kwargs for c in full.calls):
                return True
    return False


@per_project
def _generated(project: Project) -> dict[str, FileFacts]:
    """The project's generated gRPC modules by path without ``.py``."""
    return {path[:-3]: ff for path, ff in sorted(project.files.items()) if path.endswith("_pb2_grpc.py")}


def _generated_module(project: Project, mod: str) -> FileFacts | None:
    """The project file of the generated module ``mod`` (dotted, or a
    ``./`` path the frontend resolved), when exactly one file can be it."""
    rel = mod[2:] if mod.startswith("./") else mod.replace(".", "/")
    hits = [ff for stem, ff in _generated(project).items() if stem == rel or stem.endswith("/" + rel)]
    return hits[0] if len(hits) == 1 else None


def _methods(project: Project, gen: FileFacts) -> dict[tuple[str, str], bool]:
    """(stub class, method) -> answers once, from the generated module's
    ``self.Predict = channel.unary_unary('/pkg.Model/Predict', ...)``."""
    memo = project.__dict__.setdefault("_rs_grpc_methods", {})
    got = memo.get(gen.path)
    if got is None:
        full = project.full(gen)
        funcs = project.funcs(full)
        got = {}
        for c in full.calls:
            fn = funcs.get(c.func)
            if c.method in _KINDS and c.args and c.args[0].k == STR and fn is not None and fn.cls.endswith("Stub"):
                got[(fn.cls, c.args[0].v.rsplit("/", 1)[-1])] = _KINDS[c.method]
        memo[gen.path] = got
    return got
