"""What every outbound channel shares: the send errors, one HTTP call with error mapping, cached tokens, byte-safe splitting."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

import requests

from bot.metrics import TOKEN_REFRESHES

HTTP_TIMEOUT_S = 10
TOKEN_MARGIN_S = 300  # refresh this long before the platform says the token expires


class SendError(Exception):
    pass


class RetryableSendError(SendError):
    pass


class PermanentSendError(SendError):
    pass


def http_json(method: str, url: str, **kwargs) -> tuple[int, dict]:
    """(status, JSON object) of one call; network trouble, 429 and 5xx are retryable, a non-JSON answer permanent."""
    try:
        resp = requests.request(method, url, timeout=HTTP_TIMEOUT_S, **kwargs)
    except requests.RequestException as exc:
        raise RetryableSendError(f"network: {type(exc).__name__}") from exc
    if resp.status_code == 429 or resp.status_code >= 500:
        raise RetryableSendError(f"HTTP {resp.status_code}")
    try:
        body = resp.json()
    except ValueError as exc:
        raise PermanentSendError(f"HTTP {resp.status_code}: not JSON") from exc
    if not isinstance(body, dict):
        raise PermanentSendError(f"HTTP {resp.status_code}: not a JSON object")
    return resp.status_code, body


class TokenCache:
    """One access token per process, fetched under a lock so concurrent senders refresh it once."""

    def __init__(self, fetch: Callable[[], tuple[str, int]], clock: Callable[[], float] = time.monotonic,
                 platform: str = "other"):
        self._fetch = fetch
        self._refreshes = TOKEN_REFRESHES.labels(platform)
        self._clock = clock
        self._lock = threading.Lock()
        self._token = ""
        self._expires_at = 0.0

    def get(self) -> str:
        with self._lock:
            if not self._token or self._clock() >= self._expires_at:
                self._refresh()
            return self._token

    def invalidate(self, stale: str) -> None:
        """Forget the token a call was refused with, unless another thread already replaced it."""
        with self._lock:
            if self._token == stale:
                self._token = ""

    def _refresh(self) -> None:
        token, expires_in = self._fetch()
        self._refreshes.inc()
        self._token = token
        self._expires_at = self._clock() + max(int(expires_in) - TOKEN_MARGIN_S, 60)


MAX_FILE_BYTES = 20 * 1024 * 1024  # both platforms' documented upload cap for an ordinary file


def read_file(path: Path) -> bytes:
    """A file to upload; gone or too big is permanent (retrying will not bring it back)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PermanentSendError(f"file {path.name}: {type(exc).__name__}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise PermanentSendError(f"file {path.name}: {len(data)} bytes is over the upload limit")
    return data


def split_utf8(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at line breaks when possible and never inside a character."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > limit:
            head = _prefix_within(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            line = line[len(head):]
        if len((current + line).encode()) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current or not pieces:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces]


def _prefix_within(text: str, limit: int) -> str:
    size = 0
    for i, ch in enumerate(text):
        size += len(ch.encode())
        if size > limit:
            return text[:i]
    return text
