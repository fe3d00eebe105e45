"""Are the list's ranks, computed outside PostgreSQL from each lexeme's postings, the database's? And how fast?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_longtail_100k .venv/bin/python benchmarks/ranks_outside.py
    ... benchmarks/ranks_outside.py legislation point      # the words of one search

A search of plain words is matched and ranked from its lexemes' postings
(``vacancies_search_posting``, ``sql/search_documents.sql``): the list reads
them with ``vacancies_search`` and computes ``ts_rank`` with the list's weights
in numpy (``vacancies/ranks.py``, tsrank.c's float arithmetic). For each search
this reads the postings as the list does, finds the matches and their ranks,
and compares both with the database's own ``@@`` and ``ts_rank`` of the whole
vectors, rank by rank, to the last bit. It prints the matches, how many ranks
differ (the point: none may), the time the postings took to read and parse,
and the time numpy took to rank; it fails when any match or rank differs.
"""

import os
import sys
import time
from pathlib import Path

import numpy as np
import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
django.setup()

from vacancies import ranks  # noqa: E402
from vacancies.listing import joined_postings  # noqa: E402
from vacancies.querysets import SEARCH_WEIGHTS  # noqa: E402

SEARCHES = ["legislation", "programme", "legislation point", "dialogue youth", "evaluation meeting"]
SEARCHES += ["human rights", "data monitoring reporting", "data", "field nationally", "provide united"]


def measure(cursor, text):
    started = time.perf_counter()
    cursor.execute(
        "SELECT word, block, vacancy_id, found_ids, found_counts, found_positions, found_weights"
        " FROM vacancies_search(websearch_to_tsquery('english', %s), %s::real[], NULL, 0, true)",
        [text, SEARCH_WEIGHTS],
    )
    rows = cursor.fetchall()
    if not rows or rows[0][0] is None:
        raise SystemExit(f"{text!r} is not a search of plain words")
    postings = [ranks.Postings.from_columns(*columns) for columns in joined_postings(rows)]
    read = time.perf_counter() - started
    started = time.perf_counter()
    ids = ranks.matched(postings)
    computed = ranks.ts_rank(postings, ids)
    took = time.perf_counter() - started
    cursor.execute(
        "SELECT vacancy_id, ts_rank(%s::real[], search_vector, websearch_to_tsquery('english', %s))"
        " FROM vacancies_search_document WHERE search_vector @@ websearch_to_tsquery('english', %s) ORDER BY 1",
        [SEARCH_WEIGHTS, text, text],
    )
    expected = cursor.fetchall()
    expected_ids = np.array([row[0] for row in expected], dtype=np.int64)
    expected_ranks = np.array([row[1] for row in expected], dtype=np.float32)
    if not np.array_equal(expected_ids, ids):
        raise SystemExit(f"{text}: the postings' matches are not the database's ({len(ids)} vs {len(expected_ids)})")
    differ = int(np.count_nonzero(computed != expected_ranks))
    print(
        f"{text:28} {len(ids):8,} matches  {differ} ranks differ  numpy {took * 1000:6.1f} ms"
        f"  (postings read and parsed in {read * 1000:,.1f} ms)"
    )
    return differ


def main():
    searches = [" ".join(sys.argv[1:])] if len(sys.argv) > 1 else SEARCHES
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/perf_longtail_100k")
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SET jit = off")
        differ = sum(measure(cursor, text) for text in searches)
    print(f"{differ} ranks differ from the database's in all" if differ else "every rank is the database's, exactly")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
