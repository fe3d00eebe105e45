"""The list's count, filter counts and page order, from an index of the listed vacancies in each process.

An uncached list request used to ask the database seven times over the same
filtered set: the count and one query for each filter's counts, each of them
evaluating the whole filter (and a search) again (benchmarks/README.md, issue
16). ``ListingIndex`` holds what those queries read of every listed vacancy,
as numpy columns: a filter is a boolean mask, a filter's counts a ``bincount``
over the vacancies of the other filters, a page the first positions of an order
the database computed. PostgreSQL stays the one source of truth:

- the index is read from it in one statement (``ListingIndex.read``): the
  listed vacancies (``public_scope()``), their positions in each order
  (``querysets.ORDERS``, so that the database's collation orders the titles),
  and the data version of that same snapshot;
- it is keyed by that data version and today's date and read again, in each
  process, when either changes, as the page cache is;
- a search is the database's: ``search()`` takes the ids (and ranks) that
  PostgreSQL's own full-text query matched, or, for a search of plain words,
  that its lexemes' postings in PostgreSQL give, with the ranks ``ts_rank``
  would (``matches``, ``ranks.py``), and the index only counts and orders them;
- a query the index cannot answer exactly as the database would (a
  case-insensitive match of letters beyond ASCII, where PostgreSQL's ``upper``
  depends on its collation) answers ``None``, and the list asks the database
  as before.

``VacancyFilter.facet_counts()`` and the FilterSet's ``.qs`` are the database's
answers to the same questions; ``tests/test_listing.py`` holds the index to
them over 600 generated queries.
"""

import fcntl
import hashlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection, connections, transaction
from django.db.models import Q, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from . import ranks
from .eligibility import degrees_at_most
from .models import DataVersion, Grade, SearchDocument
from .querysets import ORDERS, SEARCH_WEIGHTS, full_text_query
from .selectors import public_scope

# What the index reads of each listed vacancy.
COLUMNS = ("pk", "newest_at", "closing_at", "title_at", "organization", "sector", "sponsor_country", "grade_min")
COLUMNS += ("grade_max", "required_languages", "min_experience_years", "nationality_codes", "age_limit")
COLUMNS += ("required_degree", "in_lieu_degree", "in_lieu_years", "station_countries")
# The filters with options, each counted over the vacancies of the others (``VacancyFilter.facets``).
FACETS = ("country", "organization", "sector", "sponsor", "grade", "speaks")
NONE = -1  # a number the ToR does not state (no minimum, no age limit, no years in lieu)
# Ranks by id when a search's pages need fewer than this share of its matches ranked, else all at once.
RANK_BY_ID_BELOW = 0.4
# Ranks every match from its whole part when they are more than this share of the part's rows, else by id.
PART_SCAN_SHARE = 0.3
SEARCHES_KEPT = 64  # searches remembered per index: what each matched, and the ranks asked for


class Codes:
    """Strings as small numbers: ``codes[i]`` is the position in ``values`` of row ``i``'s string."""

    def __init__(self, strings):
        numbers = {}
        self.codes = np.fromiter((numbers.setdefault(s, len(numbers)) for s in strings), np.int32, len(strings))
        self.values = list(numbers)
        self.number = numbers

    def matching(self, test):
        """The codes of the values for which ``test(value)`` holds."""
        return np.array([n for n, value in enumerate(self.values) if test(value)], dtype=np.int32)

    def rows_with(self, codes):
        """A mask of the rows whose value has one of these codes: a lookup table, not a search."""
        table = np.zeros(len(self.values) + 1, dtype=bool)
        table[codes] = True
        return table[self.codes]

    def counts(self, rows):
        """{value: how many of ``rows`` (a boolean mask) have it}, for the values some row has.

        When most rows are kept, those left out are fewer to count: the counts are every row's less theirs.
        """
        if np.count_nonzero(rows) > len(rows) // 2:
            counted = self.totals - np.bincount(self.codes[~rows], minlength=len(self.values))
        else:
            counted = np.bincount(self.codes[rows], minlength=len(self.values))
        return {self.values[n]: int(counted[n]) for n in np.flatnonzero(counted)}

    @cached_property
    def totals(self):
        """How many rows have each value."""
        return np.bincount(self.codes, minlength=len(self.values))

    def arrays(self, name):
        return {f"{name}.codes": self.codes, f"{name}.values": np.array(self.values, dtype=str)}

    @classmethod
    def from_arrays(cls, arrays, name):
        codes = cls.__new__(cls)
        codes.codes = arrays[f"{name}.codes"]
        codes.values = arrays[f"{name}.values"].tolist()
        codes.number = {value: n for n, value in enumerate(codes.values)}
        return codes


