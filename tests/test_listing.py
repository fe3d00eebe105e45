"""The list's index (vacancies/listing.py) answers every query exactly as the database does."""

import csv
import io
import random
from datetime import timedelta

import numpy as np
import pytest
from django.db import connection, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone

from tests.helpers import (
    CHILD_PROTECTION,
    HUMAN_RIGHTS,
    postings_held,
    postings_of_vectors,
    rebuild_stale_postings,
    stale_blocks,
    titles,
)
from vacancies import listing, ranks, selectors
from vacancies.cache import data_version
from vacancies.generator import generate_vacancies
from vacancies.models import Duty, DutyStation, Qualification, Vacancy
from vacancies.querysets import SEARCH_WEIGHTS
from vacancies.selectors import public_vacancies

WORDS = ["protection", "human rights", "trafficking", "data", "gender", "monitoring", '"child protection"', "-women"]
WORDS += ["peace OR security", "migrant smuggling", "nonexistentword", "reporting analysis", "Geneva"]


def data_values():
    """What a visitor can pick on the list, read from the listed vacancies."""
    listed = Vacancy.objects.published()
    stations = DutyStation.objects.filter(vacancy__in=listed)
    return {
        "country": sorted(set(stations.values_list("country", flat=True))),
        "organization": sorted(set(listed.values_list("organization", flat=True))),
        "sector": sorted(set(listed.values_list("sector", flat=True)) - {""}),
        "sponsor": sorted(set(listed.values_list("sponsor_country", flat=True)) - {""}),
        "speaks": sorted(set(" ".join(listed.values_list("required_languages", flat=True)).split())),
        "nationality": sorted({code for codes in listed.values_list("nationality_codes", flat=True) for code in codes}),
    }


def draw_query(rng, values):
    """A list query as candidates make them: facets, a search, the "About you" profile, an order."""
    query = QueryDict(mutable=True)
    if rng.random() < 0.45:
        query["q"] = rng.choice(WORDS)
    for name in rng.sample(["country", "organization", "sector", "sponsor"], rng.randint(0, 2)):
        picked = rng.sample(values[name], min(2 if name == "country" else 1, len(values[name])))
        # Other cases than the data's: the filters compare organizations and sectors without case.
        query.setlist(name, [v.lower() if rng.random() < 0.3 else v for v in picked])
    if rng.random() < 0.25:
        query["grade"] = rng.choice(["P1", "P2"])
    if rng.random() < 0.3:
        query.setlist("speaks", rng.sample(values["speaks"], rng.randint(1, min(3, len(values["speaks"])))))
    if rng.random() < 0.3:
        query["experience"] = str(rng.randint(0, 6))
    if rng.random() < 0.25:
        query.setlist("nationality", rng.sample(values["nationality"], 1))
    if rng.random() < 0.25:
        query["age"] = str(rng.randint(24, 36))
    if rng.random() < 0.3:
        query["degree"] = rng.choice(["bachelor", "master", "doctorate"])
    if rng.random() < 0.5:
        query["sort"] = rng.choice(["newest", "closing", "title", "relevance"])
    return query


@pytest.fixture
def generated(seeded):
    """The seeds and 400 generated vacancies, with the edges the filters have."""
    generate_vacancies(count=400, seed=16)
    today = timezone.localdate()
    # Closed by its date yesterday, closing today, no dates at all, a blank sector and the same title twice.
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on=today - timedelta(days=1))
    Vacancy.objects.filter(pk__in=Vacancy.objects.published().order_by("pk").values("pk")[10:13]).update(
        closes_on=today, posted_on=None, sector="", title=CHILD_PROTECTION
    )
    Vacancy.objects.filter(pk__in=Vacancy.objects.published().order_by("-pk").values("pk")[:20]).update(
        posted_on=F("posted_on") - timedelta(days=3)
    )
    # Listed without a duty station, a grade, a sponsor, or any language, nationality or degree required.
    bare = Vacancy.objects.published().order_by("pk")[20]
    DutyStation.objects.filter(vacancy=bare).delete()
    Qualification.objects.filter(vacancy=bare).delete()
    Vacancy.objects.filter(pk=bare.pk).update(grade_min="", grade_max="", sponsor_country="")
    return data_values()


def database_answer(filterset):
    """The database's own count, filter counts and order for a query (what the list asked before the index)."""
    return filterset.qs.count(), filterset.facet_counts(), list(filterset.qs.values_list("pk", flat=True))


