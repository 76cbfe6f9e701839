"""A container whose start script keeps the service from its stop signal (RS909).

``docker stop``, Compose and Kubernetes stop a container by sending SIGTERM
to its main process (PID 1), then SIGKILL when the grace period ends.  When
the image starts the service through a shell script (``CMD ["./server.sh"]``)
whose last command runs the service as a child (``node dist/start``, no
``exec``), the shell is PID 1: it sets no handler, and the kernel drops a
signal that PID 1 does not handle, so the service never learns it should stop
and is killed with SIGKILL.  Under tini (``docker run --init``, Compose's
``init: true``), SIGTERM reaches the shell only, which exits and leaves the
service to the kill that ends the container.

What is judged: the last stage of each Dockerfile of the project (with what
it inherits from an earlier stage it is built ``FROM``), its last
``ENTRYPOINT`` and ``CMD``, followed through an init (tini, dumb-init,
catatonit), ``sh -c "<one command>"`` (the shell runs it in its place) and
an entrypoint script that ends in ``exec "$@"`` (to the ``CMD``), to a shell
script of the project (found through the stage's ``COPY``/``ADD``
instructions, else by its name under the Dockerfile's folder).  Reported: that
script's last top-level command (outside ``if``/``case``/loops/functions)
runs a long-running program (a runtime such as ``node`` or ``python``, an
application server such as gunicorn or uvicorn, a worker such as celery, a
package manager's start script) in the foreground without ``exec``.

Not reported: ``exec`` (the program replaces the shell and gets the
signals), a script that sets a ``trap`` (it may forward them), a background
command (``&``, then ``wait``), a program run directly by the image (whether
*it* handles SIGTERM is RS901's question), a compound ``sh -c "a && b"``
(shells differ in whether they replace themselves with the last command), an
init that signals the whole process group (dumb-init's default, ``tini -g``,
``TINI_KILL_PROCESS_GROUP``), a process supervisor as PID 1 (s6-overlay's
``/init``, supervisord, runit), a Dockerfile whose ``command``/``entrypoint``
a compose service that builds it overrides, and Dockerfiles named or placed
for development, tests or examples.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from ..facts import FileFacts
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._compose_build import dockerfile_path
from ._compose_model import DEV_ENVS, compose_services
from ._longrun import npm_process_script
from ._services import is_demo_path
from ._shell import last_top_level, simple_commands, words

_INSTRUCTION = lazy_re(r"^(FROM|ENTRYPOINT|CMD|COPY|ADD|WORKDIR|ENV)\s+(.*)$", re.I)
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# inits that pass a signal to their child only (tini is what `docker run --init` and `init: true` add)
_CHILD_INITS = frozenset({"tini", "tini-static", "docker-init", "catatonit"})
# process supervisors: what they run and how they stop it is their own configuration
_SUPERVISORS = frozenset({"init", "s6-svscan", "runsvdir", "supervisord", "my_init", "runit"})
# commands that run the next word as the program, after their own options: the options that take a value
_WRAPPERS: dict[str, frozenset[str]] = {
    "gosu": frozenset(), "su-exec": frozenset(), "s6-setuidgid": frozenset(), "setuidgid": frozenset(),
    "chpst": frozenset({"-u", "-U", "-e", "-/", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir", "--split-string"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}),
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"}),
}
_WRAPPER_USER = frozenset({"gosu", "su-exec", "s6-setuidgid", "setuidgid"})  # ... which take a user first
_ASSIGN = lazy_re(r"^[A-Za-z_]\w*=")
_PYTHON = lazy_re(r"^python[\d.]*$")
_RUNTIMES = frozenset({"node", "nodejs", "deno", "bun", "java", "dotnet", "ruby", "php"})
_SERVERS = frozenset({
    "gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "waitress-serve", "uwsgi", "celery", "dramatiq", "rq", "rqworker",
    "huey_consumer", "twistd", "puma", "unicorn", "sidekiq", "pm2-runtime", "nginx", "httpd", "apache2-foreground", "php-fpm",
    "streamlit",
})
_PACKAGE_MANAGERS = frozenset({"npm", "yarn", "pnpm"})
# manage.py commands that keep running (the others migrate, collect static files... and exit)
_MANAGE_SERVERS = frozenset({"celery", "rqworker", "qcluster", "process_tasks", "daphne", "gunicorn"})


@dataclass
class _Stage:
    """The last stage of a Dockerfile, as far as RS909 reads it."""

    entrypoint: tuple[int, str] | None = None  # (line, text after the keyword)
    cmd: tuple[int, str] | None = None
    workdir: str = "/"
    group_kill: bool = False  # ENV TINI_KILL_PROCESS_GROUP
    copies: list[tuple[list[str], str, str]] = field(default_factory=list)  # (sources, destination, workdir then)


def _last_stage(ff: FileFacts) -> _Stage:
    """The last stage; one built ``FROM`` an earlier stage of the file starts
    with that stage's ENTRYPOINT, CMD, WORKDIR, ENV and files (as Docker builds it)."""
    stage = _Stage()
    named: dict[str, _Stage] = {}
    cmd_inherited = False
    for _line, text in ff.commands:
        m = _INSTRUCTION.match(str(text).strip())
        if m is None:
            continue
        kw, rest = m.group(1).upper(), m.group(2).strip()
        line = int(_line)
        if kw == "FROM":
            image = [a for a in rest.split() if not a.startswith("--")]
            base = named.get(image[0].lower()) if image else None
            stage = replace(base, copies=list(base.copies)) if base is not None else _Stage()
            cmd_inherited = stage.cmd is not None
            if len(image) >= 3 and image[1].lower() == "as":
                named[image[2].lower()] = stage
        elif kw == "ENTRYPOINT":
            stage.entrypoint = (line, rest)
            if cmd_inherited:
                stage.cmd = None  # (an ENTRYPOINT resets the CMD the base image set)
        elif kw == "CMD":
            stage.cmd = (line, rest)
            cmd_inherited = False
        elif kw == "WORKDIR":
            w = rest.strip("\"'")
            stage.workdir = posixpath.normpath(posixpath.join(stage.workdir, w)) if "$" not in w else stage.workdir
        elif kw == "ENV":
            if re.search(r"\bTINI_KILL_PROCESS_GROUP[=\s]+[\"']?1", rest):
                stage.group_kill = True
        else:
            args = _form(rest)
            parts = [a for a in (args if isinstance(args, list) else (words(args) or [])) if not a.startswith("--")]
            if len(parts) >= 2:
                stage.copies.append((parts[:-1], parts[-1], stage.workdir))
    return stage


