"""Who may apply: a vacancy's eligibility summed up once, and a candidate's profile checked against it.

The facts come from the columns the database derives from the qualifications
(``vacancies/sql/derived_columns.sql``: ``nationality_codes``, ``required_degree``,
``in_lieu_degree``, ``in_lieu_years``, ``language_requirements``,
``min_experience_years``) and from the vacancy's age limit, so a card reads
them without another query. The card, the detail page, the feed, the
JSON-LD and the CSV all take their wording from ``Eligibility``; the list's
filters (``querysets.py``) apply the same rules in SQL, and
``tests/test_eligibility.py`` holds the two together.

"Not stated" stays a value: a rule the ToR does not give is said to be not
stated, never assumed, and a route the ToR leaves open (a first-level degree
"with more experience", how much unsaid) is something to check, not a pass.
"""

from dataclasses import dataclass, field

from .labels import country_name, language_name
from .models import Degree

DEGREES = Degree.values  # lowest first
DEGREE_NAMES = {Degree.BACHELOR: "bachelor's degree", Degree.MASTER: "master's degree", Degree.DOCTORATE: "doctorate"}

MET = "met"
UNMET = "unmet"
UNKNOWN = "unknown"  # the profile does not say
CHECK = "check"  # the ToR leaves it to be judged


def degrees_at_most(degree):
    """The degrees a holder of ``degree`` has: ``master`` -> ``["bachelor", "master"]``."""
    return DEGREES[: DEGREES.index(degree) + 1]


def years(n):
    return f"{n} year{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class Profile:
    """What a candidate said of themselves: ``nationality``, ``age``, ``degree``, ``speaks``, ``experience``."""

    nationalities: tuple = ()
    age: int | None = None
    degree: str = ""
    speaks: tuple = ()
    experience: int | None = None

    @classmethod
    def from_cleaned(cls, cleaned):
        """The profile in a FilterSet's cleaned data (values not understood are already left out)."""
        return cls(
            nationalities=tuple(cleaned.get("nationality") or ()),
            age=cleaned.get("age"),
            degree=cleaned.get("degree") or "",
            speaks=tuple(cleaned.get("speaks") or ()),
            experience=cleaned.get("experience"),
        )

    def __bool__(self):
        return bool(self.nationalities or self.age is not None or self.degree or self.speaks) or (
            self.experience is not None
        )


@dataclass(frozen=True)
class Check:
    """One requirement against a profile: ``status`` is met, unmet, unknown or check; ``note`` says why."""

    status: str
    note: str = ""

    @property
    def symbol(self):
        return {MET: "✓", UNMET: "✗"}.get(self.status, "?")

    @property
    def spoken(self):
        """The status in words, for screen readers (the symbol is hidden from them)."""
        return {MET: "you meet it", UNMET: "you do not meet it", UNKNOWN: "not in your profile", CHECK: "to check"}[
            self.status
        ]


@dataclass
class Requirement:
    """One line of the summary: what it is about, the full wording, a short one for cards, and its check."""

    key: str
    label: str
    text: str
    short: str
    stated: bool
    detail: str = ""  # an exception the ToR words itself (the age limit's military-service extension)
    check: Check | None = field(default=None, compare=False)


