"""Code that runs from a terminal, not in a server: command-line commands
(Python and Node), Django management commands, interactive prompts.

Such code runs once and exits, for one operator: connection-pool budgets do
not apply to it (RS101-RS103), a password it checks is typed at a prompt,
not guessed at a login endpoint (RS502), and an HTTP call without a timeout
holds the operator's terminal, not a server's workers (RS905).

:func:`run_by_hand` also counts a program that parses its own command line
(Python, under ``if __name__ == "__main__"`` or at its top level; Node, with
a CLI parser) and a file in a scripts folder, when it starts no server,
worker loop or route and no other file imports it (nor loads it by name and
runs a function of it: a plugin, whose functions its callers judge); and a
function whose
every caller, up to two levels, is such code (a helper of a click command;
callers in other modules are not all known, since the trigger prefilter
leaves most modules unparsed: the files that name the function are parsed
to look).
"""

from __future__ import annotations

from typing import Iterator

from ..facts import CALL, FN, IDENT, STR, Call, FileFacts, Func
from ..lazyre import lazy_re
from ..project import Project, scope_chain
from ._longrun import entry_calls, import_graph, importers_of, loop_at, npm_script_programs, serving_calls, unparsed_importers, worker_loop, worker_loops
from ._memo import per_file, per_project
from ._prompts import is_prompt
from ._resolve import call_sites, callee_funcs, definitions, fn_of_val, module_and_attr, walk_vals
from ._routes import class_bases, extends
from ._services import (
    DJANGO_COMMAND_BASES, click_commands_run, click_subcommands, console_script_files, console_script_functions, example_code, in_main_guard,
    is_demo_path, is_script_path,
)

# decorators of command-line commands (click, typer; Flask's app.cli.command)
_CLI_DECORATORS = (".command", ".group")
# task runners' tasks (invoke, fabric): run by hand, `invoke load-fixtures`
_TASK_RUNNERS = frozenset({"invoke.task", "invoke.tasks.task", "fabric.task", "fabric.tasks.task", "fabric.api.task"})


def in_command(project: Project, ff: FileFacts, fid: str) -> bool:
    """Is function ``fid`` (or one it is nested in) a command-line command:
    ``@click.command()``, typer's ``@app.command()``, ``@app.cli.command()``,
    an invoke/fabric ``@task``, a JS CLI parser's ``.command(...).action(fn)``?
    (A chat bot's ``@bot.command()`` runs in a long-lived process: plain
    ``.command`` decorators count only in files that import click or typer,
    or when they resolve to click/typer, imported inside a function.)"""
    if ff.lang != "py":
        # cac/commander/yargs: `cli.command('patch <file>').action(async (file) => ...)` (hydrooj),
        # or a function of another module handed over by name (`.action(actions.get)`, surfer)
        if not fid:
            return False
        actions = _js_command_actions(project)
        return any((ff.path, fn.id) in actions for fn in project.scopes(ff, fid))
    cli = any(m.split(".", 1)[0] in ("click", "typer") for m in ff.imports.values())
    for fn in project.scopes(ff, fid):
        for d in fn.decorators:
            if d.k in (CALL, IDENT) and (
                d.v.endswith(".cli.command")
                or (d.v.endswith(_CLI_DECORATORS) and (cli or d.v.startswith(("click.", "typer."))))
                or d.v in _TASK_RUNNERS
            ):
                return True
    return False


def _js_command_actions(project: Project) -> frozenset[tuple[str, str]]:
    """(path, function id) of every function a JS CLI parser runs as a command's
    action: ``.command(...).action(fn)`` in a file importing cac, commander,
    yargs..., the function written in place or named (resolved through imports)."""
    got = project.__dict__.get("_rs_js_actions")
    if got is None:
        found: set[tuple[str, str]] = set()
        for ff in project.parsed_code_files():
            if ff.lang == "py" or not any(m.split("/", 1)[0] in _JS_CLI_LIBS for m in ff.modules):
                continue
            for c in ff.calls:
                if c.method != "action" or ".command(" not in c.recv:
                    continue
                for a in c.args:
                    if a.k == FN:
                        found.add((ff.path, a.v))
                    elif a.k == IDENT:
                        target = fn_of_val(project, ff, a)
                        if target is not None:
                            found.add((target[0].path, target[1].id))
        got = project.__dict__["_rs_js_actions"] = frozenset(found)
    return got


