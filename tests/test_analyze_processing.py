"""Facts come from processing statements: tables read as rows, rights and pointers state
nothing, controls, sale and recipients, announcements in their many forms.

Every fixture here is written for the rule it tests (one family of wordings), not taken
from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import SALE, classify, facts_delta, new_announcements, view
from monitor.extract import extract
from monitor.model import Facts, Severity


def md(text: str, language: str = "en") -> Facts:
    return analyze(extract(text.encode(), "text/markdown"), language=language)


def html(text: str, language: str = "en") -> Facts:
    return analyze(extract(text.encode(), "text/html"), language=language)


def ids(facts: Facts) -> frozenset[str]:
    return view(facts).affirmed


def links(facts: Facts) -> frozenset[str]:
    return view(facts).links


# --------------------------------------------------------------------------- tables

AI_TABLE = """# Privacy notice

## How we use your data

| How we use your data | Legitimate interests relied on | Personal data used |
| --- | --- | --- |
| To train our generative AI models | Our interest in building better AI features | Profile data<br>Conversation data you type into AI features<br>Group messages<br>Posts and comments<br>Resumes<br><br>You can opt out in Settings. |
"""


def test_table_header_gives_each_column_its_role() -> None:
    facts = md(AI_TABLE)
    assert "basis.legitimate_interests>purpose.ai_training" in links(facts)
    tied = {link.split(">")[1] for link in links(facts) if link.startswith("purpose.ai_training>")}
    assert tied == {
        "data.profile",
        "data.ai_inputs",
        "data.communications",
        "data.content",
        "data.employment",
        "control.opt_out",
    }


def test_html_table_with_line_breaks_in_cells_reads_the_same() -> None:
    page = """<html><body><main><h2>How we use your data</h2><table>
    <tr><th>Purpose</th><th>Legal basis</th><th>Data</th></tr>
    <tr><td>Showing you ads</td><td>Consent</td><td>Device identifiers<br>Pages you visit</td></tr>
    </table></main></body></html>"""
    facts = html(page)
    assert {
        "basis.consent>purpose.advertising",
        "purpose.advertising>data.technical",
        "purpose.advertising>data.activity",
    } <= links(facts)


def test_header_row_after_an_empty_row_still_names_the_columns() -> None:
    facts = md(
        """## Purposes

|   |   |
| --- | --- |
| **Purposes** | **Legal basis** |
| Sending you newsletters | Consent |
"""
    )
    assert "basis.consent>purpose.marketing" in links(facts)


def test_a_facet_stays_in_its_column() -> None:
    """ "Marketing preferences" in the data column names data, not a second purpose."""
    facts = md(
        """| Purpose | Data |
