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
