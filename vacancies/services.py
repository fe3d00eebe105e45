"""Writes that span the vacancy's models: publish, close, duplicate, the nationalities eligible.

Plain functions with keyword arguments, each in one transaction, so the admin's
actions (and anything else: a shell, a command) go through the same rules.
"""

from django.db import transaction
from django.utils import timezone

from .labels import country_name
from .models import Category, Duty, DutyStation, Level, Qualification, Status, Supervision, Vacancy


class PublicationRefused(Exception):
    """The vacancy lacks something a candidate needs; ``problems`` says what."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


NO_DEADLINE = "no closing date (tick “Open until filled” if the ToR gives none)"
NO_WAY_TO_APPLY = "no way to apply (an application address, an e-mail address or how-to-apply text)"


def publication_problems(*, vacancy, duty_station_count, duty_count, qualification_count, publishing=True):
    """What a vacancy lacks before candidates may see it, as phrases ("no duty station"); [] when nothing.

    The one rule for "complete enough to publish". The counts are passed in,
    not queried, so that the admin can check a change form's inlines before
    anything is saved, and the publish action can check what is stored.

    ``publishing``: the vacancy is becoming public now (not re-saved while
    public). The deadline and the way to apply are checked then only: the
    vacancies published before that rule (the seed ToRs among them) stay
    editable.
    """
    problems = []
    if not vacancy.title.strip():
        problems.append("no title")
    if not vacancy.sector.strip():
        problems.append("no sector")
    if not vacancy.organization.strip():
        problems.append("no organization")
    if duty_station_count < 1:
        problems.append("no duty station")
    if duty_count < 1:
        problems.append("no duties")
    if qualification_count < 1:
        problems.append("no qualifications")
    if publishing:
        if vacancy.closes_on is None and not vacancy.open_until_filled:
            problems.append(NO_DEADLINE)
        if not (vacancy.application_url.strip() or vacancy.application_email.strip() or vacancy.how_to_apply.strip()):
            problems.append(NO_WAY_TO_APPLY)
    return problems


def stored_publication_problems(*, vacancy, publishing=True):
    """``publication_problems`` for the vacancy as it is stored."""
    return publication_problems(
        vacancy=vacancy,
        duty_station_count=vacancy.duty_stations.count(),
        duty_count=vacancy.duties.count(),
        qualification_count=vacancy.qualifications.count(),
        publishing=publishing,
    )


def publish_vacancy(*, vacancy, today=None):
    """Make a vacancy public; it is posted today unless it already has a posting date.

    Raises ``PublicationRefused`` (and changes nothing) when the vacancy is
    incomplete or its closing date would fall before its posting date.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        problems = stored_publication_problems(vacancy=vacancy, publishing=vacancy.status != Status.PUBLISHED)
        posted_on = vacancy.posted_on or today
        if vacancy.closes_on is not None and vacancy.closes_on < posted_on:
            problems.append(
                f"a closing date ({vacancy.closes_on:%Y-%m-%d}) before its posting date ({posted_on:%Y-%m-%d})"
            )
        if problems:
            raise PublicationRefused(problems)
        vacancy.status = Status.PUBLISHED
        vacancy.posted_on = posted_on
        vacancy.save(update_fields=["status", "posted_on", "updated_at"])
    return vacancy


def close_vacancy(*, vacancy):
    """Stop taking applications. The vacancy leaves the list but keeps its page."""
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        vacancy.status = Status.CLOSED
        vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


def _free_slug(base):
    """``base-copy``, else ``base-copy-2``, ``-3``…: the first slug no vacancy has."""
    max_length = Vacancy._meta.get_field("slug").max_length
    number = 1
    while True:
        suffix = "-copy" if number == 1 else f"-copy-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        if not Vacancy.objects.filter(slug=slug).exists():
            return slug
        number += 1


def duplicate_vacancy(*, vacancy):
    """A new draft with every section of ``vacancy``: its fields, supervision, duty stations, duties, qualifications.

    The copy gets its own slug, no reference (references are unique; HR gives
    the new posting its own) and no publication dates.
    """
    with transaction.atomic():
        source = Vacancy.objects.for_detail().get(pk=vacancy.pk)
        stations = list(source.duty_stations.all())
        duties = list(source.duties.all())
        qualifications = list(source.qualifications.all())
        supervision = Supervision.objects.filter(vacancy=source).first()

        copy = Vacancy.objects.get(pk=source.pk)
        copy.pk = None
        copy._state.adding = True
        copy.slug = _free_slug(source.slug)
        copy.reference = ""
        copy.status = Status.DRAFT
        copy.posted_on = None
        copy.closes_on = None
        # The deadline's time goes with its date: the new posting gets its own.
        copy.closes_at = None
        copy.closing_time_zone = copy.closing_time_text = ""
        copy.search_vector = None
        copy.save()

        if supervision is not None:
            supervision.pk = None
            supervision._state.adding = True
            supervision.vacancy = copy
            supervision.save()

        DutyStation.objects.bulk_create(
            DutyStation(vacancy=copy, order=s.order, city=s.city, country=s.country, period=s.period) for s in stations
        )

        # Groups first, so that each item can point at its group's copy.
        new_pk = {}
        for duty in sorted(duties, key=lambda d: d.group_id is not None):
            new_pk[duty.pk] = Duty.objects.create(
                vacancy=copy,
                order=duty.order,
                group_id=new_pk.get(duty.group_id),
                kind=duty.kind,
                text=duty.text,
            ).pk

        Qualification.objects.bulk_create(
            Qualification(
                vacancy=copy,
                order=q.order,
                category=q.category,
                level=q.level,
                text=q.text,
                min_years=q.min_years,
                degree=q.degree,
                in_lieu_degree=q.in_lieu_degree,
                in_lieu_years=q.in_lieu_years,
                language=q.language,
                proficiency=q.proficiency,
                competency=q.competency,
                country=q.country,
            )
            for q in qualifications
        )
    return copy


def set_nationalities(*, vacancy, codes):
    """Make ``codes`` (alpha-2) the only nationalities eligible: one nationality qualification each.

    The rows are the one source of truth (the database derives
    ``Vacancy.nationality_codes`` from them). A row kept keeps the ToR's words;
    a new one reads “Nationals of Switzerland”. Nationality rows without a
    country are the ToR's words alone, not a country: they stay.
    """
    codes = list(dict.fromkeys(codes))
    with transaction.atomic():
        rows = list(vacancy.qualifications.filter(category=Category.NATIONALITY).order_by("order", "id"))
        kept = {}
        for row in rows:
            if row.country in codes and row.country not in kept:
                kept[row.country] = row
        gone = [row.pk for row in rows if row.country and kept.get(row.country) is not row]
        Qualification.objects.filter(pk__in=gone).delete()
        order = max((row.order for row in rows), default=0)
        for code in codes:
            if code in kept:
                continue
            order += 1
            Qualification.objects.create(
                vacancy=vacancy,
                category=Category.NATIONALITY,
                level=Level.REQUIRED,
                order=order,
                country=code,
                text=f"Nationals of {country_name(code)}",
            )