def terminal_code(project: Project, ff: FileFacts, fid: str) -> bool:
    """Code an operator runs at a terminal: a command-line command, a Django
    management command, a method of an interactive command shell
    (:func:`_command_shell`), or code that prompts (``getpass.getpass``,
    ``inquirer.prompt``...) in the same function, in another method of the
    same class or a function nested in one (unmanic's ``PluginsCLI``: a menu
    in ``run()``, downloads in ``install_test_data()``), or at module level."""
    if "/management/commands/" in f"/{ff.path}":
        return True
    own = _method_class(project, ff, fid) if fid else ""
    if own and _command_shell(project, ff, own) and not _served_method(project, ff, fid, own):
        return True
    if own and _command_class(project, ff, own) and not _served_method(project, ff, fid, own) and not _starts_server(project, ff, project.scopes(ff, fid)[-1].id):
        return True
    for c in _prompt_calls(project, ff):
        # a prompt at module level makes the module a terminal program; in a
        # function, only that function (and what it nests) prompts: jupyter's
        # passwd() prompts, its passwd_check() serves the web login
        if not c.func or c.func == fid or (fid and project.is_inside(ff, fid, c.func)):
            return True
        if own and _method_class(project, ff, c.func) == own and not _lone_static_prompt(project, ff, c.func, own) \
                and not _served_method(project, ff, fid, own):
            return True
    return in_command(project, ff, fid) and not _group_serves(project, ff, fid)


@per_file
def _prompt_calls(project: Project, ff: FileFacts) -> list[Call]:
    """The calls of ``ff`` that prompt the operator (:func:`is_prompt`):
    found once per file, not once per function asked about."""
    return [c for c in ff.calls if is_prompt(project, ff, c)]


def _group_serves(project: Project, ff: FileFacts, fid: str) -> bool:
    """Is the outermost function of ``fid`` a click group one of whose
    commands (registered on it, or on a group under it) starts a server or
    worker?  The group's own code runs before each of its commands, the
    serving one among them: it is that service's start-up, not an operator's
    errand (cellxgene's ``@click.group() def cli()``, whose release check runs
    before ``cli.add_command(launch)`` serves the Flask app)."""
    return _serving_command(project, ff, fid) is not None


def _serving_command(project: Project, ff: FileFacts, fid: str) -> str | None:
    """The name of the command that starts a server or worker under the click
    group that is the outermost function of ``fid`` (see :func:`_group_serves`)."""
    chain = project.scopes(ff, fid) if ff.lang == "py" and fid else []
    if not chain or chain[-1].cls or not any(d.k in (CALL, IDENT) and d.v.endswith(".group") for d in chain[-1].decorators):
        return None
    todo = [(project.full(ff), chain[-1].name)]
    seen: set[tuple[str, str]] = set()
    while todo and len(seen) < 64:
        g, name = todo.pop()
        if (g.path, name) in seen:
            continue
        seen.add((g.path, name))
        for tf, sub in click_subcommands(project, g, name):
            fn = next((f for f in project.funcs(tf).values() if f.name == sub and not f.parent and not f.cls), None)
            if fn is not None and (_starts_server(project, tf, fn.id) or _builds_server(project, tf, fn.id)):
                return sub
            todo.append((tf, sub))
    return None


def serving_group(project: Project, ff: FileFacts, fid: str) -> tuple[FileFacts, Func, str] | None:
    """(module, group function, serving command) when the Python function
    ``fid`` is the code of a click group whose command starts a server, or
    is called from one (up to two levels of callers, callers the prefilter
    left unparsed included): it runs at that service's start-up.  The
    callers of the second level matter only when they are click groups, so
    they are searched only through the files that can hold one."""
    if not _serving_groups(project):
        return None
    todo, seen = [(ff, fid, 0)], set()
    while todo:
        g, f, depth = todo.pop(0)
        chain = project.scopes(g, f) if f else []
        if not chain or (g.path, chain[-1].id) in seen:
            continue
        top = chain[-1]
        seen.add((g.path, top.id))
        sub = _serving_command(project, g, top.id)
        if sub is not None:
            return g, top, sub
        if depth >= 2 or top.cls:
            continue
        sites = call_sites(project, g, top)
        unseen = _unparsed_call_sites(project, g, top, "group" if depth else "") or []
        todo.extend((h, c.func, depth + 1) for h, c in sites + unseen if c.func)
    return None


@per_project
def _group_files(project: Project) -> tuple[FileFacts, ...]:
    """The Python code files that can hold a click group: their text spells
    the word ``group`` (``@click.group()``, ``@cli.group()``, an import of
    click's ``group``).  Searching a function's callers through the files the
    prefilter left unparsed reads every one of them, again for each function
    judged: :func:`serving_group` searches its second-level callers, which
    matter only as groups, through these only."""
    return tuple(g for g in project.code_files() if g.lang == "py" and project.may_mention(g.path, "group"))


