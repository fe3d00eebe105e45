"""Where ``generate_vacancies`` spends its time: CPU a vacancy for each part of the load.

    DATABASE_URL=postgres://... python benchmarks/generate.py [--count 2000]

Builds ``--count`` vacancies in Python, then loads them on PostgreSQL in one
transaction that is rolled back and vacuumed away (the database keeps its
rows), timing each part alone: Python's building and COPY encoding; each
table's COPY (the vacancies' own includes their row trigger: search vector and
derived columns, then the export's cells and every index); the deferred
foreign key checks; and, re-run on the loaded rows, the search vector and the
export's cells alone. Every part is CPU-bound, so their sum over the machine's cores is the
least time 100,000 vacancies can take with this work, however it is spread.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # the benchmark needs no secret; DEBUG's query log is off below

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from vacancies.generator import load  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402

TARGET_COUNT = 100_000


def timed(work, clock=time.perf_counter):
    """Seconds ``work()`` took, and its result; Python's own parts are timed in CPU time (``time.process_time``)."""
    started = clock()
    result = work()
    return clock() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="vacancies to build and load (default 2,000)")
    args = parser.parse_args()
    connection.force_debug_cursor = False
    count = args.count
    parts = {}  # name: seconds for ``count`` vacancies

    with transaction.atomic(), connection.cursor() as cursor:  # rolled back at the end
        seconds, batches = timed(
            lambda: list(load._batches(count, 1, 2000, timezone.localdate())),
            time.process_time,
        )
        parts["Python: build the vacancies"] = seconds
        copier = load._Copier(load._models(), [], threaded=False)
        seconds, files = timed(lambda: [copier.encode(batch) for _, batch in batches], time.process_time)
        parts["Python: encode for COPY"] = seconds
        cursor.execute(load.BULK_LOAD)
        with connection.connection.cursor() as raw:
            for batch_files in files:
                for sql, data in batch_files:
                    table = sql.split()[1]
                    triggers = " (with its triggers)" if table == "vacancies_vacancy" else ""
                    name = f"PostgreSQL: COPY {table}{triggers}"
                    seconds, _ = timed(lambda sql=sql, data=data: raw.copy_expert(sql, io.StringIO(data)))
                    parts[name] = parts.get(name, 0) + seconds
        parts["PostgreSQL: foreign key checks"], _ = timed(lambda: cursor.execute("SET CONSTRAINTS ALL IMMEDIATE"))
        ids = [row["id"] for _, batch in batches for row in batch[Vacancy]]
        vector, _ = timed(
            lambda: cursor.execute(
                "SELECT count(vacancies_search_vector(v)) FROM vacancies_vacancy v WHERE id = ANY(%s)",
                [ids],
            )
        )
        cells, _ = timed(lambda: cursor.execute("SELECT vacancies_refresh_export_rows(%s::bigint[])", [ids]))
        transaction.set_rollback(True)
    # The rolled-back rows are dead rows now: vacuum them, or the list's counts lose their index-only scans.
    with connection.cursor() as cursor:
        for model in load._models():
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        cursor.execute("VACUUM ANALYZE vacancies_export_row")

    cores = os.cpu_count()
    total = sum(parts.values())
    print(f"generate_vacancies, {count:,} vacancies, CPU a vacancy:")
    for name, seconds in parts.items():
        print(f"  {name:<58} {seconds / count * 1000:6.2f} ms")
    print(f"  {'total':<58} {total / count * 1000:6.2f} ms")
    print("  within the vacancies' COPY:")
    print(f"    {'the search vector alone (vacancies_search_vector)':<56} {vector / count * 1000:6.2f} ms")
    print(f"    {'the export cells alone (vacancies_refresh_export_rows)':<56} {cells / count * 1000:6.2f} ms")
    floor = total / count * TARGET_COUNT / cores
    print(
        f"{TARGET_COUNT:,} vacancies need {total / count * TARGET_COUNT:,.0f} s of CPU: at least {floor:,.0f} s "
        f"on {cores} cores; the search vectors alone {vector / count * TARGET_COUNT / cores:,.0f} s"
    )


if __name__ == "__main__":
    main()
