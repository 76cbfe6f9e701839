"""The trigger prefilter's fast matcher means exactly what its reference
regular expression means (riskscan.triggers), on the real rule set."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from riskscan.ruledefs import load_rules
from riskscan.triggers import trigger_regex, triggers_for

ROOT = Path(__file__).resolve().parent.parent
RULE_TOKENS = sorted({t for meta in load_rules().values() for t in meta.triggers if t})

SAMPLES = [
    b"mapping",
    b"ws.ping()",
    b"'/ping'",
    b"throttler",
    b"nothrottle",
    b"failedAttempts",
    b"db.close()",
    b"$ping",
    b"",
    b"\x00\xff binary",
    b"caf\xc3\xa9 ping",
    b"ping$",
    b"_ping",
    b"ping_",
    b"9ping",
]
TOY = ["ping", "throttl*", "*ttempt*", ".close(", "require('knex", "from celery", "*ad-login*", "'ws'"]


@pytest.mark.parametrize("data", SAMPLES + [b"x = require('knex')", b"from celeryx import a", b"bad-login", b"bad_login", b"ws = 'ws'"])
def test_toy_tokens_match_like_the_reference_regex(data):
    rx = trigger_regex(TOY)
    assert rx is not None
    assert triggers_for(TOY).search(data) == bool(rx.search(data))


def _corpus_files() -> list[bytes]:
    out = []
    for base in ("fixtures", "tests/audit", "tests/audit_queues_ops", "rules"):
        for p in sorted((ROOT / base).rglob("*")):
            if p.is_file() and p.suffix in {".js", ".ts", ".py", ".mjs", ".cjs", ".tsx", ".yml"} and p.stat().st_size < 200_000:
                out.append(p.read_bytes())
    return out


def test_rule_tokens_match_like_the_reference_regex_on_the_repository():
    rx = trigger_regex(RULE_TOKENS)
    fast = triggers_for(RULE_TOKENS)
    files = _corpus_files()
    assert len(files) > 100
    differ = [i for i, data in enumerate(files) if fast.search(data) != bool(rx.search(data))]
    assert differ == []


def test_each_rule_token_alone_is_found_where_the_regex_finds_it():
    """One token at a time, in text built around it: every token kind and anchor path."""
    rng = random.Random(7)
    fast = triggers_for(RULE_TOKENS)
    reference = trigger_regex(RULE_TOKENS)
    assert reference is not None
    seps = [b" ", b"(", b".", b"x", b"_", b"$", b"'", b"\n", b"-", b"Z"]
    for tok in RULE_TOKENS:
        body = tok.strip("*").encode()
        for _ in range(3):
            data = rng.choice(seps) + body + rng.choice(seps)
            single = trigger_regex([tok])
            assert single is not None
            if single.search(data):  # whatever the whole set says, it must say yes here
                assert fast.search(data), (tok, data)
            assert fast.search(data) == bool(reference.search(data)), (tok, data)


@pytest.mark.parametrize("remembered", [1 << 17, 64, 0])
def test_what_the_matcher_learns_from_one_file_answers_the_next_as_the_regex_does(monkeypatch, remembered):
    """Each identifier is classified once per process and remembered, up to
    a limit (``MAX_SEEN``), for the matcher and its conjunctions' parts at
    once: files met in any order, sharing identifiers, give the reference
    regular expression's answer, whether the identifiers were remembered
    from an earlier file, met for the first time, or past the limit."""
    import riskscan.triggers as triggers

    monkeypatch.setattr(triggers, "MAX_SEEN", remembered)
    conj = ".update(|UPDATE&*status*|*State*"
    tokens = [*TOY, conj, "createPool", "create*", "*Adapter*", "pg.Pool(", ".connect("]
    reference = trigger_regex(tokens)
    assert reference is not None
    files = [
        b"status = 1",  # the conjunction's second part alone
        b"job.update({status: 'done'})",  # both parts: the second was learned above
        b"cfg.update(x)",  # the first part alone, its identifier now known
        b"x = orderState + 1; y.update(z)",
        b"createPoolFactory()",  # `create*`, an identifier's prefix
        b"const p = new pg.Pool({})",  # `pg.Pool(`, filed under an identifier
        b"pg.Pooled",  # the same identifiers, not the literal
        b"db.connection",  # not `.connect(`
        b"db.connect()",
        b"HttpAdapterThing",  # a substring token inside an identifier
        b"adapter",
        b"status",
    ]
    rng = random.Random(11)
    for _ in range(4):
        fast = triggers.Triggers(tokens)  # a matcher of its own: nothing learned yet
        order = files[:]
        rng.shuffle(order)
        for data in order + order:
            assert fast.search(data) == bool(reference.search(data)), data
        assert len(fast._seen) <= max(remembered, 0) + 16


def test_matcher_survives_pickling_for_worker_processes():
    fast = triggers_for(TOY)
    again = pickle.loads(pickle.dumps(fast))
    assert again.pattern == fast.pattern
    assert [again.search(d) for d in SAMPLES] == [fast.search(d) for d in SAMPLES]


def test_a_process_scanning_again_reuses_the_rules_matcher_and_a_changed_rule_gets_its_own():
    """The API and the test suite scan many times in one process: the matcher
    of the rules' thousands of tokens is built once, and its key (the facts
    cache's) once; a rule whose tokens differ gets a matcher of its own."""
    import dataclasses

    from riskscan.engine import rule_triggers

    rules = load_rules()
    first = rule_triggers(rules)
    assert rule_triggers(load_rules()) is first
    assert first.key is first.key
    assert first.tokens == tuple(sorted({t for r in rules.values() for t in r.triggers if t and t != "*"}))
    rid = next(iter(rules))
    changed = dict(rules, **{rid: dataclasses.replace(rules[rid], triggers=(*rules[rid].triggers, "someBrandNewTokenXyz"))})
    other = rule_triggers(changed)
    assert other is not first and "someBrandNewTokenXyz" in other.tokens and other.key != first.key
    assert other.search(b"x = someBrandNewTokenXyz()") and not first.search(b"x = someBrandNewTokenXyz()")


