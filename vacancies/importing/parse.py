"""A ToR's text read into a draft: its sections, labelled fields, duties and qualifications.

Never a guess: a field the ToR does not state stays blank ("not stated"); one
the parser derives from something else (a country from a well-known city, a
sponsor from "nationals of …", Germany from BFIO's cover line) is recorded in
``Draft.inferred`` with the reason, and anything HR must look at goes to
``Draft.warnings``. The layouts handled are those UN entities use: the UN
DESA JPO template (I. General Information … VII.), the UNDP JPO Service
Centre's (A. … F.), vacancy headers with "Vacancy no.", "Grade", "Duty
Station City", "Application deadline (midnight Geneva time)", BFIO's German
cover and notes ("Chiffre Nr."), and sponsors' eligibility notes.
"""

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, time

from . import lexicon

# Sections --------------------------------------------------------------------------------

SECTION_WORDS = [
    ("general", ("general information", "position information", "job identification", "post information")),
    ("supervision", ("supervision", "reporting line")),
    ("duties", ("duties", "responsibilities", "functions", "tasks", "job description")),
    ("qualifications", ("qualifications", "requirements", "competencies", "profile")),
    ("learning", ("learning",)),
    ("background", ("background", "organizational setting", "organisational setting", "about the")),
    ("apply", ("how to apply", "application", "apply")),
    ("notes", ("hinweise", "wichtig", "remarques", "notas")),
]
ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)"
# "IV. Qualifications", "B. Duties" (the UNDP template); "A) General requirements" is a list inside a section.
HEADING = re.compile(rf"^\s*(?:{ROMAN}[.)]|[A-H]\.)\s+(?P<title>[A-Z\u00c0-\u017f].{{2,90}}?)\s*:?\s*$")


def section_of(title):
    lowered = title.lower()
    for key, words in SECTION_WORDS:
        if any(word in lowered for word in words):
            return key
    return ""


# Labels: "Title:", "Sector of Assignment (e.g, …):", "Vacancy no.:", each to its field.
LABELS = [
    ("title", r"(?:post |position |job |functional )?title"),
    ("sector", r"sector of assignment|sector|area of assignment"),
    ("office", r"organi[sz]ation\s*/\s*office|organi[sz]ation|agency|department\s*/\s*office|hiring office"),
    ("duty_station", r"(?:country and )?duty station(?: city)?|location"),
    ("duty_country", r"duty station country|country of assignment|country"),
    ("department", r"department|division"),
    ("non_family", r"\[?\s*non-family duty station"),
    ("duration", r"duration(?: of (?:the )?assignment)?|contract duration"),
    ("grade", r"grade(?:\s*/\s*level)?|level"),
    ("salary", r"salary and benefits"),
    (
        "reference",
        r"(?:vacancy|position|post) (?:no\.?|number)|vacancy notice(?: no\.?)?|reference(?: no\.?| number)?|ref\.?",
    ),
    ("job_id", r"job (?:id|opening(?: id)?)|requisition(?: id)?"),
    ("deadline", r"(?:application )?deadline(?: for applications)?|closing date"),
    ("posted", r"date of issue|posting date|date posted|issued on"),
    ("supervisor", r"title of supervisor|direct supervision by|supervisor(?:'s title)?|reports to"),
    ("supervisor_grade", r"supervisor'?s? (?:grade|level)|grade of supervisor"),
    ("supervision_content", r"content and methodology of supervision"),
    ("evaluation", r"evaluation"),
    ("nationality", r"nationality|eligible nationalities"),
]
LABEL = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in LABELS) + r")"
    r"\s*(?P<aside>\([^)]*\))?\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
QUALIFICATION_LABELS = [
    ("education", r"education(?:al background)?|academic qualifications"),
    ("experience", r"(?:work |professional )?experience"),
    ("language", r"languages?(?: skills| requirements)?"),
    ("skill", r"other skills|skills|technical skills"),
    ("competency", r"(?:un |core )?competencies"),
    ("nationality", r"nationality"),
    ("diversity", r"workforce diversity"),
]
# A label ends with a colon, or stands alone on its line ("Workforce Diversity"): "language, tone" is text.
QUALIFICATION_LABEL = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in QUALIFICATION_LABELS) + r")"
    r"\s*(?:\([^)]*\))?\s*(?::\s*(?P<value>.*)|(?P<alone>)\s*)$",
    re.IGNORECASE,
)

BULLET = re.compile(
    r"^(?P<indent>\s*)(?P<mark>[\u2022\uf0b7\uf0a7\u25aa\u25cf\u25e6\u2013\u2014*•▪◦-]|o(?=\s)|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]\))\s+(?P<text>\S.*)$"
)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")


@dataclass
class Draft:
    """What the parser read; ``inferred`` and ``warnings`` say what HR must check."""

    fields: dict = field(default_factory=dict)
    duty_stations: list = field(default_factory=list)
    supervision: dict = field(default_factory=dict)
    duties: list = field(default_factory=list)  # {"text", "kind", "items": [text]}
    qualifications: list = field(default_factory=list)
    inferred: dict = field(default_factory=dict)  # field -> why
    warnings: list = field(default_factory=list)

    def set(self, name, value, inferred=""):
        if value in ("", None, []):
            return
        self.fields[name] = value
        if inferred:
            self.inferred[name] = inferred


# Text helpers ----------------------------------------------------------------------------