@per_project
def _serving_groups(project: Project) -> bool:
    """Does the project hold a click group whose command starts a server
    (:func:`_serving_command`)?  Only the files whose text can write a group's
    decorator are parsed to tell; without one, no function runs at a serving
    group's start-up and no caller needs searching."""
    for g in project.code_files():
        if g.lang != "py" or not project.may_match(g.path, "click-group"):
            continue
        full = project.full(g)
        if any(not fn.parent and not fn.cls and _serving_command(project, full, fn.id) is not None for fn in project.funcs(full).values()):
            return True
    return False


# the standard library's line-oriented command interpreter and cmd2's
_SHELL_BASES = frozenset({"cmd.Cmd", "cmd2.Cmd", "cmd2.cmd2.Cmd"})


def _command_shell(project: Project, ff: FileFacts, cls: str) -> bool:
    """Is the Python class ``cls`` of ``ff`` an interactive command shell, a
    subclass of ``cmd.Cmd`` or ``cmd2.Cmd`` (directly or through project
    classes, three levels)?  Its ``cmdloop()`` reads commands an operator types
    at a terminal and runs its methods for them (psiTurk's
    ``PsiturkNetworkShell(Cmd)``, whose intro prompt fetches a status message)."""
    return extends(project, ff, cls, _SHELL_BASES)


# command classes of command-line frameworks: doit's (nikola's plugin commands
# extend it), cliff's (OpenStack clients), cleo's (poetry), setuptools' and
# distutils' `setup.py` commands, Django's management commands
_COMMAND_BASES = frozenset({
    "doit.cmd_base.Command", "doit.cmd_base.DoitCmdBase",
    "cliff.command.Command", "cliff.lister.Lister", "cliff.show.ShowOne",
    "cleo.commands.command.Command", "cleo.Command",
    "setuptools.Command", "distutils.cmd.Command", "distutils.core.Command",
    *DJANGO_COMMAND_BASES,
})


def _command_class(project: Project, ff: FileFacts, cls: str) -> bool:
    """Is the Python class ``cls`` of ``ff`` a command of a command-line
    framework, a subclass of one of :data:`_COMMAND_BASES` (directly or
    through project classes, three levels)?  The framework runs its methods
    for a command an operator types (``nikola theme -i NAME``: nikola's
    ``CommandTheme(Command)``, its ``Command`` extending doit's, downloads the
    theme in ``_execute``), once, and exits.  A method that starts a server
    or worker (``nikola serve``) is not judged so."""
    return extends(project, ff, cls, _COMMAND_BASES)


def _lone_static_prompt(project: Project, ff: FileFacts, fid: str, cls: str) -> bool:
    """The prompt is in a ``@staticmethod`` of ``cls`` (or a function nested
    in one) that no method of the class calls: a wizard kept in the class's
    namespace for another module to call, sharing nothing with its siblings.
    Its prompting makes only itself terminal code (Red-DiscordBot's
    ``PostgresDriver.get_config_details()`` asks for the connection details
    for ``redbot-setup``, while ``initialize()`` builds the pool the bot runs
    on).  A static ``ask()`` that a method of the class calls
    (``self.ask(...)``, ``cls.ask(...)``) still makes the class terminal code."""
    method = next((fn for fn in project.scopes(ff, fid) if fn.cls == cls), None)
    if method is None or not any(d.k == IDENT and d.v == "staticmethod" for d in method.decorators):
        return False
    return not any(c.method == method.name and c.func and c.func != method.id and _method_class(project, ff, c.func) == cls
                   and c.recv in ("self", "cls", cls) for c in ff.calls)


def _served_method(project: Project, ff: FileFacts, fid: str, cls: str) -> bool:
    """Is the method of ``cls`` that ``fid`` is (or is nested in) called from
    a function of another module that serves (routes, a server start, a worker
    loop), one that no operator runs by hand?  Then a prompt in another method of the
    class does not make it terminal code: glances' ``GlancesPassword`` prompts
    in ``get_password()``, and its REST API's token view calls ``check_password()``."""
    method = next((fn for fn in project.scopes(ff, fid) if fn.cls == cls), None)
    if method is None:
        return False
    return any(g is not ff and c.func and not _serves_nothing(project, g) and not run_by_hand(project, g, c.func)
               for g, c in call_sites(project, ff, method))


