"""Import aliases (riskscan.aliases): what a JS/TS import such as
``@/utils/got`` resolves to, what is refused, and that the cache follows a
change of the aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskscan.aliases import AliasTable, add_code_aliases, apply_alias, read_aliases, strip_jsonc
from riskscan.discovery import discover
from riskscan.engine import ScanOptions, _manifests, scan
from riskscan.frontends.javascript import extract
from riskscan.report import render

from helpers import write_tree


def _table(root: Path) -> AliasTable:
    disc = discover(str(root))
    manifests = _manifests(str(root), disc)
    table = read_aliases(str(root), disc.config_dirs, manifests)
    add_code_aliases(table, str(root), manifests, disc.files, 1 << 20)
    return table


def _resolved(root: Path, path: str, spec: str) -> str | None:
    return apply_alias(spec, _table(root).for_path(path))


def test_jsonc_comments_and_trailing_commas_outside_strings():
    text = '{\n  // a comment\n  "a": "http://x/*y*/", /* block */\n  "b": [1, 2,],\n}\n'
    assert json.loads(strip_jsonc(text)) == {"a": "http://x/*y*/", "b": [1, 2]}
    assert json.loads(strip_jsonc('{"s": "a, ]", "t": "\\"//"}')) == {"s": "a, ]", "t": '"//'}


def test_tsconfig_paths_through_extends_and_base_url(tmp_path):
    write_tree(tmp_path, {
        "api/tsconfig.json": '{ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true, }, }',
        "tsconfig.base.json": '{ "compilerOptions": { "baseUrl": "./api", // base\n "paths": { "@/*": ["src/*"], "@cfg": ["src/config.ts"] } } }',
        "api/src/x.ts": "export {}\n",
        "api/src/config.ts": "export {}\n",
    })
    assert _resolved(tmp_path, "api/src/routes/a.ts", "@/lib/http") == "api/src/lib/http"
    assert _resolved(tmp_path, "api/src/routes/a.ts", "@cfg") == "api/src/config.ts"
    assert _resolved(tmp_path, "api/src/routes/a.ts", "@cfg/x") is None  # an exact pattern covers only itself
    assert _resolved(tmp_path, "api/src/routes/a.ts", "lodash") is None
    assert _resolved(tmp_path, "web/main.ts", "@/lib/http") is None  # no tsconfig above it


def test_paths_without_base_url_are_relative_to_their_config(tmp_path):
    write_tree(tmp_path, {"svc/jsconfig.json": '{"compilerOptions": {"paths": {"~/*": ["./lib/*"]}}}', "svc/lib/a.js": "1\n"})
    assert _resolved(tmp_path, "svc/index.js", "~/db") == "svc/lib/db"


def test_aliases_to_folders_or_files_the_tree_does_not_hold_are_left_alone(tmp_path):
    """A published package's tsconfig may point at sibling packages of its
    monorepo (appium's "@appium/support": ["../support"]): the import keeps
    naming the package."""
    write_tree(tmp_path, {
        "pkg/tsconfig.json": '{"compilerOptions": {"paths": {"@appium/support": ["../support"], "@/*": ["./gone/*"], "@lib": ["./lib/index"],'
                             ' "@acme/shared": ["../shared"], "@acme/util": ["../util"]}}}',
        "pkg/lib/index.ts": "export {}\n",
        # a package of the workspace: its package.json says where its code is
        "shared/package.json": '{"name": "@acme/shared", "main": "lib/index.js"}', "shared/lib/index.ts": "export {}\n",
        "util/index.ts": "export {}\n",
    })
    assert _resolved(tmp_path, "pkg/a.ts", "@acme/shared") is None
    assert _resolved(tmp_path, "pkg/a.ts", "@acme/util") == "util"
    assert _resolved(tmp_path, "pkg/a.ts", "@appium/support") is None
    assert _resolved(tmp_path, "pkg/a.ts", "@/x") is None
    assert _resolved(tmp_path, "pkg/a.ts", "@lib") == "pkg/lib/index"


def test_base_url_alone_resolves_the_names_its_folder_holds(tmp_path):
    """TypeScript resolves a bare import against ``baseUrl`` (a NestJS
    project's ``"baseUrl": "./"`` and ``import ... from 'src/users/users.service'``);
    packages the project depends on and Node's built-ins keep their meaning."""
    write_tree(tmp_path, {
        "package.json": json.dumps({"name": "api", "dependencies": {"config": "3", "@nestjs/core": "10"}}),
        "tsconfig.json": '{"compilerOptions": {"baseUrl": "./", "outDir": "./dist"}}',
        "src/users/users.service.ts": "export {}\n",
        "src/db.ts": "export {}\n", "src/types.d.ts": "export {}\n",
        "config/index.ts": "export {}\n",  # a folder named like a dependency
        "crypto.ts": "export {}\n",  # a module named like a built-in
        "lib/index.ts": "export {}\n",
    })
    assert _resolved(tmp_path, "src/app.ts", "src/users/users.service") == "src/users/users.service"
    assert _resolved(tmp_path, "src/app.ts", "src/db") == "src/db"
    assert _resolved(tmp_path, "src/app.ts", "lib") == "lib"
    assert _resolved(tmp_path, "src/app.ts", "config") is None
    assert _resolved(tmp_path, "src/app.ts", "crypto") is None
    assert _resolved(tmp_path, "src/app.ts", "lodash") is None
    assert _resolved(tmp_path, "src/app.ts", "@nestjs/core") is None
    assert _resolved(tmp_path, "src/app.ts", "types") is None  # a declaration file is no module


@pytest.mark.parametrize("where", [".babelrc", ".babelrc.json", "babel.config.json", "package.json"])
def test_babel_module_resolver_aliases_and_roots(tmp_path, where):
    """An older Node backend built with Babel declares its aliases for
    babel-plugin-module-resolver: ``alias`` entries with relative targets
    and ``root`` folders (read like ``baseUrl``)."""
    resolver = ["module-resolver", {
        "root": ["./src"],
        "alias": {"@db": "./src/database", "~config": "./config/index.js", "underscore": "lodash", "^@/(.+)": "./src/\\1", "@gone": "./nowhere"},
    }]
    manifest: dict = {"name": "api", "dependencies": {"express": "4", "lodash": "4"}}
    tree = {
        "src/database/pool.js": "module.exports = {}\n",
        "src/services/mail.js": "module.exports = {}\n",
        "src/express/index.js": "module.exports = {}\n",  # a folder named like a dependency
        "config/index.js": "module.exports = {}\n",
    }
    if where == "package.json":
        manifest["babel"] = {"presets": ["@babel/preset-env"], "plugins": [resolver]}
    else:
        tree[where] = "// Babel config\n" + json.dumps({"presets": ["@babel/preset-env"], "plugins": [resolver]})
    write_tree(tmp_path, {**tree, "package.json": json.dumps(manifest)})
    assert _resolved(tmp_path, "src/app.js", "@db/pool") == "src/database/pool"
    assert _resolved(tmp_path, "src/app.js", "@db") == "src/database"
    assert _resolved(tmp_path, "src/app.js", "~config") == "config/index.js"
    assert _resolved(tmp_path, "src/app.js", "services/mail") == "src/services/mail"  # through the root
    assert _resolved(tmp_path, "src/app.js", "express") is None  # a dependency keeps its meaning
    assert _resolved(tmp_path, "src/app.js", "underscore") is None  # an alias to a package
    assert _resolved(tmp_path, "src/app.js", "@/database/pool") is None  # a regular expression: not read
    assert _resolved(tmp_path, "src/app.js", "@gone/x") is None  # nothing there


def test_babel_configs_in_javascript_or_without_the_plugin_are_not_read(tmp_path):
    write_tree(tmp_path, {
        "package.json": json.dumps({"name": "api"}),
        "babel.config.js": "module.exports = { plugins: [['module-resolver', { alias: { '@db': './src/database' } }]] };\n",
        "web/.babelrc": json.dumps({"plugins": [["transform-runtime", {"alias": {"@db": "./src/database"}}]]}),
        "src/database/pool.js": "module.exports = {}\n",
        "web/src/database/pool.js": "module.exports = {}\n",
    })
    assert _resolved(tmp_path, "src/app.js", "@db/pool") is None
    assert _resolved(tmp_path, "web/src/app.js", "@db/pool") is None


def test_base_url_with_paths_and_later_targets(tmp_path):
    write_tree(tmp_path, {
        "tsconfig.json": '{"compilerOptions": {"baseUrl": "src", "paths": {"@/*": ["generated/*", "./*"], "utils/*": ["shared/utils/*"]}}}',
        "src/utils/time.ts": "export {}\n", "src/shared/utils/time.ts": "export {}\n", "src/models/user.ts": "export {}\n",
    })
    assert _resolved(tmp_path, "src/a.ts", "@/models/user") == "src/models/user"  # the first target is not in the tree
    assert _resolved(tmp_path, "src/a.ts", "utils/time") == "src/shared/utils/time"  # the paths pattern wins
    assert _resolved(tmp_path, "src/a.ts", "models/user") == "src/models/user"


@pytest.mark.parametrize("paths", [
    {"*": ["src/*"]},  # every bare import: packages too
    {"@/*": ["../outside/*"]},  # outside the scanned root
    {"@/*": ["node_modules/shim/*"]},
    {"@/*/x": ["src/*/x"]},  # a wildcard not at the end
    {"@/*": ["/abs/src/*"]},
])
def test_unsafe_or_unsupported_paths_are_ignored(tmp_path, paths):
    write_tree(tmp_path, {"tsconfig.json": json.dumps({"compilerOptions": {"paths": paths}}), "src/a.ts": "1\n"})
    assert not _table(tmp_path)


def test_package_json_module_aliases_and_subpath_imports(tmp_path):
    write_tree(tmp_path, {
        "svc/package.json": json.dumps({
            "name": "svc", "_moduleAliases": {"@": "./lib", "@models": "./lib/models"},
            "imports": {"#db": {"node": "./src/db.js", "default": "./src/db.js"}, "#utils/*": "./src/utils/*.js", "#bad": "../x.js"},
        }),
        "svc/lib/a.js": "1\n", "svc/lib/models/user.js": "1\n", "svc/src/db.js": "1\n", "svc/src/utils/time.js": "1\n",
    })
    assert _resolved(tmp_path, "svc/lib/a.js", "@/utils/got") == "svc/lib/utils/got"
    assert _resolved(tmp_path, "svc/lib/a.js", "@models/user") == "svc/lib/models/user"
    assert _resolved(tmp_path, "svc/lib/a.js", "@scope/pkg") is None  # '@' is not every scoped package
    assert _resolved(tmp_path, "svc/lib/a.js", "#db") == "svc/src/db.js"
    assert _resolved(tmp_path, "svc/lib/a.js", "#utils/time") == "svc/src/utils/time.js"
    assert _resolved(tmp_path, "svc/lib/a.js", "#bad") is None


@pytest.mark.parametrize(("call", "target"), [
    ("moduleAlias.addAlias('@', () => __dirname);", "lib"),
    ("moduleAlias.addAlias('@', __dirname);", "lib"),
    ("moduleAlias.addAlias('@', path.join(__dirname, 'utils'));", "lib/utils"),
    ("require('module-alias').addAlias(\"@\", path.resolve(__dirname, '..', 'shared'));", "shared"),
    ("moduleAlias.addAlias('@', __dirname + '/utils');", "lib/utils"),
    ("moduleAlias.addAliases({ '@': __dirname, '@root': path.join(__dirname, '..') });", "lib"),
])
def test_module_alias_calls_in_code(tmp_path, call, target):
    write_tree(tmp_path, {
        "package.json": json.dumps({"name": "feeds", "dependencies": {"module-alias": "2.2.3"}}),
        "lib/app.js": f"const moduleAlias = require('module-alias');\nconst path = require('path');\n{call}\n",
        "lib/utils/got.js": "1\n", "shared/got.js": "1\n",
    })
    assert _resolved(tmp_path, "lib/routes/a.js", "@/got") == f"{target}/got"


def test_module_alias_calls_need_the_dependency_and_a_dirname_target(tmp_path):
    write_tree(tmp_path, {
        "package.json": json.dumps({"name": "feeds", "dependencies": {"got": "11"}}),
        "lib/app.js": "moduleAlias.addAlias('@', () => __dirname);\n",
        "other/package.json": json.dumps({"name": "o", "dependencies": {"module-alias": "2"}}),
        "other/app.js": "moduleAlias.addAlias('@', process.env.ROOT);\nmoduleAlias.addAlias('~', path.join(__dirname, '../../..'));\n",
    })
    assert not _table(tmp_path)


def test_the_frontend_resolves_an_alias_like_a_relative_import():
    src = b"const got = require('@/utils/got');\nimport { db } from '#db';\ngot.get('https://x');\n"
    rules = (("@", False, "lib", "/"), ("#db", False, "src/db.js", ""))
    ff = extract("lib/routes/a.js", src, rules)
    assert ff.modules == ["./lib/utils/got", "./src/db"]
    assert ff.imports["got"] == "./lib/utils/got"
    assert [c.callee for c in ff.calls if c.method == "get"] == ["./lib/utils/got.get"]
    assert extract("lib/routes/a.js", src).modules == ["@/utils/got", "#db"]


APP = {
    "package.json": json.dumps({"name": "catalog", "dependencies": {"axios": "^1.7.0", "express": "^4.19.2"}}),
    "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
    "src/lib/http.ts": "import axios from 'axios';\nexport const http = axios.create({ baseURL: process.env.URL });\n",
    "src/routes/items.ts": "import { http } from '@/lib/http';\nexport async function listItems() {\n  return (await http.get('/items')).data;\n}\n",
    "src/server.ts": "import express from 'express';\nimport { listItems } from '@/routes/items';\nconst app = express();\n"
                     "app.get('/items', async (_req, res) => res.json(await listItems()));\napp.listen(3000);\n",
}


@pytest.fixture
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


def _rs905(root: Path, **kw) -> list[tuple[str, int]]:
    out = render("json", scan(ScanOptions(root=str(root), jobs=1, select=("RS905",), **kw)))
    return [(f["path"], f["line"]) for f in json.loads(out)["findings"]]


def test_a_warm_scan_follows_a_change_of_the_aliases(tmp_path, _secret):
    write_tree(tmp_path, APP)
    assert _rs905(tmp_path) == [("src/lib/http.ts", 2)]
    assert _rs905(tmp_path) == [("src/lib/http.ts", 2)]  # (results reused)
    # the alias now points elsewhere: no source file changed, yet the facts must
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"paths": {"@/*": ["./other/*"]}}}')
    assert _rs905(tmp_path) == []
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}')
    assert _rs905(tmp_path) == [("src/lib/http.ts", 2)]
    assert _rs905(tmp_path, use_cache=False) == [("src/lib/http.ts", 2)]


