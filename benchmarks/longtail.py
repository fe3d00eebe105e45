"""The uncached long tail of the list: thousands of distinct list URLs, each asked about once (issue 16).

    .venv/bin/python benchmarks/longtail.py               # fresh perf_longtail_2k: 2,000 vacancies, 60 s of wrk
    COUNT=100000 .venv/bin/python benchmarks/longtail.py  # the same at 100,000 (generation: 3-4 min on two cores)
    REUSE_DB=1 .venv/bin/python benchmarks/longtail.py    # keep the database when it holds COUNT vacancies
    .venv/bin/python benchmarks/longtail.py --profile     # also one uncached list request, query by query
    .venv/bin/python benchmarks/longtail.py --profile-only  # only that (on the database as it is, or generated)
    .venv/bin/python benchmarks/longtail.py --before REF    # also REF's code, in the same run: before and after

The cached benchmarks (``run.py``) ask one URL thousands of times, so the page
cache answers nearly all of them. Real visitors combine filters, searches,
their profile, orders and pages into URLs that nobody asked for before in this
data version and day: most of them miss the page cache and run the list's
count, its facet counts and its page. This script builds a few thousand
distinct, realistic list URLs from the data's own values (the duty-station
countries, organizations, sectors, sponsors, grades and required languages of
the published vacancies, their experience minimums, the nationalities they are
restricted to, words that occur in the titles and duties, the sort orders,
pages 1-3) and has wrk walk them with ``benchmarks/longtail.lua``, each
thread its own slice, each URL once: a request that ever repeats a URL is
counted and reported (it may come from the cache).

It serves the app exactly as ``run.py`` does (its ``Server``: ``gunicorn -c
gunicorn.conf.py``, production settings, access log off) with the page cache ON
in local memory (the default), and beside it the bare view
(``benchmarks.bare_settings``), measured in the same run for the ratio. Before
the long tail, a warm-up walks other URLs of the same kind, each once, on a new
connection each, so that every gunicorn process has rendered the list before.
With ``--before REF`` the same URLs are walked twice, on a git work tree of
commit REF and then on this checkout, each under the same server and after
the same warm-up, against one bare view measured first: the before and after
of one run; each checkout's database functions (``vacancies/sql/``) are installed
before its walk, by its own ``migrate``. It prints requests a second, p50, p99,
the answers that were not 2xx (the run fails on any) and the ratio to the bare
view; then ``SAMPLES`` other URLs of
the list, cold, one at a time: the time each takes without queueing behind
the others, the median and the slowest five.

``--profile``: one uncached list request (``PROFILE_PATH``: a broad long-tail
URL, nationality and age, which keep nearly every vacancy) in this process, through the whole middleware with Django's
test client, production settings, the page cache on but cold: every query with
its duration and the code that ran it, the time in SQL, in the template
(without its queries) and in the rest of Python; then the same request, cold
again, under cProfile: the functions that take the most time of their own. It
runs after a first request of another URL, so that imports, the connection and
the compiled templates are not counted.

Environment: ``PERF_DATABASE`` (``perf_longtail_2k``, or ``perf_longtail_100k``
when ``COUNT`` is 100,000; it must start with ``perf_longtail``: it is dropped
and created), ``COUNT`` (2000), ``SEED`` (1), ``REUSE_DB``, ``PERF_ADMIN_URL``
(``postgres://postgres@127.0.0.1:5432``), ``PERF_PORT`` (8150; the bare view
uses the next one), ``URLS`` (the distinct URLs measured: 12000), ``WARMUP_URLS``
(60), ``URL_SEED`` (1: the URLs drawn), ``DURATION`` (``60s``),
``BARE_DURATION`` (``20s``), ``WARMUP`` (``3s``, the bare view's warm-up),
``CONNECTIONS`` (4), ``THREADS`` (2), ``SAMPLES`` (30: URLs from the end of
the list, which wrk did not reach, then timed one at a time), ``PROFILE_PATH`` (the URL ``--profile``
requests), ``PROFILE_FUNCTIONS`` (15: the functions its cProfile table shows).
"""

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run as bench  # noqa: E402  (its Server, wrk parsing, psql and manage helpers)

