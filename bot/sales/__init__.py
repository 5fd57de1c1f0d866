"""The sales domain: its vocabulary and the operations free text and commands share (file, correct, undo a report;
find a customer; complete or move a follow-up). Adapters (bot/intake, bot/commands) call it; it never calls them."""
