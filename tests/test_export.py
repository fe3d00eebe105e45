"""The sponsors' CSV, parsed back with the csv module: columns, exact values, filters, safety."""

import csv
import io
import re
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.helpers import (
    CHILD_PROTECTION,
    HUMAN_RIGHTS,
    POLITICAL_OFFICER,
    SEA_NETWORK,
    UNODC,
    clone_vacancy,
    create_hr_staff,
    log_in,
    titles,
)
from vacancies.models import DutyStation, Qualification, Supervision, Vacancy

DATA = Path(__file__).resolve().parent / "data"
CONTRACT_COLUMNS = (
    "reference, title, organization, office, sector, duty_stations, countries, duration_months, grade, non_family, "
    "sponsor_country, supervisor, min_experience_years, education, languages_required, languages_desirable, "
    "status, posted_on, closes_on, url"
).split(", ")


def download(client, query=""):
    response = client.get(f"/vacancies/export.csv{query}")
    assert response.status_code == 200, response.content
    assert response.streaming
    return response, b"".join(response.streaming_content)


def rows(client, query=""):
    _, body = download(client, query)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def by_title(client, query=""):
    return {row["title"]: row for row in rows(client, query)}


def test_header_has_the_contract_columns_first_in_order(client, seeded):
    response, body = download(client)
    header = next(csv.reader(io.StringIO(body.decode(), newline="")))
    assert header[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert header[len(CONTRACT_COLUMNS) :] == [
        "alternative_title",
        "duration",
        "nationalities",
        "age_limit",
        "languages_asset",
        "competencies",
        "eligibility",
    ]
    _, with_texts = download(client, "?texts=1")
    assert next(csv.reader(io.StringIO(with_texts.decode(), newline="")))[len(header) :] == [
        "duties",
        "expected_results",
        "qualifications",
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="jpo-vacancies-{today}.csv"'
    # RFC 4180: CRLF after every record, the header included.
    assert body.count(b"\r\n") == 6
    assert not body.startswith(b"\xef\xbb\xbf")


def test_exact_values_of_the_two_station_vacancy(client, seeded):
    row = by_title(client)[SEA_NETWORK]
    assert row["reference"] == "2024-2-42"
    assert row["organization"] == "OSCSEA"
    assert row["sector"] == "Political Affairs"
    assert row["duty_stations"] == "Naqoura, Lebanon (1st year); New York, United States (2nd year)"
    assert row["countries"] == "LB; US"
    assert row["duration_months"] == "24"
    assert row["grade"] == ""
    assert row["non_family"] == "not_stated"
    assert row["sponsor_country"] == "DE"
    assert row["supervisor"] == "Under-Secretary General, Special Coordinator, SEA"
    assert row["min_experience_years"] == "2"
    assert row["education"] == "Master's degree"
    assert row["languages_required"] == "English; French"
    assert row["languages_desirable"] == ""
    assert row["languages_asset"] == ""
    assert row["status"] == "published"
    assert row["posted_on"] == "2026-11-22"
    assert row["closes_on"] == ""
    assert row["url"] == "http://testserver/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
    assert row["competencies"] == "Professionalism; Communication; Planning & Organizing"


def test_exact_values_of_each_other_seed(client, seeded):
    rows_by_title = by_title(client)
    korean = rows_by_title[HUMAN_RIGHTS]
    assert (korean["reference"], korean["countries"], korean["sponsor_country"]) == ("", "CH", "KR")
    assert (korean["grade"], korean["languages_required"], korean["nationalities"]) == (
        "P1; P2",
        "English; Korean",
        "KR",
    )
    assert (korean["age_limit"], korean["min_experience_years"], korean["duration_months"]) == ("32", "2", "12")
    unodc = rows_by_title[UNODC]
    assert (unodc["reference"], unodc["countries"], unodc["non_family"], unodc["sponsor_country"]) == (
        "22P001",
        "AT",
        "no",
        "",
    )
    assert unodc["supervisor"] == "Chief, Human Trafficking and Migrant Smuggling Section"
    child = rows_by_title[CHILD_PROTECTION]
    assert (child["languages_required"], child["languages_desirable"], child["min_experience_years"]) == (
        "English",
        "French",
        "2",
    )
    assert child["supervisor"] == "Child Protection Team Leader"
    swiss = next(row for row in rows_by_title.values() if row["reference"] == "INT-010-17-P127")
    assert (swiss["languages_required"], swiss["languages_desirable"], swiss["min_experience_years"]) == (
        "English; French",
        "Arabic",
        "3",
    )
    assert (swiss["sponsor_country"], swiss["nationalities"], swiss["countries"]) == ("CH", "CH", "US")


def test_full_texts_on_request(client, seeded):
    unodc = by_title(client, "?texts=1&organization=UNODC")[UNODC]
    assert unodc["expected_results"].startswith("Well-researched and sound analysis and advice")
    assert unodc["duties"].startswith("Promoting the implementation of the Protocol to Prevent")
    # A duty with sub-items carries them in brackets.
    assert "including (keeping abreast of developments" in unodc["duties"]
    assert unodc["qualifications"].startswith("[Education, required] Advanced university degree")
    assert "[Languages, desirable] Fluency in another United Nations official languages" in unodc["qualifications"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?sponsor=KR",
        "?country=US",
        "?country=US&country=AT&sort=title",
        "?speaks=en&speaks=fr",
        "?experience=2&sort=title",
        "?grade=P2",
        "?organization=unodc",
        "?sector=political+affairs",
        "?q=protection",
        "?q=xylophone",
    ],
)
def test_every_filter_gives_the_same_vacancies_as_the_list_in_its_order(client, seeded, query):
    assert [row["title"] for row in rows(client, query)] == titles(client.get(f"/{query}"))


def test_the_export_leaves_out_drafts_and_closed_vacancies(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="draft")
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2020-01-01", posted_on="2019-12-01")
    assert [row["title"] for row in rows(client, "?sort=title")] == [CHILD_PROTECTION, SEA_NETWORK, POLITICAL_OFFICER]


def test_status_closed_exports_those_closed_by_hr_and_past_their_date_but_never_a_draft(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2020-01-01", posted_on="2019-12-01")
    # A draft past its closing date is still a draft: not exported, whatever the status asked.
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(status="draft", closes_on="2020-01-01")
    closed = by_title(client, "?status=closed&sort=title")
    assert list(closed) == [UNODC, HUMAN_RIGHTS]
    assert [row["status"] for row in closed.values()] == ["closed", "closed"]
    assert [(row["posted_on"], row["closes_on"]) for row in closed.values()] == [
        ("2026-11-22", ""),
        ("2019-12-01", "2020-01-01"),
    ]
    every = by_title(client, "?status=all&sort=title")
    assert list(every) == [UNODC, HUMAN_RIGHTS, SEA_NETWORK, POLITICAL_OFFICER]
    assert [row["status"] for row in every.values()] == ["closed", "closed", "published", "published"]
    # open, the default, is the list's: the same vacancies in the same order.
    assert [row["title"] for row in rows(client, "?status=open")] == titles(client.get("/"))
    assert [row["title"] for row in rows(client)] == [SEA_NETWORK, POLITICAL_OFFICER]


# The seeds are all posted on 2026-11-22; one is moved a day earlier, one a day later, one unstated.
SEEDS_POSTED = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("posted_after=2026-11-22", [HUMAN_RIGHTS, SEA_NETWORK, POLITICAL_OFFICER]),
        ("posted_after=2026-11-23", [HUMAN_RIGHTS]),
        ("posted_after=2026-11-24", []),
        ("posted_before=2026-11-22", [UNODC, SEA_NETWORK, POLITICAL_OFFICER]),
        ("posted_before=2026-11-21", [UNODC]),
        ("posted_before=2026-11-20", []),
        ("posted_after=2026-11-22&posted_before=2026-11-22", [SEA_NETWORK, POLITICAL_OFFICER]),
        ("posted_after=2026-11-21&posted_before=2026-11-23", [UNODC, HUMAN_RIGHTS, SEA_NETWORK, POLITICAL_OFFICER]),
        ("posted_after=2026-11-23&posted_before=2026-11-21", []),
        ("", [CHILD_PROTECTION, UNODC, HUMAN_RIGHTS, SEA_NETWORK, POLITICAL_OFFICER]),
    ],
)
def test_posted_after_and_before_are_inclusive_days(client, seeded, query, kept):
    Vacancy.objects.filter(title=UNODC).update(posted_on=SEEDS_POSTED - timedelta(days=1))
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(posted_on=SEEDS_POSTED + timedelta(days=1))
    # Not stated: outside any bound, since it cannot be shown to be inside.
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(posted_on=None)
    assert [row["title"] for row in rows(client, f"?{query}&sort=title")] == kept