class Eligibility:
    """The five rules that decide whether a candidate may apply, for one vacancy."""

    # The vacancy's columns the summary reads: the derived ones and the age limit's three.
    FACTS = (
        "nationality_codes",
        "age_limit",
        "age_limit_on",
        "age_limit_terms",
        "language_requirements",
        "min_experience_years",
        "required_degree",
        "in_lieu_degree",
        "in_lieu_years",
    )

    def __init__(self, vacancy):
        """From a vacancy, or anything with the ``FACTS`` as attributes (the CSV passes a row's)."""
        self.nationalities = list(vacancy.nationality_codes or [])
        self.age_limit = vacancy.age_limit
        self.age_limit_on = vacancy.age_limit_on
        self.age_limit_terms = vacancy.age_limit_terms
        self.languages = [tuple(pair) for pair in (vacancy.language_requirements or [])]
        self.min_years = vacancy.min_experience_years
        self.degree = vacancy.required_degree
        self.in_lieu_degree = vacancy.in_lieu_degree
        self.in_lieu_years = vacancy.in_lieu_years

    # The wording ------------------------------------------------------------

    def nationality_text(self):
        if not self.nationalities:
            return "Any nationality"
        return f"Nationals of {' or '.join(country_name(c) for c in self.nationalities)} only"

    def age_text(self):
        if self.age_limit is None:
            return "No age limit stated"
        on = f" on {self.age_limit_on.day} {self.age_limit_on:%B %Y}" if self.age_limit_on else ""
        return f"{self.age_limit} or younger{on}"

    def language_texts(self):
        """Each required language with its level, in ToR order; one the ToR names without a code, as it words it."""
        return [
            f"{language_name(code)}{f' ({level})' if level else ''}" if code else level.rstrip(".")
            for code, level in self.languages
        ]

    def languages_text(self):
        texts = self.language_texts()
        return ", ".join(texts) if texts else "No language required"

    def experience_text(self):
        if self.min_years is None:
            return "No minimum experience stated"
        return f"At least {years(self.min_years)} of experience"

    def in_lieu_text(self):
        if not self.in_lieu_degree:
            return ""
        lower = DEGREE_NAMES[self.in_lieu_degree]
        if self.in_lieu_years is None:
            return f"a {lower} with more experience may replace it, how much more is not stated"
        more = self.in_lieu_years
        return f"a {lower} plus {more} more year{'s' if more != 1 else ''} of experience may replace it"

    def degree_text(self):
        if not self.degree:
            return "No degree stated"
        text = DEGREE_NAMES[self.degree].capitalize()
        return f"{text} ({self.in_lieu_text()})" if self.in_lieu_degree else text

    def degree_short(self):
        if not self.degree:
            return "degree not stated"
        if not self.in_lieu_degree:
            return DEGREE_NAMES[self.degree]
        extra = f" + {years(self.in_lieu_years)}" if self.in_lieu_years is not None else " + more experience"
        return f"{DEGREE_NAMES[self.degree]} (or {DEGREE_NAMES[self.in_lieu_degree]}{extra})"

    def requirements(self, profile=None):
        """The summary, in the order a candidate asks: nationality, age, languages, experience, degree.

        With a ``profile``, each requirement carries its ``check``.
        """
        rows = [
            Requirement(
                "nationality",
                "Nationality",
                self.nationality_text(),
                self.nationality_text().replace("Nationals of ", "").replace(" only", " nationals only"),
                bool(self.nationalities),
            ),
            Requirement(
                "age",
                "Age",
                self.age_text(),
                f"{self.age_limit} or under" if self.age_limit is not None else "no age limit stated",
                self.age_limit is not None,
                detail=self.age_limit_terms,
            ),
            Requirement(
                "languages",
                "Languages",
                self.languages_text(),
                ", ".join(self.language_texts()) or "no language required",
                bool(self.languages),
            ),
            Requirement(
                "experience",
                "Experience",
                self.experience_text(),
                f"{self.min_years}+ years" if self.min_years is not None else "not stated",
                self.min_years is not None,
            ),
            Requirement("degree", "Degree", self.degree_text(), self.degree_short(), bool(self.degree)),
        ]
        if profile is not None:
            checks = {
                "nationality": self.check_nationality,
                "age": self.check_age,
                "languages": self.check_languages,
                "experience": self.check_experience,
                "degree": self.check_degree,
            }
            for row in rows:
                row.check = checks[row.key](profile)
        return rows

    def lines(self):
        """The summary as plain "Label: text" lines (the feed, the JSON-LD, the CSV)."""
        lines = []
        for row in self.requirements():
            lines.append(f"{row.label}: {row.text}" + (f" ({row.detail.rstrip('.')})" if row.detail else ""))
        return lines

    # Against a profile ------------------------------------------------------------
    # Each mirrors one filter of querysets.py; a requirement not stated is met by everyone.

    def check_nationality(self, profile):
        if not self.nationalities:
            return Check(MET)
        if not profile.nationalities:
            return Check(UNKNOWN, f"only for nationals of {' or '.join(map(country_name, self.nationalities))}")
        if set(profile.nationalities) & set(self.nationalities):
            return Check(MET)
        return Check(UNMET, f"only for nationals of {' or '.join(map(country_name, self.nationalities))}")

    def check_age(self, profile):
        if self.age_limit is None:
            return Check(MET)
        if profile.age is None:
            return Check(UNKNOWN, f"age limit {self.age_limit}")
        if profile.age <= self.age_limit:
            return Check(MET)
        # The ToR's exception (``age_limit_terms``) is shown beside the limit: it is the candidate's to judge.
        return Check(UNMET, f"age limit {self.age_limit}")

    def check_languages(self, profile):
        coded = [(code, level) for code, level in self.languages if code]
        unnamed = [level.rstrip(".") for code, level in self.languages if not code]
        if not self.languages:
            return Check(MET)
        if not profile.speaks:
            return Check(UNKNOWN, f"needs {', '.join(self.language_texts())}")
        missing = [f"{language_name(code)}{f' ({level})' if level else ''}" for code, level in coded]
        missing = [text for text, (code, _) in zip(missing, coded, strict=True) if code not in profile.speaks]
        if missing:
            return Check(UNMET, f"needs {', '.join(missing)}")
        if unnamed:
            return Check(CHECK, f"check: {'; '.join(unnamed)}")
        return Check(MET)

    def check_experience(self, profile):
        if self.min_years is None:
            return Check(MET)
        if profile.experience is None:
            return Check(UNKNOWN, f"needs {years(self.min_years)} of experience")
        if profile.experience >= self.min_years:
            return Check(MET)
        return Check(UNMET, f"needs {years(self.min_years)} of experience")

    def years_in_lieu(self):
        """The experience the degree in lieu needs in all: the minimum plus the more years (``None``: not stated)."""
        if self.in_lieu_years is None:
            return None
        return (self.min_years or 0) + self.in_lieu_years

    def check_degree(self, profile):
        if not self.degree:
            return Check(MET)
        needs = f"needs a {DEGREE_NAMES[self.degree]}"
        if not profile.degree:
            return Check(UNKNOWN, needs)
        held = degrees_at_most(profile.degree)
        if self.degree in held:
            return Check(MET)
        if self.in_lieu_degree not in held or not self.in_lieu_degree:
            return Check(UNMET, needs)
        lower = DEGREE_NAMES[self.in_lieu_degree]
        total = self.years_in_lieu()
        if total is None:
            return Check(CHECK, f"check: a {lower} with more experience may be accepted (how much more is not stated)")
        if profile.experience is None:
            return Check(CHECK, f"with a {lower}: needs {years(total)} of experience")
        if profile.experience >= total:
            return Check(MET)
        return Check(UNMET, f"{needs}, or a {lower} and {years(total)} of experience")


def verdict(requirements):
    """For a card: ``(True, [])`` when a profile meets every requirement, else ``(False, the notes of the rest)``."""
    notes = [row.check.note for row in requirements if row.check and row.check.status != MET]
    return not notes, notes
