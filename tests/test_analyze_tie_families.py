"""Ties the text states that a reader makes at once, by family of wordings (issue 8, link recall).

Each family has a text whose tie must be made and a twin in near-identical words whose tie
must not (or the reverse). Every fixture is written for these rules, not taken from a real
notice.
"""

from __future__ import annotations

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract


def read(text: str, lang: str = "en") -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


# ------------------------------------------------- a purpose column listing several purposes

#: Family "a purpose cell listing short purpose labels beside a legal-basis cell": every
#: label is a purpose of the row and takes the row's basis.
LABEL_LIST = """\
| Purpose of processing | Legal basis |
| --- | --- |
| 1. Account management<br><br>2. Fraud prevention<br><br>3. Personalised recommendations | Legitimate interests |
| 4. Newsletters | Consent |
"""

#: The twin: the first line names the row's purpose, the lines after it describe it in
#: sentences; the purposes of the description do not take the row's basis.
LABEL_THEN_SENTENCES = """\
| Purpose of processing | Legal basis |
| --- | --- |
| 1. Account management<br><br>We check logins to prevent fraud. We may show personalised recommendations on your account page. | Legitimate interests |
| 4. Newsletters | Consent |
"""


def test_every_label_of_a_purpose_list_takes_the_rows_basis() -> None:
    found = read(LABEL_LIST)
    assert "basis.legitimate_interests>purpose.security" in found.links, sorted(found.links)
    assert "basis.legitimate_interests>purpose.personalization" in found.links
    assert "basis.consent>purpose.marketing" in found.links
    assert "basis.consent>purpose.security" not in found.links


def test_a_description_after_the_first_line_does_not_take_the_rows_basis() -> None:
    found = read(LABEL_THEN_SENTENCES)
    assert {"purpose.security", "purpose.personalization"} <= found.affirmed
    assert "basis.legitimate_interests>purpose.security" not in found.links, sorted(found.links)
    assert "basis.legitimate_interests>purpose.personalization" not in found.links


def test_a_label_list_with_its_own_asides_still_counts() -> None:
    text = LABEL_LIST.replace(
        "2. Fraud prevention", "2. Fraud prevention (where not required by our contract)"
    )
    assert "basis.legitimate_interests>purpose.security" in read(text).links
