"""Help for writing learning outcomes at the right level, with verbs that can be assessed.

An outcome that says a learner will "know" or "understand" something names nothing anyone can
observe; data/outcome_verbs.json lists such phrases with observable verbs to use instead (and
says where the list comes from). Beside the outcomes, authors see the target level's
descriptors; a level with none recorded borrows those of the regional level it maps to.
"""

import json
import re
from dataclasses import dataclass
from functools import cache

from .sections import DATA_DIR


@dataclass(frozen=True)
class VerbFlag:
    found: str  # as the author wrote it: "Understand"
    phrase: str  # the listed phrase: "understand"
    suggestions: tuple


@dataclass(frozen=True)
class _Phrase:
    phrase: str
    pattern: re.Pattern
    suggestions: tuple
    by_domain: dict


def _pattern(forms):
    # Longest first, so "be aware of" is found whole rather than as "aware of".
    alternatives = sorted(forms, key=len, reverse=True)
    words = (r"\s+".join(re.escape(word) for word in form.split()) for form in alternatives)
    # Whole words: "know" is not found in "knowledge", nor in "well-know-how".
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


@cache
def _data():
    data = json.loads((DATA_DIR / "outcome_verbs.json").read_text(encoding="utf-8"))
    phrases = tuple(
        _Phrase(
            phrase=item["phrase"],
            pattern=_pattern(item.get("forms") or [item["phrase"]]),
            suggestions=tuple(item["suggestions"]),
            by_domain={key: tuple(value) for key, value in item.get("by_domain", {}).items()},
        )
        for item in data["phrases"]
    )
    return data["source"], phrases


def source():
    """Where the list of phrases and suggestions comes from, to show beside the flags."""
    return _data()[0]


def flags(statement, domain=""):
    """Each phrase in the outcome that cannot be observed, with verbs to use instead (for the
    outcome's domain where the list has some)."""
    found = []
    for phrase in _data()[1]:
        match = phrase.pattern.search(statement or "")
        if match:
            suggestions = phrase.by_domain.get(domain, phrase.suggestions)
            found.append(VerbFlag(match.group(0), phrase.phrase, suggestions))
    return found


@dataclass(frozen=True)
class Descriptors:
    level: object  # the FrameworkLevel whose descriptors these are
    # True when the target level has none recorded and these are the regional level's it maps to.
    borrowed: bool


def descriptors_for(level):
    """The descriptors to write against: the level's own, or else those of a regional level it
    maps to (the EQF's, where a mapping is recorded); None when neither has any. Reads
    level.mappings with their target levels and frameworks (prefetch them)."""
    if level.has_descriptor:
        return Descriptors(level, borrowed=False)
    for mapping in level.mappings.all():
        if mapping.target_level.has_descriptor:
            return Descriptors(mapping.target_level, borrowed=True)
    return None
