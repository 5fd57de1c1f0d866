# The bot's image: `docker compose up -d` builds it (see compose.yaml and docs/operations.md).
# Stage 1 installs the pinned runtime requirements into a virtualenv; every one of them ships a binary wheel
# (psycopg[binary], cryptography, RapidFuzz, matplotlib …), so no compiler is needed and none is in the final image.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
# The test tools (the "# Tests" block at the end of requirements.txt) stay out of the image.
RUN sed '/^# Tests/,$d' /tmp/requirements.txt > /tmp/runtime.txt \
 && python -m venv /venv \
 && /venv/bin/pip install --only-binary=:all: -r /tmp/runtime.txt

# Stage 2: the slim base, the virtualenv and the code; runs as an unprivileged user.
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_INSTANCE_PATH=/data \
    MPLCONFIGDIR=/tmp/matplotlib
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin bot \
 && mkdir -p /data \
 && chown bot:bot /data
COPY --from=build /venv /venv
WORKDIR /app
COPY bot ./bot
COPY config ./config
COPY docker ./docker
USER bot
# The chart font comes from the pinned mplfonts package (Noto Sans CJK SC); fail the build if it is missing.
RUN python -c "from bot.reports.charts import cjk_font_path; assert cjk_font_path().is_file(), cjk_font_path()"
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
