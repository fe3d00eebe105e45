"""HR staff edit postings through the admin's own pages, as a browser would post them."""

import io
from datetime import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from tests.helpers import PASSWORD, create_hr_staff, form_data, log_in, page_text
from vacancies import services
from vacancies.models import Duty, DutyStation, Qualification, Status, Supervision, Vacancy

UNODC = "22p001-crime-prevention-and-criminal-justice"
SEA = "2024-2-42-political-peace-and-humanitarian-network"
KOREA = "ohchr-human-rights-digital-age"
HR_MODELS = {"vacancy", "supervision", "dutystation", "duty", "qualification"}


# Posting a form as a browser would -----------------------------------------


def row(data, prefix, pk):
    """The form prefix ("duties-3") of an inline row showing the object ``pk``."""
    for name, values in data.items():
        if name.startswith(f"{prefix}-") and name.endswith("-id") and values == [str(pk)]:
            return name[: -len("-id")]
    raise AssertionError(f"no {prefix} row for {pk}")


def change_url(vacancy):
    return f"/admin/vacancies/vacancy/{vacancy.pk}/change/"


def post_change(client, vacancy, **changes):
    """GET the change form, change some fields, POST it back with "Save"."""
    data = form_data(client.get(change_url(vacancy)))
    assert data, "the change form has no fields"
    for name, value in changes.items():
        assert name in data or name.endswith("-DELETE"), name
        data[name] = [value]
    data["_save"] = ["Save"]
    return client.post(change_url(vacancy), data)


def public_text(client, slug):
    response = client.get(f"/vacancies/{slug}/")
    assert response.status_code == 200
    return page_text(response)


def snapshot(vacancy):
    """Every stored fact of a vacancy and its sections, to prove nothing changed."""
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    fields = {f.attname: getattr(vacancy, f.attname) for f in Vacancy._meta.concrete_fields}
    fields.pop("search_vector")
    return {
        "vacancy": fields,
        "supervision": list(Supervision.objects.filter(vacancy=vacancy).values()),
        "stations": list(DutyStation.objects.filter(vacancy=vacancy).values()),
        "duties": list(Duty.objects.filter(vacancy=vacancy).values()),
        "qualifications": list(Qualification.objects.filter(vacancy=vacancy).values()),
    }


# Accounts ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test logs in; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hr_client(client, seeded):
    create_hr_staff("amina")
    return log_in(client, "amina")


@pytest.fixture
def other_staff_client(client, seeded):
    User.objects.create_user("sam", "sam@example.org", PASSWORD, is_staff=True)
    return log_in(client, "sam")


@pytest.fixture
def unodc(seeded):
    return Vacancy.objects.get(slug=UNODC)


# Least privilege -------------------------------------------------------------


def test_hr_staff_group_may_edit_the_vacancy_models_and_nothing_else(db):
    group = Group.objects.get(name="HR staff")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("vacancies", f"{action}_{model}") for model in HR_MODELS for action in ("view", "add", "change", "delete")
    }


def test_create_hr_staff_makes_a_staff_user_in_the_group_only(db):
    user = create_hr_staff("amina")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "amina@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["HR staff"]
    assert not user.user_permissions.exists()
    assert user.check_password(PASSWORD)
    assert user.has_perm("vacancies.change_vacancy")
    assert not user.has_perm("auth.change_user")


def test_create_hr_staff_refuses_an_existing_user(db):
    create_hr_staff("amina")
    with pytest.raises(CommandError, match="A user named 'amina' already exists"):
        create_hr_staff("amina")


def test_create_hr_staff_without_input_reads_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_HR_PASSWORD", PASSWORD)
    call_command(
        "create_hr_staff",
        "lee",
        "--organization=UNODC",
        email="lee@example.org",
        interactive=False,
        stdout=io.StringIO(),
    )
    assert User.objects.get(username="lee").check_password(PASSWORD)


def test_create_hr_staff_without_input_or_password_says_where_to_give_it(db, monkeypatch):
    monkeypatch.delenv("DJANGO_HR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_HR_PASSWORD"):
        call_command("create_hr_staff", "lee", "--organization=UNODC", email="lee@example.org", interactive=False)
    assert not User.objects.filter(username="lee").exists()


