"""The list's queries on PostgreSQL, with their plans: which index each one uses.

    DATABASE_URL=postgres://.../perf python benchmarks/explain.py [--summary]

Runs the list's real code (the FilterSet, the view's paginator, the facet
counts) with its queries captured, then runs each captured statement again
under ``EXPLAIN (ANALYZE, BUFFERS)`` and prints the plan, or with
``--summary`` one line a query: execution time, the indexes it scans, any
sequential scan.
"""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # no secret needed; nothing is served

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vacancies.selectors import public_vacancies  # noqa: E402
from vacancies.views import IdsFirstPaginator, VacancyListView  # noqa: E402

# (label, query string, page): each gives the list's count and its page of ids.
LISTS = [
    ("/", "", 1),
    ("/?page=1", "page=1", 1),
    ("/?page=2000", "page=2000", 2000),
    ("search q=refugee", "q=refugee", 1),
    ("country=KE", "country=KE", 1),
    ("organization=unicef", "organization=unicef", 1),
    ("sponsor=NO", "sponsor=NO", 1),
    ("grade=P2", "grade=P2", 1),
    ("speaks=en&speaks=fr&experience=2", "speaks=en&speaks=fr&experience=2", 1),
]
# The facet counts, in the order VacancyFilter.facet_counts() runs them: the database's own answer,
# which the list takes from its index instead (vacancies/listing.py) when the index can answer.
FACETS = ["grade", "speaks", "country", "organization", "sector", "sponsor"]
FACET_QUERIES = [("facets, no filter", ""), ("facets, q=refugee", "q=refugee")]

INDEX = re.compile(r"(?:Bitmap Index Scan on|Index (?:Only )?Scan(?: Backward)? using) (\w+)")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def filterset(query):
    return public_vacancies(query=QueryDict(query))


def list_queries(query, page):
    """The count and the page of ids, exactly as the list view runs them."""
    queryset = filterset(query).qs.for_list()
    paginator = IdsFirstPaginator(queryset, VacancyListView.paginate_by)
    with CaptureQueriesContext(connection) as captured:
        list(paginator.page(page))
    count, ids = captured.captured_queries[:2]
    return [("count", count["sql"]), ("page ids", ids["sql"])]


def facet_queries(query):
    with CaptureQueriesContext(connection) as captured:
        filterset(query).facets()
    return [(name, q["sql"]) for name, q in zip(FACETS, captured.captured_queries, strict=True)]


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def summary(plan):
    time = re.search(r"Execution Time: ([\d.]+) ms", plan)
    buffers = re.search(r"Buffers: (shared [^\n]*)", plan)
    indexes = list(dict.fromkeys(INDEX.findall(plan)))
    seq_scans = list(dict.fromkeys(SEQ_SCAN.findall(plan)))
    used = f"index: {', '.join(indexes)}" if indexes else "NO INDEX"
    seq = f"; SEQ SCAN on {', '.join(seq_scans)}" if seq_scans else ""
    return f"{float(time[1]):7.1f} ms  {used}{seq}  ({buffers[1] if buffers else 'no buffers'})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="one line a query instead of the plans")
    args = parser.parse_args()
    connection.force_debug_cursor = False
    groups = [(label, list_queries(query, page)) for label, query, page in LISTS]
    groups += [(label, facet_queries(query)) for label, query in FACET_QUERIES]
    width = max(len(f"{label}: {name}") for label, queries in groups for name, _ in queries)
    for label, queries in groups:
        for name, sql in queries:
            plan = explain(sql)
            if args.summary:
                print(f"{label + ': ' + name:<{width}}  {summary(plan)}")
            else:
                print(f"=== {label}: {name}\n{sql}\n\n{plan}\n")


if __name__ == "__main__":
    main()
