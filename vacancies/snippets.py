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


def passages(vacancy):
    """The vacancy's searchable text, in ToR order (relations must be prefetched)."""
    yield plain(vacancy.duties_intro)
    for duty in vacancy.duties.all():
        yield duty.text
    for qualification in vacancy.qualifications.all():
        yield qualification.text
    for passage in (
        vacancy.general_notes,
        vacancy.learning_elements,
        vacancy.background,
        vacancy.how_to_apply,
        vacancy.other_language_notes,
    ):
        yield plain(passage)


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
