"""The public query written once: each rule in the database and in Python."""

from datetime import timedelta

from django.utils import timezone

from vacancies.models import Vacancy
from vacancies.querysets import closed_as_of, closed_expression, is_closed

# Each rule, in the database and in Python ------------------------------------


def test_closed_rule_is_the_same_in_the_database_in_python_and_on_the_model(db):
    today = timezone.localdate()
    days = {"none": None, "yesterday": today - timedelta(days=1), "today": today, "tomorrow": today + timedelta(days=1)}
    for status in Vacancy.Status.values:
        for day, closes_on in days.items():
            Vacancy.objects.create(title=f"{status} {day}", slug=f"{status}-{day}", status=status, closes_on=closes_on)
    in_python = {v.title for v in Vacancy.objects.all() if is_closed(v.status, v.closes_on, today)}
    on_the_model = {v.title for v in Vacancy.objects.all() if v.is_closed}
    in_the_database = set(Vacancy.objects.filter(closed_as_of(today)).values_list("title", flat=True))
    as_a_column = dict(Vacancy.objects.annotate(closed=closed_expression(today)).values_list("title", "closed"))

    # Closed by HR whatever the date; otherwise from the day after the closing date.
    expected = {"closed none", "closed yesterday", "closed today", "closed tomorrow"}
    expected |= {"draft yesterday", "published yesterday"}
    assert in_python == on_the_model == in_the_database == expected
    assert as_a_column == {title: title in expected for title in as_a_column}  # True or False, never None
    assert set(Vacancy.objects.published().values_list("title", flat=True)) == {
        "published none",
        "published today",
        "published tomorrow",
    }
