"""Dependencies point one way. Every module of bot/ belongs to a layer (LAYERS, lowest first) and imports only
from its own layer or lower ones; no two modules import each other, even through others; bot.nlp imports nothing
else from bot. Imports are read with ast (imports inside functions included), so nothing is run."""
from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

# Lowest first. A module is in the layer of its longest listed prefix ("bot" itself is the package's __init__ only).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Values, words, time and the parser: no database, no I/O, so anything may use them. bot.actions is the buttons
    # a reply offers (plain Action values); filing sets them and channels draw them.
    ("leaves", ("bot.types", "bot.clock", "bot.texts", "bot.formatting", "bot.settings", "bot.log_redaction",
                "bot.sales.vocabulary", "bot.sales.errors", "bot.actions", "bot.demo_data", "bot.nlp")),
    # The tables and the queries every part needs; migrations are Alembic's scripts over the same tables.
    ("storage", ("bot.storage",)),
    # What a command or report handler gets (session, user, message, settings), and the process's metrics, which
    # read the outbox table and are counted by every layer above.
    ("context", ("bot.context", "bot.metrics")),
    # Outbox, channels, reminder rules, analytics and imports: the sales operations use them, never the reverse.
    ("services", ("bot.notifier", "bot.reports")),
    # The sales domain: filing, corrections, undo, follow-ups, deals, questions.
    ("sales", ("bot.sales",)),
    # Thin adapters over the domain: free text and slash commands; the demo loader fills the database the way an
    # import would.
    ("adapters", ("bot.intake", "bot.commands", "bot.demo")),
    # One message in, one reply out: claim, route to an adapter, store the reply's button card, commit or apologise.
    ("dispatch", ("bot.dispatch", "bot.cards")),
    # What a process holds (settings, database) and its dispatch.
    ("process", ("bot.services",)),
    # Entry points built on a process: platform handlers, the web app, the CLI, and the scheduler that runs the
    # reminder jobs (it lives beside them in bot/notifier but is started by the app and the CLI, from Services).
    ("entry points", ("bot.handlers", "bot.health", "bot.app", "bot.cli", "bot.__main__", "bot",
                      "bot.notifier.runner", "bot.notifier.scheduler")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in BOT.rglob("*.py") if "migrations" not in p.parts}


def layer_of(module: str) -> int | None:
    matches = [(len(prefix), rank) for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes
               if module == prefix or (prefix != "bot" and module.startswith(prefix + "."))]
    return max(matches)[1] if matches else None


def imports_of(module: str) -> dict[str, int]:
    """The bot modules `module` imports, each with the line of its first import."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES:
                found.setdefault(target, node.lineno)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_has_a_layer():
    assert [m for m in sorted(MODULES) if layer_of(m) is None] == [], "add these modules to LAYERS"


def upward(graph: dict[str, dict[str, int]]) -> list[str]:
    return [f"{m} ({LAYERS[layer_of(m)][0]}) imports {t} ({LAYERS[layer_of(t)][0]}) on line {line}"
            for m, targets in sorted(graph.items()) for t, line in targets.items()
            if None not in (layer_of(m), layer_of(t)) and layer_of(t) > layer_of(m)]


def cycle(graph: dict[str, dict[str, int]]) -> list[str]:
    """One import cycle among the modules of `graph`, or []."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for target in graph.get(module, {}):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_module_imports_a_higher_layer():
    assert upward(GRAPH) == []


def test_the_parser_imports_nothing_else_from_bot():
    outside = [f"{m} imports {t}" for m, targets in sorted(GRAPH.items()) if m.startswith("bot.nlp")
               for t in targets if not t.startswith("bot.nlp")]
    assert outside == []


def test_no_two_modules_import_each_other():
    assert cycle(GRAPH) == []


def test_the_checks_see_an_upward_import_and_a_cycle():
    assert layer_of("bot.sales.filing") == 4 and layer_of("bot.sales.vocabulary") == 0
    assert layer_of("bot.notifier.scheduler") > layer_of("bot.services") > layer_of("bot.notifier.outbox")
    assert layer_of("bot.somewhere_new") is None
    assert "bot.sales.vocabulary" in GRAPH["bot.storage.opportunities"]
    assert "bot.nlp.parse" in GRAPH["bot.nlp.cli"]  # relative imports are resolved
    assert upward({"bot.storage.models": {"bot.commands.registry": 3}}) == [
        "bot.storage.models (storage) imports bot.commands.registry (adapters) on line 3"]
    assert cycle({"bot.a": {"bot.b": 1}, "bot.b": {"bot.c": 1}, "bot.c": {"bot.a": 1}}) == [
        "bot.a", "bot.b", "bot.c", "bot.a"]
