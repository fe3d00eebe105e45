"""Create a sponsor account: staff status, the "Sponsors" group (view only), the country it reads for."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from jpoboard import second_factor
from vacancies.labels import country_name, is_country_code
from vacancies.models import SponsorAccount
from vacancies.permissions import SPONSOR_GROUP

from .create_hr_staff import Command as CreateHrStaff

PASSWORD_ENV = "DJANGO_SPONSOR_PASSWORD"


class Command(CreateHrStaff):
    help = (
        f"Create a sponsor programme officer's account in the {SPONSOR_GROUP!r} group: it reads, never changes, "
        f"every vacancy its country sponsors (drafts and closed ones too) and exports them. The password comes "
        f"from --password, else from ${PASSWORD_ENV} with --no-input, else a prompt."
    )
    password_env = PASSWORD_ENV

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--country", required=True, help="the sponsoring country, ISO 3166-1 alpha-2 (CH)")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=f"The password (visible in the shell history; prefer ${PASSWORD_ENV}).")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args, username, country, email, password, interactive, **options):
        User = get_user_model()
        country = country.strip().upper()
        if not is_country_code(country):
            raise CommandError(f"{country!r} is not an ISO 3166-1 alpha-2 country code (such as CH or KR).")
        if User._default_manager.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists; choose another username.")
        group = self.group(SPONSOR_GROUP)
        user = self.new_staff_user(username, email, password, interactive)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
            SponsorAccount.objects.create(user=user, country=country)
            enrolment = second_factor.enrol(user)
        self.stdout.write(
            self.style.SUCCESS(f"Created {username!r}, a sponsor account reading {country_name(country)}'s vacancies.")
        )
        self.stdout.write(second_factor.describe(username, enrolment))
