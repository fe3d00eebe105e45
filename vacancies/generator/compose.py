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


def build_vacancies(count, seed=0, today=None, first_number=1):
    """Yield ``count`` GeneratedVacancy, the same ones for the same arguments."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    for i in range(count):
        yield build_vacancy(rng, first_number + i, today)


def build_vacancy(rng, number, today):
    """One vacancy drawn from ``rng``; ``number`` only goes into its slug and reference.

    The helpers draw from ``rng`` in the order they are called here, and a
    seed's vacancies are that order: a draw moved, added or left out changes
    this vacancy and every one after it.
    """
    org = rng.choices(ORGANIZATION_NAMES, weights=ORGANIZATION_WEIGHTS)[0]
    office = ORGANIZATIONS[org][0]
    topic = rng.choice(TOPICS_BY_ORG[org])
    subjects = rng.sample(topic.subjects, 3)
    area = topic.title_area
    stations = _duty_stations(rng, org)
    city, country_code, country = stations[0]
    sponsor, restricted = _sponsor(rng)
    grade_min, grade_max, grade_text = _grade(rng)
    months = rng.choice([12, 24, 24, 36])
    posted_on, closes_on = _dates(rng, today)
    reference = _reference(rng, org, posted_on, number)
    title = rng.choice(TITLE_PATTERNS).format(area=area)
    supervisor = rng.choice(SUPERVISOR_TITLES).format(area=area)
    unit = _unit(rng, area, city, country)
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
    say = _sayer(rng, topic, subjects, own_words)
    duties = _duties(rng, say)
    qualifications = _qualifications(rng, topic, country_code, sponsor, restricted, say)
    how_to_apply = _how_to_apply(say, sponsor, restricted)
    vacancy = {  # the values' draws are made in the order of the keys
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
        "learning_elements": _learning_elements(rng, say),
        "background": _background(rng, say),
        "age_limit": SPONSORS[sponsor][2] if restricted else None,
        "how_to_apply": how_to_apply,
    }
    supervision = _supervision(say, supervisor)
    return GeneratedVacancy(vacancy, _station_rows(stations), supervision, duties, qualifications)


# The vacancy's terms -------------------------------------------------------------


def _duty_stations(rng, org):
    """Often the entity's own offices, else a field duty station; one in ten adds a second station."""
    if org in OWN_OFFICES_ONLY or rng.random() < 0.35:
        first = STATIONS_BY_CITY[rng.choice(ORGANIZATIONS[org][1])]
    else:
        first = rng.choice(DUTY_STATIONS)
    stations = [first]
    if rng.random() < 0.1:
        second = rng.choice(DUTY_STATIONS)
        while second[0] == first[0]:
            second = rng.choice(DUTY_STATIONS)
        stations.append(second)
    return stations


def _sponsor(rng):
    """The sponsoring country's code ("" for none), and whether the post is open to its nationals only."""
    sponsor = rng.choice(list(SPONSORS)) if rng.random() < 0.7 else ""
    restricted = bool(sponsor) and rng.random() < 0.35
    return sponsor, restricted


def _grade(rng):
    """``(grade_min, grade_max, grade_text)``; most ToRs state no grade."""
    grade_roll = rng.random()
    if grade_roll < 0.2:
        return "P1", "P2", "P1 or P2 (step 1), depending on qualifications and experience"
    if grade_roll < 0.3:
        return "P2", "P2", rng.choice(["P2", "P2, step 1"])
    return "", "", ""


def _dates(rng, today):
    """``(posted_on, closes_on)``, posted within the three years before ``today``.

    Half state no closing date; the others close within 120 days of ``today``,
    or (one in ten) 14 to 60 days after they were posted.
    """
    posted_on = today - datetime.timedelta(days=rng.randrange(3 * 365))
    closes_roll = rng.random()
    if closes_roll < 0.5:
        return posted_on, None
    if closes_roll < 0.9:
        return posted_on, today + datetime.timedelta(days=rng.randint(1, 120))
    return posted_on, posted_on + datetime.timedelta(days=rng.randint(14, 60))


def _reference(rng, org, posted_on, number):
    """Nine in ten have a reference, in one of the entities' formats, with ``number`` in it ("" for none)."""
    if rng.random() < 0.9:
        return rng.choice(REFERENCE_FORMATS).format(
            yy=posted_on.strftime("%y"), year=posted_on.year, org=slugify(org).upper(), n=number
        )
    return ""