| --- | --- |
| Fraud prevention | Your email address, marketing preferences |
"""
    )
    assert "purpose.security>data.identifiers" in links(facts)
    assert "purpose.marketing" not in ids(facts)


# --------------------------------------------------------------------------- processing statements


@pytest.mark.parametrize(
    "sentence",
    [
        # rights
        "You can withdraw your consent at any time.",
        "You have the right to object to processing based on our legitimate interests.",
        "You may ask us to delete your contact details.",
        # pointers (imperative only)
        "Visit our Safety Center to learn how we protect your location data.",
        "To learn more about advertising, see our Cookie Policy.",
        # discouragements and prohibitions
        "We do not encourage you to provide health data or information about your religion.",
        "Please do not share your political opinions in your profile.",
        # definitions
        '"Sensitive data" means information about health, ethnic origin or sex life.',
        # retention
        "We keep your messages for 30 days.",
        # controller identity
        "The company that entered into the contract with you is the controller of your data.",
        # questions
        "Does the service collect information from children?",
    ],
)
def test_sentences_that_state_no_processing_yield_no_facts(sentence: str) -> None:
    facts = md(f"# Notice\n\n{sentence}\n")
    assert ids(facts) == frozenset()
    assert all(not st.facts for st in facts.statements)


def test_an_indicative_visit_is_processing() -> None:
    facts = md("# Notice\n\nWhen you visit our website, we collect your IP address.\n")
    assert "data.technical" in ids(facts)


def test_a_sentence_without_a_processing_verb_states_nothing() -> None:
    facts = md("# Notice\n\nOur team cares about security and your location.\n")
    assert ids(facts) == frozenset()


def test_list_items_after_a_lead_in_state_processing() -> None:
    facts = md(
        "# Notice\n\nWe collect the following information:\n\n- Your email address\n- Your precise location\n"
    )
    assert {"data.identifiers", "data.location"} <= ids(facts)


def test_list_items_under_a_heading_that_says_processing() -> None:
    facts = md("# Notice\n\n## Information we collect\n\n- Your email address\n")
    assert "data.identifiers" in ids(facts)


# --------------------------------------------------------------------------- negation


def test_negation_stops_at_a_missing_full_stop() -> None:
    facts = md(
        "# Notice\n\nWe do not sell personal data to third parties We share your email address"
        " with service providers for our legitimate interests.\n"
    )
    assert {"basis.legitimate_interests", "data.identifiers"} <= ids(facts)
    denied = [st for st in facts.statements if st.negated]
    assert denied and denied[0].sale


def test_a_title_case_name_does_not_start_a_sentence() -> None:
    """ "Personal Information We Receive From Third Parties such as your location" is one
    sentence: the capitalised "We" inside a title is no missing full stop, so the lead-in's
    purpose ties the data listed under that title."""
    facts = md(
        "# Notice\n\nWe use the following data to recommend profiles to you: Personal"
        " Information You Provide such as your age and gender; and Personal Information We"
        " Receive From Third Parties such as your precise location.\n"
    )
    assert {
        "purpose.personalization>data.demographic",
        "purpose.personalization>data.location",
    } <= links(facts)


def test_a_capitalised_noun_before_a_starter_still_cuts_in_german() -> None:
    facts = md(
        "# Hinweis\n\nWir verkaufen keine Daten Wir teilen Ihre E-Mail-Adresse mit"
        " Dienstleistern.\n",
        "de",
    )
    assert "data.identifiers" in ids(facts)


def test_a_passive_denial_negates_what_comes_before_it() -> None:
    facts = md("# Notice\n\nBiometric data is not stored on our servers.\n")
    assert "data.biometric" not in ids(facts)
    assert any(st.negated and "data.biometric" in st.facts for st in facts.statements)


# --------------------------------------------------------------------------- selling and sharing


def test_selling_is_sharing_with_the_sale_flag_and_recipients() -> None:
    facts = md(
        "# Notice\n\nWe may sell or share personal information with advertising partners"
        " and disclose it to data brokers.\n"
    )
    assert "purpose.sharing_third_parties" in ids(facts)
    assert "data.third_party" not in ids(facts)
    statement = next(st for st in facts.statements if not st.negated)
    assert statement.sale
    assert {"recipient.advertisers", "recipient.data_brokers"} <= statement.recipients
    assert view(facts).sale


GOODS_SOLD_BY_A_SELLER = [
    (
        "en",
        "For products sold and shipped by a seller, we share your name and address with third"
        " parties who deliver them.",
        "We sell your personal information to third parties.",
    ),
    (
        "fr",
        "Pour les produits vendus et expédiés par un vendeur, nous partageons votre nom et votre"
        " adresse avec des tiers qui les livrent.",
        "Nous vendons vos données personnelles à des tiers.",
    ),
    (
        "de",
        "Für Produkte, die von einem Händler verkauft und versandt werden, geben wir Ihren Namen"
        " und Ihre Adresse an Dritte weiter, die sie liefern.",
        "Wir verkaufen Ihre personenbezogenen Daten an Dritte.",
    ),
    (
        "es",
        "Para los productos vendidos y enviados por un vendedor, compartimos su nombre y"
        " dirección con terceros que los entregan.",
        "Vendemos sus datos personales a terceros.",
    ),
    (
        "it",
        "Per i prodotti venduti e spediti da un venditore, condividiamo il tuo nome e indirizzo"
        " con terzi che li consegnano.",
        "Vendiamo i tuoi dati personali a terzi.",
    ),
    (
        "nl",
        "Voor producten verkocht en verzonden door een verkoper delen wij uw naam en adres met"
        " derden die ze leveren.",
        "Wij verkopen uw persoonsgegevens aan derden.",
    ),
]


@pytest.mark.parametrize(("language", "goods", "data"), GOODS_SOLD_BY_A_SELLER)
def test_goods_sold_by_a_seller_are_no_sale_of_data(language: str, goods: str, data: str) -> None:
    shared = md(f"# N\n\n{goods}\n", language)
    assert "purpose.sharing_third_parties" in ids(shared)
    assert not view(shared).sale
    assert view(md(f"# N\n\n{data}\n", language)).sale


ADVERTISING_SPACE_SOLD_TO_US = [
    (
        "en",
        "We share your device identifiers with third parties, such as publishers who sell us"
        " advertising space.",
        "We sell your device identifiers to third parties, such as publishers.",
    ),
    (
        "fr",
        "Nous partageons vos identifiants avec des tiers, comme les éditeurs qui nous vendent des"
        " espaces publicitaires.",
        "Nous vendons vos identifiants à des tiers, comme les éditeurs.",
    ),
    (
        "de",
        "Wir geben Ihre Gerätekennungen an Dritte weiter, etwa an Verlage, die uns Werbeflächen"
        " verkaufen.",
        "Wir verkaufen Ihre Gerätekennungen an Dritte, etwa an Verlage.",
    ),
    (
        "es",
        "Compartimos sus identificadores con terceros, como editores que nos venden espacios"
        " publicitarios.",
        "Vendemos sus identificadores a terceros, como editores.",
    ),
    (
        "it",
        "Condividiamo i tuoi identificativi con terzi, come editori che ci vendono spazi"
        " pubblicitari.",
        "Vendiamo i tuoi identificativi a terzi, come editori.",
    ),
    (
        "nl",
        "Wij delen uw apparaat-ID's met derden, zoals uitgevers die ons advertentieruimte"
        " verkopen.",
        "Wij verkopen uw apparaat-ID's aan derden, zoals uitgevers.",
    ),
]


@pytest.mark.parametrize(("language", "space", "data"), ADVERTISING_SPACE_SOLD_TO_US)
def test_advertising_space_sold_to_us_is_no_sale_of_data(
    language: str, space: str, data: str
) -> None:
    shared = md(f"# N\n\n{space}\n", language)
    assert "purpose.sharing_third_parties" in ids(shared)
    assert not view(shared).sale
    assert view(md(f"# N\n\n{data}\n", language)).sale


EMPLOYER_AS_SOURCE = [
    (
        "en",
        "We receive your email address from your employer.",
        "We collect the name of your employer.",
    ),
    (
        "fr",
        "Nous recevons votre adresse e-mail fournie par votre employeur.",
        "Nous collectons le nom de votre employeur.",
    ),
    (
        "de",
        "Wir erhalten Ihre E-Mail-Adresse von Ihrem Arbeitgeber.",
        "Wir erheben den Namen Ihres Arbeitgebers.",
    ),
    (
        "es",
        "Recibimos su dirección de correo electrónico facilitada por su empleador.",
        "Recopilamos el nombre de su empleador.",
    ),
    (
        "it",
        "Riceviamo il tuo indirizzo email fornito dal tuo datore di lavoro.",
        "Raccogliamo il nome del tuo datore di lavoro.",
    ),
    (
        "nl",
        "Wij ontvangen uw e-mailadres via uw werkgever.",
        "Wij verzamelen de naam van uw werkgever.",
    ),
]


@pytest.mark.parametrize(("language", "source", "own"), EMPLOYER_AS_SOURCE)
def test_the_employer_as_a_source_is_no_employment_data(
    language: str, source: str, own: str
) -> None:
    assert "data.employment" not in ids(md(f"# N\n\n{source}\n", language))
    assert "data.employment" in ids(md(f"# N\n\n{own}\n", language))


def test_data_received_from_brokers_is_third_party_data() -> None:
    facts = md("# Notice\n\nWe receive information about you from data brokers.\n")
    assert "data.third_party" in ids(facts)


def test_from_not_selling_to_selling_is_material() -> None:
    old = md("# Notice\n\nWe do not sell your personal information.\n")
    new = md("# Notice\n\nWe sell your personal information to data brokers.\n")
    delta = facts_delta(old, new)
    assert (("added", SALE)) in [(c.op, c.fact) for c in delta]
    assert classify(delta, True, old=old, new=new) is Severity.MATERIAL


# --------------------------------------------------------------------------- special categories, children


def test_sensitive_alone_is_no_special_category() -> None:
    facts = md("# Notice\n\nWe process sensitive data with care.\n")
    assert "data.special" not in ids(facts)


def test_special_categories_stated_by_processing() -> None:
    facts = md("# Notice\n\nWe use information about your sexual orientation to match you.\n")
    assert "data.special" in ids(facts)


def test_health_and_safety_is_not_health_data() -> None:
    facts = md("# Notice\n\nWe use your contact details for health and safety purposes.\n")
    assert "data.health" not in ids(facts)


def test_childrens_data_is_stated_by_a_denial() -> None:
    facts = md(
        "# Notice\n\nWe do not knowingly collect personal information from children under 13.\n"
    )
    assert "data.children" in ids(facts)
    assert any(st.negated and "data.children" in st.facts for st in facts.statements)


LAYOUT_ROW = {
    "en": (
        "# Notice\n\n## Other information\n\n| | |\n|---|---|\n| Information from other sources |"
        " We may receive your email address from partners to complete your profile. Separately,"
        " we show you advertising based on your purchase history. |\n"
    ),
    "fr": (
        "# Avis\n\n## Autres informations\n\n| | |\n|---|---|\n| Informations provenant d'autres"
        " sources | Nous pouvons recevoir votre adresse e-mail de nos partenaires pour compléter"
        " votre profil. Par ailleurs, nous vous montrons de la publicité fondée sur vos achats. |\n"
    ),
}


@pytest.mark.parametrize("language", sorted(LAYOUT_ROW))
def test_a_layout_row_of_prose_ties_within_its_sentences(language: str) -> None:
    """A headerless table whose cell holds sentences is read as paragraphs: the advertising
    sentence does not tie the email address received in the sentence before it."""
    facts = md(LAYOUT_ROW[language], language)
    assert {"data.identifiers", "purpose.advertising"} <= ids(facts)
    assert "purpose.advertising>data.activity" in links(facts)
    assert "purpose.advertising>data.identifiers" not in links(facts)


def test_a_prose_row_keeps_the_purpose_its_first_cell_names() -> None:
    facts = md(
        "# Notice\n\n| | |\n|---|---|\n| Remembering your preferences to personalise your"
        " experience | We store the travel preferences you share with us. We only do this after"
        " you give your explicit consent. |\n"
    )
    assert "basis.explicit_consent>purpose.personalization" in links(facts)


CONTRACTS_WITH_OTHERS = [
    (
        "en",
        "We share your email address with service providers only where we enter into contracts"
        " with third parties that protect it.",
        "We process your email address to perform our contract with you.",
    ),
    (
        "fr",
        "Nous partageons votre adresse e-mail avec des prestataires dans le cadre de contrats avec"
        " nos prestataires qui la protègent.",
        "Nous traitons votre adresse e-mail pour l'exécution de votre contrat.",
    ),
    (
        "de",
        "Wir geben Ihre E-Mail-Adresse an Dienstleister weiter, mit denen wir Verträge mit Dritten"
        " geschlossen haben.",
        "Wir verarbeiten Ihre E-Mail-Adresse zur Erfüllung des Vertrags mit Ihnen.",
    ),
    (
        "es",
        "Compartimos su dirección de correo electrónico con proveedores en virtud de contratos con"
        " terceros que la protegen.",
        "Tratamos su dirección de correo electrónico para la ejecución del contrato.",
    ),
    (
        "it",
        "Condividiamo il tuo indirizzo email con fornitori in base a contratti con terzi che lo"
        " proteggono.",
        "Trattiamo il tuo indirizzo email per l'esecuzione del contratto.",
    ),
    (
        "nl",
        "Wij delen uw e-mailadres met dienstverleners op grond van contracten met derden die het"
        " beschermen.",
        "Wij verwerken uw e-mailadres voor de uitvoering van de overeenkomst met u.",
    ),
]


@pytest.mark.parametrize(("language", "others", "own"), CONTRACTS_WITH_OTHERS)
def test_contracts_with_others_are_not_the_contract_basis(
    language: str, others: str, own: str
) -> None:
    assert "basis.contract" not in ids(md(f"# N\n\n{others}\n", language))
    assert "basis.contract" in ids(md(f"# N\n\n{own}\n", language))


# --------------------------------------------------------------------------- controls


def test_opt_out_in_the_next_sentence_controls_the_paragraphs_purpose() -> None:
    facts = md(
        "# Notice\n\nWe use your posts to train our AI models. You can opt out in your settings.\n"
    )
    assert "purpose.ai_training>control.opt_out" in links(facts)


def test_consent_first_is_opt_in() -> None:
    facts = md(
        "# Notice\n\nWith your consent, we use your location to show you personalised ads.\n"
    )
    assert "purpose.advertising>control.consent" in links(facts)


def test_moving_from_opt_in_to_opt_out_is_material() -> None:
    old = md("# Notice\n\nWith your consent, we use your posts to train our AI models.\n")
    new = md(
        "# Notice\n\nWe use your posts to train our AI models. You can opt out in your settings.\n"
    )
    delta = facts_delta(old, new)
    changed = {(c.op, c.fact) for c in delta}
    assert ("added", "purpose.ai_training>control.opt_out") in changed
    assert ("removed", "purpose.ai_training>control.consent") in changed
    assert classify(delta, True, old=old, new=new) is Severity.MATERIAL


def test_gaining_an_opt_out_alone_is_shown_but_not_material() -> None:
    old = md("# Notice\n\nWe use your posts to train our AI models.\n")
    new = md(
        "# Notice\n\nWe use your posts to train our AI models. You can opt out in your settings.\n"
    )
    delta = facts_delta(old, new)
    assert [(c.op, c.fact) for c in delta] == [("added", "purpose.ai_training>control.opt_out")]
    assert classify(delta, True, old=old, new=new) is Severity.EDITORIAL


def test_gaining_an_opt_in_where_none_was_stated_is_shown_but_not_material() -> None:
    """The person gains a say: the purpose's card shows it, no alert as a material change."""
    old = md("# Notice\n\nWe use your posts to train our AI models.\n")
    new = md("# Notice\n\nWe use your posts to train our AI models if you agree to it.\n")
    delta = facts_delta(old, new)
    assert [(c.op, c.fact) for c in delta] == [("added", "purpose.ai_training>control.consent")]
    assert classify(delta, True, old=old, new=new) is Severity.EDITORIAL


