"""RS910 (shutdown code that runs on SIGINT only): what the message says and
which deployments settle the stop signal, beyond the rule examples."""

from __future__ import annotations

from helpers import scan_tree

PKG = '{ "name": "api", "main": "server.js", "dependencies": { "express": "^4.19.0" } }\n'
SERVER = (
    "const express = require('express');\n"
    "const app = express();\n"
    "const server = app.listen(3000);\n"
    "for (const s of ['SIGINT', 'SIGQUIT']) process.on(s, () => server.close(() => process.exit(0)));\n"
)


def _rs910(tmp_path, files):
    result = scan_tree(tmp_path, files, select=("RS910", "RS901"))
    return [(f.rule_id, f.path, f.line, f.message, [(r.path, r.line) for r in f.related]) for f in result.findings]


def test_message_names_the_signals_and_what_stops_the_process(tmp_path):
    got = _rs910(tmp_path, {"package.json": PKG, "server.js": SERVER})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "server.js", 3)]
    message, related = got[0][3], got[0][4]
    assert "its stop handler (server.js:4) listens for SIGINT/SIGQUIT only" in message
    assert "`docker stop`, Compose, Kubernetes and systemd stop a process with SIGTERM" in message
    assert "on every deploy requests fail" in message
    assert related == [("server.js", 4)]


def test_a_deployment_that_stops_with_sigint_settles_it(tmp_path):
    compose = "services:\n  api:\n    build: .\n    stop_signal: SIGINT\n"
    assert _rs910(tmp_path / "compose", {"package.json": PKG, "server.js": SERVER, "docker-compose.yml": compose}) == []
    unit = "[Service]\nExecStart=/usr/bin/node /srv/api/server.js\nKillSignal=SIGINT\n"
    assert _rs910(tmp_path / "systemd", {"package.json": PKG, "server.js": SERVER, "deploy/api.service": unit}) == []
    docker = "FROM node:20\nCOPY . /app\nSTOPSIGNAL SIGTERM\nCMD [\"node\", \"/app/server.js\"]\n"
    got = _rs910(tmp_path / "sigterm", {"package.json": PKG, "server.js": SERVER, "Dockerfile": docker})
    assert [rule for rule, *_ in got] == ["RS910"]  # STOPSIGNAL SIGTERM is Docker's default: still reported


def test_a_handler_that_leaves_the_server_open_is_rs901s_finding_only(tmp_path):
    server = "const express = require('express');\nconst app = express();\napp.listen(3000);\nprocess.on('SIGINT', () => process.exit(0));\n"
    got = _rs910(tmp_path, {"package.json": PKG, "server.js": server})
    assert [rule for rule, *_ in got] == ["RS901"]
    assert "nothing handles SIGTERM" in got[0][3]


PY_LOOP = (
    "import asyncio\n"
    "import signal\n"
    "import time\n"
    "\n"
    "\n"
    "def main():\n"
    "{install}"
    "    while True:\n"
    "        time.sleep(1)\n"
    "\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def _py(install: str) -> dict[str, str]:
    return {"worker.py": PY_LOOP.format(install=install)}


def test_python_loop_handling_interrupts_only_names_them(tmp_path):
    # elastalert's and thingsboard-gateway's main(): a SIGINT handler, nothing for SIGTERM
    got = _rs910(tmp_path / "a", _py("    signal.signal(signal.SIGINT, lambda *a: None)\n"))
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "worker.py", 8)]
    message, related = got[0][3], got[0][4]
    assert "worker.py runs a worker loop (`while True`) whose stop handling (worker.py:7) covers SIGINT only" in message
    assert "Python ends the process at once (no handler, no `finally`)" in message
    assert related == [("worker.py", 7)]
    assert message.endswith("(handle SIGTERM too: `signal.signal(signal.SIGTERM, handler)`)")
    # asyncio's add_signal_handler for SIGINT and SIGQUIT named outright
    got = _rs910(tmp_path / "b", _py("    loop = asyncio.new_event_loop()\n    loop.add_signal_handler(signal.SIGQUIT, print)\n"
                                     "    loop.add_signal_handler(signal.SIGINT, print)\n"))
    assert [rule for rule, *_ in got] == ["RS910"] and "covers SIGINT and SIGQUIT only" in got[0][3]