class Pairs:
    """A column of lists (a vacancy's duty-station countries, its required languages, its nationalities)."""

    def __init__(self, lists):
        self.rows = np.repeat(np.arange(len(lists), dtype=np.int32), [len(items) for items in lists])
        self.items = Codes([item for items in lists for item in items])

    def rows_with(self, values, size):
        """A mask of the rows holding any of ``values``."""
        wanted = self.items.rows_with([self.items.number[v] for v in values if v in self.items.number])
        mask = np.zeros(size, dtype=bool)
        mask[self.rows[wanted]] = True
        return mask

    def counts(self, rows):
        """{value: how many of ``rows`` (a boolean mask) hold it}."""
        return self.items.counts(rows[self.rows])

    def arrays(self, name):
        return {f"{name}.rows": self.rows, **self.items.arrays(f"{name}.items")}

    @classmethod
    def from_arrays(cls, arrays, name):
        pairs = cls.__new__(cls)
        pairs.rows = arrays[f"{name}.rows"]
        pairs.items = Codes.from_arrays(arrays, f"{name}.items")
        return pairs


def numbers(values):
    """Whole numbers, ``NONE`` for a number not stated."""
    return np.fromiter((NONE if v is None else v for v in values), np.int32, len(values))


class NotExact(Exception):
    """The index cannot answer this query exactly as the database would."""


@contextmanager
def local_settings(using, **settings):
    """A cursor with these PostgreSQL settings for what it runs, then the earlier ones again.

    In a transaction of its own, or the caller's (a test's): there the settings would outlast
    the statement, so they are put back. Two statements, however many settings.
    """
    names = list(settings)
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        calls = ", ".join(["current_setting(%s), set_config(%s, %s, true)"] * len(names))
        cursor.execute(f"SELECT {calls}", [part for name in names for part in (name, name, settings[name])])
        earlier = cursor.fetchone()[::2]
        yield cursor
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
            [part for name, value in zip(names, earlier, strict=True) for part in (name, value)],
        )


def matches(text, *, ranked=False, ids=None):
    """(the ids the full-text search ``text`` matches, their ranks or ``None``), as numpy arrays.

    One statement, ``vacancies_search`` (``sql/search_ranks.sql``). A search of plain words
    comes back as its lexemes' postings (``sql/search_documents.sql``): the matches are the ids
    that hold every lexeme, their ranks ``ts_rank`` with the list's weights computed from the
    positions (``ranks.py``), a few milliseconds where reading each match's whole vector took
    hundreds at 100,000 vacancies (benchmarks/README.md). Any other search (OR, a phrase, a
    negated word) comes back matched and ranked by the database: its GIN index on
    ``SearchDocument``'s narrow rows, which the planner would pass over for a common word (the
    setting below), and ``vacancies_search_ranks``. ``ids``: only these vacancies are needed (a
    search of plain words answers every match all the same: it costs no more). Ids and ranks come
    as one value of their binary forms each, which numpy reads.
    """
    query = full_text_query(text)
    documents = SearchDocument.objects.order_by()
    compiler = documents.query.get_compiler(documents.db)
    query_sql, query_params = compiler.compile(query.resolve_expression(documents.query))
    with local_settings(documents.db, enable_seqscan="off", jit="off") as cursor:
        cursor.execute(
            "SELECT word, block, vacancy_id, found_ids, found_counts, found_positions, found_weights, found_ranks"
            f" FROM vacancies_search({query_sql}, %s::real[], %s::bigint[], %s, %s)",
            [*query_params, SEARCH_WEIGHTS, ids, PART_SCAN_SHARE, ranked],
        )
        rows = cursor.fetchall()
    if rows and rows[0][0] is None:  # matched (and ranked) by the database
        return decoded(rows[0][3], rows[0][7])
    postings = [ranks.Postings.from_columns(*columns) for columns in joined_postings(rows)]
    found = ranks.matched(postings) if postings else np.zeros(0, dtype=np.int64)
    if not ranked:
        return found, None
    try:
        return found, ranks.ts_rank(postings, found)
    except ranks.NotRankable:  # a lexeme without positions (never in the list's vectors): the database's
        return database_ranks(query_sql, query_params, ids)