def test_posting_dates_and_status_work_together(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="closed", posted_on=SEEDS_POSTED - timedelta(days=1))
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(status="closed")
    assert [row["title"] for row in rows(client, "?status=closed&posted_before=2026-11-21")] == [UNODC]
    assert [row["title"] for row in rows(client, "?status=all&posted_after=2026-11-22&sort=title")] == [
        CHILD_PROTECTION,
        HUMAN_RIGHTS,
        SEA_NETWORK,
        POLITICAL_OFFICER,
    ]


# A spreadsheet would run each of these as a formula: one per character OWASP names.
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","x")',
    "reference": "@SUM(A1)",
    "office": "+1+1",
    "sector": "-2+3",
    "alternative_title": "\tTabbed",
    "duration_text": "\rReturned",
}


def test_cells_that_could_run_as_formulas_are_neutralised(client, seeded):
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(**FORMULAS)
    row = next(row for row in rows(client) if row["reference"].startswith("'@"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["reference"] == "'@SUM(A1)"
    assert row["office"] == "'+1+1"
    assert row["sector"] == "'-2+3"
    assert row["alternative_title"] == "'\tTabbed"
    assert row["duration"] == "'\rReturned"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_non_ascii_text_round_trips(client, seeded):
    title = "Spécialiste für Menschenrechte — 人权 중국어 인권 담당관"
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(title=title, office="Genève / Zürich")
    row = by_title(client, "?sponsor=KR")[title]
    assert row["office"] == "Genève / Zürich"


def test_excel_variant_starts_with_a_byte_order_mark(client, seeded):
    _, body = download(client, "?excel=1&sponsor=KR")
    assert body.startswith(b"\xef\xbb\xbfreference,title,")
    assert body.decode("utf-8-sig").count("\r\n") == 2


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?country=ZZ", "country=ZZ"),
        ("?grade=P9&sponsor=KR", "grade=P9"),
        ("?experience=lots", "experience=lots"),
        ("?excel=maybe", "excel=maybe"),
        ("?texts=all", "texts=all"),
        ("?status=archived", "status=archived: “archived” is not a status; use open, closed, all."),
        ("?posted_after=22/11/2026", "posted_after=22/11/2026: “22/11/2026” is not a date as YYYY-MM-DD"),
        ("?posted_before=2026-02-30", "posted_before=2026-02-30: “2026-02-30” is not a date"),
        ("?posted_after=2026-11-22&posted_before=last+week", "posted_before=last week"),
    ],
)
@pytest.mark.parametrize("path", ["/vacancies/export.csv", "/vacancies/export.xlsx"])
def test_a_query_not_understood_exports_nothing_and_says_why(client, seeded, path, query, named):
    response = client.get(f"{path}{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Nothing was exported: some of the query was not understood.")
    assert named in text


