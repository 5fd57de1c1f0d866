"""The one exception adapters turn into a reply: a mistake the user can fix, said politely (errbot's CommandError)."""


class CommandError(Exception):
    """A mistake the user can fix: its message is sent back as a polite reply."""