def clean_lines(text):
    """The text's lines, right-stripped, with PDF debris (page numbers, lone bullets) dropped."""
    lines = []
    for line in text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if re.fullmatch(r"\s*(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*", line, re.IGNORECASE):
            continue
        # A label the page width broke inside its brackets ("Sector of Assignment (e.g, …,\nAdministration etc):").
        if lines and lines[-1].count("(") > lines[-1].count(")") and re.search(r"\)\s*:", line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
            continue
        # Two labelled fields on one line ("Grade: P-2      Duty Station: Nairobi"): a line each.
        parts = re.split(r"\s{3,}(?=[A-Z][\w /.-]{2,40}:)", line)
        lines.extend(parts if len(parts) > 1 and all(LABEL.match(part) for part in parts) else [line])
    return lines


# The width of a full line of the document being read (``parse`` sets it): a PDF wraps its paragraphs
# at about that width, so a line ending a sentence well short of it ends its paragraph.
# A ContextVar, not a module global: two imports in two threads of a worker each read their own document.
LINE_WIDTH = ContextVar("line_width", default=100)


def ends_paragraph(line, blank_follows=False):
    """Whether a line ends its paragraph.

    A PDF wraps a paragraph at about the page's width: a line ending a sentence well short of it ends
    the paragraph; so does a blank line after a complete line. Some extractions put a blank line after
    every line: a blank after a line that stops mid-sentence does not end the paragraph.
    """
    stripped = line.rstrip()
    complete = stripped.endswith((".", "!", "?", ":", ";", "]"))
    short = len(stripped) < 0.7 * LINE_WIDTH.get()
    if blank_follows:
        return complete or short
    return complete and (len(line) - len(stripped) >= 2 or short)


def join_wrapped(lines):
    """Lines wrapped by a PDF, joined into paragraphs (see ``ends_paragraph``); hyphenated breaks mended."""
    paragraphs, current, current_line = [], [], ""
    for line in lines:
        if not line.strip():
            if current and ends_paragraph(current_line, blank_follows=True):
                paragraphs.append(" ".join(current))
                current = []
            continue
        current_line = line
        piece = line.strip()
        if current and current[-1].endswith("-") and piece[:1].islower():
            current[-1] = current[-1][:-1] + piece
        else:
            current.append(piece)
        if ends_paragraph(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [re.sub(r"\s+", " ", p).strip() for p in paragraphs]


ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|incl|approx|no|nos|vs|cf|mr|ms|dr|st|p|ref)|\b[A-Z])\.$", re.IGNORECASE
)


def sentences(paragraph):
    """A paragraph's sentences; not split after "e.g." or "No.", nor inside brackets."""
    result, start, depth = [], 0, 0
    for index, char in enumerate(paragraph):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ".!?;" and depth == 0:
            rest = paragraph[index + 1 :]
            if re.match(r"\s+[A-Z(]", rest) and not ABBREVIATIONS.search(paragraph[start : index + 1]):
                result.append(paragraph[start : index + 1].strip())
                start = index + 1
    result.append(paragraph[start:].strip())
    return [sentence for sentence in result if sentence]


def first_sentence(text):
    parts = re.split(r"(?<=[.!])\s+(?=[A-Z])", text.strip(), maxsplit=1)
    return parts[0].rstrip("."), (parts[1] if len(parts) > 1 else "")


# Sections ------------------------------------------------------------------------------------


# In a ToR without numbered sections, a short line naming a section alone ("Duties and responsibilities").
PLAIN_HEADING = re.compile(r"^\s*(?P<title>[A-Z][A-Za-z,&/ -]{3,60}?)\s*:?\s*$")


def split_sections(lines):
    """{section key: [lines]} plus "preamble" for what comes before the first heading, and titles."""
    sections, titles = {"preamble": []}, {}
    current = "preamble"
    numbered = any(HEADING.match(line) and section_of(HEADING.match(line).group("title")) for line in lines)
    heading = HEADING if numbered else PLAIN_HEADING
    for line in lines:
        match = heading.match(line)
        if match and heading is PLAIN_HEADING and len(match.group("title").split()) > 5:
            match = None
        key = section_of(match.group("title")) if match else ""
        if match and key and not LABEL.match(line):
            current = key if key not in sections else f"{key}_{len(sections)}"
            sections[current] = []
            titles[current] = match.group("title").strip().rstrip(":")
            continue
        sections[current].append(line)
    return sections, titles


def labelled(lines, labels=LABEL):
    """[(key, aside, value lines)]: each label with what follows it, up to the next label or heading."""
    found, current = [], None
    for line in lines:
        match = labels.match(line)
        if match:
            key = next(
                k for k, v in match.groupdict().items() if v is not None and k not in ("aside", "value", "alone")
            )
            current = [key, match.groupdict().get("aside") or "", []]
            found.append(current)
            if (match.group("value") or "").strip():
                current[2].append(match.group("value"))
            continue
        if current is not None:
            current[2].append(line)
    return found


def split_brackets(value_lines):
    """A bracketed note ("[Extension of appointment is subject …]") as a paragraph of its own."""
    result = []
    for line in value_lines:
        if line.strip().startswith("[") and result and result[-1].strip():
            result.append("")
        result.append(line)
        if line.strip().endswith("]"):
            result.append("")
    return result


# The general information ------------------------------------------------------------------


def read_general(draft, lines, preamble):
    assigned_country = ""  # "Country of Assignment: Senegal", given before or after the duty station
    for key, aside, value_lines in labelled(lines):
        paragraphs = join_wrapped(value_lines)
        text = paragraphs[0] if paragraphs else ""
        if key == "title":
            read_title(draft, value_lines)
        elif key == "sector":
            draft.set("sector", text)
        elif key == "office":
            draft.set("office", text)
        elif key == "duty_station":
            read_duty_stations(draft, text)
        elif key == "duty_country":
            assigned_country = lexicon.country_code(text)
        elif key == "department":
            # "Agency: UNDP" then "Department: Bureau …": the office in full.
            draft.set("office", " / ".join(filter(None, [draft.fields.get("office", ""), text])))
        elif key == "non_family":
            read_non_family(draft, (aside + " " + " ".join(value_lines)).strip())
        elif key == "duration":
            read_duration(draft, join_wrapped(split_brackets(value_lines)))
        elif key == "grade":
            read_grade(draft, text)
        elif key == "salary":
            draft.set("salary_and_benefits", "\n\n".join(p for p in paragraphs if not re.fullmatch(r"https?://\S+", p)))
        elif key == "reference":
            draft.set("reference", text.split()[0] if text else "")
        elif key == "job_id":
            draft.set("other_references", f"Job ID {text}" if text else "")
        elif key == "deadline":
            read_deadline(draft, aside, text)
        elif key == "posted":
            draft.set("posted_on", parse_date(text))
        elif key == "nationality":
            read_nationality_line(draft, text)
        else:
            # Supervision labels in a general section: read there.
            read_supervision_label(draft, key, value_lines)
    if assigned_country:
        # The ToR's own country: what a city alone had let the parser infer is read now.
        for index, station in enumerate(draft.duty_stations):
            if not station["country"] or f"duty_stations.{index}.country" in draft.inferred:
                station["country"] = assigned_country
                draft.inferred.pop(f"duty_stations.{index}.country", None)
        draft.warnings[:] = [w for w in draft.warnings if not w.startswith("No country found for the duty station")]
    # A non-family line without a colon ("[Non-Family Duty Station: yes / no X]" is matched above).
    for line in lines:
        if "non-family" in line.lower() and "non_family" not in draft.fields:
            read_non_family(draft, line)
    # Paragraphs after the labelled ones that are no field: general notes.
    read_reference_from_preamble(draft, preamble)


