"""Least privilege in the admin: each organization's HR staff touch only its vacancies, sponsors read theirs.

Two HR accounts of different organizations (UNODC, OHCHR) and one sponsor (Switzerland), on every
view of the admin, including direct URLs to the other organization's objects and POSTs to them.
"""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.helpers import PASSWORD, create_hr_staff, form_data, log_in, page_text
from vacancies.models import SponsorAccount, Status, Vacancy

UNODC = "22p001-crime-prevention-and-criminal-justice"
OHCHR = "ohchr-human-rights-digital-age"
SWISS = "int-010-17-p127-political-officer"  # DPA, sponsored by Switzerland


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unodc_staff(client, seeded):
    create_hr_staff("una", organizations=["UNODC"])
    return log_in(client, "una")


@pytest.fixture
def sponsor(client, seeded):
    call_command("create_sponsor", "sam", country="ch", password=PASSWORD, stdout=io.StringIO())
    return log_in(client, "sam")


def url(slug, view="change"):
    return f"/admin/vacancies/vacancy/{Vacancy.objects.get(slug=slug).pk}/{view}/"


def change_list_titles(client, query=""):
    response = client.get(f"/admin/vacancies/vacancy/{query}")
    assert response.status_code == 200
    return {vacancy.slug for vacancy in response.context["cl"].result_list}


# HR staff of one organization ---------------------------------------------------------------------


def test_hr_staff_see_only_their_organizations_vacancies_drafts_included(unodc_staff):
    draft = Vacancy.objects.get(slug=UNODC)
    assert change_list_titles(unodc_staff) == {UNODC}
    Vacancy.objects.filter(slug=OHCHR).update(status=Status.DRAFT)
    assert change_list_titles(unodc_staff, "?q=Geneva") == set()  # the OHCHR draft, in Geneva: not theirs
    assert draft.organization == "UNODC"


@pytest.mark.parametrize("view", ["change", "history", "delete", "preview"])
def test_another_organizations_vacancy_answers_as_if_it_did_not_exist(unodc_staff, view):
    assert unodc_staff.get(url(UNODC, view)).status_code == 200
    other = unodc_staff.get(url(OHCHR, view))
    missing = unodc_staff.get(f"/admin/vacancies/vacancy/999999/{view}/")
    assert other.status_code == missing.status_code == 404


def test_posting_to_another_organizations_vacancy_changes_nothing(unodc_staff):
    ohchr = Vacancy.objects.get(slug=OHCHR)
    data = form_data(unodc_staff.get(url(UNODC)))
    data["title"] = ["Taken over"]
    data["_save"] = ["Save"]
    assert unodc_staff.post(url(OHCHR), data).status_code == 404
    assert unodc_staff.post(url(OHCHR, "delete"), {"post": "yes"}).status_code == 404
    assert Vacancy.objects.get(pk=ohchr.pk).title == ohchr.title
    assert not LogEntry.objects.filter(object_id=str(ohchr.pk)).exists()


@pytest.mark.parametrize("action", ["close", "publish", "duplicate", "export_csv", "delete_selected"])
def test_actions_on_another_organizations_vacancy_touch_nothing(unodc_staff, action):
    ohchr = Vacancy.objects.get(slug=OHCHR)
    before = (Vacancy.objects.count(), ohchr.status)
    response = unodc_staff.post(
        "/admin/vacancies/vacancy/",
        {"action": action, "_selected_action": [str(ohchr.pk)], "index": "0", "post": "yes"},
    )
    # The selection is read through the account's own vacancies: nothing is selected, nothing done.
    assert response.status_code in (200, 302)
    assert (Vacancy.objects.count(), Vacancy.objects.get(pk=ohchr.pk).status) == before
    if (
        action == "export_csv"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/csv")
    ):
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows == []


def test_the_delete_confirmation_for_another_organizations_vacancy_names_nothing(unodc_staff):
    ohchr = Vacancy.objects.get(slug=OHCHR)
    response = unodc_staff.post(
        "/admin/vacancies/vacancy/", {"action": "delete_selected", "_selected_action": [str(ohchr.pk)], "index": "0"}
    )
    assert ohchr.title not in page_text(response)


def test_hr_staff_cannot_create_a_vacancy_for_or_move_one_to_another_organization(unodc_staff):
    add = form_data(unodc_staff.get("/admin/vacancies/vacancy/add/"))
    add.update(
        {
            "title": ["JPO in Statistics"],
            "slug": ["jpo-in-statistics"],
            "sector": ["Statistics"],
            "organization": ["OHCHR"],
            "duty_stations-0-city": ["New York"],
            "duty_stations-0-country": ["US"],
            "_save": ["Save"],
        }
    )
    response = unodc_staff.post("/admin/vacancies/vacancy/add/", add)
    assert response.status_code == 200
    assert "Select a valid choice. OHCHR is not one of the available choices." in page_text(response)
    assert not Vacancy.objects.filter(slug="jpo-in-statistics").exists()
    data = form_data(unodc_staff.get(url(UNODC)))
    assert data["organization"] == ["UNODC"]
    data.update({"organization": ["OHCHR"], "_save": ["Save"]})
    response = unodc_staff.post(url(UNODC), data)
    assert response.status_code == 200
    assert Vacancy.objects.get(slug=UNODC).organization == "UNODC"


