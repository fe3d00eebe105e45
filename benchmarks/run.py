"""The performance benchmarks: 100,000 vacancies on PostgreSQL, gunicorn, wrk.

    benchmarks/run.sh                 # everything, about 15 minutes on two cores
    REUSE_DB=1 benchmarks/run.sh      # keep the database perf when it already holds the vacancies

Steps: a fresh database ``perf`` with ``generate_vacancies --count 100000
--seed 1``; collectstatic; the app under gunicorn with ``gunicorn.conf.py`` and
production settings, and a bare Django view returning 20 KB under the same
config and middleware (``benchmarks.bare_settings``); ``wrk`` on each page and
on the bare view; a table of requests a second, p50/p99 latency and each
page's ratio to the bare view against the targets. Then the same uncached
(every request rendered), the deep page's time against page 1's, the CSV's rows
a second and memory, the generator's CPU by part (``benchmarks/generate.py``)
and the query plans (``benchmarks/explain.py``).

Environment: ``PERF_DATABASE`` (``perf``; it must start with ``perf``: it is
dropped and created), ``PERF_PORT`` (8150; the bare view uses the next one),
``DURATION`` (``20s`` a page), ``WARMUP`` (``3s``), ``CONNECTIONS`` (4),
``CACHES`` (``locmem redis``: the cached runs), ``PERF_REDIS_URL``
(``redis://127.0.0.1:6379/12``, flushed before its run), ``REUSE_DB``.
"""

import csv
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