def read_title(draft, value_lines):
    title_lines = [line.strip() for line in value_lines if line.strip()]
    if not title_lines:
        return
    # A title wrapped by the PDF continues in lower case; a second complete line is another title.
    title = title_lines[0]
    rest = []
    for line in title_lines[1:]:
        unclosed = title.count("(") > title.count(")")
        if not rest and (unclosed or title.endswith(("-", ",", "and", "of", "(")) or line[:1].islower()):
            title = f"{title} {line}"
        elif LABEL.match(line) or HEADING.match(line):
            break
        else:
            rest.append(line)
            break
    draft.set("title", title)
    if rest:
        draft.set("alternative_title", rest[0])
        draft.warnings.append(f"Read a second title, “{rest[0]}”, as the alternative title: check it.")


def read_reference_from_preamble(draft, preamble):
    text = " ".join(line.strip() for line in preamble if line.strip())
    vacancy_number = re.search(r"\bVacancy (?:no\.?|number)\s*:?\s*([A-Z0-9][\w/-]*\d[\w/-]*)", text, re.IGNORECASE)
    if vacancy_number and "reference" not in draft.fields:
        draft.set("reference", vacancy_number.group(1))
    if "title" not in draft.fields:
        # No "Title:" field: the heading that names the post ("Associate Expert in Water Governance (JPO)").
        heading = re.compile(r"\s*(?:Associate Expert|Junior Professional Officer|JPO)\b.*\b(?:in|on|for)\b")
        for index, line in enumerate(preamble):
            if heading.match(line) and not LABEL.match(line):
                title = [line.strip()]
                for following in preamble[index + 1 :]:
                    if not following.strip() or LABEL.match(following) or not following.strip()[:1].islower():
                        break
                    title.append(following.strip())
                draft.set("title", join_wrapped(title)[0], inferred="the ToR's heading (it has no Title field)")
                break
    if "reference" not in draft.fields:
        match = re.search(r"Chiffre[- ]Nr\.?\s*:?\s*([\w-]+)", text, re.IGNORECASE) or re.search(
            r"TERMS OF REFERENCE\s+([A-Z0-9][A-Z0-9-]{3,})\b", text
        )
        if match is None:
            # A code on a line of its own near the top: "22P001", "INT-010-17-P127".
            for line in preamble:
                candidate = line.strip()
                if re.fullmatch(r"(?=.*\d)[A-Z0-9]{2,}(?:-[A-Z0-9]+)*", candidate):
                    draft.set("reference", candidate)
                    break
        else:
            draft.set("reference", match.group(1))
    if re.search(r"Chiffre[- ]Nr|BFIO|Büro Führungskräfte", text) and "sponsor_country" not in draft.fields:
        draft.set("sponsor_country", "DE", inferred="BFIO, Germany's JPO programme office, publishes this ToR")


def read_duty_stations(draft, text):
    """ "Vienna, Austria"; "1st year: Naqoura, Lebanon, 2nd year: New York, USA"; "Nairobi"."""
    parts = re.split(r"(\d+(?:st|nd|rd|th) year)\s*:\s*", text, flags=re.IGNORECASE)
    if len(parts) > 1:
        pieces = [(parts[i], parts[i + 1].strip().rstrip(",;")) for i in range(1, len(parts) - 1, 2)]
    else:
        pieces = [("", part) for part in re.split(r"\s*;\s*|\s+and\s+(?=[A-Z])", text) if part.strip()]
    for period, place in pieces:
        add_station(draft, place, period)


def add_station(draft, place, period=""):
    place = place.strip().rstrip(".,;")
    city, _, country_words = place.rpartition(",") if "," in place else (place, "", "")
    city, country_words = city.strip(), country_words.strip()
    country = lexicon.country_code(country_words) if country_words else ""
    station = {"city": city or place, "country": country, "period": period, "wording": ""}
    if country_words and country and country_words.lower() in ("opt",):
        station["wording"] = place
    if not country:
        known = lexicon.CITIES.get((city or place).lower())
        if known:
            station["country"] = known
            draft.inferred[f"duty_stations.{len(draft.duty_stations)}.country"] = (
                f"{city or place} is in {known}: the ToR names no country"
            )
        else:
            draft.warnings.append(f"No country found for the duty station “{place}”: choose it.")
    draft.duty_stations.append(station)


def read_non_family(draft, text):
    """ "[Non-Family Duty Station: yes / no X]" → no; "☒ yes ☐ no" → yes; nothing marked → not stated."""
    lowered = text.lower()
    checked = re.search(r"(?:☒|\[x\]|x\s*\])\s*(yes|no)\b|\b(yes|no)\s*(?:☒|\[x\]|\bx\b)", lowered)
    if checked:
        draft.set("non_family", checked.group(1) or checked.group(2))
    elif re.fullmatch(r"(?:.*non-family duty station\s*:?)?\s*(yes|no)\s*\]?\s*", lowered) and "/" not in lowered:
        draft.set("non_family", re.search(r"(yes|no)\s*\]?\s*$", lowered).group(1))
    else:
        draft.fields.setdefault("non_family", "not_stated")