def test_hr_staff_import_for_their_own_organization_only(unodc_staff):
    page = unodc_staff.get("/admin/vacancies/vacancy/import/").content.decode()
    assert '<option value="UNODC">UNODC</option>' in page
    assert "OHCHR</option>" not in page
    response = unodc_staff.post(
        "/admin/vacancies/vacancy/import/", {"text": "Title: JPO in Drug Policy\n", "organization": "OHCHR"}
    )
    assert response.status_code == 200
    assert "Select a valid choice. OHCHR is not one of the available choices." in page_text(response)
    assert not Vacancy.objects.filter(title="JPO in Drug Policy").exists()


def test_create_hr_staff_needs_an_organization(db):
    with pytest.raises(CommandError, match="the following arguments are required: --organization"):
        call_command("create_hr_staff", "lee", password=PASSWORD)


# Sponsors ---------------------------------------------------------------------------------------


def test_a_sponsor_reads_every_vacancy_its_country_sponsors_drafts_and_closed_included(sponsor):
    assert SponsorAccount.objects.get(user__username="sam").country == "CH"
    assert change_list_titles(sponsor) == {SWISS}
    Vacancy.objects.filter(slug=SWISS).update(status=Status.CLOSED)
    assert change_list_titles(sponsor) == {SWISS}
    Vacancy.objects.filter(slug=SWISS).update(status=Status.DRAFT)
    assert change_list_titles(sponsor) == {SWISS}
    page = sponsor.get(url(SWISS))
    assert page.status_code == 200
    assert "View vacancy" in page_text(page)
    assert sponsor.get(url(SWISS, "preview")).status_code == 200


def test_the_filters_offer_only_what_the_account_may_see(sponsor):
    page = sponsor.get("/admin/vacancies/vacancy/").content.decode()
    # The Swiss-sponsored post is in New York: no other vacancy's country, organization or sponsor is named.
    assert "?country=US" in page
    assert not [code for code in ("AT", "CH", "LB") if f"?country={code}" in page]
    assert "organization__exact=UNODC" not in page
    assert "sponsor_country__exact=KR" not in page


def test_a_sponsor_changes_nothing_and_sees_no_other_country(sponsor):
    swiss = Vacancy.objects.get(slug=SWISS)
    assert sponsor.get(url(OHCHR)).status_code == 404
    assert sponsor.get("/admin/vacancies/vacancy/add/").status_code == 403
    assert sponsor.get("/admin/vacancies/vacancy/import/").status_code == 403
    data = form_data(sponsor.get(url(SWISS))) or {"title": ["Changed"]}
    data.update({"title": ["Changed"], "_save": ["Save"]})
    assert sponsor.post(url(SWISS), data).status_code == 403
    assert sponsor.post(url(SWISS, "delete"), {"post": "yes"}).status_code == 403
    assert Vacancy.objects.get(pk=swiss.pk).title == swiss.title


def test_a_sponsor_exports_its_vacancies(sponsor):
    swiss = Vacancy.objects.get(slug=SWISS)
    Vacancy.objects.filter(pk=swiss.pk).update(status=Status.DRAFT)
    response = sponsor.post(
        "/admin/vacancies/vacancy/",
        {"action": "export_csv", "_selected_action": [str(swiss.pk)], "index": "0"},
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["reference"], row["sponsor_country"], row["status"]) for row in rows] == [
        ("INT-010-17-P127", "CH", "draft")
    ]
    publish = sponsor.post(
        "/admin/vacancies/vacancy/", {"action": "publish", "_selected_action": [str(swiss.pk)], "index": "0"}
    )
    assert "No action selected" in page_text(publish) or publish.status_code in (302, 403)
    assert Vacancy.objects.get(pk=swiss.pk).status == Status.DRAFT


def test_create_sponsor_refuses_a_country_that_is_not_one(db):
    with pytest.raises(CommandError, match="'XX' is not an ISO 3166-1 alpha-2 country code"):
        call_command("create_sponsor", "sam", country="XX", password=PASSWORD)


def test_a_sponsor_exports_its_vacancies_as_excel_too(sponsor):
    import openpyxl

    swiss = Vacancy.objects.get(slug=SWISS)
    response = sponsor.post(
        "/admin/vacancies/vacancy/",
        {"action": "export_xlsx", "_selected_action": [str(swiss.pk)], "index": "0"},
    )
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *rows = workbook.active.iter_rows(values_only=True)
    row = dict(zip(header, rows[0], strict=True))
    assert (len(rows), row["reference"], row["sponsor_country"]) == (1, "INT-010-17-P127", "CH")
