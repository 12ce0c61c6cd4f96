"""What the analyzer's family tests share: the lexicon languages, and a fixture read as a notice.

A family test gives a few sentences per language; reading them as the body of a Markdown
notice, through the real extractor and analyzer, is the same for all of them.
"""

from __future__ import annotations

from monitor.analyze import analyze
from monitor.analyze.lexicon import LANGUAGES
from monitor.diff.facts import FactView, view
from monitor.extract import extract
from monitor.model import Facts

#: Every lexicon language, in the lexicons' order.
LANGS = LANGUAGES


def notice_facts(text: str, lang: str) -> Facts:
    """The facts of a notice whose body is ``text``, read in ``lang``."""
    return analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang)


def read(text: str, lang: str) -> FactView:
    """What a notice whose body is ``text`` states, denies and ties, read in ``lang``."""
    return view(notice_facts(text, lang))
