"""A stand-in for bot.nlp in report tests: canned parse-contract dicts by message text."""
from __future__ import annotations

import copy

from bot.sales.parsing import EMPTY_REPORT as EMPTY_RESULT


def parsed(intent="log_activity", customer=None, match=None, score=100, **fields) -> dict:
    result = copy.deepcopy(EMPTY_RESULT)
    result["intent"] = intent
    if customer is not None or match is not None:
        result["customer"] = {"text": customer or match, "match": match, "score": score if match else 0}
    result.update(fields)
    return result


class FakeParser:
    def __init__(self) -> None:
        self.answers: dict[str, dict] = {}

    def teach(self, text: str, **fields) -> str:
        self.answers[text] = parsed(**fields)
        return text

    def __call__(self, text, local_now, customers) -> dict:
        return copy.deepcopy(self.answers.get(text, EMPTY_RESULT))


def install_fake_parser(monkeypatch) -> FakeParser:
    """Replace the parser call in intake with a FakeParser, and return it for teaching."""
    parser = FakeParser()
    monkeypatch.setattr("bot.intake.flow.parse_message", parser)
    return parser
