"""CSV export throughput and memory: rows a second, and how much the process grows.

    DATABASE_URL=postgres://... python benchmarks/csv_export.py [--texts]

Streams the whole published export (the same generator the HTTP response
streams) into a byte counter and prints the figures; memory is the process's
resident set, sampled after every chunk of rows.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # the benchmark needs no secret; DEBUG's query log is off below

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from vacancies.export import csv_chunks  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402


def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", action="store_true", help="include the full duties and qualifications")
    args = parser.parse_args()
    connection.force_debug_cursor = False
    vacancies = Vacancy.objects.published().newest_first()
    rows = vacancies.count()
    start_memory = peak_memory = resident_mb()
    started = time.perf_counter()
    size = 0
    for text in csv_chunks(vacancies, "http://127.0.0.1:8000/", texts=args.texts):
        size += len(text.encode())
        peak_memory = max(peak_memory, resident_mb())
    seconds = time.perf_counter() - started
    print(f"CSV export{' with texts' if args.texts else ''}: {rows:,} rows, {size / 2**20:,.1f} MB in {seconds:.1f} s")
    print(
        f"  {rows / seconds:,.0f} rows/s; memory {start_memory:.0f} MB at start, peak {peak_memory:.0f} MB "
        f"(+{peak_memory - start_memory:.0f} MB)"
    )


if __name__ == "__main__":
    main()