DATABASE = os.environ.get("PERF_DATABASE", "perf")
ADMIN_URL = os.environ.get("PERF_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE_URL = f"{ADMIN_URL}/{DATABASE}"
PORT = int(os.environ.get("PERF_PORT", "8150"))
DURATION = os.environ.get("DURATION", "20s")
WARMUP = os.environ.get("WARMUP", "3s")
CONNECTIONS = int(os.environ.get("CONNECTIONS", "4"))
CACHES = os.environ.get("CACHES", "locmem redis").split()
REDIS_URL = os.environ.get("PERF_REDIS_URL", "redis://127.0.0.1:6379/12")
COUNT = 100_000
SEED = 1
FIRST_RUN = 2_000  # vacancies generated before the first ANALYZE
DEEP_PAGE = 2000
DEEP_PAGE_SAMPLES = int(os.environ.get("DEEP_PAGE_SAMPLES", "15"))

# The targets: throughput as a share of the bare view's, p99 on every page.
P99_TARGET_MS = 100
CSV_ROWS_TARGET = 20_000


@dataclass
class Page:
    name: str
    path: str
    ratio_target: float | None = None  # share of the bare view's requests a second
    csv: bool = False  # a download: judged by rows a second, not p99


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    size: int
    rows: int  # CSV rows a response carries


class BenchmarkError(Exception):
    pass


def say(message=""):
    print(message, flush=True)


def run(*args, env=None, capture=False):
    """Run a command; fail with its output when it fails."""
    completed = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True)
    if completed.returncode:
        raise BenchmarkError(
            f"{' '.join(map(str, args))} failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    return completed.stdout if capture else None


def manage(*args, capture=False):
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_DEBUG": "1"}
    return run(PYTHON, "manage.py", *args, env=env, capture=capture)


def psql(database, sql):
    """One statement; its result unaligned, without headers."""
    options = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"]
    return run("psql", *options, "-d", f"{ADMIN_URL}/{database}", "-c", sql, capture=True).strip()


# (a) The database ------------------------------------------------------------


def prepare_database():
    if not DATABASE.startswith("perf"):
        raise BenchmarkError(f"PERF_DATABASE={DATABASE!r}: it is dropped and created, so it must start with perf.")
    if os.environ.get("REUSE_DB") and psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        manage("migrate", "--no-input", "-v0")
        count = int(psql(DATABASE, "SELECT count(*) FROM vacancies_vacancy WHERE status = 'published'"))
        if count >= COUNT:
            say(f"Reusing database {DATABASE}: {count:,} published vacancies.")
            return
        say(f"Database {DATABASE} holds {count:,} published vacancies, not {COUNT:,}: creating it again.")
    say(f"Creating database {DATABASE}, migrating, generating {COUNT:,} vacancies (3-4 minutes on two cores)...")
    psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE}")
    psql("postgres", f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--no-input", "-v0")
    started = time.monotonic()
    # Two runs, with ANALYZE between. On an empty, never analyzed database the
    # insert trigger's lookup of a vacancy's qualifications (migration 0007)
    # is planned on qualification_lang_idx (category, level) rather than on
    # the vacancy_id index, so every batch costs more than the one before and
    # one 100,000 run takes over an hour here. README, "Performance".
    manage("generate_vacancies", "--count", str(FIRST_RUN), "--seed", str(SEED), "-v0")
    psql(DATABASE, "ANALYZE")
    manage("generate_vacancies", "--count", str(COUNT - FIRST_RUN), "--seed", str(SEED + 1), "-v0")
    say(f"  generated in {time.monotonic() - started:.0f} s (target: about 60 s)")
    psql(DATABASE, "VACUUM ANALYZE")


def sample_slug():
    """A real vacancy of the generated data: the 5,000th published one."""
    sql = "SELECT slug FROM vacancies_vacancy WHERE status = 'published' ORDER BY id OFFSET 4999 LIMIT 1"
    return psql(DATABASE, sql)


# (c) gunicorn --------------------------------------------------------------


class Server:
    """gunicorn with the project's config and production settings, on the loopback."""

    def __init__(self, port, settings="jpoboard.settings", root=ROOT, **env):
        self.url = f"http://127.0.0.1:{port}"
        self.root = root  # the checkout served: this one, or another commit's (longtail.py --before)
        self.log = tempfile.NamedTemporaryFile(prefix=f"perf-gunicorn-{port}-", suffix=".log", delete=False)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": DATABASE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on the loopback: no redirect to https (there is no TLS proxy here).
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESSLOG": "",  # off
            **env,
        }
        self.process = None

    def __enter__(self):
        busy = subprocess.run(["ss", "-Htln", f"sport = :{self.url.rsplit(':', 1)[1]}"], capture_output=True, text=True)
        if busy.stdout.strip():
            raise BenchmarkError(f"{self.url}: the port is already in use (set PERF_PORT to another in 8100-8199).")
        command = [GUNICORN, "-c", "gunicorn.conf.py", "jpoboard.wsgi"]
        # Its own session: a Ctrl-C reaches this script only, which then stops gunicorn in order.
        self.process = subprocess.Popen(
            command, cwd=self.root, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"gunicorn exited ({self.process.returncode}):\n{self.log_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5):
                    return self
            except urllib.error.HTTPError as error:
                raise BenchmarkError(f"{self.url}/ answered {error.code}:\n{self.log_text()}") from error
            except OSError:
                time.sleep(0.1)
        raise BenchmarkError(f"gunicorn did not answer at {self.url} within 60 s:\n{self.log_text()}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def log_text(self):
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


# (d) wrk -------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    if re.search(r"Non-2xx or 3xx responses|Socket errors", output):
        raise BenchmarkError(f"wrk saw errors:\n{output}")

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if not match:
            raise BenchmarkError(f"no {percent}% latency in wrk's output:\n{output}")
        return float(match[1]) * UNITS_MS[match[2]]

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not rate:
        raise BenchmarkError(f"no Requests/sec in wrk's output:\n{output}")
    return float(rate[1]), latency(50), latency(99)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise BenchmarkError(f"{url} answered {error.code}, not 200") from error


def load(url):
    """wrk on one URL after a warm-up: requests a second, p50 and p99 in ms, response size."""
    body = fetch(url)
    rows = csv_rows(body) if ".csv" in url else 0
    wrk = ["wrk", "-t2", f"-c{CONNECTIONS}", "--latency", "--timeout", "10s"]
    # Warm up on a new connection per request, so that every gunicorn process gets some: wrk's few
    # keep-alive connections would stay on a few of them, and the others would meet the page (and
    # render it into their local-memory cache) for the first time while being measured.
    run(*wrk, "-H", "Connection: close", f"-d{WARMUP}", url, capture=True)
    requests_per_second, p50, p99 = parse_wrk(run(*wrk, f"-d{DURATION}", url, capture=True))
    return Result(requests_per_second, p50, p99, len(body), rows)


def measure(title, app, bare, pages):
    say(f"\n== {title}")
    say(f"   wrk -t2 -c{CONNECTIONS} -d{DURATION} --latency, after a {WARMUP} warm-up (a connection a request)")
    rows = [("page", "URL", "KB", "req/s", "p50 ms", "p99 ms", "× bare", "target", "met")]
    baseline = load(bare.url + "/")
    rows.append(("bare view", "/ (benchmarks.bare_settings)", *figures(baseline), "1.00", "", ""))
    verdicts = []
    for page in pages:
        result = load(app.url + page.path)
        ratio = result.requests_per_second / baseline.requests_per_second
        target, met = verdict(page, result, ratio)
        verdicts.append(met)
        shown_ratio = "-" if page.csv else f"{ratio:.2f}"  # a download is no page
        rows.append((page.name, page.path, *figures(result), shown_ratio, target, met))
    table(rows)
    return verdicts


def figures(result):
    rate, p50, p99 = f"{result.requests_per_second:,.0f}", f"{result.p50_ms:.1f}", f"{result.p99_ms:.1f}"
    return f"{result.size / 1024:.1f}", rate, p50, p99


def verdict(page, result, ratio):
    """The target for this page and whether it was met, in words."""
    goals, misses = [], []
    if page.ratio_target is not None:
        goals.append(f"≥{page.ratio_target:.2f}×")
        if ratio < page.ratio_target:
            misses.append("ratio")
    if page.csv:
        rows_per_second = result.requests_per_second * result.rows
        goals.append(f"≥{CSV_ROWS_TARGET:,} rows/s: {result.rows:,} rows × req/s = {rows_per_second:,.0f}")
        if rows_per_second < CSV_ROWS_TARGET:
            misses.append("rows/s")
    else:
        goals.append(f"p99<{P99_TARGET_MS}")
        if result.p99_ms >= P99_TARGET_MS:
            misses.append("p99")
    return ", ".join(goals), "yes" if not misses else "NO: " + ", ".join(misses)


def table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = range(2, 7)  # KB to "× bare", right-aligned
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        say("   " + "  ".join(cells).rstrip())
        if n == 0:
            say("   " + "  ".join("-" * w for w in widths))


# (g) The deep page ------------------------------------------------------------


def curl_seconds(url, output="/dev/null"):
    """One GET with curl: its total time in seconds."""
    return float(run("curl", "-fsS", "-o", output, "-w", "%{time_total}", url, capture=True))


def deep_page(app):
    """Median time of page 1 and page 2,000, uncached, one request at a time."""
    say(f"\n== Deep page, uncached: median of {DEEP_PAGE_SAMPLES} sequential requests (curl)")
    medians = {}
    # "/" is page 1 too, without a query string (its FilterSet is bound all the same).
    for path in ("/", "/?page=1", f"/?page={DEEP_PAGE}"):
        url = app.url + path
        curl_seconds(url)  # the worker's first request of this URL
        medians[path] = statistics.median(curl_seconds(url) for _ in range(DEEP_PAGE_SAMPLES)) * 1000
        say(f"   {path:<12} {medians[path]:6.1f} ms")
    ratio = medians[f"/?page={DEEP_PAGE}"] / medians["/?page=1"]
    met = "yes" if ratio <= 2 else "NO"
    say(f"   page {DEEP_PAGE:,} ÷ page 1 (/?page=1) = {ratio:.2f} (target ≤ 2): {met}")
    say(f"   page {DEEP_PAGE:,} ÷ / = {medians[f'/?page={DEEP_PAGE}'] / medians['/']:.2f}")
    return met == "yes"


# (h) The CSV ----------------------------------------------------------------


def csv_rows(data):
    return sum(1 for _ in csv.reader(data.decode("utf-8-sig").splitlines(keepends=True))) - 1


def full_csv(app):
    """One whole export over HTTP: rows a second, and the workers' memory while it streams."""
    say("\n== The whole CSV over HTTP (curl), one request, uncached server")
    workers = app.workers()
    before = {pid: resident_mb(pid) for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            for pid in workers:
                peak[pid] = max(peak[pid], resident_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.NamedTemporaryFile(suffix=".csv") as target:
        try:
            seconds = curl_seconds(f"{app.url}/vacancies/export.csv", output=target.name)
        finally:
            done.set()
            sampler.join()
        data = Path(target.name).read_bytes()
    rows = csv_rows(data)
    grown = max(peak[pid] - before[pid] for pid in workers)
    rate = rows / seconds
    say(f"   {rows:,} rows (every listed vacancy), {len(data) / 2**20:.1f} MB in {seconds:.1f} s: {rate:,.0f} rows/s")
    say(f"   gunicorn workers' resident memory grew by at most {grown:.0f} MB while it streamed")
    return rate >= CSV_ROWS_TARGET


def resident_mb(pid):
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def csv_export_script():
    say("\n== benchmarks/csv_export.py: the export's generator alone, in one process")
    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    met = None
    for extra in ([], ["--texts"]):
        out = run(PYTHON, "benchmarks/csv_export.py", *extra, env=env, capture=True)
        say("   " + out.strip().replace("\n", "\n   "))
        rate = re.search(r"([\d,]+) rows/s", out)
        if met is None:  # the target is the export's; the full texts (six times the bytes) are shown, not judged
            met = bool(rate) and int(rate[1].replace(",", "")) >= CSV_ROWS_TARGET
    return met


def generator_script():
    say("\n== benchmarks/generate.py: the generator's CPU a vacancy, by part")
    out = run(PYTHON, "benchmarks/generate.py", env={**os.environ, "DATABASE_URL": DATABASE_URL}, capture=True)
    say("   " + out.strip().replace("\n", "\n   "))


# The whole run -----------------------------------------------------------------


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    for tool in ("wrk", "curl", "psql", "ss", *(["redis-cli"] if "redis" in CACHES else [])):
        if not shutil.which(tool):
            raise BenchmarkError(f"{tool} is missing (Debian: apt-get install -y {tool})")
    started = time.monotonic()
    say(f"JPO Board benchmarks: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, database {DATABASE}")
    prepare_database()
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0", env={**os.environ, "DJANGO_DEBUG": "1"})

    slug = sample_slug()
    pages = [
        Page("list", "/", 0.25),
        Page("filtered list", "/?country=KE&speaks=en&speaks=fr&experience=2", 0.25),
        Page("search", "/?q=refugee", 0.15),
        Page("detail", f"/vacancies/{slug}/", 0.40),
        Page("deep page", f"/?page={DEEP_PAGE}"),
        Page("CSV (KE)", "/vacancies/export.csv?country=KE", csv=True),
    ]

    met = []
    with Server(PORT + 1, settings="benchmarks.bare_settings") as bare:
        for cache in CACHES:
            if cache == "redis":
                run("redis-cli", "-u", REDIS_URL, "FLUSHDB", capture=True)
                cache_url = REDIS_URL
            elif cache == "locmem":
                cache_url = "locmem://"
            else:
                raise BenchmarkError(f"CACHES: {cache!r} is neither locmem nor redis")
            with Server(PORT, DJANGO_CACHE_URL=cache_url) as app:
                met += measure(f"Cached pages ({cache_url}): mostly measures the page cache", app, bare, pages)
        with Server(PORT, DJANGO_PAGE_CACHE_SECONDS="0") as app:
            met += measure("uncached: every request rendered (DJANGO_PAGE_CACHE_SECONDS=0)", app, bare, pages)
            met.append("yes" if deep_page(app) else "NO")
            met.append("yes" if full_csv(app) else "NO")
    met.append("yes" if csv_export_script() else "NO")
    generator_script()

    say("\n== Query plans (benchmarks/explain.py --summary; without --summary for the whole plans)")
    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    out = run(PYTHON, "benchmarks/explain.py", "--summary", env=env, capture=True)
    say("   " + out.strip().replace("\n", "\n   "))

    misses = sum(1 for m in met if m != "yes")
    say(f"\nDone in {(time.monotonic() - started) / 60:.1f} min: {len(met) - misses} targets met, {misses} not met.")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        print(f"\nbenchmarks/run.py: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