def _form(text: str) -> list[str] | str:
    """An instruction's exec form (a JSON array of strings) or its shell form (the text)."""
    if text.startswith("["):
        try:
            got = json.loads(text)
        except ValueError:
            return text  # (Docker runs a malformed array as a shell command)
        if isinstance(got, list) and all(isinstance(a, str) for a in got):
            return got
    return text


def _not_deployed(path: str) -> bool:
    """A Dockerfile named or placed for development, tests or examples."""
    name = posixpath.basename(path).lower()
    if set(re.split(r"[.\-_]+", name)) & DEV_ENVS:
        return True
    return is_demo_path(path) or any(set(re.split(r"[.\-_]+", d.lower())) & {"devcontainer", "dev", "development"} for d in path.split("/")[:-1])


def _overridden(project: Project) -> set[str]:
    """Dockerfiles that a compose service builds and runs with its own ``command``/``entrypoint``."""
    out: set[str] = set()
    for svc in compose_services(project):
        build = svc.node.get("build") if svc.builds else None
        if build is not None and (svc.command or svc.entrypoint):
            path = dockerfile_path(build, build.path or svc.file)
            if path:
                out.add(path)
    return out


@dataclass(frozen=True)
class _Found:
    script: FileFacts
    line: int
    program: str
    how: str  # how the image starts the script (for the message)
    via_tini: bool


