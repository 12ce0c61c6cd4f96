"""Wording families behind misreadings on a third sample of unlabelled English notices.

- Consent as one more item of a list of uses is a ground, no control of the others: closing
  the list after "as well as" or "or" ("…, or in connection with a merger, as well as with
  your consent"), or set off by commas amid it ("…, to protect our rights, with your consent,
  and to aggregate data"). Twin: consent opening the sentence controls its uses.
- Consent where the law requires it: the law conditions the consent; it is no legal-compliance
  purpose and no legal obligation of the processing ("with your consent where required by
  applicable law"). Twin: processing where required by law, without consent.
- A rights lead-in whose last clause names the rights it lists ("State laws give residents
  certain rights, including the rights to:") leads rights, not processing. Twin: a lead-in
  naming purposes ("for certain purposes, including to:").
- A control whose sentence names a purpose without stating it (a right "to opt out of
  targeted advertising") speaks for that purpose only, never for another purpose its
  paragraph states ("We use your data to provide our services."). Twin: "You can opt out
  in your settings" after one stated purpose still controls it.
- A negated relative clause ends at the comma that closes it: "emails from senders who are
  not users, and files, for the purpose of detecting fraud" denies neither the scan nor its
  purpose. Twin: the same sentence with the processing itself denied.
- Unsubscribing is only from what the company sends: "You can unsubscribe from our marketing
  emails" states the marketing, with its opt-out. Twin: reading those emails states nothing.
- The security, confidentiality and integrity of the data, in a list of such qualities, is how
  they are kept, not the security purpose. Twin: the same qualities of the platform.
- The group named before "corporate family" is the company's affiliates: "with the Acme
  corporate family" (English word order).
- A negation inside round brackets denies only what the brackets hold: "the data we collect
  when you are signed out (not logged in) apart from your email address" names the address.
  Twin: the same sentence denied outside the brackets.

Each family has a sentence that states the fact and a twin in near-identical words that
does not (or the reverse). The fixtures are written for these rules, not taken from a
real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- consent in a list

#: {lang: (consent closing a list after "as well as", the twin where consent opens it)}
CONSENT_AS_WELL_AS = {
    "en": (
        "We share your data with service providers to detect fraud, as well as with your consent.",
        "With your consent, we share your data with service providers to detect fraud.",
    ),
    "fr": (
        "Nous communiquons vos données à nos prestataires pour détecter la fraude, ainsi qu'avec votre consentement.",
        "Avec votre consentement, nous communiquons vos données à nos prestataires pour détecter la fraude.",
    ),
    "de": (
        "Wir verarbeiten Ihre Daten zur Betrugserkennung sowie mit Ihrer Einwilligung.",
        "Mit Ihrer Einwilligung verarbeiten wir Ihre Daten zur Betrugserkennung.",
    ),
    "es": (
        "Compartimos sus datos con proveedores para detectar el fraude, así como con su consentimiento.",
        "Con su consentimiento, compartimos sus datos con proveedores para detectar el fraude.",
    ),
    "it": (
        "Condividiamo i suoi dati con fornitori per rilevare le frodi, nonché con il suo consenso.",
        "Con il suo consenso, condividiamo i suoi dati con fornitori per rilevare le frodi.",
    ),
    "nl": (
        "Wij delen uw gegevens met dienstverleners om fraude te detecteren, alsmede met uw toestemming.",
        "Met uw toestemming delen wij uw gegevens met dienstverleners om fraude te detecteren.",
    ),
}

#: {lang: consent set off by commas amid a list of uses} (German lists put no comma before "und").
CONSENT_AMID_A_LIST = {
    "en": "We use your data to provide our services, to detect fraud, with your consent, and to aggregate statistics.",
    "fr": "Nous utilisons vos données pour fournir nos services, pour détecter la fraude, avec votre consentement, et pour agréger des statistiques.",
    "es": "Usamos sus datos para prestar nuestros servicios, para detectar el fraude, con su consentimiento, y para agregar estadísticas.",
    "it": "Utilizziamo i suoi dati per fornire i nostri servizi, per rilevare le frodi, con il suo consenso, e per aggregare statistiche.",
    "nl": "Wij gebruiken uw gegevens om onze diensten te leveren, om fraude te detecteren, met uw toestemming, en om statistieken te aggregeren.",
}


def _consent_controls(text: str, lang: str) -> set[str]:
    return {link for link in read(text, lang).links if link.endswith(">control.consent")}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_closing_a_list_after_as_well_as_controls_none_of_its_uses(lang: str) -> None:
    closing, _ = CONSENT_AS_WELL_AS[lang]
    view = read(closing, lang)
    assert "purpose.security" in view.affirmed
    assert not _consent_controls(closing, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_consent_opening_the_sentence_still_controls_its_uses(lang: str) -> None:
    _, opening = CONSENT_AS_WELL_AS[lang]
    assert "purpose.security>control.consent" in read(opening, lang).links


@pytest.mark.parametrize("lang", sorted(CONSENT_AMID_A_LIST))
def test_consent_amid_a_list_of_uses_controls_none_of_them(lang: str) -> None:
    text = CONSENT_AMID_A_LIST[lang]
    assert "purpose.security" in read(text, lang).affirmed
    assert not _consent_controls(text, lang)


def test_consent_set_off_by_commas_after_a_single_use_still_controls_it() -> None:
    """Without a list before it, the consent between commas qualifies the use it follows."""
    text = "We use your location to show you ads, with your consent, and to measure them."
    assert "purpose.advertising>control.consent" in read(text, "en").links


# --------------------------------------------------------------------------- consent where the law requires it

#: {lang: (consent where required by law, processing where required by law)}
CONSENT_REQUIRED_BY_LAW = {
    "en": (
        "We collect your precise location with your consent where required by applicable law.",
        "We collect your precise location where required by applicable law.",
    ),
    "fr": (
        "Nous collectons votre position précise avec votre consentement lorsque requis par la loi applicable.",
        "Nous collectons votre position précise lorsque cela est requis par la loi applicable.",
    ),
    "de": (
        "Wir erheben Ihren genauen Standort mit Ihrer Einwilligung, sofern gesetzlich vorgeschrieben.",
        "Wir erheben Ihren genauen Standort, sofern gesetzlich vorgeschrieben.",
    ),
    "es": (
        "Recopilamos su ubicación precisa con su consentimiento cuando sea requerido por la ley.",
        "Recopilamos su ubicación precisa cuando sea requerido por la ley.",
    ),
    "it": (
        "Raccogliamo la sua posizione precisa con il suo consenso ove richiesto dalla legge applicabile.",
        "Raccogliamo la sua posizione precisa ove richiesto dalla legge applicabile.",
    ),
    "nl": (
        "Wij verzamelen uw precieze locatie met uw toestemming indien wettelijk vereist.",
        "Wij verzamelen uw precieze locatie indien wettelijk vereist.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_where_required_by_law_is_no_legal_compliance(lang: str) -> None:
    consent, _ = CONSENT_REQUIRED_BY_LAW[lang]
    view = read(consent, lang)
    assert "basis.consent" in view.affirmed
    assert "data.location" in view.affirmed
    assert "purpose.legal_compliance" not in view.affirmed
    assert "basis.legal_obligation" not in view.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_processing_where_required_by_law_is_still_legal_compliance(lang: str) -> None:
    _, law = CONSENT_REQUIRED_BY_LAW[lang]
    view = read(law, lang)
    assert "purpose.legal_compliance" in view.affirmed or "basis.legal_obligation" in view.affirmed


# --------------------------------------------------------------------------- rights named in the last clause

#: {lang: (a rights lead-in naming them in its last clause, a purposes lead-in, one item)}
RIGHTS_INCLUDING = {
    "en": (
        "State laws give residents certain rights, including the rights to:",
        "We use your personal data for certain purposes, including to:",
        "Refuse targeted advertising based on profiling.",
    ),
    "fr": (
        "La loi vous accorde certains droits, notamment le droit de :",
        "Nous utilisons vos données à certaines fins, notamment pour :",
        "Refuser la publicité ciblée fondée sur le profilage.",
    ),
    "de": (
        "Das Gesetz gewährt Ihnen bestimmte Rechte, darunter das Recht auf:",
        "Wir verwenden Ihre Daten für bestimmte Zwecke, darunter:",
        "Gezielte Werbung auf Grundlage von Profiling.",
    ),
    "es": (
        "La ley le otorga ciertos derechos, incluido el derecho a:",
        "Usamos sus datos para ciertos fines, incluido para:",
        "Rechazar la publicidad dirigida basada en la elaboración de perfiles.",
    ),
    "it": (
        "La legge le riconosce alcuni diritti, tra cui il diritto di:",
        "Utilizziamo i suoi dati per alcune finalità, tra cui:",
        "Rifiutare la pubblicità mirata basata sulla profilazione.",
    ),
    "nl": (
        "De wet geeft u bepaalde rechten, waaronder het recht om:",
        "Wij gebruiken uw gegevens voor bepaalde doeleinden, waaronder:",
        "Gerichte reclame op basis van profilering te weigeren.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_rights_named_in_the_last_clause_lead_rights(lang: str) -> None:
    rights, _, item = RIGHTS_INCLUDING[lang]
    view = read(f"{rights}\n\n* {item}", lang)
    assert not view.affirmed
    assert not view.links


@pytest.mark.parametrize("lang", LANGS)
def test_purposes_named_in_the_last_clause_still_lead_processing(lang: str) -> None:
    _, purposes, item = RIGHTS_INCLUDING[lang]
    assert "purpose.advertising" in read(f"{purposes}\n\n* {item}", lang).affirmed


# --------------------------------------------------------------------------- a control naming its own purpose

#: {lang: (one stated purpose then a right to opt out of another, the twin opt-out naming none)}
OPT_OUT_OF_ANOTHER_PURPOSE = {
    "en": (
        "We use your data to provide our services. You also have the right to opt out of targeted advertising.",
        "We use your data to provide our services. You can opt out in your settings.",
    ),
    "nl": (
        "Wij gebruiken uw gegevens om onze diensten te leveren. U hebt ook het recht om gepersonaliseerde advertenties te weigeren.",
        "Wij gebruiken uw gegevens om onze diensten te leveren. U kunt dit uitschakelen in uw instellingen.",
    ),
}


@pytest.mark.parametrize("lang", sorted(OPT_OUT_OF_ANOTHER_PURPOSE))
def test_a_control_naming_another_purpose_does_not_control_the_paragraphs(lang: str) -> None:
    other, _ = OPT_OUT_OF_ANOTHER_PURPOSE[lang]
    view = read(other, lang)
    assert "purpose.service" in view.affirmed
    assert "purpose.service>control.opt_out" not in view.links


@pytest.mark.parametrize("lang", sorted(OPT_OUT_OF_ANOTHER_PURPOSE))
def test_a_control_naming_no_purpose_still_controls_the_paragraphs_one(lang: str) -> None:
    _, bare = OPT_OUT_OF_ANOTHER_PURPOSE[lang]
    assert "purpose.service>control.opt_out" in read(bare, lang).links


def test_a_purpose_named_in_brackets_leaves_the_control_to_the_paragraph() -> None:
    """A bracketed aside (a menu path) does not say which use the control stops."""
    bracketed = (
        "We share your data with our affiliates. To opt out, visit our settings page "
        "(scroll down to Opt Out of Targeted Advertising)."
    )
    named = (
        "We share your data with our affiliates. "
        "To opt out of targeted advertising, visit our settings page."
    )
    assert "purpose.sharing_affiliates>control.opt_out" in read(bracketed, "en").links
    assert "purpose.sharing_affiliates>control.opt_out" not in read(named, "en").links


def test_a_control_naming_the_paragraphs_own_purpose_still_controls_it() -> None:
    """A pointer that names the purpose the paragraph states speaks for that purpose."""
    text = (
        "To opt out of interest-based ads, please configure the setting on your device. "
        "You may still see our ads, but they will not be tailored to your interests."
    )
    assert "purpose.advertising>control.opt_out" in read(text, "en").links


# --------------------------------------------------------------------------- a negated relative clause

#: {lang: (a negated relative clause amid the list, the twin with the processing denied)}
RELATIVE_NEGATION = {
    "en": (
        "We scan incoming emails from senders who are not users, and files uploaded through chat, for the purpose of detecting fraud.",
        "We do not scan incoming emails from senders, and files uploaded through chat, for the purpose of detecting fraud.",
    ),
    "fr": (
        "Nous analysons les e-mails d'expéditeurs qui ne sont pas membres, et les fichiers partagés, pour détecter la fraude.",
        "Nous n'analysons pas les e-mails d'expéditeurs, et les fichiers partagés, pour détecter la fraude.",
    ),
    "de": (
        "Wir scannen E-Mails von Absendern, die keine Nutzer sind, und geteilte Dateien, um Betrug zu erkennen.",
        "Wir scannen keine E-Mails von Absendern und geteilte Dateien, um Betrug zu erkennen.",
    ),
    "es": (
        "Analizamos los correos de remitentes que no son usuarios, y los archivos compartidos, para detectar el fraude.",
        "No analizamos los correos de remitentes, y los archivos compartidos, para detectar el fraude.",
    ),
    "it": (
        "Analizziamo le e-mail di mittenti che non sono utenti, e i file condivisi, per rilevare le frodi.",
        "Non analizziamo le e-mail di mittenti, e i file condivisi, per rilevare le frodi.",
    ),
    "nl": (
        "Wij scannen e-mails van afzenders die niet bij ons geregistreerd zijn, en gedeelde bestanden, om fraude op te sporen.",
        "Wij scannen geen e-mails van afzenders, en gedeelde bestanden, om fraude op te sporen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_negated_relative_clause_denies_nothing_after_its_comma(lang: str) -> None:
    relative, _ = RELATIVE_NEGATION[lang]
    view = read(relative, lang)
    assert "purpose.security" in view.affirmed
    assert "purpose.security" not in view.denied


@pytest.mark.parametrize("lang", LANGS)
def test_a_denied_processing_still_denies_its_purpose(lang: str) -> None:
    _, denied = RELATIVE_NEGATION[lang]
    assert "purpose.security" in read(denied, lang).denied


# --------------------------------------------------------------------------- unsubscribing

#: {lang: (unsubscribing from our marketing messages, reading them)}
UNSUBSCRIBE = {
    "en": (
        "You can unsubscribe from our marketing emails by following the instructions in those emails.",
        "You can read our marketing emails in your browser by following the instructions in those emails.",
    ),
    "fr": (
        "Vous pouvez vous désabonner de nos e-mails marketing à tout moment.",
        "Vous pouvez lire nos e-mails marketing à tout moment.",
    ),
    "de": (
        "Sie können unsere Marketing-E-Mails jederzeit abbestellen.",
        "Sie können unsere Marketing-E-Mails jederzeit lesen.",
    ),
    "es": (
        "Puede darse de baja de nuestros correos de marketing en cualquier momento.",
        "Puede leer nuestros correos de marketing en cualquier momento.",
    ),
    "it": (
        "Può disiscriversi dalle nostre e-mail di marketing in qualsiasi momento.",
        "Può leggere le nostre e-mail di marketing in qualsiasi momento.",
    ),
    "nl": (
        "U kunt zich op elk moment uitschrijven voor onze nieuwsbrief.",
        "U kunt onze nieuwsbrief op elk moment lezen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_unsubscribing_states_the_marketing_and_its_opt_out(lang: str) -> None:
    unsubscribe, _ = UNSUBSCRIBE[lang]
    assert "purpose.marketing>control.opt_out" in read(unsubscribe, lang).links


@pytest.mark.parametrize("lang", LANGS)
def test_reading_our_marketing_emails_states_nothing(lang: str) -> None:
    _, reading = UNSUBSCRIBE[lang]
    assert "purpose.marketing" not in read(reading, lang).affirmed


# --------------------------------------------------------------------------- qualities of the data

#: {lang: (the security, confidentiality and integrity of the data, the same of the platform)}
QUALITIES_OF_THE_DATA = {
    "en": (
        "Our providers process device identifiers under measures that protect the security, confidentiality, and integrity of the information.",
        "Our providers process device identifiers to protect the security, confidentiality, and integrity of our platform.",
    ),
    "fr": (
        "Nos prestataires traitent les identifiants des appareils avec des mesures qui protègent la sécurité, la confidentialité et l'intégrité des données.",
        "Nos prestataires traitent les identifiants des appareils pour protéger la sécurité, la confidentialité et l'intégrité de notre plateforme.",
    ),
    "de": (
        "Unsere Dienstleister verarbeiten Gerätekennungen mit Maßnahmen zum Schutz der Sicherheit, Vertraulichkeit und Integrität der Daten.",
        "Unsere Dienstleister verarbeiten Gerätekennungen zum Schutz der Sicherheit, Vertraulichkeit und Integrität unserer Plattform.",
    ),
    "es": (
        "Nuestros proveedores tratan identificadores de dispositivos con medidas que protegen la seguridad, confidencialidad e integridad de los datos.",
        "Nuestros proveedores tratan identificadores de dispositivos para proteger la seguridad, confidencialidad e integridad de nuestra plataforma.",
    ),
    "it": (
        "I nostri fornitori trattano identificativi dei dispositivi con misure che proteggono la sicurezza, la riservatezza e l'integrità dei dati.",
        "I nostri fornitori trattano identificativi dei dispositivi per proteggere la sicurezza, la riservatezza e l'integrità della nostra piattaforma.",
    ),
    "nl": (
        "Onze dienstverleners verwerken apparaat-ID's met maatregelen die de veiligheid, vertrouwelijkheid en integriteit van de gegevens beschermen.",
        "Onze dienstverleners verwerken apparaat-ID's om de veiligheid, vertrouwelijkheid en integriteit van ons platform te beschermen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_qualities_of_the_data_listed_are_no_security_purpose(lang: str) -> None:
    data, _ = QUALITIES_OF_THE_DATA[lang]
    assert "purpose.security" not in read(data, lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_qualities_of_the_platform_listed_are_still_security(lang: str) -> None:
    _, platform = QUALITIES_OF_THE_DATA[lang]
    assert "purpose.security" in read(platform, lang).affirmed


# --------------------------------------------------------------------------- the corporate family


def test_the_group_named_before_its_corporate_family_is_sharing_with_affiliates() -> None:
    text = "We may share the data we collect about you with the Acme corporate family."
    assert "purpose.sharing_affiliates" in read(text, "en").affirmed


def test_a_family_of_users_is_no_corporate_family() -> None:
    text = "We may share the data we collect about you with the Acme family plan members."
    assert "purpose.sharing_affiliates" not in read(text, "en").affirmed


# --------------------------------------------------------------------------- a negation in brackets

#: {lang: (a negation inside brackets, the twin denied outside them)}
BRACKETED_NEGATION = {
    "en": (
        "We keep the data we collect when you are signed out (not logged in) apart from your email address.",
        "We do not keep the data we collect when you are signed out apart from your email address.",
    ),
    "fr": (
        "Nous conservons les données recueillies lorsque vous êtes déconnecté (vous n'êtes pas identifié) séparément de votre adresse e-mail.",
        "Nous ne conservons pas les données recueillies lorsque vous êtes déconnecté séparément de votre adresse e-mail.",
    ),
}


@pytest.mark.parametrize("lang", sorted(BRACKETED_NEGATION))
def test_a_negation_in_brackets_denies_nothing_outside_them(lang: str) -> None:
    bracketed, _ = BRACKETED_NEGATION[lang]
    view = read(bracketed, lang)
    assert "data.identifiers" in view.affirmed
    assert "data.identifiers" not in view.denied


@pytest.mark.parametrize("lang", sorted(BRACKETED_NEGATION))
def test_a_negation_outside_brackets_still_denies_the_clause(lang: str) -> None:
    _, denied = BRACKETED_NEGATION[lang]
    assert "data.identifiers" in read(denied, lang).denied


def test_a_negation_opening_brackets_after_a_denial_keeps_the_denial() -> None:
    """A denial before the brackets still reaches past them."""
    text = "We do not share your email (or phone number) with advertisers or sell your location."
    assert {"data.identifiers", "data.location"} <= read(text, "en").denied
