"""IncomingMessage -> Reply: the one entry for every channel (webhooks, stream mode, terminal chat)."""
from __future__ import annotations

import logging
import time
import unicodedata
import uuid
from dataclasses import replace
from difflib import get_close_matches

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from bot import cards, metrics, texts
from bot.actions import is_filed_report
from bot.commands import ensure_loaded, freetext
from bot.commands.registry import all_commands, find
from bot.sales.errors import CommandError
from bot.context import Context
from bot.settings import Settings
from bot.storage.bounds import OutOfBounds
from bot.storage.db import Database
from bot.storage.bookkeeping import InboundMessage
from bot.storage.users import sender_user
from bot.types import IncomingMessage, Replayed, Reply

log = logging.getLogger(__name__)
SLASHES = ("/", "／")
MAX_TEXT_CHARS = 2000
INBOUND = InboundMessage.__table__
CLAIM = insert(INBOUND).returning(INBOUND.c.id)


def clean_text(text: str | None) -> str:
    """Drop control and format characters (keep line breaks) and surrounding space."""
    kept = (ch for ch in (text or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "".join(kept).strip()


def split_command(text: str) -> tuple[str, str] | None:
    if not text.startswith(SLASHES):
        return None
    name, _, args = text[1:].strip().partition(" ")
    if "\n" in name:
        name, _, rest = name.partition("\n")
        args = f"{rest} {args}".strip()
    return name.strip(), args.strip()


def run_command(ctx: Context, name: str, args: str) -> Reply:
    cmd = find(name)
    if cmd is None:
        names = [n for c in all_commands() for n in (c.name, *c.aliases)]
        close = get_close_matches(name, names, n=1, cutoff=0.5)
        if close:
            return Reply(texts.UNKNOWN_COMMAND_SUGGEST.format(name=name, suggestion=close[0]))
        return Reply(texts.UNKNOWN_COMMAND.format(name=name))
    return as_reply(cmd.func(ctx, args))


def as_reply(result: Reply | str) -> Reply:
    return result if isinstance(result, Reply) else Reply(str(result))


def route(ctx: Context, text: str) -> Reply:
    if not text:
        return Reply(texts.EMPTY)
    if len(text) > MAX_TEXT_CHARS:
        return Reply(texts.TOO_LONG.format(n=len(text), limit=MAX_TEXT_CHARS))
    parts = split_command(text)
    if parts is not None:
        if not parts[0]:
            return run_command(ctx, "帮助", "")
        return run_command(ctx, *parts)
    return as_reply(freetext.handle(ctx, text))


def _claim(session, msg: IncomingMessage, text: str) -> int | None:
    """Record the message and return its row id; None when the platform already delivered it (a retry).

    A plain INSERT rather than ON CONFLICT DO NOTHING: SQLAlchemy cannot cache the dialects' ON CONFLICT form and
    compiles it anew for every message. The insert is the transaction's first statement, so rolling back loses nothing."""
    row = {"platform": msg.platform, "message_id": msg.message_id, "sender_id": clean_text(msg.sender_id),
           "chat_id": msg.chat_id, "text": text[:MAX_TEXT_CHARS * 2], "received_at": msg.received_at,
           "replay_key": msg.replay_key}
    try:
        return session.execute(CLAIM, row).scalar_one()
    except IntegrityError:
        session.rollback()
        if _earlier(session, msg) is not None:
            return None
        if msg.replay_key and session.execute(select(INBOUND.c.id).where(
                INBOUND.c.platform == msg.platform, INBOUND.c.replay_key == msg.replay_key)).first():
            raise Replayed(msg.replay_key) from None
        raise


def _earlier(session, msg: IncomingMessage):
    return session.execute(select(INBOUND.c.reply_text).where(
        INBOUND.c.platform == msg.platform, INBOUND.c.message_id == msg.message_id)).first()


def _earlier_reply(session, msg: IncomingMessage) -> Reply:
    earlier = _earlier(session, msg)
    return Reply(earlier.reply_text or texts.DUPLICATE_MESSAGE, duplicate=True)


def _failure_reply(exc: Exception, msg: IncomingMessage) -> Reply:
    """A user's mistake becomes its polite text; our bug an apology whose reference is in the logged traceback."""
    if isinstance(exc, (CommandError, OutOfBounds)):
        return Reply(texts.COMMAND_ERROR.format(message=str(exc)))
    ref = uuid.uuid4().hex[:8]
    log.error("error handling message ref=%s platform=%s sender=%s", ref, msg.platform, msg.sender_id, exc_info=exc)
    return Reply(texts.INTERNAL_ERROR.format(ref=ref), failed=True)


def _respond(ctx: Context, text: str) -> tuple[str, Reply]:
    """(the text routed, its reply). A click routes its button's action text, if the click may act."""
    msg = ctx.message
    if msg.card_id:
        text, refusal = cards.click(ctx.session, msg, ctx.user)
        if refusal is not None:
            return text, refusal
        return text, cards.finish(ctx.session, msg, route(ctx, text))
    reply = cards.attach(ctx.session, msg, ctx.user, route(ctx, text))
    return text, heard(reply, text) if msg.voice else reply


def heard(reply: Reply, text: str) -> Reply:
    """A voice message's reply starts with what was heard, so a misheard name is easy to spot and correct."""
    line = (texts.VOICE_FILED if is_filed_report(reply) else texts.VOICE_HEARD).format(heard=text[:60])
    return replace(reply, text=f"{line}\n{reply.text}")


def _answer(session, msg: IncomingMessage, text: str, settings: Settings) -> Reply:
    """Claim, route and record the reply in one transaction. A failure rolls all of it back (no savepoint per
    message: it costs two statements and a flush on every message) and records the message with the failure's reply."""
    inbound_id = _claim(session, msg, text)
    if inbound_id is None:
        return _earlier_reply(session, msg)
    user = sender_user(session, msg)
    try:
        text, reply = _respond(Context(session, user, msg, settings), text)
    except Exception as exc:
        session.rollback()
        reply = _failure_reply(exc, msg)
        inbound_id = _claim(session, msg, text)
        if inbound_id is None:
            return _earlier_reply(session, msg)
        user = sender_user(session, msg)
    session.execute(update(INBOUND).where(INBOUND.c.id == inbound_id).values(user_id=user.id, text=text[:MAX_TEXT_CHARS * 2],
                                                                        reply_text=reply.text))
    return reply


def dispatch(msg: IncomingMessage, db: Database, settings: Settings) -> Reply:
    ensure_loaded()
    if not msg.message_id:
        msg = replace(msg, message_id=uuid.uuid4().hex)
    started, text = time.perf_counter(), clean_text(msg.text)
    with db.one_writer(), db.session() as session:
        reply = _answer(session, msg, text, settings)
    platform = metrics.platform_label(msg.platform)
    metrics.REPLY_SECONDS.labels(platform).observe(time.perf_counter() - started)
    outcome = ("duplicate" if reply.duplicate else "error" if reply.failed
               else "command" if split_command(text) is not None else "text")
    metrics.MESSAGES.labels(platform, outcome).inc()
    return reply