def test_python_loop_with_anything_that_may_be_sigterm_is_not_reported(tmp_path):
    cases = {
        "sigterm": "    signal.signal(signal.SIGINT, print)\n    signal.signal(signal.SIGTERM, print)\n",
        "variable": "    for s in STOP:\n        signal.signal(s, print)\n",
        "sigwait": "    signal.signal(signal.SIGINT, print)\n    signal.sigwait({signal.SIGTERM})\n",
    }
    for name, install in cases.items():
        assert _rs910(tmp_path / name, _py(install)) == [], name
    # an `except SystemExit`/`BaseException` alone is no interrupt handling to report (RS901 accepts it)
    assert _rs910(tmp_path / "base", _py("    try:\n        pass\n    except BaseException:\n        pass\n")) == []
    # beside a SIGINT handler it does not hide the missing SIGTERM (elastalert2's rule runner)
    got = _rs910(tmp_path / "both", _py("    signal.signal(signal.SIGINT, print)\n    try:\n        pass\n    except BaseException:\n        pass\n"))
    assert [rule for rule, *_ in got] == ["RS910"]
    # an `except KeyboardInterrupt` in another module the program imports ends some inner loop there
    # (pyspider's fetcher queue_loop): not the worker loop's stop handling
    helper = "import queue\n\n\ndef drain(q):\n    while True:\n        try:\n            q.get_nowait()\n        except KeyboardInterrupt:\n            break\n"
    files = _py("    import helper\n    helper.drain(None)\n")
    assert _rs910(tmp_path / "elsewhere", {**files, "helper.py": helper}) == []
    # no stop handling at all is RS901's, not this rule's
    got = _rs910(tmp_path / "none", _py(""))
    assert [rule for rule, *_ in got] == ["RS901"]


def test_python_try_out_loop_of_an_imported_module_is_not_judged(tmp_path):
    # datahub-actions' events consumer polls in its own `__main__` block for a
    # try-out; the service runs the consumer class from its program, which
    # handles SIGTERM: RS901 sets that loop aside, and so does RS910
    consumer = (
        "import signal\nimport time\n\n\nclass Consumer:\n    def poll(self):\n        return None\n\n\n"
        "if __name__ == '__main__':\n"
        "    signal.signal(signal.SIGINT, lambda *a: None)\n"
        "    c = Consumer()\n"
        "    while True:\n"
        "        c.poll()\n"
        "        time.sleep(1)\n"
    )
    worker = PY_LOOP.format(install="    signal.signal(signal.SIGTERM, print)\n").replace("import time\n", "import time\n\nimport consumer\n", 1)
    assert _rs910(tmp_path / "demo", {"worker.py": worker, "consumer.py": consumer}) == []
    # the same loop as the only program of the service is judged
    got = _rs910(tmp_path / "alone", {"consumer.py": consumer})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "consumer.py", 13)]


