"""Engine behaviour users notice: discovery, skipped files, determinism."""

from __future__ import annotations

import json
import os

import pytest

from riskscan.report import render

from helpers import scan_tree, write_tree

PG_BAD = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"


def test_broken_inputs_are_skipped_with_reason(tmp_path):
    write_tree(tmp_path, {"ok.js": PG_BAD, "syntax.js": "const { Pool } = require('pg');\nconst x = {;\n new Pool(", "bad.py": "exec 'py2'\nfrom psycopg_pool import ConnectionPool\n"})
    (tmp_path / "latin.js").write_bytes(b"const s = '\xff\xfe\xfa';\nnew Pool()\n")
    (tmp_path / "binary.js").write_bytes(b"\x00\x01\x02Pool\x00" * 100)
    result = scan_tree(tmp_path)
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == {"syntax.js", "bad.py", "latin.js", "binary.js"}
    assert all(reasons.values())
    assert result.files_scanned == 1
    assert any(f.path == "ok.js" for f in result.findings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_skipped(tmp_path):
    p = tmp_path / "secret.js"
    p.write_text(PG_BAD)
    p.chmod(0)
    result = scan_tree(tmp_path)
    assert [s.path for s in result.skipped] == ["secret.js"]


def test_default_excludes_and_tests(tmp_path):
    files = {
        "node_modules/pg/index.js": PG_BAD,
        "dist/app.js": PG_BAD,
        "tests/db.test.js": PG_BAD,
        "src/db.spec.ts": PG_BAD,
        "app.min.js": PG_BAD,
        "src/db.js": PG_BAD,
        "ignored/db.js": PG_BAD,
        ".gitignore": "ignored/\n",
        # a browser library copied under a web root is vendored; a server's lib/ is the project's
        "app/static/js/lib/db.js": PG_BAD,
        "lib/db.js": PG_BAD,
        # copies of other projects
        "pkg/thirdparty/other/db.js": PG_BAD,
        "third_party/x/db.js": PG_BAD,
        "pkg/_vendor/webencodings/db.js": PG_BAD,
        "pip/_vendored/y/db.js": PG_BAD,
        # a package bower installed (its .bower.json install record); a bower.json alone is a manifest
        "web/static/components/slides/.bower.json": '{"name": "slides"}',
        "web/static/components/slides/db.js": PG_BAD,
        "web/own/bower.json": '{"name": "own"}',
        "web/own/db.js": PG_BAD,
    }
    result = scan_tree(tmp_path, files)
    paths = {f.path for f in result.findings}
    assert paths == {"src/db.js", "lib/db.js", "web/own/db.js"}
    result = scan_tree(tmp_path, include_tests=True)
    assert {f.path for f in result.findings} >= {"src/db.js", "tests/db.test.js", "src/db.spec.ts"}
    result = scan_tree(tmp_path, excludes=("src/*",))
    assert {f.path for f in result.findings} == {"lib/db.js", "web/own/db.js"}


# a module with one untimed HTTP call (RS905): where it is reported says which files count as code
UNTIMED_GET = "import requests\n\ndef fetch(url):\n    return requests.get(url)\n"


def _rs905_paths(tmp_path, paths, extra: dict[str, str] | None = None) -> set[str]:
    """The files reported by RS905 when each of ``paths`` holds an untimed
    requests.get() (beside the files of ``extra``: markers such as conftest.py)."""
    files = {p: UNTIMED_GET for p in paths}
    files.update(extra or {})
    return {f.path for f in scan_tree(tmp_path, files).findings if f.rule_id == "RS905"}


def test_django_tests_module_is_test_code(tmp_path):
    bad = UNTIMED_GET
    files = {"shop/tests.py": bad, "shop/views.py": bad}
    assert {f.path for f in scan_tree(tmp_path, files).findings if f.rule_id == "RS905"} == {"shop/views.py"}
    assert {f.path for f in scan_tree(tmp_path, include_tests=True).findings if f.rule_id == "RS905"} == {"shop/tests.py", "shop/views.py"}


def test_underscore_tests_folder_is_test_code(tmp_path):
    paths = [
        "moin/_tests/helpers.py",
        "moin/views.py",
        # a package's own test folders (dagster's dagster_tests/core_tests/), JS integration-tests/
        "dagster_tests/core_tests/serdes.py",
        "web/integration-tests/api.py",
        "contests/views.py",  # (only a whole `_tests`/`-tests` suffix)
    ]
    assert _rs905_paths(tmp_path, paths) == {"contests/views.py", "moin/views.py"}


def test_test_kind_folder_is_test_code(tmp_path):
    # tiledesk-server 2.19.16 keeps its integration tests in test-int/ (express stubs on fixed
    # ports, which RS901 listed as servers of the service left open on SIGTERM)
    paths = [
        "test-int/bot.py",
        "web/test_e2e/api.py",
        "tests-integration/api.py",
        "views.py",
        "test-data-service/views.py",  # a test kind only: not any folder starting with `test-`
        "latest-integration/views.py",  # the whole name
        "contest_unit/views.py",
    ]
    assert _rs905_paths(tmp_path, paths) == {"views.py", "test-data-service/views.py", "latest-integration/views.py", "contest_unit/views.py"}


def test_kind_tests_folder_is_test_code(tmp_path):
    # heat 27.0.1 keeps its integration suite in heat_integrationtests/ (an untimed urlopen of a
    # test server at common/test.py:116 was reported as the service's); barbican's functionaltests/
    paths = [
        "heat_integrationtests/common/test.py",
        "functionaltests/api/client.py",
        "web/e2e-unittests/api.py",
        "views.py",
        "contests/views.py",  # a kind of test only
        "loadtester/views.py",  # the whole name: `tests` at its end
        "integrationtests_data/views.py",
    ]
    assert _rs905_paths(tmp_path, paths) == {"views.py", "contests/views.py", "loadtester/views.py", "integrationtests_data/views.py"}


def test_test_helper_folder_is_test_code(tmp_path):
    # apostrophe 4.32.2 keeps its tests' helpers in test-lib/ (an untimed http.request of the
    # test server at test-lib/test.js:74 was reported as the service's), like testutils/
    paths = [
        "test-lib/test.py",
        "pkg/test_helpers/client.py",
        "web/testUtils/api.py",
        "tests-support/api.py",
        "pkg/test-tools/notif_endpoint_app.py",  # tacker 16.0.0's fake notification endpoint
        "pkg/test_tools/cli.py",
        "views.py",
        "test-data-service/views.py",  # a helper folder's whole name only
        "latest-lib/views.py",
        "contest_utils/views.py",
        "contest_tools/views.py",
    ]
    assert _rs905_paths(tmp_path, paths) == {"views.py", "test-data-service/views.py", "latest-lib/views.py", "contest_utils/views.py",
                                              "contest_tools/views.py"}


def test_test_package_folder_is_test_code(tmp_path):
    # devpi-server 6.20.3 keeps its tests in test_devpi_server/ (test_*.py modules, conftest.py
    # and plugin.py, the pytest fixtures they share: an untimed getattr(requests, method)() of
    # its test server at plugin.py:1371 was reported as the service's)
    paths = [
        "test_devpi_server/plugin.py",
        "test_devpi_server/test_views.py",
        "pkg/test_client/helpers.py",
        "views.py",
        "test_data_service/views.py",  # no test module of its own: the service's code
        "test_hooks/views.py",
        "contest_pkg/views.py",
    ]
    extra = {
        "pkg/test_client/conftest.py": "import pytest\n",
        "test_hooks/hooks_test_data.py": "X = 1\n",
    }
    assert _rs905_paths(tmp_path, paths, extra) == {
        "views.py", "test_data_service/views.py", "test_hooks/views.py", "contest_pkg/views.py"}


def test_pytest_plugin_package_is_test_code(tmp_path):
    # girder 5.0.21 ships pytest_girder/ (setup.py: name='pytest-girder', a `pytest11` entry point),
    # its tests' fixtures: utils.py's serverContext() starts a CherryPy test server, reported as the
    # service `pytest-girder` with no health endpoint and no metrics (pytest_girder/utils.py:233)
    paths = [
        "pytest_girder/pytest_girder/utils.py",
        "pkg/pytest-acme/plugin.py",
        "pytest_results/views.py",  # named like one, but no Python package or distribution
        "mypytest_app/views.py",
        "pytest/views.py",
        "views.py",
    ]
    extra = {
        "pytest_girder/setup.py": "from setuptools import setup\nsetup(name='pytest-girder')\n",
        "pytest_girder/pytest_girder/__init__.py": "",
        "pkg/pytest-acme/pyproject.toml": "[project]\nname = 'pytest-acme'\n",
        "mypytest_app/__init__.py": "",
        "pytest/__init__.py": "",
    }
    assert _rs905_paths(tmp_path, paths, extra) == {
        "pytest_results/views.py", "mypytest_app/views.py", "pytest/views.py", "views.py"}


def test_test_kind_folder_with_conftest_is_test_code(tmp_path):
    # tahoe-lafs 1.20.0 keeps its integration suite in integration/ (conftest.py, test_*.py and
    # util.py, whose web_get() wraps an untimed requests.get of the nodes the tests start:
    # reported at integration/util.py:647 as the service's)
    paths = [
        "integration/util.py",
        "pkg/functional/helpers.py",
        "app/integration/slack.py",  # a package of connectors with a colocated test module, no conftest.py
        "integrations/util.py",  # not a kind of tests
        "integration_hub/util.py",
        "system/views.py",  # an app package with its own conftest.py: "system" names more than tests
        "views.py",
    ]
    extra = {
        "integration/conftest.py": "import pytest\n",
        "pkg/functional/conftest.py": "import pytest\n",
        "app/integration/test_slack.py": "X = 1\n",
        "integrations/conftest.py": "import pytest\n",
        "integration_hub/conftest.py": "import pytest\n",
        "system/conftest.py": "import pytest\n",
    }
    assert _rs905_paths(tmp_path, paths, extra) == {
        "app/integration/slack.py", "integrations/util.py", "integration_hub/util.py", "system/views.py", "views.py"}


def test_t_folder_of_pytest_suites_is_test_code(tmp_path):
    # celery 5.7.0 keeps its tests in t/ (t/unit/conftest.py, t/integration/conftest.py); its
    # fixture app t/unit/bin/proj/__init__.py (`Celery(set_as_current=False)`) was taken for
    # the service's worker and reported RS906 there
    paths = [
        "t/unit/bin/proj/http.py",
        "t/canvas_helpers.py",
        "s/t/views.py",  # a t/ holding a suite directly
        "app/t/views.py",  # an app's t/ with a colocated test module and no conftest.py
        "lib/t/views.py",  # a t/ whose subfolder holds only test modules
        "tt/unit/views.py",
        "views.py",
    ]
    extra = {
        "t/unit/conftest.py": "import pytest\n",
        "s/t/conftest.py": "import pytest\n",
        "app/t/test_views.py": "X = 1\n",
        "lib/t/sub/test_views.py": "X = 1\n",
        "tt/unit/conftest.py": "import pytest\n",
    }
    assert _rs905_paths(tmp_path, paths, extra) == {
        "app/t/views.py", "lib/t/views.py", "tt/unit/views.py", "views.py"}


def test_yarn_folder_and_pnp_loaders_are_left_out(tmp_path):
    # @unleash/proxy 1.4.19 commits Yarn Berry's binary, .yarn/releases/yarn-4.12.0.cjs:
    # it was listed as skipped (larger than the limit), and a smaller plugin or SDK shim
    # under .yarn/, or the .pnp.cjs loader Yarn writes, was judged as the project's code
    untimed = "const axios = require('axios');\nmodule.exports = (url) => axios.get(url);\n"
    files = {
        ".yarn/releases/yarn-4.12.0.cjs": "module.exports = 1;\n" + "// x\n" * 600_000,
        ".yarn/plugins/@yarnpkg/plugin-x.cjs": untimed,
        ".yarn/sdks/typescript/lib/api.js": untimed,
        ".pnp.cjs": untimed,
        ".pnp.loader.mjs": untimed,
        "src/client.js": untimed,
        "yarn/client.js": untimed,  # a folder named yarn is the project's own
        "src/pnp.cjs": untimed,
    }
    result = scan_tree(tmp_path, files)
    assert {f.path for f in result.findings if f.rule_id == "RS905"} == {"src/client.js", "yarn/client.js", "src/pnp.cjs"}
    assert [s.path for s in result.skipped] == []


def test_comments_and_strings_do_not_fire(tmp_path):
    files = {
        "a.js": "// const pool = new Pool({})\nconst doc = \"new Pool({ max: 1 })\";\nconst { Pool } = require('pg');\n",
        "b.py": "# engine = create_engine(url)\ns = 'create_engine(url, pool_timeout=None)'\n",
    }
    assert not scan_tree(tmp_path, files).findings


def test_json_is_deterministic(tmp_path):
    # enough files and bytes to take the worker-pool path with --jobs 2
    files = {f"svc{i}/db.js": PG_BAD for i in range(15)}
    files.update({f"svc{i}/filler.js": ("// " + "x" * 100 + "\n") * 1500 + "const { Pool } = require('pg');\n" for i in range(15)})
    write_tree(tmp_path, files)
    one = render("json", scan_tree(tmp_path, jobs=1))
    two = render("json", scan_tree(tmp_path, jobs=2))
    assert one == two
    assert json.loads(one)["summary"]["files_scanned"] == 30


def test_fingerprint_survives_lines_added_above(tmp_path):
    write_tree(tmp_path, {"db.js": PG_BAD})
    before = {f.rule_id: f.fingerprint for f in scan_tree(tmp_path).findings}
    write_tree(tmp_path, {"db.js": "// a comment\n\n\n" + PG_BAD})
    after = {f.rule_id: f.fingerprint for f in scan_tree(tmp_path).findings}
    assert before and before == after


def test_a_finished_scan_keeps_no_facts_alive():
    """A program that runs many scans in one process (an editor plugin, a test
    suite) gets each scan's facts back once it drops the result (which holds
    them): nothing the checks remembered about the files outlives the scan."""
    import gc
    from pathlib import Path

    from riskscan.engine import ScanOptions, scan
    from riskscan.facts import FileFacts

    def alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, FileFacts))

    before = alive()
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "orchestrator"
    findings = scan(ScanOptions(root=str(fixture), use_cache=False, jobs=1)).findings
    assert findings  # the checks ran over the fixture's services
    assert alive() == before


