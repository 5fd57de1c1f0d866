"""What a command or report handler gets: the session, the sender as a User, the message, settings and time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.clock import local
from bot.settings import Settings
from bot.storage.models import User
from bot.types import IncomingMessage


@dataclass
class Context:
    session: Session
    user: User
    message: IncomingMessage
    settings: Settings

    @property
    def now(self) -> datetime:
        """The message's arrival time (aware UTC): replays of a message see the same 'now'."""
        return self.message.received_at

    @property
    def tz(self) -> str:
        return self.settings.timezone

    @property
    def local_now(self) -> datetime:
        return local(self.now, self.tz)

    @property
    def today(self) -> date:
        return self.local_now.date()
