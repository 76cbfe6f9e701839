"""Compose rules: RS204 and RS801-RS808.

Every rule runs on the merged model of each compose project
(:mod:`._compose_model`): override files, ``extends``, anchors/merge keys and
``.env`` interpolation applied.  When a folder has several candidate
deployments (base + override, base + staging ...), a risk is reported only if
it shows in all of them, at the line of the offending key (in whichever file
set it) or at the service key when something is missing.  Values that depend
on a variable nobody sets are unknown and never a finding by themselves.

``compose_services(project)`` (re-exported from :mod:`._compose_model`) is the
merged service list other rule families use (RS203 counts Redis nodes with it).
"""

from __future__ import annotations

import ipaddress
import posixpath
import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..discovery import DEFAULT_EXCLUDED_DIRS, TEST_DIRS
from ..model import Hit, Related
from . import check
from ._compose_interp import known
from ._compose_merge import N, depends_mapping, kv_mapping, scalar_text
from ._compose_model import ComposeService, FileSet, compose_projects, compose_services, set_services, text_of
from ._compose_storage import data_dirs, data_volume, redis_persistence_off, stateful

if TYPE_CHECKING:
    from ..project import Project

RuleFn = Callable[["Project", list[ComposeService], FileSet], Iterable[Hit]]


def _run(project: "Project", fn: RuleFn) -> Iterator[Hit]:
    """Run a rule on every file set of every compose project; keep the hits that
    show in all candidate sets of a project (keyed by anchor), and report a line
    shared by several services (an anchor, an ``extends`` parent) once."""
    for cp in compose_projects(project):
        per_set: list[dict[str, Hit]] = []
        for fs in cp.sets:
            hits: dict[str, Hit] = {}
            for h in fn(project, set_services(project, fs), fs):
                hits.setdefault(h.anchor, h)
            per_set.append(hits)
        if not per_set:
            continue
        kept = [h for anchor, h in per_set[0].items() if all(anchor in other for other in per_set[1:])]
        if len(cp.sets) > 1:
            first, sets = _files(cp.sets[0]), " and ".join(f"`{fs.label}`" for fs in cp.sets)
            for h in kept:
                h.message = h.message.replace(first, "") + f" (in every candidate file set: {sets})"
        yield from _shared_lines(kept)


def _shared_lines(hits: list[Hit]) -> Iterator[Hit]:
    """One hit per (file, line, what): the first service's, naming the others."""
    groups: dict[tuple[str, int, str], list[Hit]] = {}
    for h in hits:
        what = h.anchor.split(":", 1)[1] if ":" in h.anchor else h.anchor
        groups.setdefault((h.path, h.line, what), []).append(h)
    for group in groups.values():
        first = group[0]
        if len(group) > 1:
            others = ", ".join(f"`{h.anchor.split(':', 1)[0]}`" for h in group[1:])
            first.message += f"; the same definition applies to {others}"
        yield first


def _files(fs: FileSet) -> str:
    return f" (compose files: {fs.label})" if len(fs.files) > 1 else ""


def _hit(rule: str, at: N | None, svc: ComposeService, anchor: str, message: str, related: list[Related] | None = None) -> Hit:
    if at is not None and at.line:
        path, line = at.path or svc.file, at.line
    else:
        path, line = svc.file, svc.line
    return Hit(rule, path, line, message, anchor=f"{svc.name}:{anchor}", related=related or [])


def _label(svc: ComposeService) -> str:
    return f"`{svc.name}` ({svc.image})" if svc.image else f"`{svc.name}`"


def _data_dir_label(svc: ComposeService, default: str) -> str:
    """The data directory to name in a message (a bitnami image's own when it is one)."""
    dirs = data_dirs(svc) or [default]
    if svc.image_ref is not None and "bitnami" in svc.image_ref.repo:
        return next((d for d in dirs if d.startswith("/bitnami/")), dirs[0])
    return next((d for d in dirs if not d.startswith("/bitnami/")), dirs[0])


def _long_running(svc: ComposeService) -> bool:
    return not svc.one_shot


