"""What several test modules share: the seed ToRs' names, reading pages, making vacancies and staff.

Fixtures live in ``conftest.py``; this module holds plain constants and functions, imported by
the tests that use them (a test module never imports another).
"""

import html
import io
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jpoboard.second_factor import enrol
from vacancies.models import DutyStation
from vacancies.ranks import Postings

# The five seed ToRs -----------------------------------------------------------

FIXTURES = sorted(str(path) for path in (Path(__file__).resolve().parent.parent / "fixtures").glob("*.json"))

UNODC = "JPO in Crime Prevention and Criminal Justice (Anti-Human Trafficking and Migrant Smuggling)"
POLITICAL_OFFICER = (
    "JPO – Political Officer (Political Affairs / Prevention of Genocide and the Responsibility to Protect)"
)
SEA_NETWORK = "JPO in Political, Peace and Humanitarian Network"
CHILD_PROTECTION = "JPO in Child Protection"
HUMAN_RIGHTS = "JPO in Human Rights"
ALL = {UNODC, POLITICAL_OFFICER, SEA_NETWORK, CHILD_PROTECTION, HUMAN_RIGHTS}

SEED_SLUGS = [
    "22p001-crime-prevention-and-criminal-justice",
    "int-010-17-p127-political-officer",
    "2024-2-42-political-peace-and-humanitarian-network",
    "21p224-child-protection",
    "ohchr-human-rights-digital-age",
]


def clone_vacancy(source, number):
    """A copy of a seed vacancy with its duty stations, as another published posting."""
    stations = list(source.duty_stations.all())
    source.pk = None
    source.id = None
    source.slug = f"{source.slug[:100]}-copy-{number}"
    source.reference = f"COPY-{number}"
    source.save()
    DutyStation.objects.bulk_create(
        DutyStation(vacancy=source, order=s.order, city=s.city, country=s.country, period=s.period) for s in stations
    )
    return source


# Reading pages -----------------------------------------------------------------


def page_text(response):
    """The visible text of an HTML response: tags dropped, entities decoded, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
    # A link or a mark sits inside a sentence ("(<a>https://…</a>)."): it does not separate words.
    body = re.sub(r"(?i)</?(a|mark)\b[^>]*>", "", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def titles(response):
    """The result titles of a list page, in the page's order."""
    body = response.content.decode()
    return [html.unescape(t) for t in re.findall(r'<h3 class="card-title"><a [^>]*>(.*?)</a>', body)]


# HR staff in the admin -----------------------------------------------------------

PASSWORD = "Correct-Horse-Battery-42"


# The organizations of the five seed ToRs: an HR account in all of them edits every seed.
SEED_ORGANIZATIONS = ["UNODC", "DPA", "OSCSEA", "DPO", "OHCHR"]


def create_hr_staff(username="amina", organizations=SEED_ORGANIZATIONS):
    """An "HR staff" account for ``organizations``, made (second factor enrolled) by the command HR uses."""
    call_command(
        "create_hr_staff",
        username,
        *[f"--organization={organization}" for organization in organizations],
        email=f"{username}@example.org",
        password=PASSWORD,
        stdout=io.StringIO(),
    )
    return User.objects.get(username=username)


def authenticator(user):
    """The account's authenticator app (TOTP device); one is enrolled first if the account has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        enrol(user)
        device = TOTPDevice.objects.get(user=user)
    return device


def current_code(device):
    """The code the authenticator app shows now, as its owner would type it.

    A code is refused once used (replay); a second login in the same 30 seconds takes the next
    step's code, which the device accepts too (one step of tolerance).
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client, username):
    """Log ``client`` in through the admin's login form: password and a current code from the account's app."""
    code = current_code(authenticator(User.objects.get(username=username)))
    data = {"username": username, "password": PASSWORD, "otp_token": code}
    response = client.post("/admin/login/?next=/admin/", data)
    assert response.status_code == 302, page_text(response)
    return client


def force_verified_login(client, user):
    """``client.force_login(user)``, verified by the account's second factor as a login through the form is.

    The admin lets in only sessions that a device verified (django-otp keeps the device's id in the session).
    """
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client


class _FormFields(HTMLParser):
    """The (name, value) pairs a browser submits for one form, submit buttons aside."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.pairs = []
        self._select = None  # [name, options, selected values, multiple]
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value") or "on"))
                return
            self.pairs.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, [], [], "multiple" in attrs]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), ""]
            if "selected" in attrs:
                self._select[2].append(self._option)
            self._select[1].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # Browsers drop the one newline that follows <textarea>, and send line breaks as CRLF.
            value = value[1:] if value.startswith("\n") else value
            self.pairs.append((name, value.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, options, selected, multiple = self._select
            # A single select with nothing selected submits its first option; a multiple one, nothing.
            chosen = selected or ([] if multiple else options[:1])
            self.pairs.extend((name, value if value is not None else text) for value, text in chosen)
            self._select = None


def form_data(response, form_id="vacancy_form"):
    """Every field of the form in ``response`` with its current value, as a browser would post it: {name: [values]}."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    return data


# Browser tests (``-m browser``) ---------------------------------------------------

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def postings_held():
    """{(lexeme, vacancy id): (positions, weights)} as the postings table holds them, read as the list reads them."""
    held = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, string_agg(ids, ''::bytea ORDER BY block), string_agg(counts, ''::bytea ORDER BY block),"
            " coalesce(string_agg(nullif(positions, ''), ',' ORDER BY block), ''),"
            " string_agg(weights, '' ORDER BY block) FROM vacancies_search_posting GROUP BY lexeme"
        )
        for row in cursor.fetchall():
            postings = Postings.from_columns(*row)
            letters = "DCBA"
            for n, vacancy_id in enumerate(postings.ids.tolist()):
                at = slice(postings.start[n], postings.start[n + 1])
                codes = postings.code[at].tolist()
                held[row[0], vacancy_id] = (postings.position[at].tolist(), "".join(letters[c] for c in codes))
    return held


def postings_of_vectors():
    """The same, read from each vacancy's whole search vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.lexeme, d.vacancy_id, u.positions, array_to_string(u.weights, '')"
            " FROM vacancies_search_document d, unnest(d.search_vector) u"
        )
        return {(lexeme, vacancy_id): (list(positions), weights) for lexeme, vacancy_id, positions, weights in cursor}


def stale_blocks():
    """The blocks of postings marked stale (sql/search_documents.sql), in order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT block FROM vacancies_search_stale_block ORDER BY 1")
        return [block for (block,) in cursor.fetchall()]


def rebuild_stale_postings():
    """What a commit does to the stale blocks of postings: the deferred trigger that rebuilds them, run now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