def test_an_import_through_base_url_is_followed_across_files(tmp_path, _secret):
    app = {**APP, "tsconfig.json": '{"compilerOptions": {"baseUrl": "./"}}'}
    for path in ("src/routes/items.ts", "src/server.ts"):
        app[path] = app[path].replace("'@/", "'src/")
    write_tree(tmp_path, app)
    assert _rs905(tmp_path, use_cache=False) == [("src/lib/http.ts", 2)]
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}')
    assert _rs905(tmp_path) == []


def test_an_import_through_a_babel_alias_is_followed_across_files(tmp_path, _secret):
    app = {k: v for k, v in APP.items() if k != "tsconfig.json"}
    app[".babelrc"] = json.dumps({"plugins": [["module-resolver", {"alias": {"@": "./src"}}]]})
    write_tree(tmp_path, app)
    assert _rs905(tmp_path, use_cache=False) == [("src/lib/http.ts", 2)]
    assert _rs905(tmp_path) == [("src/lib/http.ts", 2)]
    (tmp_path / ".babelrc").write_text(json.dumps({"plugins": []}))
    assert _rs905(tmp_path) == []


def test_a_change_in_an_extended_config_is_followed(tmp_path, _secret):
    write_tree(tmp_path, {**APP, "tsconfig.json": '{"extends": "./tsconfig.base.json"}',
                          "tsconfig.base.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'})
    assert _rs905(tmp_path) == [("src/lib/http.ts", 2)]
    (tmp_path / "tsconfig.base.json").write_text('{"compilerOptions": {}}')
    assert _rs905(tmp_path) == []


def test_unreadable_or_hostile_configs_are_ignored(tmp_path):
    write_tree(tmp_path, {**APP, "tsconfig.json": "{" * 100000, "src/jsconfig.json": "not json"})
    assert _rs905(tmp_path, use_cache=False) == []
    (tmp_path / "tsconfig.json").unlink()
    (tmp_path / "tsconfig.json").symlink_to("/etc/hostname")
    assert _rs905(tmp_path, use_cache=False) == []