# --------------------------------------------------------------------------- RS204
def rs204(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if svc.role != "datastore" or svc.family != "redis":
            continue
        off = redis_persistence_off(svc)
        if off is not None:
            yield _hit(
                "RS204", off, svc, "persistence",
                f"Redis service {_label(svc)} runs with persistence switched off (`--save \"\"` and no `--appendonly yes`): "
                f"a restart or crash empties it, losing every queued job, session and lock it held{_files(fs)}",
            )
            continue
        if svc.incomplete:
            continue
        if data_volume(svc) is False:
            where = _data_dir_label(svc, "/data")
            yield _hit(
                "RS204", None, svc, "volume",
                f"Redis service {_label(svc)} has no volume at its data dir ({where}): its RDB/AOF files live in the container, "
                f"so recreating it (an upgrade, `docker compose down`) starts Redis empty and queued jobs and sessions are gone{_files(fs)}",
            )


# --------------------------------------------------------------------------- RS801
_ROTATED_ELSEWHERE = frozenset({"none", "syslog", "fluentd", "journald", "gelf", "awslogs", "splunk", "etwlogs", "gcplogs", "logentries", "loki"})


def rs801(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not _long_running(svc):
            continue
        logging = svc.get("logging")
        if logging is None and svc.incomplete:
            continue
        driver_n = logging.get("driver") if logging is not None else None
        driver = scalar_text(driver_n)
        if driver is not None and not known(driver):
            continue
        drv = (driver or "json-file").strip().lower()
        if drv not in ("json-file", "local"):
            continue
        max_size = logging.get("options", "max-size") if logging is not None else None
        unlimited = False
        if max_size is not None:
            text = scalar_text(max_size)
            if text is not None and (not known(text) or text.strip() not in ("", "-1")):
                continue
            unlimited = text is not None and text.strip() == "-1"
        what = f"the {drv} log driver" if driver else "Docker's default json-file log driver"
        how = "`max-size: -1` (unlimited)" if unlimited else "no `max-size`"
        yield _hit(
            "RS801", max_size if unlimited else logging, svc, "logging",
            f"Service {_label(svc)} logs through {what} with {how}: every line it prints is kept in one file on the host "
            f"that grows until the disk is full and the host's containers fail{_files(fs)}",
        )


# --------------------------------------------------------------------------- RS802
_HEALTHCHECK = re.compile(r"^HEALTHCHECK\s+(?!NONE\b)", re.I)
_HEALTHCHECK_NONE = re.compile(r"^HEALTHCHECK\s+NONE\b", re.I)


def _dockerfile_healthcheck(project: "Project", svc: ComposeService) -> bool | None:
    """A HEALTHCHECK in the Dockerfile the service builds from; None when it cannot be seen."""
    build = svc.get("build")
    if build is None:
        return False
    if isinstance(build.v, dict):
        ctx_n = build.get("context")
        ctx = scalar_text(ctx_n) if ctx_n is not None else "."
        dockerfile = scalar_text(build.get("dockerfile")) or "Dockerfile"
        inline = build.get("dockerfile_inline")
        if inline is not None:
            text = scalar_text(inline) or ""
            if not known(text):
                return None
            lines = [ln.strip() for ln in text.split("\n")]
            return any(_HEALTHCHECK.match(ln) for ln in lines)
        base = ctx_n.path if ctx_n is not None and ctx_n.path else build.path
    else:
        ctx = scalar_text(build)
        dockerfile = "Dockerfile"
        base = build.path
    if ctx is None or not known(ctx) or not known(dockerfile):
        return None
    if "://" in ctx or ctx.startswith(("git@", "github.com/")) or dockerfile.startswith("/") or ctx.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base or svc.file), ctx, dockerfile))
    if path.startswith("../") or path == "..":
        return None
    ff = project.files.get(path)
    if ff is None:
        # a Dockerfile under build/, dist/, vendor/, test/ ... is never scanned: it may have one
        return None if DEFAULT_EXCLUDED_DIRS.union(TEST_DIRS).intersection(path.split("/")[:-1]) else False
    verdict = False
    for _, cmd in ff.commands:
        text = str(cmd)
        if _HEALTHCHECK.match(text):
            verdict = True
        elif _HEALTHCHECK_NONE.match(text):
            verdict = False
    return verdict


