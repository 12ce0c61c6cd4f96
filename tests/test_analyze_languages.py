"""The lexicons of fr, de, es, it and nl read notices the way en.toml does.

Small fixtures written for these tests (not taken from the corpus), a few sentences per
language, each for one family of wordings: a processing statement yields its facts; a
rights sentence, a pointer and a discouragement yield none; a negation without its full
stop stops at the next sentence opener; an announcement with its date, basis, purpose and
opt-out; a table whose header row is in the language; an opt-out tied to its purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from monitor.analyze import analyze
from monitor.analyze.lexicon import load_lexicon
from monitor.analyze.statements import header_roles
from monitor.extract import extract
from monitor.model import Facts, Statement

LI = "basis.legitimate_interests"


@dataclass(frozen=True)
class Case:
    """One language's fixtures; each field is a Markdown snippet."""

    #: A processing statement: e-mail address and browsing history used for marketing
    #: on legitimate interests.
    processing: str
    #: Withdraw consent / object to processing based on legitimate interests.
    rights: str
    #: An imperative pointer to another policy, naming advertising.
    pointer: str
    #: "We do not ask you to give us health data."
    discouragement: str
    #: "We do not sell your data to third parties We share it with our group companies"
    #: (no full stop between the sentences).
    negation: str
    #: From 3 November 2025, legitimate interests, AI training, then an opt-out.
    announcement: str
    #: A table: purpose | legal basis | data header, one row about fraud prevention.
    table: str
    #: Purchase history used to personalise recommendations; "you can object".
    opt_out: str
    #: "Health and safety" measures: no processing, no health data.
    health_and_safety: str
    #: When you visit our site (not an imperative), we collect your IP address.
    visit: str
    #: We sell browsing data to data brokers.
    sold_to_brokers: str