def _method_class(project: Project, ff: FileFacts, fid: str) -> str:
    """The class whose method ``fid`` is or is nested in (a prompt in a helper
    a method defines, kallithea's ``DbManage.create_admin_user`` reading the
    password through its inner ``get_password()``), or ""."""
    return next((fn.cls for fn in project.scopes(ff, fid) if fn.cls), "")


# Node command-line parsers
_JS_CLI_LIBS = frozenset({"commander", "yargs", "cac", "meow", "minimist", "sade", "@oclif", "clipanion", "vorpal", "caporal"})
# what a program that reads its own command line calls
_ARGV_PARSERS = frozenset({"argparse.ArgumentParser", "optparse.OptionParser", "getopt.getopt", "getopt.gnu_getopt", "docopt.docopt", "fire.Fire"})


@per_file
def argv_program(project: Project, ff: FileFacts) -> bool:
    """A program run from a terminal that starts no server, worker loop or
    route. Python: it parses its command line (argparse, optparse, getopt,
    docopt, fire, ``sys.argv``) and has an ``if __name__ == "__main__"``
    block or reads the command line at its top level. Node: it uses a CLI
    parser (commander, yargs...) or reads ``process.argv`` at its top level."""
    if ff.lang in ("js", "ts"):
        # a Node command-line tool: a CLI parser (commander, yargs...) or a
        # top-level read of process.argv
        return (
            any(m.split("/", 1)[0] in _JS_CLI_LIBS for m in ff.modules) or any(not c.func and "process.argv" in c.text for c in ff.calls)
        ) and _serves_nothing(project, ff)
    return (
        ff.lang == "py"
        and (any(c.callee in _ARGV_PARSERS for c in ff.calls) or "sys.argv" in ff.attrs)
        # run as a program: a __main__ block, or the command line read at
        # the top level (`URL = '...'.format(sys.argv[1])`)
        and (bool((ff.extra or {}).get("main_guard")) or any(not c.func and (c.callee in _ARGV_PARSERS or "sys.argv" in c.text) for c in ff.calls))
        and _serves_nothing(project, ff)
    )


@per_file
def one_off_file(project: Project, ff: FileFacts) -> bool:
    """A program run by hand, which no other file imports: an
    :func:`argv_program`, a module the package installs as a command
    (``console_scripts``, package.json ``bin``), a file a package.json script
    other than the service's start scripts runs (:func:`npm_script_programs`),
    or a file in a scripts folder (``scripts/``,
    ``bin/``, ``tools/``, migrations, seeds) that starts no server, worker
    loop or route (``bin/www`` starting Express is not one)."""
    return _one_off(project, ff, frozenset())


def _one_off(project: Project, ff: FileFacts, seen: frozenset[str]) -> bool:
    if _plugin(project, ff):
        # whether a plugin's functions run by hand is up to their callers, the
        # module that loads it among them
        return False
    # (importers the trigger prefilter left unparsed count too for a Python
    # module that is a program only by its folder: cellxgene's
    # server/cli/upgrade.py, imported by the click group of cli/cli.py)
    unseen = unparsed_importers(project, ff) if ff.path not in _imported(project) and _folder_program(project, ff) else []
    if ff.path in _imported(project) or unseen:
        # a module in a scripts folder that only command-line programs import
        # (hb-service's bin/platforms/win32.js, whose installer only the
        # `install` command runs) is part of those programs, and so is one
        # that only such modules of theirs import (botpress's lib/cli/auth.js,
        # imported by the commander program lib/cli/index.js and by
        # lib/cli/ghost-sync.js, which only that program imports); so is a
        # program of its own (a console script) that only such programs
        # import (ReviewBoard's rb-site, reviewboard/cmdline/rbsite.py,
        # imported by the developer script contrib/internal/prepare-dev.py)
        if ff.path in seen or not (_in_script_dir(project, ff) or _program(project, ff)):
            return False
        importers = [p for p in importers_of(project).get(ff.path, ()) if p != ff.path] + unseen
        return bool(importers) and _serves_nothing(project, ff) and all(
            (g := project.files.get(p)) is not None and _one_off(project, g, seen | {ff.path}) for p in importers)
    return _program(project, ff)


def _folder_program(project: Project, ff: FileFacts) -> bool:
    """A Python module taken for a program only because it sits in a scripts
    folder: it reads no command line and no console script names it."""
    return ff.lang == "py" and _in_script_dir(project, ff) and not argv_program(project, ff) and ff.path not in console_script_files(project)


