"""Taxonomy and lexicons agree, phrases compile as documented, language detection works."""

from __future__ import annotations

import pytest

from monitor.analyze.language import detect_language, normalize_language
from monitor.analyze.lexicon import (
    FACETS,
    LANGUAGES,
    QUALIFIERS,
    Matcher,
    fact_entries,
    load_lexicon,
    raw_lexicon,
)
from monitor.analyze.patterns import PatternError, compile_pattern
from monitor.analyze.statements import clean_hits
from monitor.analyze.taxonomy import describe_link, entries, ids, label, phrase
from monitor.analyze.text import fold, open_bracket

LABEL_IDS = {
    # The reference vocabulary of ../shared/corpus/labels/README.md: the evaluation needs no mapping.
    "basis.consent", "basis.contract", "basis.legal_obligation", "basis.vital_interests", "basis.public_task",
    "basis.legitimate_interests", "basis.explicit_consent",
    "purpose.service", "purpose.personalization", "purpose.advertising", "purpose.marketing", "purpose.analytics",
    "purpose.research", "purpose.security", "purpose.legal_compliance", "purpose.support", "purpose.ai_training",
    "purpose.sharing_affiliates", "purpose.sharing_third_parties",
    "data.identifiers", "data.account", "data.profile", "data.content", "data.communications", "data.activity",
    "data.technical", "data.location", "data.inferred", "data.demographic", "data.social", "data.financial",
    "data.verification", "data.ai_inputs", "data.feedback", "data.employment", "data.biometric", "data.health",
    "data.special", "data.criminal", "data.children", "data.third_party", "data.audio_visual",
}  # fmt: skip


# --------------------------------------------------------------------------- taxonomy <-> lexicons


def test_taxonomy_covers_the_label_vocabulary() -> None:
    assert set(ids()) >= LABEL_IDS
    assert all(fact_id.split(".")[0] in FACETS + QUALIFIERS for fact_id in ids())


def test_every_taxonomy_id_has_labels_in_all_languages() -> None:
    for fact_id, entry in entries().items():
        assert entry.description, fact_id
        for lang in LANGUAGES:
            assert entry.labels.get(lang), f"{fact_id} has no {lang} label"


def test_bases_carry_their_gdpr_article() -> None:
    refs = {fact_id: entries()[fact_id].gdpr for fact_id in ids("basis")}
    assert refs["basis.consent"] == "Art. 6(1)(a) GDPR"
    assert refs["basis.legitimate_interests"] == "Art. 6(1)(f) GDPR"
    assert refs["basis.explicit_consent"] == "Art. 9(2)(a) GDPR"
    assert all(refs.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_lexicon_id_exists_in_the_taxonomy(lang: str) -> None:
    lexicon_ids = set(fact_entries(raw_lexicon(lang)))
    assert lexicon_ids <= set(ids()), lexicon_ids - set(ids())
    assert raw_lexicon(lang)["language"] == lang


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_every_id_has_a_pattern_in_main_languages(lang: str) -> None:
    found = fact_entries(raw_lexicon(lang))
    missing = [
        i
        for i in ids()
        if not [p for p in found.get(i, {}).get("patterns", []) if not p.startswith("!")]
    ]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lexicons_compile_and_cover_the_taxonomy(lang: str) -> None:
    lexicon = load_lexicon(lang)
    assert lexicon.language == lang
    assert lexicon.ids == set(ids())  # every id has phrases (or a GDPR article) in every language
    assert len(lexicon.months) >= 12
    assert lexicon.stopwords


def test_descriptions_in_every_language() -> None:
    for lang in LANGUAGES:
        assert label("purpose.ai_training", lang)
        assert phrase("added_purpose", lang) != "added_purpose"
    assert describe_link("basis.legitimate_interests>purpose.ai_training", "en") == (
        "training AI models — legal basis: legitimate interests (Art. 6(1)(f) GDPR)"
    )
    assert describe_link("purpose.ai_training>data.profile", "fr") == (
        "entraînement de modèles d'IA — données utilisées : données de profil"
    )
    assert label("basis.consent", "de-DE") == "Einwilligung"
    assert label("unknown.id") == "unknown.id"
    assert label("basis.consent", "pt") == "consent"  # no Portuguese labels: English


# --------------------------------------------------------------------------- phrase syntax


def matches(pattern: str, text: str) -> bool:
    return bool(Matcher([("x", pattern)]).find(fold(text)))


def test_phrase_syntax() -> None:
    assert matches("legitimate interest*", "our Legitimate Interests")
    assert matches("intérêt légitime", "notre interet legitime")  # accents do not matter
    assert matches("opt in", "you opt-in to")
    assert matches("documents?", "a travel document") and matches("documents?", "documents")
    assert not matches("documents?", "documentation")
    assert matches("(adress|telefon)buch", "Ihr Adressbuch")
    assert not matches("(adress|telefon)buch", "Adress Buch")
    assert matches("(your|the)? friends", "friends")
    assert matches("use ... to train", "we use your public posts to train")
    assert not matches(
        "use ... to train", "we use cookies. Later, to train"
    )  # no gap across a full stop
    assert not matches("contract", "our subcontractors")  # whole words only
    # A comma right after the word before a gap is allowed, as between the gap's words
    # (enumerations: "develop, train and fine-tune", "collect, use and share"); a full
    # stop or a semicolon there still ends the phrase.
    assert matches("train* ... models", "to develop, train, build and use statistical models")
    assert matches("collect* ... data", "we collect, use and share your data")
    assert not matches("train* ... models", "we train. Our models")
    assert not matches("train* ... models", "we train; our models")
    assert matches("re:\\bart\\.? 6", "see art. 6")


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Art. 6(1)(f) GDPR", "basis.legitimate_interests"),
        ("Article 6.1.b du RGPD", "basis.contract"),
        ("Art. 6 Abs. 1 S. 1 lit. a DSGVO", "basis.consent"),
        ("article 6, paragraphe 1, point f) du RGPD", "basis.legitimate_interests"),
        ("artículo 6.1.c) del RGPD", "basis.legal_obligation"),
        ("Art. 9(2)(a) GDPR", "basis.explicit_consent"),
    ],
)
def test_gdpr_articles_name_the_basis(text: str, fact: str) -> None:
    hits = {h.label for h in load_lexicon("en").facts.find(fold(text))}
    assert fact in hits