APP_LOOP = (
    "import asyncio\nimport logging\n\n\nclass App:\n"
    "    async def run(self):\n        await self.run_headless()\n\n"
    "    async def run_headless(self):\n"
    "        try:\n            while True:\n                await asyncio.sleep(1)\n"
    "        except KeyboardInterrupt:\n            logging.info('stopping')\n"
    "        finally:\n            await self.shutdown()\n\n"
    "    async def shutdown(self):\n        pass\n"
)
QUICKSTART = (
    "import argparse\nimport asyncio\n\nfrom pkg.app import App\n\n\n"
    "async def run_application(hb: App):\n    await hb.run()\n\n\n"
    "async def quick_start():\n    hb = App()\n    await run_application(hb)\n\n\n"
    "def main():\n    argparse.ArgumentParser().parse_args()\n"
    "    loop = asyncio.new_event_loop()\n    loop.run_until_complete(quick_start())\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)
BOT_SETUP = "from setuptools import setup\nsetup(name='bot', packages=['pkg'], scripts=['bin/bot_start.py'])\n"


def test_python_loop_a_program_reaches_through_its_functions_and_self(tmp_path):
    # hummingbot's quickstart: main() runs quick_start(), which awaits run_application(hb),
    # which awaits hb.run(), whose `self.run_headless()` holds the headless `while True` loop
    files = {"setup.py": BOT_SETUP, "pkg/__init__.py": "", "pkg/app.py": APP_LOOP, "bin/bot_start.py": QUICKSTART}
    got = _rs910(tmp_path / "bot", files)
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "pkg/app.py", 11)]
    assert got[0][4] == [("pkg/app.py", 13)]
    # a loop awaiting in an `async def`: the advice is the event loop's signal handler, as RS901's
    assert "(handle SIGTERM too: `loop.add_signal_handler(signal.SIGTERM, ...)` cancelling the task that runs the loop)" in got[0][3]
    # the same classes when no program calls into them: a library's loop, not judged
    lib = {**files, "bin/bot_start.py": QUICKSTART.replace("    main()\n", "    pass\n")}
    assert _rs910(tmp_path / "lib", lib) == []
    # a method that only another class's `self.run_headless()` calls is not the program's loop
    other = APP_LOOP.replace("    async def run(self):\n        await self.run_headless()\n",
                             "    async def run(self):\n        await asyncio.sleep(0)\n")
    other += "\n\nclass Other:\n    async def start(self):\n        await self.run_headless()\n"
    assert _rs910(tmp_path / "other", {**files, "pkg/app.py": other}) == []


ENGINE = (
    "import asyncio\nimport signal\n\nfrom pkg.app import App\n\n\n"
    "async def serve():\n    hb = App()\n    stop = asyncio.Event()\n"
    "    loop = asyncio.get_event_loop()\n"
    "    for sig in (signal.SIGTERM, signal.SIGINT):\n        loop.add_signal_handler(sig, stop.set)\n"
    "    {body}\n\n\n"
    "def main():\n    asyncio.new_event_loop().run_until_complete(serve())\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_python_loop_is_judged_in_the_programs_that_run_it_only(tmp_path):
    # hummingbot's detached engine (cli/engine.py) imports the application class and
    # handles SIGTERM, but waits on its own event and never runs the headless loop:
    # its handler is not the quickstart's, whose loop stops on Ctrl-C only
    files = {"setup.py": BOT_SETUP, "pkg/__init__.py": "", "pkg/app.py": APP_LOOP, "bin/bot_start.py": QUICKSTART,
             "pkg/engine.py": ENGINE.format(body="await stop.wait()")}
    got = _rs910(tmp_path / "engine", files)
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "pkg/app.py", 11)]
    # when that program runs the loop too, its SIGTERM handler may be the loop's: not reported
    files["pkg/engine.py"] = ENGINE.format(body="await hb.run()")
    assert _rs910(tmp_path / "both", files) == []


def _svc(service: str, main: str = "from svc.service import Service\n\n\ndef daemon():\n    Service()\n") -> dict[str, str]:
    pyproject = '[project]\nname = "svc"\nversion = "1.0"\n\n[project.scripts]\nsvc = "svc.main:daemon"\n'
    return {"pyproject.toml": pyproject, "svc/__init__.py": "", "svc/service.py": service, "svc/main.py": main}


SIGINT_ONLY = "        signal.signal(signal.SIGINT, lambda *a: self.stop())\n"


