"""Wording families behind misreadings on unlabelled French, German and Spanish notices.

- An application to join a service, a club or a programme is no job application, and in
  German the "Bewerbung" (promotion) of the company's services is advertising, not a job
  application: « vos candidatures pour rejoindre notre service VIP », „bei der Bewerbung
  unserer Dienste“. Twin: the application for a job, in the same words otherwise.
- Recommending the service to a friend (a referral) and the information about such
  referrals are no personalization: « informations de recommandation » when the person
  invites friends, „Empfehlung an einen Freund“. Twin: recommendations the service makes
  to the person, in the same words otherwise.
- Statistical, technical or risk evaluations are the company's analyses, not the person's
  feedback: « les évaluations statistiques de notre site », "le valutazioni statistiche".
  Twin: the evaluations of the products, which people give.
- The employer as a recipient of the data or as the holder of an account is no employment
  data: "we share your name with your employer", « le profil professionnel de votre
  employeur », « un titulaire de compte professionnel (c'est-à-dire votre employeur) ».
  Twin: the name of the employer, which is.
- The security (or integrity) of the data or of the processing is how they are kept, not the
  security purpose: « assurer la sécurité des traitements », "the security of your personal
  data". Twin: the security of the company's platform, which is a purpose.

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


#: {lang: (evaluations people give, the same noun for the company's statistical analyses)}
EVALUATIONS = {
    "en": (
        "We use the reviews you leave on our products to improve our services.",
        "We use the statistical evaluations of our website to improve our services.",
    ),
    "fr": (
        "Nous utilisons les évaluations de nos produits pour améliorer nos services.",
        "Nous utilisons les évaluations statistiques de notre site pour améliorer nos services.",
    ),
    "de": (
        "Wir nutzen Ihre Bewertungen unserer Produkte, um unsere Dienste zu verbessern.",
        "Wir nutzen statistische Bewertungen unserer Website, um unsere Dienste zu verbessern.",
    ),
    "es": (
        "Utilizamos las valoraciones de nuestros productos para mejorar nuestros servicios.",
        "Utilizamos las valoraciones estadísticas de nuestro sitio web para mejorar nuestros servicios.",
    ),
    "it": (
        "Utilizziamo le valutazioni dei nostri prodotti per migliorare i nostri servizi.",
        "Utilizziamo le valutazioni statistiche del nostro sito web per migliorare i nostri servizi.",
    ),
    "nl": (
        "Wij gebruiken de beoordelingen van onze producten om onze diensten te verbeteren.",
        "Wij gebruiken de statistische beoordelingen van onze website om onze diensten te verbeteren.",
    ),
}

#: {lang: (the employer's name, the same words with the employer as recipient, an employer's account)}
EMPLOYER = {
    "en": (
        "We share the name of your employer to prevent fraud.",
        "We share your name with your employer to prevent fraud.",
        "When you use the business profile of your employer, we share your trip details to prevent fraud.",
    ),
    "fr": (
        "Nous partageons le nom de votre employeur pour prévenir la fraude.",
        "Nous partageons votre nom avec votre employeur pour prévenir la fraude.",
        "Lorsque vous utilisez le profil professionnel de votre employeur, nous partageons vos "
        "trajets pour prévenir la fraude.",
    ),
    "de": (
        "Wir teilen den Namen Ihres Arbeitgebers, um Betrug zu verhindern.",
        "Wir teilen Ihren Namen mit Ihrem Arbeitgeber, um Betrug zu verhindern.",
        "Wenn Sie das Geschäftskonto Ihres Arbeitgebers nutzen, teilen wir Ihre Fahrten, um "
        "Betrug zu verhindern.",
    ),
    "es": (
        "Compartimos el nombre de su empleador para prevenir el fraude.",
        "Compartimos su nombre con su empleador para prevenir el fraude.",
        "Cuando utiliza el perfil de empresa de su empleador, compartimos sus viajes para "
        "prevenir el fraude.",
    ),
    "it": (
        "Condividiamo il nome del tuo datore di lavoro per prevenire le frodi.",
        "Condividiamo il tuo nome con il tuo datore di lavoro per prevenire le frodi.",
        "Quando utilizzi il profilo aziendale del tuo datore di lavoro, condividiamo i tuoi "
        "viaggi per prevenire le frodi.",
    ),
    "nl": (
        "Wij delen de naam van uw werkgever om fraude te voorkomen.",
        "Wij delen uw naam met uw werkgever om fraude te voorkomen.",
        "Wanneer u het zakelijke profiel van uw werkgever gebruikt, delen wij uw ritten om "
        "fraude te voorkomen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_evaluations_people_give_are_feedback(lang: str) -> None:
    assert "data.feedback" in read(EVALUATIONS[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_statistical_evaluations_are_no_feedback(lang: str) -> None:
    facts = read(EVALUATIONS[lang][1], lang)
    assert "data.feedback" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_the_employers_name_is_employment_data(lang: str) -> None:
    assert "data.employment" in read(EMPLOYER[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_the_employer_as_recipient_or_account_holder_is_no_employment_data(lang: str) -> None:
    for text in EMPLOYER[lang][1:]:
        facts = read(text, lang)
        assert "purpose.security" in facts.affirmed  # the twins still state their purpose
        assert "data.employment" not in facts.affirmed


#: {lang: (the security of the platform, the same words for the security of the data)}
SECURITY = {
    "en": (
        "We use these tools to ensure the security of our platform.",
        "We use these tools to ensure the security of your personal data.",
    ),
    "fr": (
        "Nous utilisons ces outils pour assurer la sécurité de notre plateforme.",
        "Nous utilisons ces outils pour assurer la sécurité de vos données personnelles.",
    ),
    "de": (
        "Wir nutzen diese Werkzeuge, um die Sicherheit unserer Plattform zu gewährleisten.",
        "Wir nutzen diese Werkzeuge, um die Sicherheit Ihrer personenbezogenen Daten zu gewährleisten.",
    ),
    "es": (
        "Utilizamos estas herramientas para garantizar la seguridad de nuestra plataforma.",
        "Utilizamos estas herramientas para garantizar la seguridad de sus datos personales.",
    ),
    "it": (
        "Utilizziamo questi strumenti per garantire la sicurezza della nostra piattaforma.",
        "Utilizziamo questi strumenti per garantire la sicurezza dei tuoi dati personali.",
    ),
    "nl": (
        "Wij gebruiken deze middelen om de beveiliging van ons platform te waarborgen.",
        "Wij gebruiken deze middelen om de beveiliging van uw persoonsgegevens te waarborgen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_security_of_the_platform_is_a_purpose(lang: str) -> None:
    assert "purpose.security" in read(SECURITY[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_the_security_of_the_data_is_no_purpose(lang: str) -> None:
    assert "purpose.security" not in read(SECURITY[lang][1], lang).affirmed


#: {lang: the employer named, in brackets, as the holder of a business account}
ACCOUNT_HOLDER = {
    "en": "If you sign up with the email address of a business account holder (that is, your "
    "employer), we share your name to prevent fraud.",
    "fr": "Si vous créez un compte avec l'adresse e-mail d'un titulaire de compte professionnel "
    "(c'est-à-dire votre employeur), nous partageons votre nom pour prévenir la fraude.",
    "de": "Wenn Sie sich mit der E-Mail-Adresse eines Kontoinhabers (also Ihrem Arbeitgeber) "
    "anmelden, teilen wir Ihren Namen, um Betrug zu verhindern.",
    "es": "Si crea una cuenta con la dirección de correo electrónico de un titular de cuenta de "
    "empresa (es decir, su empleador), compartimos su nombre para prevenir el fraude.",
    "it": "Se crei un account con l'indirizzo email di un titolare di account aziendale (ossia il "
    "tuo datore di lavoro), condividiamo il tuo nome per prevenire le frodi.",
    "nl": "Als u zich aanmeldt met het e-mailadres van een accounthouder (dat wil zeggen uw "
    "werkgever), delen wij uw naam om fraude te voorkomen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_employer_as_account_holder_is_no_employment_data(lang: str) -> None:
    for text in (ACCOUNT_HOLDER[lang], ACCOUNT_HOLDER[lang].replace("(", "").replace(")", "")):
        facts = read(text, lang)
        assert "purpose.security" in facts.affirmed
        assert "data.employment" not in facts.affirmed


#: The holder named as the account's owner: {lang: (holder word in ACCOUNT_HOLDER, owner word)}
OWNER_WORDS = {
    "en": ("account holder", "account owner"),
    "fr": ("titulaire de compte", "propriétaire de compte"),
    "de": ("Kontoinhabers", "Kontobesitzers"),
    "es": ("titular de cuenta", "propietario de cuenta"),
    "it": ("titolare di account", "proprietario di account"),
    "nl": ("accounthouder", "accounteigenaar"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_employer_as_account_owner_is_no_employment_data(lang: str) -> None:
    text = ACCOUNT_HOLDER[lang].replace(*OWNER_WORDS[lang])
    assert text != ACCOUNT_HOLDER[lang]
    facts = read(text, lang)
    assert "purpose.security" in facts.affirmed
    assert "data.employment" not in facts.affirmed
