"""Command registry: @command("待办", "todo") registers a plain function; its docstring is the help text."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

from bot.types import Reply

Handler = Callable[..., "Reply | str"]


class DuplicateCommandError(RuntimeError):
    pass


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    func: Handler

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


_registry: dict[str, Command] = {}
_ordered: list[Command] = []


def command(name: str, *aliases: str) -> Callable[[Handler], Handler]:
    """Register `func` under `name` and `aliases`; a name already taken fails at import."""

    def register(func: Handler) -> Handler:
        cmd = Command(name, tuple(aliases), func)
        keys = [key.lower() for key in (name, *aliases)]
        for key in keys:
            if key in _registry:
                raise DuplicateCommandError(f"command name /{key} is already registered by {_registry[key].func.__qualname__}")
        _registry.update({key: cmd for key in keys})
        _ordered.append(cmd)
        return func

    return register


def find(name: str) -> Command | None:
    return _registry.get(name.lower())


def all_commands() -> list[Command]:
    return list(_ordered)


def unregister(name: str) -> None:
    """Remove a command and its aliases (tests that register throwaway commands)."""
    cmd = _registry.get(name.lower())
    if cmd is None:
        return
    for key in (cmd.name, *cmd.aliases):
        _registry.pop(key.lower(), None)
    _ordered.remove(cmd)
