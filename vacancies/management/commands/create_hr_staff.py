"""Create an HR staff account: staff status, the "HR staff" group, its organizations, its second factor."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from jpoboard import second_factor
from vacancies.models import OrganizationMembership
from vacancies.permissions import MANAGER_GROUP

GROUP = "HR staff"
PASSWORD_ENV = "DJANGO_HR_PASSWORD"


class Command(BaseCommand):
    help = (
        f"Create a staff user in the {GROUP!r} group, who can edit vacancies in the admin and nothing else. "
        f"The password comes from --password, else from ${PASSWORD_ENV} with --no-input, else a prompt. "
        "Prints the otpauth:// URI for the account's authenticator app and its recovery codes, once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--organization",
            action="append",
            required=True,
            dest="organizations",
            help="An organization whose vacancies the account edits, its short form (UNODC); repeatable.",
        )
        parser.add_argument(
            "--manager",
            action="store_true",
            help="also an HR manager: reads the audit trail of these organizations",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=f"The password (visible in the shell history; prefer ${PASSWORD_ENV}).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: take the password from --password or ${PASSWORD_ENV}.",
        )

    def handle(self, *args, username, email, password, interactive, organizations, manager=False, **options):
        User = get_user_model()
        if User._default_manager.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists; choose another username.")
        if email:
            try:
                validate_email(email)
            except ValidationError as error:
                raise CommandError(f"{email!r} is not an email address.") from error
        organizations = list(dict.fromkeys(o.strip() for o in organizations if o.strip()))
        if not organizations:
            raise CommandError("Give the account at least one --organization (its short form, such as UNODC).")
        group = self.group(GROUP)
        user = self.new_staff_user(username, email, password, interactive)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
            if manager:
                user.groups.add(Group.objects.get(name=MANAGER_GROUP))
            OrganizationMembership.objects.bulk_create(
                OrganizationMembership(user=user, organization=organization) for organization in organizations
            )
            enrolment = second_factor.enrol(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {username!r}, a staff user in the {GROUP!r} group, for {', '.join(organizations)}."
            )
        )
        self.stdout.write(second_factor.describe(username, enrolment))

    # The variable --no-input reads the password from (create_sponsor has its own).
    password_env = PASSWORD_ENV

    def group(self, name):
        try:
            return Group.objects.get(name=name)
        except Group.DoesNotExist as error:
            raise CommandError(f"The {name!r} group does not exist; run `python manage.py migrate` first.") from error

    def new_staff_user(self, username, email, password, interactive):
        """An unsaved staff user with a password the validators accept (asked for when not given)."""
        user = get_user_model()(username=username, email=email, is_staff=True)
        if password is None:
            password = self.read_password(interactive)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from error
        user.set_password(password)
        return user

    def read_password(self, interactive):
        if not interactive:
            password = os.environ.get(self.password_env, "")
            if not password:
                raise CommandError(f"With --no-input, give the password with --password or ${self.password_env}.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
