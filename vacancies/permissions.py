"""Who may see which vacancies in the admin: the one rule, for every admin view, action and export.

- a superuser: every vacancy;
- HR staff: the vacancies of their organizations (``OrganizationMembership``), drafts included;
- a sponsor: every vacancy their country sponsors (``SponsorAccount``), drafts and closed ones included, read only;
- anyone else: none.

Anything outside that answers as if it did not exist (404).
"""

from django.db.models import Q

HR_GROUP = "HR staff"
SPONSOR_GROUP = "Sponsors"
MANAGER_GROUP = "HR managers"


def organizations_of(user):
    """The organizations (upper case) an HR account belongs to."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_organizations", None)
    if cache is None:
        cache = sorted({m.upper() for m in user.memberships.values_list("organization", flat=True)})
        user._organizations = cache
    return cache


def own_organizations(user):
    """The organizations an HR account belongs to, as they were given, in order: the forms' choices."""
    return list(user.memberships.order_by("organization").values_list("organization", flat=True))


def in_organizations(user):
    """``Q`` on an ``organization`` column: one of the account's organizations, in any case."""
    conditions = Q(pk__in=[])
    for organization in organizations_of(user):
        conditions |= Q(organization__iexact=organization)
    return conditions


def sponsor_country_of(user):
    """The country a sponsor account reads for; "" for anyone else."""
    if not user.is_authenticated:
        return ""
    cache = getattr(user, "_sponsor_country", None)
    if cache is None:
        from .models import SponsorAccount

        cache = SponsorAccount.objects.filter(user=user).values_list("country", flat=True).first() or ""
        user._sponsor_country = cache
    return cache


def is_sponsor(user):
    return bool(sponsor_country_of(user)) and not user.is_superuser


def visible_to(user):
    """``Q``: the vacancies ``user`` may see in the admin."""
    if user.is_superuser:
        return Q()
    conditions = in_organizations(user)
    country = sponsor_country_of(user)
    if country:
        conditions |= Q(sponsor_country=country)
    return conditions


def may_use_organization(user, organization):
    """Whether ``user`` may create a vacancy for, or move one to, ``organization``."""
    return user.is_superuser or (organization or "").upper() in organizations_of(user)


def audit_visible_to(user):
    """``Q`` over audit events: an HR manager reads those of their organizations, a superuser all."""
    return Q() if user.is_superuser else in_organizations(user)
