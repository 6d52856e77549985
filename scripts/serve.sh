#!/usr/bin/env bash
# `make run`: gunicorn serves the site and `manage.py escalate_overdue --loop` runs beside it
# (deadline reminders, overdue notices, SMS and email). They stop together: SIGTERM, SIGINT or
# SIGHUP to this script (or to the whole process group, as the browser tests send) stops both,
# and if gunicorn exits on its own the loop is stopped too.
# Environment: PORT (8000), WORKERS (2), PY (.venv/bin/python); Django settings as usual.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")

"$PY" manage.py escalate_overdue --loop &
loop=$!
"$BIN/gunicorn" chuangwen.wsgi:application --bind "127.0.0.1:${PORT:-8000}" --workers "${WORKERS:-2}" \
  --access-logfile - --graceful-timeout 5 &
web=$!

stop() { kill -TERM "$web" "$loop" 2>/dev/null || true; }
trap stop TERM INT HUP
trap 'kill -TERM "$loop" 2>/dev/null; wait "$loop" 2>/dev/null' EXIT

wait "$web"  # returns early when a trapped signal arrives
status=$?
wait "$web" 2>/dev/null  # then let gunicorn finish its graceful shutdown
if [ "$status" -gt 128 ]; then status=0; fi  # stopped by a signal: a normal stop
exit "$status"