def months_of(text):
    """(shortest, longest) months of a duration's words; (None, None) when it states none."""
    unit = r"(years?|months?)"
    span = re.search(rf"\b{lexicon.NUMBER}\s*(?:[-–]|to)\s*{lexicon.NUMBER}\s*{unit}", text, re.IGNORECASE)
    if span:
        low, high = lexicon.number(span.group(1)), lexicon.number(span.group(2))
        factor = 12 if span.group(3).lower().startswith("year") else 1
        return low * factor, high * factor
    single = re.search(rf"\b{lexicon.NUMBER}\s*{unit}", text, re.IGNORECASE)
    if single:
        factor = 12 if single.group(2).lower().startswith("year") else 1
        return lexicon.number(single.group(1)) * factor, None
    return None, None


def read_duration(draft, paragraphs):
    if not paragraphs:
        return
    first = paragraphs[0]
    if "☒" in first:
        # "☐ 1 year ☒ 2 years": the option ticked.
        first = re.search(r"☒\s*([^☐☒]+)", first).group(1).strip()
    wording, rest = first_sentence(first)
    draft.set("duration_text", wording)
    low, high = months_of(wording)
    draft.set("duration_months", low)
    draft.set("duration_months_max", high)
    terms = [rest] if rest else []
    notes = []
    for paragraph in paragraphs[1:]:
        bracketed = paragraph.strip()
        if bracketed.startswith("[") and bracketed.endswith("]"):
            terms.append(bracketed[1:-1].strip())
        elif re.fullmatch(r"https?://\S+", bracketed):
            continue
        else:
            notes.append(bracketed)
    draft.set("extension_terms", "\n\n".join(terms))
    draft.set("general_notes", "\n\n".join(notes))


def read_grade(draft, text):
    """ "P1 or P2 (step 1)", "P-2", "P.1/P.2": the grades open, and the ToR's wording kept."""
    grades = sorted({f"P{n}" for n in re.findall(r"\bP\s*[-.]?\s*([1-3])\b", text)})
    if grades:
        draft.set("grade_min", grades[0])
        draft.set("grade_max", grades[-1])
    draft.set("grade_text", text)


def real_date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text):
    """The first date in ``text`` ("15 January 2027", "January 15, 2027", "2027-01-15", "15.01.2027").

    ``None`` when there is none, or when it names a day that does not exist (31 February).
    """
    text = text.strip()
    match = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if match:
        return real_date(*map(int, match.groups()))
    match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", text)
    if match and match.group(2).lower() in lexicon.MONTHS:
        return real_date(int(match.group(3)), lexicon.MONTHS[match.group(2).lower()], int(match.group(1)))
    match = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text)
    if match and match.group(1).lower() in lexicon.MONTHS:
        return real_date(int(match.group(3)), lexicon.MONTHS[match.group(1).lower()], int(match.group(2)))
    match = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", text)
    if match:
        day, month, year = map(int, match.groups())
        if month <= 12 and day <= 31:
            return real_date(year, month, day)
    return None


def read_deadline(draft, aside, text):
    """ "Application deadline (midnight Geneva time): 15 January 2027": the date, its time and its zone."""
    closes_on = parse_date(text)
    draft.set("closes_on", closes_on)
    if text.strip() and closes_on is None:
        draft.warnings.append(f"The deadline “{text.strip()}” is not a date the importer can read: set it.")
    wording = f"{aside.strip('() ')} {text}".strip() if aside else text
    when = f"{aside} {text}".lower()
    zone = next((tz for place, tz in lexicon.TIME_ZONES.items() if re.search(rf"\b{place}\b", when)), "")
    at = None
    if "midnight" in when:
        at = time(23, 59, 59)
    else:
        clock = re.search(r"\b(\d{1,2})[:.](\d{2})\s*(am|pm)?\b", when)
        if clock:
            hour = (
                int(clock.group(1)) % 12 + (12 if clock.group(3) == "pm" else 0)
                if clock.group(3)
                else int(clock.group(1))
            )
            at = time(min(hour, 23), int(clock.group(2)))
    if closes_on and at and zone:
        draft.set("closes_at", at)
        draft.set("closing_time_zone", zone)
        draft.set("closing_time_text", wording)
    elif at or zone:
        draft.set("closing_time_text", wording)
        draft.warnings.append(f"The deadline's time or zone is not complete (“{wording}”): check it.")


def read_nationality_line(draft, text):
    for code in nationalities_in(text):
        add_qualification(draft, "nationality", "required", text, country=code)
        return
    if text:
        draft.warnings.append(f"Nationality “{text}” is not one the importer knows: choose it.")


def nationalities_in(text):
    """Alpha-2 codes of the nationalities named: "Swiss", "Korean citizenship", "nationals of the Netherlands"."""
    codes = []
    lowered = text.lower()
    for match in re.finditer(
        r"(?:nationals?|citizens?|candidates?)\s+(?:of|from)\s+(?:the\s+)?"
        r"([A-Z][\w'’ .-]+?)(?=\s*(?:only|\.|,|;|$|and\b))",
        text,
    ):
        code = lexicon.country_code(match.group(1))
        if code:
            codes.append(code)
    for word, code in lexicon.DEMONYMS.items():
        if re.search(rf"\b{word}\b(?=\s*(?:citizenship|nationals?|citizens?|nationality|only|$))", lowered):
            codes.append(code)
    return list(dict.fromkeys(codes))


# Supervision -----------------------------------------------------------------------------------


def read_supervision_label(draft, key, value_lines):
    paragraphs = join_wrapped(value_lines)
    if key == "supervisor" and paragraphs:
        draft.supervision["supervisor_title"] = paragraphs[0]
        grade = re.search(r"\(((?:P|D)-?\d)\)\s*$", paragraphs[0])
        if grade:
            draft.supervision["supervisor_grade"] = grade.group(1)
    elif key == "supervisor_grade" and paragraphs:
        draft.supervision["supervisor_grade"] = paragraphs[0]
    elif key == "supervision_content":
        draft.supervision["content"] = "\n\n".join(paragraphs)
    elif key == "evaluation":
        draft.supervision["evaluation"] = "\n\n".join(paragraphs)