def test_an_opt_out_added_beside_a_consent_that_stays_is_not_material() -> None:
    old = md("# Notice\n\nWith your consent, we use your posts to train our AI models.\n")
    new = md(
        "# Notice\n\nWith your consent, we use your posts to train our AI models."
        " You can opt out in your settings.\n"
    )
    delta = facts_delta(old, new)
    assert [(c.op, c.fact) for c in delta] == [("added", "purpose.ai_training>control.opt_out")]
    assert classify(delta, True, old=old, new=new) is Severity.EDITORIAL
    # The other way round: the opt-out dropped, the consent kept; still opt-in.
    delta = facts_delta(new, old)
    assert [(c.op, c.fact) for c in delta] == [("removed", "purpose.ai_training>control.opt_out")]
    assert classify(delta, True, old=new, new=old) is Severity.EDITORIAL


def test_losing_an_opt_out_is_material() -> None:
    old = md(
        "# Notice\n\nWe use your posts to train our AI models. You can opt out in your settings.\n"
    )
    new = md("# Notice\n\nWe use your posts to train our AI models.\n")
    delta = facts_delta(old, new)
    assert [(c.op, c.fact) for c in delta] == [("removed", "purpose.ai_training>control.opt_out")]
    assert classify(delta, True, old=old, new=new) is Severity.MATERIAL


