"""schema.org JobPosting for a vacancy, for search engines' job listings."""

from django.utils.html import format_html

from . import text
from .eligibility import Eligibility
from .labels import country_name, language_name
from .markup import join_markup
from .models import Category, Degree, Level
from .seo import absolute_url

# schema.org / Google's credentialCategory values.
CREDENTIALS = {
    Degree.BACHELOR: "bachelor degree",
    Degree.MASTER: "postgraduate degree",
    Degree.DOCTORATE: "postgraduate degree",
}


def eligibility_lines(vacancy):
    """Who may apply, as plain sentences: the board's summary (``vacancies.eligibility``), then the ToR's own rules.

    The ToR's words follow for the rules the summary does not structure (a military-service rule).
    """
    return [*Eligibility(vacancy).lines(), *(rule.text for rule in vacancy.eligibility())]


def required_degrees(vacancy):
    return [
        q.degree
        for q in vacancy.qualifications.all()
        if q.category == Category.EDUCATION and q.level == Level.REQUIRED and q.degree
    ]


def _tor_html(passage):
    """A long ToR passage as escaped HTML of the simple tags search engines read in a JobPosting."""
    parts = []
    for block in text.parse(passage):
        if block.kind == "heading":
            parts.append(format_html("<h3>{}</h3>", block.text))
        elif block.kind == "paragraph":
            parts.append(format_html("<p>{}</p>", block.text))
        else:
            parts.append(_list_html([(item.text, [child.text for child in item.children]) for item in block.items]))
    return join_markup(parts)


def _list_html(entries):
    """``<ul>`` of entries: a text, or (a text, [the texts nested under it])."""
    items = []
    for entry in entries:
        item, nested = (entry, []) if isinstance(entry, str) else entry
        items.append(format_html("<li>{}{}</li>", item, _list_html(nested) if nested else ""))
    return format_html("<ul>{}</ul>", join_markup(items))


def _duty_entries(duties):
    return [(duty.text, [item.text for item in duty.sub_items]) for duty in duties]


def _section(heading, *body):
    # join_markup escapes each part unless it is already safe HTML (_tor_html, _list_html): a plain
    # string passed here by mistake is shown as text, never as markup.
    return format_html("<h3>{}</h3>{}", heading, join_markup(body))


def description_html(vacancy):
    """The JobPosting's description: duties, qualifications, eligibility and how to apply, as escaped HTML.

    Search engines show ``description`` as the job's text and read it as HTML: plain text would
    run the ToR's lists together.
    """
    sections = []
    duties = vacancy.responsibilities()
    if vacancy.duties_intro or duties:
        sections.append(
            _section(
                "Duties, responsibilities and output expectations",
                _tor_html(vacancy.duties_intro),
                _list_html(_duty_entries(duties)) if duties else "",
            )
        )
    results = vacancy.expected_results()
    if results:
        sections.append(_section("Results expected", _list_html(_duty_entries(results))))
    for label, rows in vacancy.qualification_sections():
        sections.append(_section(label, _list_html([_qualification_text(q) for q in rows])))
    competencies = vacancy.competencies()
    if competencies:
        lines = [f"{q.competency}: {q.text}" if q.competency else q.text for q in competencies]
        sections.append(_section("UN competencies", _list_html(lines)))
    eligibility = eligibility_lines(vacancy)
    if eligibility:
        sections.append(_section("Eligibility", _list_html(eligibility)))
    sections.append(_section("How to apply", _how_to_apply_html(vacancy)))
    return "".join(sections)


def _qualification_text(q):
    """``Required · English, fluent: the ToR's text``: the level and the structured facts, then the words."""
    facts = [q.get_level_display()]
    if q.language:
        facts.append(language_name(q.language) + (f", {q.proficiency}" if q.proficiency else ""))
    if q.min_years is not None:
        facts.append(f"at least {q.min_years} year{'s' if q.min_years != 1 else ''}")
    if q.degree:
        facts.append(q.get_degree_display())
    return f"{' · '.join(facts)}: {q.text}"


def _how_to_apply_html(vacancy):
    parts = []
    if vacancy.application_url:
        parts.append(format_html("<p>Apply online: {}</p>", vacancy.application_url))
    if vacancy.application_email:
        parts.append(format_html("<p>Apply by e-mail: {}</p>", vacancy.application_email))
    parts.append(_tor_html(vacancy.how_to_apply))
    if not vacancy.how_to_apply and not vacancy.application_url and not vacancy.application_email:
        parts.append(format_html("<p>The ToR gives no address to apply to: ask {}.</p>", vacancy.organization))
    return join_markup(parts)


def job_posting(vacancy):
    """The JobPosting as a dict (relations must be prefetched with ``for_detail()``).

    None for a closed vacancy: a job search must not list what no longer takes applications.
    """
    if vacancy.is_closed:
        return None
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": description_html(vacancy),
        "url": absolute_url(vacancy.get_absolute_url()),
        "hiringOrganization": {"@type": "Organization", "name": vacancy.organization},
        "jobLocation": [
            {
                "@type": "Place",
                "name": f"{station.city}, {country_name(station.country)}",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": station.city,
                    "addressCountry": station.country,
                },
            }
            for station in vacancy.duty_stations.all()
        ],
        "employmentType": ["FULL_TIME", "TEMPORARY"],
        "directApply": False,
    }
    if vacancy.office:
        data["hiringOrganization"]["department"] = {"@type": "Organization", "name": vacancy.office}
    if vacancy.posted_on:
        data["datePosted"] = vacancy.posted_on.isoformat()
    if vacancy.closes_at_instant is not None:
        data["validThrough"] = vacancy.closes_at_instant.isoformat()
    elif vacancy.closes_on:
        # With only a date, the ToR's zone is unknown: the end of the day in UTC is when the board itself
        # stops listing the vacancy (closed_as_of compares with the date in TIME_ZONE, UTC).
        data["validThrough"] = f"{vacancy.closes_on.isoformat()}T23:59:59Z"
    if vacancy.reference:
        data["identifier"] = {"@type": "PropertyValue", "name": vacancy.organization, "value": vacancy.reference}
    degrees = required_degrees(vacancy)
    if degrees:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": CREDENTIALS[degrees[0]],
        }
    years = vacancy.min_experience_years
    if years is not None:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": years * 12,
        }
    eligibility = Eligibility(vacancy)
    if eligibility.nationalities:
        data["eligibilityToWorkRequirement"] = eligibility.nationality_text()
    return data