def test_no_tokens_selects_nothing_and_none_selects_everything():
    assert triggers_for([]).search(b"anything at all") is False
    assert triggers_for(None).search(b"") is True


CONJ = [".update(|UPDATE&*status*|*State*", "ping"]


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        (b"job.update({status: 'done'})", True),
        (b"UPDATE jobs SET orderState = 2", True),
        (b"settings.update(defaults)", False),  # a dict update: no status/state anywhere
        (b"status = 1  # no update here", False),
        (b"x.ping()", True),
        (b"the state of UPDATE", False),  # `state` is lower-case: *State* only
    ],
)
def test_conjunction_token_needs_every_part(data, wanted):
    rx = trigger_regex(CONJ)
    assert rx is not None
    assert bool(rx.search(data)) is wanted
    assert triggers_for(CONJ).search(data) is wanted


def test_every_python_server_and_worker_start_triggers_the_rules_that_judge_services():
    """RS104, RS901 and RS902 judge long-running processes, whose start the
    checks read from riskscan.checks._longrun's tables; the rules' trigger
    tokens are data (rules/*.yml), so a server added to the tables must also be
    added there, or a module that only imports it and starts it is never parsed
    for them (this test says which token is missing)."""
    from riskscan.checks import all_checks
    from riskscan.checks._longrun import PY_START_CALLEES
    from riskscan.triggers import searchable

    all_checks()
    rules = load_rules()
    missing = []
    for rid in ("RS104", "RS901", "RS902"):
        matcher = triggers_for(rules[rid].triggers)
        for callee in sorted(PY_START_CALLEES):
            module, _, name = callee.rpartition(".")
            text = f"from {module} import {name}\n{name}(app).run()\n" if module else f"import {name}\n{name}.run()\n"
            if not matcher.search(searchable(text.encode())):
                missing.append(f"{rid}: {callee}")
    assert not missing, missing


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        # a Celery beat entry kept in a dict of its own (read by RS302 when beat_schedule is set elsewhere)
        (b"ENTRIES = {'prune': {'task': 'app.tasks.prune', 'schedule': 3600}}\n", True),
        (b'ENTRIES = {"prune": {"task": "app.tasks.prune", "schedule": 3600}}\n', True),
        # the word as a plain string value: a status union or a menu label, no beat entry
        (b"export type Status = 'device' | 'schedule' | 'transfer';\n", False),
        (b"TABS = ['overview', 'schedule', 'settings']\n", False),
        # both words as values beside each other, not keys of one entry
        (b"if (item.ownerId === 'task' || item.kind === 'schedule') { return null; }\n", False),
        (b"ENTRY = dict(kind='task', period='schedule')\n", False),
    ],
)
def test_rs302_reads_a_quoted_schedule_only_beside_a_quoted_task(data, wanted):
    """A file whose only trigger is the string 'schedule' is parsed for
    RS302 when it can hold a beat entry ({'task': ..., 'schedule': ...}: the
    word as a dict key, beside a quoted 'task'), not for every status union,
    label or comparison that spells the word."""
    from riskscan.triggers import searchable

    assert triggers_for(load_rules()["RS302"].triggers).search(searchable(data)) is wanted