# --------------------------------------------------------------------------- announcements

BASE = "# Notice\n\n## How we use data\n\nWe use your email address to send you newsletters.\n\n"


@pytest.mark.parametrize(
    ("banner", "iso"),
    [
        (
            "On November 3, 2025, we are updating this notice to provide information about our"
            " reliance on legitimate interests as the legal basis for training AI models."
            " You can opt out any time in your settings.",
            "2025-11-03",
        ),
        ("From 3 November 2025, we will use your posts to train our AI models.", "2025-11-03"),
        ("Starting 1 May 2026, we use your location to personalise ads.", "2026-05-01"),
        (
            "This version of the notice will go into effect on January 15, 2026. Until then,"
            " the current notice applies.",
            "2026-01-15",
        ),
        ("Please review the changes before they take effect on 15 December 2026.", "2026-12-15"),
        (
            "Last updated: 1 May 2025\n\nOur new sharing rules apply (effective from 28 January 2026).",
            "2026-01-28",
        ),
    ],
)
def test_announcement_forms_carry_their_date(banner: str, iso: str) -> None:
    facts = md(banner + "\n\n" + BASE)
    assert [a.effective_date for a in facts.announcements] == [iso]


def test_the_linkedin_style_banner_names_its_facts_and_is_material() -> None:
    banner = (
        "On November 3, 2025, we are updating this notice to provide information about our"
        " reliance on Legitimate Interests as the legal basis for training content-generating AI"
        " models used in our products. You can opt out any time in your settings."
    )
    old, new = md(BASE), md(banner + "\n\n" + BASE)
    (announcement,) = new.announcements
    assert {
        "basis.legitimate_interests>purpose.ai_training",
        "purpose.ai_training>control.opt_out",
    } <= announcement.facts
    delta = facts_delta(old, new)
    assert [c.fact for c in delta] == ["announcement"]
    assert classify(delta, True, old=old, new=new) is Severity.MATERIAL
    # The banner announces; it is not yet a statement of the notice.
    assert "purpose.ai_training" not in ids(new)


