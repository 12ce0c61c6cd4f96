"""The analyzer on small notices in six languages: headings, tables, negation, evidence."""

from __future__ import annotations

import pytest

from monitor.analyze import ANALYZER_VERSION, analyze
from monitor.model import Block, Document, Facts, Statement


def doc(*blocks: Block, language: str | None = None) -> Document:
    return Document(blocks=blocks, language=language)


def h(text: str, level: int = 2, path: tuple[str, ...] = ()) -> Block:
    return Block("heading", text, level, path)


def p(text: str, path: tuple[str, ...] = ()) -> Block:
    return Block("paragraph", text, 0, path)


def li(text: str, path: tuple[str, ...] = ()) -> Block:
    return Block("list_item", text, 0, path)


def row(text: str, path: tuple[str, ...] = ()) -> Block:
    return Block("table_row", text, 0, path)


def affirmed(facts: Facts) -> list[Statement]:
    return [st for st in facts.statements if not st.negated]


def denied(facts: Facts) -> list[Statement]:
    return [st for st in facts.statements if st.negated]


# --------------------------------------------------------------------------- headings carry the basis

HEADING_CASES = [
    ("en", "Legitimate Interests", "We use your IP address to prevent fraud."),
    ("fr", "Intérêt légitime", "Nous utilisons votre adresse IP pour prévenir la fraude."),
    ("de", "Berechtigte Interessen", "Wir verwenden Ihre IP-Adresse, um Betrug zu verhindern."),
    ("es", "Interés legítimo", "Utilizamos su dirección IP para prevenir el fraude."),
    ("it", "Legittimo interesse", "Utilizziamo il tuo indirizzo IP per prevenire le frodi."),
    ("nl", "Gerechtvaardigd belang", "Wij gebruiken uw IP-adres om fraude te voorkomen."),
]


@pytest.mark.parametrize(("lang", "heading", "sentence"), HEADING_CASES)
def test_statement_inherits_basis_from_heading(lang: str, heading: str, sentence: str) -> None:
    d = doc(
        h("Privacy", 1),
        h(heading, 2, ("Privacy",)),
        li(sentence, ("Privacy", heading)),
        language=lang,
    )
    facts = analyze(d)
    [st] = affirmed(facts)
    assert st.inherited_bases == {"basis.legitimate_interests"}
    assert "basis.legitimate_interests" in st.legal_bases
    assert st.purposes == {"purpose.security"}
    assert st.data_categories == {"data.technical"}
    assert st.links == {
        "basis.legitimate_interests>purpose.security",
        "purpose.security>data.technical",
    }
    assert st.section_path == ("Privacy", heading)
    assert facts.language == lang
    assert facts.analyzer_version == ANALYZER_VERSION


def test_heading_phrase_names_basis_and_nearest_heading_wins() -> None:
    d = doc(
        h("Where we rely on your consent", 2),
        h("Marketing", 3, ("Where we rely on your consent",)),
        p(
            "We send you newsletters about our products.",
            ("Where we rely on your consent", "Marketing"),
        ),
        h("Legitimate interests", 2),
        h("Consent", 3, ("Legitimate interests",)),
        p("We show you personalised ads.", ("Legitimate interests", "Consent")),
    )
    first, second = affirmed(analyze(d, language="en"))
    assert first.inherited_bases == {"basis.consent"}
    assert "basis.consent>purpose.marketing" in first.links
    # "Consent" is the nearer heading: it wins over "Legitimate interests" above it.
    assert second.inherited_bases == {"basis.consent"}


def test_heading_words_alone_do_not_make_a_basis() -> None:
    d = doc(
        h("Contract negotiations with partners", 2),
        p("We process your email address.", ("Contract negotiations with partners",)),
    )
    [st] = affirmed(analyze(d, language="en"))
    assert st.inherited_bases == frozenset()
    assert st.legal_bases == frozenset()


# --------------------------------------------------------------------------- tables


