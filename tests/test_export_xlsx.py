"""The Excel export, opened back with openpyxl: the CSV's rows and columns, typed; its link, its command."""

import csv
import io
from datetime import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tests.helpers import CHILD_PROTECTION, HUMAN_RIGHTS, POLITICAL_OFFICER, SEA_NETWORK, UNODC, clone_vacancy
from vacancies.models import Vacancy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATES = {"posted_on", "closes_on"}
NUMBERS = {"duration_months", "min_experience_years", "age_limit"}


def workbook_rows(content):
    """The sheet's rows as lists of cells (header included), and the sheet."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()], sheet


def download_xlsx(client, query=""):
    response = client.get(f"/vacancies/export.xlsx{query}")
    assert response.status_code == 200, response.content
    return response, b"".join(response.streaming_content)


def csv_rows(client, query=""):
    body = b"".join(client.get(f"/vacancies/export.csv{query}").streaming_content).decode()
    return list(csv.reader(io.StringIO(body, newline="")))


def as_csv_text(name, cell):
    """A workbook cell as the CSV writes the same value, after checking its type."""
    if cell.value is None:
        return ""
    if name in DATES:
        assert cell.is_date, (name, cell.value)
        assert cell.number_format == "yyyy-mm-dd"
        assert cell.value.time() == datetime.min.time()
        return cell.value.date().isoformat()
    if name in NUMBERS:
        assert type(cell.value) is int, (name, cell.value)
        return str(cell.value)
    assert cell.data_type == "s", (name, cell.value)
    return cell.value


def by_title(client, query=""):
    rows, _ = workbook_rows(download_xlsx(client, query)[1])
    names = [cell.value for cell in rows[0]]
    return {row[1].value: dict(zip(names, row, strict=True)) for row in rows[1:]}


@pytest.mark.parametrize("query", ["", "?texts=1", "?status=all&sort=title", "?country=US&speaks=en&speaks=fr"])
def test_the_workbook_holds_every_row_and_column_of_the_csv_for_the_same_query(client, seeded, query):
    # One closed by HR and one past its date, so that status=all exports both kinds of closed.
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2026-11-30")
    expected = csv_rows(client, query)
    rows, sheet = workbook_rows(download_xlsx(client, query)[1])
    names = [cell.value for cell in rows[0]]
    assert names == expected[0]
    assert len(names) == (30 if "texts" in query else 27)
    assert [[as_csv_text(name, cell) for name, cell in zip(names, row, strict=True)] for row in rows[1:]] == expected[
        1:
    ]
    assert sheet.max_row == len(expected)
    assert sheet.max_column == len(names)
    assert sheet.freeze_panes == "A2"


def test_exact_values_keep_their_types(client, seeded):
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(office="Büro – Genève")
    rows = by_title(client)
    sea = rows[SEA_NETWORK]
    # A reference that looks like a date or a number stays the text it is.
    assert sea["reference"].value == "2024-2-42"
    assert sea["reference"].data_type == "s"
    assert rows[UNODC]["reference"].value == "22P001"
    assert rows[POLITICAL_OFFICER]["reference"].value == "INT-010-17-P127"
    assert rows[HUMAN_RIGHTS]["reference"].value is None  # no reference: an empty cell, as in the CSV
    assert sea["posted_on"].value == datetime(2026, 11, 22)
    assert sea["posted_on"].number_format == "yyyy-mm-dd"
    assert sea["closes_on"].value is None
    assert (sea["duration_months"].value, sea["min_experience_years"].value) == (24, 2)
    assert rows[HUMAN_RIGHTS]["age_limit"].value == 32
    assert rows[HUMAN_RIGHTS]["office"].value == "Büro – Genève"
    assert sea["countries"].value == "LB; US"
    assert sea["url"].value == "http://testserver/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
    # The en dash of the Political Officer's title, intact.
    assert POLITICAL_OFFICER.startswith("JPO – Political Officer (")
    assert rows[POLITICAL_OFFICER]["title"].value == POLITICAL_OFFICER
    assert rows[CHILD_PROTECTION]["status"].value == "published"


def test_a_cell_that_starts_like_a_formula_is_text_with_the_csvs_quote(client, seeded):
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(
        title='=HYPERLINK("http://evil.example","x")', reference="@SUM(A1)", office="+1+1", sector="-2+3"
    )
    rows, _ = workbook_rows(download_xlsx(client)[1])
    row = next(row for row in rows if row[0].value == "'@SUM(A1)")
    assert [cell.value for cell in row[:5]] == [
        "'@SUM(A1)",
        '\'=HYPERLINK("http://evil.example","x")',
        "DPO",
        "'+1+1",
        "'-2+3",
    ]
    # Never a formula: openpyxl reads a formula cell as data type "f".
    assert {cell.data_type for row in rows for cell in row if cell.value is not None} <= {"s", "n", "d"}


def test_the_workbook_is_a_named_download(client, seeded):
    response, content = download_xlsx(client)
    assert response["Content-Type"] == XLSX
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="jpo-vacancies-{today}.xlsx"'
    assert int(response["Content-Length"]) == len(content)
    assert content.startswith(b"PK")  # a zip archive, as every .xlsx


def test_status_closed_in_the_workbook_holds_the_closed_but_never_a_draft(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2020-01-01", posted_on="2019-12-01")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(status="draft", closes_on="2020-01-01")
    rows = by_title(client, "?status=closed&sort=title")
    assert list(rows) == [UNODC, HUMAN_RIGHTS]
    assert [row["status"].value for row in rows.values()] == ["closed", "closed"]
    assert rows[HUMAN_RIGHTS]["closes_on"].value == datetime(2020, 1, 1)
    assert list(by_title(client, "?status=all&posted_before=2026-11-21")) == [HUMAN_RIGHTS]


def test_an_empty_export_is_a_workbook_with_its_header(client, seeded):
    rows, _ = workbook_rows(download_xlsx(client, "?country=AQ")[1])
    assert len(rows) == 1
    assert rows[0][0].value == "reference"


def test_the_list_offers_the_workbook_for_its_query(client, seeded):
    body = client.get("/?country=US&speaks=en&country=ZZ&page=2").content.decode()
    assert (
        '<a href="/vacancies/export.csv?country=US&amp;speaks=en" download>Download CSV</a> · '
        '<a href="/vacancies/export.xlsx?country=US&amp;speaks=en" download>Download Excel</a>'
    ) in body


def test_query_count_is_the_same_for_5_and_500_vacancies(client, seeded, django_assert_num_queries):
    # As the CSV's: the ids in order, then one query per chunk of 2,000 (two more with the texts).
    with django_assert_num_queries(2):
        assert len(workbook_rows(download_xlsx(client)[1])[0]) == 6
    source = Vacancy.objects.get(title=SEA_NETWORK).pk
    for number in range(495):
        clone_vacancy(Vacancy.objects.get(pk=source), number)
    with django_assert_num_queries(2):
        assert len(workbook_rows(download_xlsx(client)[1])[0]) == 501
    with django_assert_num_queries(4):
        assert len(workbook_rows(download_xlsx(client, "?texts=1")[1])[0]) == 501


def test_command_writes_the_same_workbook_for_an_xlsx_output(client, seeded, tmp_path):
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    target = tmp_path / "report.xlsx"
    call_command(
        "export_vacancies", "--status", "all", "--texts", "--output", str(target), "--base-url", "http://testserver/"
    )
    written, _ = workbook_rows(target.read_bytes())
    served, _ = workbook_rows(download_xlsx(client, "?status=all&texts=1")[1])
    assert [[cell.value for cell in row] for row in written] == [[cell.value for cell in row] for row in served]
    assert len(written) == 6
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    names = [cell.value for cell in written[0]]
    assert written[1][names.index("posted_on")].value == datetime(2026, 11, 22)
