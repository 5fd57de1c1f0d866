#!/bin/sh
# The container's one entry: `web` (migrate, then gunicorn), `jobs` (the scheduler; one leader among all copies),
# `stream` (DingTalk Stream mode), `bot ARGS` (any `python -m bot` command, e.g. `bot backup`, `bot user list`).
# Settings come from the environment (compose passes .env); a bad one stops here with its key named.
set -eu

wait_for_database() {
    # The database container may still be starting: retry the migration for up to BOT_DB_WAIT_SECONDS.
    waited=0
    until python -m bot db upgrade; do
        status=$?
        if [ "$status" -eq 2 ]; then exit 2; fi  # a setting is wrong: waiting will not fix it
        waited=$((waited + 2))
        if [ "$waited" -ge "${BOT_DB_WAIT_SECONDS:-60}" ]; then
            echo "entrypoint: database not reachable after ${waited} s" >&2
            exit 1
        fi
        sleep 2
    done
}

role="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$role" in
    web)
        wait_for_database
        exec python -m gunicorn -c config/gunicorn.conf.py "$@" 'bot:create_app()'
        ;;
    jobs)
        exec python -m bot jobs "$@"
        ;;
    stream)
        exec python -m bot stream "$@"
        ;;
    bot)
        exec python -m bot "$@"
        ;;
    *)
        echo "usage: entrypoint.sh web | jobs | stream | bot COMMAND [ARGS]" >&2
        exit 2
        ;;
esac
