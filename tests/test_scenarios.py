"""Every scenario file replayed on a fresh database and scored fact by fact: the shared dev scenarios and our own
(tests/scenarios/*.jsonl). Each file's score is printed per scenario; a replay that breaks down fails outright."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from scenario_score import Scorecard, score_file

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("BOT_SHARED_DIR", HERE.parent.parent / "shared"))
FILES = [SHARED / "dev_scenarios.jsonl", *sorted((HERE / "scenarios").glob("*.jsonl"))]
_cards: dict[Path, Scorecard] = {}


def scorecard(path: Path, services) -> Scorecard:
    """The file's score, replayed once per test run on the (emptied) test database."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs the shared reference files (BOT_SHARED_DIR)")
        pytest.skip(f"no {path} (set BOT_SHARED_DIR to the shared reference files)")
    if path not in _cards:
        _cards[path] = score_file(path, services)
    return _cards[path]


def test_there_are_scenarios_of_our_own():
    assert len(FILES) > 1, "tests/scenarios/ holds the project's own scenario files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_scenario_replays_and_is_scored(path, services, capsys):
    card = scorecard(path, services)
    with capsys.disabled():
        print("\n" + "\n".join(card.lines()))
    assert card.problem is None
    assert card.facts, f"{path.name} has no checks"


@pytest.mark.xfail(strict=False, reason="filing semantics (REPORT_SEMANTICS.md) are being rebuilt; remove this mark "
                                        "once every scenario fact is right")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_scenario_fact_is_right(path, services):
    card = scorecard(path, services)
    assert not card.failed, "\n".join(str(f) for f in card.failed)


def test_missing_shared_files_fail_under_ci_and_skip_elsewhere(services, monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception):
        scorecard(tmp_path / "dev_scenarios.jsonl", services)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        scorecard(tmp_path / "dev_scenarios.jsonl", services)