def test_setuptools_package_dir_is_read_from_packaging_files_as_text(tmp_path):
    # limnoria's setup.py maps its import name to folders of other names: `package_dir = {'supybot': 'src', ...}`
    from riskscan.engine import _packaging_files, python_package_dirs

    (tmp_path / "setup.py").write_text(
        "from setuptools import setup\n"
        "package_dir = {'supybot': 'src',\n               'supybot.plugins': 'plugins/',\n               '': 'lib',\n"
        "               'outside': '../elsewhere'}\n"
        "setup(name='bot', package_dir=package_dir)\n")
    (tmp_path / "setup.cfg").write_text("[options]\npackage_dir =\n    =src\n    chat = core\nzip_safe = False\n[flake8]\nmax-line-length = 100\n")
    got = python_package_dirs(list(_packaging_files(str(tmp_path), {"setup.py", "setup.cfg"})))
    # the root mapping ('' -> lib, `=src`) and a folder outside the package are left out
    assert got == {"supybot": "src", "supybot.plugins": "plugins", "chat": "core"}
    (tmp_path / "setup.py").write_text("from setuptools import setup\nsetup(name='bot', package_dir={'': 'src'})\n")
    assert python_package_dirs(list(_packaging_files(str(tmp_path), {"setup.py"}))) == {}


