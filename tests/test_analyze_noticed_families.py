"""Wordings noticed on real notices and left alone last stop: each family with a fixture that
states the fact and a twin in near-identical words that does not (or the reverse).

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.diff.facts import view
from tests.families import LANGS, notice_facts, read

# --------------------------------------------------------------------------- a negated necessity qualifier

#: A relative clause that negates necessity says which cookies; the sentence states their use.
USE_NOT_NECESSARY_RELATIVE = {
    "en": "We use cookies that are not strictly necessary to show you personalised advertising, based on your consent.",
    "fr": "Nous utilisons les cookies qui ne sont pas strictement nécessaires au fonctionnement du site pour vous montrer de la publicité personnalisée, sur la base de votre consentement.",
    "de": "Wir verwenden Cookies, die für den Betrieb der Website nicht erforderlich sind, um Ihnen personalisierte Werbung zu zeigen, auf Grundlage Ihrer Einwilligung.",
    "es": "Usamos cookies que no son estrictamente necesarias para mostrarle publicidad personalizada, sobre la base de su consentimiento.",
    "it": "Utilizziamo cookie che non sono strettamente necessari per mostrarti pubblicità personalizzata, sulla base del tuo consenso.",
    "nl": "Wij gebruiken cookies die niet strikt noodzakelijk zijn om u gepersonaliseerde advertenties te tonen, op basis van uw toestemming.",
}

#: The same qualifier as an adjective phrase before or after the noun.
USE_NOT_NECESSARY_ADJECTIVE = {
    "en": "With your consent, we use cookies not strictly necessary for the service to show you personalised advertising.",
    "fr": "Avec votre consentement, nous utilisons des cookies pas strictement nécessaires au service pour vous montrer de la publicité personnalisée.",
    "de": "Mit Ihrer Einwilligung verwenden wir nicht unbedingt erforderliche Cookies, um Ihnen personalisierte Werbung zu zeigen.",
    "es": "Con su consentimiento, usamos cookies no esenciales para mostrarle publicidad personalizada.",
    "it": "Con il tuo consenso, utilizziamo cookie non strettamente necessari per mostrarti pubblicità personalizzata.",
    "nl": "Met uw toestemming gebruiken wij niet-noodzakelijke cookies om u gepersonaliseerde advertenties te tonen.",
}

#: The twin: a negation outside the qualifier still denies what the sentence names.
DO_NOT_USE_NOT_NECESSARY = {
    "en": "We do not use cookies that are not strictly necessary.",
    "fr": "Nous n'utilisons pas de cookies qui ne sont pas strictement nécessaires.",
    "de": "Wir verwenden keine Cookies, die nicht unbedingt erforderlich sind.",
    "es": "No usamos cookies que no sean estrictamente necesarias.",
    "it": "Non utilizziamo cookie che non siano strettamente necessari.",
    "nl": "Wij gebruiken geen cookies die niet strikt noodzakelijk zijn.",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "texts",
    [USE_NOT_NECESSARY_RELATIVE, USE_NOT_NECESSARY_ADJECTIVE],
    ids=["relative", "adjective"],
)
def test_a_negated_necessity_qualifier_denies_nothing(texts: dict[str, str], lang: str) -> None:
    facts = read(texts[lang], lang)
    assert {"data.technical", "purpose.advertising", "basis.consent"} <= facts.affirmed
    assert not facts.denied


@pytest.mark.parametrize("lang", LANGS)
def test_twin_a_negation_outside_the_qualifier_still_denies(lang: str) -> None:
    facts = read(DO_NOT_USE_NOT_NECESSARY[lang], lang)
    assert "data.technical" in facts.denied
    assert "data.technical" not in facts.affirmed


# --------------------------------------------------------------------------- the family of companies

#: The group's "family of companies" is its affiliates, whatever stands between "with" and it.
SHARE_WITH_FAMILY_OF_COMPANIES = {
    "en": "We may share your information with Oath and the Acme family of companies.",
    "fr": "Nous pouvons partager vos informations avec Oath et notre famille de sociétés.",
    "de": "Wir können Ihre Informationen an Oath und unsere Unternehmensfamilie weitergeben.",
    "es": "Podemos compartir su información con Oath y nuestra familia de empresas.",
    "it": "Possiamo condividere le tue informazioni con Oath e la nostra famiglia di società.",
    "nl": "Wij kunnen uw informatie delen met Oath en onze bedrijvenfamilie.",
}

#: ... and a family of brands, the group named inside it.
SHARE_WITHIN_FAMILY_OF_BRANDS = {
    "en": "We share your information within our family of brands.",
    "fr": "Nous partageons vos informations avec la famille de marques Acme.",
    "de": "Wir teilen Ihre Informationen innerhalb der Acme-Unternehmensfamilie.",
    "es": "Compartimos su información con la familia de marcas Acme.",
    "it": "Condividiamo le tue informazioni con la famiglia di marchi Acme.",
    "nl": "Wij delen uw informatie met de Acme-familie van merken.",
}

#: The twin: the person's family (a family plan, family members) is no company.
SHARE_WITH_FAMILY_MEMBERS = {
    "en": "If you use a family plan, we may share your information with Oath and your family members.",
    "fr": "Si vous utilisez un forfait famille, nous pouvons partager vos informations avec Oath et les membres de votre famille.",
    "de": "Wenn Sie einen Familientarif nutzen, können wir Ihre Informationen an Oath und Ihre Familienmitglieder weitergeben.",
    "es": "Si usa un plan familiar, podemos compartir su información con Oath y los miembros de su familia.",
    "it": "Se usi un piano famiglia, possiamo condividere le tue informazioni con Oath e i membri della tua famiglia.",
    "nl": "Als u een gezinsabonnement gebruikt, kunnen wij uw informatie delen met Oath en uw familieleden.",
}


#: The twin: third parties outside the family of companies are no affiliates.
SHARE_OUTSIDE_FAMILY_OF_COMPANIES = {
    "en": "We share your information with third parties outside of the Acme family of companies.",
    "fr": "Nous partageons vos informations avec des tiers en dehors de notre famille de sociétés.",
    "de": "Wir geben Ihre Informationen an Dritte außerhalb unserer Unternehmensfamilie weiter.",
    "es": "Compartimos su información con terceros fuera de nuestra familia de empresas.",
    "it": "Condividiamo le tue informazioni con terzi al di fuori della nostra famiglia di società.",
    "nl": "Wij delen uw informatie met derden buiten onze bedrijvenfamilie.",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "texts",
    [SHARE_WITH_FAMILY_OF_COMPANIES, SHARE_WITHIN_FAMILY_OF_BRANDS],
    ids=["companies", "brands"],
)
def test_the_family_of_companies_is_sharing_with_affiliates(
    texts: dict[str, str], lang: str
) -> None:
    assert "purpose.sharing_affiliates" in read(texts[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "texts",
    [SHARE_WITH_FAMILY_MEMBERS, SHARE_OUTSIDE_FAMILY_OF_COMPANIES],
    ids=["family-members", "outside"],
)
def test_twin_the_persons_family_or_outside_the_group_is_no_affiliate(
    texts: dict[str, str], lang: str
) -> None:
    assert "purpose.sharing_affiliates" not in read(texts[lang], lang).affirmed


# --------------------------------------------------------------------------- a plan dated before the notice

#: The notice's own date, and a sentence that announces a change from a date.
DATED_PLAN = {
    "en": (
        "Last updated: 1 March 2019.",
        "As of {d}, we will share your contact details with our affiliates for advertising.",
        ("18 May 2018", "18 May 2020"),
    ),
    "fr": (
        "Dernière mise à jour : 1er mars 2019.",
        "À compter du {d}, nous partagerons vos coordonnées avec nos filiales à des fins publicitaires.",
        ("18 mai 2018", "18 mai 2020"),
    ),
    "de": (
        "Zuletzt aktualisiert: 1. März 2019.",
        "Ab dem {d} werden wir Ihre Kontaktdaten zu Werbezwecken an unsere Tochtergesellschaften weitergeben.",
        ("18. Mai 2018", "18. Mai 2020"),
    ),
    "es": (
        "Última actualización: 1 de marzo de 2019.",
        "A partir del {d}, compartiremos sus datos de contacto con nuestras filiales con fines publicitarios.",
        ("18 de mayo de 2018", "18 de mayo de 2020"),
    ),
    "it": (
        "Ultimo aggiornamento: 1 marzo 2019.",
        "A partire dal {d}, condivideremo i tuoi dati di contatto con le società del gruppo per finalità pubblicitarie.",
        ("18 maggio 2018", "18 maggio 2020"),
    ),
    "nl": (
        "Laatst bijgewerkt: 1 maart 2019.",
        "Vanaf {d} delen wij uw contactgegevens met onze groepsmaatschappijen voor advertenties.",
        ("18 mei 2018", "18 mei 2020"),
    ),
}

PLANNED = {"purpose.sharing_affiliates", "purpose.advertising", "data.identifiers"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_dated_before_the_notice_is_a_statement(lang: str) -> None:
    head, plan, (past, _future) = DATED_PLAN[lang]
    facts = notice_facts(f"{head}\n\n{plan.format(d=past)}", lang)
    assert facts.effective_date == "2019-03-01"
    assert not facts.announcements
    assert view(facts).affirmed >= PLANNED


@pytest.mark.parametrize("lang", LANGS)
def test_twin_a_plan_dated_after_the_notice_is_an_announcement(lang: str) -> None:
    head, plan, (_past, future) = DATED_PLAN[lang]
    facts = notice_facts(f"{head}\n\n{plan.format(d=future)}", lang)
    assert [a.effective_date for a in facts.announcements] == ["2020-05-18"]
    assert facts.announcements[0].facts >= PLANNED
    assert not view(facts).affirmed


def test_a_plan_opened_by_its_date_on_the_notices_date_is_the_notice() -> None:
    # "Starting <the notice's own date>, we …" is the notice itself; without a notice date, or
    # announced by its verb on that date ("will take effect"), it stays an announcement.
    plan = (
        "Starting 1 March 2019, we share your contact details with our affiliates for advertising."
    )
    facts = notice_facts(f"Last updated: 1 March 2019.\n\n{plan}", "en")
    assert not facts.announcements
    assert view(facts).affirmed >= PLANNED
    undated = notice_facts(plan, "en")
    assert [a.effective_date for a in undated.announcements] == ["2019-03-01"]
    assert not view(undated).affirmed
