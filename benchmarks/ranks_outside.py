"""Can a search's ranks be computed outside PostgreSQL, exactly, and how fast? (issue 16, the next step)

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_longtail_100k .venv/bin/python benchmarks/ranks_outside.py
    ... benchmarks/ranks_outside.py legisl point      # the words of one search, as lexemes

A search of two words whose lexemes fall in two parts of the vectors is ranked
from the whole vectors (``sql/search_ranks.sql``): 250 ms for 58,393 matches
at 100,000 vacancies, the long tail's slowest hundredth. ``ts_rank`` itself is
not the cost: over vectors cut down to the two lexemes it takes 16 ms; reading
4.8 kB vectors out of line is (benchmarks/README.md, 2026-12-07). Stored apart,
each lexeme's positions would be a few milliseconds' read; the ranks would then
have to be computed from them outside the database, and be the database's to
the last bit, since the list orders by them.

This measures that second half. For each search (a list of lexemes, ANDed, as
a search of plain words is), it reads each lexeme's positions and weights from
the parts of the vectors (slowly: that is the half a stored layout would do),
computes ``ts_rank`` with the list's weights in numpy, vectorized over the
matches, with the float arithmetic of PostgreSQL's ``tsrank.c``
(``calc_rank_or`` for one lexeme, ``calc_rank_and`` for several: single-precision
products, a double ``sqrt``, each step of the running combination rounded to
single precision, pairs of positions in the C code's order), and compares each
rank with ``ts_rank`` of the whole vector. It prints, per search, the matches,
how many ranks differ (the point: none may), the time numpy took, and the time
the positions took to read this way.
"""

import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vacancies.querysets import SEARCH_WEIGHTS  # noqa: E402  (the list's weights: D, C, B, A)

WEIGHTS = dict(zip("DCBA", SEARCH_WEIGHTS, strict=True))  # by the letter PostgreSQL writes
SEARCHES = [["legisl"], ["programm"], ["legisl", "point"], ["dialogu", "youth"], ["evalu", "perspect"]]
SEARCHES += [["evalu", "meet"], ["data", "monitor", "report"]]
MAX_POSITION = 16383  # MAXENTRYPOS - 1


def quoted(lexeme):
    """``lexeme`` as a tsquery's operand: quoted, its quotes and backslashes doubled."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def word_distance(distance):
    """tsrank.c's ``word_distance``: a double expression returned as a float4."""
    if distance > 100:
        return np.float32(1e-30)
    return np.float32(1.0 / (1.005 + 0.05 * math.exp(float(np.float32(distance)) / 1.5 - 2)))


DISTANCES = np.array([word_distance(d) for d in range(MAX_POSITION + 1)], dtype=np.float32)


class Positions:
    """One lexeme's matches: their ids in order, and each one's positions and weights (offsets into flat arrays)."""

    def __init__(self, cursor, lexeme):
        cursor.execute(
            "SELECT p.vacancy_id, u.positions, u.weights FROM vacancies_search_part p, unnest(p.search_vector) u"
            " WHERE p.part = vacancies_search_part(%s) AND p.search_vector @@ %s::tsquery AND u.lexeme = %s"
            " ORDER BY 1",
            [lexeme, quoted(lexeme), lexeme],
        )
        rows = cursor.fetchall()
        self.ids = np.array([row[0] for row in rows], dtype=np.int64)
        counts = np.array([len(row[1]) for row in rows], dtype=np.int64)
        self.start = np.concatenate([[0], np.cumsum(counts)])
        self.position = np.array([p for row in rows for p in row[1]], dtype=np.int32)
        self.weight = np.array([WEIGHTS[w] for row in rows for w in row[2]], dtype=np.float32)

    def of(self, ids):
        """(how many positions, where they start) for each of ``ids``, all of them matches of this lexeme."""
        at = np.searchsorted(self.ids, ids)
        return self.start[at + 1] - self.start[at], self.start[at]


def rank_one(lexeme, ids):
    """``calc_rank_or`` of one lexeme: a running sum of w/(j+1)^2 in single precision, and the first heaviest."""
    count, start = lexeme.of(ids)
    total = np.zeros(len(ids), dtype=np.float32)
    heaviest = np.full(len(ids), -1.0, dtype=np.float32)
    at = np.zeros(len(ids), dtype=np.int64)
    for j in range(int(count.max()) if len(ids) else 0):
        live = np.flatnonzero(count > j)
        weight = lexeme.weight[start[live] + j]
        total[live] = total[live] + weight / np.float32((j + 1) * (j + 1))
        heavier = weight > heaviest[live]
        heaviest[live[heavier]] = weight[heavier]
        at[live[heavier]] = j
    inner = (heaviest + total) - heaviest / ((at + 1) * (at + 1)).astype(np.float32)
    return (inner.astype(np.float64) / 1.64493406685).astype(np.float32)