def test_console_scripts_are_read_from_packaging_files_as_text(tmp_path):
    from riskscan.engine import console_scripts

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a"\n[project.scripts]\na-admin = "a.cmd.client:main"\n'
                                            '[tool.poetry.scripts]\na-worker = "a.worker:run"\n')
    (tmp_path / "setup.cfg").write_text("[options.entry_points]\nconsole_scripts =\n    a-cfg = a.cfg_cli:main\n[flake8]\nmax-line-length = 100\n")
    (tmp_path / "setup.py").write_text('setup(entry_points={"console_scripts": ["a-py = a.py_cli:main"], "other": ["x = y:z"]})\n')
    got = console_scripts(str(tmp_path), {"pyproject.toml", "setup.cfg", "setup.py"})
    assert got == ["a.cfg_cli:main", "a.cmd.client:main", "a.py_cli:main", "a.worker:run"]
    # the entry-point groups after console_scripts in one [entry_points] section are plugins, not commands
    (tmp_path / "setup.cfg").write_text("[entry_points]\nconsole_scripts =\n\ta-srv = a.cmd.server:run\n\n# tools\n\ta-gc = a.cmd.gc:run\n"
                                        "a.transport =\n\twsgi = a.transport.wsgi:Driver\n")
    assert console_scripts(str(tmp_path), {"setup.cfg"}) == ["a.cmd.gc:run", "a.cmd.server:run"]
    # the list kept in a module-level name (patroni's CONSOLE_SCRIPTS), in a dict or in dict(...)
    (tmp_path / "setup.py").write_text('SCRIPTS = ["a-d = a.daemon:main",\n           "a-ctl = a.ctl:ctl"]\n'
                                       'OTHER = ["x = y:z"]\nsetup(entry_points={"console_scripts": SCRIPTS, "other": OTHER})\n')
    assert console_scripts(str(tmp_path), {"setup.py"}) == ["a.ctl:ctl", "a.daemon:main"]
    (tmp_path / "setup.py").write_text('scripts = ("a-d = a.daemon:main",)\nsetup(entry_points=dict(console_scripts=scripts))\n')
    assert console_scripts(str(tmp_path), {"setup.py"}) == ["a.daemon:main"]
    (tmp_path / "pyproject.toml").write_text("not [valid toml")
    assert console_scripts(str(tmp_path), {"pyproject.toml"}) == []
    # valid TOML whose keys are not the tables packaging tools write: nothing, and no crash
    (tmp_path / "pyproject.toml").write_text('project = "x"\ntool = 3\n')
    assert console_scripts(str(tmp_path), {"pyproject.toml"}) == []
    (tmp_path / "pyproject.toml").write_text('[project]\nscripts = "a:b"\n[tool]\npoetry = ["x"]\n')
    assert console_scripts(str(tmp_path), {"pyproject.toml"}) == []


