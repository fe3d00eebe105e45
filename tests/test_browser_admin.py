"""An HR staff member edits a vacancy through the admin in Debian's Chromium."""

import io
import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from tests.helpers import PASSWORD, authenticator, current_code
from vacancies.models import Vacancy

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

UNODC = "22p001-crime-prevention-and-criminal-justice"


@pytest.fixture
def admin_site(live_server, seeded):
    """The live server with the seed ToRs and an HR staff account made by the management command."""
    call_command(
        "create_hr_staff",
        "amina",
        "--organization=DPO",
        "--organization=UNODC",
        email="amina@example.org",
        password=PASSWORD,
        stdout=io.StringIO(),
    )
    return live_server.url


def test_hr_staff_changes_the_supervisor_in_the_browser(admin_site, page):
    vacancy = Vacancy.objects.get(slug=UNODC)
    page.set_default_timeout(10_000)
    page.goto(f"{admin_site}/admin/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code").fill(current_code(authenticator(User.objects.get(username="amina"))))
    page.get_by_role("button", name="Log in").click()
    # The app's caption and its one model are both called "Vacancies": the model's row comes last.
    page.get_by_role("link", name="Vacancies", exact=True).last.click()
    page.get_by_role("link", name=vacancy.title).click()

    supervisor = page.get_by_role("textbox", name="Supervisor title:")
    old_title = supervisor.input_value()
    assert old_title == vacancy.supervision.supervisor_title
    supervisor.fill("Head of the Trafficking Section (edited in the browser)")
    page.get_by_role("button", name="Save", exact=True).last.click()

    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    page.goto(f"{admin_site}/vacancies/{UNODC}/")
    supervision = page.locator("section", has=page.get_by_role("heading", name="Supervision", exact=True))
    assert "Head of the Trafficking Section (edited in the browser)" in supervision.inner_text()
    assert old_title not in supervision.inner_text()
    # Everything else stays: the duties, in their groups, and every qualification.
    vacancy.refresh_from_db()
    assert vacancy.duties.count() == 20
    assert vacancy.duties.filter(group__isnull=False).count() > 0
    assert vacancy.qualifications.count() == 10
    assert vacancy.source_text.startswith(" United Nations JPO Programme")


def log_in_and_open(page, admin_site, vacancy):
    page.set_default_timeout(10_000)
    page.goto(f"{admin_site}/admin/login/?next=/admin/vacancies/vacancy/{vacancy.pk}/change/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code").fill(current_code(authenticator(User.objects.get(username="amina"))))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/admin/vacancies/vacancy/{vacancy.pk}/change/")


def test_a_qualification_shows_the_inputs_of_its_category(admin_site, page):
    vacancy = Vacancy.objects.get(slug=UNODC)
    experience = vacancy.qualifications.get(category="experience", min_years=2)
    log_in_and_open(page, admin_site, vacancy)
    row = page.locator("#qualifications-group .inline-related").filter(
        has=page.locator(f'input[name$="-id"][value="{experience.pk}"]')
    )
    expect(row.get_by_label("Minimum years of experience:")).to_be_visible()
    expect(row.get_by_label("Degree:", exact=True)).to_be_hidden()
    expect(row.get_by_label("Language:")).to_be_hidden()

    row.get_by_label("Category:").select_option(label="Languages")
    expect(row.get_by_label("Language:")).to_be_visible()
    expect(row.get_by_label("Proficiency:")).to_be_visible()
    expect(row.get_by_label("Degree:", exact=True)).to_be_hidden()
    expect(row.get_by_label("Minimum years of experience:")).to_be_hidden()

    # Typing a name's first letters picks the language; the hidden years are not sent.
    row.get_by_label("Language:").focus()
    page.keyboard.type("Fren")
    expect(row.get_by_label("Language:")).to_have_value("fr")
    row.get_by_label("Proficiency:").fill("B2")
    page.get_by_role("button", name="Save", exact=True).last.click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    experience.refresh_from_db()
    assert (experience.category, experience.language, experience.proficiency, experience.min_years) == (
        "language",
        "fr",
        "B2",
        None,
    )