def test_undated_announcement() -> None:
    facts = md(
        "# Notice\n\nOnce this change comes into effect, we will share your data with our new"
        " partner for advertising.\n"
    )
    assert [a.effective_date for a in facts.announcements] == [None]


def test_the_notices_own_date_is_no_announcement() -> None:
    facts = md(
        "# Notice\n\nEffective from 1 May 2025\n\nWe use your email address to send you newsletters.\n"
    )
    assert facts.announcements == ()
    assert facts.effective_date == "2025-05-01"


def test_are_updating_then_updated_is_not_a_new_announcement() -> None:
    before = md(
        "On November 3, 2025, we are updating this notice to rely on legitimate interests"
        " to train AI models.\n\n" + BASE
    )
    after = md(
        "On November 3, 2025, we updated this notice to rely on legitimate interests"
        " to train AI models.\n\n" + BASE
    )
    assert new_announcements(before, after) == ()


def test_an_announcement_naming_no_fact_is_not_material_alone() -> None:
    old = md(BASE)
    new = md("This notice will be updated on 1 March 2027 to make it easier to read.\n\n" + BASE)
    assert [a.effective_date for a in new.announcements] == ["2027-03-01"]
    delta = facts_delta(old, new)
    assert delta == ()
    assert classify(delta, True, old=old, new=new) is Severity.EDITORIAL


