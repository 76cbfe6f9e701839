#!/usr/bin/env python3
"""Build the checked-in corpus of hostile files: ``tests/hostile/``.

Deterministic (no randomness, no timestamps): running it twice gives the same
bytes, and ``tests/test_hostile.py`` checks that the checked-in corpus is what
this script builds.  Only small regular files live here (the whole corpus stays
well under 2 MB); file-system oddities (symlinks, FIFOs, sockets, odd names,
unreadable files) and big or slow inputs are created at test time.

``tests/hostile/MANIFEST.json`` says, for every file, what a scan must do:

* ``"scan"``: analysed (counted in ``files_scanned``, not in ``skipped``);
* ``"skip"``: listed in ``skipped`` with a reason;
* ``"any"``: either, as long as it is accounted for (parsers may or may not
  support the newest syntax);
* ``"ignored"``: not a source file, never discovered;

and optionally ``"finding": [rule, line]`` that must be reported (line numbers
in files with odd encodings or line endings).

Usage::

    python scripts/build_hostile_corpus.py            # rebuild tests/hostile/
    python scripts/build_hostile_corpus.py --out DIR  # build elsewhere
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "tests", "hostile")

PG_JS = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
PG_PY = 'import os\nfrom sqlalchemy import create_engine\n\nengine = create_engine(os.environ["DB_URL"])\n'
# every parsed file needs a trigger token, or the prefilter never hands it to a parser
JS_HEAD = b"const { Pool } = require('pg');\n"
TS_HEAD = b"import { Pool } from 'pg';\n"
PY_HEAD = b"import redis\n"
YAML_HEAD = b"services:\n  web:\n    image: nginx\n"


def _cases() -> list[tuple[str, bytes, str, str, tuple | None]]:
    """(path, content, expect, why, finding)"""
    c: list[tuple[str, bytes, str, str, tuple | None]] = []

    def add(path: str, data: bytes | str, expect: str, why: str, finding: tuple | None = None) -> None:
        c.append((path, data.encode("utf-8") if isinstance(data, str) else data, expect, why, finding))

    # ------------------------------------------------------------ encodings
    add("encoding/invalid_utf8.js", JS_HEAD + b"const s = '\xff\xfe\xfa\xc3\x28';\n", "skip", "invalid UTF-8")
    add("encoding/invalid_utf8.py", PY_HEAD + b"s = '\xc3\x28\xa0\xa1'\n", "skip", "invalid UTF-8, no coding cookie")
    add("encoding/latin1_cookie.py", b"# -*- coding: latin-1 -*-\n" + PY_HEAD + b"s = '\xe9t\xe9'\n", "scan", "PEP 263 coding cookie")
    add("encoding/utf16_bom.js", ("\ufeff" + PG_JS).encode("utf-16-le"), "scan", "UTF-16 LE with BOM", ("RS101", 2))
    add("encoding/utf16_be_bom.js", ("\ufeff" + PG_JS).encode("utf-16-be"), "scan", "UTF-16 BE with BOM", ("RS101", 2))
    add("encoding/utf16_bom.py", ("\ufeff" + PG_PY).encode("utf-16-le"), "scan", "UTF-16 with BOM", ("RS103", 4))
    add("encoding/utf16_nobom.js", PG_JS.encode("utf-16-le"), "skip", "UTF-16 without BOM: NUL bytes")
    add("encoding/utf16_bad_surrogate.js", b"\xff\xfe" + "const { Pool } = 1;".encode("utf-16-le") + b"\x00\xd8\x41\x00", "skip", "UTF-16 with a lone surrogate")
    add("encoding/utf8_bom.js", b"\xef\xbb\xbf" + PG_JS.encode(), "scan", "UTF-8 BOM", ("RS101", 2))
    add("encoding/utf32.js", PG_JS.encode("utf-32"), "skip", "UTF-32 (NUL bytes)")
    add("encoding/binary.js", bytes(range(256)) * 8, "skip", "binary named .js")
    add("encoding/nul_late.py", PY_HEAD + b"x = 1\n" * 2000 + b"y = '\x00'\n", "skip", "a NUL byte after the first 8 KiB")
    add("encoding/nul_early.js", JS_HEAD + b"\x00\x00\x00", "skip", "NUL bytes")
    add("encoding/png_as.ts", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "skip", "an image named .ts")
    add("encoding/gzip_as.py", b"\x1f\x8b\x08\x00" + bytes(range(200)), "skip", "gzip data named .py")
    add("encoding/only_bom.js", b"\xef\xbb\xbf", "scan", "just a BOM")
    add("encoding/empty.py", b"", "scan", "empty file")
    add("encoding/surrogate_escape.py", PY_HEAD + b"s = '\\udcff \xed\xb3\xbf'\n", "skip", "CESU/surrogate bytes are not UTF-8")
    add("encoding/bidi_controls.js", JS_HEAD + "const s = '\u202e\u2066abc\u2069';\n// \u200b\u200d\n".encode(), "scan", "bidi / zero-width characters")

    # ------------------------------------------------------------ line endings
    add("lines/cr_only.js", PG_JS.replace("\n", "\r").replace("require('pg');\r", "require('pg');\r\r\r"), "scan", "CR-only line ends", ("RS101", 4))
    add("lines/crlf.js", PG_JS.replace("\n", "\r\n"), "scan", "CRLF line ends", ("RS101", 2))
    add("lines/cr_only.py", PG_PY.replace("\n", "\r"), "scan", "CR-only line ends", ("RS103", 4))
    add("lines/crlf.py", PG_PY.replace("\n", "\r\n"), "scan", "CRLF line ends", ("RS103", 4))
    add("lines/mixed.js", "// a\r\n// b\r// c\n" + PG_JS, "scan", "mixed line ends", ("RS101", 5))
    add("lines/formfeed.py", "\f" + PG_PY.replace("import os\n", "import os\n\f\n"), "scan", "form feeds", ("RS103", 5))
    add("lines/ls_ps.js", "// \u2028 \u2029 \x85\n" + PG_JS, "scan", "Unicode line/paragraph separators (not line breaks for line numbers)", ("RS101", 3))
    add("lines/no_trailing_newline.py", PG_PY.rstrip("\n"), "scan", "no final newline", ("RS103", 4))

    # ------------------------------------------------------------ syntax
    add("syntax/js_error.js", JS_HEAD + b"function ( {{{ \n new Pool(", "skip", "syntax error")
    add("syntax/ts_error.ts", TS_HEAD + b"let x: = ;;; class {\n", "skip", "syntax error")
    add("syntax/py_error.py", PY_HEAD + b"def f(:\n  pass\n", "skip", "syntax error")
    add("syntax/python2.py", PY_HEAD + b'print "hello"\nexec "x = 1"\nraise E, "v"\n', "skip", "Python 2")
    add("syntax/python2_backticks.py", PY_HEAD + b"x = `1`\nprint >>f, x\n", "skip", "Python 2")
    add("syntax/unterminated_string.py", PY_HEAD + b"s = '''never closed\n", "skip", "unterminated string")
    add("syntax/unterminated_template.js", JS_HEAD + b"const s = `${ never closed\n", "skip", "unterminated template")
    add("syntax/mixed_tabs.py", PY_HEAD + b"if x:\n\tif y:\n        pass\n", "any", "tabs and spaces")
    add("syntax/py312.py", PY_HEAD + b"def first[T](xs: list[T]) -> T:\n    return xs[0]\n\nclass Box[T]:\n    pass\n\ntype Alias = list[int]\n\nmatch command:\n    case [\"go\", direction]:\n        pass\n    case {\"x\": x, **rest}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n", "scan", "Python 3.12 type parameters, type alias, match")
    add("syntax/py_walrus_async.py", PY_HEAD + b"async def f():\n    async with a as b, c as d:\n        if (n := len(b)) > 1:\n            return [x async for x in b]\n", "scan", "async comprehension, walrus")
    add("syntax/py_fstring_nested.py", PY_HEAD + b"x = f\"{f\"{f'{1}'}\"}\"\ny = f'{x!r:>{10}}'\n", "any", "3.12 nested f-strings (PEP 701)")
    add("syntax/py314.py", PY_HEAD + b"try:\n    pass\nexcept ValueError, TypeError:\n    pass\nt = t\"hi {x}\"\n", "any", "3.14 except without parens, t-strings")
    add("syntax/jsx_in_js.js", JS_HEAD + b"const App = () => <div className=\"a\">{items.map(i => <Item key={i} />)}</div>;\nexport default App;\n", "scan", "JSX in .js")
    add("syntax/flow.js", b"// @flow\n" + JS_HEAD + b"type Row = {| id: number |};\nfunction get(id: number): ?Row { return null; }\nconst pool = new Pool({ max: 5 });\n", "scan", "Flow annotations (TypeScript fallback)")
    add("syntax/ts_decorators.ts", TS_HEAD + b"@Injectable()\nexport class Repo {\n  @Inject() private readonly pool!: Pool;\n  accessor n = 1;\n  cfg = { max: 5 } satisfies Record<string, number>;\n  constructor(@Inject(TOKEN) private t: string) {}\n}\nenum E { A = 1 }\nconst enum F { B }\nexport type { Repo as R };\n", "scan", "TS decorators, satisfies, accessor, enums")
    add("syntax/tsx_generic.tsx", b"import { Pool } from 'pg';\nconst f = <T,>(x: T) => x;\nexport const C = () => <div>{f<number>(1)}</div>;\n", "scan", "TSX with a generic arrow")
    add("syntax/js_modern.js", b"#!/usr/bin/env node\n" + JS_HEAD + b"class A { #p = 1; static { this.x = 1; } get p() { return this.#p; } }\nconst v = a?.b ?? c;\nconst big = 10n ** 20n;\nconst re = /[\\p{L}--\\p{Ll}]/v;\nlabel: for (const x of y) { continue label; }\nawait import('x');\nexport * as ns from 'mod';\n", "any", "hashbang, private fields, static blocks, BigInt, regex v flag, top-level await")
    add("syntax/js_using.js", JS_HEAD + b"{ using res = getResource(); await using conn = await pool.connect(); }\n", "any", "explicit resource management")
    add("syntax/import_attributes.mjs", JS_HEAD + b"import cfg from './cfg.json' with { type: 'json' };\n", "any", "import attributes")
    add("syntax/html_comment.js", JS_HEAD + b"<!-- legacy\nx = 1;\n--> also legacy\n", "any", "HTML-like comments (Annex B)")
    add("syntax/cjs_pool.cjs", PG_JS, "scan", ".cjs", ("RS101", 2))
    add("syntax/mts_pool.mts", "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 5 });\n", "scan", ".mts", ("RS101", 2))

    # ------------------------------------------------------------ nesting (5,000 levels) and long lines
    n = 5000
    add("nesting/js_arrays.js", JS_HEAD + b"x = " + b"[" * n + b"]" * n + b";\n", "skip", "5,000 nested arrays")
    add("nesting/js_objects.js", JS_HEAD + b"x = " + b"{a:" * n + b"1" + b"}" * n + b";\n", "skip", "5,000 nested objects")
    add("nesting/js_calls.js", JS_HEAD + b"x = " + b"f(" * n + b"1" + b")" * n + b";\n", "skip", "5,000 nested calls")
    add("nesting/js_functions.js", JS_HEAD + b"x = " + b"function(){" * n + b"}" * n + b";\n", "skip", "5,000 nested functions")
    add("nesting/js_arrows.js", JS_HEAD + b"x = " + b"() => " * n + b"1;\n", "skip", "5,000 nested arrows")
    add("nesting/js_ifs.js", JS_HEAD + b"if (a) {" * n + b"}" * n + b"\n", "skip", "5,000 nested blocks")
    add("nesting/js_templates.js", JS_HEAD + b"x = " + b"`${" * n + b"1" + b"}`" * n + b";\n", "skip", "5,000 nested template literals")
    add("nesting/js_jsx.jsx", JS_HEAD + b"x = " + b"<a>" * n + b"</a>" * n + b";\n", "skip", "5,000 nested JSX elements")
    add("nesting/js_unary.js", JS_HEAD + b"x = " + b"!" * n + b"1;\n", "any", "5,000 unary operators")
    add("nesting/ts_generics.ts", TS_HEAD + b"type X = " + b"A<" * n + b"1" + b">" * n + b";\n", "any", "5,000 nested generics")
    add("nesting/ts_blocks.ts", TS_HEAD + b"if (a) {" * n + b"}" * n + b"\n", "skip", "5,000 nested blocks")
    add("nesting/py_parens.py", PY_HEAD + b"x = " + b"(" * n + b"1" + b")" * n + b"\n", "skip", "5,000 nested parentheses")
    add("nesting/py_lists.py", PY_HEAD + b"x = " + b"[" * n + b"]" * n + b"\n", "skip", "5,000 nested lists")
    add("nesting/py_dicts.py", PY_HEAD + b"x = " + b"{1:" * n + b"1" + b"}" * n + b"\n", "skip", "5,000 nested dicts")
    add("nesting/py_calls.py", PY_HEAD + b"x = " + b"f(" * n + b"1" + b")" * n + b"\n", "skip", "5,000 nested calls")
    add("nesting/py_lambdas_1500.py", PY_HEAD + b"x = " + b"lambda: " * 1500 + b"1\n", "skip", "1,500 nested lambdas (libcst native parser crash)")
    add("nesting/py_lambdas.py", PY_HEAD + b"x = " + b"lambda: " * n + b"1\n", "skip", "5,000 nested lambdas")
    add("nesting/py_not.py", PY_HEAD + b"x = " + b"not " * n + b"1\n", "skip", "5,000 nots")
    add("nesting/py_unary.py", PY_HEAD + b"x = " + b"-" * n + b"1\n", "skip", "5,000 unary minus")
    add("nesting/py_binop.py", PY_HEAD + b"x = 1" + b" + 1" * n + b"\n", "skip", "5,000-term sum")
    add("nesting/py_attrs.py", PY_HEAD + b"x = a" + b".b" * n + b"\n", "skip", "5,000-long attribute chain")
    add("nesting/py_ternary.py", PY_HEAD + b"x = " + b"1 if a else " * n + b"1\n", "skip", "5,000 nested conditional expressions")
    add("nesting/py_fstrings.py", PY_HEAD + b"x = " + b"f'{" * 200 + b"1" + b"}'" * 200 + b"\n", "any", "200 nested f-strings (PEP 701)")
    add("nesting/py_fstrings_deep.py", PY_HEAD + b"x = " + b"f'{" * n + b"1" + b"}'" * n + b"\n", "skip", "5,000 nested f-strings")
    add("nesting/py_string_concat.py", PY_HEAD + b"x = " + b"'a' " * n + b"\n", "skip", "5,000 implicitly concatenated strings")
    add("nesting/py_indent.py", PY_HEAD + b"".join(b" " * i + b"if x:\n" for i in range(300)) + b" " * 300 + b"pass\n", "skip", "300 indentation levels")
    add("nesting/py_elif_chain.py", PY_HEAD + b"if x: pass\n" + b"elif x: pass\n" * 10000, "skip", "10,000-branch elif chain (libcst native parser segfault)")
    add("nesting/yaml_flow/compose.yaml", YAML_HEAD + b"    command: " + b"[" * n + b"]" * n + b"\n", "skip", "5,000 nested flow sequences")
    add("nesting/yaml_block/compose.yaml", b"services:\n  web:\n" + b"".join(b"  " * (i + 2) + b"k%d:\n" % i for i in range(600)), "skip", "600 nested block mappings")
    add("nesting/yaml_block_seq/compose.yaml", YAML_HEAD + b"    command:\n      " + b"- " * 3000 + b"x\n", "skip", "3,000 nested block sequences on one line")
    add("nesting/yaml_interpolation/compose.yaml", YAML_HEAD + b'    environment:\n      X: "' + b"${A:-" * 10000 + b"x" + b"}" * 10000 + b'"\n', "skip", "10,000-level ${...} interpolation")
    add("nesting/yaml_interpolation_plain/compose.yaml", YAML_HEAD + b"    environment:\n      X: " + b"${A:-" * 10000 + b"x" + b"}" * 10000 + b"\n", "skip", "10,000-level ${...} interpolation, unquoted")

    # ------------------------------------------------------------ YAML: bombs, tags, odd documents
    lines = [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" .encode() + b",".join([f"*{prev}".encode()] * 9) + b"]")
        prev = name
    add("yaml/alias_bomb/compose.yaml", b"\n".join(lines) + b"\nservices:\n  web:\n    image: nginx\n    command: *i\n", "skip", "billion laughs")
    add("yaml/merge_bomb/compose.yaml", b"x0: &x0 {a: 1, b: 2}\n" + b"".join(b"x%d: &x%d {<<: [*x%d, *x%d], k%d: 1}\n" % (i, i, i - 1, i - 1, i) for i in range(1, 40)) + b"services:\n  web:\n    <<: *x39\n    image: nginx\n", "skip", "merge-key bomb")
    add("yaml/python_object/compose.yaml", YAML_HEAD + b"    command: !!python/object/apply:os.system [\"touch /tmp/riskscan-pwned\"]\n", "skip", "object-constructing tag")
    add("yaml/python_name/compose.yaml", YAML_HEAD + b"    command: !!python/name:os.system\n", "skip", "object-constructing tag")
    add("yaml/python_new/docker-compose.yml", b"services: !!python/object/new:os.system [\"touch /tmp/riskscan-pwned\"]\n", "skip", "object-constructing tag")
    add("yaml/custom_tag/compose.yaml", YAML_HEAD + b"    command: !Ref Something\n", "skip", "unknown tag")
    add("yaml/reset_override/compose.yaml", YAML_HEAD + b"    ports: !reset []\n    environment: !override\n      A: b\n", "scan", "compose's own tags")
    add("yaml/syntax_error/compose.yaml", YAML_HEAD + b"   bad: [unclosed\n  x: : :\n", "skip", "YAML syntax error")
    add("yaml/duplicate_keys/compose.yaml", YAML_HEAD + b"  web:\n    image: other\n", "any", "duplicate keys")
    add("yaml/many_documents/compose.yaml", b"---\n" * 5000 + YAML_HEAD, "any", "thousands of documents")
    add("yaml/not_a_mapping/compose.yaml", b"- just\n- a\n- list\n", "skip", "top level is not a mapping")
    add("yaml/scalar_only/compose.yaml", b"hello\n", "skip", "top level is a scalar")
    add("yaml/empty/compose.yaml", b"", "any", "empty compose file")
    add("yaml/binary/compose.yaml", bytes(range(256)) * 4, "skip", "binary compose file")
    add("yaml/huge_int/compose.yaml", YAML_HEAD + b"    mem_limit: " + b"9" * 5000 + b"\n    cpus: 1e999999\n", "any", "huge numbers")
    add("yaml/anchor_cycle/compose.yaml", YAML_HEAD + b"    x: &a [*a]\n", "skip", "alias to an unfinished anchor")
    add("yaml/env_interpolation/compose.yaml", b'services:\n  web:\n    image: "${IMG}"\n    environment:\n      X: "${DEEP}"\n      Y: "${LOOP_A}"\n', "scan", "values from a hostile .env")
    add("yaml/env_interpolation/.env", b"IMG=nginx\nDEEP=" + b"${A:-" * 10000 + b"x" + b"}" * 10000 + b"\nLOOP_A=${LOOP_B}\nLOOP_B=${LOOP_A}\n", "any", "10,000-level interpolation and a cycle in .env")
    add("yaml/env_binary/compose.yaml", YAML_HEAD, "scan", "compose beside a binary .env")
    add("yaml/env_binary/.env", bytes(range(256)) * 4, "any", "binary .env")
    add("yaml/crlf/compose.yaml", YAML_HEAD.replace(b"\n", b"\r\n"), "scan", "CRLF YAML")
    add("yaml/utf16/compose.yaml", b"\xff\xfe" + YAML_HEAD.decode().encode("utf-16-le"), "any", "UTF-16 YAML with BOM")

    # ------------------------------------------------------------ code that must never run
    marker = b"/tmp/riskscan-pwned"
    add("noexec/setup.py", b"import os, redis\nopen('" + marker + b"', 'w').write('setup.py ran')\nos.system('touch " + marker + b"')\n", "scan", "setup.py is read, never run")
    add("noexec/pkg/__init__.py", b"import os, redis\nos.system('touch " + marker + b"')\n", "scan", "package __init__ is read, never imported")
    add("noexec/pkg/__main__.py", b"import os, redis\nos.system('touch " + marker + b"')\n", "scan", "never run")
    add("noexec/sitecustomize.py", b"import os, redis\nos.system('touch " + marker + b"')\n", "scan", "never imported")
    add("noexec/evil.pth", b"import os; os.system('touch " + marker + b"')\n", "ignored", "not a source file")
    add("noexec/package.json", b'{"name": "evil", "scripts": {"postinstall": "touch ' + marker + b'", "start": "node index.js"}, "dependencies": {"pg": "8"}}\n', "scan", "scripts are read, never run")
    add("noexec/index.js", b"const { Pool } = require('pg');\nrequire('child_process').execSync('touch " + marker + b"');\n", "scan", "never run")
    add("noexec/Dockerfile", b"FROM node\nRUN touch " + marker + b"\nCMD node index.js\n", "scan", "never built")
    add("noexec/riskscan_plugin.py", b"import redis\n__import__('os').system('touch " + marker + b"')\n", "scan", "never imported")
    return c


def build(out: str) -> dict:
    cases = _cases()
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    manifest: dict[str, dict] = {}
    for path, data, expect, why, finding in cases:
        if path in manifest:
            raise SystemExit(f"duplicate case {path}")
        full = os.path.join(out, *path.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)
        entry: dict = {"expect": expect, "why": why}
        if finding:
            entry["finding"] = list(finding)
        manifest[path] = entry
    with open(os.path.join(out, ".gitattributes"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# exact bytes: no line-ending or encoding conversion on checkout\n* -text -diff\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Hostile corpus\n\nBuilt by `scripts/build_hostile_corpus.py` (do not edit by hand; rerun the script).\n"
            "`tests/test_hostile.py` scans this directory with the real CLI and checks every file against `MANIFEST.json`.\n"
        )
    with open(os.path.join(out, "MANIFEST.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(dict(sorted(manifest.items())), fh, indent=1, sort_keys=True, ensure_ascii=True)
        fh.write("\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: tests/hostile)")
    args = ap.parse_args(argv)
    manifest = build(args.out)
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(args.out) for f in fs)
    sys.stdout.write(f"wrote {len(manifest)} cases, {total} bytes, to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