def test_a_python_service_packaging_files_are_read_once(tmp_path, monkeypatch):
    """Requirements, console scripts and the distribution name all come from
    one read of each packaging file (and one parse of the pyproject)."""
    import riskscan.engine as engine
    from riskscan.discovery import discover

    write_tree(tmp_path, {
        "svc/pyproject.toml": '[project]\nname = "svc-dist"\ndependencies = ["psycopg2>=2"]\n[project.scripts]\nsvc-admin = "svc.cli:main"\n',
        "svc/setup.cfg": "[options.entry_points]\nconsole_scripts =\n    svc-cfg = svc.cfg_cli:main\n",
        "svc/package.json": '{"name": "svc-tools", "devDependencies": {"eslint": "1"}}',
        "svc/svc/app.py": "import os\n",
    })
    reads: list[str] = []
    real = engine.read_regular
    monkeypatch.setattr(engine, "read_regular", lambda path, *a: reads.append(os.path.basename(path)) or real(path, *a))
    got = engine._manifests(str(tmp_path), discover(str(tmp_path)))["svc"]
    assert got["py_deps"] == ["psycopg2"]
    assert got["console_scripts"] == ["svc.cfg_cli:main", "svc.cli:main"]
    assert got["name"] == "svc-dist"  # (a package.json of development tools only)
    assert sorted(reads) == ["package.json", "pyproject.toml", "setup.cfg"]


