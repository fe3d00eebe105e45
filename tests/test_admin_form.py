"""The vacancy change form HR works with (issue 14, item 4): pickers by name, nationalities where HR looks
for them, a qualification's inputs by category, duties nested before the first save, every error at the top,
and what publishing needs. Through the admin's pages, as a browser posts them."""

import re

import pytest
from django.contrib.admin.models import LogEntry

from tests.helpers import POLITICAL_OFFICER, create_hr_staff, form_data, log_in, page_text, titles
from vacancies.models import Duty, Qualification, Status, Vacancy

UNODC = "22p001-crime-prevention-and-criminal-justice"
SWISS = "int-010-17-p127-political-officer"
ADD_URL = "/admin/vacancies/vacancy/add/"

NO_DEADLINE = "no closing date (tick “Open until filled” if the ToR gives none)"
NO_WAY_TO_APPLY = "no way to apply (an application address, an e-mail address or how-to-apply text)"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hr_client(client, seeded):
    create_hr_staff("amina")
    return log_in(client, "amina")


def change_url(vacancy):
    return f"/admin/vacancies/vacancy/{vacancy.pk}/change/"


def post(client, url, data, **changes):
    data = {**data, **{name: value if isinstance(value, list) else [value] for name, value in changes.items()}}
    data["_save"] = ["Save"]
    return client.post(url, data)


def post_change(client, vacancy, **changes):
    return post(client, change_url(vacancy), form_data(client.get(change_url(vacancy))), **changes)


def row_prefix(data, prefix, pk):
    return next(name[: -len("-id")] for name, values in data.items() if name.startswith(prefix) and values == [str(pk)])


def selected_options(body, name):
    """(value, label) of the selected options of the select called ``name``."""
    select = re.search(rf'<select [^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', body, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected>([^<]*)</option>', select)


def stored(vacancy):
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    return (
        {f.attname: getattr(vacancy, f.attname) for f in Vacancy._meta.concrete_fields if f.attname != "updated_at"},
        list(vacancy.duty_stations.values()),
        list(vacancy.duties.values()),
        list(vacancy.qualifications.values()),
    )


# Countries and languages by name -------------------------------------------------------------


def test_country_and_language_pickers_show_names_and_keep_codes(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    body = hr_client.get(change_url(unodc)).content.decode()
    assert selected_options(body, "duty_stations-0-country") == [("AT", "Austria (AT)")]
    english = unodc.qualifications.get(category="language", language="en")
    prefix = row_prefix(form_data(hr_client.get(change_url(unodc))), "qualifications-", english.pk)
    assert selected_options(body, f"{prefix}-language") == [("en", "English (en)")]
    assert '<option value="KE">Kenya (KE)</option>' in body

    response = post_change(hr_client, unodc, sponsor_country="CH", other_language_notes_language="de")
    assert response.status_code == 302, page_text(response)
    unodc.refresh_from_db()
    assert (unodc.sponsor_country, unodc.other_language_notes_language) == ("CH", "de")
    body = hr_client.get(change_url(unodc)).content.decode()
    assert selected_options(body, "sponsor_country") == [("CH", "Switzerland (CH)")]
    assert selected_options(body, "other_language_notes_language") == [("de", "German (de)")]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "duty_stations-0-country",
            "Ke",
            "Duty station 1, country — “Ke” is not a country on the list: choose the country by its name "
            "(the board keeps its ISO 3166-1 alpha-2 code).",
        ),
        (
            "other_language_notes_language",
            "German",
            "“German” is not a language on the list: choose the language by its name (the board keeps its "
            "ISO 639-1 code).",
        ),
    ],
)
def test_a_code_not_on_the_list_is_refused_by_name(hr_client, seeded, name, value, message):
    unodc = Vacancy.objects.get(slug=UNODC)
    before = stored(unodc)
    response = post_change(hr_client, unodc, **{name: value})
    assert response.status_code == 200
    assert message in page_text(response)
    assert stored(unodc) == before


# Eligible nationalities ------------------------------------------------------------------------