def joined_postings(rows):
    """Each lexeme's postings, as ``Postings.from_columns`` takes them, from ``vacancies_search``'s rows.

    A row is a block of a lexeme's postings (or one vacancy's, for a stale block), in no order;
    a lexeme without any is one row of ``None``. Each lexeme's rows go in the order of their
    blocks, then of their vacancies, and are joined.
    """
    by_word = {}
    for word, block, vacancy_id, *columns in rows:
        by_word.setdefault(word, [])
        if block is not None:
            by_word[word].append((block, vacancy_id, *columns))
    for word, blocks in by_word.items():
        blocks.sort(key=lambda row: row[:2])
        ids = b"".join(row[2] for row in blocks)
        if not blocks or blocks[0][3] is None:  # only the ids were asked for (or none found)
            yield word, ids, None, None, None
        else:
            yield (
                word,
                ids,
                b"".join(row[3] for row in blocks),
                ",".join(row[4] for row in blocks if row[4]),
                "".join(row[5] for row in blocks),
            )


PLAIN_WORDS = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")


def plain_words(text):
    """Whether ``text`` is words and spaces alone (no quotes, no minus, no OR): most likely answered from postings.

    The database decides (``vacancies_search_and_lexemes``); this only chooses what to ask it.
    """
    text = text.strip()
    return bool(PLAIN_WORDS.fullmatch(text)) and "or" not in text.lower().split()


def database_ranks(query_sql, query_params, ids):
    """(ids, ranks) of a search as ``vacancies_search_ranks`` reads them from the vectors."""
    with local_settings(SearchDocument.objects.db, enable_seqscan="off", jit="off") as cursor:
        cursor.execute(
            "SELECT coalesce(string_agg(int8send(vacancy_id), ''), ''::bytea),"
            " coalesce(string_agg(float4send(rank), ''), ''::bytea)"
            f" FROM vacancies_search_ranks({query_sql}, %s::real[], %s::bigint[], %s)",
            [*query_params, SEARCH_WEIGHTS, ids, PART_SCAN_SHARE],
        )
        return decoded(*cursor.fetchone())


def decoded(found, found_ranks):
    """(ids, ranks or ``None``) from their binary forms (big-endian, as PostgreSQL sends them)."""
    ids = np.frombuffer(found, dtype=">i8").astype(np.int64)
    return ids, None if found_ranks is None else np.frombuffer(found_ranks, dtype=">f4").astype(np.float32)


@dataclass
class Search:
    """What one search matched (a mask by position) and the ranks asked for so far (NaN: not yet)."""

    text: str
    matched: np.ndarray
    ranks: np.ndarray | None = None  # PostgreSQL's ranks are single-precision floats: float32 holds them exactly


@dataclass
class Answer:
    """What the list shows of one query: how many, each filter's counts, and the page's ids."""

    count: int
    counts: dict
    index: "ListingIndex"
    rows: np.ndarray  # the positions of the vacancies kept
    ranks: np.ndarray | None  # their ranks, when ordered by the best match
    sort: str

    def page_ids(self, bottom, top):
        """The ids of the vacancies ``bottom`` to ``top`` (exclusive) in the query's order."""
        return self.index.ordered_ids(self.rows, self.ranks, self.sort, top)[bottom:top]