def rank_all(lexemes, ids):
    """``calc_rank_and``: every pair of positions of two different lexemes, combined one by one in tsrank.c's order."""
    found = len(ids)
    chosen = [lexeme.of(ids) for lexeme in lexemes]
    documents, steps, weights = [], [], []
    before = np.zeros(found, dtype=np.int64)  # the pairs of earlier (i, k) for each match
    for i in range(len(lexemes)):
        count_i, start_i = chosen[i]
        for k in range(i):
            count_k, start_k = chosen[k]
            pairs = count_i * count_k
            document = np.repeat(np.arange(found), pairs)
            within = np.arange(len(document)) - np.repeat(np.cumsum(pairs) - pairs, pairs)
            per_l = np.repeat(count_k, pairs)
            a, b = start_i[document] + within // per_l, start_k[document] + within % per_l
            distance = np.abs(lexemes[i].position[a] - lexemes[k].position[b])
            kept = distance != 0  # the same position counts only for a lexeme without positions
            product = (lexemes[i].weight[a] * lexemes[k].weight[b]) * DISTANCES[distance]
            weight = np.sqrt(product.astype(np.float64)).astype(np.float32)
            documents.append(document[kept])
            steps.append(before[document[kept]] + within[kept])
            weights.append(weight[kept])
            before = before + pairs
    document, step, weight = np.concatenate(documents), np.concatenate(steps), np.concatenate(weights)
    order = np.lexsort((step, document))
    document, weight = document[order], weight[order]
    count = np.bincount(document, minlength=found)
    start = np.concatenate([[0], np.cumsum(count)])[:-1]
    # Step t combines each match's t-th pair: the matches with the most pairs first, so that those
    # still combining at step t are the first of them (a slice), and the steps cost the pairs.
    most = np.argsort(-count, kind="stable")
    count, start = count[most], start[most]
    combined = np.full(found, -1.0, dtype=np.float64)
    combined[count > 0] = weight[start[count > 0]]
    for t in range(1, int(count[0]) if found else 0):
        live = int(np.searchsorted(-count, -t, side="left"))  # how many have more than t pairs
        step_weight = weight[start[:live] + t].astype(np.float64)
        combined[:live] = (1.0 - (1.0 - combined[:live]) * (1.0 - step_weight)).astype(np.float32)
    rank = np.empty(found, dtype=np.float32)
    rank[most] = combined.astype(np.float32)
    rank[rank < 0] = np.float32(1e-20)  # calc_rank: no pair at all
    return rank


def measure(cursor, lexemes):
    lexemes = sorted(lexemes, key=str.encode)  # SortAndUniqItems: by bytes, then length
    started = time.perf_counter()
    positions = [Positions(cursor, lexeme) for lexeme in lexemes]
    read = time.perf_counter() - started
    ids = positions[0].ids
    for other in positions[1:]:
        ids = np.intersect1d(ids, other.ids, assume_unique=True)
    query = " & ".join(map(quoted, lexemes))
    cursor.execute(
        "SELECT vacancy_id, ts_rank(%s::real[], search_vector, %s::tsquery) FROM vacancies_search_document"
        " WHERE search_vector @@ %s::tsquery ORDER BY 1",
        [SEARCH_WEIGHTS, query, query],
    )
    rows = cursor.fetchall()
    expected_ids = np.array([row[0] for row in rows], dtype=np.int64)
    expected = np.array([row[1] for row in rows], dtype=np.float32)
    if not np.array_equal(expected_ids, ids):
        raise SystemExit(f"{query}: the positions' matches are not the database's ({len(ids)} vs {len(expected_ids)})")
    started = time.perf_counter()
    ranks = rank_all(positions, ids) if len(positions) > 1 else rank_one(positions[0], ids)
    computed = time.perf_counter() - started
    differ = int(np.count_nonzero(ranks != expected))
    print(
        f"{query:32} {len(ids):8,} matches  {differ} ranks differ  numpy {computed * 1000:6.1f} ms"
        f"  (positions read from the parts in {read * 1000:,.0f} ms)"
    )
    return differ


def main():
    searches = [sys.argv[1:]] if len(sys.argv) > 1 else SEARCHES
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/perf_longtail_100k")
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SET jit = off")
        differ = sum(measure(cursor, lexemes) for lexemes in searches)
    print(f"{differ} ranks differ from the database's in all" if differ else "every rank is the database's, exactly")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
