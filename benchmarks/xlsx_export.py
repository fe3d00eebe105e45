"""XLSX export throughput and memory: rows a second, and how much the process grows.

    DATABASE_URL=postgres://... python benchmarks/xlsx_export.py [--texts]

Writes the whole published export (``--status all``: every vacancy but drafts)
as a workbook to a temporary file, with the writer the HTTP response uses, and
prints the figures; memory is the process's resident set, sampled every 20 ms
while the workbook is written, and its peak (``ru_maxrss``).
"""

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # the benchmark needs no secret; DEBUG's query log is off below

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from vacancies.export import write_xlsx  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402


def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", action="store_true", help="include the full duties and qualifications")
    parser.add_argument("--status", choices=["open", "all"], default="all")
    args = parser.parse_args()
    connection.force_debug_cursor = False
    vacancies = Vacancy.objects.viewable() if args.status == "all" else Vacancy.objects.published()
    vacancies = vacancies.newest_first()
    rows = vacancies.count()
    start_memory = resident_mb()
    samples = [start_memory]
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            samples.append(resident_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as file:
        write_xlsx(vacancies, file, "http://127.0.0.1:8000/", texts=args.texts)
        size = file.tell()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    peak = max(samples)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"XLSX export{' with texts' if args.texts else ''}: {rows:,} rows, {size / 2**20:,.1f} MB in {seconds:.1f} s")
    print(
        f"  {rows / seconds:,.0f} rows/s; memory {start_memory:.0f} MB at start, peak {peak:.0f} MB "
        f"(+{peak - start_memory:.0f} MB); ru_maxrss {max_rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
