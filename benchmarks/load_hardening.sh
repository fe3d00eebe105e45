#!/usr/bin/env bash
# Load test for "Hardened for the open internet": 60 s, 32 connections, on the
# list, a search and a detail page in turn, under gunicorn with gunicorn.conf.py
# and production settings (debug off, HTTPS as a proxy reports it), on PostgreSQL.
# Fails when any answer is not 2xx/3xx or any socket error occurs.
#
#   benchmarks/load_hardening.sh                         # database harden_dev (migrated, fixtures loaded)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gen_dev DURATION=30s benchmarks/load_hardening.sh
#
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/harden_dev}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1}
export GUNICORN_BIND=${GUNICORN_BIND:-127.0.0.1:8765}
export GUNICORN_ACCESSLOG=${GUNICORN_ACCESSLOG:-/dev/null}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-4}
SEARCH=${SEARCH:-trafficking}
URL="http://$GUNICORN_BIND"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
$PY manage.py migrate --no-input -v0
if [ "$($PY manage.py shell --verbosity 0 -c 'from vacancies.models import Vacancy; print(Vacancy.objects.exists())')" = False ]; then
  $PY manage.py loaddata fixtures/*.json -v0
fi
$PY manage.py collectstatic --no-input -v0
DETAIL=${DETAIL:-$($PY manage.py shell --verbosity 0 -c 'from vacancies.models import Vacancy; print(Vacancy.objects.published().order_by("pk").first().get_absolute_url())')}

.venv/bin/gunicorn -c gunicorn.conf.py jpoboard.wsgi >/tmp/load_hardening_gunicorn.log 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fsS -o /dev/null -H 'X-Forwarded-Proto: https' "$URL/healthz" 2>/dev/null && break
  sleep 0.5
done

SCRIPT=$(mktemp --suffix=.lua)
cat >"$SCRIPT" <<LUA
-- The proxy in front says the request came over https, as in production.
local paths = {"/", "/?q=$SEARCH", "$DETAIL"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1], {["X-Forwarded-Proto"] = "https"})
end
LUA

# A 5 s warm-up first, not counted: each worker renders every page once before it serves it from its cache.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --timeout 10s -s "$SCRIPT" "$URL" >/dev/null
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION: /, /?q=$SEARCH, $DETAIL ($DATABASE_URL)"
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$SCRIPT" "$URL")
rm -f "$SCRIPT"
echo "$OUT"
if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$OUT"; then
  echo "FAIL: errors under load" >&2
  exit 1
fi
echo "OK: no errors"
