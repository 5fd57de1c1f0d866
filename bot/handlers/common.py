"""What every webhook shares: refusals with a log line, freshness checks, dispatch with a deadline, mention stripping."""
from __future__ import annotations

import logging
import re
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import Callable

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.clock import utcnow
from bot.metrics import PUSHES
from bot.notifier.channels import Channel, SendError
from bot.services import Services
from bot.types import IncomingMessage, Reply

log = logging.getLogger("bot.handlers")
LEADING_MENTIONS = re.compile(r"^\s*(?:@\S+(?:\s+|$))+")
_workers = ThreadPoolExecutor(max_workers=16, thread_name_prefix="dispatch")


class Refused(Exception):
    """A request we will not act on: 403 for a failed signature or time check, 400 for a malformed body."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def install_refusals(bp: Blueprint, platform: str) -> None:
    """Every refusal becomes an empty answer with its status and one log line; nothing is stored."""

    @bp.errorhandler(Refused)
    def refused(exc: Refused) -> Response:
        log.warning("%s: refused %s %s from %s: %s", platform, request.method, request.path,
                    request.remote_addr, exc.reason)
        return Response("", status=exc.status, mimetype="text/plain")

    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(_exc: RequestEntityTooLarge) -> Response:
        log.warning("%s: refused %s %s from %s: body over %s bytes", platform, request.method, request.path,
                    request.remote_addr, request.max_content_length)
        return Response("", status=413, mimetype="text/plain")

    @bp.errorhandler(Exception)
    def failed(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            return exc
        log.exception("%s: error handling %s %s", platform, request.method, request.path)
        return Response("", status=503, mimetype="text/plain")


def require_args(*names: str) -> list[str]:
    """Query parameters the signature covers; without them nothing can be verified (403)."""
    values = [request.args.get(name, "") for name in names]
    missing = [n for n, v in zip(names, values) if not v]
    if missing:
        raise Refused(403, f"missing {', '.join(missing)}")
    return values


def strict_int(value: str, max_digits: int, what: str) -> int:
    """A number a platform sent as text: ASCII digits only, at most `max_digits` of them (so no inf, nan, 1e999,
    "²" or a 5,000-digit integer); anything else is a 403, since the numbers we parse are covered by signatures."""
    if not (value and len(value) <= max_digits and value.isascii() and value.isdigit()):
        raise Refused(403, f"{what} is not a number of at most {max_digits} digits")
    return int(value)


def platform_id(value: object, limit: int, what: str) -> str:
    """An identifier a platform sent (user id, message id, chat id): a non-empty string or integer, at most `limit`
    characters (the column's size), printable; anything else is a malformed message (400)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > limit or not value.isprintable():
        raise Refused(400, f"{what} missing, not text or over {limit} characters")
    return value


def check_fresh(sent_at_s: int, window_s: int) -> None:
    skew = utcnow().timestamp() - sent_at_s
    if abs(skew) > window_s:
        raise Refused(403, f"timestamp {'stale' if skew > 0 else 'in the future'} by {abs(int(skew))} s")


def strip_mentions(text: str) -> str:
    """Drop the leading @名字 a group message starts with."""
    return LEADING_MENTIONS.sub("", text or "", count=1).strip()


def dispatch_within(services: Services, msg: IncomingMessage, timeout_s: float,
                    late: Callable[[Reply], None]) -> Reply | None:
    """The reply if dispatch finishes in time; otherwise None, and `late` gets the reply when it is ready."""
    future = _workers.submit(services.dispatch, msg)
    try:
        return future.result(timeout=timeout_s)
    except FuturesTimeout:
        log.info("%s message %s is slow; it will be answered by push", msg.platform, msg.message_id)
        future.add_done_callback(lambda done: _deliver_late(done, late, msg))
        return None


def _deliver_late(future: Future, late: Callable[[Reply], None], msg: IncomingMessage) -> None:
    try:
        late(future.result())
    except Exception:
        log.exception("late reply to %s message %s failed", msg.platform, msg.message_id)


def push(channels: dict[str, Channel], name: str, target: str, payload: dict) -> bool:
    """Send through a channel right away; False (and a log line) when it is missing or refuses."""
    channel = channels.get(name)
    if channel is None:
        log.warning("no %s channel configured; reply to %s dropped", name, target)
        return False
    try:
        channel.send(target, payload)
        PUSHES.labels(name, "sent").inc()
        return True
    except SendError as exc:
        log.warning("push through %s to %s failed: %s", name, target, exc)
    except Exception as exc:  # a channel's bug must not vanish in a worker thread
        log.error("push through %s to %s failed with %s: %s", name, target, type(exc).__name__, exc,
                  exc_info=log.isEnabledFor(logging.DEBUG))
    PUSHES.labels(name, "failed").inc()
    return False


def in_background(fn: Callable[[], object]) -> None:
    """Run fn on the dispatch pool; an exception it raises is logged (a bare submit would swallow it)."""
    def logged() -> None:
        try:
            fn()
        except Exception as exc:
            log.error("background task failed with %s: %s", type(exc).__name__, exc, exc_info=True)

    _workers.submit(logged)
