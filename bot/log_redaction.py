"""Secrets never reach a log line: access tokens, app secrets and signs are masked in every record, at every level.

urllib3 logs each request URL at DEBUG (`/cgi-bin/gettoken?corpid=..&corpsecret=..`, `?access_token=..`), and a
network error's traceback repeats that URL. A filter on one handler would miss handlers others add (pytest's, a
process manager's), so the filter runs in the record factory: every record is masked once, when it is created, and
its traceback is rendered and masked then too, before any handler formats it.
"""
from __future__ import annotations

import logging
import re

MASK = "***"
SECRET_NAMES = r"corpsecret|secret|appsecret|app_secret|access_token|accesstoken|token|sign|key|ticket|password"
# name=value in URLs and forms, "name": "value" in JSON, name: value in headers (x-acs-dingtalk-access-token)
SECRET_VALUE = re.compile(
    rf"""(?P<lead>(?<![A-Za-z_])(?:{SECRET_NAMES})=|"(?:{SECRET_NAMES})"\s*:\s*"|'(?:{SECRET_NAMES})'\s*:\s*'|"""
    rf"""x-acs-dingtalk-access-token['"]?\s*[:=]\s*['"]?)(?P<value>[^&\s"',;)}}]+)""",
    re.IGNORECASE)


def redact(text: str) -> str:
    return SECRET_VALUE.sub(lambda m: m["lead"] + MASK, text)


class SecretFilter(logging.Filter):
    """Masks secrets in a record's message and traceback (in place); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def install() -> None:
    """Run SecretFilter on every record created from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_secrets", False):
        return
    secret_filter = SecretFilter()

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        record = current(*args, **kwargs)
        secret_filter.filter(record)
        return record

    masked_record.masks_secrets = True
    logging.setLogRecordFactory(masked_record)
