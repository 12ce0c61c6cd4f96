"""Wordings misread on English notices nobody labelled (sample of session 22): each family
with a fixture that must not state the fact and a twin in near-identical words that must keep it.

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- a sale by other companies

#: An industry opt-out tool stops the sale of data by the companies taking part in it: that is
#: no sale of the notice's own.
SALE_BY_PARTICIPATING_COMPANIES = {
    "en": "The industry program covers the sale of your personal information by participating companies to third parties.",
    "fr": "Le programme du secteur encadre la vente de vos données personnelles par les sociétés participantes à des tiers.",
    "de": "Das Branchenprogramm regelt den Verkauf Ihrer personenbezogenen Daten durch teilnehmende Unternehmen an Dritte.",
    "es": "El programa del sector regula la venta de sus datos personales por las empresas participantes a terceros.",
    "it": "Il programma di settore disciplina la vendita dei tuoi dati personali da parte delle aziende partecipanti a terzi.",
    "nl": "Het brancheprogramma regelt de verkoop van uw persoonsgegevens door deelnemende bedrijven aan derden.",
}

#: The twin: the sale is made by the notice's company.
SALE_BY_US = {
    "en": "The industry program covers the sale of your personal information by us to third parties.",
    "fr": "Le programme du secteur encadre la vente de vos données personnelles par nous à des tiers.",
    "de": "Das Branchenprogramm regelt den Verkauf Ihrer personenbezogenen Daten durch uns an Dritte.",
    "es": "El programa del sector regula la venta de sus datos personales por nosotros a terceros.",
    "it": "Il programma di settore disciplina la vendita dei tuoi dati personali da parte nostra a terzi.",
    "nl": "Het brancheprogramma regelt de verkoop van uw persoonsgegevens door ons aan derden.",
}

#: The English opt-out wording of such a tool (a right to opt out is otherwise read as a sale).
OPT_OUT_OF_SALE_BY_PARTICIPANTS = "You may use the industry tool to opt out of the sale of your personal information by participating companies."
OPT_OUT_OF_SALE_BY_US = (
    "You may use our form to opt out of the sale of your personal information by us."
)


@pytest.mark.parametrize("lang", LANGS)
def test_sale_by_participating_companies_is_no_sale_of_ours(lang: str) -> None:
    assert not read(SALE_BY_PARTICIPATING_COMPANIES[lang], lang).sale


@pytest.mark.parametrize("lang", LANGS)
def test_twin_sale_by_us_is_a_sale(lang: str) -> None:
    assert read(SALE_BY_US[lang], lang).sale


def test_opting_out_of_a_sale_by_participants_is_no_sale_of_ours() -> None:
    assert not read(OPT_OUT_OF_SALE_BY_PARTICIPANTS, "en").sale
    assert read(OPT_OUT_OF_SALE_BY_US, "en").sale


# --------------------------------------------------------------------------- a numbered rights list

#: "The right to (i) know what we sell, (ii) delete …": a right to know of a sale is no sale.
NUMBERED_RIGHT_TO_KNOW = (
    "Your rights. You have the right to (i) know which personal information we collect, use, share and sell, "
    "(ii) delete your personal information, and (iii) opt out of sharing your personal information with third parties."
)
#: The twin: the same enumeration said by the company of itself states the sale.
NUMBERED_PRACTICES = (
    "Our practices. We (i) collect, use, share and sell personal information, "
    "(ii) keep your personal information, and (iii) share your personal information with third parties."
)


def test_numbered_right_to_know_is_no_sale() -> None:
    view = read(NUMBERED_RIGHT_TO_KNOW, "en")
    assert not view.sale
    assert "purpose.sharing_third_parties" not in view.affirmed


def test_twin_numbered_practices_are_a_sale() -> None:
    view = read(NUMBERED_PRACTICES, "en")
    assert view.sale
    assert "purpose.sharing_third_parties" in view.affirmed


# --------------------------------------------------------------------------- a negated relative clause

#: "Cookies that are not strictly necessary": the negation qualifies the noun of a relative
#: clause; the consent asked before them is stated.
CONSENT_FOR_COOKIES_NOT_NECESSARY = {
    "en": "Where required, we obtain your consent before we use cookies that are not strictly necessary to provide the website.",
    "fr": "Lorsque la loi l'exige, nous obtenons votre consentement avant de déposer des cookies qui ne sont pas strictement nécessaires au site.",
    "de": "Soweit erforderlich, holen wir Ihre Einwilligung ein, bevor wir Cookies verwenden, die nicht unbedingt erforderlich sind.",
    "es": "Cuando sea necesario, obtenemos su consentimiento antes de usar cookies que no son estrictamente necesarias.",
    "it": "Ove richiesto, otteniamo il tuo consenso prima di usare cookie che non sono strettamente necessari.",
    "nl": "Waar nodig vragen wij uw toestemming voordat wij cookies gebruiken die niet strikt noodzakelijk zijn.",
}

#: The twin: the main clause is denied, the relative clause is not.
NO_CONSENT_FOR_COOKIES_NECESSARY = {
    "en": "We do not obtain your consent before we use cookies that are strictly necessary.",
    "fr": "Nous n'obtenons pas votre consentement avant de déposer des cookies qui sont strictement nécessaires au site.",
    "de": "Wir holen nicht Ihre Einwilligung ein, bevor wir Cookies verwenden, die unbedingt erforderlich sind.",
    "es": "No obtenemos su consentimiento antes de usar cookies que son estrictamente necesarias.",
    "it": "Non otteniamo il tuo consenso prima di usare cookie che sono strettamente necessari.",
    "nl": "Wij vragen niet uw toestemming voordat wij cookies gebruiken die strikt noodzakelijk zijn.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_negated_relative_clause_denies_nothing_before_it(lang: str) -> None:
    view = read(CONSENT_FOR_COOKIES_NOT_NECESSARY[lang], lang)
    assert {"basis.consent", "data.technical"} <= view.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_denied_main_clause_stays_denied(lang: str) -> None:
    view = read(NO_CONSENT_FOR_COOKIES_NECESSARY[lang], lang)
    assert "basis.consent" in view.denied
    assert "basis.consent" not in view.affirmed


# --------------------------------------------------------------------------- a list of the legal grounds

#: A sentence listing three legal grounds or more as alternatives says which grounds exist, not
#: which purpose each one covers: it ties no basis to a purpose.
GROUNDS_LIST = {
    "en": "We rely on your consent, the performance of our contract with you or our legal obligations to process your data to provide the services and to send you newsletters.",
    "fr": "Nous nous fondons sur votre consentement, l'exécution de notre contrat avec vous ou nos obligations légales pour traiter vos données afin de fournir les services et de vous envoyer des newsletters.",
    "de": "Wir stützen uns auf Ihre Einwilligung, die Erfüllung unseres Vertrags mit Ihnen oder unsere rechtlichen Verpflichtungen, um Ihre Daten zur Bereitstellung der Dienste und für Newsletter zu verarbeiten.",
    "es": "Nos basamos en su consentimiento, la ejecución de nuestro contrato con usted o nuestras obligaciones legales para tratar sus datos para prestar los servicios y enviarle comunicaciones comerciales.",
    "it": "Ci basiamo sul tuo consenso, sull'esecuzione del nostro contratto con te o sui nostri obblighi legali per trattare i tuoi dati per fornire i servizi e inviarti newsletter.",
    "nl": "Wij baseren ons op uw toestemming, de uitvoering van onze overeenkomst met u of onze wettelijke verplichtingen om uw gegevens te verwerken om de diensten te leveren en u nieuwsbrieven te sturen.",
}

#: The twin: two grounds named for one purpose are that purpose's bases.
TWO_GROUNDS_FOR_ONE_PURPOSE = {
    "en": "We rely on your consent or our legitimate interests to process your data to send you newsletters.",
    "fr": "Nous nous fondons sur votre consentement ou nos intérêts légitimes pour traiter vos données afin de vous envoyer des newsletters.",
    "de": "Wir stützen uns auf Ihre Einwilligung oder unsere berechtigten Interessen, um Ihre Daten für Newsletter zu verarbeiten.",
    "es": "Nos basamos en su consentimiento o nuestros intereses legítimos para tratar sus datos para enviarle comunicaciones comerciales.",
    "it": "Ci basiamo sul tuo consenso o sui nostri legittimi interessi per trattare i tuoi dati per inviarti newsletter.",
    "nl": "Wij baseren ons op uw toestemming of onze gerechtvaardigde belangen om uw gegevens te verwerken om u nieuwsbrieven te sturen.",
}

#: The consent a list of grounds names is a ground, not a control over the purposes beside it.
GROUNDS_WITH_CONSENT = (
    "We use your personal data where it is necessary to perform our contract with you, "
    "to comply with our legal obligations, or where you have given your consent."
)
#: The twin: consent asked for one purpose is its control.
CONSENT_FOR_ONE_PURPOSE = (
    "We use your personal data to provide the services to you where you have given your consent."
)


@pytest.mark.parametrize("lang", LANGS)
def test_list_of_grounds_ties_no_basis_to_a_purpose(lang: str) -> None:
    view = read(GROUNDS_LIST[lang], lang)
    assert {"basis.consent", "basis.contract", "basis.legal_obligation"} <= view.affirmed
    assert not {link for link in view.links if link.startswith("basis.")}


@pytest.mark.parametrize("lang", LANGS)
def test_twin_two_grounds_for_one_purpose_are_tied(lang: str) -> None:
    view = read(TWO_GROUNDS_FOR_ONE_PURPOSE[lang], lang)
    assert {
        "basis.consent>purpose.marketing",
        "basis.legitimate_interests>purpose.marketing",
    } <= view.links


def test_consent_in_a_list_of_grounds_is_no_control() -> None:
    assert not {
        link for link in read(GROUNDS_WITH_CONSENT, "en").links if link.endswith("control.consent")
    }
    assert "purpose.service>control.consent" in read(CONSENT_FOR_ONE_PURPOSE, "en").links


# --------------------------------------------------------------------------- the group named before the recipient

#: "Shared with Acme affiliates", "with Acme-affiliated companies": the group's name before the
#: recipient still makes it the company's affiliates (English word order).
SHARED_WITH_NAMED_AFFILIATES = (
    "Personal data may be shared with Acme affiliates to provide customer support.",
    "We may share personal data with Acme-affiliated companies.",
)
#: The twins: other companies, or a named partner, are no affiliates.
SHARED_WITH_NON_AFFILIATES = (
    "Personal data may be shared with non-affiliates to provide customer support.",
    "Personal data may be shared with Acme partners to provide customer support.",
)


@pytest.mark.parametrize("text", SHARED_WITH_NAMED_AFFILIATES)
def test_named_affiliates_are_affiliates(text: str) -> None:
    assert "purpose.sharing_affiliates" in read(text, "en").affirmed


@pytest.mark.parametrize("text", SHARED_WITH_NON_AFFILIATES)
def test_twin_non_affiliates_are_no_affiliates(text: str) -> None:
    assert "purpose.sharing_affiliates" not in read(text, "en").affirmed


# --------------------------------------------------------------------------- the recipients' own marketing

#: "Not shared with third parties for their own marketing purposes": the recipients' marketing
#: is their purpose, so the sentence neither states nor denies the notice's own marketing.
THEIR_OWN_MARKETING = {
    "en": "We do not share your personal information with third parties for their own marketing purposes.",
    "fr": "Nous ne partageons pas vos données personnelles avec des tiers à leurs propres fins de marketing.",
    "de": "Wir geben Ihre personenbezogenen Daten nicht für deren eigene Marketingzwecke an Dritte weiter.",
    "es": "No compartimos sus datos personales con terceros para sus propios fines de marketing.",
    "it": "Non condividiamo i tuoi dati personali con terzi per i loro scopi di marketing.",
    "nl": "Wij delen uw persoonsgegevens niet met derden voor hun eigen marketing.",
}

#: The twin: the notice's own marketing, denied.
OUR_OWN_MARKETING = {
    "en": "We do not use your personal information for our own marketing purposes.",
    "fr": "Nous n'utilisons pas vos données personnelles à nos propres fins de marketing.",
    "de": "Wir verarbeiten Ihre personenbezogenen Daten nicht für unsere eigenen Marketingzwecke.",
    "es": "No utilizamos sus datos personales para nuestros propios fines de marketing.",
    "it": "Non utilizziamo i tuoi dati personali per i nostri scopi di marketing.",
    "nl": "Wij gebruiken uw persoonsgegevens niet voor onze eigen marketing.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_recipients_own_marketing_is_not_ours(lang: str) -> None:
    view = read(THEIR_OWN_MARKETING[lang], lang)
    assert "purpose.marketing" not in view.affirmed | view.denied


@pytest.mark.parametrize("lang", LANGS)
def test_twin_our_own_marketing_is_denied(lang: str) -> None:
    assert "purpose.marketing" in read(OUR_OWN_MARKETING[lang], lang).denied


#: The twin of a list of grounds: one basis for its purposes, the others named in a bracketed
#: exception, keeps its ties.
ONE_GROUND_WITH_EXCEPTIONS = (
    "We rely on legitimate interests to use personal information for the following purposes: to send "
    "marketing messages; to show advertisements; and for security (except where we have a legal "
    "obligation to comply or have your consent)."
)


def test_twin_one_ground_with_bracketed_exceptions_keeps_its_ties() -> None:
    links = read(ONE_GROUND_WITH_EXCEPTIONS, "en").links
    assert {
        "basis.legitimate_interests>purpose.marketing",
        "basis.legitimate_interests>purpose.advertising",
    } <= links
