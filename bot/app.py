"""The Flask app: health and readiness checks plus each configured platform's webhook (bot/handlers)."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from bot.services import Services, build_services, configure_logging

MAX_BODY_BYTES = 64 * 1024


def build_app(config: Mapping[str, Any] | None = None, services: Services | None = None) -> Flask:
    services = services or build_services(config)
    configure_logging(services.settings)
    app = Flask("bot", instance_path=str(services.settings.instance_path))
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["bot"] = services

    from bot import health, metrics
    from bot.handlers import register_handlers

    problems = register_handlers(app, services)
    app.extensions["bot_settings_problems"] = problems
    app.register_blueprint(health.blueprint(services, problems))
    app.register_blueprint(metrics.blueprint(services.db))
    return app
