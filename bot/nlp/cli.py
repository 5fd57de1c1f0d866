"""Command line: `parse [--now ISO] [--customers FILE] TEXT|-` and `--eval FILE.jsonl` (see PARSE_SPEC.md)."""

import argparse
import json
import sys
from datetime import datetime

from .parse import parse
from .records import load_customers_file


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print and sys.exit(2); main() returns the code instead
        self.print_usage(sys.stderr)
        raise _BadFlags(f"{self.prog}: error: {message}")


class _BadFlags(Exception):
    pass


def _arguments() -> _Parser:
    parser = _Parser(prog="parse", description="Parse sales messages into the PARSE_SPEC.md JSON shape.")
    parser.add_argument("--now", type=_iso_time, help="reference time, ISO 8601 local (default: now)")
    parser.add_argument("--customers", metavar="FILE", help="known customers: name, then TAB-separated aliases")
    parser.add_argument("--eval", metavar="FILE.jsonl", help="score the parser on labelled cases")
    parser.add_argument("text", nargs="*", help="the message, or - to read one message a line from stdin")
    return parser


def _iso_time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def main(argv: list[str], customers_from_db=None) -> int:
    parser = _arguments()
    try:
        args = parser.parse_args(argv)
        if not args.eval and not args.text:
            parser.error("give the message text, or - to read messages from stdin")
        customers = _customers(args.customers, customers_from_db)
    except _BadFlags as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    out = _utf8(sys.stdout)
    if args.eval:
        return _evaluate(args.eval, customers, out)
    now = args.now or datetime.now()
    messages = _utf8(sys.stdin) if args.text == ["-"] else [" ".join(args.text)]
    for message in messages:
        result = parse(_clean(message.rstrip("\r\n")), now, customers)
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    return 0


def _customers(path: str | None, customers_from_db):
    if path is None:
        return list(customers_from_db()) if customers_from_db else []
    try:
        return load_customers_file(path)
    except OSError as exc:
        raise _BadFlags(f"parse: error: --customers: {exc.strerror}: {path}") from None


def _clean(text: str) -> str:
    # Undecodable bytes in argv/stdin arrive as lone surrogates, which no UTF-8 output can carry.
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _utf8(stream):
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


def _evaluate(path: str, customers, out) -> int:
    from .evaluate import evaluate, format_report, load_cases

    try:
        cases = load_cases(path)
    except OSError as exc:
        print(f"parse: error: --eval: {exc.strerror}: {path}", file=sys.stderr)
        return 2
    out.write("\n".join(format_report(evaluate(cases, customers))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