def read_supervision(draft, lines):
    found = labelled(lines)
    if not found:
        paragraphs = join_wrapped(lines)
        if paragraphs:
            draft.supervision["content"] = "\n\n".join(paragraphs)
        return
    for key, _, value_lines in found:
        read_supervision_label(draft, key, value_lines)


# Duties ----------------------------------------------------------------------------------------


def items(lines):
    """[(depth, mark, text)] of a block's bulleted or numbered items (depth 0 or 1) and paragraphs (depth -1).

    Wrapped lines are joined to their item or paragraph; a paragraph ends as ``ends_paragraph`` says.
    """
    result = []
    pending_bullet = False  # a PDF may put the bullet on a line of its own, its text on the next
    open_paragraph = False  # whether the next plain line continues the last paragraph
    last_line = ""
    for line in lines:
        if not line.strip():
            if result and result[-1][0] == -1 and ends_paragraph(last_line, blank_follows=True):
                open_paragraph = False
            continue
        text = line.strip()
        if text in LONE_BULLETS:
            pending_bullet = True
            continue
        bullet = BULLET.match(line)
        if pending_bullet or bullet:
            if pending_bullet:
                depth, mark, body = 0, "•", text
            else:
                mark, body = bullet.group("mark"), bullet.group("text").strip()
                nested = mark == "o" or mark in "◦▪\uf0a7" or len(bullet.group("indent").expandtabs(4)) >= 1
                depth = 0 if re.fullmatch(r"\d{1,2}[.)]", mark) else int(nested)
            pending_bullet = False
            result.append((depth, mark, body))
            open_paragraph = False
        elif (
            result
            and result[-1][0] >= 0
            and not open_paragraph
            and (text[:1].islower() or not result[-1][2].rstrip().endswith((".", ";", ":")))
        ):
            depth, mark, previous = result[-1]
            result[-1] = (depth, mark, f"{previous} {text}")
        elif result and result[-1][0] == -1 and open_paragraph and not LEAD_LABEL.match(text):
            result[-1] = (-1, "", f"{result[-1][2]} {text}")
        else:
            result.append((-1, "", text))
            open_paragraph = True
        if result[-1][0] == -1 and ends_paragraph(line):
            open_paragraph = False
        last_line = line
    return [(d, m, re.sub(r"\s+", " ", t).strip()) for d, m, t in result]


# "COMMUNICATION: Speaks and writes …", "Teamwork: Works …": a new unit even without a blank line before it.
LEAD_LABEL = re.compile(r"^(?:\*\*)?[A-Z][A-Za-z&/ -]{2,40}(?:\*\*)?\s*:\s+\S")
LONE_BULLETS = ("\uf0b7", "\uf0a7", "\uf0d8", "•", "▪", "●", "o", "-", "–")
RESULTS = re.compile(r"^\s*(?:results? expected|expected results|expected outputs?)\b.*?:?\s*$", re.IGNORECASE)


def read_duties(draft, lines):
    """Intro paragraphs, then the duties (numbered groups with their items, bullets), then expected results."""
    split = next((i for i, line in enumerate(lines) if RESULTS.match(line)), None)
    duty_lines, result_lines = (lines, []) if split is None else (lines[:split], lines[split + 1 :])
    intro, duties = [], []
    numbered = False
    listing = False  # after "Main tasks comprise:", each paragraph is a duty (its bullet lost by the PDF)
    for depth, mark, text in items(duty_lines):
        if depth == -1:
            if listing or duties:
                if duties and text[:1].islower():
                    duties[-1]["text"] += f" {text}"
                else:
                    duties.append({"text": text, "kind": "responsibility", "items": []})
                continue
            intro.append(text)
            listing = (
                text.endswith(":")
                and len(intro) >= 1
                and bool(re.search(r"(?:comprise|include|following|will)\s*:$", text))
            )
            continue
        is_number = bool(re.fullmatch(r"\d{1,2}[.)]", mark))
        numbered = numbered or is_number
        if (depth == 1 or (numbered and not is_number)) and duties:
            duties[-1]["items"].append(text)
        else:
            duties.append({"text": text, "kind": "responsibility", "items": []})
    draft.set("duties_intro", "\n\n".join(intro))
    results = []
    for depth, _, text in items(result_lines):
        if depth == -1:
            results += [part.strip().rstrip(".") for part in re.split(r";\s+", text) if part.strip()]
        else:
            results.append(text)
    draft.duties = duties + [{"text": text, "kind": "result", "items": []} for text in results if text]


# Qualifications ------------------------------------------------------------------------------

REQUIRED = r"\b(?:is|are) required\b|\bessential\b|\bmandatory\b|\bmust\b|\brequired\b"
DESIRABLE = r"\bdesirable\b|\bpreferred\b|\bpreferable\b"
ASSET = r"\badvantage\b|\basset\b|\bplus\b"


def level_of(text):
    """The level a sentence states, by its last level word ("preferably …, is required" is required)."""
    lowered = text.lower()
    found = []
    for level, pattern in (("required", REQUIRED), ("desirable", DESIRABLE), ("asset", ASSET)):
        found += [(match.start(), level) for match in re.finditer(pattern, lowered)]
    return max(found)[1] if found else ""


def add_qualification(draft, category, level, text, **structured):
    row = {
        "category": category,
        "level": level or "required",
        "text": text.strip(),
        "min_years": None,
        "degree": "",
        "in_lieu_degree": "",
        "in_lieu_years": None,
        "language": "",
        "proficiency": "",
        "competency": "",
        "country": "",
    }
    row.update(structured)
    draft.qualifications.append(row)
    return row


def units(lines):
    """A qualification block's units: its bullets, else the sentences of its paragraphs."""
    found = items(lines)
    bullets = [text for depth, _, text in found if depth >= 0]
    paragraphs = [text for depth, _, text in found if depth == -1]
    return bullets, paragraphs