def test_the_index_gives_the_databases_count_counts_and_order_for_600_queries(generated):
    rng = random.Random(16)
    index = listing.ListingIndex.read()
    for _ in range(600):
        query = draw_query(rng, generated)
        filterset = public_vacancies(query=query)
        answer = index.answer(filterset)
        count, counts, ids = database_answer(filterset)
        assert answer is not None, query.urlencode()
        assert (answer.count, answer.counts) == (count, counts), query.urlencode()
        assert answer.page_ids(0, count) == ids, query.urlencode()
        middle = count // 2
        assert answer.page_ids(middle, middle + 20) == ids[middle : middle + 20], query.urlencode()


def test_a_query_the_index_cannot_answer_exactly_is_answered_by_the_database(client, generated):
    # PostgreSQL's upper() of letters beyond ASCII depends on its collation: the database decides.
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(organization="Ünicef")
    response = client.get("/?organization=ÜNICEF")
    assert response.context["view"].answer() is None
    assert set(titles(response)) == {CHILD_PROTECTION}
    namesakes = Vacancy.objects.published().filter(title=CHILD_PROTECTION).count()
    assert response.context["paginator"].count == namesakes > 1  # the seed and the generated namesakes


def exported(client, query):
    """The CSV export of ``query`` (the database's query): each row's URL, in order."""
    response = client.get(f"/vacancies/export.csv?{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return [row["url"].rsplit("/vacancies/", 1)[1] for row in csv.DictReader(io.StringIO(body))]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=title",
        "q=protection",
        "q=human+rights&sort=closing",
        "country=KE&country=LB&sort=closing",
        "speaks=en&speaks=fr&experience=2&degree=bachelor",
        "nationality=DE&age=30&sort=title",
        "grade=P2&sector=human+rights",
    ],
)
def test_every_list_page_shows_the_vacancies_the_csv_exports_in_the_same_order(client, generated, query):
    expected = exported(client, query)
    shown, page = [], 1
    while True:
        response = client.get(f"/?{query}&page={page}")
        shown += [vacancy.get_absolute_url().split("/vacancies/", 1)[1] for vacancy in response.context["vacancies"]]
        assert response.context["paginator"].count == len(expected)
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert shown == expected
    assert len(expected) > 0


def test_an_edit_reaches_the_list_at_once(client, generated):
    before = client.get("/?sort=title").context["paginator"].count
    vacancy = Vacancy.objects.published().order_by("pk").first()
    vacancy.title = "AAA First by title"
    vacancy.save()
    response = client.get("/?sort=title")
    assert titles(response)[0] == "AAA First by title"
    Vacancy.objects.filter(pk=vacancy.pk).update(status="closed")
    assert client.get("/?sort=title").context["paginator"].count == before - 1
    Qualification.objects.filter(vacancy__in=Vacancy.objects.published(), category="language").delete()
    assert client.get("/?speaks=ko").context["paginator"].count == before - 1  # none requires a language now


def test_a_vacancy_leaves_the_list_the_day_after_its_closing_date(client, generated, monkeypatch):
    today = timezone.localdate()
    closing_today = Vacancy.objects.published().filter(closes_on=today).count()
    listed = client.get("/").context["paginator"].count
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    assert client.get("/").context["paginator"].count == listed - closing_today
    assert closing_today == 3


def test_a_search_runs_the_same_number_of_queries_however_many_vacancies_it_ranks(
    client, generated, monkeypatch, django_assert_num_queries
):
    client.get("/")  # the index is read once per data version
    # Each database question (which vacancies match, how they rank) comes with the setting that
    # reads it through the search index, and back; then the page (its rows carry their duty
    # stations and the duties' and qualifications' texts). Ordered by the best match and narrowed
    # by nothing else: one question.
    with django_assert_num_queries(5):
        alone = client.get("/?q=monitoring")
    # Plain words narrowed by a filter: the same question (their postings rank every match at once).
    with django_assert_num_queries(5):
        plain = client.get("/?q=data&grade=P1")
    # Other searches narrowed by a filter: which match, then the ranks of those kept, by their ids...
    with django_assert_num_queries(8):
        narrowed = client.get("/?q=data OR gender&grade=P1")
    # ... or of every match at once, when there are many: the same number of queries.
    monkeypatch.setattr(listing, "RANK_BY_ID_BELOW", 0)
    with django_assert_num_queries(8):
        many = client.get("/?q=gender OR data&grade=P1")
    for response in (alone, plain, narrowed, many):
        assert response.context["paginator"].count > 20