def test_python_service_loops_the_program_runs_are_judged(tmp_path):
    # thingsboard-gateway: the console script's daemon() builds TBGatewayService, whose
    # __init__ ends in `while not self.stopped: self.stop_event.wait(1)`; a remote-shell
    # manager server (serve_forever) beside it handles no signal either
    head = "import signal\nimport socketserver\nimport threading\nimport time\n\n\nclass Service:\n    def __init__(self):\n"
    stop = "\n    def stop(self):\n        self.stopped = True\n"
    cases = {
        # the constructor's loop runs when the program builds the class
        "constructor": head + SIGINT_ONLY + "        while True:\n            time.sleep(1)\n" + stop,
        # `while not self.stopped:` runs until stopped
        "stopped": head + SIGINT_ONLY + "        self.stopped = False\n\n    def run(self):\n        while not self.stopped:\n            time.sleep(1)\n" + stop,
        # a threading Event's wait(timeout) paces the loop
        "event": head + SIGINT_ONLY + "        self.stop_event = threading.Event()\n\n    def run(self):\n        while True:\n"
                 "            self.stop_event.wait(1)\n" + stop,
        # a socketserver's serve_forever() handles no stop signal: the loop beside it is the program's
        "serve_forever": head + SIGINT_ONLY + "        self.server = socketserver.TCPServer(('', 9000), socketserver.BaseRequestHandler)\n"
                         "        threading.Thread(target=self.serve_shell, daemon=True).start()\n\n    def serve_shell(self):\n"
                         "        self.server.serve_forever()\n\n    def run(self):\n        while True:\n            time.sleep(1)\n" + stop,
        # the method run on the instance built in place: `Service().run()`
        "chained": head + SIGINT_ONLY + "\n    def run(self):\n        while True:\n            time.sleep(1)\n" + stop,
    }
    start = "import argparse\n\nfrom svc.service import Service\n\n\ndef daemon():\n    argparse.ArgumentParser().parse_args()\n"
    mains = {"constructor": start + "    Service()\n", "chained": start + "    Service().run()\n"}
    for name, service in cases.items():
        got = _rs910(tmp_path / name, _svc(service, mains.get(name, start + "    service = Service()\n    service.run()\n")))
        assert [(rule, path) for rule, path, *_ in got] == [("RS910", "svc/service.py")], name
        assert "covers SIGINT only" in got[0][3], name
    # with no stop handling at all it is RS901's, also when the program's module is
    # one the prefilter leaves unparsed (it only builds the class)
    bare = "import time\n\n\nclass Service:\n    def __init__(self):\n        while True:\n            time.sleep(1)\n"
    got = _rs910(tmp_path / "bare", _svc(bare))
    assert [(rule, path, line) for rule, path, line, *_ in got] == [("RS901", "svc/service.py", 6)]


def test_python_service_loop_look_alikes_are_not_judged(tmp_path):
    head = "import signal\nimport subprocess\nimport threading\nimport time\n\n\nclass Service:\n    def __init__(self):\n"
    # a class whose constructor loops, built by no program (a library helper)
    lib = head + SIGINT_ONLY + "        while True:\n            time.sleep(1)\n"
    assert _rs910(tmp_path / "unbuilt", _svc(lib, "def daemon():\n    pass\n")) == []
    # `while not self.stopped:` waiting on a child process is no paced worker loop
    child = head + SIGINT_ONLY + "        self.stopped = False\n\n    def run(self):\n        while not self.stopped:\n" \
        "            subprocess.Popen(['true']).wait()\n"
    assert _rs910(tmp_path / "child", _svc(child, "from svc.service import Service\n\n\ndef daemon():\n    Service().run()\n")) == []
    # the Event-paced loop of a program that handles SIGTERM too
    handled = head + SIGINT_ONLY + "        signal.signal(signal.SIGTERM, lambda *a: self.stop())\n" \
        "        self.stop_event = threading.Event()\n        while True:\n            self.stop_event.wait(1)\n"
    assert _rs910(tmp_path / "handled", _svc(handled)) == []


def test_python_message_cites_the_loops_own_module_first(tmp_path):
    # thingsboard-gateway: the `tb-gateway-shell` program (gateway/shell/shell.py) imports the
    # service module for a type and installs its own SIGINT handler; the service's handling
    # in tb_gateway_service.py is what the message names first
    service = "import signal\nimport time\n\n\ndef run():\n    signal.signal(signal.SIGINT, print)\n    while True:\n        time.sleep(1)\n"
    admin = "import signal\n\nfrom svc.service import run\n\n\ndef main():\n    signal.signal(signal.SIGINT, print)\n    print(run)\n"
    files = _svc(service, "import argparse\n\nfrom svc.service import run\n\n\ndef daemon():\n    argparse.ArgumentParser().parse_args()\n    run()\n")
    files["pyproject.toml"] += 'svc-admin = "svc.admin:main"\n'
    got = _rs910(tmp_path, {**files, "svc/admin.py": admin})
    assert [(rule, path, line) for rule, path, line, *_ in got] == [("RS910", "svc/service.py", 7)]
    assert "whose stop handling (svc/service.py:6) covers SIGINT only" in got[0][3]


