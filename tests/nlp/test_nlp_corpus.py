"""The shared dev corpus: at least 95 % of its cases must come out fully right."""

import pytest

from bot.nlp import load_customers_file
from bot.nlp.evaluate import evaluate, format_report, load_cases

from nlp_helpers import SHARED_DIR

CORPUS = SHARED_DIR / "dev_corpus.jsonl"
CUSTOMERS = SHARED_DIR / "dev_customers.txt"


@pytest.mark.skipif(not CORPUS.exists(), reason=f"no dev corpus at {CORPUS} (set BOT_SHARED_DIR)")
def test_dev_corpus_is_at_least_95_percent_fully_right():
    report = evaluate(load_cases(CORPUS), load_customers_file(CUSTOMERS))
    assert report.percent >= 95.0, "\n".join(format_report(report))
