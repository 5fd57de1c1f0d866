"""Commands, one module per group. Importing a module registers its commands; ensure_loaded imports them all once."""
from __future__ import annotations

import importlib

COMMAND_MODULES = (
    "bot.commands.help",
    "bot.commands.customers",
    "bot.commands.todo",
    "bot.commands.deals",
    "bot.commands.requirements",
    "bot.commands.customers_admin",
    "bot.commands.reassign",
    "bot.commands.targets",
    "bot.commands.pool",
    "bot.commands.report_undo",
    "bot.commands.groups",
    "bot.commands.mute",
    "bot.commands.analytics",
    "bot.commands.export",
)
_loaded = False


def ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        for name in COMMAND_MODULES:
            importlib.import_module(name)
        _loaded = True
