#!/usr/bin/env bash
# Lighthouse (SEO, Best Practices) and the Nu HTML checker on the public pages, served as in
# production: gunicorn, debug off, collectstatic and whitenoise. Fails on any vnu error and on a
# Lighthouse score under 100.
#
#   tools/audit.sh                       # the checkout's database (DATABASE_URL, else the embedded one)
#   AUDIT_PORT=8765 tools/audit.sh       # the port to serve on (default 8765)
#
# The database is migrated and gets the five seed ToRs if it holds no vacancy. The npm tools go
# to .audit/ (git-ignored), pinned; Java comes from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${AUDIT_PORT:-8765}
BASE="http://127.0.0.1:$PORT"
TOOLS=.audit
LIGHTHOUSE=lighthouse@12.2.3
VNU=vnu-jar@26.9.27
PY=.venv/bin/python
REPORTS=$TOOLS/reports

if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ] || [ ! -f "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
  (cd "$TOOLS" && npm install --save-exact --no-audit --no-fund "$LIGHTHOUSE" "$VNU")
fi
if ! command -v java >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

# Production settings, over plain http on the loopback: no TLS proxy in front, so no https redirect,
# HSTS or Secure cookies.
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SITE_URL="$BASE" \
  DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=0
$PY manage.py migrate --no-input -v 0
$PY manage.py seed --if-empty
$PY manage.py collectstatic --no-input -v 0

GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=2 GUNICORN_ACCESSLOG="" \
  .venv/bin/gunicorn -c gunicorn.conf.py jpoboard.wsgi >"$TOOLS/gunicorn.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fs -o /dev/null "$BASE/healthz" && break
  sleep 0.2
done
curl -fs -o /dev/null "$BASE/healthz" || { cat "$TOOLS/gunicorn.log"; exit 1; }

# Every listed vacancy, from the sitemap (the seeds on a fresh database).
mapfile -t DETAILS < <(curl -fs "$BASE/sitemap.xml" | grep -o '<loc>[^<]*/vacancies/[^<]*</loc>' | sed 's/<[^>]*>//g')
[ "${#DETAILS[@]}" -gt 0 ] || { echo "The sitemap lists no vacancy."; exit 1; }

failed=0
mkdir -p "$REPORTS"

echo "== Lighthouse 12.2.3: SEO and Best Practices"
for url in "$BASE/" "${DETAILS[0]}"; do
  report="$REPORTS/lighthouse-$(echo "$url" | md5sum | cut -c1-8).json"
  "$TOOLS/node_modules/.bin/lighthouse" "$url" --quiet --only-categories=seo,best-practices \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$report"
  node -e '
    const report = require(process.argv[1]);
    let failed = 0;
    for (const id of ["seo", "best-practices"]) {
      const category = report.categories[id];
      const score = Math.round(category.score * 100);
      console.log(`${report.finalDisplayedUrl}  ${category.title}: ${score}`);
      for (const ref of category.auditRefs) {
        const audit = report.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) console.log(`    failed: ${audit.id}: ${audit.title}`);
      }
      if (score < 100) failed = 1;
    }
    process.exit(failed);
  ' "$(realpath "$report")" || failed=1
done

echo "== Nu HTML checker ($VNU)"
# vnu refuses to fetch from the loopback ("Forbidden host"): it checks the pages as files.
PAGES=("$BASE/" "$BASE/?organization=UNODC&country=AT" "$BASE/?q=trafficking"
  "$BASE/?nationality=DE&age=29&degree=master" "$BASE/?nationality=KR&age=30&degree=master&speaks=en&speaks=ko&experience=2"
  "${DETAILS[@]}" "${DETAILS[0]}?nationality=DE&age=33&degree=bachelor&speaks=en&experience=3")
rm -rf "$REPORTS/pages" && mkdir -p "$REPORTS/pages"
FILES=()
for i in "${!PAGES[@]}"; do
  FILES+=("$REPORTS/pages/$i.html")
  curl -fs -o "${FILES[$i]}" "${PAGES[$i]}"
done
java -jar "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" --format json --exit-zero-always "${FILES[@]}" \
  2>"$REPORTS/vnu.json"
$PY - "$REPORTS/vnu.json" "${PAGES[@]}" <<'PYTHON' || failed=1
import json
import sys

pages = sys.argv[2:]
messages = json.load(open(sys.argv[1]))["messages"]
# A page vnu could not read counts as an error too.
errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
for i, page in enumerate(pages):
    mine = [m for m in errors if m.get("url", "").endswith(f"/pages/{i}.html")]
    print(f"{page}  errors: {len(mine)}")
    for m in mine:
        print(f"    line {m.get('lastLine', '?')}: {m['message']}")
print(f"vnu: {len(errors)} error(s) on {len(pages)} pages")
sys.exit(1 if errors else 0)
PYTHON

exit "$failed"