PY_EVENT_LOOP = (
    "import asyncio\n"
    "import signal\n"
    "\n"
    "\n"
    "def main():\n"
    "    signal.signal(signal.SIGINT, lambda *a: None)\n"
    "    loop = asyncio.new_event_loop()\n"
    "    loop.run_forever()\n"
    "\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def test_python_program_running_an_asyncio_loop_forever_is_judged(tmp_path):
    # OctoBot's commands.run_bot: SIGINT handled, the bot's loop run forever
    got = _rs910(tmp_path / "sigint", {"bot.py": PY_EVENT_LOOP})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "bot.py", 8)]
    message, related = got[0][3], got[0][4]
    assert "bot.py runs an asyncio event loop forever (`loop.run_forever()`) whose stop handling (bot.py:6) covers SIGINT only" in message
    assert "the tasks running on the loop are cut off mid-way" in message
    assert "`loop.add_signal_handler(signal.SIGTERM, ...)`" in message
    assert related == [("bot.py", 6)]
    # no stop handling at all: RS901's
    got = _rs910(tmp_path / "none", {"bot.py": PY_EVENT_LOOP.replace("    signal.signal(signal.SIGINT, lambda *a: None)\n", "")})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS901", "bot.py", 7)]
    assert "bot.py runs an asyncio event loop forever (`loop.run_forever()`) with no SIGTERM/SIGINT handling" in got[0][3]


def test_python_asyncio_loop_look_alikes_are_not_judged(tmp_path):
    bare = PY_EVENT_LOOP.replace("    signal.signal(signal.SIGINT, lambda *a: None)\n", "")
    # run forever in a thread's target (nested in main(), so main() "runs" it by its scope)
    threaded = bare.replace(
        "    loop = asyncio.new_event_loop()\n    loop.run_forever()\n",
        "    def serve():\n        loop = asyncio.new_event_loop()\n        loop.run_forever()\n\n"
        "    import threading\n    t = threading.Thread(target=serve, daemon=True)\n    t.start()\n    t.join()\n",
    )
    assert _rs910(tmp_path / "thread", {"bot.py": threaded}) == []
    # in a library module no program runs
    lib = "import asyncio\n\n\ndef run_loop():\n    loop = asyncio.get_event_loop()\n    loop.run_forever()\n"
    assert _rs910(tmp_path / "lib", {"lib.py": lib}) == []
    # beside an aiohttp server the program starts (from a module it imports): the loop serves it
    server = (
        "from aiohttp import web\n\n\nasync def start():\n    runner = web.AppRunner(web.Application())\n    await runner.setup()\n"
        "    site = web.TCPSite(runner, '0.0.0.0', 8080)\n    await site.start()\n"
    )
    program = bare.replace("import signal\n", "import signal\n\nimport server\n").replace(
        "    loop.run_forever()\n", "    loop.run_until_complete(server.start())\n    loop.run_forever()\n")
    assert _rs910(tmp_path / "aiohttp", {"bot.py": program, "server.py": server}) == []
    # in a test file (the scan leaves tests out)
    assert _rs910(tmp_path / "test", {"app.py": "import logging\n", "tests/test_bot.py": bare}) == []


def test_python_loop_yielding_with_sleep_zero_is_no_worker_loop(tmp_path):
    # lightrag's `lightrag-clean-llmqc` command pages through a Redis SCAN in
    # `while True: ... if cursor == 0: break; await asyncio.sleep(0)`: sleep(0) only lets other
    # tasks run, the loop ends with the scan; a paced loop of the same program is still judged
    def command(pause: str) -> str:
        return (
            "import asyncio\n\n\nasync def clean(redis):\n    cursor = 0\n    while True:\n"
            "        cursor, keys = await redis.scan(cursor)\n        if cursor == 0:\n            break\n"
            f"        await asyncio.sleep({pause})\n\n\n"
            "def main():\n    try:\n        asyncio.run(clean(None))\n    except KeyboardInterrupt:\n        pass\n"
        )
    pyproject = '[project]\nname = "tool"\nversion = "1.0"\n\n[project.scripts]\nclean = "tool.clean:main"\n'
    files = {"pyproject.toml": pyproject, "tool/__init__.py": ""}
    assert _rs910(tmp_path / "zero", {**files, "tool/clean.py": command("0")}) == []
    got = _rs910(tmp_path / "paced", {**files, "tool/clean.py": command("5")})
    assert [(rule, path) for rule, path, *_ in got] == [("RS910", "tool/clean.py")]