CASES: dict[str, Case] = {
    "fr": Case(
        processing=(
            "Nous utilisons votre adresse e-mail et votre historique de navigation pour vous "
            "envoyer des offres commerciales, sur la base de notre intérêt légitime."
        ),
        rights=(
            "Vous pouvez retirer votre consentement à tout moment et vous opposer au traitement "
            "fondé sur nos intérêts légitimes à des fins de prospection commerciale."
        ),
        pointer="Consultez notre politique relative aux cookies pour en savoir plus sur la publicité ciblée.",
        discouragement="Nous ne vous demandons pas de nous communiquer des données relatives à votre santé.",
        negation=(
            "Nous ne vendons pas vos données personnelles à des tiers "
            "Nous partageons vos données avec nos filiales."
        ),
        announcement=(
            "À compter du 3 novembre 2025, nous utiliserons vos publications publiques sur la base "
            "de nos intérêts légitimes pour entraîner nos modèles d'IA. Vous pouvez vous opposer à "
            "cette utilisation dans vos paramètres."
        ),
        table=(
            "| Finalité | Base légale | Données |\n| --- | --- | --- |\n"
            "| Prévention de la fraude | Intérêt légitime | Adresse IP, type d'appareil |"
        ),
        opt_out=(
            "Nous utilisons votre historique d'achats pour personnaliser nos recommandations. "
            "Vous pouvez vous y opposer à tout moment dans vos paramètres."
        ),
        health_and_safety="Nos mesures de santé et sécurité au travail protègent nos salariés.",
        visit="Lorsque vous consultez notre site, nous collectons votre adresse IP.",
        sold_to_brokers="Nous vendons vos données de navigation à des courtiers en données.",
    ),
    "de": Case(
        processing=(
            "Wir verwenden Ihre E-Mail-Adresse und Ihren Suchverlauf, um Ihnen Newsletter zu "
            "senden, auf Grundlage unseres berechtigten Interesses."
        ),
        rights=(
            "Sie können Ihre Einwilligung jederzeit widerrufen und der Verarbeitung auf Grundlage "
            "berechtigter Interessen zu Zwecken der Direktwerbung widersprechen."
        ),
        pointer="Weitere Informationen zu personalisierter Werbung finden Sie in unserer Cookie-Richtlinie.",
        discouragement="Bitte geben Sie uns keine Informationen über Ihre Gesundheit.",
        negation=(
            "Wir verkaufen Ihre personenbezogenen Daten nicht an Dritte "
            "Wir geben Ihre Daten an unsere Tochtergesellschaften weiter."
        ),
        announcement=(
            "Ab dem 3. November 2025 werden wir Ihre öffentlichen Beiträge auf Grundlage unserer "
            "berechtigten Interessen zum Training unserer KI-Modelle verwenden. Sie können dieser "
            "Nutzung in Ihren Einstellungen widersprechen."
        ),
        table=(
            "| Zweck | Rechtsgrundlage | Kategorien personenbezogener Daten | Empfänger | Speicherdauer |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| Betrugsprävention | Berechtigtes Interesse | IP-Adresse, Gerätetyp | Dienstleister | 6 Monate |"
        ),
        opt_out=(
            "Wir nutzen Ihren Kaufverlauf, um Ihnen personalisierte Empfehlungen anzuzeigen. "
            "Sie können dem jederzeit in Ihren Einstellungen widersprechen."
        ),
        health_and_safety="Maßnahmen zu Gesundheit und Sicherheit am Arbeitsplatz schützen unsere Mitarbeiter.",
        visit="Wenn Sie unsere Website besuchen, erheben wir Ihre IP-Adresse.",
        sold_to_brokers="Wir verkaufen Ihre Nutzungsdaten an Datenhändler.",
    ),
    "es": Case(
        processing=(
            "Utilizamos su dirección de correo electrónico y su historial de navegación para "
            "enviarle comunicaciones comerciales, sobre la base de nuestro interés legítimo."
        ),
        rights=(
            "Usted puede retirar su consentimiento en cualquier momento y oponerse al tratamiento "
            "basado en nuestro interés legítimo con fines de marketing."
        ),
        pointer="Consulte nuestra política de cookies para obtener más información sobre la publicidad.",
        discouragement="No le pedimos que nos facilite datos sobre su salud.",
        negation=(
            "No vendemos sus datos personales a terceros "
            "Compartimos sus datos con las empresas de nuestro grupo."
        ),
        announcement=(
            "A partir del 3 de noviembre de 2025, utilizaremos sus publicaciones públicas sobre la "
            "base de nuestro interés legítimo para entrenar nuestros modelos de IA. Puede oponerse "
            "a este uso en su configuración."
        ),
        table=(
            "| Finalidad | Base jurídica | Datos |\n| --- | --- | --- |\n"
            "| Prevención del fraude | Interés legítimo | Dirección IP, tipo de dispositivo |"
        ),
        opt_out=(
            "Utilizamos su historial de compras para personalizar nuestras recomendaciones. "
            "Puede oponerse en cualquier momento desde su configuración."
        ),
        health_and_safety="Las medidas de salud y seguridad protegen a nuestros empleados.",
        visit="Cuando usted visita nuestro sitio, recopilamos su dirección IP.",
        sold_to_brokers="Vendemos sus datos de navegación a intermediarios de datos.",
    ),
    "it": Case(
        processing=(
            "Utilizziamo il tuo indirizzo email e la tua cronologia di navigazione per inviarti "
            "comunicazioni commerciali, sulla base del nostro legittimo interesse."
        ),
        rights=(
            "Puoi revocare il tuo consenso in qualsiasi momento e opporti al trattamento basato "
            "sul nostro legittimo interesse per finalità di marketing."
        ),
        pointer="Consulta la nostra informativa sui cookie per maggiori informazioni sulla pubblicità.",
        discouragement="Non ti chiediamo di fornirci informazioni sulla tua salute.",
        negation=(
            "Non vendiamo i tuoi dati personali a terzi "
            "Condividiamo i tuoi dati con le società del nostro gruppo."
        ),
        announcement=(
            "A decorrere dal 3 novembre 2025 utilizzeremo i tuoi post pubblici sulla base del "
            "nostro legittimo interesse per addestrare i nostri modelli di IA. Puoi opporti a "
            "questo utilizzo nelle impostazioni."
        ),
        table=(
            "| Finalità | Base giuridica | Dati |\n| --- | --- | --- |\n"
            "| Prevenzione delle frodi | Legittimo interesse | Indirizzo IP, tipo di dispositivo |"
        ),
        opt_out=(
            "Utilizziamo la cronologia degli acquisti per personalizzare le nostre raccomandazioni. "
            "Puoi opporti in qualsiasi momento dalle impostazioni."
        ),
        health_and_safety="Le misure di salute e sicurezza proteggono i nostri dipendenti.",
        visit="Quando visiti il nostro sito, raccogliamo il tuo indirizzo IP.",
        sold_to_brokers="Vendiamo i tuoi dati di navigazione a intermediari di dati.",
    ),
    "nl": Case(
        processing=(
            "Wij gebruiken uw e-mailadres en uw surfgeschiedenis om u commerciële berichten te "
            "sturen, op basis van ons gerechtvaardigd belang."
        ),
        rights=(
            "U kunt uw toestemming op elk moment intrekken en bezwaar maken tegen verwerking voor "
            "direct marketing op basis van ons gerechtvaardigd belang."
        ),
        pointer="Raadpleeg ons cookiebeleid voor meer informatie over advertenties.",
        discouragement="Wij vragen u geen informatie over uw gezondheid te verstrekken.",
        negation=(
            "Wij verkopen uw persoonsgegevens niet aan derden "
            "Wij delen uw gegevens met onze groepsmaatschappijen."
        ),
        announcement=(
            "Vanaf 3 november 2025 zullen wij uw openbare berichten op basis van ons "
            "gerechtvaardigd belang gebruiken om onze AI-modellen te trainen. U kunt bezwaar "
            "maken tegen dit gebruik in uw instellingen."
        ),
        table=(
            "| Doel | Rechtsgrond | Gegevens |\n| --- | --- | --- |\n"
            "| Fraudepreventie | Gerechtvaardigd belang | IP-adres, apparaat-ID |"
        ),
        opt_out=(
            "Wij gebruiken uw aankoopgeschiedenis om onze aanbevelingen te personaliseren. "
            "U kunt daar op elk moment bezwaar tegen maken in uw instellingen."
        ),
        health_and_safety="Maatregelen voor gezondheid en veiligheid beschermen onze medewerkers.",
        visit="Wanneer u onze website bezoekt, verzamelen wij uw IP-adres.",
        sold_to_brokers="Wij verkopen uw surfgeschiedenis aan databrokers.",
    ),
}

