"""The audit trail: who changed, published, closed, imported or exported what and when, and who signed in or failed to.

``record()`` is called where the thing happens (the admin's logging hooks, its export actions)
and by the receivers below for sign-ins, failed sign-ins and lockouts, which Django and
django-axes announce as signals. HR managers read it in the admin ("Audit events"), scoped to
their organizations like every other admin page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import AuditAction, AuditEvent, OrganizationMembership

MAX_DETAIL = 2000


def client_address(request):
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return address or None


def record(*, action, request=None, user=None, username="", vacancy=None, detail="", organization=""):
    """One event. The organization is the vacancy's, else the account's first."""
    event = event_for(action, request, user, username, vacancy, detail, organization)
    event.save()
    return event


def record_each(*, action, request, vacancies, detail=""):
    """One event per vacancy, written in one statement (an export may name thousands)."""
    return AuditEvent.objects.bulk_create(
        event_for(action, request, None, "", vacancy, detail, "") for vacancy in vacancies
    )


def event_for(action, request, user, username, vacancy, detail, organization):
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    if vacancy is not None and not organization:
        organization = vacancy.organization
    if not organization and user is not None:
        organization = (
            OrganizationMembership.objects.filter(user=user)
            .order_by("organization")
            .values_list("organization", flat=True)
            .first()
            or ""
        )
    return AuditEvent(
        user=user,
        username=username[:150],
        action=action,
        organization=organization,
        vacancy=vacancy,
        object_repr=str(vacancy)[:300] if vacancy is not None else "",
        detail=detail[:MAX_DETAIL],
        address=client_address(request),
    )


def account(username):
    return get_user_model()._default_manager.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(action=AuditAction.LOGGED_IN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    record(action=AuditAction.LOGIN_FAILED, request=request, user=account(username), username=username)


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        action=AuditAction.LOCKED_OUT,
        request=request,
        user=account(username or ""),
        username=username or "",
        detail=f"from {ip_address}",
    )


def connect():
    """Called once from ``VacanciesConfig.ready``: axes' signal module needs the settings loaded."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit_locked_out")