def test_eligible_nationalities_round_trip_on_the_swiss_post(hr_client, seeded):
    swiss = Vacancy.objects.get(slug=SWISS)
    body = hr_client.get(change_url(swiss)).content.decode()
    assert selected_options(body, "eligible_nationalities") == [("CH", "Switzerland (CH)")]
    text = page_text(hr_client.get(change_url(swiss)))
    assert "VII. How to apply and eligibility Eligible nationalities" in text
    assert "As the ToR words it: Switzerland: “Swiss”." in text
    # Nationality rows are no longer among the qualifications' rows.
    assert not any(v == ["nationality"] for n, v in form_data(hr_client.get(change_url(swiss))).items())
    assert POLITICAL_OFFICER not in titles(hr_client.get("/?nationality=KR"))

    response = post_change(hr_client, swiss, eligible_nationalities=["CH", "KR"])
    assert response.status_code == 302, page_text(response)
    rows = list(swiss.qualifications.filter(category="nationality").values_list("country", "text", "level"))
    assert rows == [("CH", "Swiss", "required"), ("KR", "Nationals of South Korea", "required")]
    assert Vacancy.objects.get(pk=swiss.pk).nationality_codes == ["CH", "KR"]
    assert POLITICAL_OFFICER in titles(hr_client.get("/?nationality=KR"))
    assert "Changed Eligible nationalities." in LogEntry.objects.get().get_change_message()

    response = post_change(hr_client, swiss, eligible_nationalities=["CH"])
    assert response.status_code == 302, page_text(response)
    assert list(swiss.qualifications.filter(category="nationality").values_list("country", "text")) == [("CH", "Swiss")]
    assert Vacancy.objects.get(pk=swiss.pk).nationality_codes == ["CH"]
    assert POLITICAL_OFFICER not in titles(hr_client.get("/?nationality=KR"))
    assert POLITICAL_OFFICER in titles(hr_client.get("/?nationality=CH"))


# A qualification's inputs follow its category ---------------------------------------------------


@pytest.mark.parametrize(
    ("category", "field", "value", "message"),
    [
        ("language", "degree", "master", "A language qualification has no degree."),
        ("competency", "min_years", "3", "A competency qualification has no minimum years of experience."),
        ("education", "language", "fr", "An education qualification has no language."),
    ],
)
def test_a_value_the_category_does_not_use_is_refused(hr_client, seeded, category, field, value, message):
    unodc = Vacancy.objects.get(slug=UNODC)
    qualification = unodc.qualifications.filter(category=category).first()
    data = form_data(hr_client.get(change_url(unodc)))
    prefix = row_prefix(data, "qualifications-", qualification.pk)
    before = stored(unodc)
    response = post(hr_client, change_url(unodc), data, **{f"{prefix}-{field}": value})
    assert response.status_code == 200
    assert message in page_text(response)
    assert stored(unodc) == before