LANGS = list(CASES)


def facts_of(text: str, lang: str) -> Facts:
    return analyze(extract(text.encode(), "text/markdown"), language=lang)


def statements(text: str, lang: str) -> tuple[Statement, ...]:
    return facts_of(text, lang).statements


def ids(statement: Statement) -> set[str]:
    return set(statement.legal_bases) | set(statement.purposes) | set(statement.data_categories)


def affirmed(text: str, lang: str) -> set[str]:
    return set().union(*(ids(s) for s in statements(text, lang) if not s.negated))


@pytest.mark.parametrize("lang", LANGS)
def test_processing_statement_yields_its_facts(lang: str) -> None:
    (statement,) = statements(CASES[lang].processing, lang)
    assert not statement.negated
    assert statement.legal_bases == {LI}
    assert statement.purposes == {"purpose.marketing"}
    assert {"data.identifiers", "data.activity"} <= statement.data_categories
    assert {f"{LI}>purpose.marketing", "purpose.marketing>data.identifiers"} <= statement.links


@pytest.mark.parametrize("lang", LANGS)
def test_rights_sentence_yields_no_basis_or_purpose(lang: str) -> None:
    for statement in statements(CASES[lang].rights, lang):
        assert not statement.legal_bases
        assert not statement.purposes
        assert not statement.data_categories
        assert not any(link.startswith("basis.") for link in statement.links)