def degree_of(text):
    lowered = text.lower()
    if re.search(r"\bph\.?d\b|doctora", lowered):
        return "doctorate"
    if re.search(r"master|advanced (?:university )?degree|postgraduate", lowered):
        return "master"
    if re.search(r"bachelor|first[- ]level (?:university )?degree|undergraduate", lowered):
        return "bachelor"
    return ""


def read_education(draft, lines):
    bullets, paragraphs = units(lines)
    rows = []
    for unit in bullets or paragraphs:
        for sentence in sentences(unit):
            # "A first-level degree … may be accepted in lieu": the same requirement's other route.
            if rows and re.search(r"in lieu|instead of|may be accepted", sentence, re.IGNORECASE):
                rows[-1] = f"{rows[-1]} {sentence}"
            else:
                rows.append(sentence)
    for text in rows:
        level = level_of(text) or "required"
        degree = degree_of(re.split(r"\. ", text)[0])
        row = add_qualification(draft, "education", level, text, degree=degree if level == "required" else "")
        lieu = re.search(r"(?:first[- ]level|bachelor)[^.]*\bin lieu\b[^.]*", text, re.IGNORECASE)
        if lieu and row["degree"] in ("master", "doctorate"):
            row["in_lieu_degree"] = "bachelor"
            years = re.search(
                rf"\b{lexicon.NUMBER}\s+(?:additional|more|further)\s+years?", lieu.group(0), re.IGNORECASE
            )
            # "with a relevant combination of … experience": a route whose years the ToR does not give.
            row["in_lieu_years"] = lexicon.number(years.group(1)) if years else None


def read_experience(draft, lines):
    bullets, paragraphs = units(lines)
    for unit in bullets or paragraphs:
        for sentence in sentences(unit):
            level = level_of(sentence) or "required"
            years = re.search(
                rf"(?:minimum of|at least|minimum)\s+{lexicon.NUMBER}\s*\(?\d*\)?\s*years?", sentence, re.IGNORECASE
            ) or re.match(rf"\s*{lexicon.NUMBER}\s+years? of\b", sentence, re.IGNORECASE)
            add_qualification(
                draft,
                "experience",
                level,
                sentence,
                min_years=lexicon.number(years.group(1)) if years and level == "required" else None,
            )


PROFICIENCY = [
    (r"\b([ABC][12])\b", None),
    (r"excellent command", "excellent command"),
    (r"working knowledge", "working knowledge"),
    (r"fluen(?:cy|t)", "fluent"),
    (r"excellent", "excellent"),
    (r"good knowledge", "good knowledge"),
    (r"knowledge", "knowledge"),
]


def proficiency_of(text):
    for pattern, name in PROFICIENCY:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return name or match.group(1).upper()
    return ""


def language_units(text):
    """A language passage's rows: a sentence of context ("English and French are the working languages")
    joins the next one; "X, with working knowledge of Y" is two rows."""
    rows, pending = [], ""
    for sentence in sentences(text):
        sentence = f"{pending} {sentence}".strip() if pending else sentence
        pending = ""
        if re.search(r"working languages", sentence, re.IGNORECASE) and not level_of(sentence):
            pending = sentence
            continue
        named = lexicon.LANGUAGE_WORDS.findall(sentence)
        clause = re.split(r",\s+(?=with\b)", sentence)
        if len(clause) == 2 and all(lexicon.LANGUAGE_WORDS.search(part) for part in clause) and len(named) >= 2:
            rows += [clause[0].strip(), clause[1].strip()]
        else:
            rows.append(sentence)
    if pending:
        rows.append(pending)
    return rows


def language_row(draft, text):
    text = text.replace("..", ".")
    level = level_of(text) or "required"
    unnamed = re.search(r"\banother\b|\bthird\b|\bsecond\b|\bother official", text, re.IGNORECASE)
    # The language the row is about: in a merged context sentence, the one its last sentence names.
    last = sentences(text)[-1]
    named = lexicon.LANGUAGE_WORDS.findall(last) or lexicon.LANGUAGE_WORDS.findall(text)
    codes = [] if unnamed else list(dict.fromkeys(lexicon.language_code(name) for name in named))
    # "Fluency in English and French is required": a row for each language, the ToR's words in both.
    for code in codes or [""]:
        add_qualification(draft, "language", level, text, language=code, proficiency=proficiency_of(last))


def read_languages(draft, lines):
    table = [line for line in lines if line.count("|") == 1]
    if table:
        # "English | Fluent (required)": a table of languages and levels, its header row left out.
        for line in table:
            name, level_cell = (cell.strip() for cell in line.split("|"))
            code = lexicon.language_code(name)
            if not code:
                continue
            level = level_of(level_cell) or "required"
            proficiency = re.sub(r"\s*\([^)]*\)", "", level_cell).strip().lower()
            add_qualification(draft, "language", level, f"{name}: {level_cell}", language=code, proficiency=proficiency)
        lines = [line for line in lines if line not in table]
    bullets, paragraphs = units(lines)
    for unit in bullets + paragraphs:
        for text in language_units(unit):
            # A sentence about no language (a footer after the last block) is not a requirement.
            if lexicon.LANGUAGE_WORDS.search(text) or re.search(r"language|fluen|proficien", text, re.IGNORECASE):
                language_row(draft, text)


def read_skills(draft, lines):
    bullets, paragraphs = units(lines)
    for unit in bullets or paragraphs:
        if re.fullmatch(r"\(.*\)", unit.strip()):
            continue  # the template's own hint, "(Computer skills etc.)"
        for sentence in sentences(unit) if not bullets else [unit]:
            add_qualification(draft, "skill", level_of(sentence) or "required", sentence)


COMPETENCY = re.compile(r"^(?:\*\*)?(?P<name>[A-Z][A-Za-z&/ -]{2,40}?)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<text>.+)$")


