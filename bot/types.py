"""Platform-neutral message types: every handler converts to IncomingMessage and from Reply."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional


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
    replay_key: Optional[str] = None  # identity of the signed request; a second message under it is a replay


class Replayed(Exception):
    """A message arrived under a signed-request identity already used by a different message."""


@dataclass(frozen=True)
class Image:
    png: bytes
    alt: str


@dataclass(frozen=True)
class Reply:
    text: str
    card: Optional[dict[str, Any]] = None
    image: Optional[Image] = None
    file_path: Optional[str] = None
    duplicate: bool = field(default=False, compare=False)
