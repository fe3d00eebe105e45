"""PostgreSQL's ``ts_rank`` of a search of plain words, computed from its lexemes' postings, to the last bit.

The list orders a search by ``ts_rank`` with ``SEARCH_WEIGHTS`` and no
normalization. That rank reads nothing of a vector but the positions and
weights of the query's own lexemes, so it can be computed from each lexeme's
postings (``sql/search_documents.sql``), read in a few milliseconds, where the
database would read each match's whole vector: 250 ms for two words at 100,000
vacancies (benchmarks/README.md). The arithmetic is ``tsrank.c``'s, vectorized
over the matches with numpy: single-precision products, a double ``sqrt``, each
step of a running combination rounded to single precision, pairs of positions
in the C code's order. ``tests/test_listing.py`` holds every rank to the
database's, and ``benchmarks/ranks_outside.py`` does over 100,000 vacancies.
"""

import math

import numpy as np

from .querysets import SEARCH_WEIGHTS

MAX_POSITION = 16383  # MAXENTRYPOS - 1: a vector's positions stop there
# Each letter a position's weight may be, by its character code ("A" is 65), as a number: D 0, C 1, B 2, A 3.
CODE_OF_LETTER = np.zeros(128, dtype=np.uint8)
CODE_OF_LETTER[[ord(letter) for letter in "DCBA"]] = range(4)
WEIGHTS = np.array(SEARCH_WEIGHTS, dtype=np.float32)  # by code: the list's weights of D, C, B, A


class NotRankable(Exception):
    """A lexeme without positions: ts_rank gives it a position of its own, which these postings do not hold."""


def word_distance(distance):
    """tsrank.c's ``word_distance``: a double expression returned as a float4."""
    if distance > 100:
        return np.float32(1e-30)
    return np.float32(1.0 / (1.005 + 0.05 * math.exp(float(np.float32(distance)) / 1.5 - 2)))


DISTANCES = np.array([word_distance(d) for d in range(MAX_POSITION + 1)], dtype=np.float32)
# What a pair of positions adds to ``calc_rank_and``'s combination, by (code, code, distance), as
# tsrank.c computes it: sqrt(wpos(a) * wpos(b) * word_distance(distance)), the product in single
# precision and the square root in double, returned as a float4. One lookup a pair.
PAIR_WEIGHTS = np.sqrt(
    ((WEIGHTS[:, None] * WEIGHTS[None, :])[:, :, None] * DISTANCES[None, None, :]).astype(np.float64)
).astype(np.float32)


class Postings:
    """One lexeme's postings: the ids of the vectors holding it, in order, and each one's positions and weights.

    ``start[n]`` to ``start[n + 1]`` are the ``n``-th id's positions in ``position`` and ``code``.
    """

    def __init__(self, lexeme, ids, counts, positions, codes):
        self.lexeme = lexeme
        self.ids = ids
        self.start = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.start[1:])
        self.position = positions
        self.code = codes  # each position's weight, as a number (CODE_OF_LETTER)

    @classmethod
    def from_columns(cls, lexeme, ids, counts=None, positions=None, weights=None):
        """The postings as the database sends them: ``vacancies_search_posting``'s columns, blocks joined.

        Without ``counts`` (a search that needs no rank): the ids alone.
        """
        ids = np.frombuffer(ids, dtype=">i8").astype(np.int64)
        if counts is None:
            return cls(lexeme, ids, np.zeros(0, dtype=np.int64), None, None)
        counts = np.frombuffer(counts, dtype=">i2").astype(np.int64)
        positions = np.fromstring(positions, dtype=np.int32, sep=",") if positions else np.zeros(0, dtype=np.int32)
        codes = CODE_OF_LETTER[np.frombuffer(weights.encode("ascii"), dtype=np.uint8)]
        if len(counts) != len(ids) or len(positions) != len(codes) or counts.sum() != len(positions):
            raise ValueError(f"the postings of {lexeme!r} do not add up")
        return cls(lexeme, ids, counts, positions, codes)

    def of(self, ids):
        """(how many positions, where they start) for each of ``ids``, all of them ids of these postings."""
        at = np.searchsorted(self.ids, ids)
        return self.start[at + 1] - self.start[at], self.start[at]


def matched(postings):
    """The ids every one of ``postings`` holds: the vectors a search of all those lexemes matches."""
    ids = postings[0].ids
    for other in postings[1:]:
        ids = np.intersect1d(ids, other.ids, assume_unique=True)
    return ids


