"""Misreadings last session's readers left on real notices, each closed as a family: a fixture
that states (or must not state) the fact and a twin in near-identical words that does the reverse.

One family per section, in every lexicon language where the wording is lexical. Every fixture is
written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- retention reasons

#: Keeping data as far as a legal duty requires is a retention criterion: it says how long data
#: is kept, not that processing relies on a legal obligation.
RETAINED_FOR_LEGAL_DUTIES = {
    "en": "We retain your invoices where necessary to comply with our legal obligations, for tax purposes and to resolve disputes.",
    "fr": "Vos factures sont conservées dans la mesure nécessaire pour respecter nos obligations légales et fiscales.",
    "de": "Ihre Rechnungen werden gespeichert, soweit gesetzliche Aufbewahrungspflichten bestehen.",
    "es": "Conservamos sus facturas en la medida necesaria para cumplir con nuestras obligaciones legales y fiscales.",
    "it": "Conserviamo le tue fatture nella misura necessaria per adempiere ai nostri obblighi legali e fiscali.",
    "nl": "Wij bewaren uw facturen voor zover nodig om te voldoen aan onze wettelijke verplichtingen.",
}

#: A retention duty named as such: "our legal retention obligations", « nos obligations légales
#: de conservation », „Aufbewahrungspflichten“, "bewaarplicht".
RETENTION_DUTY = {
    "en": "Your invoices are kept to meet our legal retention obligations.",
    "fr": "Vos factures sont conservées au titre de nos obligations légales de conservation.",
    "de": "Wir bewahren Ihre Rechnungen auf, um steuerliche Aufbewahrungspflichten zu erfüllen.",
    "es": "Sus facturas se conservan para cumplir nuestras obligaciones legales de conservación.",
    "it": "Le tue fatture sono conservate per rispettare i nostri obblighi legali di conservazione.",
    "nl": "Uw facturen worden bewaard in verband met de fiscale bewaarplicht.",
}

#: The twin: processing as far as a legal duty requires relies on a legal obligation.
PROCESSED_FOR_LEGAL_DUTIES = {
    "en": "We process your invoices where necessary to comply with our legal obligations, for tax purposes and to resolve disputes.",
    "fr": "Vos factures sont traitées dans la mesure nécessaire pour respecter nos obligations légales et fiscales.",
    "de": "Ihre Rechnungen werden verarbeitet, soweit gesetzliche Verpflichtungen bestehen.",
    "es": "Tratamos sus facturas en la medida necesaria para cumplir con nuestras obligaciones legales y fiscales.",
    "it": "Trattiamo le tue fatture nella misura necessaria per adempiere ai nostri obblighi legali e fiscali.",
    "nl": "Wij verwerken uw facturen voor zover nodig om te voldoen aan onze wettelijke verplichtingen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_retention_for_legal_duties_is_no_legal_basis(lang: str) -> None:
    facts = read(RETAINED_FOR_LEGAL_DUTIES[lang], lang)
    assert "basis.legal_obligation" not in facts.affirmed
    assert "purpose.legal_compliance" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_retention_duty_is_no_legal_basis(lang: str) -> None:
    assert "basis.legal_obligation" not in read(RETENTION_DUTY[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_processing_for_legal_duties_relies_on_legal_obligation(lang: str) -> None:
    assert "basis.legal_obligation" in read(PROCESSED_FOR_LEGAL_DUTIES[lang], lang).affirmed


# --------------------------------------------------------------------------- body measurements

#: Heart rate, sleep, blood pressure or oxygen, the menstrual cycle and weight are data
#: concerning health (GDPR art. 4(15)).
BODY_MEASUREMENTS = {
    "en": "When you wear the band, we collect your heart rate, your sleep patterns, your blood pressure and your body weight.",
    "fr": "Lorsque vous portez le bracelet, nous collectons votre fréquence cardiaque, vos cycles de sommeil, votre tension artérielle et votre poids.",
    "de": "Wenn Sie das Armband tragen, erheben wir Ihre Herzfrequenz, Ihre Schlafphasen, Ihren Blutdruck und Ihr Körpergewicht.",
    "es": "Cuando lleva la pulsera, recopilamos su frecuencia cardiaca, sus fases del sueño, su presión arterial y su peso corporal.",
    "it": "Quando indossi il braccialetto, raccogliamo la tua frequenza cardiaca, le fasi del sonno, la pressione arteriosa e il tuo peso.",
    "nl": "Wanneer u de band draagt, verzamelen wij uw hartslag, uw slaappatronen, uw bloeddruk en uw lichaamsgewicht.",
}

#: A cycle or blood-oxygen measurement alone is health data too.
CYCLE_AND_OXYGEN = {
    "en": "If you use the tracker, we process your menstrual cycle and your blood oxygen level.",
    "fr": "Si vous utilisez le suivi, nous traitons votre cycle menstruel et votre saturation en oxygène.",
    "de": "Wenn Sie den Tracker nutzen, verarbeiten wir Ihren Menstruationszyklus und Ihre Sauerstoffsättigung.",
    "es": "Si usa el registro, tratamos su ciclo menstrual y su saturación de oxígeno.",
    "it": "Se usi il tracker, trattiamo il tuo ciclo mestruale e il livello di ossigeno nel sangue.",
    "nl": "Als u de tracker gebruikt, verwerken wij uw menstruatiecyclus en uw zuurstofsaturatie.",
}

#: The twin: step counts and workouts alone say how much the person moves, not how healthy they
#: are; they are no health data (nor the product usage of data.activity), so they state nothing.
STEPS_AND_WORKOUTS = {
    "en": "When you wear the band, we collect your step count, your workouts and the distance you walk.",
    "fr": "Lorsque vous portez le bracelet, nous collectons votre nombre de pas, vos séances d'entraînement et la distance parcourue.",
    "de": "Wenn Sie das Armband tragen, erheben wir Ihre Schrittzahl, Ihre Trainingseinheiten und die zurückgelegte Strecke.",
    "es": "Cuando lleva la pulsera, recopilamos su número de pasos, sus entrenamientos y la distancia recorrida.",
    "it": "Quando indossi il braccialetto, raccogliamo il numero di passi, i tuoi allenamenti e la distanza percorsa.",
    "nl": "Wanneer u de band draagt, verzamelen wij uw aantal stappen, uw trainingen en de afgelegde afstand.",
}

#: "heart" in another sense names no one's health.
HEART_OF_THE_SERVICE = {
    "en": "Privacy is at the heart of our service, and we collect your email address to send you receipts.",
    "fr": "La confidentialité est au cœur de notre service et nous collectons votre adresse e-mail pour vous envoyer des reçus.",
    "de": "Datenschutz steht im Herzen unseres Dienstes, und wir erheben Ihre E-Mail-Adresse, um Ihnen Belege zu senden.",
    "es": "La privacidad está en el corazón de nuestro servicio y recopilamos su correo electrónico para enviarle recibos.",
    "it": "La privacy è al cuore del nostro servizio e raccogliamo il tuo indirizzo email per inviarti le ricevute.",
    "nl": "Privacy staat in het hart van onze dienst en wij verzamelen uw e-mailadres om u bonnen te sturen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_body_measurements_are_health_data(lang: str) -> None:
    assert "data.health" in read(BODY_MEASUREMENTS[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_menstrual_cycle_and_blood_oxygen_are_health_data(lang: str) -> None:
    assert "data.health" in read(CYCLE_AND_OXYGEN[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_steps_and_workouts_alone_are_no_health_data(lang: str) -> None:
    assert "data.health" not in read(STEPS_AND_WORKOUTS[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_heart_of_the_service_is_no_health_data(lang: str) -> None:
    assert "data.health" not in read(HEART_OF_THE_SERVICE[lang], lang).affirmed


# --------------------------------------------------------------------------- customer content

#: Content of customers or users named as a defined term is the content category.
CUSTOMER_CONTENT = {
    "en": "We use Customer Content only to provide and maintain the services.",
    "fr": "Nous utilisons le Contenu Client uniquement pour fournir et maintenir les services.",
    "de": "Wir verwenden Kundeninhalte nur, um die Dienste bereitzustellen und zu pflegen.",
    "es": "Utilizamos el Contenido del Cliente solo para prestar y mantener los servicios.",
    "it": "Utilizziamo i Contenuti del Cliente solo per fornire e mantenere i servizi.",
    "nl": "Wij gebruiken Klantinhoud alleen om de diensten te leveren en te onderhouden.",
}

#: The twin: content made for customers is the company's own, not the person's.
CONTENT_FOR_CUSTOMERS = {
    "en": "We use content for customers only to provide and maintain the services.",
    "fr": "Nous utilisons du contenu pour les clients uniquement pour fournir et maintenir les services.",
    "de": "Wir verwenden Inhalte für Kunden nur, um die Dienste bereitzustellen und zu pflegen.",
    "es": "Utilizamos contenido para los clientes solo para prestar y mantener los servicios.",
    "it": "Utilizziamo contenuti per i clienti solo per fornire e mantenere i servizi.",
    "nl": "Wij gebruiken inhoud voor klanten alleen om de diensten te leveren en te onderhouden.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_customer_content_is_content(lang: str) -> None:
    assert "data.content" in read(CUSTOMER_CONTENT[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_content_for_customers_is_no_content(lang: str) -> None:
    assert "data.content" not in read(CONTENT_FOR_CUSTOMERS[lang], lang).affirmed


# --------------------------------------------------------------------------- not without consent

CONSENT_LINK = "purpose.advertising>control.consent"

#: A use denied unless the person agrees is asked first, however far "not" stands from "without".
NOT_WITHOUT_CONSENT = {
    "en": "We will not use your location data for personalised ads without your consent.",
    "fr": "Nous n'utiliserons pas vos données de localisation à des fins publicitaires sans votre consentement.",
    "de": "Wir werden Ihre Standortdaten ohne Ihre Einwilligung niemals für Werbung verwenden.",
    "es": "No utilizaremos sus datos de ubicación con fines publicitarios sin su consentimiento.",
    "it": "Non utilizzeremo i tuoi dati di posizione per finalità pubblicitarie senza il tuo consenso.",
    "nl": "Wij zullen uw locatiegegevens zonder uw toestemming niet voor advertenties gebruiken.",
}

#: The twin: a use the law allows without consent asks nothing.
MAY_WITHOUT_CONSENT = {
    "en": "We may use your location data for personalised ads without your consent where the law allows.",
    "fr": "Nous pouvons utiliser vos données de localisation à des fins publicitaires sans votre consentement lorsque la loi le permet.",
    "de": "Wir dürfen Ihre Standortdaten ohne Ihre Einwilligung für Werbung verwenden, wenn das Gesetz es erlaubt.",
    "es": "Podemos utilizar sus datos de ubicación con fines publicitarios sin su consentimiento cuando la ley lo permita.",
    "it": "Possiamo utilizzare i tuoi dati di posizione per finalità pubblicitarie senza il tuo consenso quando la legge lo consente.",
    "nl": "Wij mogen uw locatiegegevens zonder uw toestemming voor advertenties gebruiken als de wet dat toestaat.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_not_without_consent_is_a_consent_control(lang: str) -> None:
    facts = read(NOT_WITHOUT_CONSENT[lang], lang)
    assert "purpose.advertising" in facts.affirmed
    assert CONSENT_LINK in facts.links


@pytest.mark.parametrize("lang", LANGS)
def test_twin_may_without_consent_is_no_control(lang: str) -> None:
    facts = read(MAY_WITHOUT_CONSENT[lang], lang)
    assert "purpose.advertising" in facts.affirmed
    assert CONSENT_LINK not in facts.links


def test_wont_unless_you_consent_is_a_consent_control() -> None:
    text = "We won't use your location data for personalised ads unless you consent."
    assert CONSENT_LINK in read(text, "en").links


# --------------------------------------------------------------------------- menu paths

#: A menu path names a place in the product, not a security or advertising purpose.
MENU_PATH = {
    "en": "We collect your email address, which you can change in Settings > Security & Privacy > Ads preferences.",
    "fr": "Nous collectons votre adresse e-mail, que vous retrouvez dans Paramètres > Sécurité et confidentialité > Publicités.",
    "de": "Wir erheben Ihre E-Mail-Adresse, die Sie unter Einstellungen > Sicherheit und Datenschutz > Werbung ändern können.",
    "es": "Recopilamos su dirección de correo electrónico, que puede cambiar en Configuración > Seguridad y privacidad > Anuncios.",
    "it": "Raccogliamo il tuo indirizzo email, che puoi modificare in Impostazioni > Sicurezza e privacy > Pubblicità.",
    "nl": "Wij verzamelen uw e-mailadres, dat u kunt wijzigen in Instellingen > Beveiliging en privacy > Advertenties.",
}

#: The twin: the same sentence naming the security purpose in words keeps it.
SECURITY_IN_WORDS = {
    "en": "We collect your email address to protect the security of your account, which you can change in Settings > Privacy.",
    "fr": "Nous collectons votre adresse e-mail pour protéger la sécurité de votre compte, que vous retrouvez dans Paramètres > Confidentialité.",
    "de": "Wir erheben Ihre E-Mail-Adresse, um die Sicherheit Ihres Kontos zu schützen, die Sie unter Einstellungen > Datenschutz ändern können.",
    "es": "Recopilamos su dirección de correo electrónico para proteger la seguridad de su cuenta, que puede cambiar en Configuración > Privacidad.",
    "it": "Raccogliamo il tuo indirizzo email per proteggere la sicurezza del tuo account, che puoi modificare in Impostazioni > Privacy.",
    "nl": "Wij verzamelen uw e-mailadres om de beveiliging van uw account te beschermen, dat u kunt wijzigen in Instellingen > Privacy.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_menu_path_names_no_purpose(lang: str) -> None:
    facts = read(MENU_PATH[lang], lang)
    assert "data.identifiers" in facts.affirmed  # the sentence is read, as processing
    assert "purpose.security" not in facts.affirmed
    assert "purpose.advertising" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_security_in_words_is_a_purpose(lang: str) -> None:
    assert "purpose.security" in read(SECURITY_IN_WORDS[lang], lang).affirmed


# --------------------------------------------------------------------------- use named as a noun

#: A heading that names the use as a noun ("Use of Information") gives its list items processing
#: context, as "How we use your data" does. Today's code already reads it so: these guard it.
USE_AS_NOUN_HEADING = {
    "en": "## Use of Information\n\n* Customer support\n* Your email address and date of birth",
    "fr": "## Utilisation des données\n\n* Assistance clientèle\n* Votre adresse e-mail et votre date de naissance",
    "de": "## Verwendung Ihrer Daten\n\n* Kundensupport\n* Ihre E-Mail-Adresse und Ihr Geburtsdatum",
    "es": "## Uso de la información\n\n* Atención al cliente\n* Su dirección de correo electrónico y su fecha de nacimiento",
    "it": "## Utilizzo dei dati\n\n* Assistenza clienti\n* Il tuo indirizzo email e la tua data di nascita",
    "nl": "## Gebruik van gegevens\n\n* Klantenservice\n* Uw e-mailadres en uw geboortedatum",
}

#: The twin: a heading that names no processing leaves the same items stating nothing.
NO_USE_HEADING = {
    "en": "## Our Commitments\n\n* Customer support\n* Your email address and date of birth",
    "fr": "## Nos engagements\n\n* Assistance clientèle\n* Votre adresse e-mail et votre date de naissance",
    "de": "## Unsere Verpflichtungen\n\n* Kundensupport\n* Ihre E-Mail-Adresse und Ihr Geburtsdatum",
    "es": "## Nuestros compromisos\n\n* Atención al cliente\n* Su dirección de correo electrónico y su fecha de nacimiento",
    "it": "## I nostri impegni\n\n* Assistenza clienti\n* Il tuo indirizzo email e la tua data di nascita",
    "nl": "## Onze toezeggingen\n\n* Klantenservice\n* Uw e-mailadres en uw geboortedatum",
}


@pytest.mark.parametrize("lang", LANGS)
def test_use_named_as_a_noun_in_a_heading_is_processing_context(lang: str) -> None:
    facts = read(USE_AS_NOUN_HEADING[lang], lang)
    assert {"purpose.support", "data.identifiers"} <= facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_heading_naming_no_use_gives_no_context(lang: str) -> None:
    assert not read(NO_USE_HEADING[lang], lang).affirmed