def unmatched_search_documents():
    """Vacancies whose narrow search row is missing or holds another vector, and rows of no vacancy."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM vacancies_vacancy v FULL JOIN vacancies_search_document d ON d.vacancy_id = v.id"
            " WHERE v.id IS NULL OR d.vacancy_id IS NULL OR v.search_vector IS DISTINCT FROM d.search_vector"
        )
        return cursor.fetchone()[0]


def test_a_search_follows_every_write_to_a_vacancy_and_its_parts(client, generated):
    assert unmatched_search_documents() == 0
    vacancy = Vacancy.objects.published().order_by("pk").first()
    assert client.get("/?q=zanzibarian").context["paginator"].count == 0
    duty = Duty.objects.create(vacancy=vacancy, order=99, text="Survey the Zanzibarian archipelago's fisheries")
    assert titles(client.get("/?q=zanzibarian")) == [vacancy.title]
    Duty.objects.filter(pk=duty.pk).update(text="Survey the coast")
    assert client.get("/?q=zanzibarian").context["paginator"].count == 0
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Zanzibarian fisheries officer")
    assert titles(client.get("/?q=zanzibarian&sort=relevance")) == ["Zanzibarian fisheries officer"]
    vacancy.delete()
    assert client.get("/?q=zanzibarian").context["paginator"].count == 0
    assert unmatched_search_documents() == 0


# The ranks of a search read from the vectors' parts (sql/search_ranks.sql) -------------------------

RANKED = ["protection", "data", "monitoring", "Geneva", "reporting", "gender", "human rights", '"child protection"']
RANKED += ["peace OR security", "reporting analysis", "-women", "migrant -smuggling", "nonexistentword", "the"]
RANKED += ["x-ray state-of-the-art"]


def ranks_by_function(text, *, ids=None, scan_share=0.3):
    """{vacancy id: rank} from ``vacancies_search_ranks``, as the list asks for them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vacancy_id, rank FROM vacancies_search_ranks(websearch_to_tsquery('english', %s),"
            " %s::real[], %s::bigint[], %s)",
            [text, SEARCH_WEIGHTS, ids, scan_share],
        )
        return dict(cursor.fetchall())