ROOT = bench.ROOT
COUNT = int(os.environ.get("COUNT", "2000"))
SEED = int(os.environ.get("SEED", "1"))
DATABASE = os.environ.get("PERF_DATABASE", "perf_longtail_2k" if COUNT <= 2000 else f"perf_longtail_{COUNT // 1000}k")
# Enough distinct URLs that 60 s of wrk never walks one twice (a repeated URL may come from the page
# cache): 2,000 vacancies answer about 130 a second, 100,000 about 70 (2026-12-02); 3,000 were walked
# twice at 100,000 too.
URLS = int(os.environ.get("URLS", "12000"))
WARMUP_URLS = int(os.environ.get("WARMUP_URLS", "60"))
URL_SEED = int(os.environ.get("URL_SEED", "1"))
DURATION = os.environ.get("DURATION", "60s")
BARE_DURATION = os.environ.get("BARE_DURATION", "20s")
CONNECTIONS = int(os.environ.get("CONNECTIONS", "4"))
THREADS = int(os.environ.get("THREADS", "2"))
SAMPLES = int(os.environ.get("SAMPLES", "30"))
LUA = ROOT / "benchmarks" / "longtail.lua"
FIRST_RUN = 2_000  # as run.py: this many, ANALYZE, then the rest
PROFILE_FUNCTIONS = int(os.environ.get("PROFILE_FUNCTIONS", "15"))
# A broad URL of the tail (the "About you" form: nationality and age keep nearly every vacancy), so the
# count and every facet count run over nearly all of them: the common worst case.
PROFILE_PATH = os.environ.get("PROFILE_PATH", "/?nationality=DK&age=29")

# run.py's helpers read these module globals when they run.
bench.DATABASE = DATABASE
bench.DATABASE_URL = f"{bench.ADMIN_URL}/{DATABASE}"
bench.CONNECTIONS = CONNECTIONS
bench.DURATION = BARE_DURATION

say = bench.say
BenchmarkError = bench.BenchmarkError


# The database ------------------------------------------------------------------


def prepare_database():
    if not DATABASE.startswith("perf_longtail"):
        raise BenchmarkError(
            f"PERF_DATABASE={DATABASE!r}: it is dropped and created, so it must start with perf_longtail."
        )
    exists = bench.psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'")
    if os.environ.get("REUSE_DB") and exists:
        bench.manage("migrate", "--no-input", "-v0")
        count = int(bench.psql(DATABASE, "SELECT count(*) FROM vacancies_vacancy"))
        if count >= COUNT:
            say(f"Reusing database {DATABASE}: {count:,} vacancies.")
            return
        say(f"Database {DATABASE} holds {count:,} vacancies, not {COUNT:,}: creating it again.")
    say(f"Creating database {DATABASE}, migrating, generating {COUNT:,} vacancies (--seed {SEED})...")
    bench.psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE}")
    bench.psql("postgres", f"CREATE DATABASE {DATABASE}")
    bench.manage("migrate", "--no-input", "-v0")
    started = time.monotonic()
    first = min(COUNT, FIRST_RUN)
    bench.manage("generate_vacancies", "--count", str(first), "--seed", str(SEED), "-v0")
    if COUNT > first:  # run.py's two steps: see prepare_database there
        bench.psql(DATABASE, "ANALYZE")
        bench.manage("generate_vacancies", "--count", str(COUNT - first), "--seed", str(SEED + 1), "-v0")
    bench.psql(DATABASE, "VACUUM ANALYZE")
    say(f"  generated and analysed in {time.monotonic() - started:.0f} s")


# The URLs ------------------------------------------------------------------------

LISTED = "status = 'published' AND (closes_on IS NULL OR closes_on >= current_date)"


def values(sql):
    """One column of the database, as a list of strings."""
    return [line for line in bench.psql(DATABASE, sql).splitlines() if line]


def word_sql(table, column, where, limit):
    """Words of a text column that a visitor might search for: alphabetic, four letters or more, no stop words."""
    return (
        f"SELECT word FROM ts_stat($$SELECT to_tsvector('simple', {column}) FROM {table} WHERE {where} "
        f"LIMIT {limit}$$) WHERE word ~ '^[a-z]{{4,}}$' AND to_tsvector('english', word) <> ''::tsvector "
        f"AND ndoc >= 2 ORDER BY ndoc DESC, word LIMIT 400"
    )


