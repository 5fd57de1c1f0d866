"""The shared dev corpus: every case must come out fully right."""

from bot.nlp import load_customers_file
from bot.nlp.evaluate import evaluate, format_report, load_cases


def test_dev_corpus_is_fully_right(shared):
    report = evaluate(load_cases(shared("dev_corpus.jsonl")), load_customers_file(shared("dev_customers.txt")))
    assert report.percent == 100.0, "\n".join(format_report(report))