def test_python_worker_is_its_outer_loop_not_a_helper_loop_it_calls(tmp_path):
    # tasktiger's worker: run()'s `while True:` calls self._pubsub_for_queues() each round,
    # whose own `while True:` waits on the pub/sub channel; the worker is run()'s loop
    worker = (
        "import time\n\n\nclass Worker:\n    def __init__(self, pubsub):\n        self.pubsub = pubsub\n\n"
        "    def _wait_for_queues(self):\n        while True:\n            message = self.pubsub.get_message(timeout=1)\n"
        "            if message:\n                return message\n\n"
        "    def run(self):\n        while True:\n            self._wait_for_queues()\n            time.sleep(1)\n"
    )
    start = "import argparse\n\nfrom svc.service import Worker\n\n\ndef daemon():\n    argparse.ArgumentParser().parse_args()\n"
    got = _rs910(tmp_path / "kept", _svc(worker, start + "    worker = Worker(None)\n    worker.run()\n"))
    assert [(rule, path, line) for rule, path, line, *_ in got] == [("RS901", "svc/service.py", 15)]
    # the same with the instance built in place, given arguments: `Worker(None).run()`
    got = _rs910(tmp_path / "in_place", _svc(worker, start + "    Worker(None).run()\n"))
    assert [(rule, path, line) for rule, path, line, *_ in got] == [("RS901", "svc/service.py", 15)]
    # a helper's loop reached two calls down (koji-shadow: runRebuilds() -> rebuildMissing() -> rebuild())
    deeper = worker.replace("            self._wait_for_queues()\n", "            self._step()\n") + \
        "\n    def _step(self):\n        return self._wait_for_queues()\n"
    got = _rs910(tmp_path / "deeper", _svc(deeper, start + "    worker = Worker(None)\n    worker.run()\n"))
    assert [(rule, path, line) for rule, path, line, *_ in got] == [("RS901", "svc/service.py", 15)]


