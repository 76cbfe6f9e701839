"""Minified or bundled JavaScript is generated code: not analysed, listed as
skipped (excluded, not a failure), and the scan goes on."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from riskscan.cli import app

BUNDLE_LINE = "var a=require('redis').createClient();a.on('error',function(e){process.exit(1)});" * 60


def _scan(root) -> dict:
    res = CliRunner().invoke(app, ["check", str(root), "--format", "json", "--no-cache"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def test_bundle_with_long_lines_is_skipped_not_reported(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "app.bundle.js").write_text("\n".join([BUNDLE_LINE] * 8) + "\n")
    out = _scan(tmp_path)
    assert [f for f in out["findings"] if f["path"].startswith("public/")] == []
    skipped = {s["path"]: s["reason"] for s in out["skipped"]}
    assert "minified or bundled" in skipped["public/app.bundle.js"]
    assert out["verdict"]["decision"] == "APPROVED"  # an excluded file does not weaken the verdict


def test_readable_source_of_the_same_size_is_analysed(tmp_path):
    body = "\n".join(
        ["const Redis = require('ioredis');", "const r = new Redis();", "r.on('error', (e) => {", "  process.exit(1);", "});"]
        + [f"function f{i}(x) {{ return x + {i}; }}" for i in range(700)]
    )
    (tmp_path / "server.js").write_text(body + "\n")
    assert len(body) > 16 * 1024
    out = _scan(tmp_path)
    assert all(s["path"] != "server.js" for s in out["skipped"])
    assert any(f["rule_id"] == "RS201" and f["path"] == "server.js" for f in out["findings"])


def test_small_bundle_chunks_are_skipped_too(tmp_path):
    """Code splitting writes many small chunks on one line (a Vite build's
    ``assets/<name>-<hash>.js``, a few KB): generated, not analysed."""
    chunk = 'import{K as e}from"./vendor-DfDMelBH.js";' + "async function l(t){const r=await fetch(`/api/${t}`);return r.json()}" * 40
    assert 1024 < len(chunk) < 16 * 1024
    (tmp_path / "ui" / "assets").mkdir(parents=True)
    (tmp_path / "ui" / "assets" / "automations-bMDeAL0v.js").write_text(chunk)
    out = _scan(tmp_path)
    assert out["findings"] == []
    assert "minified or bundled" in {s["path"]: s["reason"] for s in out["skipped"]}["ui/assets/automations-bMDeAL0v.js"]


def test_compiled_module_with_an_inline_source_map_is_analysed(tmp_path):
    """Babel and tsc append the original source, base64-encoded, as one
    ``//# sourceMappingURL=data:`` comment line (parse-server's lib/): that
    line is not code, and the readable module above it is analysed."""
    import base64

    code = (
        '"use strict";\n\nconst Redis = require("ioredis");\nconst r = new Redis();\n'
        'r.on("error", e => {\n  process.exit(1);\n});\nmodule.exports = r;\n'
    )
    source_map = json.dumps({"version": 3, "sources": ["../src/redis.js"], "sourcesContent": [code * 20], "mappings": "AAAA;" * 200})
    text = code + "//# sourceMappingURL=data:application/json;charset=utf-8;base64," + base64.b64encode(source_map.encode()).decode()
    assert len(text) > 300 * (text.count("\n") + 1)  # long enough on average to look minified, counting the map
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "redis.js").write_text(text)
    # a bundle with an inline map is still a bundle
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "app.bundle.js").write_text("\n".join([BUNDLE_LINE] * 8) + "\n//# sourceMappingURL=data:application/json;base64,e30=\n")
    out = _scan(tmp_path)
    skipped = {s["path"]: s["reason"] for s in out["skipped"]}
    assert "lib/redis.js" not in skipped
    assert [(f["rule_id"], f["line"]) for f in out["findings"] if f["path"] == "lib/redis.js"] == [("RS201", 5)]
    assert "minified or bundled" in skipped["public/app.bundle.js"]


def test_short_hand_written_files_with_a_long_line_are_analysed(tmp_path):
    """Below 1 KB a long line is not a bundle: a one-line module is still read."""
    (tmp_path / "client.js").write_text("const r = await fetch(`${process.env.API_URL}/items/${encodeURIComponent(id)}?expand=owner,tags,history&limit=100`);\n")
    out = _scan(tmp_path)
    assert all(s["path"] != "client.js" for s in out["skipped"])
    assert [f["rule_id"] for f in out["findings"] if f["path"] == "client.js"] == ["RS905"]


def _skip_reason_and_strict_exit(root, rel: str) -> tuple[str, int]:
    """Why ``rel`` was skipped, and the exit code of ``--strict`` on the tree."""
    reason = {s["path"]: s["reason"] for s in _scan(root)["skipped"]}[rel]
    return reason, CliRunner().invoke(app, ["check", str(root), "--no-cache", "--strict"]).exit_code


def test_server_side_template_named_js_is_excluded_not_a_failure(tmp_path):
    # rq-dashboard: templates/.../scripts/jobs.js is pulled into a page with {% include %}
    scripts = tmp_path / "pkg" / "templates" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "jobs.js").write_text(
        "var url = '{{ url_for(\"rq_dashboard.list_jobs\", queue_name=queue.name) }}';\n"
        "{% if poll_interval %}\nsetInterval(refresh, {{ poll_interval }});\n{% endif %}\n"
    )
    reason, strict = _skip_reason_and_strict_exit(tmp_path, "pkg/templates/scripts/jobs.js")
    assert "server-side template" in reason
    assert strict == 0  # excluded, like a bundle: --strict does not fail on it


def test_template_wrapped_in_autoescape_is_a_template(tmp_path):
    # pyload: themes/*/templates/js/info.js is wrapped in {% autoescape true %} ... {% endautoescape %}
    (tmp_path / "info.js").write_text("{% autoescape true %}\nconst res = fetch('/json/status');\nfunction show( { return res; }\n{% endautoescape %}\n")
    out = _scan(tmp_path)
    assert "server-side template" in {s["path"]: s["reason"] for s in out["skipped"]}["info.js"]


def test_javascript_syntax_error_is_still_a_failure(tmp_path):
    (tmp_path / "server.js").write_text("const redis = require('redis');\nfunction (\n")
    reason, strict = _skip_reason_and_strict_exit(tmp_path, "server.js")
    assert reason.startswith("syntax error")
    assert strict == 2


def test_cookiecutter_python_template_is_excluded_not_a_failure(tmp_path):
    # vitrage: tools/datasource-scaffold/{{cookiecutter.name}}/driver.py, a project generator's template
    tpl = tmp_path / "tools" / "scaffold" / "{{cookiecutter.name}}"
    tpl.mkdir(parents=True)
    (tpl / "driver.py").write_text(
        "import requests\nfrom oslo_log import log\n\n"
        "from app.datasources.{{cookiecutter.name}} import {{cookiecutter.name|upper}}_DATASOURCE\n\n"
        "LOG = log.getLogger(__name__)\n\n\n"
        "class {{cookiecutter.name|capitalize}}Driver(object):\n    def get_all(self):\n        return requests.get(self.url).json()\n"
    )
    reason, strict = _skip_reason_and_strict_exit(tmp_path, "tools/scaffold/{{cookiecutter.name}}/driver.py")
    assert "template" in reason
    assert strict == 0


def test_python_syntax_error_with_escaped_braces_elsewhere_is_still_a_failure(tmp_path):
    # `{{x}}` in an f-string is Python, not a template tag: the broken line decides
    (tmp_path / "app.py").write_text("import requests\nURL = f\"{{base}}/items\"\ndef broken(:\n    pass\n")
    reason, strict = _skip_reason_and_strict_exit(tmp_path, "app.py")
    assert reason.startswith("syntax error")
    assert strict == 2
