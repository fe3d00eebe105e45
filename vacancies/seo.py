"""What search engines and link previews read: absolute URLs, titles and descriptions, indexing rules."""

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator

from .labels import country_name, language_name
from .models import Degree

SITE_NAME = "JPO Board"


def absolute_url(path):
    """``path`` on the public site (``DJANGO_SITE_URL``), whatever host the request came by.

    Canonical URLs, the sitemap and the feed's ids must name one site: built from the request's
    Host, they would change with every name the site answers to.
    """
    return settings.SITE_URL.rstrip("/") + path


# The list's title and description -----------------------------------------------


def _either(names):
    return " or ".join(names)


def _years(value):
    return f"{value} year{'s' if value != 1 else ''}"


# How each filter reads after "… vacancies": by parameter, from its understood value. A
# filter missing here still gets named, by its label (``_fallback``).
PHRASES = {
    "q": lambda value: f"matching “{value.strip()}”",
    "country": lambda codes: "in " + _either(country_name(code) for code in codes),
    "sector": lambda value: f"in the sector {value}",
    "sponsor": lambda value: f"sponsored by {country_name(value.upper())}",
    "grade": lambda value: f"at grade {value}",
    "speaks": lambda codes: "for speakers of " + " and ".join(language_name(code) for code in codes),
    "experience": lambda value: f"for {_years(value)} of experience",
    "nationality": lambda codes: "open to nationals of " + _either(country_name(code) for code in codes),
    "age": lambda value: f"for candidates aged {value}",
    "degree": lambda value: f"for holders of a {_degree_name(value)}",
}
# Parameters that order or page the results rather than choose them.
NOT_FILTERS = {"sort", "page"}


def _degree_name(value):
    return Degree(value).label.lower() if value in Degree.values else value


def _fallback(label, value):
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return f"with {label.lower()}: {value}"


def _in_effect(value):
    return value not in (None, "", []) and not (isinstance(value, str) and not value.strip())


def list_phrase(filterset):
    """The vacancies a list shows, in words: ``UNODC vacancies in Austria, sponsored by Germany``.

    Named from what the FilterSet understood, filter by filter in its order, so a new filter is
    named too (by its label until ``PHRASES`` has words for it). ``""`` without any filter.
    """
    cleaned = filterset.cleaned
    phrases = []
    for name, filter_ in filterset.filters.items():
        value = cleaned.get(name)
        if name in NOT_FILTERS or name == "organization" or not _in_effect(value):
            continue
        phrase = PHRASES.get(name)
        phrases.append(phrase(value) if phrase else _fallback(str(filter_.label or name), value))
    organization = (cleaned.get("organization") or "").strip()
    if not phrases and not organization:
        return ""
    head = f"{organization} vacancies" if organization else "Vacancies"
    return " ".join([head, ", ".join(phrases)]).strip()


def list_title(filterset, page_number):
    title = list_phrase(filterset) or "JPO vacancies"
    if page_number > 1:
        title += f", page {page_number}"
    return f"{title} · {SITE_NAME}"


def list_description(filterset, count):
    noun = "vacancy" if count == 1 else "vacancies"
    phrase = list_phrase(filterset)
    if not phrase:
        return (
            f"{count} open Junior Professional Officer {noun} of the United Nations, "
            "searchable by every fact of their Terms of Reference."
        )
    return f"{phrase}: {count} open United Nations Junior Professional Officer {noun} on {SITE_NAME}."


def list_indexing(request, page_number):
    """(canonical URL, whether to index) for a list page.

    Plain paging is canonical to itself: page 2 holds other vacancies than page 1, and pointing it
    at page 1 would tell search engines its links are duplicates. Any other parameter (a search, a
    filter, an order, a tracking tag) gives a variant of the list: not indexed, canonical to the
    unfiltered list, so that search engines spend their visits on the list and the vacancies.
    """
    list_url = absolute_url(reverse("vacancies:list"))
    if any(name != "page" for name in request.GET):
        return list_url, False
    if page_number > 1:
        return f"{list_url}?page={page_number}", True
    return list_url, True


# The detail page's description ----------------------------------------------------


def detail_description(vacancy):
    """A sentence or two for the meta description and link previews; never empty."""
    summary = vacancy.summary
    if summary:
        return Truncator(summary).words(30)
    stations = "; ".join(station.label for station in vacancy.duty_stations.all())
    return f"{vacancy.title}: a Junior Professional Officer vacancy at {vacancy.organization}, {stations}."
