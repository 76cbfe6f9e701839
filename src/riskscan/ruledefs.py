"""Rule definitions: ``rules/<ID>.yml`` loaded into :class:`RuleMeta`.

Format of a rule file (every key required unless marked optional)::

    id: RS101
    name: db-pool-no-acquire-timeout        # kebab-case, stable
    title: Database pool without an acquire timeout
    severity: critical                      # catastrophic|critical|high|medium|low
    probability: high                       # certain|high|medium|low
    languages: [js, ts, py]                 # js, ts, py, compose
    tags: [reliability, database]
    triggers: [Pool, createPool, ".end("]   # tokens; a file with none of the enabled
                                            # rules' tokens is never parsed (syntax:
                                            # riskscan.triggers -- words match whole
                                            # identifiers, `x*` a prefix, `*x*` anywhere)
    impact: All requests hang when the pool is exhausted
    effort: 15                              # minutes to fix one occurrence
    why: |                                  # markdown: why it breaks in production (the
                                            # rationale a review shows; a few paragraphs)
    detection: |                            # optional markdown: what the check reports and
                                            # what it leaves out (rule docs and `explain`)
    example: |                              # optional: short bad snippet for the docs
    use_instead: |                          # optional: the fixed snippet
    mitigation: |                           # markdown with a code sample
    references: [https://...]
    security_severity: "7.5"                # optional; only security rules (SARIF)
    examples:                               # run by tests/test_rule_examples.py
      - kind: bad | good
        lang: js | ts | py | compose
        name: short description            # optional
        code: |                             # a single file named by `path`
          ...   // ruleid   <- a bad example marks each line the rule must fire on
        path: src/app.js                    # optional (default app.<ext>)
        files: {path: code, ...}            # alternative to code: several files

Examples mark expected lines with a trailing ``ruleid`` comment
(``// ruleid`` in JS/TS, ``# ruleid`` in Python and YAML).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .model import PROBABILITIES, SEVERITIES, RuleMeta

_REQUIRED = ("id", "name", "title", "severity", "probability", "impact", "effort", "why", "mitigation", "references")


class RuleFileError(Exception):
    pass


class RulesMissing(Exception):
    """riskscan's own rule files cannot be found (a broken installation)."""


def data_dir(name: str) -> Path:
    """Location of a data folder (``rules`` or ``templates``): inside the
    installed wheel, else at the repository root (source checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    return here.parent.parent / name


def _safe_loader() -> type:
    """libyaml's safe loader when PyYAML was built with it (about 10x faster),
    else the pure-Python one; both build the same plain data."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# the last top-level key of a rule file (see the module doc): a line that
# starts with it at column 0 can only be that key, never text inside another
# key's value (block scalars and lists are indented)
_EXAMPLES_KEY = "\nexamples:"


def _load_file(path: Path, examples: bool = True) -> RuleMeta:
    import yaml

    text = path.read_text(encoding="utf-8")
    if not examples:
        # a scan never reads the examples (about half of each file's YAML):
        # they are left unparsed, and the rule's ``examples`` are empty
        cut = text.find(_EXAMPLES_KEY)
        if cut >= 0:
            text = text[: cut + 1]
    raw = yaml.load(text, Loader=_safe_loader())  # noqa: S506 - a safe loader
    if not isinstance(raw, dict):
        raise RuleFileError(f"{path.name}: not a mapping")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise RuleFileError(f"{path.name}: missing {', '.join(missing)}")
    if raw["severity"] not in SEVERITIES:
        raise RuleFileError(f"{path.name}: bad severity {raw['severity']!r}")
    if raw["probability"] not in PROBABILITIES:
        raise RuleFileError(f"{path.name}: bad probability {raw['probability']!r}")
    if path.stem != raw["id"]:
        raise RuleFileError(f"{path.name}: id {raw['id']} does not match file name")
    return RuleMeta(
        id=str(raw["id"]),
        name=str(raw["name"]),
        title=str(raw["title"]).strip(),
        severity=str(raw["severity"]),
        probability=str(raw["probability"]),
        impact=str(raw["impact"]).strip(),
        effort=int(raw["effort"]),
        why=str(raw["why"]).strip(),
        detection=str(raw.get("detection") or "").strip(),
        mitigation=str(raw["mitigation"]).strip(),
        languages=tuple(raw.get("languages") or ()),
        tags=tuple(raw.get("tags") or ()),
        references=tuple(raw.get("references") or ()),
        triggers=tuple(str(t) for t in (raw.get("triggers") or ())),
        example=str(raw.get("example") or "").rstrip(),
        use_instead=str(raw.get("use_instead") or "").rstrip(),
        security_severity=str(raw.get("security_severity") or ""),
        examples=tuple(raw.get("examples") or ()),
    )


@lru_cache(maxsize=2)
def load_rules(examples: bool = False) -> dict[str, RuleMeta]:
    """All rules, keyed and sorted by id.  Their ``examples`` (what the tests
    run) are read only with ``examples=True``; everything else is the same.
    Without examples they come from a snapshot when it is current."""
    from . import rulesnap

    directory = data_dir("rules")
    paths = sorted(directory.glob("RS*.yml"))
    if not paths:
        # a scan with no rules would approve anything: refuse instead
        raise RulesMissing(f"no rule files (RS*.yml) in {directory}: this riskscan installation is incomplete; reinstall it")
    if not examples:
        got = rulesnap.read(directory, paths)  # a parsed copy, while current (riskscan.rulesnap)
        if got is not None:
            return got
    rules: dict[str, RuleMeta] = {}
    for path in paths:
        meta = _load_file(path, examples)
        rules[meta.id] = meta
    if not examples:
        rulesnap.write(directory, paths, rules)
    return rules
