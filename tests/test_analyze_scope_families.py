"""Scope families: how far a control reaches.

- A control ("with your consent", "you can opt out") speaks for the purposes of its own
  sentence, or of its own item of a table cell: consent to marketing e-mails in one
  sentence is no consent to the fraud checks of the next, and an opt-out written in one
  ``<br>`` item of a purpose cell does not stop the legal compliance item below it.
- A control whose sentence names no purpose ("You can opt out in your settings") falls
  back to its paragraph, item or row, and only when that states one purpose: after "we use
  your location for ads and to detect fraud", "you can opt out of the collection of your
  location" does not say which use it stops.
- A cell of a table row, and each ``<br>`` item of a cell, ends every sentence: a right
  written under the basis it qualifies ("Consent<br>You can withdraw your consent at any
  time") silences its own item, not the basis above it nor the purpose and data beside it.
- A denial stops at a new subject after a spaced dash or an opening bracket, as after a
  comma ("We do not sell your data - we use your location for ads"); a dash opening an
  aside with no subject ("- including your location -") stays inside the denial.
- The company limiting its own use ("this helps us to limit the use of your data", « nous
  aide à limiter l'utilisation ») is no opt-out; the person limiting it is (German asks
  for the person's settings already).
- Consent already given ("if you have given your consent", « si vous avez donné votre
  consentement », „wenn Sie Ihre Einwilligung erteilt haben“) is consent, as "if you
  consent" is.
- Consent that closes a list of uses ("to provide the service, to detect fraud, and with
  your consent.") is one more ground, not a control of the uses before it.

Each family has a text that must give the tie and a twin in near-identical words that must
not (or the reverse). The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.test_analyze_precision_families import LANGS, read

# --------------------------------------------------------------------------- sentence scope

#: Marketing e-mails with consent, then fraud detection in the next sentence: the consent
#: is the marketing's, not the fraud checks'.
TWO_SENTENCES = {
    "en": "We use your email address to send you marketing e-mails with your consent. We use your IP address to detect fraud.",
    "fr": "Nous utilisons votre adresse e-mail pour vous envoyer des e-mails de prospection avec votre consentement. Nous utilisons votre adresse IP pour détecter la fraude.",
    "de": "Wir verwenden Ihre E-Mail-Adresse, um Ihnen mit Ihrer Einwilligung Werbe-E-Mails zu senden. Wir verwenden Ihre IP-Adresse, um Betrug zu erkennen.",
    "es": "Utilizamos su dirección de correo electrónico para enviarle comunicaciones comerciales con su consentimiento. Utilizamos su dirección IP para detectar el fraude.",
    "it": "Utilizziamo il tuo indirizzo e-mail per inviarti comunicazioni di marketing con il tuo consenso. Utilizziamo il tuo indirizzo IP per rilevare le frodi.",
    "nl": "Wij gebruiken uw e-mailadres om u commerciële e-mails te sturen met uw toestemming. Wij gebruiken uw IP-adres om fraude te detecteren.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_control_speaks_for_its_own_sentence(lang: str) -> None:
    links = read(TWO_SENTENCES[lang], lang).links
    assert "purpose.marketing>control.consent" in links
    assert "purpose.security>control.consent" not in links


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_control_in_the_sentence_of_both_uses_speaks_for_both(lang: str) -> None:
    """The twin: one sentence names both uses, so its consent is theirs."""
    joined = TWO_SENTENCES[lang].replace(". ", ", ", 1)
    links = read(joined, lang).links
    assert "purpose.marketing>control.consent" in links
    assert "purpose.security>control.consent" in links


# --------------------------------------------------------------------------- fallback to the block

#: (one purpose, two purposes): a second sentence with an opt-out that names no purpose.
OPT_OUT_AFTER = {
    "en": (
        "We use your location to show you ads. You can opt out of the collection of your location in your settings.",
        "We use your location to show you ads and to detect fraud. You can opt out of the collection of your location in your settings.",
    ),
    "fr": (
        "Nous utilisons votre localisation pour vous montrer des publicités. Vous pouvez vous opposer à la collecte de votre localisation dans vos paramètres.",
        "Nous utilisons votre localisation pour vous montrer des publicités et pour détecter la fraude. Vous pouvez vous opposer à la collecte de votre localisation dans vos paramètres.",
    ),
    "de": (
        "Wir verwenden Ihren Standort, um Ihnen Werbung anzuzeigen. Sie können der Erhebung Ihres Standorts in Ihren Einstellungen widersprechen.",
        "Wir verwenden Ihren Standort, um Ihnen Werbung anzuzeigen und Betrug zu erkennen. Sie können der Erhebung Ihres Standorts in Ihren Einstellungen widersprechen.",
    ),
    "es": (
        "Utilizamos su ubicación para mostrarle publicidad. Puede oponerse a la recogida de su ubicación en su configuración.",
        "Utilizamos su ubicación para mostrarle publicidad y para detectar el fraude. Puede oponerse a la recogida de su ubicación en su configuración.",
    ),
    "it": (
        "Utilizziamo la tua posizione per mostrarti pubblicità. Puoi opporti alla raccolta della tua posizione nelle impostazioni.",
        "Utilizziamo la tua posizione per mostrarti pubblicità e per rilevare le frodi. Puoi opporti alla raccolta della tua posizione nelle impostazioni.",
    ),
    "nl": (
        "Wij gebruiken uw locatie om u advertenties te tonen. U kunt bezwaar maken tegen het verzamelen van uw locatie in uw instellingen.",
        "Wij gebruiken uw locatie om u advertenties te tonen en om fraude te detecteren. U kunt bezwaar maken tegen het verzamelen van uw locatie in uw instellingen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_control_naming_no_purpose_speaks_for_the_one_purpose_of_its_block(lang: str) -> None:
    one, _ = OPT_OUT_AFTER[lang]
    assert "purpose.advertising>control.opt_out" in read(one, lang).links


@pytest.mark.parametrize("lang", LANGS)
def test_a_control_naming_no_purpose_in_a_block_of_two_purposes_ties_nothing(lang: str) -> None:
    _, two = OPT_OUT_AFTER[lang]
    view = read(two, lang)
    assert {"purpose.advertising", "purpose.security"} <= view.affirmed
    assert not {link for link in view.links if ">control." in link}


def test_a_control_that_names_its_purpose_ties_it_in_a_block_of_two() -> None:
    """The block has two purposes, but the opt-out's own sentence says which use it stops."""
    text = "We use your location to show you ads and to detect fraud. You can opt out of personalised ads in your settings."
    links = read(text, "en").links
    assert "purpose.advertising>control.opt_out" in links
    assert "purpose.security>control.opt_out" not in links


