"""Settings, typed and read once. Every key is declared below with its default and its type; an optional .env, then
the environment, then an explicit dict override the defaults. A value that does not read fails at load, naming the key,
so a process never starts half-configured. config/example.env says what each key means."""
from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = ("BOT_", "WECOM_", "DINGTALK_")


class SettingsError(ValueError):
    """A setting that is missing or does not read; the message starts with the key."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key = key


def text(value: str) -> str:
    return value.strip()


def count(value: str) -> int:
    """A whole number ≥ 1 (attempts, workers, days)."""
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def port(value: str) -> int:
    """A TCP port; 0 means off."""
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError("must be 0 (off) or a port up to 65535")
    return number


def seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("must be more than 0")
    return number


def clock_time(value: str) -> time:
    """"09:00" -> time(9, 0)."""
    return time.fromisoformat(value.strip())


def flag(value: str) -> bool:
    word = value.strip().lower()
    if word not in {"1", "true", "yes", "on", "0", "false", "no", "off", ""}:
        raise ValueError("use 1 or 0")
    return word in {"1", "true", "yes", "on"}


def window(value: str) -> tuple[time, time] | None:
    """"21:00-08:00" -> (21:00, 08:00); empty means none."""
    if not value.strip():
        return None
    start, dash, end = value.replace("–", "-").partition("-")
    if not dash:
        raise ValueError("use HH:MM-HH:MM")
    return clock_time(start), clock_time(end)


def zone(value: str) -> str:
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("not a time zone (e.g. Asia/Shanghai)") from exc
    return value.strip()


def aes_key(value: str) -> str:
    """WeCom's EncodingAESKey: 43 characters of base64 for 32 bytes (empty: the platform is not configured)."""
    key = value.strip()
    if key and (len(key) != 43 or len(base64.b64decode(key + "=", validate=False)) != 32):
        raise ValueError("must be the 43-character EncodingAESKey")
    return key


@dataclass(frozen=True)
class Spec:
    default: str
    read: Callable[[str], Any] = text


SPECS: dict[str, Spec] = {
    "BOT_DATABASE_URL": Spec(""),  # empty: SQLite file instance/bot.sqlite3
    "BOT_TIMEZONE": Spec("Asia/Shanghai", zone),
    "BOT_INSTANCE_PATH": Spec("instance"),
    "BOT_LOG_LEVEL": Spec("INFO"),
    "BOT_DEPT_CODE": Spec("SAL"),
    "BOT_WEB_WORKERS": Spec("2", count),
    "BOT_WEB_THREADS": Spec("2", count),  # per worker; more contend for one GIL (docs/operations.md)
    "BOT_SCHEDULER": Spec("0", flag),
    "BOT_JOBS_METRICS_PORT": Spec("0", port),
    "BOT_DIGEST_TIME": Spec("09:00", clock_time),
    "BOT_WEEKLY_SUMMARY_TIME": Spec("09:15", clock_time),
    "BOT_MONTHLY_SUMMARY_TIME": Spec("09:30", clock_time),
    "BOT_MONTHLY_REVIEW_TIME": Spec("09:45", clock_time),
    "BOT_REVIEW_LOST_DAYS": Spec("90", count),  # monthly review: no contact this long is 失联
    "BOT_REVIEW_INTENT_DAYS": Spec("30", count),  # monthly review: an intent order pending this long is listed
    "BOT_RETENTION_TIME": Spec("03:00", clock_time),
    "BOT_ORG_SYNC_TIME": Spec("08:50", clock_time),
    "BOT_RAW_TEXT_DAYS": Spec("365", count),
    "BOT_POOL_TIME": Spec("08:40", clock_time),
    "BOT_POOL_DAYS": Spec("60", count),
    "BOT_POOL_DAYS_A": Spec("90", count),
    "BOT_POOL_DAYS_B": Spec("90", count),
    "BOT_POOL_NOTICE_DAYS": Spec("7", count),
    "BOT_POOL_CLAIMS_PER_DAY": Spec("5", count),
    "BOT_QUIET_HOURS": Spec("21:00-08:00", window),
    "BOT_CONSOLE_PUSHES": Spec("0", flag),
    "BOT_OUTBOX_MAX_ATTEMPTS": Spec("6", count),
    "BOT_OUTBOX_INTERVAL": Spec("30", seconds),
    "BOT_LEADER_LEASE_SECONDS": Spec("30", seconds),
    "WECOM_CORP_ID": Spec(""),
    "WECOM_AGENT_ID": Spec(""),
    "WECOM_SECRET": Spec(""),
    "WECOM_TOKEN": Spec(""),
    "WECOM_AES_KEY": Spec("", aes_key),
    "WECOM_AIBOT_TOKEN": Spec(""),
    "WECOM_AIBOT_AES_KEY": Spec("", aes_key),
    "WECOM_AIBOT_BOT_ID": Spec(""),
    "WECOM_AIBOT_SECRET": Spec(""),
    "WECOM_AIBOT_WS_URL": Spec("wss://openws.work.weixin.qq.com"),
    "WECOM_AIBOT_RECONNECT_MAX_S": Spec("30", seconds),
    "WECOM_API_BASE": Spec("https://qyapi.weixin.qq.com"),
    "DINGTALK_APP_KEY": Spec(""),
    "DINGTALK_APP_SECRET": Spec(""),
    "DINGTALK_ROBOT_CODE": Spec(""),
    "DINGTALK_CORP_ID": Spec(""),
    "DINGTALK_API_BASE": Spec("https://api.dingtalk.com"),
    "DINGTALK_OAPI_BASE": Spec("https://oapi.dingtalk.com"),
    "DINGTALK_CARD_TEMPLATE_ID": Spec(""),
}


def _read_all(values: Mapping[str, str]) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for key, spec in SPECS.items():
        raw = values.get(key, spec.default)
        try:
            typed[key] = spec.read(raw)
        except (ValueError, binascii.Error) as exc:
            raise SettingsError(key, f"{raw!r} does not read ({exc})") from None
    return typed


@dataclass(frozen=True)
class Settings:
    """`values` are the raw strings; get() answers the typed value (str, int, float, bool, time, window)."""

    values: Mapping[str, str] = field(default_factory=dict, repr=False)  # secrets: never in a log line
    typed: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "typed", _read_all(self.values))

    def get(self, key: str, default: str = "") -> Any:
        return self.typed[key] if key in self.typed else self.values.get(key, default)

    @property
    def instance_path(self) -> Path:
        path = Path(self.get("BOT_INSTANCE_PATH"))
        return path if path.is_absolute() else ROOT / path

    @property
    def database_url(self) -> str:
        return self.get("BOT_DATABASE_URL") or f"sqlite:///{self.instance_path / 'bot.sqlite3'}"

    @property
    def timezone(self) -> str:
        return self.get("BOT_TIMEZONE")

    def platform_configured(self, prefix: str, keys: tuple[str, ...]) -> bool:
        return all(self.get(f"{prefix}_{k}") for k in keys)


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def load_settings(config: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults < .env < environment < explicit config; only declared keys and BOT_/WECOM_/DINGTALK_ keys count.
    Raises SettingsError naming the first key whose value does not read."""
    values = {key: spec.default for key, spec in SPECS.items()}
    environ = os.environ if env is None else env
    dotenv = _read_dotenv(Path(environ.get("BOT_ENV_FILE", ".env")))
    for source in (dotenv, environ):
        values.update({k: v for k, v in source.items() if k.startswith(PREFIXES)})
    values.update({k: str(v) for k, v in (config or {}).items()})
    return Settings(values)