def test_exception_phrases_cancel_a_match() -> None:
    lexicon = load_lexicon("en")
    text = fold(
        "We rely on Standard Contractual Clauses. We need this to perform our contract with you."
    )
    raw = {h.label for h in lexicon.facts.find(text)}
    assert "!basis.contract" in raw  # the exception phrase is found ...
    kept = clean_hits(lexicon.facts.find(text))
    contract = [h for h in kept if h.label == "basis.contract"]
    # ... and cancels only the words it covers: the second sentence still states the basis.
    assert contract and all(h.start > text.index("clauses") for h in contract)


def test_bad_patterns_are_reported() -> None:
    with pytest.raises(PatternError):
        compile_pattern("(unbalanced")
    with pytest.raises(PatternError):
        compile_pattern("word ?")


# --------------------------------------------------------------------------- language detection

SAMPLES = {
    "en": "We collect information about you when you use our services and we share it with our partners.",
    "fr": "Nous collectons des données vous concernant lorsque vous utilisez nos services et nous les partageons avec nos partenaires.",
    "de": "Wir erheben Daten über Sie, wenn Sie unsere Dienste nutzen, und geben sie an unsere Partner weiter.",
    "es": "Recopilamos información sobre usted cuando utiliza nuestros servicios y la compartimos con nuestros socios.",
    "it": "Raccogliamo informazioni su di te quando utilizzi i nostri servizi e le condividiamo con i nostri partner.",
    "nl": "Wij verzamelen gegevens over u wanneer u onze diensten gebruikt en wij delen deze met onze partners.",
}


@pytest.mark.parametrize(("lang", "text"), SAMPLES.items())
def test_detect_language(lang: str, text: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_defaults_to_english() -> None:
    assert detect_language("") == "en"
    assert detect_language("12345 !!! ---") == "en"


def test_normalize_language() -> None:
    assert normalize_language("fr-FR") == "fr"
    assert normalize_language("DE_at") == "de"
    assert normalize_language("pt-BR") is None
    assert normalize_language(None) is None


@pytest.mark.parametrize(
    ("text", "start", "where", "expected"),
    [
        ("use it (see Settings > Ads) for ads", 0, "Ads)", 7),  # inside a bracket
        ("use it (see Settings) for ads", 0, "for", -1),  # after it closed
        ("no bracket here", 0, "here", -1),
        ("(a) then (b and c", 0, "c", 9),  # left open: still inside
        ("(a (b) c", 0, "c", -1),  # not nesting-aware: the nearest aside closed
        ("(earlier) now (this", 10, "this", 14),  # only from start on
        ("(earlier now", 5, "now", -1),
    ],
)
def test_open_bracket_finds_the_bracket_a_position_stands_in(
    text: str, start: int, where: str, expected: int
) -> None:
    assert open_bracket(text, start, text.rindex(where)) == expected
