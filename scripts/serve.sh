#!/usr/bin/env bash
# `make run`: gunicorn serves the site and `manage.py escalate_overdue --loop` runs beside it
# (deadline reminders, overdue notices, SMS and email), with `manage.py sweep_orphan_files --loop`
# (once a day: stored files no row names) and `manage.py audit_anchor --loop` (each closed day's
# head hash of the audit chain, mailed and published). They stop together: SIGTERM, SIGINT or SIGHUP to this
# script (or to the whole process group, as the browser tests send) stops them all, and if
# gunicorn exits on its own the loops are stopped too.
# Each worker serves THREADS requests at once (gthread), so requests waiting for a busy database
# do not keep /healthz and the rest waiting; the web server's statements are cut off after
# DATABASE_STATEMENT_TIMEOUT seconds (PostgreSQL; 30 here, none for commands).
# Environment: PORT (8000), WORKERS (2), THREADS (4), PY (.venv/bin/python); Django settings as usual.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")

"$PY" manage.py escalate_overdue --loop &
loop=$!
"$PY" manage.py sweep_orphan_files --loop &
sweep=$!
"$PY" manage.py audit_anchor --loop &
anchor=$!
DATABASE_STATEMENT_TIMEOUT=${DATABASE_STATEMENT_TIMEOUT:-30} "$BIN/gunicorn" chuangwen.wsgi:application \
  --bind "127.0.0.1:${PORT:-8000}" --workers "${WORKERS:-2}" --worker-class gthread --threads "${THREADS:-4}" \
  --access-logfile - --graceful-timeout 5 &
web=$!

stop() { kill -TERM "$web" "$loop" "$sweep" "$anchor" 2>/dev/null || true; }
trap stop TERM INT HUP
trap 'kill -TERM "$loop" "$sweep" "$anchor" 2>/dev/null; wait "$loop" "$sweep" "$anchor" 2>/dev/null' EXIT

wait "$web"  # returns early when a trapped signal arrives
status=$?
wait "$web" 2>/dev/null  # then let gunicorn finish its graceful shutdown
if [ "$status" -gt 128 ]; then status=0; fi  # stopped by a signal: a normal stop
exit "$status"