class ListingIndex:
    """The listed vacancies as of one data version and day, column by column (see the module's docstring)."""

    # Its columns besides the orders' positions: (name, kind), kind a numpy array (None), a column of
    # strings (Codes) or a column of lists (Pairs).
    COLUMNS_HELD = [("ids", None), ("organization", Codes), ("sector", Codes), ("sponsor", Codes)]
    COLUMNS_HELD += [("grade_min", Codes), ("grade_max", Codes), ("languages", Pairs), ("experience", None)]
    COLUMNS_HELD += [("nationalities", Pairs), ("open_to_all", None), ("age_limit", None), ("degree", Codes)]
    COLUMNS_HELD += [("in_lieu_degree", Codes), ("in_lieu_years", None), ("countries", Pairs)]

    def __init__(self, key, positions, columns):
        """The index of ``positions`` ({order: each vacancy's position}) and ``columns`` (``COLUMNS_HELD``)."""
        self.key = key
        self.positions = positions
        for name, _ in self.COLUMNS_HELD:
            setattr(self, name, columns[name])
        self.size = len(self.ids)
        self.open_at = {grade: self.grade_mask(grade) for grade in Grade.values}
        self.searches = OrderedDict()
        self.lock = threading.Lock()

    @classmethod
    def from_rows(cls, key, rows):
        """The index of the rows ``read`` fetched (``COLUMNS``)."""
        column = dict(zip(COLUMNS, zip(*rows, strict=True) if rows else [()] * len(COLUMNS), strict=True))
        size = len(rows)
        positions = {name: np.array(column[f"{name}_at"], dtype=np.int32) for name in ORDERS}
        columns = {
            "ids": np.array(column["pk"], dtype=np.int64),
            "organization": Codes(column["organization"]),
            "sector": Codes(column["sector"]),
            "sponsor": Codes(column["sponsor_country"]),
            "grade_min": Codes(column["grade_min"]),
            "grade_max": Codes(column["grade_max"]),
            "languages": Pairs([text.split() for text in column["required_languages"]]),
            "experience": numbers(column["min_experience_years"]),
            "nationalities": Pairs(column["nationality_codes"]),
            "open_to_all": np.fromiter((not codes for codes in column["nationality_codes"]), bool, size),
            "age_limit": numbers(column["age_limit"]),
            "degree": Codes(column["required_degree"]),
            "in_lieu_degree": Codes(column["in_lieu_degree"]),
            "in_lieu_years": numbers(column["in_lieu_years"]),
            "countries": Pairs(column["station_countries"]),
        }
        return cls(key, positions, columns)

    def arrays(self):
        """Everything the index holds, as named numpy arrays (``from_arrays`` reads them back)."""
        arrays = {f"{name}_at": positions for name, positions in self.positions.items()}
        for name, kind in self.COLUMNS_HELD:
            column = getattr(self, name)
            arrays.update({name: column} if kind is None else column.arrays(name))
        return arrays

    @classmethod
    def from_arrays(cls, key, arrays):
        positions = {name: arrays[f"{name}_at"] for name in ORDERS}
        columns = {
            name: arrays[name] if kind is None else kind.from_arrays(arrays, name) for name, kind in cls.COLUMNS_HELD
        }
        return cls(key, positions, columns)

    # Reading ------------------------------------------------------------------

    @classmethod
    def read(cls):
        """The index of the listed vacancies as the database holds them now: one statement, one snapshot.

        Read without Django's converters (this is the one place that reads every listed vacancy),
        with room to sort in memory and without JIT compilation, which costs more than it saves here.
        """
        today = timezone.localdate()
        queryset = (
            public_scope()
            .order_by("pk")  # the index holds them in this order: positions_of is a binary search
            .annotate(
                station_countries=ArrayAgg(
                    "duty_stations__country",
                    distinct=True,
                    filter=Q(duty_stations__isnull=False),  # a vacancy without one: [], not [None]
                    default=Value([]),
                ),
                **{f"{name}_at": Window(RowNumber(), order_by=list(order)) for name, order in ORDERS.items()},
                version=Subquery(DataVersion.objects.filter(pk=1).values("version")),
            )
            .values_list(*COLUMNS, "version")
        )
        sql, params = queryset.query.sql_with_params()
        with local_settings(queryset.db, jit="off", work_mem="64MB") as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        version = rows[0][-1] if rows else None
        if version is None:  # nothing listed: the version is read on its own
            version = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        return cls.from_rows(index_key(version or 0, today), [row[:-1] for row in rows])

    # Filters ------------------------------------------------------------------

    def mask(self, name, value, cleaned):
        """The vacancies ``VacancyFilter``'s filter ``name`` keeps for ``value``; ``None`` when it keeps them all.

        Each one is the index's reading of the QuerySet method the filter calls (``querysets.py``).
        """
        if value in (None, "", []) or name in ("q", "sort"):
            return None
        if name == "country":  # in_countries
            return self.countries.rows_with(value, self.size)
        if name in ("organization", "sector", "sponsor"):  # iexact: upper(column) = upper(value)
            return getattr(self, name).rows_with(self.same_letters(getattr(self, name), value))
        if name == "grade":  # open_at: grade_min <= grade <= grade_max, and a grade is stated
            return self.open_at[value]
        if name == "speaks":  # for_speaker: every required language among those spoken
            not_spoken = [code for code in self.languages.items.values if code not in value]
            return ~self.languages.rows_with(not_spoken, self.size)
        if name == "experience":  # requires_at_most
            return (self.experience == NONE) | (self.experience <= value)
        if name == "nationality":  # open_to_nationals
            return self.open_to_all | self.nationalities.rows_with(value, self.size)
        if name == "age":  # open_at_age
            return (self.age_limit == NONE) | (self.age_limit >= value)
        if name == "degree":  # open_to_degree, with the candidate's years for the route in lieu
            held = degrees_at_most(value)
            meets = self.degree.rows_with(self.degree.matching(lambda d: d == "" or d in held))
            in_lieu = self.in_lieu_degree.rows_with(self.in_lieu_degree.matching(lambda d: d in held))
            experience = cleaned.get("experience")
            if experience is not None:
                minimum = np.where(self.experience == NONE, 0, self.experience)
                in_lieu &= (self.in_lieu_years == NONE) | (self.in_lieu_years <= experience - minimum)
            return meets | in_lieu
        raise ValueError(f"the listing index has no filter {name!r}")

    def grade_mask(self, grade):
        """``open_at(grade)``: grade_min <= grade <= grade_max, and a grade is stated."""
        low = self.grade_min.rows_with(self.grade_min.matching(lambda g: g != "" and g <= grade))
        return low & self.grade_max.rows_with(self.grade_max.matching(lambda g: g >= grade))

    @staticmethod
    def same_letters(column, value):
        """The codes of ``column``'s values equal to ``value`` but for case, as PostgreSQL's ``upper`` compares them.

        Python's ``upper`` is PostgreSQL's for ASCII letters only; beyond them the database's
        collation decides ("ı" is "I" in some, itself in others), so the database answers.
        """
        same = column.matching(lambda text: text.upper() == value.upper())
        if not value.isascii() or any(not column.values[code].isascii() for code in same):
            raise NotExact(value)
        return same

    # Answers ------------------------------------------------------------------

    def answer(self, filterset):
        """The ``Answer`` to ``filterset``'s query (a ``VacancyFilter``), or ``None`` when the database must."""
        cleaned = filterset.cleaned
        sort = filterset.sort_order
        masks = {}
        try:
            for name, value in cleaned.items():
                mask = self.mask(name, value, cleaned)
                if mask is not None:
                    masks[name] = mask
        except NotExact:
            return None
        found = None
        if filterset.search_text:
            # Ordered by the best match and narrowed by nothing else, every match needs its rank; a
            # search of plain words is ranked from its postings, every match at once, in the same read.
            ranked = sort == "relevance" and (not masks or plain_words(filterset.search_text))
            found = self.search(filterset.search_text, ranked=ranked)
        searched = None if found is None else found.matched

        # Each filter's counts are over the vacancies of every other filter: the rest are ANDed once,
        # and only a filter in effect needs its own set.
        rest = np.ones(self.size, dtype=bool) if searched is None else searched.copy()
        for name, mask in masks.items():
            if name not in FACETS:
                rest &= mask
        everything = rest.copy()
        for name in FACETS:
            if name in masks:
                everything &= masks[name]

        def kept(facet):
            if facet not in masks:
                return everything
            rows = rest.copy()
            for name in FACETS:
                if name != facet and name in masks:
                    rows &= masks[name]
            return rows

        grade_rows = kept("grade")
        counts = {
            "country": self.countries.counts(kept("country")),
            "organization": self.organization.counts(kept("organization")),
            "sector": self.sector.counts(kept("sector")),
            "sponsor": self.sponsor.counts(kept("sponsor")),
            "grade": {grade: int(np.count_nonzero(grade_rows & self.open_at[grade])) for grade in Grade.values},
            "speaks": self.languages.counts(kept("speaks")),
        }
        rows = np.flatnonzero(everything)
        ranks = self.ranks(found, rows) if sort == "relevance" else None
        return Answer(len(rows), counts, self, rows, ranks, sort)

    def search(self, text, ranked=False):
        """The ``Search`` of ``text``: which listed vacancies the database's full-text query matches (``matches``).

        Remembered for this index, by the words, in this process and in the shared folder
        (``load_search``). ``ranked``: with every match's rank, in the same query (for a page
        ordered by the best match, when no other filter narrows the matches).
        """
        with self.lock:
            found = self.searches.get(text)
            if found is not None:
                self.searches.move_to_end(text)
                return found
        found = load_search(self, text)
        if found is None:
            found = Search(text, np.zeros(self.size, dtype=bool))
            ids, ranks = matches(text, ranked=ranked)
            positions, held = self.positions_of(ids)
            found.matched[positions] = True
            if ranked:
                found.ranks = np.full(self.size, np.nan, dtype=np.float32)
                found.ranks[positions] = ranks[held]
            share_search(self, found)
        with self.lock:
            self.searches[text] = found
            while len(self.searches) > SEARCHES_KEPT:
                self.searches.popitem(last=False)
        return found

    def positions_of(self, ids):
        """(the index's positions of ``ids``, a mask of the ids it holds): one listed since waits for the next index.

        The index holds its vacancies in the order of their ids (``read``), so a position is a binary search.
        """
        positions = np.searchsorted(self.ids, ids)
        held = positions < self.size
        held[held] = self.ids[positions[held]] == ids[held]
        return positions[held], held

    def ranks(self, found, rows):
        """The database's ranks of the vacancies at ``rows`` for ``found``'s search, asked once per vacancy.

        Threads of a process share ``found``: each value is written once it is known, never a
        placeholder first, and two threads asking at once write the same values.
        """
        with self.lock:
            if found.ranks is None:
                found.ranks = np.full(self.size, np.nan, dtype=np.float32)
        known = found.ranks
        unranked = rows[np.isnan(known[rows])]
        if len(unranked):
            # By id costs about 2.5 times as much a vacancy as every match at once (benchmarks/README.md).
            if len(unranked) >= RANK_BY_ID_BELOW * np.count_nonzero(found.matched):
                ids, ranks = matches(found.text, ranked=True)
            else:
                ids, ranks = matches(found.text, ranked=True, ids=self.ids[unranked].tolist())
            positions, held = self.positions_of(ids)
            known[positions] = ranks[held]
            gone = unranked[np.isnan(known[unranked])]
            known[gone] = -1.0  # matched when the index was read, no more (until the next index)
            if not np.isnan(known[found.matched]).any():  # every match ranked: worth sharing
                share_search(self, found)
        return known[rows]

    def ordered_ids(self, rows, ranks, sort, first):
        """The ids of the first ``first`` of ``rows`` in the order ``sort``."""
        if sort == "relevance":  # the best match first, then the newest (best_match_first)
            newest = self.positions["newest"][rows]
            if first < len(rows):  # only those ranked at least as well as the first-th best can be among them
                threshold = np.partition(-ranks, first - 1)[first - 1]
                candidates = np.flatnonzero(-ranks <= threshold)
            else:
                candidates = np.arange(len(rows))
            order = candidates[np.lexsort((newest[candidates], -ranks[candidates]))]
        else:
            positions = self.positions[sort][rows]
            if first < len(rows):
                candidates = np.argpartition(positions, first - 1)[:first]
            else:
                candidates = np.arange(len(rows))
            order = candidates[np.argsort(positions[candidates])]
        return [int(pk) for pk in self.ids[rows[order[:first]]]]