def facet_values():
    """The values visitors meet on the list: the data's own, read from the database."""
    facets = {
        "country": values(f"""SELECT DISTINCT d.country FROM vacancies_dutystation d
            JOIN vacancies_vacancy v ON v.id = d.vacancy_id WHERE {LISTED} ORDER BY 1"""),
        "organization": values(f"SELECT DISTINCT organization FROM vacancies_vacancy WHERE {LISTED} ORDER BY 1"),
        "sector": values(f"SELECT DISTINCT sector FROM vacancies_vacancy WHERE {LISTED} AND sector <> '' ORDER BY 1"),
        "sponsor": values(
            f"SELECT DISTINCT sponsor_country FROM vacancies_vacancy WHERE {LISTED} AND sponsor_country <> '' "
            "ORDER BY 1"
        ),
        "grade": values(f"""SELECT DISTINCT g FROM vacancies_vacancy, unnest(ARRAY[grade_min, grade_max]) g
            WHERE {LISTED} AND g <> '' ORDER BY 1"""),
        "speaks": values(f"""SELECT DISTINCT l FROM vacancies_vacancy,
            unnest(string_to_array(trim(required_languages), ' ')) l WHERE {LISTED} AND l <> '' ORDER BY 1"""),
        "experience": values(f"""SELECT DISTINCT min_experience_years FROM vacancies_vacancy
            WHERE {LISTED} AND min_experience_years IS NOT NULL ORDER BY 1"""),
        "nationality": values(f"""SELECT DISTINCT n FROM vacancies_vacancy, unnest(nationality_codes) n
            WHERE {LISTED} UNION SELECT DISTINCT sponsor_country FROM vacancies_vacancy
            WHERE {LISTED} AND sponsor_country <> '' ORDER BY 1"""),
    }
    words = values(word_sql("vacancies_vacancy", "title", LISTED, 20000))
    words += values(word_sql("vacancies_duty", "text", "true", 20000))
    facets["q"] = list(dict.fromkeys(words))
    for name, found in facets.items():
        if not found:
            raise BenchmarkError(f"no {name} values in {DATABASE}: is it generated?")
    return facets


# Parameters in the order the list's links write them (VacancyFilter's order).
ORDER = ["q", "country", "organization", "sector", "sponsor", "grade", "speaks", "experience"]
ORDER += ["nationality", "age", "degree", "sort", "page"]
DEGREES = ["bachelor", "master", "doctorate"]


def draw_url(rng, facets):
    """One list URL as a visitor might make it: browsing facets, searching, telling about themselves."""
    query = {}
    kind = rng.choices(["browse", "search", "profile", "mixed"], weights=[4, 3, 2, 2])[0]
    if kind in ("search", "mixed"):
        words = rng.sample(facets["q"], rng.choices([1, 2], weights=[3, 1])[0])
        query["q"] = [" ".join(words)]
    if kind in ("browse", "mixed") or (kind == "search" and rng.random() < 0.3):
        names = ["country", "organization", "sector", "sponsor", "grade"]
        for name in rng.sample(names, rng.choices([1, 2, 3], weights=[5, 3, 1])[0]):
            many = name == "country" and rng.random() < 0.15
            query[name] = rng.sample(facets[name], min(2 if many else 1, len(facets[name])))
    if kind in ("profile", "mixed"):
        languages = ["en"] if "en" in facets["speaks"] else []
        others = [code for code in facets["speaks"] if code not in languages]
        languages += rng.sample(others, min(len(others), rng.choices([0, 1, 2], weights=[2, 5, 2])[0]))
        about = {
            "speaks": languages,
            "experience": [str(rng.choice([*range(0, 8), *map(int, facets["experience"])]))],
            "nationality": [rng.choice(facets["nationality"])],
            "age": [str(rng.randint(23, 34))],
            "degree": [rng.choices(DEGREES, weights=[2, 6, 1])[0]],
        }
        for name in rng.sample(list(about), rng.randint(1, len(about))):
            if about[name]:
                query[name] = about[name]
    sorts = ["newest", "closing", "title"] + (["relevance"] if "q" in query else [])
    if rng.random() < 0.3:
        query["sort"] = [rng.choice(sorts)]
    page = rng.choices([1, 2, 3], weights=[7, 2, 1])[0]
    if page > 1:
        query["page"] = [str(page)]
    if not query:
        return None
    return "/?" + urlencode([(name, value) for name in ORDER for value in sorted(query.get(name, []))])


def build_urls(facets, count):
    """``count`` distinct list URLs, drawn from the facets with ``URL_SEED``."""
    rng = random.Random(URL_SEED)
    urls, attempts = {}, 0
    while len(urls) < count:
        attempts += 1
        if attempts > count * 50:
            raise BenchmarkError(f"only {len(urls):,} distinct URLs after {attempts:,} draws")
        url = draw_url(rng, facets)
        if url:
            urls.setdefault(url, None)
    return list(urls)