class _Judge:
    def __init__(self, project: Project, df: FileFacts, stage: _Stage) -> None:
        self.project = project
        self.df = df
        self.stage = stage
        self.via_tini = False
        self.seen: set[str] = set()

    def start(self) -> tuple[_Found | None, int]:
        """(what keeps the service from SIGTERM, the Dockerfile line that starts it)."""
        st = self.stage
        if st.entrypoint is not None:
            line, text = st.entrypoint
            form = _form(text)
            if isinstance(form, str):
                return self.shell(form, line, None), line  # (a shell-form ENTRYPOINT ignores CMD)
            argv = self.past_init(form)
            if argv is None:
                return None, line
            if argv:
                return self.program(argv, line, "ENTRYPOINT", st.cmd), line
        if st.cmd is None:
            return None, 0
        line, text = st.cmd
        form = _form(text)
        found = self.shell(form, line, None) if isinstance(form, str) else self.program(form, line, "CMD", None)
        return found, line

    def past_init(self, argv: list[str]) -> list[str] | None:
        """``argv`` past an init in front of it ([] when nothing follows it); None when
        the init signals the whole process group or a supervisor takes over."""
        name = posixpath.basename(argv[0]) if argv else ""
        if name in _SUPERVISORS:
            return None
        if name == "dumb-init":
            if not ({"--single-child", "-c"} & set(argv[1:])):
                return None  # forwards each signal to every process of its group
        elif name in _CHILD_INITS:
            if "-g" in argv[1:] or (name.startswith("tini") and self.stage.group_kill):
                return None
            self.via_tini = True
        else:
            return argv
        rest = argv[1:]
        if "--" in rest:
            return rest[rest.index("--") + 1 :]
        while rest and rest[0].startswith("-"):
            rest = rest[1:]
        return rest

    def shell(self, text: str, line: int, then: tuple[int, str] | None) -> _Found | None:
        """``sh -c text``: one simple command runs in the shell's place (judged);
        a compound one is not judged (shells differ)."""
        cmds = simple_commands(text)
        if len(cmds) != 1 or cmds[0].background:
            return None
        argv = words(cmds[0].text)
        return self.program(argv, line, "CMD", then) if argv else None

    def program(self, argv: list[str], line: int, how: str, then: tuple[int, str] | None) -> _Found | None:
        """The process ``argv`` starts: a shell script of the project is judged."""
        if not argv:
            return None  # `CMD []`
        name = posixpath.basename(argv[0])
        script = ""
        if name in _SHELLS:
            args = argv[1:]
            if "-c" in args:
                i = args.index("-c")
                return self.shell(args[i + 1], line, then) if i + 1 < len(args) else None
            script = next((a for a in args if not a.startswith("-")), "")
        elif name.endswith(".sh") or "/" in argv[0]:
            script = argv[0]
        if not script or "$" in script:
            return None
        sf = self.script_file(script)
        if sf is None or sf.path in self.seen or not _is_script(sf):
            return None
        self.seen.add(sf.path)
        end = last_top_level(sf.commands)
        if end.command is None or end.traps or end.command.background:
            return None
        w = words(end.command.text)
        if not w:
            return None
        if w[0] == "exec":
            # `exec "$@"` (also `exec gosu app "$@"`): the image's CMD runs in the script's place
            if then is not None and any(a in ("$@", "${@}") for a in w[1:]):
                tline, ttext = then
                form = _form(ttext)
                return self.shell(form, tline, None) if isinstance(form, str) else self.program(form, tline, "CMD", None)
            return None
        prog = _program(w)
        if prog is None:
            return None
        if prog in ("$@", "${@}"):
            if then is None:
                return None
            prog = f"the image's CMD ({then[1][:60]})"
        elif not _long_running(w, prog):
            return None
        return _Found(sf, end.line, prog, how, self.via_tini)

    def script_file(self, path: str) -> FileFacts | None:
        """The project's shell script the container runs at ``path`` (see the module doc)."""
        files = self.project.files
        target = posixpath.normpath(path if path.startswith("/") else posixpath.join(self.stage.workdir, path))
        base = posixpath.dirname(self.df.path)
        contexts = [base]
        while base:
            base = posixpath.dirname(base)
            contexts.append(base)
        for sources, dest, workdir in reversed(self.stage.copies):
            dest_abs = posixpath.normpath(dest if dest.startswith("/") else posixpath.join(workdir, dest))
            for src in sources:
                rels = []
                if dest_abs == target:
                    rels.append(src)  # `COPY scripts/serve.sh /serve.sh`
                if target.startswith(dest_abs.rstrip("/") + "/"):
                    tail = target[len(dest_abs.rstrip("/")) + 1 :]
                    rels.append(posixpath.join(src, tail))  # `COPY . /app` or `COPY docker/ /app/docker/`
                    if posixpath.basename(src) == tail:
                        rels.append(src)  # `COPY server.sh ./`
                for ctx in contexts:
                    for rel in rels:
                        p = posixpath.normpath(posixpath.join(ctx, rel))
                        got = files.get(p)
                        if got is not None and got.lang == "text" and not p.startswith("../"):
                            return got
        name = posixpath.basename(target)
        near = posixpath.dirname(self.df.path)
        same = [f for p, f in files.items() if f.lang == "text" and posixpath.basename(p) == name
                and (not near or p.startswith(near + "/"))]
        return same[0] if len(same) == 1 else None