def _program(project: Project, ff: FileFacts) -> bool:
    if argv_program(project, ff) or _unimportable_main(ff) and _serves_nothing(project, ff) or (ff.path in console_script_files(project) and _serves_nothing(project, ff) and not _starts_elsewhere(project, ff)):
        return True
    if ff.path in _subcommand_files(project) and _serves_nothing(project, ff):
        return True
    if ff.path in npm_script_programs(project) and _serves_nothing(project, ff):
        return True  # `"download-dist": "node extra/download-dist.js"`, wherever the file lives
    # (a module named as an example that the application imports is the
    # application's: MapProxy's `service/demo.py`, its `/demo/` service)
    # (a console script in such a folder that runs a service through another
    # module starts one: a `cli/` module whose click group takes `launch`)
    return (_in_script_dir(project, ff) and _serves_nothing(project, ff) and not (is_demo_path(ff.path) and not example_code(project, ff.path))
            and not (ff.path in console_script_files(project) and _starts_elsewhere(project, ff)))


def _unimportable_main(ff: FileFacts) -> bool:
    """A Python file with a ``__main__`` block whose name no ``import`` can
    spell (``build-confusables.py``): it only ever runs as a program, started
    by whoever types its name, even when it reads no command line."""
    stem = ff.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ff.lang == "py" and not stem.isidentifier() and bool((ff.extra or {}).get("main_guard"))


# `"mediagoblin.gmg_commands.batchaddmedia:batchaddmedia"`: a function named the entry-point way
_COMPONENT = lazy_re(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+):([A-Za-z_]\w*)")


@per_project
def _subcommand_files(project: Project) -> frozenset[str]:
    """Modules whose functions a console script's module runs as its
    subcommands, named in a module-level table of ``module:function`` strings
    that the command imports by name (mediagoblin's ``gmg``: ``SUBCOMMAND_MAP =
    {'batchaddmedia': {'func': 'mediagoblin.gmg_commands.batchaddmedia:batchaddmedia',
    ...}}``, loaded with ``import_component``)."""
    out: set[str] = set()
    for path in console_script_functions(project):
        ff = project.files.get(path)
        if ff is None or ff.lang != "py":
            continue
        for val in project.full(ff).consts.values():
            for v in walk_vals(val):
                m = _COMPONENT.fullmatch(v.v) if v.k == STR else None
                got = module_and_attr(project, f"{m.group(1)}.{m.group(2)}") if m is not None else None
                if got is not None and got[0].path != ff.path and any(f.name == got[1] and not f.cls for f in project.full(got[0]).funcs):
                    out.add(got[0].path)
    return frozenset(out)


def _starts_elsewhere(project: Project, ff: FileFacts) -> bool:
    """Does a function the package's console scripts name in ``ff`` call (or
    nest a call of) a function of another project module that starts a server
    or runs a worker loop?  The command runs that service: patroni's
    ``patroni_raft_controller = patroni.raft_controller:main`` calls
    ``abstract_main(RaftController, ...)`` of ``patroni/daemon.py``, whose
    daemon loops ``while not self.received_sigterm``."""
    names = console_script_functions(project).get(ff.path, frozenset())
    for fn in ff.funcs:
        if fn.cls or fn.name not in names:
            continue
        for c in project.calls_in(ff, fn.id, nested=True):
            if any(tf is not ff and (_entries(project, tf) or worker_loop(tf) is not None) for tf, _ in callee_funcs(project, ff, c)):
                return True
    groups = click_commands_run(project).get(ff.path, ())
    full = project.full(ff) if groups else ff  # (a group module with no trigger token: parsed now)
    if any(_group_serves(project, full, fn.id) for fn in full.funcs if not fn.cls and not fn.parent and fn.name in groups):
        return True  # (a click group whose serving command it takes: cellxgene's `cli` -> `launch`)
    return any(dep != ff.path and _click_command_loops(project, dep) for dep in import_graph(project).get(ff.path, ()))


def _click_command_loops(project: Project, path: str) -> bool:
    """Does a click command of module ``path`` that a console script runs
    (:func:`click_commands_run`: ``datahub_actions.add_command(actions)``,
    then ``@actions.command() def run()``) hold a worker loop?  The console
    script that takes it runs a daemon (datahub-actions' ``run`` waits in
    ``while True: time.sleep(5)`` while its pipelines run)."""
    names = click_commands_run(project).get(path)
    tf = project.files.get(path)
    if not names or tf is None or tf.lang != "py":
        return False
    tf = project.full(tf)  # (a module with no trigger token of the rule: parsed now)
    funcs = project.funcs(tf)
    for line, _label in worker_loops(tf):
        chain = scope_chain(funcs, str((loop_at(project, tf, line) or {}).get("func", "")))
        if chain and not chain[-1].cls and chain[-1].name in names:
            return True
    return False


