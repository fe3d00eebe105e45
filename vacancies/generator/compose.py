"""Generated vacancies built in memory, from ``random.Random`` and ``corpus`` alone.

The same seed, count, date and first number give exactly the same vacancies.
Texts use the ToR text format of ``vacancies/text.py`` (one line a paragraph,
``- `` bullets).
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from .corpus import (
    BACKGROUND_CLOSINGS,
    BACKGROUND_MIDDLES,
    BACKGROUND_OPENINGS,
    COMPETENCIES,
    CONTEXTS,
    CORE_COMPETENCIES,
    DESIRABLE_EXPERIENCE,
    DESIRABLE_LANGUAGE,
    DIVERSITY,
    DURATION_TEXTS,
    DUTIES_INTROS,
    DUTY_ACTIVITIES,
    DUTY_CLOSERS,
    DUTY_STATIONS,
    DUTY_VERBS,
    EVALUATION,
    EXTENSION_TERMS,
    GROUP_HEADINGS,
    HOW_TO_APPLY,
    HOW_TO_APPLY_OPEN,
    LANGUAGES,
    LAST_DUTY,
    LEARNING_INTROS,
    LEARNING_ITEMS,
    LOCAL_LANGUAGES,
    NUMBER_WORDS,
    ORGANIZATION_NAMES,
    ORGANIZATION_WEIGHTS,
    ORGANIZATIONS,
    OWN_OFFICES_ONLY,
    PERIODS,
    PROFICIENCIES,
    REFERENCE_FORMATS,
    RESULTS,
    SALARY,
    SKILLS,
    SPONSORS,
    STATIONS_BY_CITY,
    SUPERVISION_CONTENT,
    SUPERVISION_EXTRA,
    SUPERVISOR_TITLES,
    TITLE_PATTERNS,
    TOPICS_BY_ORG,
    UNIT_KINDS,
)


@dataclass
class GeneratedVacancy:
    """One vacancy and its related rows, as plain values (keyword arguments of the models)."""

    fields: dict
    stations: list  # dicts of DutyStation fields
    supervision: dict
    duties: list  # dicts of Duty fields; "group" is the index of the group duty in this list, or None
    qualifications: list  # dicts of Qualification fields


def _sentence(template, **words):
    text = template.format(**words)
    return text[:1].upper() + text[1:]


def build_vacancy(rng, number, today):
    """One vacancy drawn from ``rng``; ``number`` only goes into its slug and reference."""
    org = rng.choices(ORGANIZATION_NAMES, weights=ORGANIZATION_WEIGHTS)[0]
    office, org_stations = ORGANIZATIONS[org]
    topic = rng.choice(TOPICS_BY_ORG[org])
    subjects = rng.sample(topic.subjects, 3)
    area = topic.title_area

    # Duty stations: often the entity's own offices, else a field duty station.
    if org in OWN_OFFICES_ONLY or rng.random() < 0.35:
        first = STATIONS_BY_CITY[rng.choice(org_stations)]
    else:
        first = rng.choice(DUTY_STATIONS)
    stations = [first]
    if rng.random() < 0.1:
        second = rng.choice(DUTY_STATIONS)
        while second[0] == first[0]:
            second = rng.choice(DUTY_STATIONS)
        stations.append(second)
    city, country_code, country = first

    sponsor = rng.choice(list(SPONSORS)) if rng.random() < 0.7 else ""
    restricted = bool(sponsor) and rng.random() < 0.35
    grade_roll = rng.random()
    if grade_roll < 0.2:
        grade_min, grade_max, grade_text = "P1", "P2", "P1 or P2 (step 1), depending on qualifications and experience"
    elif grade_roll < 0.3:
        grade_min, grade_max, grade_text = "P2", "P2", rng.choice(["P2", "P2, step 1"])
    else:
        grade_min = grade_max = grade_text = ""
    months = rng.choice([12, 24, 24, 36])
    posted_on = today - datetime.timedelta(days=rng.randrange(3 * 365))
    closes_roll = rng.random()
    if closes_roll < 0.5:
        closes_on = None
    elif closes_roll < 0.9:
        closes_on = today + datetime.timedelta(days=rng.randint(1, 120))
    else:
        closes_on = posted_on + datetime.timedelta(days=rng.randint(14, 60))
    has_reference = rng.random() < 0.9
    reference = (
        rng.choice(REFERENCE_FORMATS).format(
            yy=posted_on.strftime("%y"), year=posted_on.year, org=slugify(org).upper(), n=number
        )
        if has_reference
        else ""
    )
    title = rng.choice(TITLE_PATTERNS).format(area=area)
    supervisor = rng.choice(SUPERVISOR_TITLES).format(area=area)
    unit = rng.choice([f"{area} {rng.choice(UNIT_KINDS)}", f"{country} Country Office", f"Regional Office in {city}"])

    own_words = {
        "org": org,
        "office": office.split(" / ")[-1],
        "area": area,
        "city": city,
        "country": country,
        "supervisor": supervisor,
        "reference": f"reference {reference}" if reference else "the vacancy title",
        "sponsor_name": SPONSORS[sponsor][0] if sponsor else "",
        "sponsor_office": SPONSORS[sponsor][3] if sponsor else "",
    }

    def say(templates):
        # Random words are drawn for the sentences that use them only: most use none or one of them.
        template = rng.choice(templates)
        words = dict(own_words)
        if "{subject" in template:
            words["subject"], words["subject2"] = rng.sample(subjects, 2)
        if "{partner}" in template:
            words["partner"] = rng.choice(topic.partners)
        if "{output}" in template:
            words["output"] = rng.choice(topic.outputs)
        if "{context}" in template:
            words["context"] = rng.choice(CONTEXTS)
        if "{team_size}" in template:
            words["team_size"] = rng.randint(4, 25)
        return _sentence(template, **words)

    # Duties: flat, or in groups with sub-items; some ToRs add expected results.
    duties = []
    n_duties = rng.randint(8, 15)
    if rng.random() < 0.2:
        headings = rng.sample(GROUP_HEADINGS, rng.randint(3, 4))
        per_group = max(2, (n_duties - len(headings)) // len(headings))
        activities = iter(rng.sample(DUTY_ACTIVITIES, per_group * len(headings)))
        for heading in headings:
            group_index = len(duties)
            duties.append({"text": say([heading]), "kind": "responsibility", "group": None})
            for _ in range(per_group):
                text = _duty(rng, say, next(activities))
                duties.append({"text": text, "kind": "responsibility", "group": group_index})
    else:
        for activity in rng.sample(DUTY_ACTIVITIES, n_duties - 1):
            duties.append({"text": _duty(rng, say, activity), "kind": "responsibility", "group": None})
        duties.append({"text": rng.choice(LAST_DUTY), "kind": "responsibility", "group": None})
    if rng.random() < 0.25:
        for template in rng.sample(RESULTS, rng.randint(2, 4)):
            duties.append({"text": say([template]), "kind": "result", "group": None})

    qualifications = _qualifications(rng, topic, country_code, sponsor, restricted, say)
    age_limit = SPONSORS[sponsor][2] if restricted else None
    how_to_apply = [say(HOW_TO_APPLY) if sponsor else say(HOW_TO_APPLY_OPEN)]
    if restricted:
        name, nationality, limit, _ = SPONSORS[sponsor]
        how_to_apply.insert(
            0,
            f"Note: This post is open in the context of the Junior Professional Officer (JPO) programme sponsored by "
            f"the Government of {name} and is addressed exclusively to {nationality} nationals.",
        )
        if limit:
            how_to_apply.append(f"- Candidates must not be older than {limit} years of age on the closing date.")

    vacancy = {
        "reference": reference,
        "slug": f"{slugify(title)[:100]}-{number}",
        "status": "published",
        "posted_on": posted_on,
        "closes_on": closes_on,
        "title": title,
        "sector": topic.sector,
        "organization": org,
        "office": f"{office} / {unit}",
        "non_family": rng.choices(["yes", "no", "not_stated"], weights=[2, 5, 3])[0],
        "duration_months": months,
        "duration_text": rng.choice(DURATION_TEXTS[months]),
        "extension_terms": EXTENSION_TERMS if rng.random() < 0.6 else "",
        "grade_min": grade_min,
        "grade_max": grade_max,
        "grade_text": grade_text,
        "salary_and_benefits": SALARY if grade_min else "",
        "sponsor_country": sponsor,
        "duties_intro": say(DUTIES_INTROS),
        "diversity_statement": DIVERSITY if rng.random() < 0.7 else "",
        "learning_elements": "\n".join(
            [say(LEARNING_INTROS)] + ["- " + say([item]) for item in rng.sample(LEARNING_ITEMS, rng.randint(4, 6))]
        ),
        "background": "\n".join(
            " ".join(say(part) for part in paragraph)
            for paragraph in (
                [BACKGROUND_OPENINGS, BACKGROUND_MIDDLES],
                [BACKGROUND_MIDDLES] * rng.randint(2, 3),
                [BACKGROUND_CLOSINGS],
            )
        ),
        "age_limit": age_limit,
        "how_to_apply": "\n".join(how_to_apply),
    }
    supervision = {
        "supervisor_title": supervisor,
        "content": "\n".join([say(SUPERVISION_CONTENT), say(SUPERVISION_EXTRA)]),
        "evaluation": say(EVALUATION),
    }
    station_rows = [
        {"order": order, "city": c, "country": code, "period": PERIODS[order - 1] if len(stations) > 1 else ""}
        for order, (c, code, _) in enumerate(stations, start=1)
    ]
    return GeneratedVacancy(vacancy, station_rows, supervision, duties, qualifications)


def _duty(rng, say, activity):
    verb = rng.choice(DUTY_VERBS)
    activity = say([activity])
    closer = say([rng.choice(DUTY_CLOSERS)]) if rng.random() < 0.5 else ""
    return f"{verb} {activity[0].lower()}{activity[1:]}{closer}."


def _qualifications(rng, topic, country_code, sponsor, restricted, say):
    """Section IV in ToR order: education, experience, languages, skills, competencies, then eligibility."""
    rows = []

    def add(category, level, text, **structured):
        rows.append({"category": category, "level": level, "text": text, **structured})

    studies = rng.sample(topic.fields_of_study, 3)
    degree = rng.choices(["master", "bachelor"], weights=[8, 2])[0]
    if degree == "master":
        add(
            "education",
            "required",
            f"Advanced university degree (Master's degree or equivalent) in {studies[0]}, {studies[1]}, {studies[2]} "
            "or a related field.",
            degree="master",
        )
    else:
        add(
            "education",
            "required",
            f"First-level university degree (Bachelor's degree) in {studies[0]} or {studies[1]}, with two additional "
            "years of qualifying experience.",
            degree="bachelor",
        )
    years = rng.randint(2, 5)
    subject = say(["{subject}"])
    add(
        "experience",
        "required",
        f"A minimum of {NUMBER_WORDS[years]} years of progressively responsible professional experience in "
        f"{topic.sector.lower()}, {subject.lower()} or a related area is required.",
        min_years=years,
    )
    for template in rng.sample(DESIRABLE_EXPERIENCE, rng.randint(1, 2)):
        add("experience", "desirable", say([template]))
    if rng.random() < 0.98:
        proficiency, template = rng.choice(PROFICIENCIES)
        add("language", "required", template.format(language="English"), language="en", proficiency=proficiency)
    local = LOCAL_LANGUAGES.get(country_code)
    other = local if local and rng.random() < 0.6 else rng.choice(list(LANGUAGES))
    if rng.random() < 0.25:
        proficiency, template = rng.choice(PROFICIENCIES)
        level = "required"
    else:
        proficiency, template = rng.choice(DESIRABLE_LANGUAGE)
        level = rng.choice(["desirable", "asset"])
    add("language", level, template.format(language=LANGUAGES[other]), language=other, proficiency=proficiency)
    for template in rng.sample(SKILLS, rng.randint(1, 3)):
        add("skill", rng.choice(["required", "desirable"]), say([template]))
    extra = [name for name in COMPETENCIES if name not in CORE_COMPETENCIES]
    for name in CORE_COMPETENCIES[: rng.randint(2, 3)] + rng.sample(extra, rng.randint(1, 2)):
        add("competency", "required", COMPETENCIES[name], competency=name)
    if restricted:
        name, nationality, limit, _ = SPONSORS[sponsor]
        add(
            "nationality",
            "required",
            f"{nationality} citizenship. This post is open only to candidates of {name}.",
            country=sponsor,
        )
        if limit:
            add("other", "required", f"Not older than {limit} years of age at the closing date of the vacancy.")
    return [{**row, "order": order} for order, row in enumerate(rows, start=1)]


def build_vacancies(count, seed=0, today=None, first_number=1):
    """Yield ``count`` GeneratedVacancy, the same ones for the same arguments."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    for i in range(count):
        yield build_vacancy(rng, first_number + i, today)