MAIN_WORKER = (
    "import time\n\nimport tools\n\n\n"
    "def main():\n    while True:\n        tools.poll()\n        time.sleep(1)\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)
TOOLS = (
    "import signal\nimport sys\n\n\n"
    "def poll():\n    pass\n\n\n"
    "if __name__ == '__main__':\n"
    "    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n"
    "    poll()\n"
)


def test_a_handler_in_an_imported_modules_main_block_does_not_stop_the_program(tmp_path):
    # tools.py installs its SIGTERM handler only when run as a script of its own: the worker
    # program imports it, so that block never runs in the worker's process
    got = _rs910(tmp_path / "a", {"worker.py": MAIN_WORKER, "tools.py": TOOLS})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS901", "worker.py", 7)]
    # the same handler outside the block is installed on import: the worker handles SIGTERM
    imported = TOOLS.replace("if __name__ == '__main__':\n    signal.signal", "def install():\n    signal.signal")
    imported = imported.replace("    poll()\n", "\n\ninstall()\n")
    assert _rs910(tmp_path / "b", {"worker.py": MAIN_WORKER, "tools.py": imported}) == []
    # a handler in the __main__ block of the loop's own file counts, as before
    own = MAIN_WORKER.replace("    main()\n", "    import signal\n    signal.signal(signal.SIGTERM, lambda *a: None)\n    main()\n")
    assert _rs910(tmp_path / "c", {"worker.py": own, "tools.py": TOOLS}) == []
    # and an interrupt-only handler in an imported module's block is no stop handling for RS910 either
    sigint = TOOLS.replace("signal.SIGTERM", "signal.SIGINT")
    got = _rs910(tmp_path / "d", {"worker.py": own.replace("SIGTERM", "SIGINT"), "tools.py": sigint})
    assert [(rule, path, line, related) for rule, path, line, _m, related in got] == [("RS910", "worker.py", 7, [("worker.py", 14)])]


KEEP_ALIVE = (
    "import logging\nimport threading\nimport time\nfrom http import server\n\nlog = logging.getLogger(__name__)\n\n\n"
    "class Handler(server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n\n\n"
    "def main():\n"
    "    httpd = server.HTTPServer(('0.0.0.0', 8080), Handler)\n"
    "    threading.Thread(target=httpd.serve_forever, daemon=True).start()\n"
    "    try:\n"
    "        while True:\n"
    "{body}"
    "    except KeyboardInterrupt:\n"
    "        log.info('stopping')\n"
    "    finally:\n"
    "        httpd.shutdown()\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_python_loop_that_only_keeps_a_server_alive_names_the_server(tmp_path):
    # gcp-storage-emulator's Server.run(): the HTTPServer serves in a thread while the main
    # thread sleeps in `while True` until Ctrl-C: SIGTERM cuts off the server's requests
    got = _rs910(tmp_path / "idle", {"serve.py": KEEP_ALIVE.format(body="            time.sleep(0.1)\n")})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "serve.py", 18)]
    message, related = got[0][3], got[0][4]
    assert ("serve.py keeps its HTTP server (`httpd.serve_forever()`, serve.py:16) running with a loop that only waits "
            "(`while True`) whose stop handling (serve.py:20) covers Ctrl-C (`except KeyboardInterrupt`) only") in message
    assert "on every deploy the server's requests in flight fail and its connections are dropped" in message
    assert "job in progress" not in message
    assert sorted(related) == [("serve.py", 16), ("serve.py", 20)]
    # a loop that does work of its own beside the server keeps the worker loop's wording
    busy = KEEP_ALIVE.format(body="            log.info('tick')\n            time.sleep(0.1)\n")
    got = _rs910(tmp_path / "busy", {"serve.py": busy})
    assert [rule for rule, *_ in got] == ["RS910"]
    assert "serve.py runs a worker loop (`while True`)" in got[0][3] and "the job in progress is cut off" in got[0][3]


def test_python_loop_that_only_keeps_a_server_alive_without_any_stop_handling_is_rs901s(tmp_path):
    # the same program with no `except KeyboardInterrupt`: RS901 reports it, and names the server too
    idle = KEEP_ALIVE.format(body="            time.sleep(0.1)\n").replace("    except KeyboardInterrupt:\n        log.info('stopping')\n", "")
    got = _rs910(tmp_path / "idle", {"serve.py": idle})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS901", "serve.py", 18)]
    message, related = got[0][3], got[0][4]
    assert ("serve.py keeps its HTTP server (`httpd.serve_forever()`, serve.py:16) running with a loop that only waits "
            "(`while True`) with no SIGTERM/SIGINT handling in ") in message
    assert "the process is killed at once, so the server's requests in flight fail and its connections are dropped" in message
    assert "job being processed" not in message
    assert related == [("serve.py", 16)]


PY_SERVER_LOOP = (
    "import asyncio\n"
    "import signal\n"
    "\n"
    "from sink import Sink\n"
    "\n"
    "\n"
    "def main():\n"
    "    loop = asyncio.new_event_loop()\n"
    "    other = asyncio.new_event_loop()\n"
    "{install}"
    "    server = loop.run_until_complete({served}.create_server(Sink, host='0.0.0.0', port=8025))\n"
    "    loop.run_forever()\n"
    "    server.close()\n"
    "\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def test_an_event_loop_serving_a_server_it_starts_says_the_sessions_are_cut_off(tmp_path):
    """aiosmtpd 1.4.6's main() (aiosmtpd/main.py:273-289): `loop.create_server(factory, ...)` then
    `loop.run_forever()`; what a SIGTERM cuts off is the SMTP server's sessions, not "the tasks running
    on the loop". A server created on another loop keeps the tasks wording. RS901 (no handling at all)
    says the same."""
    sigint = "    loop.add_signal_handler(signal.SIGINT, loop.stop)\n"
    got = _rs910(tmp_path / "int", {"srv.py": PY_SERVER_LOOP.format(install=sigint, served="loop")})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "srv.py", 12)], got
    assert ("on every deploy the sessions of the server started on the loop (`loop.create_server()`, line 11) are cut off "
            "mid-way and its connections are dropped") in got[0][3], got[0][3]
    got = _rs910(tmp_path / "other", {"srv.py": PY_SERVER_LOOP.format(install=sigint, served="other")})
    assert [rule for rule, *_ in got] == ["RS910"] and "the tasks running on the loop are cut off mid-way" in got[0][3], got
    got = _rs910(tmp_path / "none", {"srv.py": PY_SERVER_LOOP.format(install="", served="loop")})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS901", "srv.py", 11)], got
    assert ("the process is killed at once, so the sessions of the server started on the loop (`loop.create_server()`, "
            "line 10) are cut off mid-way and its connections are dropped") in got[0][3], got[0][3]