#: Ads, then fraud detection and service improvement, then an objection: (pointing back at
#: the sentence before with "this processing", the twin that does not point back).
OBJECT_TO_THIS = {
    "en": (
        "We use your location to show you ads. We use your IP address to detect fraud and to improve our services. You can object to this processing in your settings.",
        "We use your location to show you ads. We use your IP address to detect fraud and to improve our services. You can object in your settings.",
    ),
    "fr": (
        "Nous utilisons votre localisation pour vous montrer des publicités. Nous utilisons votre adresse IP pour détecter la fraude et pour améliorer nos services. Vous pouvez vous opposer à ce traitement dans vos paramètres.",
        "Nous utilisons votre localisation pour vous montrer des publicités. Nous utilisons votre adresse IP pour détecter la fraude et pour améliorer nos services. Vous pouvez vous opposer dans vos paramètres.",
    ),
    "de": (
        "Wir verwenden Ihren Standort, um Ihnen Werbung anzuzeigen. Wir verwenden Ihre IP-Adresse, um Betrug zu erkennen und unsere Dienste zu verbessern. Sie können dieser Verarbeitung in Ihren Einstellungen widersprechen.",
        "Wir verwenden Ihren Standort, um Ihnen Werbung anzuzeigen. Wir verwenden Ihre IP-Adresse, um Betrug zu erkennen und unsere Dienste zu verbessern. Sie können in Ihren Einstellungen widersprechen.",
    ),
    "es": (
        "Utilizamos su ubicación para mostrarle publicidad. Utilizamos su dirección IP para detectar el fraude y para mejorar nuestros servicios. Puede oponerse a este tratamiento en su configuración.",
        "Utilizamos su ubicación para mostrarle publicidad. Utilizamos su dirección IP para detectar el fraude y para mejorar nuestros servicios. Puede oponerse en su configuración.",
    ),
    "it": (
        "Utilizziamo la tua posizione per mostrarti pubblicità. Utilizziamo il tuo indirizzo IP per rilevare le frodi e per migliorare i nostri servizi. Puoi opporti a questo trattamento nelle impostazioni.",
        "Utilizziamo la tua posizione per mostrarti pubblicità. Utilizziamo il tuo indirizzo IP per rilevare le frodi e per migliorare i nostri servizi. Puoi opporti nelle impostazioni.",
    ),
    "nl": (
        "Wij gebruiken uw locatie om u advertenties te tonen. Wij gebruiken uw IP-adres om fraude te detecteren en om onze diensten te verbeteren. U kunt bezwaar maken tegen deze verwerking in uw instellingen.",
        "Wij gebruiken uw locatie om u advertenties te tonen. Wij gebruiken uw IP-adres om fraude te detecteren en om onze diensten te verbeteren. U kunt bezwaar maken in uw instellingen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_control_pointing_back_speaks_for_the_sentence_before(lang: str) -> None:
    pointing, _ = OBJECT_TO_THIS[lang]
    links = read(pointing, lang).links
    assert "purpose.security>control.opt_out" in links
    assert "purpose.advertising>control.opt_out" not in links


@pytest.mark.parametrize("lang", LANGS)
def test_a_control_not_pointing_back_in_a_block_of_purposes_ties_nothing(lang: str) -> None:
    _, plain = OBJECT_TO_THIS[lang]
    assert not {link for link in read(plain, lang).links if ">control." in link}


# --------------------------------------------------------------------------- items of a table cell

ROW_HEAD = "| Purpose | Personal data |\n|---|---|\n"


def test_an_opt_out_in_one_item_of_a_purpose_cell_is_not_the_next_items() -> None:
    row = ROW_HEAD + (
        "| Improving our products, unless you opt out in your settings<br><br>"
        "Complying with legal obligations | your usage data |"
    )
    links = read(row, "en").links
    assert "purpose.analytics>control.opt_out" in links
    assert "purpose.legal_compliance>control.opt_out" not in links


def test_an_opt_out_in_the_data_cell_of_a_one_purpose_row_is_the_rows() -> None:
    """The twin: the opt-out item names no purpose, and the row states one."""
    row = (
        ROW_HEAD + "| Training our AI models | your posts<br><br>You can opt out in your settings |"
    )
    assert "purpose.ai_training>control.opt_out" in read(row, "en").links


# --------------------------------------------------------------------------- consent closing a list

#: (consent closing a list of uses, the twin where consent opens the sentence).
CONSENT_CLOSING = {
    "en": (
        "We process your personal data to provide our services, to detect fraud, and with your consent.",
        "With your consent, we process your personal data to provide our services and to detect fraud.",
    ),
    "fr": (
        "Nous traitons vos données personnelles pour fournir nos services, pour détecter la fraude et avec votre consentement.",
        "Avec votre consentement, nous traitons vos données personnelles pour fournir nos services et pour détecter la fraude.",
    ),
    "de": (
        "Wir verarbeiten Ihre personenbezogenen Daten zur Bereitstellung unserer Dienste, zur Betrugserkennung und mit Ihrer Einwilligung.",
        "Mit Ihrer Einwilligung verarbeiten wir Ihre personenbezogenen Daten zur Bereitstellung unserer Dienste und zur Betrugserkennung.",
    ),
    "es": (
        "Tratamos sus datos personales para prestar nuestros servicios, para detectar el fraude y con su consentimiento.",
        "Con su consentimiento, tratamos sus datos personales para prestar nuestros servicios y para detectar el fraude.",
    ),
    "it": (
        "Trattiamo i tuoi dati personali per fornire i nostri servizi, per rilevare le frodi e con il tuo consenso.",
        "Con il tuo consenso, trattiamo i tuoi dati personali per fornire i nostri servizi e per rilevare le frodi.",
    ),
    "nl": (
        "Wij verwerken uw persoonsgegevens om onze diensten te leveren, om fraude te detecteren en met uw toestemming.",
        "Met uw toestemming verwerken wij uw persoonsgegevens om onze diensten te leveren en om fraude te detecteren.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_closing_a_list_of_uses_controls_none_of_them(lang: str) -> None:
    closing, _ = CONSENT_CLOSING[lang]
    view = read(closing, lang)
    assert "purpose.security" in view.affirmed
    assert not {link for link in view.links if link.endswith(">control.consent")}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_opening_the_sentence_controls_its_uses(lang: str) -> None:
    _, opening = CONSENT_CLOSING[lang]
    assert "purpose.security>control.consent" in read(opening, lang).links


def test_consent_followed_by_its_use_still_controls_it() -> None:
    """Only consent that ends the sentence closes the list; "and, with your consent, to
    show you ads" controls the ads."""
    text = (
        "We use your location to detect fraud and with your consent to show you personalised ads."
    )
    assert "purpose.advertising>control.consent" in read(text, "en").links


def test_a_control_in_the_basis_cell_speaks_for_every_purpose_of_its_row() -> None:
    """A row is one statement: a control in a cell that names no purpose is the row's,
    however many purposes its purpose cell names."""
    row = (
        "| Purpose | Legal basis |\n|---|---|\n"
        "| To send you newsletters and to show you personalised ads | Consent<br><br>You can opt out in your settings |"
    )
    links = read(row, "en").links
    assert "purpose.marketing>control.opt_out" in links
    assert "purpose.advertising>control.opt_out" in links


# --------------------------------------------------------------------------- a recipients cell

#: (header Purpose | Data | Recipients, purpose cell, data cell, recipient, the same recipient
#: on a condition of consent): "Other companies, with your consent" in the recipients column
#: conditions that disclosure; it is no basis and no control of the row's purposes.
CONSENTED_RECIPIENT = {
    "en": (
        "Purpose | Personal data | Recipients",
        "To show you personalised ads",
        "your browsing history",
        "Advertising partners",
        "other companies, with your consent",
    ),
    "fr": (
        "Finalité | Données | Destinataires",
        "Vous montrer des publicités personnalisées",
        "votre historique de navigation",
        "Partenaires publicitaires",
        "d'autres sociétés, avec votre consentement",
    ),
    "de": (
        "Zweck | Daten | Empfänger",
        "Ihnen personalisierte Werbung anzeigen",
        "Ihr Browserverlauf",
        "Werbepartner",
        "andere Unternehmen, mit Ihrer Einwilligung",
    ),
    "es": (
        "Finalidad | Datos | Destinatarios",
        "Mostrarle publicidad personalizada",
        "su historial de navegación",
        "Socios publicitarios",
        "otras empresas, con su consentimiento",
    ),
    "it": (
        "Finalità | Dati | Destinatari",
        "Mostrarti pubblicità personalizzata",
        "la tua cronologia di navigazione",
        "Partner pubblicitari",
        "altre società, con il tuo consenso",
    ),
    "nl": (
        "Doel | Gegevens | Ontvangers",
        "U gepersonaliseerde advertenties tonen",
        "uw surfgedrag",
        "Advertentiepartners",
        "andere bedrijven, met uw toestemming",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_in_a_recipients_cell_conditions_that_disclosure_only(lang: str) -> None:
    header, purpose, data, partners, others = CONSENTED_RECIPIENT[lang]
    item = others[0].upper() + others[1:]
    view = read(_table(header, purpose, data, f"{partners}<br><br>{item}"), lang)
    assert "purpose.advertising" in view.affirmed
    assert "purpose.advertising>control.consent" not in view.links
    assert "basis.consent" not in view.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_consent_in_the_purpose_cell_of_that_table_controls_the_purpose(lang: str) -> None:
    """The twin: the same consent written after the purpose, in its cell."""
    header, purpose, data, partners, others = CONSENTED_RECIPIENT[lang]
    consent = others.split(", ", 1)[1]
    view = read(_table(header, f"{purpose}, {consent}", data, partners), lang)
    assert "purpose.advertising>control.consent" in view.links
    assert "basis.consent>purpose.advertising" in view.links


# --------------------------------------------------------------------------- a cell ends a sentence

#: (header, purpose cell, basis cell, right, data cell): a right written as an item of the
#: basis cell, under the basis it qualifies.
RIGHT_IN_A_CELL = {
    "en": (
        "Purpose | Legal basis | Personal data",
        "To show you personalised ads",
        "Consent",
        "You can withdraw your consent at any time",
        "your browsing history",
    ),
    "fr": (
        "Finalité | Base juridique | Données",
        "Vous montrer des publicités personnalisées",
        "Consentement",
        "Vous pouvez retirer votre consentement à tout moment",
        "votre historique de navigation",
    ),
    "de": (
        "Zweck | Rechtsgrundlage | Daten",
        "Ihnen personalisierte Werbung anzeigen",
        "Einwilligung",
        "Sie können Ihre Einwilligung jederzeit widerrufen",
        "Ihr Browserverlauf",
    ),
    "es": (
        "Finalidad | Base jurídica | Datos",
        "Mostrarle publicidad personalizada",
        "Consentimiento",
        "Puede retirar su consentimiento en cualquier momento",
        "su historial de navegación",
    ),
    "it": (
        "Finalità | Base giuridica | Dati",
        "Mostrarti pubblicità personalizzata",
        "Consenso",
        "Puoi revocare il tuo consenso in qualsiasi momento",
        "la tua cronologia di navigazione",
    ),
    "nl": (
        "Doel | Rechtsgrond | Gegevens",
        "U gepersonaliseerde advertenties tonen",
        "Toestemming",
        "U kunt uw toestemming op elk moment intrekken",
        "uw surfgedrag",
    ),
}


def _table(header: str, *cells: str) -> str:
    return f"| {header} |\n|{'---|' * (header.count('|') + 1)}\n| {' | '.join(cells)} |"


@pytest.mark.parametrize("lang", LANGS)
def test_a_right_in_its_own_cell_item_silences_only_that_item(lang: str) -> None:
    header, purpose, basis, right, data = RIGHT_IN_A_CELL[lang]
    view = read(_table(header, purpose, f"{basis}<br><br>{right}", data), lang)
    assert "basis.consent>purpose.advertising" in view.links
    assert "purpose.advertising>data.activity" in view.links


@pytest.mark.parametrize("lang", LANGS)
def test_a_right_in_the_purpose_item_still_silences_it(lang: str) -> None:
    """The twin: the same right written in brackets after the purpose, in its item."""
    header, purpose, basis, right, data = RIGHT_IN_A_CELL[lang]
    view = read(_table(header, f"{purpose} ({right[0].lower()}{right[1:]})", basis, data), lang)
    assert "purpose.advertising" not in view.affirmed
    assert "basis.consent" in view.affirmed


# --------------------------------------------------------------------------- negation and a new subject

#: (a denial, then a dash or a bracket opening a new subject; the twin, where the dash
#: opens an aside with no subject of its own, inside the denial). Italian and Spanish drop
#: the subject pronoun ("utilizamos"), so the rule has no word to see there.
DENIAL_THEN_SUBJECT = {
    "en": (
        "We do not sell your personal data {} we use your location to show you ads{}",
        "We do not sell your personal data - including your location - to advertisers.",
    ),
    "fr": (
        "Nous ne vendons pas vos données personnelles {} nous utilisons votre localisation pour vous montrer des publicités{}",
        "Nous ne vendons pas vos données personnelles - y compris votre localisation - à des annonceurs.",
    ),
    "de": (
        "Wir verkaufen Ihre personenbezogenen Daten nicht {} wir verwenden Ihren Standort, um Ihnen Werbung anzuzeigen{}",
        "Wir verkaufen Ihre personenbezogenen Daten - einschließlich Ihres Standorts - nicht an Werbetreibende.",
    ),
    "nl": (
        "Wij verkopen uw persoonsgegevens niet {} wij gebruiken uw locatie om u advertenties te tonen{}",
        "Wij verkopen uw persoonsgegevens - inclusief uw locatie - niet aan adverteerders.",
    ),
}


@pytest.mark.parametrize("lang", sorted(DENIAL_THEN_SUBJECT))
@pytest.mark.parametrize("opening", [("-", "."), ("(", ").")])
def test_a_denial_stops_at_a_dash_or_bracket_opening_a_new_subject(
    lang: str, opening: tuple[str, str]
) -> None:
    frame, _ = DENIAL_THEN_SUBJECT[lang]
    view = read(frame.format(*opening).replace("( ", "("), lang)
    assert "purpose.advertising>data.location" in view.links
    assert "data.location" not in view.denied


@pytest.mark.parametrize("lang", sorted(DENIAL_THEN_SUBJECT))
def test_a_denial_reaches_across_a_dash_with_no_new_subject(lang: str) -> None:
    _, twin = DENIAL_THEN_SUBJECT[lang]
    view = read(twin, lang)
    assert "data.location" in view.denied
    assert "data.location" not in view.affirmed


# --------------------------------------------------------------------------- the company limiting its own use

#: (the company limits its own use: no opt-out; the twin, where the person limits it).
COMPANY_LIMITS = {
    "en": (
        "We use your chats to train our AI models. This helps us to limit the use of your personal data to what is needed.",
        "We use your chats to train our AI models. You can limit the use of your personal data in your settings.",
    ),
    "fr": (
        "Nous utilisons vos conversations pour entraîner nos modèles d'IA. Cela nous aide à limiter l'utilisation de vos données personnelles au strict nécessaire.",
        "Nous utilisons vos conversations pour entraîner nos modèles d'IA. Vous pouvez limiter l'utilisation de vos données personnelles dans vos paramètres.",
    ),
    "es": (
        "Utilizamos sus conversaciones para entrenar nuestros modelos de IA. Esto nos ayuda a limitar el uso de sus datos personales a lo estrictamente necesario.",
        "Utilizamos sus conversaciones para entrenar nuestros modelos de IA. Puede limitar el uso de sus datos personales en su configuración.",
    ),
    "it": (
        "Utilizziamo le tue conversazioni per addestrare i nostri modelli di IA. Questo ci aiuta a limitare l'uso dei tuoi dati personali allo stretto necessario.",
        "Utilizziamo le tue conversazioni per addestrare i nostri modelli di IA. Puoi limitare l'uso dei tuoi dati personali nelle impostazioni.",
    ),
    "nl": (
        "Wij gebruiken uw chats om onze AI-modellen te trainen. Dit helpt ons bij het beperken van het gebruik van uw persoonsgegevens tot wat nodig is.",
        "Wij gebruiken uw chats om onze AI-modellen te trainen. U kunt het beperken van het gebruik van uw persoonsgegevens instellen in uw instellingen.",
    ),
}


@pytest.mark.parametrize("lang", sorted(COMPANY_LIMITS))
def test_the_company_limiting_its_own_use_is_no_opt_out(lang: str) -> None:
    company, _ = COMPANY_LIMITS[lang]
    view = read(company, lang)
    assert "purpose.ai_training" in view.affirmed
    assert "purpose.ai_training>control.opt_out" not in view.links


@pytest.mark.parametrize("lang", sorted(COMPANY_LIMITS))
def test_the_person_limiting_the_use_is_an_opt_out(lang: str) -> None:
    _, person = COMPANY_LIMITS[lang]
    assert "purpose.ai_training>control.opt_out" in read(person, lang).links


# --------------------------------------------------------------------------- consent already given

#: (consent in the perfect tense; the twin, where what was given is an e-mail address).
CONSENT_GIVEN = {
    "en": (
        "If you have given your consent, we share your email address with social networks to show you ads.",
        "If you have given your email address, we share it with social networks to show you ads.",
    ),
    "fr": (
        "Si vous avez donné votre consentement, nous partageons votre adresse e-mail avec des réseaux sociaux pour vous montrer des publicités.",
        "Si vous avez donné votre adresse e-mail, nous la partageons avec des réseaux sociaux pour vous montrer des publicités.",
    ),
    "de": (
        "Wenn Sie Ihre Einwilligung erteilt haben, teilen wir Ihre E-Mail-Adresse mit sozialen Netzwerken, um Ihnen Werbung anzuzeigen.",
        "Wenn Sie Ihre E-Mail-Adresse angegeben haben, teilen wir sie mit sozialen Netzwerken, um Ihnen Werbung anzuzeigen.",
    ),
    "es": (
        "Si ha dado su consentimiento, compartimos su dirección de correo electrónico con redes sociales para mostrarle publicidad.",
        "Si ha dado su dirección de correo electrónico, la compartimos con redes sociales para mostrarle publicidad.",
    ),
    "it": (
        "Se hai dato il tuo consenso, condividiamo il tuo indirizzo e-mail con i social network per mostrarti pubblicità.",
        "Se hai dato il tuo indirizzo e-mail, lo condividiamo con i social network per mostrarti pubblicità.",
    ),
    "nl": (
        "Als u uw toestemming hebt gegeven, delen wij uw e-mailadres met sociale netwerken om u advertenties te tonen.",
        "Als u uw e-mailadres hebt gegeven, delen wij het met sociale netwerken om u advertenties te tonen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_consent_already_given_controls_its_use(lang: str) -> None:
    given, _ = CONSENT_GIVEN[lang]
    assert "purpose.advertising>control.consent" in read(given, lang).links


@pytest.mark.parametrize("lang", LANGS)
def test_an_address_already_given_is_no_consent(lang: str) -> None:
    _, twin = CONSENT_GIVEN[lang]
    view = read(twin, lang)
    assert "purpose.advertising" in view.affirmed
    assert "purpose.advertising>control.consent" not in view.links