def test_table_rows_are_statements_read_with_their_header() -> None:
    path = ("How we use your data",)
    d = doc(
        h("How we use your data", 2),
        row("Purpose | Legal basis | Data", path),
        row("To provide the service | Contract | Email address, IP address", path),
        row("Direct marketing | Consent | Email address", path),
        row("Security and fraud prevention | Legitimate interests | Device identifiers", path),
    )
    facts = analyze(d, language="en")
    rows = affirmed(facts)
    assert len(rows) == 3  # the header row states nothing itself
    service, marketing, security = rows
    assert service.legal_bases == {"basis.contract"}
    assert service.purposes == {"purpose.service"}
    assert service.data_categories == {"data.identifiers", "data.technical"}
    assert "basis.contract>purpose.service" in service.links
    assert marketing.legal_bases == {"basis.consent"}
    assert "basis.consent>purpose.marketing" in marketing.links
    assert "purpose.marketing>data.identifiers" in marketing.links
    assert security.legal_bases == {"basis.legitimate_interests"}
    assert all(st.block_kind == "table_row" for st in rows)


@pytest.mark.parametrize(
    ("lang", "header", "line", "basis", "purpose"),
    [
        (
            "fr",
            "Finalité | Base légale | Données",
            "Prospection commerciale | Consentement | Adresse e-mail",
            "basis.consent",
            "purpose.marketing",
        ),
        (
            "de",
            "Zweck | Rechtsgrundlage | Daten",
            "Newsletter | Einwilligung | E-Mail-Adresse",
            "basis.consent",
            "purpose.marketing",
        ),
        (
            "es",
            "Finalidad | Base jurídica | Datos",
            "Envío de comunicaciones comerciales | Consentimiento | Correo electrónico",
            "basis.consent",
            "purpose.marketing",
        ),
        (
            "it",
            "Finalità | Base giuridica | Dati",
            "Marketing diretto | Consenso | Indirizzo email",
            "basis.consent",
            "purpose.marketing",
        ),
        (
            "nl",
            "Doel | Rechtsgrond | Gegevens",
            "Nieuwsbrief | Toestemming | E-mailadres",
            "basis.consent",
            "purpose.marketing",
        ),
    ],
)
def test_table_header_in_other_languages(
    lang: str, header: str, line: str, basis: str, purpose: str
) -> None:
    facts = analyze(doc(row(header), row(line)), language=lang)
    [st] = affirmed(facts)
    assert basis in st.legal_bases
    assert purpose in st.purposes
    assert "data.identifiers" in st.data_categories
    assert f"{basis}>{purpose}" in st.links


def test_table_without_header_reads_each_row_on_its_own() -> None:
    facts = analyze(
        doc(row("Analytics | Cookies"), row("Customer support | Email address")), language="en"
    )
    first, second = affirmed(facts)
    assert first.purposes == {"purpose.analytics"} and first.data_categories == {"data.technical"}
    assert second.purposes == {"purpose.support"} and second.data_categories == {"data.identifiers"}


# --------------------------------------------------------------------------- negation

NEGATIONS = [
    (
        "en",
        "We do not sell your personal data to third parties.",
        "We sell your personal data to third parties.",
    ),
    (
        "fr",
        "Nous ne vendons pas vos données personnelles à des tiers.",
        "Nous vendons vos données personnelles à des tiers.",
    ),
    (
        "de",
        "Wir verkaufen Ihre personenbezogenen Daten nicht an Dritte.",
        "Wir verkaufen Ihre personenbezogenen Daten an Dritte.",
    ),
    (
        "es",
        "No vendemos sus datos personales a terceros.",
        "Vendemos sus datos personales a terceros.",
    ),
    (
        "it",
        "Non vendiamo i tuoi dati personali a terzi.",
        "Vendiamo i tuoi dati personali a terzi.",
    ),
    (
        "nl",
        "Wij verkopen uw persoonsgegevens niet aan derden.",
        "Wij verkopen uw persoonsgegevens aan derden.",
    ),
]


