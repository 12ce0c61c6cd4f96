"""Wording families missed on a third sample of unlabelled French and German notices.

- A/B tests are analytics: « des tests A/B », „A/B-Tests“, "A/B testing". Twin: the same
  sentence about tests of another kind.
- Improving a quality of the service (usability, ergonomics) is product improvement:
  « améliorer la convivialité de notre site ». Twin: improving the quality of the data.
- Sending the person offers or promotions is direct marketing: « pour vous envoyer nos
  offres », „um Ihnen Angebote zu senden“. Twin: sending the person an invoice; and job
  offers sent by a recruiter are not marketing.
- Contacting the person is processing of their contact details, so what it is for is read:
  « nous pouvons vous contacter par e-mail à des fins de marketing ». Twin: the person
  contacting us (« vous pouvez nous contacter »).
- Securing something is the security purpose: « pour sécuriser votre compte », „um Ihr
  Konto abzusichern“. Twin: data kept on « serveurs sécurisés », „Daten sichern“ (backup);
  and securing a transfer abroad is its safeguards, not security: « les garanties nécessaires
  pour sécuriser ces transferts ».

Each family has a sentence that states the fact and a twin in near-identical words that
does not. The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

ANALYTICS = "purpose.analytics"
MARKETING = "purpose.marketing"
SECURITY = "purpose.security"

#: {lang: (data used for A/B tests, data used for tests of another kind)}
AB_TESTS = {
    "en": ("We use your data for A/B testing.", "We use your data for tests."),
    "fr": (
        "Nous utilisons vos données pour des tests A/B.",
        "Nous utilisons vos données pour des tests.",
    ),
    "de": ("Wir verwenden Ihre Daten für A/B-Tests.", "Wir verwenden Ihre Daten für Tests."),
    "es": ("Utilizamos sus datos para pruebas A/B.", "Utilizamos sus datos para pruebas."),
    "it": ("Utilizziamo i tuoi dati per test A/B.", "Utilizziamo i tuoi dati per test."),
    "nl": ("Wij gebruiken uw gegevens voor A/B-tests.", "Wij gebruiken uw gegevens voor tests."),
}

#: {lang: (improving the usability of our site, improving the quality of your data)}
USABILITY = {
    "en": (
        "We use your data to improve the usability of our website.",
        "We use your data to improve the quality of your records.",
    ),
    "fr": (
        "Nous utilisons vos données pour améliorer la convivialité et l'ergonomie de notre site.",
        "Nous utilisons vos données pour améliorer la qualité de vos fiches.",
    ),
    "de": (
        "Wir verwenden Ihre Daten, um die Benutzerfreundlichkeit unserer Website zu verbessern.",
        "Wir verwenden Ihre Daten, um die Qualität Ihrer Einträge zu verbessern.",
    ),
    "es": (
        "Utilizamos sus datos para mejorar la usabilidad de nuestro sitio web.",
        "Utilizamos sus datos para mejorar la calidad de sus registros.",
    ),
    "it": (
        "Utilizziamo i tuoi dati per migliorare l'usabilità del nostro sito.",
        "Utilizziamo i tuoi dati per migliorare la qualità delle tue schede.",
    ),
    "nl": (
        "Wij gebruiken uw gegevens om de gebruiksvriendelijkheid van onze website te verbeteren.",
        "Wij gebruiken uw gegevens om de kwaliteit van uw dossiers te verbeteren.",
    ),
}

#: {lang: (the address used to send offers, the address used to send the invoice)}
SEND_OFFERS = {
    "fr": (
        "Nous utilisons votre adresse e-mail pour vous envoyer nos offres.",
        "Nous utilisons votre adresse e-mail pour vous envoyer votre facture.",
    ),
    "de": (
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen Angebote zu senden.",
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen die Rechnung zu senden.",
    ),
    "es": (
        "Utilizamos su dirección de correo electrónico para enviarle ofertas.",
        "Utilizamos su dirección de correo electrónico para enviarle su factura.",
    ),
    "it": (
        "Utilizziamo il tuo indirizzo e-mail per inviarti offerte.",
        "Utilizziamo il tuo indirizzo e-mail per inviarti la fattura.",
    ),
}

#: {lang: job offers a recruiter sends, which are no marketing}
SEND_JOB_OFFERS = {
    "fr": "Nous utilisons votre adresse e-mail pour vous envoyer des offres d'emploi.",
    "es": "Utilizamos su dirección de correo electrónico para enviarle ofertas de empleo.",
    "it": "Utilizziamo il tuo indirizzo e-mail per inviarti offerte di lavoro.",
}

#: {lang: (we contact the person for marketing, the person contacts us for marketing)}
CONTACT_YOU = {
    "en": (
        "We may contact you by phone for marketing.",
        "You may contact us by phone for marketing.",
    ),
    "fr": (
        "Nous pouvons vous contacter par e-mail à des fins de marketing.",
        "Vous pouvez nous contacter par e-mail à des fins de marketing.",
    ),
    "de": (
        "Wir können Sie per E-Mail zu Marketingzwecken kontaktieren.",
        "Sie können uns per E-Mail zu Marketingzwecken kontaktieren.",
    ),
    "es": (
        "Podemos contactarle por correo electrónico con fines de marketing.",
        "Puede contactarnos por correo electrónico con fines de marketing.",
    ),
    "it": (
        "Possiamo contattarla via e-mail per attività di marketing.",
        "Può contattarci via e-mail per attività di marketing.",
    ),
    "nl": (
        "Wij kunnen per e-mail contact met u opnemen voor marketing.",
        "U kunt per e-mail contact met ons opnemen voor marketing.",
    ),
}

#: {lang: (data used to secure the account, data kept on secured servers or backed up)}
SECURE = {
    "fr": (
        "Nous utilisons vos données pour sécuriser votre compte.",
        "Nous conservons vos données sur des serveurs sécurisés.",
    ),
    "de": (
        "Wir verwenden Ihre Daten, um Ihr Konto abzusichern.",
        "Wir sichern Ihre Daten täglich auf unseren Servern.",
    ),
}


#: {lang: safeguards that secure a transfer abroad, which are no security purpose}
SECURE_TRANSFER = {
    "fr": (
        "Vos données peuvent être transférées hors de l'Union européenne ; nous avons mis en "
        "place les garanties nécessaires pour sécuriser ces transferts."
    ),
    "de": (
        "Ihre Daten können in Drittländer übermittelt werden; wir haben Garantien vereinbart, "
        "um solche Übermittlungen abzusichern."
    ),
}


def test_every_lexicon_language_has_the_lexicon_wide_families() -> None:
    """The A/B, usability and contact families are lexical in every lexicon language."""
    for table in (AB_TESTS, USABILITY, CONTACT_YOU):
        assert set(table) == set(LANGS)


#: (family, the purpose its sentence states and its twin does not), for the plain families
STATES_AND_TWIN = [
    # Testing versions A and B against each other measures the service.
    (AB_TESTS, ANALYTICS),
    # Usability of our site is a product quality; the quality of the person's records is not.
    (USABILITY, ANALYTICS),
    # Securing the account is why data is used; secured servers say how it is kept.
    (SECURE, SECURITY),
]


@pytest.mark.parametrize(
    ("family", "fact", "lang"),
    [(family, fact, lang) for family, fact in STATES_AND_TWIN for lang in sorted(family)],
)
def test_sentence_states_the_purpose_and_its_twin_does_not(
    family: dict[str, tuple[str, str]], fact: str, lang: str
) -> None:
    """A/B tests and usability are analytics, securing is security; each twin is not."""
    states, twin = family[lang]
    assert fact in read(states, lang).affirmed
    assert fact not in read(twin, lang).affirmed


@pytest.mark.parametrize("lang", sorted(SEND_OFFERS))
def test_sending_offers_is_marketing(lang: str) -> None:
    """Offers sent to the person are marketing; an invoice sent to them is not."""
    offers, invoice = SEND_OFFERS[lang]
    assert f"{MARKETING}>data.identifiers" in read(offers, lang).links
    assert MARKETING not in read(invoice, lang).affirmed


@pytest.mark.parametrize("lang", sorted(SEND_JOB_OFFERS))
def test_sending_job_offers_is_no_marketing(lang: str) -> None:
    """Job offers are a recruiter's adverts, not the company's promotion."""
    assert MARKETING not in read(SEND_JOB_OFFERS[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(CONTACT_YOU))
def test_contacting_the_person_states_what_it_is_for(lang: str) -> None:
    """We contacting the person processes their details; the person contacting us does not."""
    ours, theirs = CONTACT_YOU[lang]
    assert MARKETING in read(ours, lang).affirmed
    assert read(theirs, lang).affirmed == frozenset()


@pytest.mark.parametrize("lang", sorted(SECURE_TRANSFER))
def test_securing_a_transfer_abroad_is_no_security(lang: str) -> None:
    """Safeguards of a transfer say how data leaves the EU, not that it is used for security."""
    assert SECURITY not in read(SECURE_TRANSFER[lang], lang).affirmed