def test_the_list_offers_the_csv_for_its_query(client, seeded):
    body = client.get("/?country=US&speaks=en&country=ZZ&page=2").content.decode()
    assert '<a href="/vacancies/export.csv?country=US&amp;speaks=en" download>Download CSV</a>' in body


def test_query_count_is_the_same_for_5_and_500_vacancies(client, seeded, django_assert_num_queries):
    # The vacancies in order, then per chunk of 2,000 one query builds the rows; with the full
    # texts, the chunk's duties and qualifications are read too.
    plain = 2
    with django_assert_num_queries(plain):
        assert len(rows(client)) == 5
    with django_assert_num_queries(4):
        assert len(rows(client, "?texts=1")) == 5
    source = Vacancy.objects.get(title=SEA_NETWORK).pk
    for number in range(495):
        clone_vacancy(Vacancy.objects.get(pk=source), number)
    with django_assert_num_queries(plain):
        assert len(rows(client)) == 500
    with django_assert_num_queries(4):
        assert len(rows(client, "?texts=1")) == 500


def test_command_writes_the_same_csv_to_a_file(client, seeded, tmp_path):
    target = tmp_path / "report.csv"
    call_command("export_vacancies", "--sponsor", "KR", "--output", str(target), "--base-url", "http://testserver/")
    _, body = download(client, "?sponsor=KR")
    assert target.read_bytes() == body
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_command_writes_to_standard_output_with_the_filters(seeded, capsys):
    call_command("export_vacancies", "--country", "US", "--speaks", "en", "--speaks", "fr", "--sort", "title")
    output = capsys.readouterr().out
    reader = csv.DictReader(io.StringIO(output, newline=""))
    assert [row["title"] for row in reader] == [
        CHILD_PROTECTION,
        SEA_NETWORK,
        POLITICAL_OFFICER,
    ]


