"""The admin site: a password and a second factor (``jpoboard.second_factor``) for every account.

``jpoboard.apps.AdminConfig`` makes this the default site, so ``admin.site`` (and every
``@admin.register``, ``vacancies/admin.py``'s included) is an instance of it from the start.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django_otp.admin import OTPAdminSite

from . import second_factor


class LoginForm(AdminAuthenticationForm):
    """Username, password and code on one form, with one answer for whichever of them is wrong.

    Saying "wrong code" would tell whoever tries passwords that the password was right; so a
    wrong, missing or used-up code gets the same error as a wrong password, and counts as a
    failed login for django-axes like one.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter the correct %(username)s and password for a staff account, and a current code from its "
            "authenticator app (or an unused recovery code). Note that username and password may be case-sensitive."
        ),
    }

    otp_token = forms.CharField(
        label="Code",
        required=False,
        max_length=32,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean(self):
        cleaned_data = super().clean()  # the password (or axes' lockout), then staff status
        user = self.get_user()
        if user is None:  # a required field was empty: its own error says so
            return cleaned_data
        device = second_factor.verify(user, cleaned_data.get("otp_token"))
        if device is None:
            # Django sends this signal only when the password is wrong; axes counts it (and locks out) the same way.
            user_login_failed.send(
                sender=__name__, credentials={"username": cleaned_data.get("username")}, request=self.request
            )
            raise self.get_invalid_login_error()
        # django-otp's user_logged_in handler stores the device in the session: the session is verified.
        user.otp_device = device
        return cleaned_data


class AdminSite(OTPAdminSite):
    """django-otp's site (only a user verified by a device has permission), with our login form and page."""

    login_form = LoginForm
    login_template = "admin/login_second_factor.html"

    def __init__(self, name="admin"):
        # OTPAdminSite names itself "otpadmin"; the project's URLs and templates reverse "admin:...".
        super().__init__(name)

    def each_context(self, request):
        return {**super().each_context(request), "enrol_command": second_factor.ENROL_COMMAND}