def shared_queries(urls):
    """How many distinct filter sets the URLs hold (the count and facets are cached by these, not by page or order)."""
    shared = set()
    for url in urls:
        pairs = [pair for pair in url[2:].split("&") if not pair.startswith(("sort=", "page="))]
        shared.add("&".join(pairs))
    return len(shared)


# wrk -----------------------------------------------------------------------------


def walk(server, urls_file, duration, connection_close=False):
    """wrk over the URL file: its output."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "--timeout", "30s"]
    if connection_close:
        command += ["-H", "Connection: close"]
    command += ["-s", str(LUA), server.url, "--", urls_file, str(THREADS)]
    return bench.run(*command, capture=True)


def longtail_line(output):
    line = next((line for line in output.splitlines() if line.startswith("longtail:")), None)
    if line is None:
        raise BenchmarkError(f"no summary from longtail.lua in wrk's output:\n{output}")
    distinct, repeated, wrong = (int(word) for word in line.split() if word.isdigit())
    return distinct, repeated, wrong


def measure(facets, before=None):
    """The bare view, then the long tail on each checkout: ``before`` (a commit's, or none), then this one."""
    urls = build_urls(facets, URLS + WARMUP_URLS)
    warmup, measured = urls[:WARMUP_URLS], urls[WARMUP_URLS:]
    say(
        f"   {len(measured):,} distinct list URLs ({shared_queries(measured):,} distinct filter sets; "
        f"{sum('q=' in u for u in measured):,} with a search, {sum('page=' in u for u in measured):,} past page 1); "
        f"{len(warmup)} others for the warm-up"
    )
    for url in measured[:3]:
        say(f"   e.g. {url}")
    checkouts = ([(f"before ({before[0]})", before[1])] if before else []) + [("this checkout", ROOT)]
    results = []
    with tempfile.TemporaryDirectory(prefix="perf-longtail-") as directory:
        warmup_file, urls_file = Path(directory, "warmup.txt"), Path(directory, "urls.txt")
        warmup_file.write_text("\n".join(warmup) + "\n")
        urls_file.write_text("\n".join(measured) + "\n")
        with bench.Server(bench.PORT + 1, settings="benchmarks.bare_settings") as bare:
            say(f"\n== bare view: wrk -t2 -c{CONNECTIONS} -d{BARE_DURATION} --latency after a {bench.WARMUP} warm-up")
            baseline = bench.load(bare.url + "/")
            rate, p50, p99 = baseline.requests_per_second, baseline.p50_ms, baseline.p99_ms
            say(f"   {rate:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        for label, root in checkouts:
            if before:  # the database's functions are code too: each checkout walks with its own
                install_database_logic(root)
            results.append((label, *walk_the_tail(label, root, warmup_file, urls_file, measured)))
    rows = [
        ("page", "req/s", "p50 ms", "p99 ms", "not 2xx", "× bare", "alone: median ms", "slowest ms"),
        ("bare view", *fmt(baseline.requests_per_second, baseline.p50_ms, baseline.p99_ms), "0", "1.00", "", ""),
    ]
    for label, (rate, p50, p99), wrong, alone in results:
        median = f"{statistics.median(t for t, _ in alone):.0f}" if alone else ""
        slowest = f"{max(t for t, _ in alone):.0f}" if alone else ""
        ratio = f"{rate / baseline.requests_per_second:.3f}"
        rows.append((f"long tail, {label}", *fmt(rate, p50, p99), str(wrong), ratio, median, slowest))
    say("")
    table(rows)


def walk_the_tail(label, root, warmup_file, urls_file, measured):
    """wrk over the URLs on the checkout at ``root``: (req/s, p50, p99), not 2xx, [(ms, URL) alone]."""
    with bench.Server(bench.PORT, root=root, DJANGO_CACHE_URL="locmem://") as app:
        say(f"\n== long tail, {label}: wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} -s benchmarks/longtail.lua")
        # The warm-up: other URLs, each once, a new connection each, so every process renders the list once.
        walk(app, str(warmup_file), f"{max(3, WARMUP_URLS // 10)}s", connection_close=True)
        output = walk(app, str(urls_file), DURATION)
        # URLs from the end of the list, which wrk did not reach: cold, one at a time.
        alone = sequential(app, measured[-SAMPLES:] if SAMPLES else [])
    distinct, repeated, wrong = longtail_line(output)
    if wrong or "Non-2xx" in output or "Socket errors" in output:
        raise BenchmarkError(f"answers that were not 2xx, or socket errors:\n{output}")
    say("   " + output.strip().replace("\n", "\n   "))
    say(f"   {distinct:,} distinct URLs requested, {repeated:,} requests repeated one ({len(measured):,} in the list)")
    if alone and distinct + len(alone) > len(measured):
        say("   (the sequential sample below overlaps the URLs wrk requested: raise URLS)")
    if alone:
        times = sorted(alone, key=lambda item: -item[0])
        median = statistics.median(t for t, _ in alone)
        say(
            f"   {len(alone)} other long-tail URLs, one at a time, cold (service time without queueing): "
            f"median {median:.0f} ms, slowest {times[0][0]:.0f} ms"
        )
        for ms, url in times[:5]:
            say(f"   {ms:7.0f} ms  {url}")
    return bench.parse_wrk(output), wrong, alone


def checkout(ref, directory):
    """A work tree of commit ``ref`` in ``directory``, its static files collected: the "before" served."""
    bench.run("git", "worktree", "add", "--detach", str(directory), ref)
    bench.run(
        bench.PYTHON,
        str(Path(directory, "manage.py")),
        "collectstatic",
        "--no-input",
        "-v0",
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    return directory


def install_database_logic(root):
    """The functions and triggers of the checkout at ``root`` (its vacancies/sql/), installed by its ``migrate``.

    Where a stored derivation differs between the two checkouts, this re-derives it for every vacancy.
    """
    env = {**os.environ, "DATABASE_URL": bench.DATABASE_URL, "DJANGO_DEBUG": "1"}
    bench.run(bench.PYTHON, str(Path(root, "manage.py")), "migrate", "--no-input", "-v0", env=env)


def sequential(server, paths):
    """(ms, path) of each path, asked once, one at a time."""
    timings = []
    for path in paths:
        started = time.perf_counter()
        bench.fetch(server.url + path)
        timings.append(((time.perf_counter() - started) * 1000, path))
    return timings


def fmt(rate, p50, p99):
    return f"{rate:,.1f}", f"{p50:.1f}", f"{p99:.1f}"


def table(rows, numeric=None):
    numeric = range(1, len(rows[0])) if numeric is None else numeric
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        say("   " + "  ".join(cells).rstrip())
        if n == 0:
            say("   " + "  ".join("-" * w for w in widths))


# --profile -------------------------------------------------------------------------


def profile(path, warm_path="/?sort=title&page=2"):
    """One uncached list request in this process: SQL query by query, template, the rest of Python."""
    import cProfile
    import pstats
    import secrets

    os.environ.update(
        DJANGO_SETTINGS_MODULE="jpoboard.settings",
        DATABASE_URL=bench.DATABASE_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CACHE_URL="locmem://",
    )
    import django

    django.setup()
    from django.db import connection
    from django.template import base as template_base
    from django.test import Client

    queries, state = [], {"template_depth": 0, "template_s": 0.0}

    def where():
        """The innermost frame of the project's code that ran a query (past cache.py's wrappers, if any)."""
        frames, frame = [], sys._getframe(2)
        while frame is not None:
            file = frame.f_code.co_filename
            if "/vacancies/" in file and "/site-packages/" not in file:
                frames.append(f"{Path(file).name}:{frame.f_lineno} {frame.f_code.co_name}")
            frame = frame.f_back
        useful = [site for site in frames if not site.startswith("cache.py")]
        return (useful or frames or ["?"])[0]

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            queries.append((seconds, where(), state["template_depth"] > 0, " ".join(sql.split())))

    # The engine's own Template: the project's backend (jpoboard/template_backend.py) renders through it too.
    render = template_base.Template.render

    def timed_render(self, *args, **kwargs):
        state["template_depth"] += 1
        started = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            state["template_depth"] -= 1
            if state["template_depth"] == 0:
                state["template_s"] += time.perf_counter() - started

    template_base.Template.render = timed_render
    client = Client()
    with connection.execute_wrapper(timed_query):
        warm = client.get(warm_path)  # imports, the connection, the compiled templates: not counted
        if warm.status_code != 200:
            raise BenchmarkError(f"{warm_path} answered {warm.status_code}")
        # As each gunicorn worker does after its first request (gunicorn.conf.py): what the process has
        # built is frozen, so that a full collection of it does not fall in the measured request.
        gc.collect()
        gc.freeze()
        queries.clear()
        state["template_s"] = 0.0
        started = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - started
    template_base.Template.render = render
    if response.status_code != 200:
        raise BenchmarkError(f"{path} answered {response.status_code}")
    # The same request again, cold again (the page, the count and the facets are forgotten), under cProfile.
    from django.core.cache import cache

    cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)

    sql_s = sum(q[0] for q in queries)
    sql_in_template = sum(q[0] for q in queries if q[2])
    template_s = state["template_s"] - sql_in_template
    say(f"\n== --profile: GET {path} ({len(response.content) / 1024:.1f} KB), uncached, in one process")
    say(f"   database {DATABASE}; production settings, page cache on (local memory) but cold; after one other request")
    rows = [("#", "ms", "share", "where", "SQL")]
    for n, (seconds, site, in_template, sql) in enumerate(sorted(queries, key=lambda q: -q[0]), 1):
        site = site + (" (template)" if in_template else "")
        rows.append((str(n), f"{seconds * 1000:.1f}", f"{seconds / total:.0%}", site, sql[:110]))
    table(rows, numeric={0, 1, 2})
    say("")
    phases = [
        ("phase", "ms", "share"),
        (f"SQL, {len(queries)} queries", f"{sql_s * 1000:.1f}", f"{sql_s / total:.0%}"),
        ("template rendering, without its SQL", f"{template_s * 1000:.1f}", f"{template_s / total:.0%}"),
        ("other Python (middleware, view, filters)", *share(total - sql_s - template_s, total)),
        ("the whole request", f"{total * 1000:.1f}", "100%"),
    ]
    table(phases)
    say("\n   The same request again under cProfile (cold again; cProfile slows Python, not SQL): by own time")
    stats = pstats.Stats(profiler)
    rows = [("own ms", "cum ms", "calls", "function")]
    entries = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:PROFILE_FUNCTIONS]
    for (file, line, name), (_, calls, own, cumulative, _) in entries:
        place = "/".join(Path(file).parts[-2:]) if file.startswith("/") else file
        rows.append((f"{own * 1000:.1f}", f"{cumulative * 1000:.1f}", f"{calls:,}", f"{place}:{line} {name}"))
    table(rows, numeric={0, 1, 2})
    say("\n   The project's own functions (vacancies/), by cumulative time")
    rows = [("own ms", "cum ms", "calls", "function")]
    ours = [item for item in stats.stats.items() if "/vacancies/" in item[0][0] and "site-packages" not in item[0][0]]
    for (file, line, name), (_, calls, own, cumulative, _) in sorted(ours, key=lambda item: -item[1][3])[:12]:
        rows.append((f"{own * 1000:.1f}", f"{cumulative * 1000:.1f}", f"{calls:,}", f"{Path(file).name}:{line} {name}"))
    table(rows, numeric={0, 1, 2})


def share(seconds, total):
    return f"{seconds * 1000:.1f}", f"{seconds / total:.0%}"


# The whole run -----------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="also profile one uncached list request")
    parser.add_argument("--profile-only", action="store_true", help="only profile one uncached list request")
    parser.add_argument(
        "--before", metavar="REF", help="also measure this commit's code in the same run (a git work tree of it)"
    )
    args = parser.parse_args()
    for tool in ("wrk", "psql", "ss"):
        if not bench.shutil.which(tool):
            raise BenchmarkError(f"{tool} is missing (Debian: apt-get install -y {tool})")
    started = time.monotonic()
    say(
        f"JPO Board long tail: {os.cpu_count()} cores (shared with wrk, PostgreSQL and whatever else runs), "
        f"load average {os.getloadavg()[0]:.2f}, database {DATABASE}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    prepare_database()
    bench.run(bench.PYTHON, "manage.py", "collectstatic", "--no-input", "-v0", env={**os.environ, "DJANGO_DEBUG": "1"})
    listed = int(bench.psql(DATABASE, f"SELECT count(*) FROM vacancies_vacancy WHERE {LISTED}"))
    say(f"   {listed:,} listed vacancies")
    if not args.profile_only:
        facets = facet_values()
        say("   values: " + ", ".join(f"{len(found)} {name}" for name, found in facets.items()))
        if args.before:
            with tempfile.TemporaryDirectory(prefix="perf-before-") as directory:
                tree = Path(directory, "checkout")
                try:
                    measure(facets, before=(args.before, checkout(args.before, tree)))
                finally:
                    bench.run("git", "worktree", "remove", "--force", str(tree))
        else:
            measure(facets)
    if args.profile or args.profile_only:
        profile(PROFILE_PATH)
    say(f"\nDone in {(time.monotonic() - started) / 60:.1f} min; load average {os.getloadavg()[0]:.2f}.")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        print(f"\nbenchmarks/longtail.py: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