def ranks_of_whole_vectors(text, ids=None):
    """{vacancy id: ts_rank of its whole vector} for the vacancies the search matches (of ``ids``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vacancy_id, ts_rank(%s::real[], search_vector, websearch_to_tsquery('english', %s))"
            " FROM vacancies_search_document WHERE search_vector @@ websearch_to_tsquery('english', %s)"
            " AND (%s::bigint[] IS NULL OR vacancy_id = ANY (%s::bigint[]))",
            [SEARCH_WEIGHTS, text, text, ids, ids],
        )
        return dict(cursor.fetchall())


def test_the_ranks_read_from_the_parts_are_ts_rank_of_the_whole_vectors(generated):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE vacancies_search_part")  # the part's size, to read it whole for many matches
        cursor.execute("ANALYZE vacancies_search_document")  # how many match, estimated rather than counted
    beyond = Vacancy.objects.order_by("-pk").first().pk + 1
    for text in RANKED:
        expected = ranks_of_whole_vectors(text)
        assert ranks_by_function(text) == expected, text
        assert ranks_by_function(text, scan_share=0) == expected, text  # the whole part read
        assert ranks_by_function(text, scan_share=2) == expected, text  # each match by its id
        some = [*sorted(expected)[::3], beyond]
        assert ranks_by_function(text, ids=some) == ranks_of_whole_vectors(text, some), text
        if text not in ("nonexistentword", "the", "x-ray state-of-the-art"):
            assert len(expected) > 0, text


def test_how_many_vectors_hold_words_is_the_last_analyzes_estimate(generated):
    def share(lexemes):
        cursor.execute("SELECT vacancies_search_share(%s::text[])", [lexemes])
        return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE vacancies_search_document")
        cursor.execute("SELECT count(*) FROM vacancies_search_document")
        (total,) = cursor.fetchone()
        for lexeme in ("data", "protect", "report"):
            holding_sql = "SELECT count(*) FROM vacancies_search_document WHERE search_vector @@ %s::tsquery"
            cursor.execute(holding_sql, [lexeme])
            (holding,) = cursor.fetchone()
            assert holding > 0, lexeme
            assert share([lexeme]) == pytest.approx(holding / total, abs=0.02), lexeme
        assert share(["data", "protect"]) == pytest.approx(share(["data"]) * share(["protect"]))
        assert share(["nonexistentword"]) == 0
        assert share(["data", "nonexistentword"]) == 0
        assert share([]) is None


def test_reading_a_whole_part_leaves_the_callers_settings_as_they_were(generated):
    # The whole part is read with sequential scans on, whatever the caller set for the matches.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE vacancies_search_part")
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        expected = ranks_of_whole_vectors("data")
        assert ranks_by_function("data", scan_share=0) == expected
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("off",)


def test_the_words_of_a_search_are_read_from_its_query(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vacancies_query_lexemes(websearch_to_tsquery('english', t))"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS s (t, n) ORDER BY n",
            [['"project management" or health', "O'Brien x-ray", "education -gender", "the", "café 3.5"]],
        )
        assert [row[0] for row in cursor.fetchall()] == [
            ["project", "manag", "health"],
            ["o", "brien", "x-ray", "x", "ray"],
            None,  # a negated word: the whole vectors rank it
            [],
            ["café", "3.5"],
        ]


def unmatched_search_parts():
    """Vacancies whose parts, read together, are not their whole vector (or a part of a lexeme not its own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM vacancies_search_document d FULL JOIN ("
            "  SELECT vacancy_id, string_agg(search_vector::text, ' ')::tsvector AS joined,"
            "  bool_and(vacancies_search_part(l) = part) AS own FROM vacancies_search_part,"
            "  unnest(tsvector_to_array(search_vector)) AS l GROUP BY vacancy_id"
            ") p ON p.vacancy_id = d.vacancy_id"
            " WHERE (d.vacancy_id IS NULL OR p.vacancy_id IS NULL OR p.joined IS DISTINCT FROM d.search_vector"
            " OR NOT p.own) AND d.search_vector IS DISTINCT FROM ''::tsvector"
        )
        return cursor.fetchone()[0]


def test_the_parts_follow_every_write_to_a_vacancy(generated):
    assert unmatched_search_parts() == 0
    vacancy = Vacancy.objects.published().order_by("pk").first()
    Duty.objects.create(vacancy=vacancy, order=99, text="Survey the Zanzibarian archipelago's fisheries")
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Zanzibarian fisheries officer")
    assert ranks_by_function("zanzibarian") == ranks_of_whole_vectors("zanzibarian") != {}
    Vacancy.objects.filter(pk__in=Vacancy.objects.order_by("pk").values("pk")[:50]).update(status="closed")
    vacancy.delete()
    assert unmatched_search_parts() == 0
    assert ranks_by_function("zanzibarian") == {}


# Each lexeme's postings (sql/search_documents.sql) and the ranks computed from them (vacancies/ranks.py) ------


def test_the_postings_follow_every_write_to_a_vacancy(generated):
    rebuild_stale_postings()  # the fixture's own writes
    expected = postings_of_vectors()
    assert postings_held() == expected
    assert len(expected) > 50_000
    vacancy = Vacancy.objects.published().order_by("pk").first()
    Duty.objects.create(vacancy=vacancy, order=99, text="Survey the Zanzibarian archipelago's fisheries")
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Zanzibarian fisheries officer")
    Vacancy.objects.filter(pk__in=Vacancy.objects.order_by("-pk").values("pk")[:150]).update(title="Officer")
    # Until the transaction commits, its blocks are stale: searches read them from the vectors.
    assert len(stale_blocks()) >= 3
    assert ("zanzibarian", vacancy.pk) not in postings_held()
    for text in ("zanzibarian fisheries", "officer", "data"):
        expected = ranks_of_whole_vectors(text)
        ids, found_ranks = listing.matches(text, ranked=True)
        assert as_float4(ids, found_ranks) == as_float4(expected, expected.values()) != {}, text
    rebuild_stale_postings()  # as at the commit
    assert stale_blocks() == []
    assert postings_held() == postings_of_vectors()
    assert ("zanzibarian", vacancy.pk) in postings_held()
    vacancy.delete()
    rebuild_stale_postings()
    assert postings_held() == postings_of_vectors()
    assert not any(lexeme == "zanzibarian" for lexeme, _ in postings_held())


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_cannot_rebuild_leaves_its_blocks_stale_and_searches_read_them_from_the_vectors(seeded):
    # Another transaction rebuilding (it holds the lock until it commits): a writer does not wait.
    other = connection.Database.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext('vacancies_search_posting'))")
        vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
        Vacancy.objects.filter(pk=vacancy.pk).update(title="Zanzibarian fisheries officer")  # committed
        assert stale_blocks() == [vacancy.pk >> 7]
        assert ("zanzibarian", vacancy.pk) not in postings_held()
        for text in ("zanzibarian fisheries", "protection", "human rights"):
            expected = ranks_of_whole_vectors(text)
            ids, found_ranks = listing.matches(text, ranked=True)
            assert as_float4(ids, found_ranks) == as_float4(expected, expected.values()) != {}, text
    finally:
        other.close()  # its lock goes with it
    # The next writer rebuilds every stale block with its own.
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(title="Human rights officer (Geneva)")
    assert stale_blocks() == []
    assert postings_held() == postings_of_vectors()
    assert ("zanzibarian", vacancy.pk) in postings_held()


