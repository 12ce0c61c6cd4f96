"""Wording families behind misreadings on a second sample of unlabelled French and German notices.

- Consent that is not needed is no consent, neither a basis nor a control: « sans qu'il soit
  nécessaire d'obtenir votre consentement », "without needing your consent", „ohne dass es
  Ihrer Einwilligung bedarf“. Twin: the same use with the person's consent.
- Contractual safeguards (of a transfer abroad) are no contract with the person: « des
  garanties appropriées, notamment contractuelles », „geeignete vertragliche Garantien“.
  Twin: processing on a contractual basis, in the same words otherwise.
- The settings of a profile are where the person acts, not profile data: « utilisez les
  options de paramétrage de votre profil ». Twin: the information of the profile.
- Offering the person similar products, or products that may interest them, is marketing,
  not providing the service: « vous proposer des services similaires », "to offer you
  similar services". Twin: offering our services.

Each family has a sentence that states the fact and a twin in near-identical words that
does not. The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

#: {lang: (a use with the person's consent, the same use where consent is not needed)}
CONSENT_NOT_NEEDED = {
    "en": (
        "We send you advertising emails with your consent.",
        "We send you advertising emails without needing your consent.",
    ),
    "fr": (
        "Nous vous envoyons des e-mails publicitaires sous réserve d'obtenir votre consentement.",
        "Nous vous envoyons des e-mails publicitaires sans qu'il soit nécessaire d'obtenir votre consentement.",
    ),
    "de": (
        "Wir senden Ihnen Werbe-E-Mails, wenn Sie Ihre Einwilligung erteilt haben.",
        "Wir senden Ihnen Werbe-E-Mails, ohne dass es Ihrer Einwilligung bedarf.",
    ),
    "es": (
        "Le enviamos correos publicitarios con su consentimiento.",
        "Le enviamos correos publicitarios sin necesidad de su consentimiento.",
    ),
    "it": (
        "Le inviamo e-mail pubblicitarie con il suo consenso.",
        "Le inviamo e-mail pubblicitarie senza bisogno del suo consenso.",
    ),
    "nl": (
        "Wij sturen u reclame-e-mails als uw toestemming gegeven is.",
        "Wij sturen u reclame-e-mails zonder dat uw toestemming nodig is.",
    ),
}

#: German "einholen": (consent to be obtained, consent that need not be obtained).
CONSENT_NOT_OBTAINED_DE = (
    "Wir senden Ihnen Werbe-E-Mails, nachdem wir Ihre Einwilligung eingeholt haben.",
    "Wir senden Ihnen Werbe-E-Mails, ohne Ihre Einwilligung einholen zu müssen.",
)

#: {lang: (processing on a contractual basis, a transfer with contractual safeguards)}
CONTRACTUAL_SAFEGUARDS = {
    "en": (
        "We process these data on a contractual basis.",
        "We transfer these data with appropriate contractual safeguards.",
    ),
    "fr": (
        "Nous traitons ces données sur une base contractuelle.",
        "Nous transférons ces données avec des garanties appropriées, notamment contractuelles.",
    ),
    "de": (
        "Wir verarbeiten diese Daten auf vertraglicher Grundlage.",
        "Wir übermitteln diese Daten mit geeigneten vertraglichen Garantien.",
    ),
    "es": (
        "Tratamos estos datos sobre una base contractual.",
        "Transferimos estos datos con garantías adecuadas, en particular contractuales.",
    ),
    "it": (
        "Trattiamo questi dati su base contrattuale.",
        "Trasferiamo questi dati con adeguate garanzie contrattuali.",
    ),
    "nl": (
        "Wij verwerken deze gegevens op contractuele basis.",
        "Wij geven deze gegevens door met passende contractuele waarborgen.",
    ),
}

#: {lang: (the information of a profile used for ads, the settings of the profile)}
PROFILE_SETTINGS = {
    "en": (
        "For advertising, we use the information of your profile.",
        "For advertising, we use the settings of your profile.",
    ),
    "fr": (
        "Pour la publicité, nous utilisons les informations de votre profil.",
        "Pour la publicité, nous utilisons les options de paramétrage de votre profil.",
    ),
    "de": (
        "Für Werbung nutzen wir die Angaben Ihres Profils.",
        "Für Werbung nutzen wir die Einstellungen Ihres Profils.",
    ),
    "es": (
        "Para la publicidad, usamos los datos de su perfil.",
        "Para la publicidad, usamos la configuración de su perfil.",
    ),
    "it": (
        "Per la pubblicità, usiamo i dati del suo profilo.",
        "Per la pubblicità, usiamo le impostazioni del suo profilo.",
    ),
    "nl": (
        "Voor reclame gebruiken wij de gegevens van uw profiel.",
        "Voor reclame gebruiken wij de instellingen van uw profiel.",
    ),
}

#: {lang: (similar services offered to the person, our services offered to the person)}
SIMILAR_OFFERS = {
    "en": (
        "We use your email address to offer you similar services.",
        "We use your email address to offer you our services.",
    ),
    "fr": (
        "Nous utilisons votre adresse e-mail pour vous proposer des services similaires.",
        "Nous utilisons votre adresse e-mail pour vous proposer nos services.",
    ),
    "de": (
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen ähnliche Dienste anzubieten.",
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen unsere Dienste anzubieten.",
    ),
    "es": (
        "Usamos su correo electrónico para ofrecer servicios similares.",
        "Usamos su correo electrónico para ofrecer nuestros servicios.",
    ),
    "it": (
        "Usiamo il suo indirizzo e-mail per offrire servizi simili.",
        "Usiamo il suo indirizzo e-mail per offrire i nostri servizi.",
    ),
    "nl": (
        "Wij gebruiken uw e-mailadres om u vergelijkbare diensten aan te bieden.",
        "Wij gebruiken uw e-mailadres om u onze diensten aan te bieden.",
    ),
}

#: {lang: products that may interest the person, offered to them}
MAY_INTEREST = {
    "en": "We use your email address to send you products that may interest you.",
    "fr": "Nous utilisons votre adresse e-mail pour vous proposer des produits susceptibles de vous intéresser.",
    "de": "Wir verwenden Ihre E-Mail-Adresse, um Ihnen Produkte vorzustellen, die Sie interessieren könnten.",
    "es": "Usamos su correo electrónico para ofrecer productos que puedan interesarle.",
    "it": "Usiamo il suo indirizzo e-mail per offrire prodotti che potrebbero interessarle.",
    "nl": "Wij gebruiken uw e-mailadres om u producten te tonen die u interessant kunt vinden.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_given_is_a_basis(lang: str) -> None:
    assert "basis.consent" in read(CONSENT_NOT_NEEDED[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_consent_not_needed_is_no_consent(lang: str) -> None:
    facts = read(CONSENT_NOT_NEEDED[lang][1], lang)
    assert "basis.consent" not in facts.affirmed
    assert not any(link.endswith("control.consent") for link in facts.links)
    assert facts.affirmed & {"purpose.advertising", "purpose.marketing"}


def test_consent_not_to_be_obtained_controls_nothing() -> None:
    obtained, not_needed = (read(text, "de") for text in CONSENT_NOT_OBTAINED_DE)
    assert "purpose.marketing>control.consent" in obtained.links
    assert not any(link.endswith("control.consent") for link in not_needed.links)


@pytest.mark.parametrize("lang", LANGS)
def test_a_contractual_basis_is_a_contract(lang: str) -> None:
    assert "basis.contract" in read(CONTRACTUAL_SAFEGUARDS[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_contractual_safeguards_are_no_contract(lang: str) -> None:
    assert "basis.contract" not in read(CONTRACTUAL_SAFEGUARDS[lang][1], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_profile_information_is_profile_data(lang: str) -> None:
    assert "purpose.advertising>data.profile" in read(PROFILE_SETTINGS[lang][0], lang).links


@pytest.mark.parametrize("lang", LANGS)
def test_profile_settings_are_no_profile_data(lang: str) -> None:
    facts = read(PROFILE_SETTINGS[lang][1], lang)
    assert "purpose.advertising" in facts.affirmed
    assert "data.profile" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_offering_similar_services_is_marketing(lang: str) -> None:
    facts = read(SIMILAR_OFFERS[lang][0], lang)
    assert "purpose.marketing>data.identifiers" in facts.links
    assert "purpose.service" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_offering_our_services_is_no_marketing(lang: str) -> None:
    assert "purpose.marketing" not in read(SIMILAR_OFFERS[lang][1], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_offering_what_may_interest_the_person_is_marketing(lang: str) -> None:
    facts = read(MAY_INTEREST[lang], lang)
    assert "purpose.marketing" in facts.affirmed
    assert "purpose.service" not in facts.affirmed
