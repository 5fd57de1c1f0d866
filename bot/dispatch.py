"""IncomingMessage -> Reply: the one entry for every channel (webhooks, stream mode, terminal chat)."""
from __future__ import annotations

import logging
import unicodedata
import uuid
from difflib import get_close_matches

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot import texts
from bot.commands import ensure_loaded, freetext
from bot.commands.registry import CommandError, all_commands, find
from bot.context import Context
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.models import InboundMessage
from bot.storage.users import sender_user
from bot.types import IncomingMessage, Reply

log = logging.getLogger(__name__)
SLASHES = ("/", "／")
MAX_TEXT_CHARS = 2000
_CLAIMS: dict[str, object] = {}


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


def _claim_statement(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, built once per dialect so its compiled form is cached."""
    if dialect not in _CLAIMS:
        insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
        _CLAIMS[dialect] = (insert(InboundMessage).on_conflict_do_nothing(index_elements=["platform", "message_id"])
                            .returning(InboundMessage.id))
    return _CLAIMS[dialect]


def _claim(session, msg: IncomingMessage, text: str) -> int | None:
    """Record the message and return its row id; None when the platform already delivered it (a retry)."""
    row = {"platform": msg.platform, "message_id": msg.message_id or uuid.uuid4().hex,
           "sender_id": clean_text(msg.sender_id), "chat_id": msg.chat_id, "text": text[:MAX_TEXT_CHARS * 2],
           "received_at": msg.received_at}
    return session.scalar(_claim_statement(session.get_bind().dialect.name), row)


def _earlier_reply(session, msg: IncomingMessage) -> Reply:
    earlier = session.scalars(select(InboundMessage).where(
        InboundMessage.platform == msg.platform, InboundMessage.message_id == msg.message_id)).first()
    text = earlier.reply_text if earlier is not None and earlier.reply_text else texts.DUPLICATE_MESSAGE
    return Reply(text, duplicate=True)


def _guarded(ctx: Context, text: str) -> Reply:
    """Run the route in a savepoint: a user's mistake or our bug rolls back its writes, never the request."""
    try:
        with ctx.session.begin_nested():
            return route(ctx, text)
    except CommandError as exc:
        return Reply(texts.COMMAND_ERROR.format(message=str(exc)))
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("error handling message ref=%s platform=%s sender=%s", ref, ctx.message.platform, ctx.message.sender_id)
        return Reply(texts.INTERNAL_ERROR.format(ref=ref))


def dispatch(msg: IncomingMessage, db: Database, settings: Settings) -> Reply:
    ensure_loaded()
    text = clean_text(msg.text)
    with db.session() as session:
        inbound_id = _claim(session, msg, text)
        if inbound_id is None:
            return _earlier_reply(session, msg)
        user = sender_user(session, msg)
        reply = _guarded(Context(session, user, msg, settings), text)
        session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id)
                        .values(user_id=user.id, reply_text=reply.text))
        return reply