def test_create_hr_staff_refuses_a_weak_password(db):
    with pytest.raises(CommandError, match="The password is refused"):
        call_command("create_hr_staff", "lee", "--organization=UNODC", email="lee@example.org", password="password")
    assert not User.objects.filter(username="lee").exists()


def test_hr_staff_cannot_open_users_groups_or_permissions(hr_client):
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]:
        assert hr_client.get(url).status_code == 403, url
    assert hr_client.get("/admin/vacancies/vacancy/").status_code == 200


def test_staff_outside_the_group_cannot_see_vacancies(other_staff_client, unodc):
    assert other_staff_client.get("/admin/vacancies/vacancy/").status_code == 403
    assert other_staff_client.get(change_url(unodc)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, unodc):
    for url in ["/admin/vacancies/vacancy/", change_url(unodc), f"/admin/vacancies/vacancy/{unodc.pk}/preview/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


# The change list ---------------------------------------------------------------


def test_change_list_shows_each_vacancy_with_its_countries(hr_client):
    response = hr_client.get("/admin/vacancies/vacancy/")
    text = page_text(response)
    assert "5 vacancies" in text
    assert "2024-2-42 JPO in Political, Peace and Humanitarian Network OSCSEA LB, US Published" in text
    assert "22P001 JPO in Crime Prevention and Criminal Justice" in text


def test_change_list_filters_by_duty_station_country_and_searches_cities(hr_client):
    by_country = hr_client.get("/admin/vacancies/vacancy/?country=LB")
    assert [v.slug for v in by_country.context["cl"].result_list] == [SEA]
    in_new_york = hr_client.get("/admin/vacancies/vacancy/?q=New+York")
    assert len(in_new_york.context["cl"].result_list) == 3
    by_sponsor = hr_client.get("/admin/vacancies/vacancy/?sponsor_country=KR")
    assert [v.slug for v in by_sponsor.context["cl"].result_list] == [KOREA]


def clone(source, number):
    copy = services.duplicate_vacancy(vacancy=source)
    Vacancy.objects.filter(pk=copy.pk).update(status=Status.PUBLISHED, reference=f"CLONE-{number}")
    return copy


def test_change_list_runs_a_fixed_number_of_queries(hr_client, django_assert_num_queries):
    # session, user, the device that verified the session (second factor), the user's permissions (2),
    # the account's organizations and sponsor country (vacancies/permissions.py), the filters' choices
    # (organization, country, sponsor), the counts (filtered, total), the page with its duty stations.
    expected = 13
    with django_assert_num_queries(expected):
        assert hr_client.get("/admin/vacancies/vacancy/").status_code == 200
    source = Vacancy.objects.get(slug=SEA)
    for number in range(25):
        clone(source, number)
    assert Vacancy.objects.count() == 30
    with django_assert_num_queries(expected):
        response = hr_client.get("/admin/vacancies/vacancy/")
    assert len(response.context["cl"].result_list) == 30


# Editing each section --------------------------------------------------------


def assert_only_change(before, after, old, new):
    """``after`` is ``before`` with ``old`` replaced by ``new``, and nothing else changed."""
    assert new in after
    assert new not in before
    assert after.replace(new, old) == before


def test_hr_staff_edits_general_information(hr_client, unodc):
    before = public_text(hr_client, UNODC)
    response = post_change(hr_client, unodc, sector="Criminal Justice Reform (edited)")
    assert response.status_code == 302, page_text(response)
    assert_only_change(before, public_text(hr_client, UNODC), unodc.sector, "Criminal Justice Reform (edited)")


def test_hr_staff_edits_supervision(hr_client, unodc):
    old = unodc.supervision.supervisor_title
    before = public_text(hr_client, UNODC)
    response = post_change(hr_client, unodc, **{"supervision-0-supervisor_title": "Chief of Section, HTMSS (edited)"})
    assert response.status_code == 302, page_text(response)
    assert_only_change(before, public_text(hr_client, UNODC), old, "Chief of Section, HTMSS (edited)")


def test_hr_staff_edits_one_duty_station(hr_client, seeded):
    sea = Vacancy.objects.get(slug=SEA)
    station = sea.duty_stations.get(city="New York")
    data = form_data(hr_client.get(change_url(sea)))
    prefix = row(data, "duty_stations", station.pk)
    before = public_text(hr_client, SEA)
    response = post_change(hr_client, sea, **{f"{prefix}-period": "second year (edited)"})
    assert response.status_code == 302, page_text(response)
    assert_only_change(before, public_text(hr_client, SEA), station.period, "second year (edited)")
    assert list(sea.duty_stations.values_list("city", "country")) == [("Naqoura", "LB"), ("New York", "US")]


def test_hr_staff_edits_a_duty_inside_a_group(hr_client, unodc):
    duty = unodc.duties.filter(group__isnull=False).order_by("order").first()
    group_id = duty.group_id
    data = form_data(hr_client.get(change_url(unodc)))
    prefix = row(data, "duties", duty.pk)
    assert data[f"{prefix}-group"] == [str(group_id)]
    before = public_text(hr_client, UNODC)
    new = "keeping abreast of trafficking developments in the region (edited)"
    response = post_change(hr_client, unodc, **{f"{prefix}-text": new})
    assert response.status_code == 302, page_text(response)
    assert_only_change(before, public_text(hr_client, UNODC), duty.text, new)
    duty.refresh_from_db()
    assert duty.group_id == group_id


def test_hr_staff_edits_a_qualification(hr_client, seeded):
    korea = Vacancy.objects.get(slug=KOREA)
    qualification = korea.qualifications.filter(category="education").first()
    data = form_data(hr_client.get(change_url(korea)))
    prefix = row(data, "qualifications", qualification.pk)
    before = public_text(hr_client, KOREA)
    new = "A master's degree in law, human rights or a related field (edited)."
    response = post_change(hr_client, korea, **{f"{prefix}-text": new})
    assert response.status_code == 302, page_text(response)
    assert_only_change(before, public_text(hr_client, KOREA), qualification.text, new)


def test_saving_the_unchanged_form_changes_nothing(hr_client, seeded):
    for vacancy in Vacancy.objects.all():
        before_page, before = public_text(hr_client, vacancy.slug), snapshot(vacancy)
        response = post_change(hr_client, vacancy)
        assert response.status_code == 302, page_text(response)
        after = snapshot(vacancy)
        before["vacancy"].pop("updated_at"), after["vacancy"].pop("updated_at")
        assert after == before
        assert public_text(hr_client, vacancy.slug) == before_page
        assert LogEntry.objects.filter(object_id=str(vacancy.pk)).get().get_change_message() == "No fields changed."


def test_duty_group_choices_are_this_vacancys_top_level_duties(hr_client, unodc):
    response = hr_client.get(change_url(unodc))
    form = response.context["inline_admin_formsets"][2].formset.forms[0]
    choices = {pk for pk, _ in form.fields["group"].choices if pk}
    assert choices == set(unodc.duties.filter(group__isnull=True).values_list("pk", flat=True))


def test_a_group_from_another_vacancy_is_refused(hr_client, unodc):
    other = Duty.objects.exclude(vacancy=unodc).first()
    duty = unodc.duties.first()
    data = form_data(hr_client.get(change_url(unodc)))
    before = snapshot(unodc)
    response = post_change(hr_client, unodc, **{f"{row(data, 'duties', duty.pk)}-group": str(other.pk)})
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert snapshot(unodc) == before


# Bad input: the admin's message, and nothing changed ---------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference": "INT-010-17-P127"}, "Another vacancy already has this reference."),
        ({"posted_on": "2026-11-22", "closes_on": "2026-11-01"}, "The closing date cannot be before the posting date."),
        ({"duration_months": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"sponsor_country": "de"}, "“de” is not a country on the list: choose the country by its name"),
        ({"title": ""}, "A published vacancy needs every section candidates read: it has no title."),
        ({"duty_stations-0-DELETE": "on"}, "Please submit at least 1 form."),
        (
            {"closes_on": "2027-01-15", "closes_at": "24:00", "closing_time_zone": "Europe/Geneva"},
            "“Europe/Geneva” is not an IANA time zone name. Give the zone of a city, such as Europe/Zurich for Geneva",
        ),
        ({"closes_on": "2027-01-15", "closes_at": "23:59"}, "Give the time zone of the closing time"),
        ({"closes_on": "2027-01-15", "closing_time_zone": "Europe/Zurich"}, "Give the closing time in this time zone"),
        ({"closes_at": "23:59", "closing_time_zone": "Europe/Zurich"}, "A closing time needs the closing date"),
        (
            {"closes_on": "2027-01-15", "closes_at": "00:00", "closing_time_zone": "Europe/Zurich"},
            "00:00 is the start of the closing day. For “midnight” at the end of it, enter 24:00",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(hr_client, unodc, changes, message):
    before, before_page = snapshot(unodc), public_text(hr_client, UNODC)
    # A good edit in the same post must not be saved either.
    changes = {"supervision-0-supervisor_title": "Someone else", **changes}
    response = post_change(hr_client, unodc, **changes)
    assert response.status_code == 200
    text = page_text(response)
    assert "Please correct the error" in text
    assert message in text
    assert snapshot(unodc) == before
    assert public_text(hr_client, UNODC) == before_page
    assert not LogEntry.objects.exists()


def test_a_published_vacancy_cannot_lose_its_duties(hr_client, unodc):
    data = form_data(hr_client.get(change_url(unodc)))
    deletions = {
        name.replace("-id", "-DELETE"): "on" for name in data if name.startswith("duties-") and name.endswith("-id")
    }
    deletions = {name: value for name, value in deletions.items() if "__prefix__" not in name}
    before = snapshot(unodc)
    response = post_change(hr_client, unodc, **deletions)
    assert response.status_code == 200
    assert "A published vacancy needs every section candidates read: it has no duties." in page_text(response)
    assert snapshot(unodc) == before


def test_a_draft_without_duties_can_be_saved_but_not_published(hr_client, unodc):
    unodc.duties.all().delete()
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    response = post_change(hr_client, unodc, title="Draft title")
    assert response.status_code == 302
    response = post_change(hr_client, unodc, status="published")
    assert response.status_code == 200
    assert "it has no duties" in page_text(response)
    unodc.refresh_from_db()
    assert (unodc.status, unodc.title) == (Status.DRAFT, "Draft title")


def test_publication_problems_name_everything_missing():
    vacancy = Vacancy(title=" ", organization="")
    problems = services.publication_problems(vacancy=vacancy, duty_station_count=0, duty_count=0, qualification_count=0)
    assert problems == [
        "no title",
        "no sector",
        "no organization",
        "no duty station",
        "no duties",
        "no qualifications",
        "no closing date (tick “Open until filled” if the ToR gives none)",
        "no way to apply (an application address, an e-mail address or how-to-apply text)",
    ]


# History ---------------------------------------------------------------------


def test_every_change_records_who_and_when(hr_client, unodc):
    post_change(hr_client, unodc, sector="Edited sector")
    entry = LogEntry.objects.get()
    assert entry.user.username == "amina"
    assert entry.object_id == str(unodc.pk)
    assert "Changed Sector of assignment" in entry.get_change_message()
    history = page_text(hr_client.get(f"/admin/vacancies/vacancy/{unodc.pk}/history/"))
    assert "amina" in history
    assert "Changed Sector of assignment." in history


# Drafts, preview and the public page ---------------------------------------------


def test_a_draft_is_hidden_publicly_and_previewed_for_hr_staff(hr_client, unodc):
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    assert hr_client.get(f"/vacancies/{UNODC}/").status_code == 404
    change = hr_client.get(change_url(unodc)).content.decode()
    preview_url = f"/admin/vacancies/vacancy/{unodc.pk}/preview/"
    assert f'href="{preview_url}"' in change
    assert "View on site" not in change
    preview = hr_client.get(preview_url)
    assert preview.status_code == 200
    assert "vacancies/vacancy_detail.html" in [t.name for t in preview.templates]
    text = page_text(preview)
    assert "This draft is not public" in text
    assert "JPO in Crime Prevention and Criminal Justice" in text
    assert '<meta name="robots" content="noindex, nofollow">' in preview.content.decode()


def test_the_preview_is_refused_to_staff_outside_the_group(other_staff_client, unodc):
    # As if it did not exist: staff outside the group see no vacancy at all (vacancies/permissions.py).
    assert other_staff_client.get(f"/admin/vacancies/vacancy/{unodc.pk}/preview/").status_code == 404


def test_a_published_vacancy_links_to_its_public_page(hr_client, unodc):
    change = hr_client.get(change_url(unodc)).content.decode()
    assert "View on site" in change
    response = hr_client.get(f"/admin/r/{_content_type_id()}/{unodc.pk}/")
    assert response.status_code == 302
    assert response.url.endswith(f"/vacancies/{UNODC}/")


def _content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Vacancy).pk


# Actions -------------------------------------------------------------------------


def run_action(client, action, *vacancies):
    return client.post(
        "/admin/vacancies/vacancy/",
        {"action": action, "_selected_action": [str(v.pk) for v in vacancies], "index": "0"},
        follow=True,
    )


def test_publish_action_publishes_complete_drafts(hr_client, unodc):
    Vacancy.objects.filter(pk=unodc.pk).update(
        status=Status.DRAFT, posted_on=None, open_until_filled=True, application_email="jpo@example.org"
    )
    response = run_action(hr_client, "publish", unodc)
    assert "Published 1 vacancy." in page_text(response)
    unodc.refresh_from_db()
    assert unodc.status == Status.PUBLISHED
    assert unodc.posted_on is not None
    assert hr_client.get(f"/vacancies/{UNODC}/").status_code == 200
    assert LogEntry.objects.get().get_change_message() == "Published."


def test_publish_action_refuses_incomplete_drafts_and_names_what_is_missing(hr_client, unodc):
    korea = Vacancy.objects.get(slug=KOREA)
    Vacancy.objects.filter(pk__in=[unodc.pk, korea.pk]).update(status=Status.DRAFT)
    Vacancy.objects.filter(pk=unodc.pk).update(closes_on="2099-01-15", how_to_apply="Apply on Inspira.")
    korea.duties.all().delete()
    korea.duty_stations.all().delete()
    before = snapshot(korea)
    response = run_action(hr_client, "publish", unodc, korea)
    text = page_text(response)
    assert (
        f"“{korea}” cannot be published: it has no duty station, no duties, "
        "no closing date (tick “Open until filled” if the ToR gives none)." in text
    )
    assert "Published 1 vacancy." in text
    assert snapshot(korea) == before
    assert Vacancy.objects.get(pk=unodc.pk).status == Status.PUBLISHED


def test_close_action_keeps_the_public_page_with_a_notice(hr_client, unodc):
    response = run_action(hr_client, "close", unodc)
    assert "Closed 1 vacancy" in page_text(response)
    assert Vacancy.objects.get(pk=unodc.pk).status == Status.CLOSED
    text = public_text(hr_client, UNODC)
    assert "This vacancy is closed" in text
    assert "5 vacancies" not in page_text(hr_client.get("/"))
    assert UNODC not in hr_client.get("/").content.decode()


def section_facts(vacancy):
    """Every section's content, without ids, with each duty's group as its text."""
    facts = snapshot(vacancy)
    for name in ("supervision", "stations", "qualifications"):
        for item in facts[name]:
            item.pop("id"), item.pop("vacancy_id")
    texts = {d["id"]: d["text"] for d in facts["duties"]}
    for duty in facts["duties"]:
        duty["group"] = texts.get(duty.pop("group_id"))
        duty.pop("id"), duty.pop("vacancy_id")
    for name in ("id", "slug", "reference", "status", "posted_on", "closes_on", "created_at", "updated_at"):
        facts["vacancy"].pop(name)
    return facts


def test_duplicate_action_copies_every_section_as_a_new_draft(hr_client, unodc):
    response = run_action(hr_client, "duplicate", unodc)
    assert "as a new draft" in page_text(response)
    copy = Vacancy.objects.exclude(pk=unodc.pk).get(slug__startswith=UNODC)
    assert copy.slug == f"{UNODC}-copy"
    assert (copy.status, copy.reference, copy.posted_on) == (Status.DRAFT, "", None)
    assert copy.duties.count() == unodc.duties.count() == 20
    assert copy.qualifications.count() == unodc.qualifications.count() == 10
    assert copy.duty_stations.count() == unodc.duty_stations.count() == 1
    assert copy.duties.filter(group__isnull=False).exclude(group__vacancy=copy).count() == 0
    assert section_facts(copy) == section_facts(unodc)
    # The copy reads like the original, apart from the reference the ToR gave the original.
    original = public_text(hr_client, UNODC)
    preview = page_text(hr_client.get(f"/admin/vacancies/vacancy/{copy.pk}/preview/"))
    assert copy.title in preview
    assert unodc.supervision.supervisor_title in preview
    assert "This draft is not public" in preview
    assert hr_client.get(f"/vacancies/{copy.slug}/").status_code == 404
    assert "JPO in Crime Prevention" in original
    # A second copy gets a slug of its own.
    run_action(hr_client, "duplicate", unodc)
    assert Vacancy.objects.filter(slug=f"{UNODC}-copy-2").exists()


def test_staff_outside_the_group_cannot_run_actions(other_staff_client, unodc):
    response = other_staff_client.post(
        "/admin/vacancies/vacancy/", {"action": "close", "_selected_action": [str(unodc.pk)]}
    )
    assert response.status_code == 403
    assert Vacancy.objects.get(pk=unodc.pk).status == Status.PUBLISHED


def test_slug_is_fixed_once_published(hr_client, unodc):
    data = form_data(hr_client.get(change_url(unodc)))
    assert "slug" not in data
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    assert "slug" in form_data(hr_client.get(change_url(unodc)))


def test_hr_staff_can_add_a_draft_vacancy(hr_client):
    data = form_data(hr_client.get("/admin/vacancies/vacancy/add/"))
    data.update(
        {
            "title": ["JPO in Statistics"],
            "slug": ["jpo-in-statistics"],
            "sector": ["Statistics"],
            "organization": ["DPO"],  # one of the account's organizations: tests/test_roles.py for the others
            "duty_stations-0-city": ["New York"],
            "duty_stations-0-country": ["US"],
            "_save": ["Save"],
        }
    )
    response = hr_client.post("/admin/vacancies/vacancy/add/", data)
    assert response.status_code == 302, page_text(response)
    vacancy = Vacancy.objects.get(slug="jpo-in-statistics")
    assert vacancy.status == Status.DRAFT
    assert list(vacancy.duty_stations.values_list("city", flat=True)) == ["New York"]
    assert LogEntry.objects.get().user.username == "amina"


# The deadline's time and zone ----------------------------------------------------


def test_hr_staff_enter_the_deadline_time_and_zone_next_to_the_closing_date(hr_client, unodc):
    response = post_change(
        hr_client,
        unodc,
        closes_on="2027-01-15",
        closes_at="24:00",
        closing_time_zone="Europe/Zurich",
        closing_time_text="midnight Geneva time",
    )
    assert response.status_code == 302, page_text(response)
    vacancy = Vacancy.objects.get(pk=unodc.pk)
    assert (vacancy.closes_on.isoformat(), vacancy.closes_at, vacancy.closing_time_zone) == (
        "2027-01-15",
        time(23, 59, 59),
        "Europe/Zurich",
    )
    assert vacancy.closing_time_text == "midnight Geneva time"
    data = form_data(hr_client.get(change_url(unodc)))
    assert (data["closes_at"], data["closing_time_zone"]) == (["23:59:59"], ["Europe/Zurich"])
    text = public_text(hr_client, UNODC)
    assert "Closing date 15 January 2027, 23:59 Europe/Zurich time (UTC+01:00)" in text
    assert "The ToR: “midnight Geneva time”" in text
    # Saved again unchanged, the form changes nothing (24:00 came back as 23:59:59).
    before = snapshot(unodc)
    assert post_change(hr_client, unodc).status_code == 302
    assert snapshot(unodc)["vacancy"] | {"updated_at": None} == before["vacancy"] | {"updated_at": None}


def test_a_refused_time_zone_keeps_what_hr_typed(hr_client, unodc):
    Vacancy.objects.filter(pk=unodc.pk).update(
        closes_on="2027-01-15", closes_at=time(23, 59, 59), closing_time_zone="Europe/Zurich"
    )
    before = snapshot(unodc)
    response = post_change(
        hr_client, unodc, closing_time_zone="Geneva", closing_time_text="midnight Geneva time", title="New title"
    )
    assert response.status_code == 200
    assert "“Geneva” is not an IANA time zone name." in page_text(response)
    assert snapshot(unodc) == before
    data = form_data(response)
    assert (data["closing_time_zone"], data["closing_time_text"], data["title"]) == (
        ["Geneva"],
        ["midnight Geneva time"],
        ["New title"],
    )


def test_a_duplicate_gets_no_deadline_time(hr_client, unodc):
    Vacancy.objects.filter(pk=unodc.pk).update(
        closes_on="2027-01-15", closes_at=time(23, 59, 59), closing_time_zone="Europe/Zurich", closing_time_text="x"
    )
    copy = services.duplicate_vacancy(vacancy=unodc)
    assert (copy.closes_on, copy.closes_at, copy.closing_time_zone, copy.closing_time_text) == (None, None, "", "")
