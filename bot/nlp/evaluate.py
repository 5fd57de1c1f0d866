"""Scoring the parser on labelled cases (dev_corpus.jsonl): each case lists only the fields it checks."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from .parse import parse


@dataclass
class Report:
    checked: dict = field(default_factory=dict)  # field → [right, total]
    failures: list = field(default_factory=list)  # (case id, field, expected, got)
    fully_right: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.fully_right / self.total if self.total else 0.0


def load_cases(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def field_matches(name: str, expected, got) -> bool:
    # A case names the keys it checks: of the customer (match and/or text; null means no customer), and of
    # each contact or amount (a case written before phone/per_unit existed still checks what it names).
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(got.get(k) == v for k, v in expected.items())
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        return all(field_matches(name, e, g) for e, g in zip(expected, got))
    return expected == got


def evaluate(cases: list[dict], customers) -> Report:
    report = Report()
    for case in cases:
        got = parse(case["text"], datetime.fromisoformat(case["now"]), customers).to_dict()
        right = True
        for name, expected in case["expect"].items():
            ok = field_matches(name, expected, got.get(name))
            tally = report.checked.setdefault(name, [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                right = False
                report.failures.append((case.get("id", "?"), name, expected, got.get(name)))
        report.fully_right += right
        report.total += 1
    return report


def format_report(report: Report) -> list[str]:
    lines = [f"{name:<14}{right:>4}/{total:<4}{100.0 * right / total:6.1f} %"
             for name, (right, total) in report.checked.items()]
    for case_id, name, expected, got in report.failures:
        lines.append(f"FAIL {case_id} {name}: expected {json.dumps(expected, ensure_ascii=False)}"
                     f" got {json.dumps(got, ensure_ascii=False)}")
    lines.append(f"fully right: {report.fully_right}/{report.total} ({report.percent:.1f} %)")
    return lines