def _in_script_dir(project: Project, ff: FileFacts) -> bool:
    svc = project.service_of(ff.path)
    return is_script_path(ff.path, svc.root if svc is not None else "")


@per_project
def _imported(project: Project) -> frozenset[str]:
    """Files another project file imports: a module, not a program (a ``cli.py``
    whose helpers a web module uses too)."""
    return frozenset(dep for path, deps in import_graph(project).items() for dep in deps if dep != path)


def _serves_nothing(project: Project, ff: FileFacts) -> bool:
    return not ff.routes and not _entries(project, ff) and worker_loop(ff) is None


def run_by_hand(project: Project, ff: FileFacts, fid: str) -> bool:
    """Code only an operator runs: :func:`terminal_code`, anything in a
    :func:`one_off_file`, or a function whose callers (at least one, up to two
    levels; callers in other modules at both levels, and only when no file the
    prefilter left unparsed calls the function otherwise: fides' client
    ``core/user.get_access_token`` <- ``login_command`` of the same module <-
    a click command of ``cli/commands/user.py``) all are."""
    return _by_hand(project, ff, fid, 0)


def command_output(project: Project, ff: FileFacts, fid: str) -> bool:
    """Code of a Node command-line command that starts no server or worker: a
    function a CLI parser runs as a command's action (``program.command("add
    <name>").action(fn)``), or one only such code calls, whose outermost
    function starts nothing (shout's ``add``/``remove``/``list`` commands
    beside its ``start`` command, which calls the server).  What it writes to
    the console is the command's answer on the operator's terminal."""
    if ff.lang == "py" or not fid or not _js_command_actions(project) or not run_by_hand(project, ff, fid):
        return False
    chain = project.scopes(ff, fid)
    return bool(chain) and not _starts_server(project, ff, chain[-1].id)


def _by_hand(project: Project, ff: FileFacts, fid: str, depth: int) -> bool:
    memo = project.__dict__.setdefault("_rs_by_hand", {})
    k = (ff.path, fid, depth)
    if k not in memo:
        memo[k] = False  # (a recursive call graph ends here)
        memo[k] = terminal_code(project, ff, fid) or one_off_file(project, ff) or (depth < 2 and _callers_by_hand(project, ff, fid, depth))
    return memo[k]


def _callers_by_hand(project: Project, ff: FileFacts, fid: str, depth: int) -> bool:
    chain = project.scopes(ff, fid)
    fn = chain[-1] if chain else None  # a nested function runs when its outermost one does
    if fn is None or fn.name == "<anon>" or ff.routes or _entries(project, ff):
        return False  # (a server's own module: its factories serve requests too)
    sites = (_constructions(project, ff, fn) if fn.name == "__init__"
             else call_sites(project, ff, fn) + _dispatched(project, ff, fn) + _task_sends(project, ff, fn) if not fn.cls else [])
    if depth <= 1 and (not sites or any(g is not ff for g, _ in sites)):
        # callers in modules the trigger prefilter left unparsed, parsed now
        # (with no caller seen at all, only operator programs are searched:
        # saleor's populatedb command calling a seeding helper)
        unseen = _unparsed_call_sites(project, ff, fn, "" if sites else "operator")
        if unseen is None:
            return False
        sites = sites + unseen
    if not sites or (depth > 1 and any(g is not ff for g, _ in sites)):
        return False
    return all((_under_main_guard(g, c) or _by_hand(project, g, c.func, depth + 1)) and not _starts_server(project, g, c.func) for g, c in sites)


# how a job queue's task function is sent to its worker (Celery `t.delay()`,
# `t.apply_async(...)`, a signature `t.s(x)`, `t.si(x)`, `t.signature(...)`)
_TASK_SENDS = ("delay", "apply_async", "s", "si", "signature")


def _task_sends(project: Project, ff: FileFacts, fn: Func) -> list[tuple[FileFacts, Call]]:
    """Sends of the decorated module-level Python function ``fn`` to a worker
    (``refresh.apply_async(...)`` in a view or a signal receiver): the worker
    runs it for that code too, so a management command that also calls it
    directly (``refresh(slug)`` for ``--sync``) is not its only caller."""
    if fn.cls or fn.parent or ff.lang != "py" or not fn.decorators:
        return []
    return [(g, c) for g, c in project.calls_named(*_TASK_SENDS)
            if g.lang == "py" and c.recv and c.recv.rsplit(".", 1)[-1] == fn.name
            and any(d.func is not None and d.ff.path == ff.path and d.func.id == fn.id for d in definitions(project, g, c.recv))]