def _is_script(ff: FileFacts) -> bool:
    """A shell script the text frontend read (its kind is its own file name)."""
    name = posixpath.basename(ff.path).lower()
    return (ff.extra or {}).get("kind") == name and name not in ("procfile", "makefile") and not name.endswith((".yml", ".yaml", ".json"))


def _program(w: list[str]) -> str | None:
    """The program a command runs, past variable settings and wrappers
    (``env X=1``, ``gosu app``, ``chpst -u app``, ``nice -n 5``)."""
    i = 0
    while i < len(w):
        word = w[i]
        if _ASSIGN.match(word):
            i += 1
            continue
        name = posixpath.basename(word)
        if name in _WRAPPERS:
            i += 1
            while i < len(w) and (w[i].startswith("-") or _ASSIGN.match(w[i])):
                i += 2 if w[i] in _WRAPPERS[name] else 1
            if name in _WRAPPER_USER:
                i += 1
            continue
        return word if word in ("$@", "${@}") else name
    return None


def _long_running(w: list[str], prog: str) -> bool:
    """Does the command run a program that keeps running (see the module doc)?"""
    rest: list[str] = []
    for i, a in enumerate(w):
        if posixpath.basename(a) == prog:
            rest = w[i + 1 :]
            break
    if _PYTHON.match(prog):
        if rest[:1] == ["-c"] or (rest[:1] == ["-m"] and rest[1:2] and rest[1] in ("pip", "venv", "ensurepip", "compileall")):
            return False
        if rest and posixpath.basename(rest[0]) == "manage.py":
            sub = rest[1] if len(rest) > 1 else ""
            return sub.startswith("run") or sub in _MANAGE_SERVERS
        return bool(rest)
    if prog in _RUNTIMES:
        return bool(rest) and not any(a in ("-e", "--eval", "-v", "--version", "-version", "-p", "--print") for a in rest)
    if prog in _PACKAGE_MANAGERS:
        args = [a for a in rest if not a.startswith("-")]
        if not args:
            return False
        script = args[1] if args[0] == "run" and len(args) > 1 else args[0]
        return script in ("start", "serve") or (args[0] == "run" and npm_process_script(script))
    if prog == "flask":
        return "run" in rest
    if prog == "nginx":
        return "-t" not in rest and "-s" not in rest
    return prog in _SERVERS


@check("RS909")
def container_signal_not_forwarded(project: Project) -> Iterable[Hit]:
    overridden: set[str] | None = None
    for ff in project.files.values():
        if ff.lang != "text" or (ff.extra or {}).get("kind") != "dockerfile" or _not_deployed(ff.path):
            continue
        stage = _last_stage(ff)
        if stage.entrypoint is None and stage.cmd is None:
            continue
        judge = _Judge(project, ff, stage)
        found, line = judge.start()
        if found is None:
            continue
        if overridden is None:
            overridden = _overridden(project)
        if ff.path in overridden:
            continue
        script = posixpath.basename(found.script.path)
        prog = found.program if found.program.startswith("the image's") else f"`{found.program}`"
        who = "it" if found.program.startswith("the image's") else prog
        if found.via_tini:
            fate = (f"tini passes SIGTERM to the shell only, which exits at once: {who} never gets the signal and is killed with "
                    f"SIGKILL as the container ends")
        else:
            fate = (f"the shell, the container's main process (PID 1), drops a SIGTERM it has no handler for: {who} never gets the "
                    f"signal, and when the grace period ends (10 s by default) the container is killed with SIGKILL")
        yield Hit(
            "RS909", found.script.path, found.line,
            f"`{script}` runs {prog} as a child of its shell, without `exec`, and the image starts the script ({found.how} in "
            f"{ff.path}:{line}): `docker stop`, Compose and Kubernetes stop a container with SIGTERM, and {fate}, cutting off "
            f"in-flight requests and jobs with no shutdown code run",
            related=[Related(ff.path, line, f"the image starts `{script}` here")],
            anchor=f"shell-child@{script}:{found.program[:40]}",
        )