def test_command_takes_the_exports_status_and_posting_dates(client, seeded, capsys):
    Vacancy.objects.filter(title=UNODC).update(status="closed", posted_on=SEEDS_POSTED - timedelta(days=1))
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2020-01-01", posted_on="2019-12-01")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(status="draft")
    for options, query in [
        (["--status", "closed"], "?status=closed"),
        (
            ["--status=all", "--posted-after", "2026-11-22", "--sort", "title"],
            "?status=all&posted_after=2026-11-22&sort=title",
        ),
        (["--status", "all", "--posted_before=2026-11-21"], "?status=all&posted_before=2026-11-21"),
    ]:
        capsys.readouterr()
        call_command("export_vacancies", *options, "--base-url", "http://testserver/")
        assert capsys.readouterr().out.encode() == download(client, query)[1]
    assert [row["title"] for row in rows(client, "?status=closed&sort=title")] == [UNODC, HUMAN_RIGHTS]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--posted_after", "2026-13-01"], "--posted_after 2026-13-01: “2026-13-01” is not a date as YYYY-MM-DD"),
        (["--posted-before", "tomorrow"], "--posted_before tomorrow: “tomorrow” is not a date as YYYY-MM-DD"),
        (["--status", "archived"], "argument --status: invalid choice: 'archived'"),
    ],
)
def test_command_refuses_a_status_or_date_it_does_not_understand(seeded, tmp_path, options, said):
    target = tmp_path / "report.csv"
    with pytest.raises(CommandError, match=re.escape(said)):
        call_command("export_vacancies", *options, "--output", str(target))
    assert not target.exists()


