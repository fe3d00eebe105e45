"""schema.org JobPosting for a vacancy, for search engines' job listings."""

from .labels import country_name
from .models import Degree, Level
from .text import plain

# schema.org / Google's credentialCategory values.
CREDENTIALS = {
    Degree.BACHELOR: "bachelor degree",
    Degree.MASTER: "postgraduate degree",
    Degree.DOCTORATE: "postgraduate degree",
}


def job_posting(vacancy, request):
    """The JobPosting as a dict (relations must be prefetched with ``for_detail()``)."""
    duties = [duty.text for duty in vacancy.duties.all() if duty.kind == "responsibility"]
    description = "\n".join([plain(vacancy.duties_intro), *(f"- {duty}" for duty in duties)]).strip()
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": description or vacancy.title,
        "url": request.build_absolute_uri(vacancy.get_absolute_url()),
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
    degrees = [
        q.degree
        for q in vacancy.qualifications.all()
        if q.category == "education" and q.level == Level.REQUIRED and q.degree
    ]
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
    nationalities = vacancy.nationalities()
    if nationalities:
        data["eligibilityToWorkRequirement"] = "Open only to nationals of " + ", ".join(
            country_name(code) for code in nationalities
        )
    return data