@pytest.mark.parametrize("lang", LANGS)
def test_pointer_yields_nothing(lang: str) -> None:
    assert statements(CASES[lang].pointer, lang) == ()


@pytest.mark.parametrize("lang", LANGS)
def test_imperative_only_is_a_pointer(lang: str) -> None:
    # "When you visit our site, we collect ..." is processing, not a pointer.
    assert "data.technical" in affirmed(CASES[lang].visit, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_discouragement_yields_no_health_data(lang: str) -> None:
    found = statements(CASES[lang].discouragement, lang)
    assert not any("data.health" in s.data_categories for s in found)


@pytest.mark.parametrize("lang", LANGS)
def test_health_and_safety_is_not_health_data(lang: str) -> None:
    assert "data.health" not in affirmed(CASES[lang].health_and_safety, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_negation_stops_at_the_sentence_starter(lang: str) -> None:
    found = statements(CASES[lang].negation, lang)
    denied = [s for s in found if s.negated]
    stated = [s for s in found if not s.negated]
    assert len(denied) == 1 and denied[0].purposes == {"purpose.sharing_third_parties"}
    assert denied[0].sale  # "we do not sell": a denied sale
    # The second sentence is not under the first one's negation.
    assert len(stated) == 1 and "purpose.sharing_affiliates" in stated[0].purposes
    assert "recipient.affiliates" in stated[0].recipients
    assert not stated[0].sale


@pytest.mark.parametrize("lang", LANGS)
def test_sale_to_data_brokers_is_sharing_not_data_received(lang: str) -> None:
    (statement,) = statements(CASES[lang].sold_to_brokers, lang)
    assert "purpose.sharing_third_parties" in statement.purposes
    assert "data.third_party" not in statement.data_categories
    assert "recipient.data_brokers" in statement.recipients
    assert statement.sale


@pytest.mark.parametrize("lang", LANGS)
def test_announcement_with_date_basis_purpose_and_opt_out(lang: str) -> None:
    facts = facts_of(CASES[lang].announcement, lang)
    (announcement,) = facts.announcements
    assert announcement.effective_date == "2025-11-03"
    assert {
        LI,
        "purpose.ai_training",
        "control.opt_out",
        f"{LI}>purpose.ai_training",
        "purpose.ai_training>control.opt_out",
    } <= set(announcement.facts)
    # The announced sentence is read by the announcement, not as a present statement.
    assert not any("purpose.ai_training" in s.purposes for s in facts.statements)


@pytest.mark.parametrize("lang", LANGS)
def test_table_with_a_header_row_in_the_language(lang: str) -> None:
    (row,) = statements(CASES[lang].table, lang)
    assert row.legal_bases == {LI}
    assert row.purposes == {"purpose.security"}
    assert "data.technical" in row.data_categories
    assert {f"{LI}>purpose.security", "purpose.security>data.technical"} <= row.links


def test_german_table_recipient_and_retention_columns() -> None:
    (row,) = statements(CASES["de"].table, "de")
    assert row.recipients == {"recipient.service_providers"}


@pytest.mark.parametrize("lang", LANGS)
def test_opt_out_is_tied_to_the_purpose(lang: str) -> None:
    (statement,) = statements(CASES[lang].opt_out, lang)
    assert statement.purposes == {"purpose.personalization"}
    assert "data.activity" in statement.data_categories
    assert statement.controls == {"control.opt_out"}
    assert "purpose.personalization>control.opt_out" in statement.links


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Nous utiliserons vos données de localisation uniquement avec votre consentement préalable pour personnaliser les annonces."),
        ("de", "Wir verwenden Ihren Standort nur mit Ihrer vorherigen Einwilligung, um Inhalte zu personalisieren."),
        ("es", "Utilizamos su ubicación solo con su consentimiento previo para personalizar el contenido."),
        ("it", "Utilizziamo la tua posizione solo previo tuo consenso per personalizzare i contenuti."),
        ("nl", "Wij gebruiken uw locatie alleen met uw voorafgaande toestemming om inhoud te personaliseren."),
    ],
)  # fmt: skip
def test_opt_in_is_tied_to_the_purpose(lang: str, text: str) -> None:
    (statement,) = statements(text, lang)
    assert "control.consent" in statement.controls
    assert "purpose.personalization>control.consent" in statement.links


