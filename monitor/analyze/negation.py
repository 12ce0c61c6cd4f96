"""Clause-level negation: "we do not sell your data" states that something does NOT happen.

Deliberately simple so every decision can be explained: a sentence is cut into
clauses (at ; : and contrastive words like "but", and at a comma, a spaced dash or
an opening bracket followed by a new subject, ", and we ...", " - we ..."); a fact is negated when its clause carries a
negation cue before it ("not", "ne ... pas", "no", "non", "niet") - or anywhere
in the clause for German and Dutch, where the cue follows the verb ("wir
verkaufen Ihre Daten nicht"); a passive denial ("biometric data is not stored") negates
what comes before it. Clauses with an exception or a condition ("unless",
"except", "if you", "sans votre consentement") are not denials: "we do not share
your data without your consent" still says data is shared with consent.
"""

from __future__ import annotations

import re
from itertools import pairwise

from monitor.analyze.lexicon import Hit, Lexicon, Tokens
from monitor.analyze.text import in_abbreviation, open_bracket, span_index

_HARD_BREAK = re.compile(r"[;:!?|]|\.(?=\s)")


def _opens_clause(lead: str) -> bool:
    """Whether a subject after ``lead`` (stripped) starts a new clause: after a comma, an
    opening bracket or a spaced dash ("We do not sell your data - we use it for ads", "nous
    ne vendons pas vos données (nous les utilisons pour ...)"): a denial does not reach
    past a new subject, full stop or not."""
    return lead.endswith((",", "(")) or (lead.endswith("-") and lead[-2:-1].isspace())


def clause_spans(
    folded: str,
    start: int,
    end: int,
    breaks: list[Hit],
    subjects: list[Hit],
    relatives: list[Hit] | None = None,
) -> list[tuple[int, int]]:
    """Clauses of the sentence ``folded[start:end]`` as absolute (start, end) spans.

    ``breaks`` and ``subjects`` are the block's clause-break and subject hits (absolute).
    ``relatives`` are negated relative clauses ("senders who are not users"): each opens a
    clause that the next comma closes, so its denial reaches neither what came before it
    nor what follows that comma ("…, and files, for the purpose of detecting fraud").
    """
    cuts = {start, end}
    for hit in relatives or ():
        if start < hit.start < end:
            cuts.add(hit.start)
            comma = folded.find(",", hit.end, end)
            if comma >= 0:
                cuts.add(comma + 1)
    for m in _HARD_BREAK.finditer(folded, start, end):
        if m.group() == "." and in_abbreviation(folded, m.start()):
            continue  # "e.g. ", "z. B. ": an abbreviation, not the end of the clause
        cuts.add(m.end())
    for hit in breaks:
        if start < hit.start < end:
            cuts.add(hit.start)
    for hit in subjects:
        if start < hit.start < end and _opens_clause(folded[start : hit.start].rstrip()):
            cuts.add(hit.start)
    ordered = sorted(cuts)
    return [(a, b) for a, b in pairwise(ordered) if b > a]


def qualifies(folded: str, c_start: int, c_end: int, exc_start: int) -> bool:
    """Whether an exception at ``exc_start`` makes the clause ``folded[c_start:c_end]`` no denial.

    Inside the clause, always. Right after it too when the clause ends with a comma and the
    exception opens the next clause (at most one word, "and", before it): "we do not share
    your messages, unless you ask us to", "nous ne vendons pas vos données, sauf si ...",
    "wir geben Ihre Daten nicht weiter, sofern ...", "no compartimos sus datos, salvo ...";
    the comma cut the sentence at the exception word (a subject word in several lexicons),
    which must not turn the condition into a denial.
    """
    if c_start <= exc_start < c_end:
        return True
    return (
        exc_start >= c_end
        and folded[c_start:c_end].rstrip().endswith(",")
        and len(folded[c_end:exc_start].split()) <= 1
    )


#: The labels of the grammar's negation cues (``Lexicon.grammar``).
_DENIALS = ("neg", "after")