def test_package_shipping_only_build_output_is_reported_unanalysed(tmp_path):
    """A package whose main is dist/ output with no source beside it (a
    published npm tarball) gets a warning, not a silent APPROVED; a package
    that keeps its sources next to dist/ does not."""
    shipped = {
        "wa/package.json": '{"name": "wa", "main": "dist/index.js", "bin": {"wa": "bin/server.js"}}',
        "wa/bin/server.js": "#!/usr/bin/env node\nrequire('../dist/cli');\n",
        "wa/dist/index.js": "const express = require('express');\nexpress().listen(3000);\n",
        "api/package.json": '{"name": "api", "main": "dist/index.js"}',
        "api/src/index.ts": "import express from 'express';\nexpress().listen(3000);\n",
        # a minified front-end bundle is skipped, so it is no source either
        "ui/package.json": '{"name": "ui", "main": "dist/index.js"}',
        "ui/public/assets/index-B75nzJBF.js": "var a=" + "1+" * 600 + "1;require('http').createServer().listen(80);\n",
        # database migrations shipped beside dist/ (Backstage plugins) are no source of the package either
        "auth/package.json": '{"name": "auth", "main": "dist/index.js"}',
        "auth/migrations/20210326100300_timestamptz.js": "exports.up = async function up(knex) {};\n",
        # scripts served to browsers (iobroker.admin: build/main.js, its web UI's scripts under adminWww/ and admin/custom/assets/)
        "adm/package.json": '{"name": "adm", "main": "build/main.js"}',
        "adm/adminWww/js/adapters.js": "$(document).ready(function () { $('#adapters').show(); });\n",
        "adm/admin/custom/assets/custom.js": "window.customComponents = [];\n",
        "adm/static/vendor.js": "var cron = {};\n",
    }
    result = scan_tree(tmp_path, shipped)
    notes = [w for w in result.warnings if "not analysed" in w]
    assert notes == [
        f"{name}/package.json: its entry point {d}/{main} is build output ({d}/ is not scanned) and no JavaScript/TypeScript "
        "source was found beside it: this package's code was not analysed (scan its sources)"
        for name, d, main in (("adm", "build", "main.js"), ("auth", "dist", "index.js"), ("ui", "dist", "index.js"), ("wa", "dist", "index.js"))
    ]


