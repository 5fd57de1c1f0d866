"""Progress of a long CLI step: a tqdm bar on a terminal, a plain line every tenth of the way otherwise (a log or a
pipe gets a few readable lines, not carriage returns)."""
from __future__ import annotations

import sys

from tqdm import tqdm

from bot import texts


class Progress:
    def __init__(self, what: str, shown: bool | None = None, stream=None):
        """`shown`: True always, False never, None when the stream is a terminal (bar) or not (lines)."""
        self.what, self.stream = what, stream or sys.stderr
        self.total, self.done, self._next_line = 0, 0, 0
        tty = self.stream.isatty()
        self.bar = tqdm(desc=what, unit="行", file=self.stream) if shown or (shown is None and tty) else None
        self.lines = shown is None and not tty

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._next_line = max(1, total // 10)
        if self.bar is not None:
            self.bar.reset(total=total)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.lines and (self.done >= self._next_line or self.done == self.total):
            print(texts.IMPORT_PROGRESS.format(what=self.what, done=self.done, total=self.total), file=self.stream)
            self._next_line = self.done + max(1, self.total // 10)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
