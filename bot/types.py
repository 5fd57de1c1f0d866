"""Platform-neutral message types: every handler converts to IncomingMessage and from Reply."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional


@dataclass(frozen=True)
class IncomingMessage:
    platform: str  # "wecom", "wecom_aibot", "dingtalk", "console"
    sender_id: str
    sender_name: str
    text: str
    message_id: str
    received_at: datetime  # aware UTC
    chat_id: Optional[str] = None
    is_group: bool = False
    chat_title: Optional[str] = None
    voice: bool = False  # the text was recognised from speech: the confirmation says so, so a misheard name shows
    replay_key: Optional[str] = None  # identity of the signed request; a second message under it is a replay
    card_id: Optional[str] = None  # set when the text comes from a click on that card's button


class Replayed(Exception):
    """A message arrived under a signed-request identity already used by a different message."""


@dataclass(frozen=True)
class Image:
    png: bytes
    alt: str


@dataclass(frozen=True)
class Attachment:
    """Slow work a reply promises: what to render (a chart, the /导出 workbook) and for whom, never the rendered
    bytes. `params` is plain JSON (the period and the owner ids the sender could see when asking), so it travels in
    an outbox row and the deliverer renders it there, away from the request (bot/reports/rendering.py)."""

    kind: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """A button: its label, and the text a click sends through dispatch (exactly what the user could type)."""

    label: str
    text: str
    once: bool = True  # a click uses the card up (撤销, a choice); False for one that only asks more (改日期)


@dataclass(frozen=True)
class Reply:
    text: str
    image: Optional[Image] = None
    file_path: Optional[str] = None
    # Rendered later by the outbox; image and file_path are set only where it was rendered in-process (terminal chat).
    attachment: Optional[Attachment] = None
    # Buttons offered with the reply. The filing code sets report_actions() after a filed report and
    # choice_actions()/YES_NO after a question; channels that cannot show buttons ignore them.
    actions: tuple[Action, ...] = ()
    # The card's task id: dispatch stores a card for a reply with actions. On the answer to a click it is the clicked
    # card, and actions are what that card shows now (the used one marked ✓).
    card_id: Optional[str] = None
    duplicate: bool = field(default=False, compare=False)
    failed: bool = field(default=False, compare=False)  # our error, answered with an apology