def test_entry_point_that_only_loads_build_output_is_reported_unanalysed(tmp_path):
    """thelounge 4.5.2 publishes a bin index.js outside dist/ that only does
    require("./dist/server/index.js"), beside the browser scripts it serves from
    public/: the package's server code was not analysed, so it gets the
    warning. A launcher whose package keeps its sources, or an entry point that
    loads no build output, does not."""
    launcher = '#!/usr/bin/env node\nif (require("fs").existsSync("./dist/server/index.js")) {\n  require("./dist/server/index.js");\n}\n'
    shipped = {
        "chat/package.json": '{"name": "chat", "bin": {"chat": "index.js"}}',
        "chat/index.js": launcher,
        "chat/dist/server/index.js": "require('express')().listen(9000);\n",
        "chat/public/service-worker.js": "self.addEventListener('push', (e) => e.waitUntil(show(e)));\n",
        # the same launcher as main, loading the build through an ES import
        "relay/package.json": '{"name": "relay", "type": "module", "main": "start.mjs"}',
        "relay/start.mjs": "import { start } from './build/main.js';\nstart();\n",
        # a checkout that keeps its sources beside the launcher: they are scanned
        "repo/package.json": '{"name": "repo", "bin": {"repo": "index.js"}}',
        "repo/index.js": launcher,
        "repo/server/index.ts": "import express from 'express';\nexpress().listen(9000);\n",
        # an entry point of its own that loads no build output, nor compiled JavaScript: a native addon and a JSON file
        "addon/package.json": '{"name": "addon", "main": "index.js"}',
        "addon/index.js": "module.exports = require('./build/Release/crc.node');\nmodule.exports.version = require('./dist/meta.json').v;\n",
        "plain/package.json": '{"name": "plain", "main": "index.js"}',
        "plain/index.js": "require('./lib/app').listen(9000);\n",
        "plain/lib/app.js": "module.exports = require('express')();\n",
    }
    result = scan_tree(tmp_path, shipped)
    assert [w for w in result.warnings if "not analysed" in w] == [
        f"{name}/package.json: its entry point {launcher} loads {entry}, build output ({entry.split('/')[0]}/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
        for name, launcher, entry in (("chat", "index.js", "dist/server/index.js"), ("relay", "start.mjs", "build/main.js"))
    ]


def test_package_exporting_only_build_output_is_reported_unanalysed(tmp_path):
    """@keystone-6/core 8.1.0 has no `main`: its package.json `exports` maps
    "." to ./dist/keystone-6-core.js, and its bin only imports the package's
    own `scripts` export, so an npm tarball scanned as shipped was APPROVED with
    its code unread. The package's `exports` (a subpath map's ".", a string,
    conditions, fallbacks; type and browser conditions left out) now stands for
    `main` when there is none. A package with sources beside dist/, or whose
    `main` or Node target is source, gets no warning."""
    shipped = {
        "cms/package.json": json.dumps({
            "name": "@acme/cms", "type": "module", "bin": {"cms": "bin/cli.js"},
            "exports": {".": {"types": "./dist/cms.d.ts", "import": "./dist/cms.js"}, "./cli": "./dist/cli.js",
                        "./package.json": "./package.json"},
        }),
        "cms/bin/cli.js": "#!/usr/bin/env node\nimport '@acme/cms/cli'\n",
        "cms/dist/cli.js": "import express from 'express';\nexpress().listen(3000);\n",
        "tiny/package.json": '{"name": "tiny", "exports": ["./build/index.cjs"]}',
        "tiny/build/index.cjs": "require('http').createServer().listen(80);\n",
        # look-alikes: sources beside dist/, a `main` that is source, a Node target that is source
        "kept/package.json": '{"name": "kept", "exports": {".": "./dist/index.js"}}',
        "kept/src/index.ts": "import express from 'express';\nexpress().listen(3000);\n",
        "both/package.json": '{"name": "both", "main": "server.js", "exports": {".": "./dist/server.js"}}',
        "both/server.js": "require('express')().listen(3000);\n",
        "web/package.json": '{"name": "web", "exports": {"types": "./dist/index.d.ts", "browser": "./dist/web.js", "default": "./app.js"}}',
        "web/app.js": "require('express')().listen(3000);\n",
    }
    result = scan_tree(tmp_path, shipped)
    assert [w for w in result.warnings if "not analysed" in w] == [
        f"{name}/package.json: its entry point {entry} is build output ({entry.split('/')[0]}/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
        for name, entry in (("cms", "dist/cms.js"), ("tiny", "build/index.cjs"))
    ]


def test_package_whose_only_code_beside_build_output_reexports_other_packages_is_reported_unanalysed(tmp_path):
    """postgraphile 5.1.5 ships dist/ plus fwd/**/index.js shims, each one
    line handing on another package's module (``module.exports =
    require("grafserv/node");``): they are no source of the package, so its
    tarball, scanned as shipped, gets the warning instead of a silent
    APPROVED. A file that re-exports the package's own module, or that does
    anything besides re-exporting, is source."""
    shipped = {
        "gql/package.json": '{"name": "gql", "main": "./dist/index.js", "bin": "./dist/cli-run.js"}',
        "gql/dist/cli.js": "require('node:http').createServer().listen(5678);\n",
        "gql/fwd/grafserv/node/index.js": 'module.exports = require("grafserv/node");\n',
        "gql/fwd/grafast/index.mjs": '"use strict";\nexport * from "grafast";\nexport { default } from "grafast";\n',
        # look-alikes: a re-export of the package's own code, a shim that also runs code
        "own/package.json": '{"name": "own", "main": "./dist/index.js"}',
        "own/index.js": 'module.exports = require("./lib/app");\n',
        "busy/package.json": '{"name": "busy", "main": "./dist/index.js"}',
        "busy/fwd/pg.js": 'module.exports = require("pg");\nrequire("http").createServer().listen(80);\n',
    }
    result = scan_tree(tmp_path, shipped)
    assert [w for w in result.warnings if "not analysed" in w] == [
        "gql/package.json: its entry point dist/index.js is build output (dist/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
    ]