def index_key(version, today):
    return (connection.settings_dict["NAME"], version, today.isoformat())


logger = logging.getLogger(__name__)


# Sharing the index between the processes of one machine ---------------------------------------------
#
# Every process needs the index of the same data version, and reading it costs about 2 s at 100,000
# vacancies (20 s at 1,000,000): gunicorn's processes would each read it after every write. The
# first to need a version reads it and writes it to a file, as plain numpy arrays (no pickle), in a
# folder only this user may write to (``settings.LISTING_INDEX_DIR``; empty: not shared); the others
# wait for it (a lock on the folder) and load the file. A version is a microsecond timestamp
# (sql/data_version.sql), so a file's name, the database's address, the version and the day, never
# names other data.

SHARED_FORMAT = 1  # the arrays' layout: a new layout never reads an older one's files
OLD_FILES_KEPT_SECONDS = 300  # another version's file is removed this long after it was written


def shared_folder():
    """The folder of shared indexes, or ``None`` when it is off or another user could write to it."""
    if not settings.LISTING_INDEX_DIR:
        return None
    folder = Path(settings.LISTING_INDEX_DIR)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return folder


def shared_file(folder, key):
    database = connection.settings_dict
    address = (SHARED_FORMAT, database["HOST"], database["PORT"], key)
    return folder / f"index-{hashlib.sha256(repr(address).encode()).hexdigest()[:32]}.npz"


