"""Settings: config/defaults.toml, overridden by an optional .env, then the environment, then an explicit dict."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS_FILE = ROOT / "config" / "defaults.toml"


def _read_defaults() -> dict[str, str]:
    with DEFAULTS_FILE.open("rb") as fh:
        return {k: str(v) for k, v in tomllib.load(fh).items()}


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)

    def flag(self, key: str) -> bool:
        return self.get(key).strip().lower() in {"1", "true", "yes", "on"}

    @property
    def instance_path(self) -> Path:
        path = Path(self.get("BOT_INSTANCE_PATH", "instance"))
        return path if path.is_absolute() else ROOT / path

    @property
    def database_url(self) -> str:
        url = self.get("BOT_DATABASE_URL")
        return url or f"sqlite:///{self.instance_path / 'bot.sqlite3'}"

    @property
    def timezone(self) -> str:
        return self.get("BOT_TIMEZONE", "Asia/Shanghai")

    def platform_configured(self, prefix: str, keys: tuple[str, ...]) -> bool:
        return all(self.get(f"{prefix}_{k}") for k in keys)


def load_settings(config: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults < .env < environment < explicit config; only known keys and BOT_/WECOM_/DINGTALK_ keys count."""
    values = _read_defaults()
    environ = os.environ if env is None else env
    dotenv = _read_dotenv(Path(environ.get("BOT_ENV_FILE", ".env")))
    prefixes = ("BOT_", "WECOM_", "DINGTALK_")
    for source in (dotenv, environ):
        values.update({k: v for k, v in source.items() if k in values or k.startswith(prefixes)})
    values.update({k: str(v) for k, v in (config or {}).items()})
    return Settings(values)