@pytest.mark.parametrize(
    ("lang", "text", "date"),
    [
        ("fr", "La présente politique entrera en vigueur le 1er mars 2026 et nous utiliserons vos données de localisation pour la publicité.", "2026-03-01"),
        ("fr", "Nous mettons à jour notre politique : à compter du 1er mars 2026, nous partageons vos données avec des annonceurs.", "2026-03-01"),
        ("de", "Wir aktualisieren unsere Datenschutzerklärung mit Wirkung zum 1. März 2026 und geben Daten an Werbepartner weiter.", "2026-03-01"),
        ("es", "Estamos actualizando nuestra política: a partir del 1 de marzo de 2026 compartimos datos con anunciantes.", "2026-03-01"),
        ("it", "Stiamo aggiornando la nostra informativa: dal 1 marzo 2026 condividiamo i dati con inserzionisti.", "2026-03-01"),
        ("nl", "We werken ons privacybeleid bij: met ingang van 1 maart 2026 delen wij gegevens met adverteerders.", "2026-03-01"),
    ],
)  # fmt: skip
def test_take_effect_and_updating_families_announce(lang: str, text: str, date: str) -> None:
    (announcement,) = facts_of(text, lang).announcements
    assert announcement.effective_date == date


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Les données personnelles désignent toute information se rapportant à une personne physique identifiée ou identifiable, comme votre adresse e-mail."),
        ("fr", "Nous conservons vos données de paiement pendant 13 mois."),
        ("fr", "La société Exemple SAS est le responsable du traitement de vos données de santé."),
        ("de", "Wir speichern Ihre Zahlungsdaten für 13 Monate."),
        ("de", "Verantwortlicher im Sinne der DSGVO für die Verarbeitung Ihrer Gesundheitsdaten ist die Beispiel GmbH."),
        ("es", "Conservaremos sus datos de pago durante 13 meses."),
        ("it", "Conserviamo i tuoi dati di pagamento per 13 mesi."),
        ("nl", "Wij bewaren uw betaalgegevens gedurende 13 maanden."),
    ],
)  # fmt: skip
def test_definitions_retention_and_controller_state_no_processing(lang: str, text: str) -> None:
    assert statements(text, lang) == ()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Nous ne collectons pas de données sensibles."),
        ("de", "Wir erheben keine sensiblen Daten."),
        ("es", "Tratamos datos sensibles con especial cuidado."),
        ("it", "Trattiamo dati sensibili con particolare cura."),
        ("nl", "Wij verwerken gevoelige gegevens met bijzondere zorg."),
    ],
)  # fmt: skip
def test_sensitive_alone_names_no_special_category(lang: str, text: str) -> None:
    assert not any("data.special" in s.data_categories for s in statements(text, lang))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Nous recevons des informations vous concernant de la part de nos partenaires publicitaires."),
        ("de", "Wir erhalten Informationen über Sie von unseren Werbepartnern."),
        ("es", "Recibimos información sobre usted de nuestros socios publicitarios."),
        ("it", "Riceviamo informazioni su di te dai nostri partner pubblicitari."),
        ("nl", "Wij ontvangen informatie over u van onze partners."),
    ],
)  # fmt: skip
def test_data_received_from_partners_is_third_party_data(lang: str, text: str) -> None:
    (statement,) = statements(text, lang)
    assert "data.third_party" in statement.data_categories
    assert "purpose.sharing_third_parties" not in statement.purposes


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Vos données de santé ne sont jamais vendues à des tiers."),
        ("es", "Sus datos de salud nunca se venden a terceros."),
        ("it", "I tuoi dati sanitari non vengono mai venduti a terzi."),
        ("de", "Ihre Gesundheitsdaten werden niemals an Dritte verkauft."),
        ("nl", "Uw gezondheidsgegevens worden nooit aan derden verkocht."),
    ],
)  # fmt: skip
def test_passive_denial_negates_what_comes_before(lang: str, text: str) -> None:
    found = statements(text, lang)
    assert not any(not s.negated and "data.health" in s.data_categories for s in found)
    assert any(s.negated and "data.health" in s.data_categories for s in found)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "À compter du 1er mars 2026, la personnalisation des annonces est activée par défaut."),
        ("de", "Ab dem 1. März 2026 ist die Personalisierung von Anzeigen standardmäßig aktiviert."),
        ("es", "A partir del 1 de marzo de 2026, la personalización de anuncios está activada por defecto."),
        ("it", "A partire dal 1 marzo 2026, la personalizzazione degli annunci è attivata per impostazione predefinita."),
        ("nl", "Met ingang van 1 maart 2026 staat de personalisatie van advertenties standaard ingeschakeld."),
    ],
)  # fmt: skip
def test_a_lead_cue_announces_whatever_the_verb(lang: str, text: str) -> None:
    # Under the notice's own date (a lead cue alone, "À compter du ...", can be that date).
    facts = facts_of(UPDATED[lang] + "\n\n" + text, lang)
    assert facts.effective_date == "2026-01-01"
    (announcement,) = facts.announcements
    assert announcement.effective_date == "2026-03-01"
    assert "control.opt_out" in announcement.facts