def load_arrays(path, key):
    """The arrays stored in ``path`` if they are ``key``'s, else ``None`` (no file, a damaged one, other data)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    if arrays.pop("key", np.array([])).tolist() != [str(part) for part in key]:
        return None
    return arrays


def save_arrays(path, key, arrays):
    """Write ``arrays`` and ``key`` to ``path``, whole or not at all."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".writing-", suffix=".npz", delete=False) as out:
        try:
            np.savez(out, key=np.array([str(part) for part in key]), **arrays)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    os.replace(out.name, path)


def load_shared(path, key):
    """The index in ``path`` if it is ``key``'s, else ``None`` (no file, or a file of other data)."""
    arrays = load_arrays(path, key)
    if arrays is None:
        return None
    try:
        return ListingIndex.from_arrays(key, arrays)
    except KeyError:
        return None


def save_shared(folder, index):
    """Write ``index`` to its file, and remove other versions' old files and their searches."""
    target = shared_file(folder, index.key)
    save_arrays(target, index.key, index.arrays())
    old_before = time.time() - OLD_FILES_KEPT_SECONDS
    for old in folder.glob("index-*.npz"):
        if old != target and old.stat().st_mtime < old_before:
            old.unlink(missing_ok=True)
    for old in folder.glob("index-*.searches"):
        if old != searches_folder(folder, index.key) and old.stat().st_mtime < old_before:
            shutil.rmtree(old, ignore_errors=True)