@pytest.mark.parametrize(("lang", "negative", "positive"), NEGATIONS)
def test_negation_in_each_language(lang: str, negative: str, positive: str) -> None:
    neg = analyze(doc(p(negative)), language=lang)
    assert [st.negated for st in neg.statements] == [True]
    assert "purpose.sharing_third_parties" in neg.statements[0].purposes
    assert "purpose.sharing_third_parties" not in neg.all_ids()

    pos = analyze(doc(p(positive)), language=lang)
    assert [st.negated for st in pos.statements] == [False]
    assert "purpose.sharing_third_parties" in pos.all_ids()


def test_negation_is_clause_level() -> None:
    text = "We do not use your private messages to train our AI models, but we use your public posts to train our models."
    facts = analyze(doc(p(text)), language="en")
    [neg] = denied(facts)
    [aff] = affirmed(facts)
    assert neg.data_categories == {"data.communications"}
    assert "data.content" in aff.data_categories
    assert "purpose.ai_training" in aff.purposes  # stated affirmatively in the second clause
    assert "data.communications" not in facts.all_ids()


def test_exceptions_and_conditions_are_not_denials() -> None:
    facts = analyze(
        doc(
            p("We do not share your email address with advertisers without your consent."),
            p("If you do not want to receive newsletters, you can unsubscribe."),
        ),
        language="en",
    )
    assert not denied(facts)
    assert {"data.identifiers", "purpose.marketing"} <= facts.all_ids()


def test_french_ne_que_is_not_a_negation() -> None:
    facts = analyze(
        doc(p("Nous ne collectons votre numéro de téléphone qu'avec votre accord.")), language="fr"
    )
    assert not denied(facts)
    assert "data.identifiers" in facts.all_ids()


# --------------------------------------------------------------------------- evidence and precision


def test_evidence_points_into_document_text() -> None:
    d = doc(
        h("Privacy policy", 1),
        h("Legitimate interests", 2, ("Privacy policy",)),
        li(
            "We use your posts and comments to train generative AI models.",
            ("Privacy policy", "Legitimate interests"),
        ),
        row("Analytics | Legitimate interests | Usage data", ("Privacy policy",)),
    )
    facts = analyze(d, language="en")
    text = d.text
    seen = set()
    for st in facts.statements:
        for ev in st.evidence:
            assert text[ev.start : ev.end] == ev.text
            seen.add(ev.fact)
    assert {"purpose.ai_training", "data.content", "purpose.analytics", "data.activity"} <= seen


def test_common_words_do_not_fire() -> None:
    facts = analyze(
        doc(
            p("Please contact us if you have questions about this policy."),
            p("Our service is available in many countries. Data protection matters to us."),
            p("We recommend you choose a strong password."),
        ),
        language="en",
    )
    ids = facts.all_ids()
    assert "basis.contract" not in ids
    assert "purpose.service" not in ids
    assert "purpose.personalization" not in ids


def test_language_comes_from_argument_then_document_then_text() -> None:
    d = doc(
        p("Nous utilisons vos données de localisation pour vous montrer des publicités."),
        language="de",
    )
    assert analyze(d).language == "de"
    assert analyze(d, language="fr").language == "fr"
    undeclared = doc(
        p(
            "Nous utilisons vos données de localisation pour vous montrer des publicités, et nous les conservons."
        )
    )
    facts = analyze(undeclared)
    assert facts.language == "fr"
    assert {"data.location", "purpose.advertising"} <= facts.all_ids()


def test_regional_codes_are_accepted() -> None:
    d = doc(p("Wir verwenden Ihre Standortdaten für Werbung."), language="de-AT")
    facts = analyze(d)
    assert facts.language == "de"
    assert {"data.location", "purpose.advertising"} <= facts.all_ids()


def test_facts_round_trip_through_json() -> None:
    from monitor import codec

    d = doc(
        h("Legitimate interests", 2),
        li("We use your posts and comments to train our AI models.", ("Legitimate interests",)),
        p("From 3 November 2025, we will not sell your personal data."),
    )
    facts = analyze(d, language="en")
    assert any(st.links for st in facts.statements)
    assert codec.facts_from_json(codec.facts_to_json(facts)) == facts
