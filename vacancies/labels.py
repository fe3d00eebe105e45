"""English names for the codes the board stores (ISO 3166-1 alpha-2, ISO 639-1)."""

from functools import cache

import pycountry


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


def station_label(city, country, period=""):
    """``Naqoura, Lebanon (1st year)``: a duty station as every page, feed and export writes it."""
    return f"{city}, {country_name(country)}" + (f" ({period})" if period else "")


def is_country_code(code):
    return bool(code) and len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def is_language_code(code):
    return bool(code) and len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None
