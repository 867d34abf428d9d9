"""Text folding for search: "Élise" and "elise" are the same word to a receptionist."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w@.+-]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: the form both index and query use."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms, dropping punctuation that can't match."""
    return [t for t in _NON_WORD.split(fold(query)) if t]


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