def read_competencies(draft, lines):
    bullets, paragraphs = units(lines)
    for unit in bullets + [p for p in paragraphs if p] if bullets else paragraphs:
        unit = unit.replace("**", "")
        match = COMPETENCY.match(unit)
        if match:
            name = " ".join(
                word.capitalize() if word.isupper() or word.islower() else word for word in match.group("name").split()
            )
            name = name.replace("Planning & Organizing", "Planning & Organizing")
            add_qualification(draft, "competency", "required", match.group("text").strip(), competency=name)
        elif draft.qualifications and draft.qualifications[-1]["category"] == "competency" and unit[:1].islower():
            draft.qualifications[-1]["text"] += f" {unit}"


def category_of(text):
    """The category of a qualification given without a label, by what it names."""
    if degree_of(text) and re.search(r"degree|diploma|university", text, re.IGNORECASE):
        return "education"
    if re.search(rf"\b{lexicon.NUMBER}\s+years?\b|experience", text, re.IGNORECASE):
        return "experience"
    speaks = re.search(r"fluen|knowledge|proficien|command|speak", text, re.IGNORECASE)
    if lexicon.LANGUAGE_WORDS.search(text) and speaks:
        return "language"
    return "skill"


def read_unlabelled(draft, lines):
    bullets, paragraphs = units(lines)
    readers = {"education": read_education, "experience": read_experience, "language": read_languages}
    for unit in bullets or paragraphs:
        category = category_of(unit)
        if category in readers:
            readers[category](draft, [unit])
        else:
            read_skills(draft, [unit])


def read_qualifications(draft, lines):
    first = next((i for i, line in enumerate(lines) if QUALIFICATION_LABEL.match(line)), len(lines))
    if any(line.strip() for line in lines[:first]):
        read_unlabelled(draft, lines[:first])
    blocks = labelled(lines, QUALIFICATION_LABEL)
    readers = {
        "education": read_education,
        "experience": read_experience,
        "language": read_languages,
        "skill": read_skills,
        "competency": read_competencies,
    }
    for key, _, value_lines in blocks:
        if key == "nationality":
            read_nationality_line(draft, " ".join(line.strip() for line in value_lines if line.strip()))
        elif key == "diversity":
            draft.set("diversity_statement", "\n\n".join(join_wrapped(value_lines)))
        else:
            readers[key](draft, value_lines)


# How to apply, eligibility notes, notes in another language ------------------------------------


def read_apply(draft, lines):
    paragraphs = join_wrapped(lines)
    draft.set("how_to_apply", "\n\n".join(paragraphs))
    text = " ".join(paragraphs)
    read_eligibility(draft, lines, text)
    url = re.search(
        r"(?:apply|application)[^.]*?(?:online\s+)?(?:via|at|through|on)\s+(https?://\S+?)(?=[\s)]|[.,;](?:\s|$))",
        text,
        re.IGNORECASE,
    )
    if url:
        draft.set("application_url", url.group(1))
    email = re.search(r"(?:send|submit|e-?mail)[^.]*?\b([\w.+-]+@[\w-]+\.[\w.-]+\w)", text, re.IGNORECASE)
    if email:
        draft.set("application_email", email.group(1))


def read_eligibility(draft, lines, text):
    """A sponsor's general requirements ("1. Korean citizenship 2. Fluency in Korean …"), the age limit,
    and whom the post is addressed to."""
    codes = nationalities_in(text)
    sponsor = re.search(r"sponsored by the Government of (?:the )?([A-Z][\w ]+?)(?=\s+and\b|[.,;])", text)
    if sponsor and lexicon.country_code(sponsor.group(1)):
        draft.set("sponsor_country", lexicon.country_code(sponsor.group(1)))
    requirement_lines, document_rows = [], []
    part = ""  # the list an item belongs to, by the paragraph above it: "requirements", "documents" or neither
    for depth, _, item in items(lines):
        if depth == -1:
            if re.search(r"general requirements|eligibility (?:criteria|requirements)", item, re.IGNORECASE):
                part = "requirements"
            elif re.search(r"documents to be submitted", item, re.IGNORECASE):
                part = "documents"
            else:
                part = ""
            continue
        if part == "requirements":
            requirement_lines.append(item)
        elif part == "documents" and re.search(r"certificate of \w+ language proficiency", item, re.IGNORECASE):
            # A language certificate the candidate must send is a requirement of its own.
            document_rows.append(item)
    nationality_rows = [q for q in draft.qualifications if q["category"] == "nationality"]
    for item in requirement_lines:
        item_codes = nationalities_in(item)
        if item_codes and not nationality_rows:
            addressed = re.search(r"(?:Note:\s*)?([^.]*addressed exclusively to[^.]*\.)", text)
            add_qualification(
                draft,
                "nationality",
                "required",
                item + (f". {addressed.group(1).strip()}" if addressed else ""),
                country=item_codes[0],
            )
            nationality_rows = True
        elif lexicon.LANGUAGE_WORDS.search(item) and re.search(r"fluen|knowledge|proficien", item, re.IGNORECASE):
            required = {
                q["language"] for q in draft.qualifications if q["category"] == "language" and q["level"] == "required"
            }
            named = [lexicon.language_code(w) for w in lexicon.LANGUAGE_WORDS.findall(item)]
            new = [code for code in named if code not in required]
            if new:
                add_qualification(
                    draft, "language", "required", item, language=new[0], proficiency=proficiency_of(item)
                )
        elif degree_of(item):
            continue  # the education requirement again, in the sponsor's words
        else:
            add_qualification(draft, "other", "required", item)
            read_age(draft, item)
    for item in document_rows:
        add_qualification(draft, "other", "required", item)
    if not any(q["category"] == "nationality" for q in draft.qualifications) and codes:
        add_qualification(
            draft, "nationality", "required", next(s for s in sentences(text) if nationalities_in(s)), country=codes[0]
        )
        draft.warnings.append("The nationality rule was read from the application notes: check it.")
    if "age_limit" not in draft.fields:
        read_age(draft, text)


