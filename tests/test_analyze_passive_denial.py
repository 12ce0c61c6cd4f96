"""A passive denial denies what follows it too: "your messages aren't shared with third parties".

A cue listed both as a negation and as a passive denial (``[grammar] negation`` and
``negation_after``: "aren't", "won't", « ne sont pas », "no se", "non sono") used to
count only as the passive one, which denies what comes BEFORE it in the clause; the
third parties after the verb were then stated as a sharing. It now denies both sides.
German and Dutch deny the whole clause already (``negation_scope = "clause"``): their
fixtures guard that. Every fixture is written for this rule, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.extract import extract
from tests.families import read

SHARING = "purpose.sharing_third_parties"

#: "Your messages are not shared with third parties", with the denial before the verb.
DENIED = {
    "en": "Your messages aren't shared with third parties.",
    "fr": "Vos messages ne sont pas partagés avec des tiers.",
    "de": "Ihre Nachrichten werden nicht an Dritte weitergegeben.",
    "es": "Sus mensajes no se comparten con terceros.",
    "it": "I tuoi messaggi non vengono condivisi con terzi.",
    "nl": "Je berichten worden niet met derden gedeeld.",
}

#: The same sentence without the denial states the sharing.
AFFIRMED = {
    "en": "Your messages are shared with third parties.",
    "fr": "Vos messages sont partagés avec des tiers.",
    "de": "Ihre Nachrichten werden an Dritte weitergegeben.",
    "es": "Sus mensajes se comparten con terceros.",
    "it": "I tuoi messaggi vengono condivisi con terzi.",
    "nl": "Je berichten worden met derden gedeeld.",
}

#: A contracted future denial: "won't be sold".
SALE_DENIED = "Your personal information won't be sold to third parties."


@pytest.mark.parametrize("lang", sorted(DENIED))
def test_a_passive_denial_denies_what_follows_it(lang: str) -> None:
    found = read(DENIED[lang], lang)
    assert SHARING in found.denied
    assert SHARING not in found.affirmed


@pytest.mark.parametrize("lang", sorted(AFFIRMED))
def test_the_same_passive_without_denial_states_the_fact(lang: str) -> None:
    assert SHARING in read(AFFIRMED[lang], lang).affirmed


def test_a_contracted_future_denial_is_no_sale() -> None:
    facts = analyze(
        extract(f"# Notice\n\n{SALE_DENIED}\n".encode(), "text/markdown"), language="en"
    )
    assert not any(st.sale for st in facts.statements if not st.negated)
    assert any(st.sale for st in facts.statements if st.negated)
