"""The taxonomy of facts (``taxonomy.toml``): stable ids, labels per language, GDPR references.

Ids are the contract between the analyzer, stored facts, alerts and the
evaluation labels, so they live in one data file a lawyer can read; this module
only looks things up and words them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from monitor.analyze.lexicon import FACETS, LANGUAGES, QUALIFIERS

LINK_SEP = ">"
ANNOUNCEMENT = "announcement"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    facet: str
    description: str
    labels: dict[str, str]
    gdpr: str = ""
    #: Stated even by a denial ("we do not knowingly collect children's data").
    present_when_denied: bool = False


@cache
def _data() -> dict[str, object]:
    text = resources.files("monitor.analyze").joinpath("taxonomy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def entries() -> dict[str, Entry]:
    """Every taxonomy id, in file order."""
    data = _data()
    out: dict[str, Entry] = {}
    for facet in FACETS + QUALIFIERS:
        table = data.get(facet, {})
        assert isinstance(table, dict)
        for name, raw in table.items():
            fact_id = f"{facet}.{name}"
            out[fact_id] = Entry(
                id=fact_id,
                facet=facet,
                description=str(raw.get("description", "")),
                labels=dict(raw.get("labels", {})),
                gdpr=str(raw.get("gdpr", "")),
                present_when_denied=bool(raw.get("present_when_denied", False)),
            )
    return out


@cache
def citation_forms() -> dict[str, tuple[str, ...]]:
    """The words around a GDPR article's numbers and letters (taxonomy ``[citations]``):
    regular expressions for the paragraph, sentence and letter markers, the joiners of a
    list of letters and the words that may follow the last letter of a list."""
    table = _data().get("citations", {})
    assert isinstance(table, dict)
    out: dict[str, tuple[str, ...]] = {}
    for key in ("paragraph", "sentence", "letter", "joiner", "follower"):
        forms = table.get(key, [])
        if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            raise ValueError(
                f"taxonomy.toml: [citations] {key} must be a list of regular expressions"
            )
        out[key] = tuple(forms)
    return out


def _clause_gap_words(key: str, valid: Callable[[str], bool], what: str) -> tuple[str, ...]:
    """The stripped words of ``[clause_gap] key``; a clear error unless each is ``valid``."""
    table = _data().get("clause_gap", {})
    words = table.get(key, []) if isinstance(table, dict) else None
    if not isinstance(words, list) or not all(isinstance(w, str) and valid(w) for w in words):
        raise ValueError(f"taxonomy.toml: [clause_gap] {key} must be a list of {what}")
    return tuple(w.strip() for w in words)


@cache
def clause_stops() -> tuple[str, ...]:
    """The words a clause-long gap ("...+") never crosses (taxonomy ``[clause_gap] stops``)."""
    return _clause_gap_words("stops", lambda w: bool(w.strip()), "words")


@cache
def abbreviations() -> tuple[str, ...]:
    """Abbreviations whose full stop ends no sentence (taxonomy ``[clause_gap] abbreviations``)."""
    return _clause_gap_words(
        "abbreviations", lambda w: w.strip().endswith("."), "words ending in '.'"
    )


@cache
def menu_paths() -> tuple[str, ...]:
    """Patterns of a menu path ("Settings > Security & Privacy"): a place in the product, so
    the analyzer reads no purpose in it (taxonomy ``[menu_paths] patterns``)."""
    table = _data().get("menu_paths", {})
    patterns = table.get("patterns", []) if isinstance(table, dict) else None
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise ValueError("taxonomy.toml: [menu_paths] patterns must be a list of phrases")
    return tuple(patterns)


@cache
def present_when_denied() -> frozenset[str]:
    """Ids a notice states even when it denies them (taxonomy ``present_when_denied``)."""
    return frozenset(i for i, e in entries().items() if e.present_when_denied)


def ids(facet: str | None = None) -> tuple[str, ...]:
    """All ids, or those of one facet ("basis", "purpose", "data")."""
    return tuple(i for i, e in entries().items() if facet is None or e.facet == facet)


class _FacetOf(dict[str, str]):
    """fact id -> facet, filled on first lookup (``facet`` is its ``__getitem__``)."""

    def __missing__(self, fact_id: str) -> str:
        found = "link" if LINK_SEP in fact_id else fact_id.split(".", 1)[0]
        if len(self) < 100_000:
            self[fact_id] = found
        return found


#: ``"basis"``, ``"purpose"``, ``"data"``, ... or ``"link"`` (for "basis.x>purpose.y") of an id.
#: The bound ``__getitem__`` of a dict: the analyzer asks this for every hit it weighs, and a
#: dictionary lookup from C costs a fraction of a Python function call.
facet: Callable[[str], str] = _FacetOf().__getitem__


def _lang(language: str | None) -> str:
    code = (language or "en").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def label(fact_id: str, language: str = "en") -> str:
    """The short label of an id (or a link, or "announcement") in ``language``; the id if unknown."""
    if LINK_SEP in fact_id:
        return describe_link(fact_id, language)
    if fact_id == ANNOUNCEMENT:
        return phrase("announcement_label", language)
    entry = entries().get(fact_id)
    if entry is None:
        return fact_id
    lang = _lang(language)
    return entry.labels.get(lang) or entry.labels.get("en") or fact_id


def gdpr_ref(fact_id: str) -> str:
    entry = entries().get(fact_id)
    return entry.gdpr if entry else ""


def describe(fact_id: str) -> str:
    entry = entries().get(fact_id)
    return entry.description if entry else ""


def phrase(key: str, language: str = "en") -> str:
    """A description template from ``[phrases.<lang>]`` (English when missing)."""
    phrases = _data().get("phrases", {})
    assert isinstance(phrases, dict)
    lang = _lang(language)
    return str(phrases.get(lang, {}).get(key) or phrases.get("en", {}).get(key, key))


def ref(fact_id: str) -> str:
    """ " (Art. 6(1)(f) GDPR)" for a basis with a reference, "" otherwise."""
    gdpr = gdpr_ref(fact_id)
    return f" ({gdpr})" if gdpr and facet(fact_id) == "basis" else ""


def ties(
    bases: Iterable[str] = (),
    purposes: Iterable[str] = (),
    data: Iterable[str] = (),
    controls: Iterable[str] = (),
) -> set[str]:
    """The links facts stated together make: each basis with each purpose, each purpose with
    each data category and each control ("basis.x>purpose.y", "purpose.y>data.z", ...)."""
    purposes = tuple(purposes)
    out = {f"{b}{LINK_SEP}{p}" for b in bases for p in purposes}
    out |= {f"{p}{LINK_SEP}{d}" for d in data for p in purposes}
    out |= {f"{p}{LINK_SEP}{c}" for c in controls for p in purposes}
    return out


def describe_link(link: str, language: str = "en") -> str:
    """Plain words for "basis.x>purpose.y" or "purpose.y>data.z" in ``language``."""
    left, _, right = link.partition(LINK_SEP)
    if facet(left) == "basis":
        return phrase("link_basis", language).format(
            purpose=label(right, language), basis=label(left, language), ref=ref(left)
        )
    return phrase("link_data", language).format(
        purpose=label(left, language), data=label(right, language)
    )