# What a search matched is shared the same way. At 100,000 vacancies PostgreSQL takes 20-70 ms to
# match a common word and 80-200 ms to rank its matches, and each of gunicorn's processes asked it
# again (a process remembers SEARCHES_KEPT searches): in the long tail's first 3,000 URLs, 1,540
# searches of 762 different texts (benchmarks/README.md). Beside the index's file, a folder of its
# searches, a file each: the positions matched and, once every match was ranked, their ranks; the
# oldest go beyond SHARED_SEARCHES_KEPT. They are the index's, so they go with it.

SHARED_SEARCHES_KEPT = 1000


def searches_folder(folder, key):
    return folder / f"{shared_file(folder, key).stem}.searches"


def search_file(folder, key, text):
    return searches_folder(folder, key) / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.npz"


def load_search(index, text):
    """``text``'s ``Search`` as a process with ``index``'s data shared it, or ``None``."""
    folder = shared_folder()
    arrays = None if folder is None else load_arrays(search_file(folder, index.key, text), index.key)
    if arrays is None or arrays.get("text", np.array([])).tolist() != [text]:
        return None
    positions, ranks = arrays.get("positions"), arrays.get("ranks")
    if positions is None or positions.dtype != np.int32 or positions.ndim != 1:
        return None
    if len(positions) and (positions.min() < 0 or positions.max() >= index.size):
        return None
    found = Search(text, np.zeros(index.size, dtype=bool))
    found.matched[positions] = True
    if ranks is not None and ranks.dtype == np.float32 and ranks.shape == positions.shape:
        found.ranks = np.full(index.size, np.nan, dtype=np.float32)
        found.ranks[positions] = ranks
    return found


