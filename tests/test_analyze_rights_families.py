"""The person's rights and the rules laid on others are not processing (issue 8).

Two structural families, in every lexicon language:

- a rights lead-in's list: "You have the right to:", "Depending on where you live, you have
  the following rights:", "You must not:" lead items that are what the person may ask (or
  must not do), not processing of ours: they state no purpose, basis or data, and tie
  nothing. A bare "You can:" leads the person's choices: an item states only the control it
  offers over a purpose ("unsubscribe from the marketing emails we send you"), as "you can
  unsubscribe …" would. "We can:" leads processing; "You can choose whether we use your
  data to:" leads purposes that exist (the person controls them);
- a prohibition addressed to the person or to developers ("Don't share …", "You must not
  collect …", « Vous ne devez pas … », „Sie dürfen … nicht …") states no processing of its
  own, where "We must not collect …" is our denial and stays one.

Each fixture has a twin in near-identical words that states (or denies) the fact. The
fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- a rights lead-in's list

#: Two list items that state processing on their own (a verb of processing, a purpose, data).
ITEMS = {
    "en": (
        "use your precise location to personalise ads",
        "share your contact list with advertising partners",
    ),
    "fr": (
        "utiliser votre localisation précise pour personnaliser les publicités",
        "partager votre liste de contacts avec des partenaires publicitaires",
    ),
    "de": (
        "Ihren genauen Standort nutzen, um Werbung zu personalisieren",
        "Ihre Kontaktliste mit Werbepartnern teilen",
    ),
    "es": (
        "usar su ubicación precisa para personalizar la publicidad",
        "compartir su lista de contactos con socios publicitarios",
    ),
    "it": (
        "usare la tua posizione precisa per personalizzare la pubblicità",
        "condividere la tua rubrica con partner pubblicitari",
    ),
    "nl": (
        "uw precieze locatie gebruiken om advertenties te personaliseren",
        "uw contactenlijst delen met advertentiepartners",
    ),
}

#: (rights lead-in, twin lead-in of ours) per language and shape: rights named in the last
#: clause, "the right to", a bare modal, a rule laid on the person.
LEADS = {
    "en": [
        (
            "Depending on where you live, you have the following rights:",
            "Depending on where you live, we may:",
        ),
        ("You have the right to:", "We have the right to:"),
        ("You can:", "We can:"),
        ("You must not:", "We must:"),
    ],
    "fr": [
        (
            "Selon votre lieu de résidence, vous disposez des droits suivants :",
            "Selon votre lieu de résidence, nous pouvons :",
        ),
        ("Vous avez le droit de :", "Nous avons le droit de :"),
        ("Vous pouvez :", "Nous pouvons :"),
        ("Vous ne devez pas :", "Nous devons :"),
    ],
    "de": [
        (
            "Je nach Wohnort haben Sie folgende Rechte:",
            "Je nach Wohnort können wir:",
        ),
        ("Sie haben das Recht:", "Wir haben das Recht:"),
        ("Sie können:", "Wir können:"),
        ("Sie dürfen nicht:", "Wir dürfen:"),
    ],
    "es": [
        (
            "Según su lugar de residencia, usted tiene los siguientes derechos:",
            "Según su lugar de residencia, podemos:",
        ),
        ("Usted tiene derecho a:", "Tenemos derecho a:"),
        ("Usted puede:", "Podemos:"),
        ("Usted no debe:", "Debemos:"),
    ],
    "it": [
        (
            "A seconda del luogo in cui vivi, hai i seguenti diritti:",
            "A seconda del luogo in cui vivi, possiamo:",
        ),
        ("Hai il diritto di:", "Abbiamo il diritto di:"),
        ("Puoi:", "Possiamo:"),
        ("Non devi:", "Dobbiamo:"),
    ],
    "nl": [
        (
            "Afhankelijk van waar u woont, hebt u de volgende rechten:",
            "Afhankelijk van waar u woont, kunnen wij:",
        ),
        ("U hebt het recht om:", "Wij hebben het recht om:"),
        ("U kunt:", "Wij kunnen:"),
        ("U mag niet:", "Wij mogen:"),
    ],
}

SHAPES = range(4)


def _list(lead: str, lang: str) -> str:
    first, second = ITEMS[lang]
    return f"{lead}\n\n- {first}\n- {second}\n"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_items_of_a_rights_lead_in_state_nothing(lang: str, shape: int) -> None:
    found = read(_list(LEADS[lang][shape][0], lang), lang)
    assert not found.affirmed, found.affirmed
    assert not found.links, found.links


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_same_items_after_a_lead_in_of_ours_state_processing(
    lang: str, shape: int
) -> None:
    found = read(_list(LEADS[lang][shape][1], lang), lang)
    assert "data.location" in found.affirmed
    assert "purpose.advertising" in found.affirmed


#: A control over a processing that exists: the person chooses, the purposes stay stated.
CHOOSE_WHETHER_WE_USE = {
    "en": ("You can choose whether we use your data to:", "personalise ads"),
    "fr": (
        "Vous pouvez choisir si nous utilisons vos données pour :",
        "personnaliser les publicités",
    ),
    "de": ("Sie können wählen, ob wir Ihre Daten nutzen, um:", "Werbung zu personalisieren"),
    "es": ("Usted puede elegir si usamos sus datos para:", "personalizar la publicidad"),
    "it": ("Puoi scegliere se usiamo i tuoi dati per:", "personalizzare la pubblicità"),
    "nl": ("U kunt kiezen of wij uw gegevens gebruiken om:", "advertenties te personaliseren"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_choice_over_our_processing_leads_purposes_that_exist(lang: str) -> None:
    lead, item = CHOOSE_WHETHER_WE_USE[lang]
    assert "purpose.advertising" in read(f"{lead}\n\n- {item}\n", lang).affirmed


#: The person's choices after a bare "You can:": an item offering a control over a purpose
#: (unsubscribing from our marketing e-mails) states it, as "you can unsubscribe …" would.
CONTROL_ITEM = {
    "en": "unsubscribe from the marketing emails we send you",
    "fr": "vous désabonner des e-mails marketing que nous vous envoyons",
    "de": "sich von den Marketing-E-Mails abmelden, die wir Ihnen senden",
    "es": "darse de baja de los correos de marketing que le enviamos",
    "it": "disiscriverti dalle email di marketing che ti inviamo",
    "nl": "u afmelden voor de marketing e-mails die wij u sturen",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_choice_keeps_the_control_it_offers_and_nothing_else(lang: str) -> None:
    lead = LEADS[lang][2][0]  # the bare modal: "You can:"
    first, _ = ITEMS[lang]
    found = read(f"{lead}\n\n- {CONTROL_ITEM[lang]}\n- {first}\n", lang)
    assert "purpose.marketing>control.opt_out" in found.links
    assert "data.location" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_same_control_item_under_a_rights_lead_in_states_nothing(lang: str) -> None:
    lead = LEADS[lang][1][0]  # "You have the right to:", as "the right to opt out" is silent
    found = read(f"{lead}\n\n- {CONTROL_ITEM[lang]}\n", lang)
    assert not found.affirmed and not found.links


def test_a_right_in_an_earlier_clause_of_the_lead_in_leaves_its_list_to_the_last_one() -> None:
    # The cue must stand in the lead-in's last clause: here the list is what we collect.
    text = (
        "You have the right to know what information we collect about you, including:\n\n"
        "- your precise location\n- your contact list\n"
    )
    found = read(text, "en")
    assert "data.location" in found.affirmed


def test_a_rights_list_ends_at_the_next_paragraph() -> None:
    first, second = ITEMS["en"]
    text = f"You can:\n\n- {first}\n\nWe can also:\n\n- {second}\n"
    found = read(text, "en")
    assert "data.location" not in found.affirmed
    assert "purpose.sharing_third_parties" in found.affirmed


# --------------------------------------------------------------------------- prohibitions on others

#: A rule laid on the person: no processing of ours, neither stated nor denied.
RULE_ON_THE_PERSON = {
    "en": "You must not collect the email addresses or the precise location of other members.",
    "fr": "Vous ne devez pas collecter les adresses e-mail ni la localisation précise des autres membres.",
    "de": "Sie dürfen die E-Mail-Adressen oder den genauen Standort anderer Mitglieder nicht erheben.",
    "es": "Usted no debe recopilar las direcciones de correo electrónico ni la ubicación precisa de otros miembros.",
    "it": "Non devi raccogliere gli indirizzi email né la posizione precisa degli altri membri.",
    "nl": "U mag de e-mailadressen of de precieze locatie van andere leden niet verzamelen.",
}

#: The twin: the same rule laid on ourselves is our denial.
RULE_ON_US = {
    "en": "We must not collect the email addresses or the precise location of other members.",
    "fr": "Nous ne devons pas collecter les adresses e-mail ni la localisation précise des autres membres.",
    "de": "Wir dürfen die E-Mail-Adressen oder den genauen Standort anderer Mitglieder nicht erheben.",
    "es": "Nosotros no debemos recopilar las direcciones de correo electrónico ni la ubicación precisa de otros miembros.",
    "it": "Non dobbiamo raccogliere gli indirizzi email né la posizione precisa degli altri membri.",
    "nl": "Wij mogen de e-mailadressen of de precieze locatie van andere leden niet verzamelen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_rule_laid_on_the_person_states_no_processing(lang: str) -> None:
    found = read(RULE_ON_THE_PERSON[lang], lang)
    assert "data.location" not in found.affirmed | found.denied


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_same_rule_laid_on_us_is_our_denial(lang: str) -> None:
    assert "data.location" in read(RULE_ON_US[lang], lang).denied


#: The imperative: "Don't …", « Ne partagez pas … », «Non condividere …».
IMPERATIVE = {
    "en": "Don't share the email addresses or the precise location of other members.",
    "fr": "Ne partagez pas les adresses e-mail ni la localisation précise des autres membres.",
    "it": "Non condividere gli indirizzi email né la posizione precisa degli altri membri.",
}

#: The twin: our own "we don't …", a denial.
WE_DONT = {
    "en": "We don't share the email addresses or the precise location of other members.",
    "fr": "Nous ne partageons pas les adresses e-mail ni la localisation précise des autres membres.",
    "it": "Non condividiamo gli indirizzi email né la posizione precisa degli altri membri.",
}


@pytest.mark.parametrize("lang", sorted(IMPERATIVE))
def test_a_prohibition_in_the_imperative_states_no_processing(lang: str) -> None:
    found = read(IMPERATIVE[lang], lang)
    assert "data.location" not in found.affirmed | found.denied


@pytest.mark.parametrize("lang", sorted(WE_DONT))
def test_twin_our_own_dont_is_a_denial(lang: str) -> None:
    assert "data.location" in read(WE_DONT[lang], lang).denied


def test_a_rule_laid_on_developers_states_no_processing_and_ours_denies() -> None:
    rule = "Developers must not sell the contact lists or the precise location of their users."
    ours = "We must not sell the contact lists or the precise location of our users."
    assert "data.location" not in read(rule, "en").affirmed | read(rule, "en").denied
    assert "data.location" in read(ours, "en").denied


def test_a_conditional_dont_is_no_imperative() -> None:
    # "if you don't …" opens no clause with "don't": the sentence still states our use.
    text = "If you don't turn it off, we use your precise location to personalise ads."
    assert "data.location" in read(text, "en").affirmed


def test_a_right_granted_to_us_leads_processing() -> None:
    # The person must hold the right: "you grant us the right to:" leads our processing.
    first, second = ITEMS["en"]
    found = read(f"You grant us the right to:\n\n- {first}\n- {second}\n", "en")
    assert "data.location" in found.affirmed


def test_a_bare_modal_of_other_users_leads_no_rights() -> None:
    # Only the person's own "you can:" is a choice of theirs: "these partners may:" is not.
    first, _ = ITEMS["en"]
    found = read(f"To measure our ads, these partners may:\n\n- {first}\n", "en")
    assert "data.location" in found.affirmed


def test_an_imperative_that_forbids_nothing_keeps_its_sentence() -> None:
    # « N'oubliez pas que … » forbids nothing: the sentence is still read (its "ne … pas" is
    # a negation of its own, read as such), where « Ne partagez pas … » is silent.
    text = "N'oubliez pas que nous utilisons votre localisation précise pour personnaliser les publicités."
    found = read(text, "fr")
    assert "data.location" in found.affirmed | found.denied
