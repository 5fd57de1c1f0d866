"""Scoring a scenario file: replay it in process, then compare each check's facts (docs/replay_export.md, "Checks").

The comparison is the one outside checkers use: a customer check reads the export at its point of the file (the
customer whose name matches once 有限公司/股份/集团/公司 are stripped, else one whose name contains it), a reply check the
reply to the message just before, a pushes check the texts the job just before sent to one name.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.cli.replay import replay
from bot.services import Services

STRIP = ("有限公司", "股份", "集团", "公司")
OPPORTUNITY_KEYS = ("stage", "budget", "budget_max", "quote", "contract", "expected_close", "probability", "lost_reason")
SCENARIO_HEADING = re.compile(r"^(scenario \d+)")


def norm(name: str | None) -> str:
    name = name or ""
    for suffix in STRIP:
        name = name.replace(suffix, "")
    return name.strip()


def find_customer(export: dict, name: str, exact: bool = False) -> dict | None:
    customers = export.get("customers") or []
    want = norm(name)
    for c in customers:
        if norm(c.get("name")) == want or any(norm(a) == want for a in c.get("aliases") or []):
            return c
    for c in [] if exact else customers:
        n = norm(c.get("name"))
        if n and (want in n or n in want):
            return c
    return None


def newest(rows: list[dict] | None) -> dict | None:
    rows = list(rows or [])
    return max(rows, key=lambda r: (r.get("created_at") or "", rows.index(r))) if rows else None


def value_eq(expected: Any, got: Any) -> bool:
    """Numbers within half a yuan of each other; anything else exactly."""
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return got is not None and abs(float(expected) - float(got)) < 0.5
        except (TypeError, ValueError):
            return False
    return expected == got


def customer_fact(c: dict | None, key: str, expected: Any) -> tuple[bool, Any]:
    """(right?, what the export holds) for one key of a customer check."""
    if key == "exists":
        return (c is not None) == expected, c is not None
    if c is None:
        return False, "no such customer"
    if key in ("owner", "tier", "kind", "industry", "source"):
        return c.get(key) == expected, c.get(key)
    if key == "open_follow_ups":
        got = sorted(f.get("date") for f in c.get("follow_ups") or [] if f.get("status") == "open")
        return got == sorted(expected), got
    if key == "activities":
        got = len(c.get("activities") or [])
        return got == expected, got
    if key == "open_requirements":
        got = sum(1 for r in c.get("requirements") or [] if r.get("status") != "已解决")
        return got == expected, got
    if key == "requirement_status":
        got = {}
        for tag in expected:
            r = newest([r for r in c.get("requirements") or [] if tag in (r.get("tags") or [])])
            got[tag] = r.get("status") if r else None
        return got == expected, got
    if key in OPPORTUNITY_KEYS:
        o = newest(c.get("opportunities"))
        got = o.get(key) if o else None
        return value_eq(expected, got), got
    if key == "orders":
        orders = sorted(c.get("orders") or [], key=lambda o: o.get("code") or "")
        got = [{k: o.get(k) for k in e} for o, e in zip(orders, expected)]
        ok = len(orders) == len(expected) and all(value_eq(e[k], o.get(k)) for o, e in zip(orders, expected) for k in e)
        return ok, got if len(orders) == len(expected) else f"{len(orders)} orders: {got}"
    if key == "paid":
        got = sum(float(o.get("paid") or 0) for o in c.get("orders") or [])
        return value_eq(expected, got), got
    if key == "contacts":
        got, ok = {}, True
        for name, want in expected.items():
            match = [p for p in c.get("contacts") or [] if p.get("name") == name]
            got[name] = {k: match[0].get(k) for k in want} if match else None
            ok = ok and bool(match) and all(value_eq(v, match[0].get(k)) for k, v in want.items())
        return ok, got
    return False, f"unknown check key {key}"


def text_check(check: dict, text: str | None) -> bool:
    text = text or ""
    if "contains_any" in check and not any(s in text for s in check["contains_any"]):
        return False
    return all(s in text for s in check.get("contains", [])) and not any(s in text for s in check.get("not_contains", []))


@dataclass
class Fact:
    scenario: str
    key: str
    ok: bool
    about: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        dump = lambda v: json.dumps(v, ensure_ascii=False, default=str)  # noqa: E731
        return f"{self.scenario} {self.key} {self.about}: expected {dump(self.expected)} got {dump(self.got)}"


@dataclass
class Scorecard:
    path: Path
    facts: list[Fact] = field(default_factory=list)
    problem: str | None = None

    @property
    def failed(self) -> list[Fact]:
        return [f for f in self.facts if not f.ok]

    def lines(self) -> list[str]:
        """One line per scenario of the file, then the file's total."""
        scenarios = list(dict.fromkeys(f.scenario for f in self.facts))
        rows = [f"  {s}: {sum(f.ok for f in self.facts if f.scenario == s)}/"
                f"{sum(1 for f in self.facts if f.scenario == s)} facts right" for s in scenarios]
        right = len(self.facts) - len(self.failed)
        return [f"{self.path.name}: {right}/{len(self.facts)} facts right" + (f" ({self.problem})" if self.problem else ""),
                *rows]


def score_file(path: Path, services: Services) -> Scorecard:
    """Replay the file's lines (customer checks become export lines) on `services`' database and score its checks."""
    replayed, checks = [], []  # checks: (scenario, kind, index of the output line it reads, check)
    scenario, last_message, last_job = path.stem, None, None
    for obj in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()):
        heading = SCENARIO_HEADING.match(str(obj.get("comment", "")))
        scenario = heading.group(1) if heading else scenario
        if "check" in obj:
            if obj["check"] == "customer":
                replayed.append({"export": True})
            reads = {"customer": len(replayed) - 1, "reply": last_message, "pushes": last_job}
            if obj["check"] not in reads:
                raise ValueError(f"{path.name}: unknown check {obj['check']!r}")
            at = reads[obj["check"]]
            checks.append((scenario, obj["check"], at, obj))
            continue
        replayed.append(obj)
        last_message = len(replayed) - 1 if "text" in obj else last_message
        last_job = len(replayed) - 1 if "job" in obj else last_job
    out = io.StringIO()
    rc = replay([json.dumps(o, ensure_ascii=False) + "\n" for o in replayed], services, out)
    outs = [json.loads(line) for line in out.getvalue().splitlines()]
    card = Scorecard(path)
    if rc != 0 or len(outs) != len(replayed):
        card.problem = f"replay rc={rc}, {len(outs)} output lines for {len(replayed)} input lines"
    for name, kind, index, check in checks:
        line = outs[index] if card.problem is None and index is not None else {}
        card.facts += _facts(name, kind, check, line)
    return card


def _facts(scenario: str, kind: str, check: dict, line: dict) -> list[Fact]:
    if kind == "customer":
        expect = check["expect"]
        c = find_customer(line.get("export") or {}, check["name"], exact=expect.get("exists") is False)
        facts = []
        for key, want in expect.items():
            ok, got = customer_fact(c, key, want)
            facts.append(Fact(scenario, key, ok, check["name"], want, got))
        return facts
    wanted = {k: v for k, v in check.items() if k not in ("check", "to")}
    if kind == "reply":
        return [Fact(scenario, "reply", text_check(check, line.get("reply")), line.get("text", ""), wanted, line.get("reply"))]
    text = "\n".join(p.get("text") or "" for p in line.get("pushes") or [] if p.get("to") == check["to"])
    return [Fact(scenario, "pushes", text_check(check, text), check["to"], wanted, text[:300])]