def test_package_whose_only_code_beside_build_output_redirects_to_it_is_reported_unanalysed(tmp_path):
    """iobroker.js-controller 7.2.3 ships its daemon only as build/esm and
    build/cjs, with main build/cjs/main.js, a bin iobroker.js that imports
    another package, and controller.js, a redirect kept for older
    installations: a comment and ``import('./build/esm/main.js').then(res =>
    res.init());``.  That file is no source of the package, so its tarball,
    scanned as shipped, gets the warning instead of a silent APPROVED.  A file
    that loads the package's source, or does anything besides loading its
    build output, is source."""
    redirect = "/**\n *      Redirect for older installations\n */\n\nimport('./build/esm/main.js').then(res => res.init());\n"
    shipped = {
        "ctl/package.json": '{"name": "ctl", "type": "module", "main": "build/cjs/main.js", "bin": {"ctl": "./ctl.js"}}',
        "ctl/ctl.js": "import('@acme/ctl-cli').then(res => res.execute());\n",
        "ctl/controller.js": redirect,
        "ctl/build/esm/main.js": "import http from 'node:http';\nexport function init() { http.createServer().listen(8081); }\n",
        # the same redirect by require, in a folder of the package, and an `export *` shim
        "old/package.json": '{"name": "old", "main": "./dist/index.js"}',
        "old/lib/start.js": "'use strict';\n// kept for v1 users\nrequire('../dist/server/start.js');\n",
        "old/legacy.mjs": "export * from './dist/index.js';\n",
        # look-alikes: a redirect to the package's source, a redirect that also starts a server,
        # a dynamic import that does more with the module than call one of its methods
        "src/package.json": '{"name": "src", "main": "./dist/index.js"}',
        "src/controller.js": "import('./lib/main.js').then(res => res.init());\n",
        "busy/package.json": '{"name": "busy", "main": "./dist/index.js"}',
        "busy/controller.js": "require('./dist/main.js');\nrequire('http').createServer().listen(80);\n",
        "then/package.json": '{"name": "then", "main": "./dist/index.js"}',
        "then/controller.js": "import('./dist/main.js').then(res => res.init(require('./config.json')));\n",
    }
    result = scan_tree(tmp_path, shipped)
    assert [w for w in result.warnings if "not analysed" in w] == [
        f"{name}/package.json: its entry point {entry} is build output ({entry.split('/')[0]}/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
        for name, entry in (("ctl", "build/cjs/main.js"), ("old", "dist/index.js"))
    ]


def test_package_whose_only_code_beside_build_output_is_tooling_is_reported_unanalysed(tmp_path):
    """azurite 3.37.0 ships its servers only as dist/src/*.js, beside its
    eslint.config.js and the build scripts its package.json runs
    (scripts/buildExe.js, scripts/clean.js): neither is code of the package,
    so its tarball, scanned as shipped, gets the warning instead of a silent
    APPROVED. Code in a folder merely named like a script, or a module named
    config, is source."""
    shipped = {
        "emu/package.json": '{"name": "emu", "main": "./dist/src/main.js", "bin": {"emu": "./dist/src/azurite.js"}}',
        "emu/dist/src/main.js": "require('http').createServer().listen(10000);\n",
        "emu/eslint.config.js": 'module.exports = [require("@eslint/js").configs.recommended];\n',
        "emu/.prettierrc.cjs": "module.exports = { semi: true };\n",
        "emu/babel.config.mjs": "export default { presets: ['@babel/preset-env'] };\n",
        "emu/scripts/buildExe.js": "const { execSync } = require('child_process');\nexecSync('node --build-sea sea-config.json');\n",
        "emu/scripts/clean.js": "require('fs').rmSync('dist', { recursive: true, force: true });\n",
        # look-alikes: a module named config, code in a folder named like a script folder
        "cfg/package.json": '{"name": "cfg", "main": "./dist/index.js"}',
        "cfg/config/index.js": "module.exports = { port: 3000 };\n",
        "cfg/src/db-config.js": "module.exports = require('knex')({ client: 'pg' });\n",
        "ops/package.json": '{"name": "ops", "main": "./dist/index.js"}',
        "ops/src/scripts-runner.js": "require('http').createServer().listen(80);\n",
    }
    result = scan_tree(tmp_path, shipped)
    assert [w for w in result.warnings if "not analysed" in w] == [
        "emu/package.json: its entry point dist/src/main.js is build output (dist/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
    ]


