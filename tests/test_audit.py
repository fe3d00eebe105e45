"""The audit trail HR managers read: who changed, published, closed, imported or exported what, and sign-ins."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.helpers import PASSWORD, create_hr_staff, form_data, log_in, page_text
from vacancies.models import AuditEvent, Vacancy

UNODC = "22p001-crime-prevention-and-criminal-justice"
OHCHR = "ohchr-human-rights-digital-age"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager(seeded):
    call_command(
        "create_hr_staff", "mara", "--organization=UNODC", "--manager", password=PASSWORD, stdout=io.StringIO()
    )
    return log_in(Client(), "mara")


def actions(client):
    response = client.get("/admin/vacancies/auditevent/")
    assert response.status_code == 200
    return [(e.username, e.action, e.object_repr) for e in response.context["cl"].result_list]


def test_what_hr_staff_do_is_recorded_and_their_manager_reads_it(manager, seeded):
    create_hr_staff("una", organizations=["UNODC"])
    una = log_in(Client(), "una")
    unodc = Vacancy.objects.get(slug=UNODC)
    data = form_data(una.get(f"/admin/vacancies/vacancy/{unodc.pk}/change/"))
    data.update({"title": [unodc.title + " (edited)"], "_save": ["Save"]})
    assert una.post(f"/admin/vacancies/vacancy/{unodc.pk}/change/", data).status_code == 302
    for action in ("close", "export_csv"):
        una.post("/admin/vacancies/vacancy/", {"action": action, "_selected_action": [str(unodc.pk)], "index": "0"})
    una.post(
        "/admin/vacancies/vacancy/import/",
        {"text": "Title: JPO in Drug Policy\nSector of Assignment: Drugs\n", "organization": "UNODC"},
    )
    title = f"22P001 {unodc.title} (edited)"
    recorded = actions(manager)
    assert ("una", "imported", "JPO in Drug Policy") in recorded
    assert ("una", "exported", title) in recorded
    assert ("una", "closed", title) in recorded
    assert ("una", "changed", title) in recorded
    assert ("una", "logged_in", "") in recorded
    assert AuditEvent.objects.get(username="una", action="changed").detail == "Changed Title."
    assert AuditEvent.objects.get(username="una", action="exported").detail == "as CSV"


def test_failed_sign_ins_and_lockouts_are_recorded_for_the_accounts_organization(manager, seeded):
    create_hr_staff("una", organizations=["UNODC"])
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        stranger.post("/admin/login/", {"username": "una", "password": "wrong", "otp_token": "000000"})
    recorded = actions(manager)
    assert recorded.count(("una", "login_failed", "")) == 5
    assert ("una", "locked_out", "") in recorded
    event = AuditEvent.objects.filter(username="una", action="login_failed").first()
    assert (event.organization, event.address) == ("UNODC", "203.0.113.9")


def test_a_manager_reads_only_their_organizations_events(manager, seeded):
    create_hr_staff("olga", organizations=["OHCHR"])
    olga = log_in(Client(), "olga")
    ohchr = Vacancy.objects.get(slug=OHCHR)
    olga.post("/admin/vacancies/vacancy/", {"action": "close", "_selected_action": [str(ohchr.pk)], "index": "0"})
    assert AuditEvent.objects.filter(username="olga", action="closed").exists()
    assert not [row for row in actions(manager) if row[0] == "olga"]
    other = AuditEvent.objects.get(username="olga", action="closed")
    assert manager.get(f"/admin/vacancies/auditevent/{other.pk}/change/").status_code == 404


def test_hr_staff_who_are_not_managers_and_sponsors_cannot_read_the_trail(seeded):
    create_hr_staff("una", organizations=["UNODC"])
    assert log_in(Client(), "una").get("/admin/vacancies/auditevent/").status_code == 403
    call_command("create_sponsor", "sam", country="CH", password=PASSWORD, stdout=io.StringIO())
    assert log_in(Client(), "sam").get("/admin/vacancies/auditevent/").status_code == 403


def test_nobody_edits_the_trail(manager, seeded):
    event = AuditEvent.objects.filter(username="mara").first()
    page = manager.get(f"/admin/vacancies/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert "View audit event" in page_text(page)
    assert manager.post(f"/admin/vacancies/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert manager.get("/admin/vacancies/auditevent/add/").status_code == 403