def ts_rank(postings, ids):
    """``ts_rank(SEARCH_WEIGHTS, vector, lexeme & lexeme ...)`` of the vectors of ``ids``, which hold them all."""
    if len(ids) == 0:
        return np.zeros(0, dtype=np.float32)
    unique = {p.lexeme: p for p in postings}
    # SortAndUniqItems: the query's lexemes in the order of their bytes, each once.
    ordered = [unique[lexeme] for lexeme in sorted(unique, key=str.encode)]
    for lexeme in ordered:
        if np.any(lexeme.of(ids)[0] == 0):
            raise NotRankable(lexeme.lexeme)
    return rank_all(ordered, ids) if len(ordered) > 1 else rank_one(ordered[0], ids)


def rank_one(lexeme, ids):
    """``calc_rank_or`` of one lexeme: a running sum of w/(j+1)^2 in single precision, and the first heaviest."""
    count, start = lexeme.of(ids)
    total = np.zeros(len(ids), dtype=np.float32)
    heaviest = np.full(len(ids), -1.0, dtype=np.float32)
    at = np.zeros(len(ids), dtype=np.int64)
    for j in range(int(count.max()) if len(ids) else 0):
        live = np.flatnonzero(count > j)
        weight = WEIGHTS[lexeme.code[start[live] + j]]
        total[live] = total[live] + weight / np.float32((j + 1) * (j + 1))
        heavier = weight > heaviest[live]
        heaviest[live[heavier]] = weight[heavier]
        at[live[heavier]] = j
    inner = (heaviest + total) - heaviest / ((at + 1) * (at + 1)).astype(np.float32)
    return (inner.astype(np.float64) / 1.64493406685).astype(np.float32)


def runs(starts, lengths):
    """``starts[n]``, ``starts[n] + 1``, ... ``lengths[n]`` numbers from each start, one run after another."""
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)


# A pair of positions further apart than 100 weighs 1e-30 (``word_distance``): it adds at most 1e-15,
# which leaves every running rank of 2^-24 or more as it was (every float4 from 2^-26 to 1 was tried
# with each such pair's weight, benchmarks/README.md; tests/test_listing.py tries the lowest binade
# and a million more). A rank never decreases, and is at least the weight of every pair it
# combined: after a pair of BIG or more, far pairs change nothing.
NEAR = 100
BIG = np.float32(2.0**-24)
POSITION_BITS = 15  # positions are below 2^14, and a window of NEAR either side stays below 2^15
# Every pair is generated when they are fewer than this many times the positions: finding the
# needed ones costs about that much.
ALL_PAIRS_BELOW = 4


def row_pairs(later, earlier, outer, row_doc, start_k, count_i, row_count):
    """(each pair's match, its weight): each position of ``later`` (``outer``, its match ``row_doc``)
    with the first ``row_count`` of ``earlier``'s in its match, in that order; pairs at one position,
    which count only for a lexeme without positions (never in these postings), left out."""
    a = np.repeat(outer, row_count)
    b = runs(np.repeat(start_k, count_i), row_count)
    doc = np.repeat(row_doc, row_count)
    distance = np.abs(later.position[a] - earlier.position[b])
    kept = distance != 0
    return doc[kept], PAIR_WEIGHTS[later.code[a[kept]], earlier.code[b[kept]], distance[kept]]


def all_pairs_of(later, earlier, count_i, start_i, count_k, start_k, big_before):
    """``pairs_of``, every pair: where words seldom repeat, cheaper than finding which are needed."""
    found = len(count_i)
    row_doc = np.repeat(np.arange(found), count_i)
    doc, weight = row_pairs(later, earlier, runs(start_i, count_i), row_doc, start_k, count_i, count_k[row_doc])
    big = big_before | (np.bincount(doc[weight >= BIG], minlength=found) > 0)
    return weight, np.bincount(doc, minlength=found), big