# what loads a module by a name known only at run time
_MODULE_LOADERS = frozenset({"importlib.import_module", "__import__", "importlib.util.module_from_spec"})


def _dispatched(project: Project, ff: FileFacts, fn: Func) -> list[tuple[FileFacts, Call]]:
    """Calls of the module-level Python function ``fn`` by its name on a
    module another file loads by name and keeps in a table, in a file that
    loads modules so (``importlib.import_module``): misp-modules' server runs
    ``MODULES_HANDLERS[module_name].handler(q=...)`` for whichever plugin a
    request names, though a plugin's only caller in sight is its own
    ``main()`` self-test under ``if __name__ == "__main__":``."""
    if fn.cls or fn.parent or ff.lang != "py":
        return []
    return [(g, c) for g, c in _table_calls(project).get(fn.name, ()) if g is not ff]


@per_project
def _table_calls(project: Project) -> dict[str, list[tuple[FileFacts, Call]]]:
    """Method calls on a table entry (``TABLE[name].handler(...)``) of an
    object of no known type, in the Python files that load modules by name,
    by method name; each list in file and position order (as
    ``Project.calls_named`` gives them).  Worked out once: asked for each
    function of each module, the filter over every call of that name was a
    second of a large project's checks."""
    out: dict[str, list[tuple[FileFacts, Call]]] = {}
    for g in project.files.values():
        if g.lang == "py" and g.calls and any(d.callee in _MODULE_LOADERS for d in g.calls):
            for c in g.calls:
                if c.method and not c.recv_type and c.recv.endswith("]"):
                    out.setdefault(c.method, []).append((g, c))
    for calls in out.values():
        calls.sort(key=lambda gc: (gc[0].path, gc[1].line, gc[1].col))
    return out


@per_file
def _plugin(project: Project, ff: FileFacts) -> bool:
    """A module another module loads by name and runs a function of (see
    :func:`_dispatched`): it is imported, though no import names it."""
    return any(_dispatched(project, ff, fn) for fn in ff.funcs)


def _under_main_guard(ff: FileFacts, call: Call) -> bool:
    """A module-level call under ``if __name__ == "__main__":`` runs only when
    the module is run as a program (mediagoblin's ``db/models.py`` debug helper),
    not when the service imports it."""
    return not call.func and in_main_guard(ff, call.line)


def main_block_call(project: Project, ff: FileFacts, call: Call) -> bool:
    """A call written in the module's own ``if __name__ == "__main__":``
    block (not in a function) of a module that starts no server, worker loop or
    route, and whose block calls into no other module that does: it runs only
    when someone runs the file as a program, never when the service imports
    the module (mitmproxy's ``utils/emoji.py`` fetches GitHub's emoji list
    there to rewrite its own table)."""
    if not _under_main_guard(ff, call) or not _serves_nothing(project, ff):
        return False
    return not any(
        _under_main_guard(ff, c) and any(tf is not ff and (_entries(project, tf) or worker_loop(tf) is not None) for tf, _ in callee_funcs(project, ff, c))
        for c in ff.calls
    )


def _unparsed_call_sites(project: Project, ff: FileFacts, fn: Func, among: str = "") -> list[tuple[FileFacts, Call]] | None:
    """Calls of ``fn`` in files the trigger prefilter left unparsed (a click
    command module that calls a helper of another module: lektor's
    ``add_package``): each file of the language whose text names the function
    is parsed now.  None when such a file calls something of that name that
    resolves to no function at all: a caller that cannot be judged.
    ``among``: search all code files (''), only :func:`_operator_files`
    ('operator') or only :func:`_group_files` ('group')."""
    js = ff.lang != "py"
    # a class's constructor is called by the class's name (any such call is
    # taken as unjudgeable); a function by its own
    name = fn.cls if fn.name == "__init__" else fn.name
    out: list[tuple[FileFacts, Call]] = []
    others = 0  # calls of other project functions of the same name seen so far
    for g in _unparsed_callers(project, name, js, among):
        if g is ff:
            continue
        full = project.full(g)
        for c in full.calls:
            if c.callee.rsplit(".", 1)[-1] != name and c.method != name:
                continue
            if fn.cls:
                return None
            targets = callee_funcs(project, full, c)
            if any(tf is ff and f.id == fn.id for tf, f in targets):
                out.append((full, c))
                continue
            # a call of another project function of the same name (opencve's
            # `cve.run()` beside `cwe.run()`) is no call of this one; past a
            # few, the name is too common to read every file that spells it
            others += 1
            if not targets or others > 3:
                return None
    return out