# images whose own Dockerfile declares a HEALTHCHECK (inherited when compose sets none)
_IMAGES_WITH_HEALTHCHECK = (
    "gitlab/gitlab-ce", "gitlab/gitlab-ee", "vaultwarden/server", "pihole/pihole", "louislam/uptime-kuma",
    "containrrr/watchtower", "authelia/authelia", "jellyfin/jellyfin", "mailserver/docker-mailserver",
)


def _image_healthcheck(svc: ComposeService) -> bool:
    ref = svc.image_ref
    return ref is not None and any(ref.repo == r or ref.repo.endswith("/" + r) for r in _IMAGES_WITH_HEALTHCHECK)


def _healthcheck_off(hc: N) -> N | None:
    """The node that disables a compose healthcheck, else None (unknown counts as on)."""
    disable = hc.get("disable")
    if disable is not None:
        text = scalar_text(disable)
        if text is not None and text.lower() == "true":
            return disable
    test = hc.get("test")
    if test is not None:
        first = scalar_text(test.seq()[0]) if test.is_seq and test.seq() else scalar_text(test)
        if first is not None and first.strip().upper() == "NONE":
            return test
    return None


def rs802(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    by_name = {s.name: s for s in svcs}
    for svc in svcs:
        if not _long_running(svc):
            continue
        hc = svc.get("healthcheck")
        if hc is not None and isinstance(hc.v, dict):
            off = _healthcheck_off(hc)
            if off is not None:
                yield _hit(
                    "RS802", off, svc, "healthcheck",
                    f"Service {_label(svc)} has its healthcheck disabled: Docker reports it healthy as long as the process runs, "
                    f"so a hung or deadlocked instance keeps receiving traffic and dependants start before it is ready{_files(fs)}",
                )
        elif hc is None and not svc.incomplete and not _image_healthcheck(svc) and _dockerfile_healthcheck(project, svc) is False:
            yield _hit(
                "RS802", None, svc, "healthcheck",
                f"Service {_label(svc)} has no healthcheck (none in compose{' or its Dockerfile' if svc.builds else ''}): "
                f"a hung or deadlocked instance looks healthy and is never restarted, and nothing can wait for it to be ready{_files(fs)}",
            )
        for target, dep in depends_mapping(svc.get("depends_on")).items():
            other = by_name.get(target)
            if other is None or other.one_shot:
                continue
            cond = scalar_text(dep.get("condition")) or "service_started"
            if not known(cond) or cond in ("service_healthy", "service_completed_successfully"):
                continue
            yield _hit(
                "RS802", dep, svc, f"depends_on:{target}",
                f"Service `{svc.name}` depends on `{target}` without `condition: service_healthy`: compose starts it as soon as "
                f"the `{target}` container is created, before it accepts connections, so start-up fails or races{_files(fs)}",
                [Related(other.file, other.line, f"compose service `{target}`")],
            )


# --------------------------------------------------------------------------- RS803
def rs803(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not _long_running(svc):
            continue
        restart = svc.get("restart")
        policy = svc.get("deploy", "restart_policy")
        if policy is not None:
            cond_n = policy.get("condition")
            cond = scalar_text(cond_n)
            if cond is None or not known(cond) or cond.lower() != "none":
                continue
            if restart is None:
                yield _hit(
                    "RS803", cond_n, svc, "restart",
                    f"Service {_label(svc)} has `deploy.restart_policy.condition: none`: when it crashes or the host reboots it "
                    f"stays down until someone notices{_files(fs)}",
                )
                continue
        if restart is None:
            if svc.incomplete:
                continue
            yield _hit(
                "RS803", None, svc, "restart",
                f"Service {_label(svc)} has no restart policy (`restart` or `deploy.restart_policy`): when it crashes or the host "
                f"reboots it stays down until someone notices{_files(fs)}",
            )
            continue
        value = scalar_text(restart)
        if value is None or not known(value):
            continue
        if value.strip().lower() in ("no", "false", ""):
            yield _hit(
                "RS803", restart, svc, "restart",
                f"Service {_label(svc)} has `restart: \"no\"`: when it crashes or the host reboots it stays down until someone "
                f"notices{_files(fs)}",
            )


# --------------------------------------------------------------------------- RS804
def rs804(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not stateful(svc) or svc.incomplete:
            continue
        if data_volume(svc) is False:
            where = _data_dir_label(svc, "its data directory")
            yield _hit(
                "RS804", None, svc, "volume",
                f"Datastore service {_label(svc)} has no volume at its data directory ({where}): the data lives in the container "
                f"and is lost when the container is removed or recreated (an image upgrade, `docker compose down`){_files(fs)}",
            )


# --------------------------------------------------------------------------- RS805
def rs805(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not _long_running(svc) or svc.incomplete:
            continue
        if svc.get("mem_limit") is not None or svc.get("deploy", "resources", "limits", "memory") is not None:
            continue
        reservation = svc.get("mem_reservation") is not None or svc.get("deploy", "resources", "reservations", "memory") is not None
        limits = svc.get("deploy", "resources", "limits")  # limits without memory (cpus only): the key to complete
        if limits is not None:
            what = "`deploy.resources.limits` without `memory`"
        else:
            what = "no memory limit (`mem_limit` or `deploy.resources.limits.memory`"
            what += "; a reservation is not a limit)" if reservation else ")"
        yield _hit(
            "RS805", limits, svc, "memory",
            f"Service {_label(svc)} has {what}: a leak or a burst lets it take the host's memory until "
            f"the kernel OOM killer stops a process, possibly the database{_files(fs)}",
        )


# --------------------------------------------------------------------------- RS806
_ALL_IFACES = ("", "0.0.0.0", "::", "*")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _split_ip(text: str) -> tuple[str | None, str]:
    """``[ip]:rest`` / ``a.b.c.d:rest`` -> (ip, rest); (None, text) when no address leads."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            return text[1:end], text[end + 2 :]
    head, sep, rest = text.partition(":")
    if sep and (_is_ip(head) or (not known(head) and "." in head)):
        return head, rest
    return None, text


def _port_binding(item: N) -> tuple[bool | None, str, str]:
    """(published on all interfaces?, container port, how it reads) of a ``ports``
    entry; None = unknown (a variable nobody sets)."""
    if isinstance(item.v, dict):
        target = scalar_text(item.get("target")) or "?"
        published = (scalar_text(item.get("published")) or "").strip()
        ip = scalar_text(item.get("host_ip"))
        if ip is None and published:
            # `published: 127.0.0.1:8080` (not in the spec, but docker accepts and peers honour it)
            ip, published = _split_ip(published)
        shown = f"target {target}" + (f", published {published}" if published else "") + (f", host_ip {ip}" if ip is not None else ", no host_ip")
        if ip is None:
            return (True if known(published) else None), target, shown
        if not known(ip):
            return None, target, shown
        return ip.strip("[]") in _ALL_IFACES, target, shown
    text = scalar_text(item)
    if text is None:
        return None, "?", ""
    shown = item.raw if isinstance(item.raw, str) else text
    text = text.strip().rsplit("/", 1)[0]
    ip, rest = _split_ip(text)
    container = rest.rsplit(":", 1)[-1]
    if ip is not None:
        if not known(ip):
            return None, container, shown
        return ip in _ALL_IFACES, container, shown
    parts = text.split(":")
    if len(parts) == 1:
        return (True if known(text) else None), container, shown
    if len(parts) == 2:
        if not known(parts[0]):
            return None, container, shown
        return True, container, shown
    host = ":".join(parts[:-2])
    if not known(host):
        return None, container, shown
    return host in _ALL_IFACES, container, shown


def rs806(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not stateful(svc) or svc.get("ports") is None:
            continue
        for item in svc.get("ports").seq():  # type: ignore[union-attr]
            exposed, container, shown = _port_binding(item)
            if exposed is not True:
                continue
            yield _hit(
                "RS806", item, svc, f"ports:{shown}",
                f"Datastore service {_label(svc)} publishes port {container} on all host interfaces (`ports: {shown}`): anyone who can "
                f"reach the host can talk to it directly, past the application's auth and network policy; bind it to 127.0.0.1 "
                f"(a `127.0.0.1:` prefix or `host_ip: 127.0.0.1`) or use `expose`{_files(fs)}",
            )


# --------------------------------------------------------------------------- RS807
def rs807(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        image_n = svc.get("image")
        if image_n is None or svc.builds:
            continue
        if (scalar_text(svc.get("pull_policy")) or "").lower() == "build":
            continue
        ref = svc.image_ref
        if ref is None or ref.digest:
            continue
        if not known(ref.tag):
            continue
        if ref.tag and ref.tag.lower() != "latest":
            continue
        raw = image_n.raw if isinstance(image_n.raw, str) else svc.image
        resolved = scalar_text(image_n) or ""
        how = "no tag (it means `latest`)" if not ref.tag else "the `latest` tag"
        shown = f"`{raw}`" + (f" (resolves to `{resolved}`)" if raw != resolved else "")
        yield _hit(
            "RS807", image_n, svc, "image",
            f"Service `{svc.name}` pulls image {shown} with {how}: each pull or new host can bring a different version, "
            f"so a redeploy silently upgrades (or breaks) it and rollbacks are not reproducible{_files(fs)}",
        )


# --------------------------------------------------------------------------- RS808
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "SECRETKEY", "CREDENTIALS"})
# X_KEY pairs that name a secret key (API_KEY, PRIVATE_KEY, MEILI_MASTER_KEY, ...)
_KEY_QUALIFIERS = frozenset({"API", "PRIVATE", "SECRET", "MASTER", "ENCRYPTION", "SIGNING", "HMAC"})
# a word after the secret word that makes the key a setting about the secret, not the secret
_NOT_SECRET_TAIL = frozenset(
    "FILE PATH DIR LENGTH LEN MIN MAX MINLENGTH MAXLENGTH EXPIRY EXPIRES EXPIRE EXPIRATION EXPIRED TTL TIMEOUT URL URI "
    "ENDPOINT HEADER NAME TYPE ALGORITHM ALG ISSUER AUDIENCE ENABLED ENABLE DISABLED DISABLE REQUIRED POLICY ROUNDS COST "
    "METHOD MODE HOST PORT USER USERNAME ID FIELD PARAM PREFIX SUFFIX LIFETIME AGE DURATION INTERVAL COUNT ATTEMPTS RETRIES "
    "LIMIT STRATEGY PROVIDER VERSION FORMAT KIND SIZE LOCATION REGEX PATTERN COMPLEXITY STRENGTH HINT IN AT SECONDS SECS "
    "SEC MINUTES MINS HOURS DAYS MS MILLIS ITERATIONS BITS BYTES CHARS COOKIE STORE STORAGE BACKEND".split()
)
_FLAG_WORDS = frozenset({"ALLOW", "RANDOM", "EMPTY", "GENERATE", "SKIP", "RESET", "FORGOT", "ROTATE", "ROTATION", "CHANGE", "REQUIRE", "NO"})
_BOOLISH = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1", "none", "null", ""})
_URL_CREDS = re.compile(r"^[a-z][a-z0-9+.\-]*://([^/@\s:]*):([^@\s/]+)@", re.I)
_VAR = re.compile(r"\$\{?[A-Za-z_]")


def secret_key(key: str) -> bool:
    """An environment key that names a secret (POSTGRES_PASSWORD, JWT_SECRET, GITHUB_TOKEN,
    STRIPE_API_KEY ...), not a setting about one (PASSWORD_MIN_LENGTH, TOKEN_EXPIRES_IN,
    DB_PASSWORD_FILE, ALLOW_EMPTY_PASSWORD)."""
    words = [w for w in re.split(r"[_.\-]+", key.upper()) if w]
    if not words or any(w in _FLAG_WORDS for w in words):
        return False
    last = -1
    for i, w in enumerate(words):
        if w in _SECRET_WORDS or w.endswith(("PASSWORD", "SECRET", "TOKEN")):
            last = i
        elif w == "PWD" and i > 0:  # MYSQL_PWD (a bare PWD is the shell's working directory)
            last = i
        elif w == "KEY" and i > 0 and words[i - 1] in _KEY_QUALIFIERS:
            last = i
    if words == ["APP", "KEY"]:  # Laravel's encryption key
        last = 1
    if last < 0:
        return False
    return not any(w in _NOT_SECRET_TAIL for w in words[last + 1 :])


def _literal(raw: str) -> bool:
    """A value with no variable in it (``$$`` is an escaped dollar)."""
    return not _VAR.search(raw.replace("$$", ""))


_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_QUERY_PASSWORD = re.compile(r"[?&;](?:password|passwd|pass|pwd)=([^&;#\s]+)", re.I)
_FILE_PATH = re.compile(r"^(?:/|\./|\.\./|~/)[\w.\-/]+$")
# references to a secret manager, resolved at runtime (1Password, Vault, AWS, GCP, Azure ...)
_SECRET_REF = re.compile(r"^(?:op|vault|arn|ssm|sm|awssm|secretsmanager|gcpsm|azkv|akv|keyvault|doppler|infisical|bws?)(?::|://)", re.I)
_PLACEHOLDER = re.compile(r"^(?:<[^<>]*>|\*{3,}|[xX]{3,}|\.{3,}|\{\{.*\}\})$")


def _not_a_secret_value(text: str) -> bool:
    """Values that are not a credential even under a secret-named key: flags, paths,
    secret-manager references, placeholders, endpoints (``TOKEN_SERVICE=http://auth``)."""
    return (
        text.lower() in _BOOLISH
        or not _literal(text)
        or bool(_FILE_PATH.match(text))
        or bool(_SECRET_REF.match(text))
        or bool(_PLACEHOLDER.match(text))
        or (bool(_URL.match(text)) and not _URL_CREDS.match(text))
    )


def _url_password(text: str) -> str | None:
    """The literal password inside a URL (``scheme://user:pw@host``, ``?password=pw``)."""
    if not _URL.match(text) and not text.lower().startswith("jdbc:"):
        return None
    m = _URL_CREDS.match(text)
    pw = m.group(2) if m else None
    if pw is None:
        q = _QUERY_PASSWORD.search(text)
        pw = q.group(1) if q else None
    if pw is None or not _literal(pw) or _PLACEHOLDER.match(pw):
        return None
    return pw


def rs808(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        for key, val in kv_mapping(svc.get("environment")).items():
            if val.v is None or isinstance(val.v, (dict, list)) or isinstance(val.raw, bool):
                continue
            raw = val.raw if isinstance(val.raw, str) else scalar_text(val) or ""
            text = raw.strip()
            if secret_key(key) and not _not_a_secret_value(text):
                yield _hit(
                    "RS808", val, svc, f"env:{key}",
                    f"Service `{svc.name}` sets `{key}` to a literal secret in `environment`: it is committed with the compose file "
                    f"and readable by anyone with `docker inspect`; use compose `secrets:` (`{key}_FILE`) or a `${{VAR}}` from an untracked .env{_files(fs)}",
                )
                continue
            if _url_password(text) is not None:
                yield _hit(
                    "RS808", val, svc, f"env:{key}",
                    f"Service `{svc.name}` embeds a literal password in the `{key}` URL in `environment`: it is committed with the "
                    f"compose file and shows up in `docker inspect` and logs; take the password from a secret or a `${{VAR}}`{_files(fs)}",
                )


# --------------------------------------------------------------------------- registration
_RULES: dict[str, RuleFn] = {
    "RS204": rs204,
    "RS801": rs801,
    "RS802": rs802,
    "RS803": rs803,
    "RS804": rs804,
    "RS805": rs805,
    "RS806": rs806,
    "RS807": rs807,
    "RS808": rs808,
}


def _register(rule_id: str, fn: RuleFn) -> None:
    @check(rule_id)
    def run(project: "Project") -> Iterator[Hit]:
        return _run(project, fn)

    run.__name__ = f"check_{rule_id}"


for _rid, _fn in _RULES.items():
    _register(_rid, _fn)


__all__ = ["compose_services", "ComposeService", "secret_key", "text_of"]