def written_at(entry):
    """When a shared file was written; 0 when another process has removed it meanwhile."""
    try:
        return entry.stat().st_mtime
    except FileNotFoundError:
        return 0


def share_search(index, found):
    """Write what ``found`` matched, and its ranks when every match has one, for the other processes."""
    folder = shared_folder()
    if folder is None:
        return
    positions = np.flatnonzero(found.matched).astype(np.int32)
    arrays = {"text": np.array([found.text]), "positions": positions}
    if found.ranks is not None and not np.isnan(found.ranks[positions]).any():
        arrays["ranks"] = found.ranks[positions]
    searches = searches_folder(folder, index.key)
    try:
        searches.mkdir(mode=0o700, exist_ok=True)
        save_arrays(search_file(folder, index.key, found.text), index.key, arrays)
        kept = [entry for entry in os.scandir(searches) if not entry.name.startswith(".writing-")]
        if len(kept) > SHARED_SEARCHES_KEPT:  # the older half goes (another process may be at it too)
            kept.sort(key=written_at)
            for entry in kept[: len(kept) // 2]:
                Path(entry.path).unlink(missing_ok=True)
    except OSError:  # a full disk, say: this process has it all the same
        logger.warning("A search could not be shared in %s", searches, exc_info=True)


def read_index(key):
    """``key``'s index: another process's file when there is one, else read from the database and shared."""
    folder = shared_folder()
    if folder is None:
        return ListingIndex.read()
    wanted = shared_file(folder, key)
    index = load_shared(wanted, key)
    if index is not None:
        return index
    try:
        lock = open(folder / "reading.lock", "a")  # noqa: SIM115 (closed below, whatever happens)
    except OSError:
        return ListingIndex.read()
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process reads; the others wait, then load its file
        try:
            index = load_shared(wanted, key)
            if index is None:
                index = ListingIndex.read()
                try:
                    save_shared(folder, index)
                except OSError:  # a full disk, say: the other processes read their own
                    logger.warning("The list's index could not be shared in %s", folder, exc_info=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return index


_current = {"index": None}
_reading = threading.Lock()


def current_index(version):
    """The index for this data version (``cache.data_version()``) and today, read when there is none yet."""
    key = index_key(version, timezone.localdate())
    index = _current["index"]
    if index is not None and index.key == key:
        return index
    with _reading:  # one thread of the process reads it; the others wait for it rather than read it too
        index = _current["index"]
        if index is None or index.key != key:
            index = read_index(key)
            _current["index"] = index
    return index


def forget():
    """Drop this process's index (the tests, between databases)."""
    _current["index"] = None
