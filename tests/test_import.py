"""Importing a ToR: the seeds read back exactly, other layouts, the command, the admin's page, bad files."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.helpers import create_hr_staff, force_verified_login, log_in, page_text
from vacancies.models import Status, Vacancy

TORS = Path(__file__).resolve().parent / "data" / "tors"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dry_run(*names):
    out = io.StringIO()
    call_command("import_tor", *(str(TORS / name) for name in names), dry_run=True, json=True, stdout=out)
    return json.loads(out.getvalue())


# The score ------------------------------------------------------------------------------------


def test_the_five_seeds_import_with_every_structured_field_right_from_text_pdf_and_word():
    out = io.StringIO()
    call_command("score_import", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "Score: 285/285 structured fields (100.0 %)"
    assert len([line for line in lines if line.endswith("19/19 fields")]) == 15


def test_the_contract_of_one_seed_exactly(db):
    (korea,) = dry_run("seed_4.txt")
    warnings = korea.pop("warnings")
    assert korea == {
        "file": "seed_4.txt",
        "title": "JPO in Human Rights",
        "organization": "OHCHR",
        "office": "United Nations / Office of the High Commissioner for Human Rights (OHCHR) / Thematic Engagement, "
        "Special Procedures and Right to Development Division (TESPRDD)",
        "reference": "",
        "sector": "Human Rights Affairs",
        "duty_stations": [{"city": "Geneva", "country": "CH", "period": ""}],
        "sponsor_country": "KR",
        "grade": ["P1", "P2"],
        "duration_months": 12,
        "non_family": "not_stated",
        "languages_required": ["en", "ko"],
        "languages_desirable": [],
        "min_experience_years": 2,
        "degree": "master",
        "nationalities": ["KR"],
        "age_limit": 32,
        "closes_on": None,
        "duties": 10,
        "qualifications": 17,
    }
    assert "No closing date found: set one, or mark the vacancy open until filled, before publishing." in warnings


def test_what_is_inferred_is_said_so():
    swiss, german = dry_run("seed_1.txt", "seed_2.pdf")
    assert "Inferred sponsor country: the post is open only to nationals of CH." in swiss["warnings"]
    assert "Inferred organization: the initials of “Department of Political Affairs”." in swiss["warnings"]
    assert "Inferred sponsor country: BFIO, Germany's JPO programme office, publishes this ToR." in german["warnings"]
    assert any(w.startswith("Notes in German (“Wichtige Hinweise”)") for w in german["warnings"])


# Other layouts, written for these tests ---------------------------------------------------------


def test_a_unhcr_style_position_description():
    (unhcr,) = dry_run("unhcr_style.txt")
    assert {key: unhcr[key] for key in unhcr if key != "warnings"} == {
        "file": "unhcr_style.txt",
        "title": "Associate Protection Officer (JPO)",
        "organization": "UNHCR",
        "office": "UNHCR / Division of International Protection (DIP)",
        "reference": "10034567",
        "sector": "Protection",
        "duty_stations": [{"city": "Kakuma", "country": "KE", "period": ""}],
        "sponsor_country": "NL",
        "grade": ["P2"],
        "duration_months": 12,
        "non_family": "yes",
        "languages_required": ["en"],
        "languages_desirable": [],
        "min_experience_years": 2,
        "degree": "master",
        "nationalities": ["NL"],
        "age_limit": 30,
        "closes_on": "2027-02-28",
        "duties": 3,
        "qualifications": 6,
    }
    assert unhcr["warnings"] == ["Inferred sponsor country: the post is open only to nationals of NL."]


def test_an_ilo_style_vacancy_header_with_a_deadline_in_geneva_time(db):
    (ilo,) = dry_run("ilo_style.txt")
    assert (ilo["reference"], ilo["organization"], ilo["grade"], ilo["closes_on"]) == (
        "JPO/2027/07",
        "ILO",
        ["P1", "P2"],
        "2027-01-15",
    )
    assert ilo["duty_stations"] == [{"city": "Bangkok", "country": "TH", "period": ""}]
    assert (ilo["duties"], ilo["min_experience_years"], ilo["languages_required"]) == (4, 3, ["en"])
    assert ilo["qualifications"] == 4  # the footer after the languages is not one
    call_command("import_tor", str(TORS / "ilo_style.txt"), stdout=io.StringIO())
    draft = Vacancy.objects.get(reference="JPO/2027/07")
    assert (draft.duration_months, draft.duration_months_max) == (12, 36)  # "1–3 years"
    assert (str(draft.closes_at), draft.closing_time_zone) == ("23:59:59", "Europe/Zurich")
    assert draft.other_references == "Job ID 12345"
    assert str(draft.posted_on) == "2026-12-01"
    groups = draft.duties.filter(group__isnull=True).order_by("order")
    assert [g.items.count() for g in groups] == [2, 0]


def test_a_undp_style_tor_with_lettered_sections(db):
    (undp,) = dry_run("undp_style.txt")
    assert {key: undp[key] for key in undp if key != "warnings"} == {
        "file": "undp_style.txt",
        "title": "JPO in Climate Finance",
        "organization": "UNDP",
        "office": "UNDP / Bureau for Policy and Programme Support (BPPS)",
        "reference": "",
        "sector": "Environment and Energy",
        # "Country of Assignment: Senegal" before "Duty Station: Dakar": read, not inferred from the city.
        "duty_stations": [{"city": "Dakar", "country": "SN", "period": ""}],
        "sponsor_country": "",
        "grade": ["P2"],
        "duration_months": 24,
        "non_family": "no",
        "languages_required": ["en", "fr"],
        "languages_desirable": [],
        "min_experience_years": 2,
        "degree": "master",
        "nationalities": [],
        "age_limit": None,
        "closes_on": "2027-03-10",
        "duties": 3,
        "qualifications": 5,
    }
    assert undp["warnings"] == []
    call_command("import_tor", str(TORS / "undp_style.txt"), stdout=io.StringIO())
    draft = Vacancy.objects.get(title="JPO in Climate Finance")
    assert (draft.supervision.supervisor_title, draft.supervision.supervisor_grade) == (
        "Climate Finance Specialist (P-4)",
        "P-4",
    )
    assert draft.learning_elements.startswith("The JPO will learn how climate funds are programmed")


def test_a_word_file_with_checkboxes():
    (word,) = dry_run("checkboxes.docx")
    # "Non-family duty station: ☒ yes ☐ no" and "Duration: ☐ 1 year ☒ 2 years".
    assert (word["non_family"], word["duration_months"]) == ("yes", 24)
    assert (word["reference"], word["title"], word["closes_on"]) == (
        "JPO-2027-0042",
        "Associate Expert in Water Governance",
        "2027-01-15",
    )
    # Its languages come from a table: English fluent (required), Kiswahili (desirable).
    assert (word["languages_required"], word["languages_desirable"]) == (["en"], ["sw"])
    # No organization and no sector: not guessed, and said.
    assert (word["organization"], word["sector"]) == ("", "")
    assert "No sector found: the draft cannot be published without one." in word["warnings"]


def test_a_pdf_with_lines_broken_and_words_hyphenated():
    (broken,) = dry_run("broken_lines.pdf")
    assert broken["title"] == "Associate Expert in Water Governance (JPO)"
    assert broken["duty_stations"] == [{"city": "Nairobi", "country": "KE", "period": ""}]
    assert (broken["grade"], broken["duration_months"], broken["non_family"]) == (["P2"], 12, "no")
    assert (broken["duties"], broken["degree"], broken["min_experience_years"]) == (3, "master", 2)
    assert "Inferred title: the ToR's heading (it has no Title field)." in broken["warnings"]


# The command writes drafts -------------------------------------------------------------------------


def test_import_tor_saves_a_draft_with_every_section_and_prints_its_admin_url(seeded, settings):
    settings.SITE_URL = "https://jpo.example.org"
    out = io.StringIO()
    call_command("import_tor", str(TORS / "seed_0.pdf"), stdout=out)
    # The seed itself has the reference 22P001: the draft keeps it where HR sees it.
    draft = Vacancy.objects.get(other_references="22P001")
    assert out.getvalue().startswith(
        f"seed_0.pdf: draft “{draft.title}”: https://jpo.example.org/admin/vacancies/vacancy/{draft.pk}/change/"
    )
    assert "Another vacancy already has the reference 22P001: it is kept in other references." in out.getvalue()
    assert (draft.status, draft.reference, draft.slug) == (Status.DRAFT, "", f"{draft.slug}")
    assert draft.slug.startswith("jpo-in-crime-prevention-and-criminal-justice")
    assert draft.supervision.supervisor_title == "Chief, Human Trafficking and Migrant Smuggling Section"
    assert [(s.city, s.country) for s in draft.duty_stations.all()] == [("Vienna", "AT")]
    carrying_out = draft.duties.get(text__startswith="Carrying out various")
    assert carrying_out.items.count() == 5
    assert draft.duties.filter(kind="result").count() == 8
    education = draft.qualifications.get(category="education")
    assert (education.degree, education.in_lieu_degree, education.in_lieu_years) == ("master", "bachelor", 2)
    assert "Crime Prevention and Criminal Justice" in draft.source_text
    assert draft.import_report["file"] == "seed_0.pdf"
    assert draft.import_report["counts"] == {"duty_stations": 1, "duties": 20, "qualifications": 10}
    assert "closes_on" in draft.import_report["missing"]
    # A draft is not public.
    assert client_status(draft) == 404


def client_status(vacancy):
    from django.test import Client

    return Client().get(vacancy.get_absolute_url()).status_code


def test_a_closing_date_before_the_posting_date_is_flagged_on_the_draft_not_refused(db, tmp_path):
    tor = tmp_path / "dates.txt"
    tor.write_text(
        "Title: JPO in Statistics\nSector of Assignment: Statistics\nOrganization/Office: UNSD\n"
        "Duty Station: New York, USA\nDate of issue: 1 March 2027\nClosing date: 1 February 2027\n"
    )
    out = io.StringIO()
    call_command("import_tor", str(tor), stdout=out)
    draft = Vacancy.objects.get(title="JPO in Statistics")
    assert (str(draft.posted_on), str(draft.closes_on)) == ("2027-03-01", "2027-02-01")
    assert "The closing date (2027-02-01) is before the posting date (2027-03-01): check both." in out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "The file is empty."),
        ("binary.txt", bytes(range(256)) * 40, "This .txt file is not text: it holds binary data."),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "This file is named .pdf but it is a PNG image."),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_nothing_is_saved(seeded, tmp_path, name, content, message):
    before = Vacancy.objects.count()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Not imported") as refusal:
        call_command("import_tor", str(path), stdout=io.StringIO())
    assert f"{path}: {message}" in str(refusal.value)
    assert Vacancy.objects.count() == before


# The admin's Import page -------------------------------------------------------------------------------


@pytest.fixture
def hr_client(client, seeded):
    create_hr_staff()
    return log_in(client, "amina")


def test_hr_staff_import_a_pdf_and_check_the_draft_beside_the_tor(hr_client):
    listing = hr_client.get("/admin/vacancies/vacancy/").content.decode()
    assert 'href="/admin/vacancies/vacancy/import/"' in listing
    assert hr_client.get("/admin/vacancies/vacancy/import/").status_code == 200
    upload = SimpleUploadedFile("seed_2.pdf", (TORS / "seed_2.pdf").read_bytes(), content_type="application/pdf")
    response = hr_client.post(
        "/admin/vacancies/vacancy/import/", {"file": upload, "text": "", "organization": "OSCSEA"}
    )
    assert response.status_code == 302
    draft = Vacancy.objects.get(title="JPO in Political, Peace and Humanitarian Network", status=Status.DRAFT)
    assert draft.organization == "OSCSEA"
    assert response["Location"] == f"/admin/vacancies/vacancy/{draft.pk}/change/"
    text = page_text(hr_client.get(response["Location"]))
    assert "was imported as a draft" in text
    assert "Imported from seed_2.pdf: check it against the ToR" in text
    assert "Sponsor country: BFIO, Germany's JPO programme office, publishes this ToR" in text
    assert "Not stated in the ToR" in text
    assert "Wichtige Hinweise" in text  # the ToR's text, beside the form
    assert [(s.city, s.country, s.period) for s in draft.duty_stations.all()] == [
        ("Naqoura", "LB", "1st year"),
        ("New York", "US", "2nd year"),
    ]
    assert draft.qualifications.filter(category="language", level="required", language="fr").exists()


def test_hr_staff_paste_a_tor(hr_client):
    text = (TORS / "unhcr_style.txt").read_text()
    response = hr_client.post("/admin/vacancies/vacancy/import/", {"text": text, "organization": "OHCHR"})
    assert response.status_code == 302
    draft = Vacancy.objects.get(title="Associate Protection Officer (JPO)")
    # HR staff import for their own organization, whatever the ToR names; the report says so.
    assert (draft.organization, draft.age_limit, str(draft.age_limit_on)) == ("OHCHR", 30, "2026-12-31")
    assert (
        "The ToR names the organization “UNHCR”: the draft is saved under yours, OHCHR."
        in (draft.import_report["warnings"])
    )
    assert draft.supervision.supervisor_grade == "P-3"
    assert draft.import_report["file"] == "pasted text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Choose a ToR file, or paste its text."),
        ({"text": "x", "file": ("a.txt", b"Title: A")}, "Upload a file or paste the text, not both."),
        ({"file": ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)}, "This file is named .pdf but it is a PNG image."),
        ({"file": ("archive.docx", None)}, "This .docx is not a Word document: it is a ZIP archive of other files."),
    ],
)
def test_a_bad_import_says_why_and_saves_nothing(hr_client, data, message):
    before = Vacancy.objects.count()
    post = {"text": data.get("text", ""), "organization": "DPO"}
    if "file" in data:
        name, content = data["file"]
        if content is None:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("hello.txt", "hello")
            content = buffer.getvalue()
        post["file"] = SimpleUploadedFile(name, content)
    response = hr_client.post("/admin/vacancies/vacancy/import/", post)
    assert response.status_code == 200
    assert message in page_text(response)
    assert Vacancy.objects.count() == before


def test_staff_who_may_not_add_vacancies_cannot_import(client, seeded):
    from django.contrib.auth.models import User

    User.objects.create_user("viewer", password="a-long-password-1", is_staff=True)
    force_verified_login(client, User.objects.get(username="viewer"))
    assert client.get("/admin/vacancies/vacancy/import/").status_code == 403


def test_an_upload_past_the_limit_is_not_even_read(hr_client):
    before = Vacancy.objects.count()
    big = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024))
    response = hr_client.post("/admin/vacancies/vacancy/import/", {"file": big, "text": ""})
    assert response.status_code == 200
    assert "The file is larger than the limit of 10 MB: it was not read." in page_text(response)
    assert Vacancy.objects.count() == before


def test_the_import_page_still_checks_the_csrf_token(client, seeded):
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    force_verified_login(checked, create_hr_staff())
    response = checked.post("/admin/vacancies/vacancy/import/", {"text": "Title: A"})
    assert response.status_code == 403
    assert Vacancy.objects.filter(title="A").count() == 0


def test_the_parser_reads_any_text_without_failing():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from vacancies.importing.parse import parse

    pieces = st.sampled_from(
        [
            "I. General Information\n",
            "Title:",
            "Duty Station: ",
            "Geneva, Switzerland\n",
            "[Non-Family Duty Station: yes / no X]\n",
            "Duration: 1–3 years\n",
            "III. Duties\n",
            "1. ",
            "- ",
            "o ",
            "IV. Qualifications\n",
            "Education: Master's degree. A first-level degree in lieu.\n",
            "Languages: English | Fluent (required)\n",
            "UN competencies:\nTEAMWORK: Works.\n",
            "VII. Wichtige Hinweise\nFranzösische Sprachkenntnisse werden vorausgesetzt.\n",
            "Application deadline (midnight Geneva time): 31 February 2027\n",
            "\n",
            "  ",
            "(",
            "):",
        ]
    )

    @settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=40))
    def check(parts):
        draft = parse("".join(parts))
        assert isinstance(draft.warnings, list)

    check()
