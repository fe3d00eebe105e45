"""Enrol an existing account's second factor: a superuser made with createsuperuser, or someone who lost their phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jpoboard import second_factor


class Command(BaseCommand):
    help = (
        "Give an account a new authenticator app secret (printed as an otpauth:// URI) and ten recovery codes, "
        "printed once. With --replace, the account's old app and recovery codes stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="The account has a second factor already (a lost phone, used-up codes): delete it and enrol anew.",
        )

    def handle(self, *args, username, replace, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"There is no user named {username!r}.") from error
        try:
            enrolment = second_factor.enrol(user, replace=replace)
        except second_factor.AlreadyEnrolled as error:
            raise CommandError(
                f"{username!r} already has a second factor; nothing was changed. To replace it (a lost phone, "
                "used-up recovery codes), run the command again with --replace: the old authenticator app and "
                "recovery codes then stop working."
            ) from error
        verb = "Replaced" if replace else "Enrolled"
        self.stdout.write(self.style.SUCCESS(f"{verb} the second factor of {username!r}."))
        if not user.is_staff:
            self.stdout.write(self.style.WARNING(f"{username!r} is not staff: the admin stays closed to them."))
        self.stdout.write(second_factor.describe(username, enrolment))
