"""Text folding for search: "Élise" and "elise" are the same word to a receptionist."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\w@.+'-]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: the form both index and query use."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def words(text: str) -> str:
    """Folded text with every run of punctuation turned into one space.

    Both the stored search text and each query term go through this, so "ann.lee@cl" looks
    for the words "ann lee cl" in a row, whichever index answers.
    """
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


def search_terms(query: str) -> list[str]:
    """Split a typed query at spaces into terms, each a run of words (see ``words``).

    A chunk of digits and separators ("555-0110", "514.555") is a phone fragment: phone
    numbers are indexed as bare digits, so its digits are joined into one term.
    """
    terms = []
    for chunk in _SPACES.split(query):
        term = words(chunk)
        if term.replace(" ", "").isdigit():
            term = term.replace(" ", "")
        if term:
            terms.append(term)
    return terms


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
