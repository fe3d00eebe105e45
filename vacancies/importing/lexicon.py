"""The words a ToR names things with, mapped to the codes the board stores.

Small tables, written for the ToRs UN entities publish: country names and the
short forms ToRs use ("USA", "oPt"), nationality adjectives, well-known duty
stations (for a city given without its country: an inference, said as such),
language names in English and German, number words and months.
"""

import re
from functools import cache

import pycountry

# Short forms and older names ToRs use, beyond pycountry's names.
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "us": "US",
    "united states of america": "US",
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "opt": "PS",
    "occupied palestinian territory": "PS",
    "state of palestine": "PS",
    "palestine": "PS",
    "republic of korea": "KR",
    "korea": "KR",
    "south korea": "KR",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "congo, democratic republic of the": "CD",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "lao pdr": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "the netherlands": "NL",
    "netherlands": "NL",
    "czech republic": "CZ",
    "turkey": "TR",
    "türkiye": "TR",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "cabo verde": "CV",
    "kosovo": "XK",
}

# Nationality adjectives: "Nationality: Swiss", "Korean citizenship", "open to Dutch nationals".
DEMONYMS = {
    "swiss": "CH",
    "korean": "KR",
    "german": "DE",
    "dutch": "NL",
    "danish": "DK",
    "norwegian": "NO",
    "swedish": "SE",
    "finnish": "FI",
    "japanese": "JP",
    "italian": "IT",
    "french": "FR",
    "belgian": "BE",
    "austrian": "AT",
    "luxembourgish": "LU",
    "spanish": "ES",
    "american": "US",
    "chinese": "CN",
    "saudi": "SA",
    "qatari": "QA",
    "emirati": "AE",
    "kuwaiti": "KW",
    "irish": "IE",
    "australian": "AU",
    "canadian": "CA",
    "british": "GB",
    "polish": "PL",
    "czech": "CZ",
    "estonian": "EE",
    "hungarian": "HU",
    "new zealand": "NZ",
}

# Well-known duty stations, for a city a ToR gives without its country. What is read from this
# table is marked as inferred.
CITIES = {
    "new york": "US",
    "washington": "US",
    "geneva": "CH",
    "vienna": "AT",
    "rome": "IT",
    "paris": "FR",
    "bonn": "DE",
    "nairobi": "KE",
    "bangkok": "TH",
    "beirut": "LB",
    "naqoura": "LB",
    "amman": "JO",
    "addis ababa": "ET",
    "dakar": "SN",
    "panama city": "PA",
    "santiago": "CL",
    "copenhagen": "DK",
    "the hague": "NL",
    "brussels": "BE",
    "jerusalem": "",  # its country is disputed: never inferred
    "kabul": "AF",
    "juba": "SS",
    "goma": "CD",
    "kinshasa": "CD",
    "bamako": "ML",
    "tokyo": "JP",
    "new delhi": "IN",
    "cairo": "EG",
    "istanbul": "TR",
    "baghdad": "IQ",
    "kampala": "UG",
    "dar es salaam": "TZ",
    "pretoria": "ZA",
    "harare": "ZW",
    "manila": "PH",
    "jakarta": "ID",
    "beijing": "CN",
    "tunis": "TN",
    "rabat": "MA",
}

# Language names (English, and German for sponsors' notes) to ISO 639-1.
LANGUAGES = {
    "english": "en",
    "french": "fr",
    "spanish": "es",
    "arabic": "ar",
    "chinese": "zh",
    "russian": "ru",
    "portuguese": "pt",
    "german": "de",
    "korean": "ko",
    "japanese": "ja",
    "italian": "it",
    "dutch": "nl",
    "swahili": "sw",
    "kiswahili": "sw",
    "thai": "th",
    "hindi": "hi",
    "urdu": "ur",
    "bengali": "bn",
    "indonesian": "id",
    "turkish": "tr",
    "persian": "fa",
    "farsi": "fa",
    "dari": "fa",
    "pashto": "ps",
    "amharic": "am",
    "somali": "so",
    "nepali": "ne",
    "burmese": "my",
    "khmer": "km",
    "vietnamese": "vi",
    "ukrainian": "uk",
    "polish": "pl",
    "hebrew": "he",
    "greek": "el",
    "hausa": "ha",
    "tigrinya": "ti",
    "englisch": "en",
    "französisch": "fr",
    "französische": "fr",
    "spanisch": "es",
    "arabisch": "ar",
    "russisch": "ru",
    "deutsch": "de",
    "portugiesisch": "pt",
}
LANGUAGE_WORDS = re.compile(r"\b(" + "|".join(sorted(LANGUAGES, key=len, reverse=True)) + r")\b", re.IGNORECASE)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Where a ToR's deadline is stated "midnight Geneva time": the city's IANA zone.
TIME_ZONES = {
    "geneva": "Europe/Zurich",
    "new york": "America/New_York",
    "vienna": "Europe/Vienna",
    "rome": "Europe/Rome",
    "nairobi": "Africa/Nairobi",
    "bangkok": "Asia/Bangkok",
    "copenhagen": "Europe/Copenhagen",
    "bonn": "Europe/Berlin",
    "paris": "Europe/Paris",
    "cet": "Europe/Paris",
    "utc": "UTC",
    "gmt": "UTC",
}


def number(word):
    """``"two"`` or ``"2"`` -> 2; ``None`` when it is not a number."""
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


@cache
def _country_names():
    names = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[value.lower()] = country.alpha_2
    return names


def country_code(name):
    """A country's alpha-2 code from the way a ToR names it; ``""`` when it is not a country."""
    key = re.sub(r"\s+", " ", name.strip().strip(".").lower())
    key = re.sub(r"^the ", "", key) if key not in COUNTRY_ALIASES else key
    return COUNTRY_ALIASES.get(key) or _country_names().get(key) or ""


def language_code(word):
    return LANGUAGES.get(word.lower(), "")