@per_project
def _unparsed_callers(project: Project, name: str, js: bool, among: str) -> "_Callers":
    """The unparsed code files of one language (JS/TS or Python; of the pool
    ``among`` names, see :func:`_unparsed_call_sites`) that can call ``name``:
    parsed on demand already, or their text spells the word right before a
    parenthesis (a file that never spells ``name(`` holds no call of it).
    Worked out once per name, and lazily, as far as a caller iterates."""
    pool = _operator_files(project) if among == "operator" else _group_files(project) if among == "group" else project.code_files()
    return _Callers(project, name, js, pool)


class _Callers:
    """The files of ``pool`` that can call ``name``, found as far as anyone
    has iterated: a search that stops early (a name too common to judge)
    reads no more files than it needs, and the next search of the same name
    goes on from there.  Iterations may nest (the list only grows)."""

    __slots__ = ("project", "name", "js", "pool", "next", "found")

    def __init__(self, project: Project, name: str, js: bool, pool: tuple[FileFacts, ...]) -> None:
        self.project, self.name, self.js, self.pool = project, name, js, pool
        self.next = 0
        self.found: list[FileFacts] = []

    def __iter__(self) -> Iterator[FileFacts]:
        k = 0
        while True:
            if k < len(self.found):
                yield self.found[k]
                k += 1
                continue
            if self.next >= len(self.pool):
                return
            g = self.pool[self.next]
            self.next += 1
            # (parsed on the way: a file parsed on demand before is searched
            # whatever its text, as it always was)
            if g.shallow and (g.lang != "py") == self.js and self.project.full(g, self.name, called=True) is not g:
                self.found.append(g)


@per_project
def _operator_files(project: Project) -> tuple[FileFacts, ...]:
    """Unparsed code files that are operator programs by their path: Django
    management commands and files in scripts folders."""
    return tuple(g for g in project.code_files() if g.shallow and ("/management/commands/" in f"/{g.path}" or is_script_path(g.path)))


def _starts_server(project: Project, ff: FileFacts, fid: str) -> bool:
    """Does function ``fid`` (or a function nested in it) start a server or
    worker (a click ``serve`` command calling ``uvicorn.run``)?  What it builds
    on the way serves requests for as long as the process lives."""
    if any(not fid or e.func == fid or (e.func and project.is_inside(ff, e.func, fid)) for e in entry_calls(ff)):
        return True
    # ...or through a function of a module that does (`serve` -> `server.start(args)`)
    return any(_entries(project, tf) for c in project.calls_in(ff, fid, nested=True) for tf, _ in callee_funcs(project, ff, c) if tf is not ff)


@per_file
def _entries(project: Project, ff: FileFacts) -> bool:
    """Does the file start a server or worker (memoised: asked for every caller)?"""
    return bool(serving_calls(ff))


def _builds_server(project: Project, ff: FileFacts, fid: str) -> bool:
    """Does Python function ``fid`` construct a class of its own module that
    extends a class of another project module that starts a server?
    (cellxgene's ``launch`` command: ``CliLaunchServer(app_config)``, a
    subclass of ``server/app/app.py``'s ``Server``, whose constructor builds
    the Flask app that ``server.app.run()`` then serves.)"""
    own = {c.get("name") for c in (ff.extra or {}).get("classes") or () if isinstance(c, dict)}
    for c in project.calls_in(ff, fid, nested=True):
        if c.method or c.callee not in own:
            continue
        for base in class_bases(ff, c.callee):
            got = module_and_attr(project, base)
            if got is not None and got[0].path != ff.path and _entries(project, project.full(got[0])):
                return True
    return False


def _constructions(project: Project, ff: FileFacts, init: Func) -> list:
    """Python calls that construct ``init``'s class (``DbManage(uri)``): in its
    own module, or resolved to it from another."""
    if ff.lang != "py" or not init.cls:
        return []
    out = []
    for g, c in project.calls_named(init.cls):
        if c.method or g.lang != "py":
            continue
        target = module_and_attr(project, c.callee) if "." in c.callee else None
        if (g is ff and c.callee == init.cls) or (target is not None and target[0] is ff and target[1] == init.cls):
            out.append((g, c))
    return out