def read_age(draft, text):
    match = re.search(
        r"(?:not older than|no older than|under the age of|maximum age(?: limit)? of|age limit(?: is|:)?)\s+(\d{2})"
        r"(?: years(?: of age)?)?(?:\s+(?:as of|on|by)\s+([^()]+?\d{4}))?",
        text,
        re.IGNORECASE,
    )
    if not match:
        return
    draft.set("age_limit", int(match.group(1)))
    if match.group(2):
        draft.set("age_limit_on", parse_date(match.group(2).replace(" of ", " ")))
    extension = re.search(r"\(([^()]*age limit[^()]*extended[^()]*)\)", text, re.IGNORECASE)
    if extension:
        draft.set("age_limit_terms", extension.group(1).strip().rstrip(".") + ".")


GERMAN = re.compile(r"\b(?:und|der|die|das|werden|sind|Sie|für|mit|auf|zu|ist|nicht)\b")


def read_other_language_notes(draft, title, lines):
    paragraphs = join_wrapped(lines)
    text = "\n\n".join(paragraphs)
    if len(GERMAN.findall(text)) >= 5:
        draft.set("other_language_notes_language", "de")
        draft.set("other_language_notes_title", title)
        draft.set("other_language_notes", text)
        for paragraph in paragraphs:
            read_german_requirement(draft, paragraph)
        if re.search(r"BFIO|Büro Führungskräfte", text) and "sponsor_country" not in draft.fields:
            draft.set("sponsor_country", "DE", inferred="the notes send applications to BFIO, Germany's JPO office")
        draft.warnings.append(f"Notes in German (“{title}”): the requirements read from them are worded in German.")
    else:
        read_apply(draft, lines)


def read_german_requirement(draft, paragraph):
    """ "Französische Sprachkenntnisse werden vorausgesetzt … Niveau B2": French at B2, required."""
    if not re.search(r"vorausgesetzt|erforderlich|notwendig", paragraph):
        return
    # "Französische Sprachkenntnisse": the language named right before "Sprach…", not "deutsch-französisch".
    language = re.search(r"\b([A-ZÄÖÜ][a-zäöüß]+?)(?:e|en|er)?\s+Sprach", paragraph)
    language = lexicon.LANGUAGE_WORDS.search(language.group(1)) if language else None
    if language:
        add_qualification(
            draft,
            "language",
            "required",
            paragraph,
            language=lexicon.language_code(language.group(1)),
            proficiency=proficiency_of(paragraph) if re.search(r"\b[ABC][12]\b", paragraph) else "",
        )
    else:
        add_qualification(draft, "other", "required", paragraph)


# The whole ToR -------------------------------------------------------------------------------------


def organization_of(office):
    """The short form of the organization: "(OHCHR)", "UNODC/…", else the initials of its department."""
    first = re.match(r"\s*([A-Z]{2,8})\b(?![a-z])", office)
    if first and first.group(1) not in ("UN",):
        return first.group(1), ""
    acronym = re.search(r"\(([A-Z]{2,8})\)", office)
    if acronym:
        return acronym.group(1), ""
    parts = [part.strip() for part in re.split(r"\s*/\s*", office) if part.strip()]
    named = next((p for p in parts if p.lower() not in ("united nations", "un", "un secretariat")), "")
    if named:
        initials = "".join(word[0] for word in named.split() if word[:1].isupper())
        if len(initials) >= 2:
            return initials, f"the initials of “{named}”"
    return "", ""


def parse(text):
    """The draft a ToR's text gives."""
    draft = Draft()
    lines = clean_lines(text)
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    LINE_WIDTH.set(lengths[int(len(lengths) * 0.9)] if lengths else 100)
    sections, titles = split_sections(lines)
    general = sections.get("general", [])
    if not general:
        # A vacancy header without numbered sections: labelled fields anywhere before the duties.
        general = sections.get("preamble", [])
    read_general(draft, general, sections.get("preamble", []))
    if "supervision" in sections:
        read_supervision(draft, sections["supervision"])
    for key, section_lines in sections.items():
        base = key.split("_")[0]
        if base == "duties":
            read_duties(draft, section_lines)
        elif base == "qualifications":
            read_qualifications(draft, section_lines)
        elif base == "learning":
            draft.set("learning_elements", "\n\n".join(join_wrapped(section_lines)))
        elif base == "background":
            passages = [draft.fields.get("background", ""), *join_wrapped(section_lines)]
            draft.set("background", "\n\n".join(p for p in passages if p))
        elif base == "apply":
            read_apply(draft, section_lines)
        elif base == "notes":
            read_other_language_notes(draft, titles[key], section_lines)
    office = draft.fields.get("office", "")
    organization, why = organization_of(office)
    draft.set("organization", organization, inferred=why)
    draft.fields.setdefault("non_family", "not_stated")
    nationalities = [q["country"] for q in draft.qualifications if q["category"] == "nationality" and q["country"]]
    if nationalities and "sponsor_country" not in draft.fields:
        draft.set(
            "sponsor_country", nationalities[0], inferred=f"the post is open only to nationals of {nationalities[0]}"
        )
    if "age_limit" not in draft.fields:
        for q in draft.qualifications:
            read_age(draft, q["text"])
    finish(draft, text)
    return draft


def finish(draft, text):
    """What HR must know: what is missing, dates that contradict each other."""
    for name, label in (("title", "title"), ("sector", "sector"), ("organization", "organization")):
        if not draft.fields.get(name):
            draft.warnings.append(f"No {label} found: the draft cannot be published without one.")
    if not draft.duty_stations:
        draft.warnings.append("No duty station found.")
    if not draft.duties:
        draft.warnings.append("No duties found.")
    if not draft.qualifications:
        draft.warnings.append("No qualifications found.")
    posted, closes = draft.fields.get("posted_on"), draft.fields.get("closes_on")
    if posted and closes and closes < posted:
        draft.warnings.append(f"The closing date ({closes}) is before the posting date ({posted}): check both.")
    if not closes:
        draft.warnings.append(
            "No closing date found: set one, or mark the vacancy open until filled, before publishing."
        )
    for name, why in draft.inferred.items():
        draft.warnings.append(f"Inferred {name.replace('_', ' ')}: {why}.")
