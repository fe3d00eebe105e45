"""English names for the codes the board stores (ISO 3166-1 alpha-2, ISO 639-1), and the labels every page writes."""

from functools import cache

import pycountry

from .querysets import is_closed


@cache
def country_name(code):
    """``"US"`` -> ``"United States"``; an unknown code comes back as given."""
    country = pycountry.countries.get(alpha_2=(code or "").upper()) if code else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def language_name(code):
    """``"fr"`` -> ``"French"``; an unknown code comes back as given."""
    language = pycountry.languages.get(alpha_2=(code or "").lower()) if code else None
    return language.name if language is not None else code


@cache
def country_names():
    """{alpha-2 code: name} for every country, the names ``country_name`` gives (for lookups in SQL)."""
    return {country.alpha_2: getattr(country, "common_name", None) or country.name for country in pycountry.countries}


@cache
def language_names():
    """{ISO 639-1 code: name} for every language that has one, the names ``language_name`` gives."""
    return {language.alpha_2: language.name for language in pycountry.languages if hasattr(language, "alpha_2")}


@cache
def country_choices():
    """("KE", "Kenya (KE)") for every country, by name: what the admin's country pickers offer."""
    return sorted(((code, f"{name} ({code})") for code, name in country_names().items()), key=lambda c: c[1])


@cache
def language_choices():
    """("fr", "French (fr)") for every ISO 639-1 language, by name: what the admin's language pickers offer."""
    return sorted(((code, f"{name} ({code})") for code, name in language_names().items()), key=lambda c: c[1])


def station_label(city, country, period=""):
    """``Naqoura, Lebanon (1st year)``: a duty station as every page, feed and export writes it."""
    return f"{city}, {country_name(country)}" + (f" ({period})" if period else "")


def stations_text(rows):
    """``Naqoura, Lebanon (1st year); New York, United States (2nd year)``, of ``for_list()``'s ``station_rows``."""
    return "; ".join(station_label(*row) for row in rows)


def is_country_code(code):
    return bool(code) and len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def is_language_code(code):
    return bool(code) and len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


def closing_phrase(status, closes_on, today):
    """“Closed”, “Closes today”, “Closes tomorrow”, “Closes in 3 days”; "" when open with no closing date.

    Closed is ``querysets.is_closed``: the closing day itself is still open.
    """
    if is_closed(status, closes_on, today):
        return "Closed"
    if closes_on is None:
        return ""
    days = (closes_on - today).days
    if days == 0:
        return "Closes today"
    if days == 1:
        return "Closes tomorrow"
    return f"Closes in {days} days"