def test_the_postings_are_emptied_with_the_vacancies(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM vacancies_search_posting")
        assert cursor.fetchone()[0] > 1000
        cursor.execute("TRUNCATE vacancies_vacancy CASCADE")
        cursor.execute("SELECT count(*) FROM vacancies_search_posting")
        assert cursor.fetchone()[0] == 0


def as_float4(ids, ranks):
    """{id: rank as a float4}: a rank read from the database is the shortest decimal that is its float4."""
    return {int(pk): np.float32(rank) for pk, rank in zip(ids, ranks, strict=True)}


PLAIN_WORDS = ["protection", "data", "monitoring", "Geneva", "human rights", "reporting analysis", "data data"]
PLAIN_WORDS += ["migrant smuggling", "nonexistentword", "data nonexistentword", "The Reporting of data"]


def test_a_search_of_plain_words_is_matched_and_ranked_from_its_postings_as_the_database_would(generated):
    for text in PLAIN_WORDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT vacancies_search_and_lexemes(websearch_to_tsquery('english', %s))", [text])
            assert cursor.fetchone()[0], text  # answered from the postings
        expected = ranks_of_whole_vectors(text)
        ids, found_ranks = listing.matches(text, ranked=True)
        assert as_float4(ids, found_ranks) == as_float4(expected, expected.values()), text
        assert sorted(listing.matches(text)[0].tolist()) == sorted(expected), text
    assert len(ranks_of_whole_vectors("reporting analysis")) > 20


def test_any_other_search_is_matched_and_ranked_by_the_database(generated):
    for text in ['"child protection"', "peace OR security", "-women", "migrant -smuggling", "the", "x-ray"]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT vacancies_search_and_lexemes(websearch_to_tsquery('english', %s))", [text])
            assert cursor.fetchone()[0] is None, text
        expected = ranks_of_whole_vectors(text)
        ids, found_ranks = listing.matches(text, ranked=True)
        assert as_float4(ids, found_ranks) == as_float4(expected, expected.values()), text


def test_ranks_computed_from_positions_are_ts_rank_to_the_last_bit(db):
    # Vectors made to the edges of tsrank.c's arithmetic: repeated words, every weight, words at one
    # position (a position beyond 16,383 is 16,383), far apart (a distance beyond 100 weighs 1e-30),
    # nowhere near each other (a rank of far pairs alone), three words (their pairs combined in the C
    # code's order); many pairs and few (ranks.ALL_PAIRS_BELOW: both ways of finding them).
    texts = [
        "alpha beta " * 40,
        "alpha " + "filler " * 150 + "beta gamma beta alpha",
        "beta " * 3 + "alpha " * 5 + "gamma",
        "gamma alpha " * 7 + "beta " * 2,
        "filler " * 16390 + "alpha beta gamma",
        "alpha " + "filler " * 200 + "beta " + "filler " * 200 + "gamma",  # no two words near: far pairs only
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            # Each text weighted A, B or C, then again as D (its positions after the first's).
            "CREATE TEMPORARY TABLE ranked (id bigint, v tsvector) ON COMMIT DROP;"
            " INSERT INTO ranked SELECT n,"
            " setweight(to_tsvector('english', t), substr('ABC', 1 + n::int %% 3, 1)::\"char\")"
            " || setweight(to_tsvector('english', t), 'D') FROM unnest(%s::text[]) WITH ORDINALITY AS s (t, n)",
            [texts],
        )
        for query in (["alpha"], ["alpha", "beta"], ["alpha", "beta", "gamma"], ["gamma", "beta"]):
            tsquery = " & ".join(query)
            cursor.execute(
                "SELECT id, ts_rank(%s::real[], v, %s::tsquery) FROM ranked WHERE v @@ %s::tsquery ORDER BY id",
                [SEARCH_WEIGHTS, tsquery, tsquery],
            )
            expected = cursor.fetchall()
            postings = []
            for lexeme in query:
                cursor.execute(
                    "SELECT string_agg(int8send(id), ''::bytea ORDER BY id),"
                    " string_agg(int2send(cardinality(u.positions)::smallint), ''::bytea ORDER BY id),"
                    " string_agg(array_to_string(u.positions, ','), ',' ORDER BY id),"
                    " string_agg(array_to_string(u.weights, ''), '' ORDER BY id)"
                    " FROM ranked, unnest(v) u WHERE u.lexeme = %s",
                    [lexeme],
                )
                postings.append(ranks.Postings.from_columns(lexeme, *cursor.fetchone()))
            ids = ranks.matched(postings)
            computed = ranks.ts_rank(postings, ids)
            assert as_float4(ids, computed) == as_float4(*zip(*expected, strict=True)), query
            assert len(expected) >= 4, query


def test_a_far_pair_leaves_every_rank_of_the_big_threshold_or_more_as_it_was():
    # tsrank.c's step, 1 - (1 - rank) * (1 - weight) in double, rounded to a float4, with the weight
    # of a pair more than NEAR apart: the lowest binade from BIG exhaustively, a million drawn above.
    far = np.unique(ranks.PAIR_WEIGHTS[:, :, ranks.NEAR + 1 :]).astype(np.float64)
    assert far.max() < 1.1e-15
    assert ranks.PAIR_WEIGHTS[:, :, 1 : ranks.NEAR + 1].min() > far.max()  # a near pair weighs more
    lowest = np.arange(ranks.BIG.view(np.int32), (ranks.BIG * 2).view(np.int32), dtype=np.int32)
    drawn = np.random.default_rng(16).integers((ranks.BIG * 2).view(np.int32), np.float32(1).view(np.int32), 10**6)
    for rank in (lowest.view(np.float32), drawn.astype(np.int32).view(np.float32)):
        for weight in far:
            after = (1.0 - (1.0 - rank.astype(np.float64)) * (1.0 - weight)).astype(np.float32)
            assert np.array_equal(after, rank), weight


# The index shared between the processes of a machine -------------------------------------------------


def test_a_process_loads_the_index_another_read_without_asking_the_database(
    generated, settings, tmp_path, django_assert_num_queries
):
    settings.LISTING_INDEX_DIR = str(tmp_path / "shared")
    version = data_version()
    read = listing.current_index(version)
    assert [path.name.startswith("index-") for path in (tmp_path / "shared").glob("*.npz")] == [True]
    listing.forget()  # as a process that has none yet
    with django_assert_num_queries(0):
        loaded = listing.current_index(version)
    assert loaded is not read
    assert loaded.key == read.key
    rng = random.Random(61)
    for _ in range(150):
        query = draw_query(rng, generated)
        count, counts, ids = database_answer(public_vacancies(query=query))
        answer = loaded.answer(public_vacancies(query=query))
        assert (answer.count, answer.counts, answer.page_ids(0, count)) == (count, counts, ids), query.urlencode()


def test_a_new_version_is_read_again_and_a_file_of_other_data_is_never_loaded(generated, settings, tmp_path):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    first = listing.current_index(data_version())
    Vacancy.objects.filter(pk=Vacancy.objects.published().order_by("pk").first().pk).update(status="closed")
    listing.forget()
    second = listing.current_index(data_version())
    assert second.key != first.key
    assert second.size == first.size - 1
    # The first version's file, under the second's name: its key is not the second's, so it is not used.
    first_file = listing.shared_file(tmp_path, first.key)
    second_file = listing.shared_file(tmp_path, second.key)
    second_file.write_bytes(first_file.read_bytes())
    assert listing.load_shared(second_file, second.key) is None
    second_file.write_bytes(b"not an index")
    assert listing.load_shared(second_file, second.key) is None
    listing.forget()
    assert listing.current_index(data_version()).size == second.size  # read from the database again


def test_a_folder_other_users_could_write_to_is_not_used(generated, settings, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    settings.LISTING_INDEX_DIR = str(shared)
    assert listing.shared_folder() is None
    assert listing.current_index(data_version()).size > 0
    assert list(shared.iterdir()) == []


def test_an_index_that_cannot_be_written_is_still_answered(generated, settings, tmp_path, monkeypatch, caplog):
    settings.LISTING_INDEX_DIR = str(tmp_path)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(listing.np, "savez", full_disk)
    assert listing.current_index(data_version()).size > 0
    assert list(tmp_path.glob("*.npz")) == []
    assert list(tmp_path.glob(".writing-*")) == []  # no half-written file left behind
    assert "could not be shared" in caplog.text


def test_a_process_answers_a_search_another_ran_without_asking_the_database(
    generated, settings, tmp_path, django_assert_num_queries
):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    version = data_version()
    searches = ["monitoring", "data", "human rights", "-women", "nonexistentword"]
    queries = [QueryDict(f"q={text}") for text in searches]  # ordered by the best match: every match ranked
    queries += [QueryDict(f"q={text}&sort=title&grade=P1") for text in searches]
    expected = [database_answer(public_vacancies(query=query)) for query in queries]
    first = listing.current_index(version)
    for query in queries:
        first.answer(public_vacancies(query=query))
    assert len(list(listing.searches_folder(tmp_path, first.key).glob("*.npz"))) == len(searches)
    listing.forget()  # as another process
    with django_assert_num_queries(0):
        other = listing.current_index(version)
        answers = [other.answer(public_vacancies(query=query)) for query in queries]
    for query, answer, (count, counts, ids) in zip(queries, answers, expected, strict=True):
        assert (answer.count, answer.counts, answer.page_ids(0, count)) == (count, counts, ids), query.urlencode()
    assert expected[0][0] > 20
    assert expected[4][0] == 0


def test_ranks_are_shared_once_every_match_has_one(generated, settings, tmp_path, django_assert_num_queries):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    version = data_version()
    # Ranked by the database (an OR): which match, then the ranks of the few kept, by id: not shared.
    narrowed = QueryDict("q=data OR gender&grade=P1")
    alone = QueryDict("q=data OR gender")
    expected = database_answer(public_vacancies(query=alone))
    listing.current_index(version).answer(public_vacancies(query=narrowed))
    listing.forget()
    other = listing.current_index(version)
    # One question, with its setting and back: the ranks of every match (which match came from the file).
    with django_assert_num_queries(3) as asked:
        answer = other.answer(public_vacancies(query=alone))
    assert asked.captured_queries[1]["sql"].endswith(", true)")  # ranked
    assert (answer.count, answer.counts, answer.page_ids(0, answer.count)) == expected
    listing.forget()
    third = listing.current_index(version)
    with django_assert_num_queries(0):  # now shared with their ranks
        answer = third.answer(public_vacancies(query=alone))
    assert (answer.count, answer.counts, answer.page_ids(0, answer.count)) == expected


def test_searches_of_plain_words_are_told_from_the_others():
    assert [listing.plain_words(text) for text in ("data", " human  rights ", "Zürich 2030", "data Or gender")] == [
        True,
        True,
        True,
        False,
    ]
    assert not any(listing.plain_words(text) for text in ('"child protection"', "-women", "x-ray", "o'brien", "a_b"))


def test_a_search_of_plain_words_ranks_every_match_at_once_and_shares_them(
    generated, settings, tmp_path, django_assert_num_queries
):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    version = data_version()
    alone = QueryDict("q=data")
    expected = database_answer(public_vacancies(query=alone))
    # Narrowed: the ranks of the few kept are asked for, and the postings give every match's.
    listing.current_index(version).answer(public_vacancies(query=QueryDict("q=data&grade=P1")))
    listing.forget()
    other = listing.current_index(version)
    with django_assert_num_queries(0):
        answer = other.answer(public_vacancies(query=alone))
    assert (answer.count, answer.counts, answer.page_ids(0, answer.count)) == expected
    assert expected[0] > 20


def test_a_damaged_or_foreign_search_file_is_never_used(seeded, settings, tmp_path):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    index = listing.current_index(data_version())
    query = QueryDict("q=protection")
    expected = database_answer(public_vacancies(query=query))
    index.answer(public_vacancies(query=query))
    path = listing.search_file(tmp_path, index.key, "protection")
    # Another search's file under this one's name, then positions beyond the index, then a torn file.
    index.answer(public_vacancies(query=QueryDict("q=digital")))
    other_search = listing.search_file(tmp_path, index.key, "digital").read_bytes()
    arrays = listing.load_arrays(path, index.key)
    beyond = dict(arrays, positions=arrays["positions"] + index.size)
    for damage in (
        lambda: path.write_bytes(other_search),
        lambda: listing.save_arrays(path, index.key, beyond),
        lambda: path.write_bytes(other_search[: len(other_search) // 2]),
    ):
        damage()
        listing.forget()
        answer = listing.current_index(data_version()).answer(public_vacancies(query=query))
        assert (answer.count, answer.counts, answer.page_ids(0, answer.count)) == expected
    assert expected[0] == 5


def test_a_search_that_cannot_be_shared_is_still_answered(seeded, settings, tmp_path, monkeypatch, caplog):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    index = listing.current_index(data_version())
    monkeypatch.setattr(listing, "save_arrays", lambda *args: (_ for _ in ()).throw(OSError(28, "No space")))
    query = QueryDict("q=rights")
    answer = index.answer(public_vacancies(query=query))
    count, counts, ids = database_answer(public_vacancies(query=query))
    assert (answer.count, answer.counts, answer.page_ids(0, count)) == (count, counts, ids)
    assert count == 4
    assert "could not be shared" in caplog.text


def test_the_oldest_shared_searches_go_beyond_the_limit(seeded, settings, tmp_path, monkeypatch):
    settings.LISTING_INDEX_DIR = str(tmp_path)
    monkeypatch.setattr(listing, "SHARED_SEARCHES_KEPT", 4)
    index = listing.current_index(data_version())
    in_flight = listing.searches_folder(tmp_path, index.key) / ".writing-another-process.npz"
    for text in ["protection", "rights", "child", "digital", "reporting"]:
        index.answer(public_vacancies(query=QueryDict(f"q={text}")))
        if not in_flight.exists():  # another process's file being written: never removed under it
            in_flight.write_bytes(b"")
    left = sorted(path.name for path in listing.searches_folder(tmp_path, index.key).glob("[!.]*.npz"))
    assert len(left) == 3  # five were written: the older two of them went
    assert in_flight.exists()
    assert listing.search_file(tmp_path, index.key, "reporting").name in left


def test_a_page_reads_the_rows_for_list_reads_of_listed_vacancies_only(seeded, django_assert_num_queries):
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(status="draft")
    unlisted = [Vacancy.objects.get(title=HUMAN_RIGHTS).pk]
    listed = list(Vacancy.objects.published().values_list("pk", flat=True))

    def values(rows):
        return {row.pk: {name: value for name, value in vars(row).items() if name != "_state"} for row in rows}

    for with_texts in (False, True):
        expected = values(Vacancy.objects.published().for_list(with_texts=with_texts).filter(pk__in=listed))
        with django_assert_num_queries(1):
            read = values(selectors.listed_rows(listed + unlisted, with_texts=with_texts))
        assert read == expected
        assert len(read) == 4
        assert ("duty_texts" in read[listed[0]]) is with_texts


def test_a_page_the_index_answers_never_builds_the_filtersets_queryset(client, seeded):
    # Building it (every filter's method, the search's rank, the order) was a quarter of the request.
    answered = client.get("/?q=protection&speaks=en&age=30")
    assert answered.context["view"].answer() is not None
    assert not hasattr(answered.context["filter"], "_qs")
    database = public_vacancies(query=QueryDict("q=protection&speaks=en&age=30")).qs
    assert titles(answered) == [vacancy.title for vacancy in database]
    assert len(titles(answered)) == 2
    # The database answers what the index cannot (letters beyond ASCII without case): there it is built.
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(organization="Ünicef")
    by_database = client.get("/?organization=ÜNICEF")
    assert by_database.context["view"].answer() is None
    assert hasattr(by_database.context["filter"], "_qs")
    assert titles(by_database) == [CHILD_PROTECTION]