UPDATED = {
    "fr": "Dernière mise à jour : 1er janvier 2026",
    "de": "Stand: 01.01.2026",
    "es": "Última actualización: 1 de enero de 2026",
    "it": "Ultimo aggiornamento: 1 gennaio 2026",
    "nl": "Laatst bijgewerkt: 1 januari 2026",
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Nous partageons vos données avec des annonceurs le 1er mars 2026. D'ici là, la présente politique s'applique."),
        ("de", "Wir geben Ihre Daten am 1. März 2026 an Werbepartner weiter. Bis dahin gilt diese Erklärung."),
        ("es", "Compartimos sus datos con anunciantes el 1 de marzo de 2026. Hasta entonces, se aplica esta política."),
        ("it", "Condividiamo i tuoi dati con inserzionisti il 1 marzo 2026. Fino ad allora si applica la presente informativa."),
        ("nl", "Wij delen uw gegevens op 1 maart 2026 met adverteerders. Tot die tijd geldt dit beleid."),
    ],
)  # fmt: skip
def test_until_then_in_the_next_sentence_announces(lang: str, text: str) -> None:
    (announcement,) = facts_of(text, lang).announcements
    assert announcement.effective_date == "2026-03-01"


@pytest.mark.parametrize(
    ("lang", "header", "roles"),
    [
        ("fr", "Finalité | Base légale | Données", ["purpose", "basis", "data"]),
        ("fr", "Pourquoi nous utilisons vos informations | Quelles sont les informations que nous utilisons | Base légale", ["purpose", "data", "basis"]),
        ("fr", "Catégories de données | Destinataires | Durée de conservation", ["data", "recipient", "other"]),
        ("fr", "Traitement | Motif | Données traitées", ["purpose", "basis", "data"]),
        ("fr", "Finalités du traitement de vos données | Motifs de traitement de vos données | Catégories de données traitées", ["purpose", "basis", "data"]),
        ("de", "Zweck | Rechtsgrundlage | Kategorien personenbezogener Daten | Empfänger | Speicherdauer", ["purpose", "basis", "data", "recipient", "other"]),
        ("de", "Zwecke der Verarbeitung Ihrer Daten | Gründe für die Verarbeitung Ihrer Daten | Kategorien der verarbeiteten Daten", ["purpose", "basis", "data"]),
        ("es", "Finalidad | Legitimación | Destinatarios | Plazo de conservación", ["purpose", "basis", "recipient", "other"]),
        ("it", "Finalità del trattamento | Base giuridica | Categorie di dati | Destinatari | Periodo di conservazione", ["purpose", "basis", "data", "recipient", "other"]),
        ("nl", "Doeleinden | Grondslag | Categorieën persoonsgegevens | Ontvangers | Bewaartermijn", ["purpose", "basis", "data", "recipient", "other"]),
    ],
)  # fmt: skip
def test_header_cells_name_their_column(lang: str, header: str, roles: list[str]) -> None:
    found = header_roles(header, load_lexicon(lang))
    assert found is not None
    assert [set(r) for r in found] == [{r} for r in roles]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Nous transmettons vos coordonnées à nos prestataires pour l'exécution du contrat de vente."),
        ("de", "Wir übermitteln Ihre Kontaktdaten an Dienstleister für den Verkauf unserer Produkte."),
        ("es", "Comunicamos sus datos de contacto a proveedores para la venta de billetes."),
        ("it", "Comunichiamo i tuoi dati di contatto a fornitori per la vendita dei nostri prodotti."),
        ("nl", "Wij verstrekken uw contactgegevens aan dienstverleners voor de verkoop van onze producten."),
    ],
)  # fmt: skip
def test_a_sales_contract_is_not_a_sale_of_data(lang: str, text: str) -> None:
    (statement,) = statements(text, lang)
    assert "purpose.sharing_third_parties" in statement.purposes
    assert not statement.sale


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Sie können der Nutzung Ihrer Daten für personalisierte Werbung jederzeit widersprechen."),
        ("de", "Dieser Verarbeitung auf Grundlage unserer berechtigten Interessen können Sie jederzeit widersprechen."),
        ("nl", "U kunt uw toestemming voor het gebruik van uw gegevens voor advertenties op elk moment intrekken."),
    ],
)  # fmt: skip
def test_verb_final_rights_sentences_state_nothing(lang: str, text: str) -> None:
    for statement in statements(text, lang):
        assert not statement.legal_bases and not statement.purposes