def test_changing_the_category_without_clearing_the_old_inputs_is_refused(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    experience = unodc.qualifications.get(category="experience", min_years=2)
    data = form_data(hr_client.get(change_url(unodc)))
    prefix = row_prefix(data, "qualifications-", experience.pk)
    response = post(hr_client, change_url(unodc), data, **{f"{prefix}-category": "skill"})
    assert "A skill qualification has no minimum years of experience." in page_text(response)
    # Cleared, as the page's script does when the category changes, it is saved.
    response = post(hr_client, change_url(unodc), data, **{f"{prefix}-category": "skill", f"{prefix}-min_years": ""})
    assert response.status_code == 302, page_text(response)
    experience.refresh_from_db()
    assert (experience.category, experience.min_years) == ("skill", None)


# Duties nested before the first save ------------------------------------------------------------


def new_vacancy_data(client, duties):
    data = form_data(client.get(ADD_URL))
    data.update(
        {
            "title": ["JPO in Statistics"],
            "slug": ["jpo-in-statistics"],
            "sector": ["Statistics"],
            "organization": ["DPO"],
            "duty_stations-0-city": ["Nairobi"],
            "duty_stations-0-country": ["KE"],
            "duties-TOTAL_FORMS": [str(len(duties))],
        }
    )
    for index, (kind, text, sub_item) in enumerate(duties):
        data[f"duties-{index}-order"] = [str(index + 1)]
        data[f"duties-{index}-kind"] = [kind]
        data[f"duties-{index}-text"] = [text]
        data[f"duties-{index}-group"] = [""]
        if sub_item:
            data[f"duties-{index}-sub_item"] = ["on"]
    return data


def test_duties_are_nested_on_the_add_page_in_one_post(hr_client):
    data = new_vacancy_data(
        hr_client,
        [
            ("responsibility", "1. Data collection", False),
            ("responsibility", "Design household surveys", True),
            ("responsibility", "Clean census microdata", True),
            ("result", "A survey report", False),
            ("responsibility", "2. Dissemination", False),
            ("result", "A methods annex", True),
            ("responsibility", "Write the release notes", True),
        ],
    )
    response = post(hr_client, ADD_URL, data)
    assert response.status_code == 302, page_text(response)
    vacancy = Vacancy.objects.get(slug="jpo-in-statistics")
    groups = dict(vacancy.duties.values_list("text", "group__text"))
    assert groups == {
        "1. Data collection": None,
        "Design household surveys": "1. Data collection",
        "Clean census microdata": "1. Data collection",
        "A survey report": None,
        "2. Dissemination": None,
        # Of the same kind: the result above is its group, not the responsibility in between.
        "A methods annex": "A survey report",
        "Write the release notes": "2. Dissemination",
    }
    preview = page_text(hr_client.get(f"/admin/vacancies/vacancy/{vacancy.pk}/preview/"))
    assert "1. Data collection Design household surveys Clean census microdata 2. Dissemination" in preview


def test_a_sub_item_without_a_duty_above_is_refused(hr_client):
    data = new_vacancy_data(hr_client, [("responsibility", "Design household surveys", True)])
    response = post(hr_client, ADD_URL, data)
    assert response.status_code == 200
    assert "No duty of the same kind is above this one to hold it" in page_text(response)
    assert not Vacancy.objects.filter(slug="jpo-in-statistics").exists()


def test_a_saved_duty_is_nested_and_unnested_with_its_box(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    top = list(unodc.duties.filter(group__isnull=True).order_by("order", "id"))
    last = top[-1]
    above = [d for d in top if (d.order, d.pk) < (last.order, last.pk) and d.kind == last.kind][-1]
    data = form_data(hr_client.get(change_url(unodc)))
    prefix = row_prefix(data, "duties-", last.pk)
    response = post(hr_client, change_url(unodc), data, **{f"{prefix}-sub_item": "on"})
    assert response.status_code == 302, page_text(response)
    last.refresh_from_db()
    assert last.group_id == above.pk
    data = form_data(hr_client.get(change_url(unodc)))
    assert data[f"{prefix}-sub_item"] == ["on"]
    del data[f"{prefix}-sub_item"]
    response = post(hr_client, change_url(unodc), data)
    assert response.status_code == 302, page_text(response)
    last.refresh_from_db()
    assert last.group_id is None


# Every error at the top ---------------------------------------------------------------------------


def test_the_error_summary_lists_every_error_with_a_link_to_its_input(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    data = form_data(hr_client.get(change_url(unodc)))
    language = unodc.qualifications.get(category="language", language="en")
    prefix = row_prefix(data, "qualifications-", language.pk)
    response = post(
        hr_client,
        change_url(unodc),
        data,
        title="",
        sponsor_country="zz",
        **{"duty_stations-0-country": "Ke", f"{prefix}-degree": "master"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    links = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary, re.S)
    index = int(prefix.rsplit("-", 1)[1]) + 1
    assert [(anchor, " ".join(text.split())) for anchor, text in links] == [
        (
            "id_sponsor_country",
            "Sponsor country — “zz” is not a country on the list: choose the country by its name "
            "(the board keeps its ISO 3166-1 alpha-2 code).",
        ),
        (
            "id_duty_stations-0-country",
            "Duty station 1, country — “Ke” is not a country on the list: choose the country by its name "
            "(the board keeps its ISO 3166-1 alpha-2 code).",
        ),
        (f"id_{prefix}-degree", f"Qualification {index}, degree — A language qualification has no degree."),
        (
            "id_status",
            "Status — A published vacancy needs every section candidates read: it has no title. "
            "Save it as a draft, or add what is missing.",
        ),
    ]
    assert "There are 4 problems:" in page_text(response)
    for anchor, _text in links:
        assert len(re.findall(rf'\bid="{re.escape(anchor)}"', body)) == 1, anchor


def test_the_error_summary_links_form_and_inline_wide_errors(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    response = post_change(
        hr_client, unodc, status="published", closes_on="2027-01-15", open_until_filled="on", title=""
    )
    body = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    links = dict(
        (anchor, " ".join(text.split())) for anchor, text in re.findall(r'href="#([^"]+)">(.*?)</a>', summary, re.S)
    )
    assert links["id_open_until_filled"] == (
        "Open until filled — A vacancy open until filled has no closing date: clear one or the other."
    )
    assert links["id_status"].startswith(
        "Status — A published vacancy needs every section candidates read: it has no title"
    )
    for anchor in links:
        assert f'id="{anchor}"' in body


# Publishing needs a deadline and a way to apply ---------------------------------------------------


def test_publishing_refuses_a_vacancy_without_a_deadline_or_a_way_to_apply(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    before = stored(unodc)
    response = post_change(hr_client, unodc, status="published")
    assert response.status_code == 200
    assert (
        f"A published vacancy needs every section candidates read: it has {NO_DEADLINE}, {NO_WAY_TO_APPLY}. "
        "Save it as a draft, or add what is missing." in page_text(response)
    )
    assert stored(unodc) == before

    response = post_change(
        hr_client, unodc, status="published", open_until_filled="on", application_email="jpo@unodc.org"
    )
    assert response.status_code == 302, page_text(response)
    assert Vacancy.objects.get(pk=unodc.pk).status == Status.PUBLISHED
    assert "Closing date Open until filled Duty station" in page_text(hr_client.get(f"/vacancies/{UNODC}/"))


def test_the_publish_action_names_the_missing_deadline_and_way_to_apply(hr_client, seeded):
    unodc = Vacancy.objects.get(slug=UNODC)
    Vacancy.objects.filter(pk=unodc.pk).update(status=Status.DRAFT)
    response = hr_client.post(
        "/admin/vacancies/vacancy/",
        {"action": "publish", "_selected_action": [str(unodc.pk)], "index": "0"},
        follow=True,
    )
    assert f"“{unodc}” cannot be published: it has {NO_DEADLINE}, {NO_WAY_TO_APPLY}." in page_text(response)
    assert Vacancy.objects.get(pk=unodc.pk).status == Status.DRAFT


def test_published_seeds_without_a_deadline_or_a_way_to_apply_still_save(hr_client, seeded):
    for vacancy in Vacancy.objects.filter(closes_on__isnull=True, status=Status.PUBLISHED):
        response = post_change(hr_client, vacancy, sector=f"{vacancy.sector} (edited)")
        assert response.status_code == 302, (vacancy.slug, page_text(response))
    assert Vacancy.objects.filter(sector__endswith="(edited)").count() == 5
    assert "No closing date stated" in page_text(hr_client.get(f"/vacancies/{UNODC}/"))


def test_duties_and_qualifications_are_left_alone_by_a_resave(hr_client, seeded):
    swiss = Vacancy.objects.get(slug=SWISS)
    duties = list(Duty.objects.filter(vacancy=swiss).values())
    qualifications = list(Qualification.objects.filter(vacancy=swiss).values())
    assert post_change(hr_client, swiss).status_code == 302
    assert list(Duty.objects.filter(vacancy=swiss).values()) == duties
    assert list(Qualification.objects.filter(vacancy=swiss).values()) == qualifications