def test_a_bracketed_date_dates_a_section_not_the_notice() -> None:
    facts = md(
        "# Policy\n\n## Contacts permission\n\nApps must ask before reading contacts"
        " (effective from 28 January 2026).\n\n" + BASE
    )
    assert facts.effective_date is None
    assert [a.effective_date for a in facts.announcements] == ["2026-01-28"]


def test_examples_under_a_rows_purpose_do_not_take_its_basis() -> None:
    facts = md(
        """| Why we process data | Legal basis |
| --- | --- |
| **To provide our services**<br><br>Examples: we use cookies to detect fraud. | Contract |
"""
    )
    assert "basis.contract>purpose.service" in links(facts)
    assert "basis.contract>purpose.security" not in links(facts)
    assert "purpose.security" in ids(facts)


EXAMPLE_ROWS = {
    "en": (
        "| Why we process data | Legal basis |\n| --- | --- |\n| To develop new features<br>Examples"
        " of processing activities: we study reports to improve security and fraud detection."
        " | Legitimate interests |\n",
        "| Why we process data | Legal basis |\n| --- | --- |\n| Our community<br>To prevent fraud"
        " and abuse<br>For example, we check messages for spam. | Legitimate interests |\n",
    ),
    "fr": (
        "| Finalité | Base juridique |\n| --- | --- |\n| Développer de nouvelles fonctionnalités<br>"
        "Exemples de traitements : nous étudions les signalements pour améliorer la sécurité et la"
        " détection des fraudes. | Intérêt légitime |\n",
        "| Finalité | Base juridique |\n| --- | --- |\n| Notre communauté<br>Prévenir la fraude et"
        " les abus<br>Par exemple, nous vérifions les messages. | Intérêt légitime |\n",
    ),
}