def _unit(rng, area, city, country):
    """The office's unit, written after the entity's name in the ToR's Organization/Office line."""
    # The unit kind is drawn even when another kind of unit is chosen.
    return rng.choice([f"{area} {rng.choice(UNIT_KINDS)}", f"{country} Country Office", f"Regional Office in {city}"])


# The texts -----------------------------------------------------------------------


def _sayer(rng, topic, subjects, own_words):
    """``say(templates)``: one of ``templates``, filled with the vacancy's own words and words drawn for it."""

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

    return say


def _sentence(template, **words):
    text = template.format(**words)
    return text[:1].upper() + text[1:]


def _duties(rng, say):
    """Duties: flat, or in groups with sub-items; some ToRs add expected results."""
    n_duties = rng.randint(8, 15)
    if rng.random() < 0.2:
        duties = _grouped_duties(rng, say, n_duties)
    else:
        duties = _flat_duties(rng, say, n_duties)
    if rng.random() < 0.25:
        for template in rng.sample(RESULTS, rng.randint(2, 4)):
            duties.append({"text": say([template]), "kind": "result", "group": None})
    return duties


def _grouped_duties(rng, say, n_duties):
    """Three or four headings, each followed by as many sub-items as ``n_duties`` leaves it (two at least)."""
    duties = []
    headings = rng.sample(GROUP_HEADINGS, rng.randint(3, 4))
    per_group = max(2, (n_duties - len(headings)) // len(headings))
    activities = iter(rng.sample(DUTY_ACTIVITIES, per_group * len(headings)))
    for heading in headings:
        group_index = len(duties)
        duties.append({"text": say([heading]), "kind": "responsibility", "group": None})
        for _ in range(per_group):
            text = _duty(rng, say, next(activities))
            duties.append({"text": text, "kind": "responsibility", "group": group_index})
    return duties


def _flat_duties(rng, say, n_duties):
    """``n_duties`` duties, the last one "other duties as required"."""
    duties = []
    for activity in rng.sample(DUTY_ACTIVITIES, n_duties - 1):
        duties.append({"text": _duty(rng, say, activity), "kind": "responsibility", "group": None})
    duties.append({"text": rng.choice(LAST_DUTY), "kind": "responsibility", "group": None})
    return duties


def _duty(rng, say, activity):
    verb = rng.choice(DUTY_VERBS)
    activity = say([activity])
    closer = say([rng.choice(DUTY_CLOSERS)]) if rng.random() < 0.5 else ""
    return f"{verb} {activity[0].lower()}{activity[1:]}{closer}."


def _how_to_apply(say, sponsor, restricted):
    """How to apply; a post open to one nationality says so first, and ends with its age limit if it has one."""
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
    return "\n".join(how_to_apply)


def _learning_elements(rng, say):
    """An introduction, then four to six learning elements as bullets."""
    intro = say(LEARNING_INTROS)
    items = rng.sample(LEARNING_ITEMS, rng.randint(4, 6))
    return "\n".join([intro] + ["- " + say([item]) for item in items])


def _background(rng, say):
    """Three paragraphs: an opening and a sentence on the office's work, two or three more, a closing."""
    paragraphs = (
        [BACKGROUND_OPENINGS, BACKGROUND_MIDDLES],
        [BACKGROUND_MIDDLES] * rng.randint(2, 3),
        [BACKGROUND_CLOSINGS],
    )
    return "\n".join(" ".join(say(part) for part in paragraph) for paragraph in paragraphs)


def _supervision(say, supervisor):
    return {
        "supervisor_title": supervisor,
        "content": "\n".join([say(SUPERVISION_CONTENT), say(SUPERVISION_EXTRA)]),
        "evaluation": say(EVALUATION),
    }


def _station_rows(stations):
    """DutyStation fields; with two stations, the first year is spent at the first, the second at the other."""
    return [
        {"order": order, "city": c, "country": code, "period": PERIODS[order - 1] if len(stations) > 1 else ""}
        for order, (c, code, _) in enumerate(stations, start=1)
    ]


# The qualifications ----------------------------------------------------------------


def _qualifications(rng, topic, country_code, sponsor, restricted, say):
    """Section IV in ToR order: education, experience, languages, skills, competencies, then eligibility."""
    rows = [
        *_education(rng, topic),
        *_experience(rng, topic, say),
        *_languages(rng, country_code),
        *_skills(rng, say),
        *_competencies(rng),
        *_eligibility(sponsor, restricted),
    ]
    return [{**row, "order": order} for order, row in enumerate(rows, start=1)]


def _qualification(category, level, text, **structured):
    return {"category": category, "level": level, "text": text, **structured}


def _education(rng, topic):
    """A Master's degree mostly, often with a first-level degree accepted in lieu, else a Bachelor's."""
    studies = rng.sample(topic.fields_of_study, 3)
    degree = rng.choices(["master", "bachelor"], weights=[8, 2])[0]
    if degree == "master":
        text = (
            f"Advanced university degree (Master's degree or equivalent) in {studies[0]}, {studies[1]}, {studies[2]} "
            "or a related field."
        )
        # Chosen from the fields drawn, not by a new draw: the same seed keeps giving the same vacancies.
        if len(studies[0]) % 5 < 3:
            more = 1 + len(studies[1]) % 2
            text += (
                f" A first-level university degree in combination with {['one', 'two'][more - 1]} additional "
                f"year{'s' if more > 1 else ''} of qualifying experience may be accepted in lieu of the advanced "
                "university degree."
            )
            return [
                _qualification(
                    "education", "required", text, degree=degree, in_lieu_degree="bachelor", in_lieu_years=more
                )
            ]
    else:
        text = (
            f"First-level university degree (Bachelor's degree) in {studies[0]} or {studies[1]}, with two additional "
            "years of qualifying experience."
        )
    return [_qualification("education", "required", text, degree=degree)]


def _experience(rng, topic, say):
    """Two to five years required, then one or two desirable kinds of experience."""
    years = rng.randint(2, 5)
    subject = say(["{subject}"])
    rows = [
        _qualification(
            "experience",
            "required",
            f"A minimum of {NUMBER_WORDS[years]} years of progressively responsible professional experience in "
            f"{topic.sector.lower()}, {subject.lower()} or a related area is required.",
            min_years=years,
        )
    ]
    for template in rng.sample(DESIRABLE_EXPERIENCE, rng.randint(1, 2)):
        rows.append(_qualification("experience", "desirable", say([template])))
    return rows


def _languages(rng, country_code):
    """English, required almost always, then one other language: often the duty station's own."""
    rows = []
    if rng.random() < 0.98:
        proficiency, template = rng.choice(PROFICIENCIES)
        rows.append(
            _qualification(
                "language", "required", template.format(language="English"), language="en", proficiency=proficiency
            )
        )
    local = LOCAL_LANGUAGES.get(country_code)
    other = local if local and rng.random() < 0.6 else rng.choice(list(LANGUAGES))
    if rng.random() < 0.25:
        proficiency, template = rng.choice(PROFICIENCIES)
        level = "required"
    else:
        proficiency, template = rng.choice(DESIRABLE_LANGUAGE)
        level = rng.choice(["desirable", "asset"])
    text = template.format(language=LANGUAGES[other])
    rows.append(_qualification("language", level, text, language=other, proficiency=proficiency))
    return rows


def _skills(rng, say):
    rows = []
    for template in rng.sample(SKILLS, rng.randint(1, 3)):
        rows.append(_qualification("skill", rng.choice(["required", "desirable"]), say([template])))
    return rows


def _competencies(rng):
    """Two or three of the core competencies, then one or two of the others."""
    extra = [name for name in COMPETENCIES if name not in CORE_COMPETENCIES]
    names = CORE_COMPETENCIES[: rng.randint(2, 3)] + rng.sample(extra, rng.randint(1, 2))
    return [_qualification("competency", "required", COMPETENCIES[name], competency=name) for name in names]


def _eligibility(sponsor, restricted):
    """A post open to the sponsor's nationals only: their citizenship, and the programme's age limit if any."""
    if not restricted:
        return []
    name, nationality, limit, _ = SPONSORS[sponsor]
    rows = [
        _qualification(
            "nationality",
            "required",
            f"{nationality} citizenship. This post is open only to candidates of {name}.",
            country=sponsor,
        )
    ]
    if limit:
        rows.append(
            _qualification(
                "other", "required", f"Not older than {limit} years of age at the closing date of the vacancy."
            )
        )
    return rows