def denial_cues(found: list[Hit]) -> list[Hit]:
    """The "neg" and "after" cues of ``found`` that deny something.

    Family "a negated necessity qualifier describes, it does not deny": the negation inside
    "cookies that are not strictly necessary", « qui ne sont pas strictement nécessaires »,
    „nicht unbedingt erforderliche Cookies“ (a "qual" hit) says which cookies, not that
    they are not used; a cue outside it ("we do not use cookies that are not strictly
    necessary") still denies.
    """
    cues = [h for h in found if h.label in _DENIALS]
    if not cues:  # most blocks: a qualifier holds a cue, so none is found without one
        return cues
    quals = [(h.start, h.end) for h in found if h.label == "qual"]
    if not quals:
        return cues
    return [h for h in cues if not any(a <= h.start < b for a, b in quals)]


def negated_hits(
    tokens: Tokens,
    sentences: list[tuple[int, int]],
    hits: list[Hit],
    lexicon: Lexicon,
    grammar: list[Hit] | None = None,
) -> set[int]:
    """Indexes (into ``hits``) of the fact hits that sit in a negated clause.

    ``grammar``: the block's ``Lexicon.grammar`` hits (or hits that include them) when the
    caller has them already.
    """
    negated: set[int] = set()
    if not hits:
        return negated
    found = denial_cues(lexicon.grammar.find(tokens) if grammar is None else grammar)
    cues = [h for h in found if h.label == "neg"]
    after = [h for h in found if h.label == "after"]
    if not cues and not after:
        return negated
    folded = tokens.folded
    by_sentence: dict[int, list[int]] = {}
    for i, h in enumerate(hits):
        by_sentence.setdefault(span_index(sentences, h.start), []).append(i)
    cue_sentences: dict[int, list[Hit]] = {}
    for c in cues:
        cue_sentences.setdefault(span_index(sentences, c.start), []).append(c)
    after_starts = {c.start for c in after}
    #: A cue in both lists ("won't", "isn't", "aren't") negates both sides: "your data won't
    #: be sold" as well as "biometric data isn't stored".
    before_starts = {c.start for c in cues}
    for c in after:
        cue_sentences.setdefault(span_index(sentences, c.start), []).append(c)
    todo = [k for k in cue_sentences if k in by_sentence]
    if not todo:
        return negated
    clauses = lexicon.clauses.find(tokens)
    breaks = [h for h in clauses if h.label == "brk"]
    relatives = [h for h in clauses if h.label == "rel"]
    subjects = [h for h in clauses if h.label == "subj"]
    exceptions = [h for h in clauses if h.label == "exc"]
    for k in todo:
        s_start, s_end = sentences[k]
        for c_start, c_end in clause_spans(folded, s_start, s_end, breaks, subjects, relatives):
            clause_cues = [c.start for c in cue_sentences[k] if c_start <= c.start < c_end]
            if not clause_cues:
                continue
            if any(qualifies(folded, c_start, c_end, e.start) for e in exceptions):
                continue
            # A cue inside round brackets ("when you are unauthenticated (not signed in)")
            # denies only what the brackets hold; the others deny their clause.
            scopes: dict[tuple[int, int], list[int]] = {}
            for c in clause_cues:
                span = _brackets_around(folded, s_start, s_end, c)
                span = (max(span[0], c_start), min(span[1], c_end))
                scopes.setdefault(span, []).append(c)
            for (lo, hi), scope_cues in scopes.items():
                before = [c for c in scope_cues if c in before_starts]
                first_cue = min(before) if before else hi
                last_after = max((c for c in scope_cues if c in after_starts), default=lo - 1)
                for i in by_sentence[k]:
                    h = hits[i]
                    if not (lo <= h.start < hi):
                        continue
                    if (
                        lexicon.negation_scope == "clause"
                        or first_cue < h.start
                        or h.start < last_after
                    ):
                        negated.add(i)
    return negated


def _brackets_around(folded: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The round brackets that enclose ``pos`` in the sentence ``folded[start:end]``, when
    they open and close inside it; else the whole sentence."""
    opening = open_bracket(folded, start, pos)
    if opening < 0:
        return start, end
    closing = folded.find(")", pos, end)
    return (opening, closing) if closing >= 0 else (start, end)
