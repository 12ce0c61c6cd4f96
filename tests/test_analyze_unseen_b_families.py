"""Wording families behind misreadings on unlabelled French, German and Spanish notices.

- An application to join a service, a club or a programme is no job application, and in
  German the "Bewerbung" (promotion) of the company's services is advertising, not a job
  application: « vos candidatures pour rejoindre notre service VIP », „bei der Bewerbung
  unserer Dienste“. Twin: the application for a job, in the same words otherwise.
- Recommending the service to a friend (a referral) and the information about such
  referrals are no personalization: « informations de recommandation » when the person
  invites friends, „Empfehlung an einen Freund“. Twin: recommendations the service makes
  to the person, in the same words otherwise.

Each family has a sentence that states the fact and a twin in near-identical words that
does not. The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

#: {lang: (an application for a job, the same words for joining a service)}
APPLICATION = {
    "en": (
        "We process your job applications to verify your identity.",
        "We process your applications to join our VIP service to verify your identity.",
    ),
    "fr": (
        "Nous traitons vos candidatures à un emploi pour vérifier votre identité.",
        "Nous traitons vos candidatures pour rejoindre notre service VIP pour vérifier votre identité.",
    ),
    "de": (
        "Wir verarbeiten Ihre Bewerbung auf eine Stelle, um Betrug zu verhindern.",
        "Wir verarbeiten Ihre Bewerbung für die Mitgliedschaft, um Betrug zu verhindern.",
    ),
    "es": (
        "Tratamos sus candidaturas a un empleo para verificar su identidad.",
        "Tratamos sus candidaturas para unirse a nuestro servicio VIP para verificar su identidad.",
    ),
    "it": (
        "Trattiamo le tue candidature di lavoro per verificare la tua identità.",
        "Trattiamo le tue candidature per entrare nel nostro servizio VIP per verificare la tua identità.",
    ),
    "nl": (
        "Wij verwerken uw sollicitaties om uw identiteit te controleren.",
        "Wij verwerken uw aanmeldingen voor onze VIP-dienst om uw identiteit te controleren.",
    ),
}

#: German "Bewerbung" of services is their promotion: (a job application, the promotion).
PROMOTION_DE = (
    "Wir geben Informationen an Partner weiter, die uns bei der Bewerbung auf unsere Stellen unterstützen.",
    "Wir geben Informationen an Partner weiter, die uns bei der Bewerbung unserer Dienste unterstützen.",
)

#: {lang: (recommendations made to the person, the same words for a referral to a friend)}
REFERRAL = {
    "en": (
        "We collect recommendation preferences when you invite friends to join Acme.",
        "We collect recommendation information when you invite friends to join Acme.",
    ),
    "fr": (
        "Nous collectons des informations pour nos recommandations lorsque vous invitez des amis à rejoindre Acme.",
        "Nous collectons des informations de recommandation lorsque vous invitez des amis à rejoindre Acme.",
    ),
    "de": (
        "Wir erheben Daten für Empfehlungen, wenn Sie Freunde zu Acme einladen.",
        "Wir erheben Empfehlungsdaten, wenn Sie Freunde zu Acme einladen.",
    ),
    "es": (
        "Recopilamos información para nuestras recomendaciones cuando invita a amigos a unirse a Acme.",
        "Recopilamos información de recomendación cuando invita a amigos a unirse a Acme.",
    ),
    "it": (
        "Raccogliamo informazioni per le nostre raccomandazioni quando inviti amici a unirsi ad Acme.",
        "Raccogliamo informazioni di raccomandazione quando inviti amici a unirsi ad Acme.",
    ),
    "nl": (
        "Wij verzamelen gegevens voor aanbevelingen wanneer u vrienden uitnodigt voor Acme.",
        "Wij verzamelen aanbevelingsgegevens wanneer u vrienden uitnodigt voor Acme.",
    ),
}

#: {lang: (a recommendation made to the person, the same noun for one sent to a friend)}
REFERRAL_TO_FRIEND = {
    "en": (
        "We record your recommendations for new profiles.",
        "We record your recommendations to friends.",
    ),
    "fr": (
        "Nous enregistrons vos recommandations de nouveaux profils.",
        "Nous enregistrons vos recommandations à vos amis.",
    ),
    "de": (
        "Wir speichern Ihre Empfehlungen für neue Profile.",
        "Wir speichern Ihre Empfehlungen an Ihre Freunde.",
    ),
    "es": (
        "Registramos sus recomendaciones de nuevos perfiles.",
        "Registramos sus recomendaciones a sus amigos.",
    ),
    "it": (
        "Registriamo le tue raccomandazioni di nuovi profili.",
        "Registriamo le tue raccomandazioni ai tuoi amici.",
    ),
    "nl": (
        "Wij registreren uw aanbevelingen voor nieuwe profielen.",
        "Wij registreren uw aanbevelingen aan uw vrienden.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_job_application_is_employment_data(lang: str) -> None:
    assert "data.employment" in read(APPLICATION[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_an_application_to_join_a_service_is_no_employment_data(lang: str) -> None:
    facts = read(APPLICATION[lang][1], lang)
    assert "data.verification" in facts.affirmed or "purpose.security" in facts.affirmed
    assert "data.employment" not in facts.affirmed


def test_promoting_services_is_no_job_application() -> None:
    job, promotion = (read(text, "de") for text in PROMOTION_DE)
    assert "data.employment" in job.affirmed
    assert "data.employment" not in promotion.affirmed
    assert "purpose.marketing" in promotion.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_recommendations_to_the_person_are_personalization(lang: str) -> None:
    assert "purpose.personalization" in read(REFERRAL[lang][0], lang).affirmed
    assert "purpose.personalization" in read(REFERRAL_TO_FRIEND[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_referral_information_is_no_personalization(lang: str) -> None:
    assert "purpose.personalization" not in read(REFERRAL[lang][1], lang).affirmed
    assert "purpose.personalization" not in read(REFERRAL_TO_FRIEND[lang][1], lang).affirmed
