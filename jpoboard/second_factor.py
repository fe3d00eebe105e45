"""The second factor every admin account signs in with: a TOTP authenticator app, and recovery codes.

``enrol()`` gives an account a confirmed TOTP device (django-otp) and ten single-use recovery codes
(a ``StaticDevice``); the management commands that make accounts call it and print what it returns,
once. ``verify()`` is what the admin's login form asks: the device that accepts a code, or ``None``.
"""

import io
import re
import secrets
from typing import NamedTuple

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# Ten characters, without the ones read alike (0/o, 1/l/i): about 49 bits each, typed as "abcde-fghjk".
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
TOTP_CODE = re.compile(r"[0-9]{6}")
ENROL_COMMAND = "python manage.py add_second_factor"


class AlreadyEnrolled(Exception):
    """The account has a second factor already; replacing it must be asked for."""


class Enrolment(NamedTuple):
    uri: str  # otpauth://totp/...: the secret, for an authenticator app
    recovery_codes: list[str]


def enrol(user, *, replace=False):
    """Give ``user`` a new authenticator secret and ten recovery codes; return them (they are not kept readable).

    With ``replace``, the account's devices are deleted first: the old app and the old codes stop
    working, and so does every session they verified (django-otp checks the session's device on each
    request). Without it, an account that has any device raises ``AlreadyEnrolled``.
    """
    with transaction.atomic():
        existing = list(devices_for_user(user, confirmed=None, for_verify=True))
        if existing and not replace:
            raise AlreadyEnrolled(f"{user.get_username()!r} already has a second factor.")
        for device in existing:
            device.delete()
        app = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=normalise(code)) for code in codes)
    return Enrolment(uri=app.config_url, recovery_codes=codes)


def new_recovery_code():
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def normalise(code):
    """A code as stored: what was typed without spaces or dashes, in lower case ("ABCDE-FGHJK" is "abcdefghjk")."""
    return re.sub(r"[\s-]", "", code).lower()


def verify(user, code):
    """The confirmed device of ``user`` that accepts ``code``, or ``None``.

    Six digits are checked against the authenticator app only, anything else against the recovery
    codes only (a used one is deleted): trying a code on every device would count a failure
    against each device it was not meant for, and django-otp slows a device down after failures.
    """
    code = normalise(code or "")
    if not code:
        return None
    model = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        # Locked while checked: two logins racing with one recovery code cannot both use it.
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def describe(username, enrolment):
    """What the account's owner needs, as the commands print it: the URI, its QR code, the recovery codes."""
    lines = [
        f"Second factor for {username!r}. Add the account to an authenticator app (Aegis, FreeOTP, Google "
        "Authenticator, 1Password, ...) by scanning the QR code, or by entering this URI:",
        "",
        enrolment.uri,
        "",
    ]
    qr = ascii_qr(enrolment.uri)
    if qr:
        lines += [qr, ""]
    lines += [
        f"Recovery codes: each works once, in place of the 6-digit code, for when the phone is lost. They are "
        f"shown only now: keep them somewhere safe, apart from the phone. When they run out or the phone is "
        f"gone: {ENROL_COMMAND} {username} --replace",
        *(f"  {code}" for code in enrolment.recovery_codes),
    ]
    return "\n".join(lines)


def ascii_qr(data):
    """``data`` as a QR code in text, if the ``qrcode`` package is installed; else ``""``."""
    try:
        import qrcode
    except ImportError:
        return ""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    out = io.StringIO()
    # Dark modules as blanks: most terminals draw light text on a dark background.
    code.print_ascii(out=out, invert=True)
    return out.getvalue().rstrip("\n")
