"""Compose rules: RS204 and RS801-RS808.

Every rule runs on the merged model of each compose project
(:mod:`._compose_model`): override files, ``extends``, anchors/merge keys and
``.env`` interpolation applied.  When a folder has several candidate
deployments (base + override, base + staging ...), a risk is reported only if
it shows in all of them, at the line of the offending key (in whichever file
set it) or at the service key when something is missing; a line several
services share (an ``x-`` anchor, an ``extends`` parent) is reported once,
naming them all.  Values that depend on a variable nobody sets are unknown
and never a finding by themselves.

``compose_services(project)`` (re-exported from :mod:`._compose_model`) is the
merged service list other rule families use (RS203 counts Redis nodes with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..lazyre import lazy_re
from ..model import Hit, Related
from . import check
from ._compose_images import parse_image
from ._compose_interp import known
from ._compose_merge import N, depends_mapping, kv_mapping, scalar_text
from ._compose_model import ComposeService, FileSet, compose_projects, compose_services, set_services, text_of
from ._compose_ports import port_binding
from ._compose_secrets import secret_key, secret_value, url_password
from ._compose_storage import data_dirs, data_volume, memory_data_dirs, persistent_dirs, redis_persistence_off, stateful
from ._compose_wait import waits_for
from ._memo import per_project, service_files
from ._redis_deploy import broker_endpoints, redis_uses

if TYPE_CHECKING:
    from ..project import Project, Service

RuleFn = Callable[["Project", list[ComposeService], FileSet], Iterable[Hit]]


def _run(project: "Project", fn: RuleFn) -> Iterator[Hit]:
    """Run a rule on every file set of every compose project; keep the hits that
    show in every candidate set that runs their service (keyed by anchor: an
    overlay deployed on its own that leaves a service out does not fix it), and
    report a line shared by several services (an anchor, an ``extends`` parent)
    once."""
    for cp in compose_projects(project):
        per_set: list[tuple[FileSet, dict[str, Hit], set[str]]] = []
        for fs in cp.sets:
            hits: dict[str, Hit] = {}
            services = set_services(project, fs)
            for h in fn(project, services, fs):
                hits.setdefault(h.anchor, h)
            per_set.append((fs, hits, {svc.name for svc in services}))
        kept: list[Hit] = []
        seen: set[str] = set()
        for fs, hits, _names in per_set:
            for anchor, h in hits.items():
                if anchor in seen:
                    continue
                seen.add(anchor)
                service = anchor.split(":", 1)[0]
                # (an anchor naming no service of any set must show in all of them)
                running = [(ofs, other) for ofs, other, names in per_set if service in names] or [(ofs, other) for ofs, other, _n in per_set]
                if not all(anchor in other for _ofs, other in running):
                    continue
                if len(running) > 1:
                    h.message = h.message.replace(_files(fs), "") + _every_set(h, [(ofs, other[anchor]) for ofs, other in running])
                kept.append(h)
        yield from _shared_lines(kept)


def _every_set(h: Hit, running: list[tuple[FileSet, Hit]]) -> str:
    """The note that ``h`` shows in every candidate file set; where another set
    has it at another place (an alternative file defining the service again,
    localstack's `docker-compose-pro.yml` beside its `docker-compose.yml`),
    the note says where and what is there, and that place goes in ``related``:
    the fix is needed there too."""
    places: dict[tuple[str, int], list[tuple[FileSet, Hit]]] = {}
    for ofs, o in running:
        places.setdefault((o.path, o.line), []).append((ofs, o))
    if len(places) == 1:
        return f" (in every candidate file set: {' and '.join(f'`{ofs.label}`' for ofs, _o in running)})"
    here = " and ".join(f"`{ofs.label}`" for ofs, _o in places.get((h.path, h.line), ()))
    parts = [f"{here} here"] if here else []
    for (path, line), members in places.items():
        if (path, line) == (h.path, h.line):
            continue
        ofs, o = members[0]
        labels = " and ".join(f"`{m.label}`" for m, _o in members)
        head = o.message.replace(_files(ofs), "").split(": ", 1)[0]
        parts.append(f"{labels} at {path}:{line}, where {head[:1].lower()}{head[1:]}")
        h.related.append(Related(path, line, f"the same in {labels}"))
    return f" (in every candidate file set: {'; '.join(parts)})"


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
@per_project
def _redis_holds(project: "Project") -> frozenset[str] | None:
    """What the project's code keeps in Redis that an empty Redis loses ('queue',
    'session'; see ``_redis_deploy.redis_uses``), or None when no code was scanned."""
    kinds: set[str] = set()
    code = False
    services: list[Service | None] = [*project.services] or [None]
    for svc in services:
        files = [f for f in service_files(project, svc) if f.lang in ("js", "ts", "py")]
        if files:
            code = True
            kinds.update(u.kind for u in redis_uses(project, files, broker_endpoints(project, files)))
    return frozenset(kinds) if code else None


def _redis_loss(project: "Project", volume: bool) -> str:
    """The end of an RS204 message: what is lost, by what the code keeps in Redis."""
    kinds = _redis_holds(project)
    if kinds is not None and not kinds:
        what = "everything the services kept in it is gone" if volume else "losing everything it held"
        return f"{what} (the scanned code keeps no job queue or session in Redis)"
    if kinds == frozenset({"queue"}):
        return "queued jobs are gone" if volume else "losing every queued job and lock it held"
    if kinds == frozenset({"session"}):
        return "sessions are gone, signing every user out" if volume else "losing every session it held"
    return "queued jobs and sessions are gone" if volume else "losing every queued job, session and lock it held"


def rs204(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if svc.role != "datastore" or svc.family != "redis":
            continue
        off = redis_persistence_off(svc)
        if off is not None:
            yield _hit(
                "RS204", off, svc, "persistence",
                f"Redis service {_label(svc)} runs with persistence switched off (`--save \"\"` and no `--appendonly yes`): "
                f"a restart or crash empties it, {_redis_loss(project, False)}{_files(fs)}",
            )
            continue
        if svc.incomplete:
            continue
        if data_volume(svc) is False:
            where = _data_dir_label(svc, "/data")
            yield _hit(
                "RS204", None, svc, "volume",
                f"Redis service {_label(svc)} has no volume at its data dir ({where}): its RDB/AOF files live in the container, "
                f"so recreating it (an upgrade, `docker compose down`) starts Redis empty and {_redis_loss(project, True)}{_files(fs)}",
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
# images whose own Dockerfile declares a HEALTHCHECK (inherited when compose sets none)
_IMAGES_WITH_HEALTHCHECK = (
    "gitlab/gitlab-ce", "gitlab/gitlab-ee", "vaultwarden/server", "pihole/pihole", "louislam/uptime-kuma",
    "containrrr/watchtower", "authelia/authelia", "jellyfin/jellyfin", "mailserver/docker-mailserver",
)


def _image_has_healthcheck(image: str) -> bool:
    ref = parse_image(image) if image else None
    return ref is not None and any(ref.repo == r or ref.repo.endswith("/" + r) for r in _IMAGES_WITH_HEALTHCHECK)


def _inherits_healthcheck(svc: ComposeService) -> bool | None:
    """Does the container get a HEALTHCHECK from its image? None when it cannot be known
    (a Dockerfile that cannot be read)."""
    if not svc.builds:
        return _image_has_healthcheck(svc.image)
    if not svc.build.seen:
        return None
    if svc.build.healthcheck is not None:
        return svc.build.healthcheck
    return _image_has_healthcheck(svc.build.base)


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
        elif hc is None and not svc.incomplete and _inherits_healthcheck(svc) is False:
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
            if waits_for(project, svc, target):
                continue  # `wait-for-it web:8000 -- ...`: the command itself waits until the dependency accepts connections
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
            in_memory = memory_data_dirs(svc)
            if in_memory:
                yield _hit(
                    "RS804", None, svc, "volume",
                    f"Datastore service {_label(svc)} keeps its data directory ({in_memory[0]}) on a tmpfs mount and has no volume there: "
                    f"the data lives in the container's memory and is lost every time the container stops or restarts (a crash, a host "
                    f"reboot, an image upgrade), not only when it is removed{_files(fs)}",
                )
                continue
            # (volumes mounted elsewhere, a misspelt path such as `/var_lib/mysql`, keep nothing the datastore writes)
            elsewhere = persistent_dirs(svc)
            if elsewhere:
                where += "; its volumes mount at " + ", ".join(f"`{d}`" for d in elsewhere[:3]) + (" and others" if len(elsewhere) > 3 else "") + " instead"
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
def rs806(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        if not stateful(svc) or svc.get("ports") is None:
            continue
        for item in svc.get("ports").seq():  # type: ignore[union-attr]
            exposed, container, shown = port_binding(item)
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
    # images a service of the same compose builds and names (`build:` + `image:`):
    # another service that runs that image runs the local build, nothing is pulled
    built = {t for s in svcs if s.builds and (t := scalar_text(s.get("image")))}
    for svc in svcs:
        image_n = svc.get("image")
        if image_n is None or svc.builds:
            continue
        if scalar_text(image_n) in built:
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
# a value that asks to be replaced, or a well-known default (`changeme`, `replace-me-with-...`, `your-secret-here`)
_DEFAULT_SECRET = lazy_re(
    r"(?i)^(?:change[-_ ]?(?:me|it|this)|replace[-_ ]?(?:me|this|with)|your[-_ ]|(?:my|some)[-_ ]?secret|secret|password|passw0rd|default|example|dummy|"
    r"insecure|todo|fixme|please[-_ ]?change|set[-_ ]?me|fill[-_ ]?(?:me|in))"
)


# the database images whose entrypoint reads `<KEY>_FILE` for their own settings (official and Bitnami
# images: POSTGRES_PASSWORD_FILE, POSTGRESQL_PASSWORD_FILE, MARIADB_ROOT_PASSWORD_FILE, MONGO_INITDB_ROOT_PASSWORD_FILE)
_FILE_VARIANT_PREFIXES: dict[str, tuple[str, ...]] = {
    "postgres": ("POSTGRES",),
    "mysql": ("MYSQL_", "MARIADB_"),
    "mariadb": ("MYSQL_", "MARIADB_"),
    "mongo": ("MONGO_INITDB_", "MONGODB_"),
}


def _reads_file_variant(svc: ComposeService, key: str) -> bool:
    """``svc``'s image reads ``<key>_FILE`` in place of ``key``: a database
    image's own setting (``POSTGRES_PASSWORD`` on postgres).  An application
    image (kresus's ``KRESUS_DB_PASSWORD``) reads only what its code reads, so
    the message must not name a ``_FILE`` variable it may not have."""
    return key.upper().startswith(_FILE_VARIANT_PREFIXES.get(svc.family, ()))


def rs808(project: "Project", svcs: list[ComposeService], fs: FileSet) -> Iterator[Hit]:
    for svc in svcs:
        for key, val in kv_mapping(svc.get("environment")).items():
            if val.v is None or isinstance(val.v, (dict, list)) or isinstance(val.raw, bool):
                continue
            raw = val.raw if isinstance(val.raw, str) else scalar_text(val) or ""
            text = raw.strip()
            if secret_key(key) and secret_value(text):
                if _DEFAULT_SECRET.search(text):
                    # umami's `APP_SECRET: replace-me-with-a-random-string`: the file's users deploy it as is
                    what = (f"Service `{svc.name}` sets `{key}` to a placeholder in `environment`: a deployment that keeps it runs "
                            f"with a secret anyone who reads this file knows")
                else:
                    what = (f"Service `{svc.name}` sets `{key}` to a literal secret in `environment`: it is committed with the compose file "
                            f"and readable by anyone with `docker inspect`")
                fix = (f"use compose `secrets:` (`{key}_FILE`) or a `${{VAR}}` from an untracked .env" if _reads_file_variant(svc, key)
                       else "use a `${VAR}` from an untracked .env, or compose `secrets:` where the image can read the value from a file")
                yield _hit("RS808", val, svc, f"env:{key}", f"{what}; {fix}{_files(fs)}")
                continue
            if url_password(text) is not None:
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