GRPC_KEEP_ALIVE = (
    "import time\nfrom concurrent import futures\n\nimport grpc\n\n\n"
    "def _wait_forever(server):\n    try:\n        while True:\n            time.sleep(3600)\n"
    "    except KeyboardInterrupt:\n        server.stop(None)\n\n\n"
    "def serve():\n    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))\n"
    "    server.add_insecure_port('[::]:50051')\n    server.start()\n    _wait_forever(server)\n\n\n"
    "if __name__ == '__main__':\n    serve()\n"
)


def test_a_loop_in_a_helper_the_programs_own_function_calls_is_the_programs(tmp_path):
    # seldon-core's shape: serve() starts the gRPC server, then calls _wait_forever(server),
    # whose loop stops the server on Ctrl-C only
    got = _rs910(tmp_path / "a", {"server.py": GRPC_KEEP_ALIVE})
    assert [(rule, path, line) for rule, path, line, _m, _r in got] == [("RS910", "server.py", 9)]
    # the same helper no program function calls is not the program's loop
    unused = GRPC_KEEP_ALIVE.replace("    _wait_forever(server)\n", "    return server\n")
    assert _rs910(tmp_path / "b", {"server.py": unused}) == []
    # a helper the program only starts in a thread is not the program's loop either
    threaded = GRPC_KEEP_ALIVE.replace("import time\n", "import threading\nimport time\n").replace(
        "    _wait_forever(server)\n", "    threading.Thread(target=_wait_forever, args=(server,)).start()\n    server.wait_for_termination()\n")
    assert _rs910(tmp_path / "c", {"server.py": threaded}) == []
    # a helper whose result the program's function hands to sys.exit() still runs in the program
    exiting = GRPC_KEEP_ALIVE.replace("import time\n", "import sys\nimport time\n").replace(
        "    _wait_forever(server)\n", "    sys.exit(_wait_forever(server))\n")
    assert [(rule, path, line) for rule, path, line, _m, _r in _rs910(tmp_path / "d", {"server.py": exiting})] == [("RS910", "server.py", 10)]


def test_a_coroutine_handed_to_ensure_future_is_a_background_task_not_the_programs_loop(tmp_path):
    # pproxy 2.7.9 server.py:992: main() hands `check_server_alive(...)` (a `while True: await
    # asyncio.sleep(interval)` health probe) to asyncio.ensure_future() beside its TCP servers,
    # then runs the event loop forever: the service is the TCP server, not that task
    prog = (
        "import asyncio\n\n\n"
        "async def check_alive(interval):\n    while True:\n        await asyncio.sleep(interval)\n\n\n"
        "async def handle(reader, writer):\n    writer.close()\n\n\n"
        "def main():\n    loop = asyncio.new_event_loop()\n"
        "    loop.run_until_complete(asyncio.start_server(handle, port=8080))\n"
        "    asyncio.ensure_future(check_alive(60), loop=loop)\n"
        "    try:\n        loop.run_forever()\n    except KeyboardInterrupt:\n        pass\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = scan_tree(tmp_path, {"proxy.py": prog}, select=("RS906",))
    (f,) = result.findings
    assert "runs a TCP server (`asyncio.start_server()`" in f.message, f.message