def test_command_refuses_values_it_does_not_understand(seeded, tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("yesterday's report")
    with pytest.raises(CommandError, match=re.escape("--country ZZ: “ZZ” is not an ISO 3166-1 alpha-2 country code")):
        call_command("export_vacancies", "--country", "ZZ", "--output", str(target))
    assert target.read_text() == "yesterday's report"


def test_admin_action_exports_the_selected_vacancies_with_the_same_writer(client, seeded):
    create_hr_staff("sponsor-desk")
    log_in(client, "sponsor-desk")
    Vacancy.objects.filter(title=UNODC).update(status="draft")
    chosen = Vacancy.objects.filter(title__in=[UNODC, HUMAN_RIGHTS]).order_by("pk")
    response = client.post(
        "/admin/vacancies/vacancy/",
        {"action": "export_csv", "_selected_action": [str(v.pk) for v in chosen]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jpo-vacancies-')
    exported = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert {row["title"]: row["status"] for row in exported} == {UNODC: "draft", HUMAN_RIGHTS: "published"}
    public = by_title(client, "?texts=1")[HUMAN_RIGHTS]
    assert next(row for row in exported if row["title"] == HUMAN_RIGHTS) == public


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_reader_threads_read_the_chunks_and_the_csv_is_the_same(seeded, monkeypatch):
    from django.db import transaction

    from vacancies import export

    threads = []
    text_cells = export.text_cells

    def spying(db, ids):
        threads.append(threading.current_thread().name)
        return text_cells(db, ids)

    monkeypatch.setattr(export, "text_cells", spying)
    vacancies = Vacancy.objects.published().newest_first()
    one_chunk = "".join(export.csv_chunks(vacancies, "http://testserver/", texts=True))
    assert threads == [threading.current_thread().name]  # one chunk: nothing to read ahead
    threads.clear()
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)  # three chunks: more than the reader threads
    threaded = "".join(export.csv_chunks(vacancies, "http://testserver/", texts=True))
    assert len(threads) == 3
    assert all(name.startswith("csv-reader") for name in threads)
    threads.clear()
    with transaction.atomic():
        in_one_thread = "".join(export.csv_chunks(vacancies, "http://testserver/", texts=True))
    assert threads == [threading.current_thread().name] * 3
    assert threaded == in_one_thread == one_chunk
    assert len(list(csv.DictReader(io.StringIO(threaded, newline="")))) == 5
    # Without the texts, threads or not, the same file.
    threaded = "".join(export.csv_chunks(vacancies, "http://testserver/"))
    with transaction.atomic():
        assert "".join(export.csv_chunks(vacancies, "http://testserver/")) == threaded
    assert [row["title"] for row in csv.DictReader(io.StringIO(threaded, newline=""))] == [
        row["title"] for row in csv.DictReader(io.StringIO(in_one_thread, newline=""))
    ]


@pytest.mark.parametrize(("query", "kept"), [("", "export_seeds.csv"), ("?texts=1", "export_seeds_texts.csv")])
def test_the_seeds_export_is_byte_for_byte_the_file_kept_in_the_tests(client, seeded, query, kept):
    # Kept from the export before its cells moved to one writer each: any change of a byte is a change
    # of the sponsors' contract, made on purpose or not at all.
    assert download(client, query)[1] == (DATA / kept).read_bytes()


def test_every_edge_of_a_cell_is_written_as_the_csv_module_reads_it(seeded):
    from vacancies.export import csv_chunks, header
    from vacancies.generator import generate_vacancies

    generate_vacancies(count=300, seed=11)
    # Every edge the cells have: formula starts, quotes, commas and line breaks, codes without a
    # name, repeated countries, degrees and languages, nothing stated at all, closed by its date.
    edgy = Vacancy.objects.filter(title=CHILD_PROTECTION).earliest("pk")  # the seed, not a generated namesake
    Vacancy.objects.filter(pk=edgy.pk).update(
        **{**FORMULAS, "office": "Office, with a comma\nand a line"}, closes_on="2020-01-01", posted_on="2019-12-01"
    )
    DutyStation.objects.create(vacancy=edgy, order=8, city='+"Quoted" city', country="XK", period="")
    DutyStation.objects.create(vacancy=edgy, order=9, city="Again", country="XK", period="3rd year")
    DutyStation.objects.filter(vacancy=edgy, order=9).update(city="Again, later")  # an update of a related row
    for order, (category, fields) in enumerate(
        [
            ("language", {"language": "zz"}),
            ("language", {"language": "fr"}),
            ("language", {"language": "fr", "level": "desirable"}),
            ("language", {"language": "FR"}),
            ("language", {"language": "ZZ"}),
            ("education", {"degree": "master"}),
            ("education", {"degree": "master"}),
            ("education", {"degree": "bachelor", "level": "desirable"}),
            ("nationality", {"country": ""}),
            ("nationality", {"country": "KR"}),
            ("competency", {"competency": "=Planning"}),
            ("competency", {"competency": ""}),
        ],
        start=100,
    ):
        Qualification.objects.create(vacancy=edgy, order=order, category=category, text="t", **fields)
    bare = Vacancy.objects.filter(title=SEA_NETWORK).earliest("pk")
    Supervision.objects.filter(vacancy=bare).delete()
    DutyStation.objects.filter(vacancy=bare).delete()
    Qualification.objects.filter(vacancy=bare).delete()
    Vacancy.objects.filter(pk=bare.pk).update(grade_min="", grade_max="", duration_months=None, closes_on=None)

    exported = "".join(csv_chunks(Vacancy.objects.all().order_by("id"), "http://testserver/"))
    assert exported.count("\r\n") == 306  # the header's and each row's; the office's line break is a "\n"
    names, *parsed = csv.reader(io.StringIO(exported, newline=""))
    assert names == header()
    assert len(parsed) == 305
    assert {len(row) for row in parsed} == {len(names)}
    edgy_row = dict(zip(names, next(row for row in parsed if row[0] == "'@SUM(A1)"), strict=True))
    assert edgy_row["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert edgy_row["office"] == "Office, with a comma\nand a line"
    assert edgy_row["sector"] == "'-2+3"
    assert edgy_row["duty_stations"] == 'New York, United States; +"Quoted" city, XK; Again, later, XK (3rd year)'
    assert edgy_row["countries"] == "US; XK"
    assert edgy_row["education"] == "Master's degree"
    # A language once each, whatever the case of its code; a code without a name stays as written first.
    assert edgy_row["languages_required"] == "English; zz; French"
    assert edgy_row["languages_desirable"] == "French"
    assert edgy_row["status"] == "closed"
    assert (edgy_row["posted_on"], edgy_row["closes_on"]) == ("2019-12-01", "2020-01-01")
    assert edgy_row["nationalities"] == "KR"
    # A cell is neutralised at its start: a formula inside it cannot run.
    assert edgy_row["competencies"] == "Professionalism; Communication; Teamwork; Planning & Organizing; =Planning"
    bare_row = dict(zip(names, next(row for row in parsed if row[1] == SEA_NETWORK), strict=True))
    empty = ["duty_stations", "countries", "duration_months", "grade", "supervisor", "min_experience_years"]
    assert [bare_row[name] for name in empty] == [""] * len(empty)
    assert [bare_row[name] for name in ("education", "languages_required", "nationalities", "closes_on")] == [""] * 4
    assert bare_row["url"] == f"http://testserver/vacancies/{bare.slug}/"


def test_the_export_follows_every_kind_of_write(client, seeded):
    # The cells are kept by triggers (vacancies/sql/export_cells.sql): each kind of write must reach them.
    before = by_title(client)
    assert before[HUMAN_RIGHTS]["duty_stations"] == "Geneva, Switzerland"
    assert before[POLITICAL_OFFICER]["sponsor_country"] == "CH"
    assert before[UNODC]["languages_required"] == "English"
    assert before[CHILD_PROTECTION]["supervisor"] == "Child Protection Team Leader"
    station = DutyStation.objects.get(vacancy__title=HUMAN_RIGHTS)
    station.city = "Geneva, Palais Wilson"
    station.save()
    Vacancy.objects.filter(title=POLITICAL_OFFICER).update(sponsor_country="NO")
    Qualification.objects.filter(vacancy__title=UNODC, category="language", level="required").delete()
    Supervision.objects.filter(vacancy__title=CHILD_PROTECTION).update(supervisor_title="Chief, Child Protection")
    Vacancy.objects.get(title=SEA_NETWORK).delete()

    exported = by_title(client)
    assert sorted(exported) == sorted([HUMAN_RIGHTS, POLITICAL_OFFICER, UNODC, CHILD_PROTECTION])
    assert exported[HUMAN_RIGHTS]["duty_stations"] == "Geneva, Palais Wilson, Switzerland"
    assert exported[POLITICAL_OFFICER]["sponsor_country"] == "NO"
    assert exported[UNODC]["languages_required"] == ""
    assert exported[CHILD_PROTECTION]["supervisor"] == "Chief, Child Protection"


def test_cells_missing_from_their_table_are_made_again(client, seeded):
    # As after a restore with the triggers off (pg_restore --disable-triggers), or rows deleted by hand.
    before = download(client)[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM vacancies_export_row WHERE vacancy_id IN (SELECT id FROM vacancies_vacancy)")
    assert download(client)[1] == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM vacancies_export_row")
        assert cursor.fetchone()[0] == Vacancy.objects.count()
    Vacancy.objects.filter(title=SEA_NETWORK).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM vacancies_export_row")
        assert cursor.fetchone()[0] == Vacancy.objects.count()


def test_server_side_cursors_are_planned_for_the_whole_result(db):
    # The export's stream of ids reads to the end: the fast-start plan (a tenth) chose a nested loop
    # over every listed vacancy for a filtered export, ten times slower than a hash join.
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone()[0] == "1"
