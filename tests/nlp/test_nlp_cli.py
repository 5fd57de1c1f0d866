"""The command line: any text gives one JSON object a line and exit 0; bad flags exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlp.cli import main

from nlp_helpers import CONTRACT_KEYS

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.nlp.cli", *args], input=stdin, capture_output=True,
                          cwd=REPO, timeout=60)


@pytest.fixture
def customers_file(tmp_path):
    path = tmp_path / "customers.txt"
    path.write_text("华为技术有限公司\t华为\n比亚迪股份有限公司\t比亚迪\tBYD\n\n# comment\n", encoding="utf-8")
    return path


def test_one_message_gives_the_contract_json(customers_file):
    done = cli("--now", "2026-11-18T10:00", "--customers", str(customers_file), "今天拜访了华为张经理，预算50万，下周三再跟进")
    assert done.returncode == 0
    out = json.loads(done.stdout.decode("utf-8"))
    assert list(out) == CONTRACT_KEYS
    assert out["customer"] == {"text": "华为", "match": "华为技术有限公司", "score": 100}
    assert out["next_date"] == "2026-11-25"
    assert "华为" in done.stdout.decode("utf-8")  # ensure_ascii=False


@pytest.mark.parametrize("text", ["", " ", "😀😀", "\\x00", "--", "？？？", "a" * 20000, "收到"])
def test_any_text_argument_exits_0_with_valid_json(text):
    done = cli("--now", "2026-11-18T10:00", "--", text)
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)) == CONTRACT_KEYS


def test_stdin_gives_one_json_object_per_line_even_for_garbage():
    data = "华为签了\n\n\x01\x02\n比亚迪丢单了\n".encode("utf-8") + b"\xff\xfe not utf-8\n"
    done = cli("--now", "2026-11-18T10:00", "-", stdin=data)
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(objects) == 5
    assert objects[0]["intent"] == "won" and objects[3]["intent"] == "lost"


def test_undecodable_argument_bytes_still_give_json():
    done = subprocess.run([sys.executable.encode(), b"-m", b"bot.nlp.cli", b"--now", b"2026-11-18T10:00",
                           b"\xff\xfe\xe5\x8d\x8e"], capture_output=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)


@pytest.mark.parametrize("args", [
    ["--now", "yesterday", "华为"], ["--bogus", "华为"], ["--now"], [], ["--customers", "/no/such/file", "华为"],
])
def test_bad_flags_exit_2(args):
    assert cli(*args).returncode == 2


def test_eval_prints_field_accuracy_failures_and_final_percentage(tmp_path, customers_file):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"id": "ok", "now": "2026-11-18T10:00", "text": "华为签了", "expect": {"intent": "won"}},
        {"id": "bad", "now": "2026-11-18T10:00", "text": "你好", "expect": {"intent": "won", "customer": None}},
    ]), encoding="utf-8")
    done = cli("--eval", str(cases), "--customers", str(customers_file))
    assert done.returncode == 0
    lines = done.stdout.decode("utf-8").splitlines()
    assert any(line.startswith("intent") and "1/2" in line for line in lines)
    assert any("bad" in line and "intent" in line and '"won"' in line and '"unknown"' in line for line in lines)
    assert lines[-1] == "fully right: 1/2 (50.0 %)"


def test_customers_come_from_the_database_callable_when_no_file_is_given(capsys):
    from bot.nlp import KnownCustomer

    assert main(["--now", "2026-11-18T10:00", "拜访了华为"], lambda: [KnownCustomer("华为技术有限公司", ("华为",))]) == 0
    assert json.loads(capsys.readouterr().out)["customer"]["match"] == "华为技术有限公司"


def test_importing_the_cli_does_not_load_jieba_or_cn2an():
    code = "import sys, bot.nlp.cli; print(any(m in sys.modules for m in ('jieba', 'cn2an', 'pypinyin')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert done.stdout.strip() == b"False"