def pairs_of(later, earlier, count_i, start_i, count_k, start_k, big_before):
    """The pairs of positions of two lexemes in each match that can change its rank, in tsrank.c's order.

    tsrank.c combines every pair: each position of ``later`` in turn (the outer loop) with each
    of ``earlier``'s (the inner one), pair number ``l * count_k + p``. Of those, a match needs
    every pair up to its first of weight BIG or more (all of them when it has none, or none when
    ``big_before`` says an earlier two lexemes gave it one), and after it only the pairs within
    NEAR positions. Near pairs are found without the others: each match's positions of
    ``earlier`` are in order, so those within NEAR of a position are a range (a binary search).
    Returns (weights, pairs a match, which matches now have a big
    pair), the weights each match's together, the matches in order.
    """
    found = len(count_i)
    if (count_i * count_k).sum() <= ALL_PAIRS_BELOW * (count_i.sum() + count_k.sum()):
        return all_pairs_of(later, earlier, count_i, start_i, count_k, start_k, big_before)
    doc_i = np.repeat(np.arange(found), count_i)
    outer = runs(start_i, count_i)  # each match's positions of the later lexeme, in order
    l_index = runs(np.zeros(found, dtype=np.int64), count_i)  # each one's number within its match
    inner_all = runs(start_k, count_k)  # each match's positions of the earlier lexeme, in order
    first_k = np.cumsum(count_k) - count_k  # where each match's start in inner_all
    keys = (np.repeat(np.arange(found, dtype=np.int64), count_k) << POSITION_BITS) + earlier.position[inner_all]
    position_i = later.position[outer].astype(np.int64)
    base = doc_i.astype(np.int64) << POSITION_BITS
    low = np.searchsorted(keys, base + np.maximum(position_i - NEAR, 0))
    high = np.searchsorted(keys, base + position_i + NEAR, side="right")
    # The near pairs, in tsrank.c's order within each match.
    near_i = np.repeat(np.arange(len(outer)), high - low)
    near_k = runs(low, high - low)
    near_doc = doc_i[near_i]
    near_number = l_index[near_i] * count_k[near_doc] + (near_k - first_k[near_doc])
    distance = np.abs(position_i[near_i] - earlier.position[inner_all[near_k]])
    near_weight = PAIR_WEIGHTS[later.code[outer[near_i]], earlier.code[inner_all[near_k]], distance]
    kept = distance != 0
    near_doc, near_number, near_weight = near_doc[kept], near_number[kept], near_weight[kept]
    # Each match's first big pair (near, necessarily): every pair up to it is needed.
    is_big = near_weight >= BIG
    big_docs, first_big = np.unique(near_doc[is_big], return_index=True)
    needed = count_i * count_k  # no big pair: all of them
    needed[big_docs] = near_number[is_big][first_big] + 1
    needed[big_before] = 0
    # Those pairs, row by row (a row: one position of the later lexeme, with each of the earlier's):
    # the rows before the last needed one whole, that one in part.
    last_row, last_count = np.divmod(needed, np.maximum(count_k, 1))
    row_count = np.where(l_index < last_row[doc_i], count_k[doc_i], 0)
    row_count = np.where(l_index == last_row[doc_i], last_count[doc_i], row_count)
    prefix_doc, prefix_weight = row_pairs(later, earlier, outer, doc_i, start_k, count_i, row_count)
    # Then the near pairs after those.
    after = near_number >= needed[near_doc]  # needed is 0 where an earlier two lexemes gave a big pair
    tail_doc, tail_weight = near_doc[after], near_weight[after]
    big = big_before.copy()
    big[big_docs] = True
    docs = np.concatenate([prefix_doc, tail_doc])
    order = np.argsort(docs, kind="stable")  # each match's prefix, then its near pairs after it
    return np.concatenate([prefix_weight, tail_weight])[order], np.bincount(docs, minlength=found), big


def rank_all(lexemes, ids):
    """``calc_rank_and``: pairs of positions of two different lexemes, combined one by one in tsrank.c's order."""
    found = len(ids)
    chosen = [lexeme.of(ids) for lexeme in lexemes]
    groups = []  # (weights, pairs a match) for each two lexemes, i after k, in the C code's loops' order
    big = np.zeros(found, dtype=bool)
    for i in range(len(lexemes)):
        for k in range(i):
            weight, count, big = pairs_of(lexemes[i], lexemes[k], *chosen[i], *chosen[k], big)
            groups.append((weight, count))
    if len(groups) == 1:
        weight, count = groups[0]
    else:  # each match's pairs of the first two lexemes, then of the next two, ...: a stable sort by match
        match = np.concatenate([np.repeat(np.arange(found), count) for _, count in groups])
        weight = np.concatenate([weight for weight, _ in groups])[np.argsort(match, kind="stable")]
        count = sum(count for _, count in groups)
    start = np.cumsum(count) - count
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
