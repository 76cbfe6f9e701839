"""RS909 (a container start script that keeps the stop signal from the service):
what the message says and how scripts are read, beyond the rule examples."""

from __future__ import annotations

from helpers import scan_tree

from riskscan.checks._shell import last_top_level, simple_commands


def _rs909(tmp_path, files):
    result = scan_tree(tmp_path, files, select=("RS909",))
    return [(f.path, f.line, f.message, [(r.path, r.line) for r in f.related]) for f in result.findings if f.rule_id == "RS909"]


def test_message_says_the_shell_is_pid_1_and_points_at_the_dockerfile(tmp_path):
    got = _rs909(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY start.sh /start.sh\nCMD [\"/start.sh\"]\n",
        "start.sh": "#!/bin/sh\npython manage.py migrate --noinput\ngunicorn app.wsgi\n",
    })
    assert len(got) == 1
    path, line, message, related = got[0]
    assert (path, line) == ("start.sh", 3)
    assert "runs `gunicorn` as a child of its shell, without `exec`" in message
    assert "(CMD in Dockerfile:3)" in message
    assert "PID 1" in message and "tini" not in message
    assert related == [("Dockerfile", 3)]


def test_message_under_tini_says_the_shell_exits_and_the_service_is_killed(tmp_path):
    got = _rs909(tmp_path, {
        "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"sh\", \"bin/run.sh\"]\n",
        "bin/run.sh": "#!/bin/sh\nnpm start\n",
    })
    assert [(p, ln) for p, ln, _m, _r in got] == [("bin/run.sh", 2)]
    assert "tini passes SIGTERM to the shell only" in got[0][2]
    assert "`npm`" in got[0][2]


def test_entrypoint_handing_over_without_exec_names_the_image_command(tmp_path):
    got = _rs909(tmp_path, {
        "Dockerfile": "FROM node:20\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"node\", \"server.js\"]\n",
        "entrypoint.sh": "#!/bin/sh\nsu-exec app \"$@\"\n",
    })
    assert [(p, ln) for p, ln, _m, _r in got] == [("entrypoint.sh", 2)]
    assert "runs the image's CMD" in got[0][2]


def test_a_script_found_by_name_only_when_one_script_has_it(tmp_path):
    files = {
        "deploy/Dockerfile": "FROM node:20\nCMD [\"/usr/local/bin/start.sh\"]\n",
        "deploy/docker/start.sh": "#!/bin/sh\nnode server.js\n",
    }
    assert [(p, ln) for p, ln, _m, _r in _rs909(tmp_path / "one", files)] == [("deploy/docker/start.sh", 2)]
    files["deploy/other/start.sh"] = "#!/bin/sh\nexec node server.js\n"
    assert _rs909(tmp_path / "two", files) == []  # which one the image copies is unknown


def test_earlier_stages_and_shell_functions_do_not_count(tmp_path):
    got = _rs909(tmp_path, {
        "Dockerfile": ("FROM node:20 AS build\nCOPY build.sh /build.sh\nCMD [\"/build.sh\"]\n"
                       "FROM node:20-slim\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n"),
        "build.sh": "#!/bin/sh\nnode build.js\n",
        "run.sh": "#!/bin/sh\nstart() {\n  node server.js\n}\nstart\n",
    })
    assert got == []  # the last stage's script ends by calling a function, not a program


def test_last_top_level_skips_compounds_functions_and_here_documents():
    commands = [
        [2, "set -e"],
        [3, "cat > /etc/app.conf <<EOF"],
        [4, "listen = 8080"],
        [5, "fi"],
        [6, "EOF"],
        [7, "if [ -n \"$DEBUG\" ]; then export LOG=debug; fi"],
        [8, "main() {"],
        [9, "node worker.js"],
        [10, "}"],
        [11, "node server.js  # the service"],
    ]
    end = last_top_level(commands)
    assert (end.line, end.command.text if end.command else None, end.traps) == (11, "node server.js", False)
    assert last_top_level([[2, "trap 'kill $pid' TERM"], [3, "node server.js & pid=$!"], [4, "wait $pid"]]).traps


def test_simple_commands_split_outside_quotes_and_mark_background():
    got = simple_commands("echo 'a && b'; node x.js > log 2>&1 & wait $! || exit 1 # done")
    assert [(c.text, c.background) for c in got] == [("echo 'a && b'", False), ("node x.js > log 2>&1", True), ("wait $!", False), ("exit 1", False)]


def test_empty_and_malformed_instructions_are_no_failure(tmp_path):
    result = scan_tree(tmp_path, {
        "a/Dockerfile": "FROM node:20\nENTRYPOINT []\nCMD []\n",
        "b/Dockerfile": "FROM node:20\nCMD [\"./start.sh\"\n",
        "b/start.sh": "#!/bin/sh\necho 'unclosed\nnode server.js\n",
        "c/Dockerfile": "CMD [\"/start.sh\"]\n",
        "c/start.sh": "#!/bin/sh\nnode server.js\n",
    }, select=("RS909",))
    assert not [w for w in result.warnings if "RS909" in w]


def test_a_stage_built_from_an_earlier_stage_keeps_its_command_and_files(tmp_path):
    files = {
        "Dockerfile": ("FROM python:3.12 AS base\nWORKDIR /app\nCOPY docker/serve.sh ./serve.sh\nCMD [\"./serve.sh\"]\n"
                       "FROM base AS prod\nRUN pip install -r requirements.txt\n"),
        "docker/serve.sh": "#!/bin/sh\ngunicorn app.wsgi\n",
    }
    got = _rs909(tmp_path / "inherited", files)
    assert [(p, ln, r) for p, ln, _m, r in got] == [("docker/serve.sh", 2, [("Dockerfile", 4)])]
    # an ENTRYPOINT set in the new stage resets the CMD it inherited (Docker's rule)
    files["Dockerfile"] += "ENTRYPOINT [\"gunicorn\", \"app.wsgi\"]\n"
    assert _rs909(tmp_path / "reset", files) == []
    # a stage from an image of the same name elsewhere inherits nothing
    files["Dockerfile"] = "FROM python:3.12 AS base\nCOPY docker/serve.sh /serve.sh\nCMD [\"/serve.sh\"]\nFROM python:3.12\nCMD [\"python\", \"-m\", \"app\"]\n"
    assert _rs909(tmp_path / "fresh", files) == []


def test_wrapper_options_are_read_with_their_own_arity(tmp_path):
    files = {
        "Dockerfile": "FROM node:20\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n",
        "run.sh": "#!/bin/sh\nenv -i PATH=/usr/bin node server.js\n",
    }
    assert [(p, ln) for p, ln, _m, _r in _rs909(tmp_path / "env-i", files)] == [("run.sh", 2)]
    files["run.sh"] = "#!/bin/sh\nenv -i node server.js\n"  # `-i` takes no value: node is the program
    assert [(p, ln) for p, ln, _m, _r in _rs909(tmp_path / "env-i-bare", files)] == [("run.sh", 2)]
    files["run.sh"] = "#!/bin/sh\nstdbuf -o L python worker.py\n"  # stdbuf's -o takes the mode
    assert [(p, ln) for p, ln, _m, _r in _rs909(tmp_path / "stdbuf", files)] == [("run.sh", 2)]
    files["run.sh"] = "#!/bin/sh\nenv -u DEBUG python -c 'print(1)'\n"  # a one-off command
    assert _rs909(tmp_path / "one-off", files) == []
