"""Wordings misread on notices nobody labelled (English sources): each family with a fixture
that must not state the fact and a twin in near-identical words that must keep it.

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, notice_facts, read

# --------------------------------------------------------------------------- the employer as account provider

#: An employer (or school) that provides the person's account is a party, not employment data.
EMPLOYER_PROVIDES_ACCOUNT = {
    "en": "If your employer provides your workspace account, it decides how we process the personal data in that account.",
    "fr": "Si votre employeur fournit votre compte professionnel, il décide de la manière dont nous traitons les données personnelles de ce compte.",
    "de": "Wenn Ihr Arbeitgeber Ihr Arbeitskonto bereitstellt, entscheidet er, wie wir die personenbezogenen Daten in diesem Konto verarbeiten.",
    "es": "Si su empleador proporciona su cuenta de trabajo, decide cómo tratamos los datos personales de esa cuenta.",
    "it": "Se il tuo datore di lavoro fornisce il tuo account di lavoro, decide come trattiamo i dati personali di quell'account.",
    "nl": "Als uw werkgever uw werkaccount verstrekt, beslist die hoe wij de persoonsgegevens in dat account verwerken.",
}

#: The employer named as the example of the organization that provides the account.
ORGANIZATION_SUCH_AS_EMPLOYER = {
    "en": "When you use an account provided by an organization (for example, your employer), that organization decides how we process your personal data.",
    "fr": "Lorsque vous utilisez un compte fourni par une organisation (par exemple, votre employeur), cette organisation décide comment nous traitons vos données personnelles.",
    "de": "Wenn Sie ein Konto nutzen, das eine Organisation (zum Beispiel Ihr Arbeitgeber) bereitstellt, entscheidet diese Organisation, wie wir Ihre personenbezogenen Daten verarbeiten.",
    "es": "Cuando usa una cuenta proporcionada por una organización (por ejemplo, su empleador), esa organización decide cómo tratamos sus datos personales.",
    "it": "Quando usi un account fornito da un'organizzazione (ad esempio, il tuo datore di lavoro), tale organizzazione decide come trattiamo i tuoi dati personali.",
    "nl": "Wanneer u een account gebruikt dat door een organisatie (bijvoorbeeld uw werkgever) wordt verstrekt, beslist die organisatie hoe wij uw persoonsgegevens verwerken.",
}

#: The twin: the employer's name given for the account is employment data.
EMPLOYER_NAME_IN_ACCOUNT = {
    "en": "If you add your employer to your workspace account, we process the name of your employer as personal data in that account.",
    "fr": "Si vous ajoutez votre employeur à votre compte professionnel, nous traitons le nom de votre employeur comme donnée personnelle de ce compte.",
    "de": "Wenn Sie Ihren Arbeitgeber zu Ihrem Arbeitskonto hinzufügen, verarbeiten wir den Namen Ihres Arbeitgebers als personenbezogene Daten in diesem Konto.",
    "es": "Si añade su empleador a su cuenta de trabajo, tratamos el nombre de su empleador como dato personal de esa cuenta.",
    "it": "Se aggiungi il tuo datore di lavoro al tuo account di lavoro, trattiamo il nome del tuo datore di lavoro come dato personale di quell'account.",
    "nl": "Als u uw werkgever aan uw werkaccount toevoegt, verwerken wij de naam van uw werkgever als persoonsgegeven in dat account.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_employer_providing_the_account_is_no_employment_data(lang: str) -> None:
    assert "data.employment" not in read(EMPLOYER_PROVIDES_ACCOUNT[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_employer_as_the_organization_of_the_account_is_no_employment_data(lang: str) -> None:
    assert "data.employment" not in read(ORGANIZATION_SUCH_AS_EMPLOYER[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_employer_name_in_the_account_is_employment_data(lang: str) -> None:
    assert "data.employment" in read(EMPLOYER_NAME_IN_ACCOUNT[lang], lang).affirmed


# --------------------------------------------------------------------------- messages the person keeps receiving

#: After an opt-out the person keeps receiving the company's messages about its service.
KEEP_RECEIVING_OUR_MESSAGES = {
    "en": "If you opt out of marketing, we process your email address and you will continue to receive messages related to your orders and your account.",
    "fr": "Si vous refusez le marketing, nous traitons votre adresse e-mail et vous continuerez à recevoir des messages relatifs à vos commandes et à votre compte.",
    "de": "Wenn Sie der Werbung widersprechen, verarbeiten wir Ihre E-Mail-Adresse und Sie erhalten weiterhin Nachrichten zu Ihren Bestellungen und Ihrem Konto.",
    "es": "Si rechaza el marketing, tratamos su dirección de correo electrónico y seguirá recibiendo mensajes relacionados con sus pedidos y su cuenta.",
    "it": "Se rifiuti il marketing, trattiamo il tuo indirizzo email e continuerai a ricevere messaggi relativi ai tuoi ordini e al tuo account.",
    "nl": "Als u zich afmeldt voor marketing, verwerken wij uw e-mailadres en blijft u berichten over uw bestellingen en uw account ontvangen.",
}

#: The twin: the messages the person receives from other users are communications.
MESSAGES_FROM_OTHER_USERS = {
    "en": "If you use the chat, we process your email address and we store the messages you receive from other users about your orders and your account.",
    "fr": "Si vous utilisez la messagerie, nous traitons votre adresse e-mail et nous conservons les messages que vous recevez d'autres utilisateurs à propos de vos commandes.",
    "de": "Wenn Sie den Chat nutzen, verarbeiten wir Ihre E-Mail-Adresse und speichern die Nachrichten, die Sie von anderen Nutzern zu Ihren Bestellungen erhalten.",
    "es": "Si usa el chat, tratamos su dirección de correo electrónico y conservamos los mensajes que recibe de otros usuarios sobre sus pedidos y su cuenta.",
    "it": "Se usi la chat, trattiamo il tuo indirizzo email e conserviamo i messaggi che ricevi da altri utenti sui tuoi ordini e sul tuo account.",
    "nl": "Als u de chat gebruikt, verwerken wij uw e-mailadres en bewaren wij de berichten die u van andere gebruikers over uw bestellingen ontvangt.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_messages_the_person_keeps_receiving_are_no_communications(lang: str) -> None:
    assert "data.communications" not in read(KEEP_RECEIVING_OUR_MESSAGES[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_messages_from_other_users_are_communications(lang: str) -> None:
    assert "data.communications" in read(MESSAGES_FROM_OTHER_USERS[lang], lang).affirmed


# --------------------------------------------------------------------------- a rights request named by a compound

#: An identity check before a "data-related request" is the rights procedure (English only:
#: the other languages put the qualifier after the noun, "votre demande relative à vos données",
#: which the existing family already reads).
IDENTITY_CHECK_DATA_RELATED_REQUEST = (
    "To verify your identity for safety, we may collect additional information "
    "before we handle your data-related request."
)

#: The twin: verifying the identity of a person who opens an account is verification data.
IDENTITY_CHECK_AT_SIGN_UP = (
    "To verify your identity for safety, we may collect additional information "
    "before we handle your account opening."
)


def test_identity_check_of_a_data_related_request_is_no_verification_data() -> None:
    assert "data.verification" not in read(IDENTITY_CHECK_DATA_RELATED_REQUEST, "en").affirmed


def test_twin_identity_check_at_sign_up_is_verification_data() -> None:
    assert "data.verification" in read(IDENTITY_CHECK_AT_SIGN_UP, "en").affirmed


#: The same family with the request named first: "your data subject request … verify your identity".
DATA_SUBJECT_REQUEST_THEN_CHECK = (
    "When we receive your data subject request, we may collect additional information "
    "to verify your identity for safety."
)

#: Its twin: a purchase request is no rights request, so the check stays verification data.
PURCHASE_REQUEST_THEN_CHECK = (
    "When we receive your purchase request, we may collect additional information "
    "to verify your identity for safety."
)


def test_data_subject_request_then_identity_check_is_no_verification_data() -> None:
    assert "data.verification" not in read(DATA_SUBJECT_REQUEST_THEN_CHECK, "en").affirmed


def test_twin_purchase_request_then_identity_check_is_verification_data() -> None:
    assert "data.verification" in read(PURCHASE_REQUEST_THEN_CHECK, "en").affirmed


# --------------------------------------------------------------------------- a list under a denying lead-in

#: A lead-in that denies or forbids the use ("we never use this data for the following
#: purposes:") gives its list items no processing context: the items are what is not done.
DENYING_LEAD_IN = {
    "en": "We never use this data for the following purposes:\n\n* Advertising or personalisation\n* User profiling",
    "fr": "Nous n'utilisons jamais ces données aux fins suivantes :\n\n* Publicité ou personnalisation\n* Profilage des utilisateurs",
    "de": "Wir verwenden diese Daten niemals für die folgenden Zwecke:\n\n* Werbung oder Personalisierung\n* Profiling der Nutzer",
    "es": "Nunca utilizamos estos datos para los siguientes fines:\n\n* Publicidad o personalización\n* Elaboración de perfiles de usuarios",
    "it": "Non utilizziamo mai questi dati per le seguenti finalità:\n\n* Pubblicità o personalizzazione\n* Profilazione degli utenti",
    "nl": "Wij gebruiken deze gegevens nooit voor de volgende doeleinden:\n\n* Advertenties of personalisatie\n* Profilering van gebruikers",
}

#: The twin: the same lead-in without the denial states its items.
AFFIRMING_LEAD_IN = {
    "en": "We use this data for the following purposes:\n\n* Advertising or personalisation\n* User profiling",
    "fr": "Nous utilisons ces données aux fins suivantes :\n\n* Publicité ou personnalisation\n* Profilage des utilisateurs",
    "de": "Wir verwenden diese Daten für die folgenden Zwecke:\n\n* Werbung oder Personalisierung\n* Profiling der Nutzer",
    "es": "Utilizamos estos datos para los siguientes fines:\n\n* Publicidad o personalización\n* Elaboración de perfiles de usuarios",
    "it": "Utilizziamo questi dati per le seguenti finalità:\n\n* Pubblicità o personalizzazione\n* Profilazione degli utenti",
    "nl": "Wij gebruiken deze gegevens voor de volgende doeleinden:\n\n* Advertenties of personalisatie\n* Profilering van gebruikers",
}

#: A prohibition addressed to the reader (a developer, a partner) denies as well.
PROHIBITING_LEAD_IN = (
    "You are strictly prohibited from using this data for the following purposes:"
    "\n\n* Advertising or personalisation\n* User profiling"
)

#: A restriction ("may only") keeps the list: its items are what is done.
RESTRICTING_LEAD_IN = (
    "We may only use this data for the following purposes:"
    "\n\n* Advertising or personalisation\n* User profiling"
)


@pytest.mark.parametrize("lang", LANGS)
def test_items_under_a_denying_lead_in_are_not_stated(lang: str) -> None:
    found = read(DENYING_LEAD_IN[lang], lang).affirmed
    assert "purpose.advertising" not in found
    assert "data.inferred" not in found


@pytest.mark.parametrize("lang", LANGS)
def test_twin_items_under_an_affirming_lead_in_are_stated(lang: str) -> None:
    found = read(AFFIRMING_LEAD_IN[lang], lang).affirmed
    assert {"purpose.advertising", "data.inferred"} <= found


def test_items_under_a_prohibiting_lead_in_are_not_stated() -> None:
    found = read(PROHIBITING_LEAD_IN, "en").affirmed
    assert "purpose.advertising" not in found
    assert "data.inferred" not in found


def test_twin_items_under_a_restricting_lead_in_are_stated() -> None:
    found = read(RESTRICTING_LEAD_IN, "en").affirmed
    assert {"purpose.advertising", "data.inferred"} <= found


# --------------------------------------------------------------------------- a help-center article

#: An article or page of a help center is a place to read more, not the support purpose.
HELP_CENTER_ARTICLE = {
    "en": "For the information we share with our partners see the Help Center article about sharing.",
    "fr": "Pour les informations que nous partageons avec nos partenaires, consultez l'article du centre d'aide sur le partage.",
    "de": "Zu den Informationen, die wir mit unseren Partnern teilen, lesen Sie den Support-Artikel zur Weitergabe.",
    "es": "Para la información que compartimos con nuestros socios, consulte el artículo del centro de asistencia sobre el uso compartido.",
    "it": "Per le informazioni che condividiamo con i nostri partner, consulta l'articolo del centro assistenza sulla condivisione.",
    "nl": "Voor de informatie die wij met onze partners delen, zie het helpdesk-artikel over delen.",
}

#: The twin: contacting the help center is support.
HELP_CENTER_CONTACT = {
    "en": "For the information we share with our partners contact the Help Center about sharing.",
    "fr": "Pour les informations que nous partageons avec nos partenaires, contactez le centre d'aide sur le partage.",
    "de": "Zu den Informationen, die wir mit unseren Partnern teilen, kontaktieren Sie den Support zur Weitergabe.",
    "es": "Para la información que compartimos con nuestros socios, contacte con el centro de asistencia sobre el uso compartido.",
    "it": "Per le informazioni che condividiamo con i nostri partner, contatta il centro assistenza sulla condivisione.",
    "nl": "Voor de informatie die wij met onze partners delen, neem contact op met de helpdesk over delen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_help_center_article_is_no_support(lang: str) -> None:
    assert "purpose.support" not in read(HELP_CENTER_ARTICLE[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_contacting_the_help_center_is_support(lang: str) -> None:
    assert "purpose.support" in read(HELP_CENTER_CONTACT[lang], lang).affirmed


#: "including, but not limited to:" after a denying lead-in keeps the denial on the list.
PROHIBITING_LEAD_IN_OPEN_TAIL = (
    "You are strictly prohibited from using this data for the following purposes, including,"
    " but not limited to:\n\n* Advertising or personalisation\n* User profiling"
)

#: Its twin: after an affirming lead-in the same tail ("but not") denies nothing.
AFFIRMING_LEAD_IN_OPEN_TAIL = (
    "We use this data for the following purposes, including,"
    " but not limited to:\n\n* Advertising or personalisation\n* User profiling"
)


def test_items_under_a_prohibiting_lead_in_with_an_open_tail_are_not_stated() -> None:
    found = read(PROHIBITING_LEAD_IN_OPEN_TAIL, "en").affirmed
    assert "purpose.advertising" not in found
    assert "data.inferred" not in found


def test_twin_items_under_an_affirming_lead_in_with_an_open_tail_are_stated() -> None:
    found = read(AFFIRMING_LEAD_IN_OPEN_TAIL, "en").affirmed
    assert {"purpose.advertising", "data.inferred"} <= found


# --------------------------------------------------------------------------- a corporate sale

#: A sale of the company, a corporate entity or its assets is no sale of personal data.
CORPORATE_SALE = {
    "en": "We may share your personal data with third parties when we sell all or part of our business.",
    "fr": "Nous pouvons partager vos données personnelles avec des tiers lorsque nous vendons tout ou partie de nos actifs.",
    "de": "Wir können Ihre personenbezogenen Daten an Dritte weitergeben, wenn wir unser Unternehmen ganz oder teilweise verkaufen.",
    "es": "Podemos compartir sus datos personales con terceros cuando vendemos todo o parte de nuestros activos.",
    "it": "Possiamo condividere i tuoi dati personali con terzi quando vendiamo tutta o parte della nostra azienda.",
    "nl": "Wij kunnen uw persoonsgegevens met derden delen wanneer wij ons bedrijf verkopen.",
}

#: The twin: selling the personal data itself is a sale.
DATA_SALE = {
    "en": "We may share your personal data with third parties when we sell all or part of your personal data.",
    "fr": "Nous pouvons partager vos données personnelles avec des tiers lorsque nous vendons tout ou partie de vos données.",
    "de": "Wir können Ihre personenbezogenen Daten an Dritte weitergeben, wenn wir Ihre Daten ganz oder teilweise verkaufen.",
    "es": "Podemos compartir sus datos personales con terceros cuando vendemos todo o parte de sus datos.",
    "it": "Possiamo condividere i tuoi dati personali con terzi quando vendiamo tutti o parte dei tuoi dati.",
    "nl": "Wij kunnen uw persoonsgegevens met derden delen wanneer wij uw gegevens verkopen.",
}

#: The noun form, in English only (the other lexicons never read the noun alone as a sale).
CORPORATE_SALE_NOUN = "We may share your personal data with third parties when there is a change of control or sale of a corporate entity."
DATA_SALE_NOUN = "We may share your personal data with third parties when there is a change of control or sale of personal data."


@pytest.mark.parametrize("lang", LANGS)
def test_a_corporate_sale_is_no_sale_of_data(lang: str) -> None:
    assert not read(CORPORATE_SALE[lang], lang).sale


@pytest.mark.parametrize("lang", LANGS)
def test_twin_selling_the_data_is_a_sale(lang: str) -> None:
    assert read(DATA_SALE[lang], lang).sale


def test_a_corporate_sale_noun_is_no_sale_of_data() -> None:
    assert not read(CORPORATE_SALE_NOUN, "en").sale


def test_twin_a_sale_of_personal_data_noun_is_a_sale() -> None:
    assert read(DATA_SALE_NOUN, "en").sale


#: What a denying lead-in's items name is denied, not forgotten: children's data is a fact
#: whether the notice collects it or says it does not (issue 8).
DENYING_CHILDREN = {
    "en": "We do not knowingly collect the following information:\n\n* Personal data of children under 13",
    "fr": "Nous ne collectons pas sciemment les informations suivantes :\n\n* Les données personnelles des enfants de moins de 15 ans",
    "de": "Wir erheben nicht wissentlich die folgenden Informationen:\n\n* Personenbezogene Daten von Kindern unter 16 Jahren",
}


@pytest.mark.parametrize("lang", sorted(DENYING_CHILDREN))
def test_items_under_a_denying_lead_in_are_denied(lang: str) -> None:
    statements = notice_facts(DENYING_CHILDREN[lang], lang).statements
    children = [s for s in statements if "data.children" in s.data_categories]
    assert children and all(s.negated for s in children)  # a denial, with its flag ...
    assert "data.children" in read(DENYING_CHILDREN[lang], lang).affirmed  # ... and present
    advertising = read(DENYING_LEAD_IN[lang], lang)
    assert "purpose.advertising" in advertising.denied