@pytest.mark.parametrize("language", sorted(EXAMPLE_ROWS))
def test_a_purpose_cell_names_its_purpose_before_its_examples(language: str) -> None:
    """The row's purpose is what its cell says before "Examples"/"For example" (all of its
    lines up to there): a purpose named only in the examples does not take the row's basis,
    even when the first line names none of ours."""
    only_examples, second_line = EXAMPLE_ROWS[language]
    facts = md(only_examples, language)
    assert "purpose.security" in ids(facts)
    assert "basis.legitimate_interests>purpose.security" not in links(facts)
    assert "basis.legitimate_interests>purpose.security" in links(md(second_line, language))


def test_a_control_change_quotes_the_purpose_and_the_control() -> None:
    old = md("# Notice\n\nWith your consent, we use your posts to train our AI models.\n")
    new = md(
        "# Notice\n\nWe use your posts to train our AI models. We keep improving them."
        " You can opt out in your settings.\n"
    )
    (change,) = [c for c in facts_delta(old, new) if c.fact.endswith(">control.opt_out")]
    assert change.new_evidence == (
        "We use your posts to train our AI models. We keep improving them."
        " You can opt out in your settings.",
    )


def test_a_purpose_heading_ties_the_data_stated_under_it() -> None:
    facts = md(
        "# Notice\n\n## Training our AI models\n\nWe use your posts and your messages"
        " for this.\n\n## Other\n\nWe use your location.\n"
    )
    assert {"purpose.ai_training>data.content", "purpose.ai_training>data.communications"} <= (
        links(facts)
    )
    assert "purpose.ai_training>data.location" not in links(facts)