def test_package_running_coffeescript_is_reported_unanalysed(tmp_path):
    """A package that runs CoffeeScript (its compiler a runtime dependency, or a
    .coffee entry point) gets a warning: its .coffee code is not read. A
    compiler needed only to build (devDependencies) says nothing."""
    files = {
        "srv/package.json": '{"name": "srv", "main": "server.js", "dependencies": {"express": "4", "coffee-script": "1.12"}}',
        "srv/server.js": "require('coffee-script/register');\nrequire('./lib/app').start();\n",
        "srv/lib/app.coffee": "express = require 'express'\n",
        "cli/package.json": '{"name": "cli", "main": "index.coffee"}',
        "tool/package.json": '{"name": "tool", "main": "index.js", "devDependencies": {"coffeescript": "2"}}',
        "tool/index.js": "module.exports = 1;\n",
    }
    result = scan_tree(tmp_path, files)
    notes = sorted(w.split(":", 1)[0] for w in result.warnings if "CoffeeScript" in w)
    assert notes == ["cli/package.json", "srv/package.json"]


def test_compiled_copy_beside_its_typescript_source_is_not_read_twice(tmp_path):
    """botkit ships lib/core.js (tsc output) beside src/core.ts: one finding, at
    the source; compiled code shipped without its source is still read."""
    static = "const express = require('express');\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n"
    files = {
        "bot/package.json": '{"name": "bot", "main": "lib/core.js"}',
        "bot/src/core.ts": "import express from 'express';\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n",
        "bot/lib/core.js": static,
        "old/package.json": '{"name": "old", "main": "lib/core.js"}',
        "old/lib/core.js": static,
    }
    result = scan_tree(tmp_path, files, select=("RS904",))
    assert {f.path for f in result.findings} == {"bot/src/core.ts", "old/lib/core.js"}
    assert {s.path: s.reason for s in result.skipped}["bot/lib/core.js"] == "compiled output of bot/src/core.ts, which is scanned"


def test_dual_esm_builds_are_read_once(tmp_path):
    """verdaccio's packages ship lib/x.js (CommonJS) beside lib/x.mjs (the ES
    module build of the same code): findings once, at the .js; a folder's lone
    .mjs beside its .js, and .mjs files with no twin, are read."""
    static = "const express = require('express');\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n"
    esm = "import express from 'express';\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n"
    helper = "module.exports = (x) => x;\n"
    files = {
        "reg/package.json": '{"name": "reg", "main": "lib/server.js", "exports": {"import": "./lib/server.mjs", "require": "./lib/server.js"}}',
        "reg/lib/server.js": static,
        "reg/lib/server.mjs": esm,
        "reg/lib/util.js": helper,
        "reg/lib/util.mjs": "export default (x) => x;\n",
        "reg/lib/extra.mjs": esm,
        "one/package.json": '{"name": "one", "main": "index.js"}',
        "one/index.js": static,
        "one/index.mjs": esm,
    }
    result = scan_tree(tmp_path, files, select=("RS904",))
    assert {f.path for f in result.findings} == {"reg/lib/server.js", "reg/lib/extra.mjs", "one/index.js", "one/index.mjs"}
    skipped = {s.path: s.reason for s in result.skipped}
    assert skipped["reg/lib/server.mjs"] == "ES module build of reg/lib/server.js, which is scanned"
    assert skipped["reg/lib/util.mjs"] == "ES module build of reg/lib/util.js, which is scanned"
    assert "one/index.mjs" not in skipped


def test_babel_copies_beside_their_javascript_sources_are_not_read_twice(tmp_path):
    """openhim ships lib/*.js (Babel output) beside src/*.js: findings once, at
    the sources; a lib/ that only shares one name with src/ is its own code."""
    static = "const express = require('express');\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n"
    helper = "module.exports = (x) => x;\n"
    files = {
        "hub/package.json": '{"name": "hub", "main": "lib/server.js"}',
        "hub/src/server.js": static,
        "hub/src/util.js": helper,
        "hub/lib/server.js": static,
        "hub/lib/util.js": helper,
        "mix/package.json": '{"name": "mix", "main": "lib/server.js"}',
        "mix/src/server.js": static,
        "mix/lib/server.js": static,
        "mix/lib/a.js": helper,
        "mix/lib/b.js": helper,
    }
    result = scan_tree(tmp_path, files, select=("RS904",))
    assert {f.path for f in result.findings} == {"hub/src/server.js", "mix/src/server.js", "mix/lib/server.js"}
    skipped = {s.path: s.reason for s in result.skipped}
    assert skipped["hub/lib/server.js"] == "compiled output of hub/src/server.js, which is scanned"
    assert "mix/lib/server.js" not in skipped
