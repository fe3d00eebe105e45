#!/usr/bin/env bash
# The performance benchmarks, one command (README, "Performance"):
#
#   benchmarks/run.sh               # fresh database perf, 100,000 vacancies, gunicorn, wrk: about 15 minutes
#   REUSE_DB=1 benchmarks/run.sh    # keep perf when it already holds them
#
# The work is in benchmarks/run.py (its docstring lists the settings); it stops
# the gunicorn servers it started, whichever way it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -x "$PY" ] || { echo "$PY is missing: run make serve or make test once to create .venv" >&2; exit 2; }
exec "$PY" benchmarks/run.py "$@"
