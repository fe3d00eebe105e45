"""Every admin account signs in with a password and a second factor: an authenticator app's code or a recovery code."""

import base64
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.oath import totp

from tests.helpers import PASSWORD, authenticator, current_code, force_verified_login, log_in, page_text

RECOVERY_CODE = re.compile(r"^  ([a-z2-9]{5}-[a-z2-9]{5})$", re.MULTILINE)
WRONG_ANSWER = "Please enter the correct username and password for a staff account, and a current code"
HOW_TO_ENROL = "Ask a JPO Board administrator to enrol you: python manage.py add_second_factor YOUR-USERNAME"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def create_hr_staff(username="amina"):
    """Run the command HR accounts are made with; return its output (the URI and the recovery codes)."""
    out = io.StringIO()
    call_command(
        "create_hr_staff",
        username,
        "--organization=UNODC",
        email=f"{username}@example.org",
        password=PASSWORD,
        stdout=out,
    )
    return out.getvalue()


def enrolment(output):
    """The otpauth:// URI and the recovery codes a command printed."""
    (uri,) = re.findall(r"^otpauth://\S+$", output, re.MULTILINE)
    return uri, RECOVERY_CODE.findall(output)


def code_from_uri(uri):
    """The code an authenticator app that scanned ``uri`` shows now."""
    query = parse_qs(urlparse(uri).query)
    key = base64.b32decode(query["secret"][0])
    return f"{totp(key, step=int(query['period'][0]), digits=int(query['digits'][0])):06d}"