@pytest.mark.parametrize(
    ("lang", "text", "children"),
    [
        ("fr", "Nous traitons le nombre d'adultes et d'enfants de votre réservation.", False),
        ("fr", "Nous ne collectons pas sciemment de données personnelles concernant des enfants de moins de 16 ans.", True),
        ("de", "Wir verarbeiten Ihre Bestellung in unserer Kinderkleidung-Kollektion.", False),
        ("de", "Wir erheben wissentlich keine Daten von Kindern unter 16 Jahren.", True),
    ],
)  # fmt: skip
def test_childrens_data_not_the_word_children(lang: str, text: str, children: bool) -> None:
    found = any("data.children" in s.data_categories for s in statements(text, lang))
    assert found is children


@pytest.mark.parametrize(
    "text",
    [
        "I tuoi dati personali sono condivisi con terze parti.",  # participle, two-word noun
        "Condividiamo i tuoi dati con terze parti.",
    ],
)
def test_italian_sharing_with_terze_parti(text: str) -> None:
    assert "purpose.sharing_third_parties" in affirmed(text, "it")


def test_italian_denied_sharing_with_terze_parti_is_denied() -> None:
    text = "I tuoi dati personali non sono condivisi con terze parti."
    assert "purpose.sharing_third_parties" not in affirmed(text, "it")
    assert any(s.negated for s in statements(text, "it"))


def test_italian_transfer_to_third_countries_is_not_sharing() -> None:
    assert "purpose.sharing_third_parties" not in affirmed(
        "Trasferiamo i dati verso paesi terzi.", "it"
    )
