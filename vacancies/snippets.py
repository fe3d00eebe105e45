"""The passage of a vacancy that matched a search, with the matched words marked.

Returned as (text, matched) parts that the template wraps in ``<mark>`` with
autoescaping, so a snippet can never inject markup.
"""

import re

from .querysets import search_words
from .text import plain

WINDOW_BEFORE = 12
WINDOW_AFTER = 28
SUFFIXES = ("ings", "ing", "ions", "ion", "ed", "es", "s")


def _stem(word):
    word = word.lower().strip("'’")
    if len(word) > 5:
        for suffix in SUFFIXES:
            if word.endswith(suffix):
                return word[: -len(suffix)]
    return word


def match_pattern(query):
    """A regex matching the query's words and their other forms (trafficking ~ trafficked)."""
    stems = sorted({_stem(w) for w in search_words(query) if _stem(w)}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


# The vacancy's own texts that the search reads (vacancies_search_vector in
# vacancies/sql/derived_columns.sql), in the order a snippet is looked for: the
# ToR's body first, then its labelled facts. The title, organization, reference
# and duty stations are searched too, but every result shows them already.
BODY_FIELDS = ["duties_intro", "duties", "qualifications", "general_notes", "learning_elements", "background"]
BODY_FIELDS += ["how_to_apply", "other_language_notes"]
FACT_FIELDS = ["supervision", "salary_and_benefits", "diversity_statement", "extension_terms", "duration_text"]
FACT_FIELDS += ["grade_text", "sector", "office", "alternative_title", "other_language_notes_title"]
SHOWN_ON_EVERY_RESULT = ["title", "organization", "reference", "duty_stations"]


def _texts(vacancy, field):
    if field == "duties":
        return vacancy.duty_texts
    if field == "qualifications":
        return [text for pair in vacancy.qualification_texts for text in pair]
    if field == "supervision":
        return vacancy.supervision_texts or []  # content, evaluation, supervisor's title
    return [plain(getattr(vacancy, field))]


def passages(vacancy):
    """The vacancy's searched texts, body first (from ``for_list(with_texts=True)``)."""
    for field in BODY_FIELDS + FACT_FIELDS:
        yield from _texts(vacancy, field)


def snippet(vacancy, query):
    """[(text, matched), ...] around the first match, or the summary unmarked when none is found."""
    pattern = match_pattern(query)
    if pattern is not None:
        for passage in passages(vacancy):
            match = pattern.search(passage or "")
            if match is None:
                continue
            words = passage.split()
            position = len(passage[: match.start()].split())
            start = max(0, position - WINDOW_BEFORE)
            end = min(len(words), position + WINDOW_AFTER)
            window = " ".join(words[start:end])
            parts = []
            cursor = 0
            for found in pattern.finditer(window):
                parts.append((window[cursor : found.start()], False))
                parts.append((found.group(0), True))
                cursor = found.end()
            parts.append((window[cursor:], False))
            if start > 0:
                parts.insert(0, ("… ", False))
            if end < len(words):
                parts.append((" …", False))
            return [(text, matched) for text, matched in parts if text]
    summary = " ".join(vacancy.summary.split()[:40])
    return [(summary, False)] if summary else []
