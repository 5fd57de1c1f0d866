"""GET /healthz (the process answers) and GET /readyz (it can serve: database reachable, schema at the newest
migration, every configured platform fully set). Both answer JSON; /readyz answers 503 with the failing checks."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from bot.services import Services
from bot.storage import migrate

log = logging.getLogger(__name__)


def readiness(services: Services, head: str | None, platform_problems: list[str]) -> dict:
    """{"ready": bool, "checks": {name: "ok" | problem}}; never raises."""
    checks: dict[str, str] = {}
    try:
        with services.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
        at = migrate.current_revision(services.db.engine)
        checks["migrations"] = "ok" if at == head else f"at {at or 'no schema'}, newest {head}: run python -m bot db upgrade"
    except Exception as exc:  # any failure to reach the database is a "not ready", reported by its kind only
        checks["database"] = f"unreachable ({type(exc).__name__})"
        checks["migrations"] = "unknown"
    checks["settings"] = "; ".join(platform_problems) or "ok"
    return {"ready": all(v == "ok" for v in checks.values()), "checks": checks}


def blueprint(services: Services, platform_problems: list[str]) -> Blueprint:
    bp = Blueprint("health", __name__)
    head = migrate.head_revision()

    @bp.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @bp.get("/readyz")
    def readyz() -> Response:
        report = readiness(services, head, platform_problems)
        if not report["ready"]:
            log.warning("not ready: %s", report["checks"])
        response = jsonify(report)
        response.status_code = 200 if report["ready"] else 503
        return response

    return bp