def sign_in(client, code, username="amina", password=PASSWORD, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return client.get("/admin/vacancies/vacancy/").status_code == 200


def failures(username="amina"):
    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


# Signing in ----------------------------------------------------------------------


def test_the_login_form_asks_for_the_code_and_says_how_to_get_one(client, db):
    response = client.get("/admin/login/")
    body = response.content.decode()
    assert re.search(r'<label for="id_otp_token">Code:</label>', body)
    assert 'autocomplete="one-time-code"' in body
    assert HOW_TO_ENROL in page_text(response)
    assert "<script>" not in body  # CSP: no inline script, the admin included


def test_the_right_password_and_code_sign_in(client, seeded):
    uri, _ = enrolment(create_hr_staff())
    response = sign_in(client, code_from_uri(uri))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in(client)


def test_a_password_without_the_code_is_refused(client, seeded):
    create_hr_staff()
    response = sign_in(client, "")
    assert response.status_code == 200
    assert WRONG_ANSWER in page_text(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_like_a_wrong_password_and_counted_by_axes(seeded):
    create_hr_staff()
    wrong_code, wrong_password = Client(), Client()
    code_answer = sign_in(wrong_code, "123456")
    assert failures() == 1  # the right password with a wrong code: a failed login for axes
    right_code = current_code(authenticator(User.objects.get(username="amina")))
    password_answer = sign_in(wrong_password, right_code, password="x")
    # One answer for either mistake: the form never tells that the password was right.
    assert code_answer.status_code == password_answer.status_code == 200
    assert page_text(code_answer) == page_text(password_answer)
    assert WRONG_ANSWER in page_text(code_answer)
    assert not signed_in(wrong_code)
    assert failures() == 2
    assert "123456" not in AccessAttempt.objects.get(username="amina").post_data


def test_five_wrong_codes_lock_the_account_out(client, seeded):
    create_hr_staff()
    for _ in range(4):
        assert sign_in(client, "000000").status_code == 200
    locked = sign_in(client, "000000")
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in page_text(locked)
    # Neither the right code is let through now.
    assert sign_in(client, current_code(authenticator(User.objects.get(username="amina")))).status_code == 429
    assert not signed_in(client)


def test_a_code_works_once(seeded):
    uri, _ = enrolment(create_hr_staff())
    code = code_from_uri(uri)
    assert sign_in(Client(), code).status_code == 302
    # Seen over a shoulder and typed again at once: refused (django-otp keeps the last step used).
    assert sign_in(Client(), code).status_code == 200


def test_a_recovery_code_signs_in_once(seeded):
    _, codes = enrolment(create_hr_staff())
    first = Client()
    assert sign_in(first, codes[0]).status_code == 302
    assert signed_in(first)
    # Another one, typed as read aloud: capitals and spaces are fine.
    assert sign_in(Client(), codes[1].upper().replace("-", " ")).status_code == 302
    again = Client()
    response = sign_in(again, codes[0])
    assert response.status_code == 200
    assert WRONG_ANSWER in page_text(response)
    assert not signed_in(again)


def test_an_account_without_a_second_factor_cannot_get_in_and_is_told_how_to_enrol(client, seeded):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)  # as createsuperuser makes it
    response = sign_in(client, "123456", username="root")
    assert response.status_code == 200
    assert WRONG_ANSWER in page_text(response)
    assert HOW_TO_ENROL in page_text(response)
    assert not signed_in(client)


def test_a_session_signed_in_with_a_password_only_does_not_open_the_admin(client, seeded):
    # A session from before the second factor, say: the user is known, but no device verified it.
    user = User.objects.create_superuser("amina", "amina@example.org", PASSWORD)
    client.force_login(user)
    response = client.get("/admin/vacancies/vacancy/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert signed_in(force_verified_login(client, user))


# Enrolling: the commands ------------------------------------------------------------


def test_create_hr_staff_prints_a_uri_whose_secret_gives_the_codes_and_ten_recovery_codes(client, seeded):
    output = create_hr_staff()
    uri, codes = enrolment(output)
    parsed = urlparse(uri)
    assert (parsed.scheme, parsed.netloc, parsed.path) == ("otpauth", "totp", "/JPO%20Board%3Aamina")
    assert parse_qs(parsed.query)["issuer"] == ["JPO Board"]
    assert len(codes) == len(set(codes)) == 10
    assert "shown only now" in output
    assert sign_in(client, code_from_uri(uri)).status_code == 302


def test_add_second_factor_enrols_a_superuser_made_with_createsuperuser(client, seeded):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    out = io.StringIO()
    call_command("add_second_factor", "root", stdout=out)
    uri, codes = enrolment(out.getvalue())
    assert len(codes) == 10
    assert sign_in(client, code_from_uri(uri), username="root").status_code == 302
    assert client.get("/admin/auth/user/").status_code == 200


def test_add_second_factor_refuses_to_replace_a_second_factor_unless_asked(seeded):
    old_uri, old_codes = enrolment(create_hr_staff())
    with pytest.raises(CommandError, match="'amina' already has a second factor; nothing was changed.*--replace"):
        call_command("add_second_factor", "amina", stdout=io.StringIO())
    assert sign_in(Client(), old_codes[0]).status_code == 302  # still enrolled as before


def test_add_second_factor_with_replace_re_enrols_a_lost_phone(seeded):
    old_uri, old_codes = enrolment(create_hr_staff())
    before = force_verified_login(Client(), User.objects.get(username="amina"))
    assert signed_in(before)
    out = io.StringIO()
    call_command("add_second_factor", "amina", replace=True, stdout=out)
    new_uri, new_codes = enrolment(out.getvalue())
    assert new_uri != old_uri
    assert set(new_codes).isdisjoint(old_codes)
    assert sign_in(Client(), code_from_uri(new_uri)).status_code == 302
    assert sign_in(Client(), new_codes[0]).status_code == 302
    # The lost phone and the old recovery codes open nothing, nor does a session they verified.
    # (Tried last: django-otp then slows the new devices down for a moment after each failure.)
    assert not signed_in(before)
    assert sign_in(Client(), code_from_uri(old_uri), address="198.51.100.1").status_code == 200
    assert sign_in(Client(), old_codes[0], address="198.51.100.2").status_code == 200


def test_add_second_factor_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="There is no user named 'nobody'"):
        call_command("add_second_factor", "nobody", stdout=io.StringIO())


# Throttling: per username and address, and per address -------------------------------


def test_password_spraying_from_one_address_locks_that_address_out(seeded):
    create_hr_staff()
    office, elsewhere = "203.0.113.50", "198.51.100.9"
    for number in range(29):
        answer = sign_in(Client(), "000000", username=f"user{number}", password="wrong", address=office)
        assert answer.status_code == 200
    # The 30th failure from the address, whichever usernames: the address is paused.
    locked = sign_in(Client(), "000000", username="user29", password="wrong", address=office)
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in page_text(locked)
    code = current_code(authenticator(User.objects.get(username="amina")))
    assert sign_in(Client(), code, address=office).status_code == 429  # the right password and code too
    # Another address is not concerned.
    assert sign_in(Client(), code, address=elsewhere).status_code == 302


def test_five_failures_still_lock_one_username_at_one_address_below_the_address_limit(seeded):
    create_hr_staff()
    colleague = User.objects.create_user("lee", "lee@example.org", PASSWORD, is_staff=True)
    for _ in range(4):
        assert sign_in(Client(), "000000", password="wrong", address="192.0.2.1").status_code == 200
    assert sign_in(Client(), "000000", password="wrong", address="192.0.2.1").status_code == 429
    # A colleague at the same address still signs in (6 failures from it, far from 30) ...
    log_in(Client(REMOTE_ADDR="192.0.2.1"), colleague.username)
    # ... and so does amina from another address.
    code = current_code(authenticator(User.objects.get(username="amina")))
    assert sign_in(Client(), code, address="192.0.2.2").status_code == 302
