"""Every scenario file replayed on a fresh database and scored fact by fact: the shared dev scenarios and our own
(tests/scenarios/*.jsonl). Each file's score is printed per scenario; a replay that breaks down fails outright."""
from __future__ import annotations

from pathlib import Path

import pytest

from scenario_score import Scorecard, score_file

HERE = Path(__file__).resolve().parent
# A name is a file of the shared reference set (../shared), a path one of our own.
FILES = ["dev_scenarios.jsonl", *sorted((HERE / "scenarios").glob("*.jsonl"))]
_cards: dict[Path, Scorecard] = {}


def scorecard(file: str | Path, services, shared) -> Scorecard:
    """The file's score, replayed once per test run on the (emptied) test database."""
    path = shared(file) if isinstance(file, str) else file
    if path not in _cards:
        _cards[path] = score_file(path, services)
    return _cards[path]


def test_there_are_scenarios_of_our_own():
    assert len(FILES) > 1, "tests/scenarios/ holds the project's own scenario files"


@pytest.mark.parametrize("file", FILES, ids=lambda f: Path(f).name)
def test_scenario_replays_and_is_scored(file, services, shared, capsys):
    card = scorecard(file, services, shared)
    with capsys.disabled():
        print("\n" + "\n".join(card.lines()))
    assert card.problem is None
    assert card.facts, f"{Path(file).name} has no checks"


@pytest.mark.parametrize("file", FILES, ids=lambda f: Path(f).name)
def test_every_scenario_fact_is_right(file, services, shared):
    card = scorecard(file, services, shared)
    assert not card.failed, "\n".join(str(f) for f in card.failed)


def test_a_missing_shared_file_fails_under_ci_and_is_skipped_with_the_reason_elsewhere(shared, monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_SHARED_DIR", str(tmp_path))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="dev_scenarios.jsonl is missing"):
        shared("dev_scenarios.jsonl")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="set BOT_SHARED_DIR"):
        shared("dev_scenarios.jsonl")
    (tmp_path / "dev_scenarios.jsonl").write_text("")
    assert shared("dev_scenarios.jsonl") == tmp_path / "dev_scenarios.jsonl"
