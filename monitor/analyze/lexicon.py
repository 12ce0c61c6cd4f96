"""Per-language lexicons: the TOML files under ``lexicons/`` compiled into matchers.

A lexicon file holds, for each taxonomy id, the phrases that state it
(``patterns``) and, for legal bases, the short names that only count as a basis
when they make up a whole heading or sit in a "legal basis" table column
(``heading``: "Consent", "Contract"). Its ``[grammar]``, ``[dates]``,
``[columns]``, ``[sections]`` and ``[stopwords]`` tables hold the few words the analyzer needs to
read negations, dates, table headers and to recognise the language. The phrase
syntax is described in :mod:`monitor.analyze.patterns`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from monitor.analyze.patterns import Compiled, compile_pattern, required_substrings
from monitor.analyze.text import WORD, ascii_spaced, fold

LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "nl")
FACETS: tuple[str, ...] = ("basis", "purpose", "data")
#: Roles a table header cell can give its column; "other" (retention, sources, rights)
#: columns state no facts.
COLUMN_ROLES: tuple[str, ...] = ("basis", "purpose", "data", "recipient", "other")
#: Facets that qualify the facts above rather than stand alone: how the person controls a
#: purpose, and who receives what is shared. Found by the same matcher, never facts alone.
QUALIFIERS: tuple[str, ...] = ("control", "recipient")


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found in a folded text: which label it supports and where."""

    label: str
    start: int
    end: int


class Tokens:
    """The words of one folded text, computed once and shared by all matchers.

    Only the distinct words are collected up front (in C); where a word occurs is
    looked up on demand, for the few words that can start a phrase.
    """

    __slots__ = ("_positions", "_spaced", "folded", "words")

    def __init__(self, folded: str) -> None:
        self.folded = folded
        spaced = ascii_spaced(folded)
        self.words = frozenset(WORD.findall(folded) if spaced is None else spaced.split())
        #: An ASCII text with its non-word characters as spaces, between two spaces (see
        #: ``positions``); None otherwise.
        self._spaced = None if spaced is None else f" {spaced} "
        self._positions: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        """Offsets where ``word`` (a run of word characters) occurs as a whole word."""
        found = self._positions.get(word)
        if found is None:
            found = self._positions[word] = []
            spaced = self._spaced
            if spaced is not None and word:
                # In an ASCII text whose non-word characters are spaces, a whole word is the
                # word between two spaces, at the same offset (the leading space stands one
                # before it, the text one after its own leading space). No edge to check,
                # and no stop inside a longer word ("to" in "store"). The next occurrence
                # may start at this one's closing space. Asked ~4,700 times per synthetic
                # page: its analysis 407 -> 397 million instructions, the largest corpus
                # notice's 982 -> 956 (callgrind).
                key = f" {word} "
                step = len(word) + 1
                i = spaced.find(key)
                while i >= 0:
                    found.append(i)
                    i = spaced.find(key, i + step)
                return found
            folded = self.folded
            size, length = len(folded), len(word)
            # str.find, with the word edges checked here: for the few occurrences of a word
            # in a block, cheaper than a regex per word. An occurrence inside another word
            # cannot hide a whole-word one, so the search resumes after each.
            i = folded.find(word) if word else -1
            while i >= 0:
                j = i + length
                if (i == 0 or not ((c := folded[i - 1]).isalnum() or c == "_")) and (
                    j == size or not ((c := folded[j]).isalnum() or c == "_")
                ):
                    found.append(i)
                i = folded.find(word, j)
        return found


def _trie_regex(exact: Iterable[str], prefixes: Iterable[str]) -> str:
    """A regex matching any ``exact`` word or any word starting with one of ``prefixes``.

    Factored by common prefixes (a trie), so the regex engine rejects most words
    after one character; the caller appends ``\\w*`` to consume the whole word.
    """
    trie: dict[str, dict] = {}
    for words, mark in ((exact, "$"), (prefixes, "*")):
        for word in words:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[mark] = {}

    def render(node: dict[str, dict]) -> str:
        if "*" in node:  # a prefix ends here: any continuation matches
            return ""
        branches = [
            re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch != "$"
        ]
        if "$" in node:
            branches.append(r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


#: How a triggered phrase is matched (see ``Matcher._plan``).
_REGEX, _SINGLE, _FROM_STARTS = "regex", "single", "from starts"

#: A phrase of one plain word, or one word with "*": it matches wherever its word stands.
_ONE_WORD = re.compile(r"[a-z0-9]+\*?")


def _hit_order(hit: Hit) -> tuple[int, int, str]:
    return (hit.start, -hit.end, hit.label)


def _any_of(regexes: list[re.Pattern[str]]) -> Compiled | None:
    """A regex that finds a match somewhere exactly when one of ``regexes`` does.

    Only for regexes without groups (no backreferences to renumber) and without flags of
    their own; otherwise None. Wrapped in a :class:`Compiled` so a cached lexicon compiles
    it on first use.

    Of a single regex that opens with a word boundary (``\\b(?:to|we)\\s+(?:provide|…``):
    the same regex without it. It finds a match wherever the regex does (and a few more),
    and the regex engine skips to the letters it can start with, where behind ``\\b`` it
    tries a match at every position of the text: the one such phrase of the English facts
    was scanned over the ~50 blocks of a synthetic page that hold its needed words. (A gate
    that finds nothing spares the scan; one that finds something tells where the scan can
    start, see ``Matcher._find_anywhere``.) Callgrind per analysis: a synthetic page 397 ->
    390 million instructions, the largest corpus notice 956 -> 937.
    """
    if len(regexes) == 1:
        (regex,) = regexes
        pattern = regex.pattern
        if pattern.startswith(r"\b") and regex.flags == re.UNICODE:
            try:
                return Compiled("", re.compile(pattern[2:]), ())
            except re.error:  # pragma: no cover - "\\b" then a quantifier: no gate
                return None
        return None
    if any(r.groups or r.flags != re.UNICODE for r in regexes):
        return None
    try:
        regex = re.compile("|".join(f"(?:{r.pattern})" for r in regexes))
    except re.error:
        return None
    return Compiled("", regex, ())


def _group_needs(hint: str, regexes: list[re.Pattern[str]]) -> tuple[tuple[str, ...], ...]:
    """Substrings a text needs, one of each tuple, for one of ``regexes`` to match in it.

    A phrase scanned over every text (``re:``) may start with a class or an alternation
    ("(?:retain|keep|kept|stor)\\w*... for ... days"), which the regex engine cannot skip
    to: it tries each position of the text. Testing first that the text holds "stor" or
    "keep" ..., then "for", then "day" or "week" ... (``str.__contains__``, in C) spares the
    scan of the texts that cannot match, so it finds the same. Of a group, the needs of
    each phrase are joined: a text lacking all of them matches none. ``hint`` is tested
    before, so a need of only that is left out.
    """
    per = [required_substrings(regex) for regex in regexes]
    if not per or not all(per):
        return ()
    if len(per) == 1:
        needs = per[0]
    else:
        # One set per phrase (its longest words), joined: some member must be present.
        needs = (frozenset().union(*(max(p, key=lambda n: min(map(len, n))) for p in per)),)
    return tuple(tuple(sorted(need)) for need in needs if need != {hint})


def _has_needs(folded: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``folded`` holds one substring of each of ``needs``."""
    for need in needs:
        for part in need:
            if part in folded:
                break
        else:
            return False
    return True


def _gap_texts(compiled: Compiled) -> tuple[tuple[str, ...], ...]:
    """Of a phrase with a gap ("..."), the texts of its needed words that end in "*", as
    substrings a block must hold, one of each tuple (its ``anchors`` with a prefix).

    Whole-word ``needs`` cannot hold "order*" or "request*": a text may have them in any
    form. Yet a text without the letters "request" cannot match; and a phrase with a gap is
    dear to try (the gap's words, the abbreviations it lets through), so testing that in C
    first spares the attempts where it cannot match. For a phrase without a gap, an attempt
    fails within a word or two: measured, the tests cost more than they saved.
    """
    if "..." not in compiled.source:
        return ()
    return tuple(
        tuple(sorted({k.text for k in anchor}))
        for anchor in compiled.anchors
        if any(k.prefix for k in anchor)
    )


class Matcher:
    """Finds every phrase of a set in a folded text, trying only the phrases keyed by each word.

    Each phrase is indexed by the word(s) it can begin with and knows the whole
    words it needs, so a 300 KB notice costs a dictionary lookup per distinct word
    and a regex match only where a phrase can actually start.
    """

    def __init__(
        self, entries: Iterable[tuple[str, str]], common: frozenset[str] = frozenset()
    ) -> None:
        by_source: dict[str, list[str]] = {}
        for label, source in entries:
            labels = by_source.setdefault(source.strip(), [])
            if label not in labels:
                labels.append(label)
        self._patterns: list[Compiled] = []
        self._labels: list[tuple[str, ...]] = []
        #: Exact start words of phrases re-indexed under a rarer word (see ``_index``).
        self._starts: list[tuple[str, ...]] = []
        #: Per phrase, its needs, most selective first (the first is its "gate").
        self._needs: list[tuple[frozenset[str], ...]] = []
        #: Words known to trigger a phrase, and words known not to (see ``_triggered``).
        self._triggering: set[str] = set()
        self._inert: set[str] = set()
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[tuple[str, int]]] = {}
        self._short: list[tuple[str, int]] = []
        self._anywhere: list[tuple[str, int]] = []
        #: Per phrase: one word, or one word with "*" (matched without its regex).
        self._single: list[bool] = []
        #: Per phrase with a gap: substrings a text needs, one of each (``_gap_texts``).
        self._texts: list[tuple[tuple[str, ...], ...]] = []
        #: word -> pattern indexes it triggers (memo over every word seen).
        self._memo: dict[str, tuple[int, ...]] = {}
        self._trigger: re.Pattern[str] | None = None
        self._bare = False
        #: Per phrase, its regex once used (see ``Compiled.regex``).
        self._regexes: list[re.Pattern[str] | None] = []
        for source, labels in by_source.items():
            idx = len(self._patterns)
            compiled = compile_pattern(source, trim=True)
            self._patterns.append(compiled)
            self._regexes.append(None)
            self._labels.append(tuple(labels))
            self._single.append(_ONE_WORD.fullmatch(compiled.source) is not None)
            self._texts.append(_gap_texts(compiled))
            self._index(idx, compiled, common)
        self._any_starts = any(self._starts)
        #: The unkeyed phrases grouped by the substring every match of theirs contains ("" when
        #: unknown), each group with one regex matching where any of its phrases does: a text
        #: without the substring, or that the group regex does not match, is spared a scan per
        #: phrase. Phrases sharing a start ("art. 6(1)(a)" ... "(f)") gate well together;
        #: phrases with different starts would only slow each other down.
        #: Phrases without a start hint are each a group of their own, gated by their own
        #: needs: the menu path ("settings > privacy", needing " >") is not scanned over every
        #: text that holds "provide", which another unhinted phrase needs.
        groups: dict[tuple[str, int], list[int]] = {}
        for hint, idx in self._anywhere:
            groups.setdefault((hint, -1 if hint else idx), []).append(idx)
        #: Per group also the substrings a text needs for any of its phrases to match in it
        #: (``_group_needs``), tried before the group regex.
        self._anywhere_groups: list[
            tuple[str, tuple[tuple[str, ...], ...], Compiled | None, list[int]]
        ] = [
            (
                hint,
                _group_needs(hint, [self._patterns[idx].regex for idx in idxs]),
                _any_of([self._patterns[idx].regex for idx in idxs]),
                idxs,
            )
            for (hint, _), idxs in groups.items()
        ]

    def _index(self, idx: int, compiled: Compiled, common: frozenset[str]) -> None:
        """Index a phrase under the words that trigger it.

        Usually its first word(s). A phrase that starts with common words ("(your|the)
        (resume|cv)") is triggered by its rarest needed words instead ("resume", "cv")
        and then matched from its start words, so it is not tried at every "your".
        """
        self._starts.append(())
        # Whole-word needs, most selective first: a text without any word of one cannot match.
        needs = sorted(compiled.needs, key=lambda need: (not need.isdisjoint(common), len(need)))
        self._needs.append(tuple(needs))
        if not compiled.keys:
            self._anywhere.append((compiled.hint, idx))
            return
        keys = compiled.keys
        starts_exact = all(not k.prefix for k in keys)
        if starts_exact and any(k.text in common for k in keys):
            rare = [a for a in compiled.anchors[1:] if all(k.text not in common for k in a)]
            if rare:
                self._starts[idx] = tuple(k.text for k in keys)
                for key in min(rare, key=lambda a: (any(k.prefix for k in a), len(a))):
                    if key.prefix:
                        self._prefix.setdefault(key.text[:3], []).append((key.text, idx))
                    else:
                        self._exact.setdefault(key.text, []).append(idx)
                return
        for key in keys:
            if not key.prefix:
                self._exact.setdefault(key.text, []).append(idx)
            elif len(key.text) >= 3:
                self._prefix.setdefault(key.text[:3], []).append((key.text, idx))
            else:
                self._short.append((key.text, idx))

    def __len__(self) -> int:
        return len(self._patterns)

    def __getstate__(self) -> dict[str, object]:
        """What a pickle keeps (see :mod:`monitor.analyze.cache`): the index, not the memos
        and regexes a process builds as it reads."""
        state = dict(self.__dict__)
        state.update(
            _memo={},
            _triggering=set(),
            _inert=set(),
            _trigger=None,
            _regexes=[None] * len(self._patterns),
        )
        return state

    @property
    def sources(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(p.source, labels) for p, labels in zip(self._patterns, self._labels, strict=True)]

    def _candidates(self, tok: str) -> tuple[int, ...]:
        idxs = list(self._exact.get(tok, ()))
        idxs += [idx for text, idx in self._prefix.get(tok[:3], ()) if tok.startswith(text)]
        idxs += [idx for text, idx in self._short if tok.startswith(text)]
        return tuple(dict.fromkeys(idxs))

    def _plan(
        self, tok: str
    ) -> tuple[tuple[int, tuple[frozenset[str], ...], str, tuple[tuple[str, ...], ...]], ...]:
        """What a trigger word asks of each phrase it triggers: (phrase, the needs to check,
        how to match, the substrings to check). A need that contains the word itself is met
        wherever it triggers, and so is a substring of the word."""
        plan = []
        for idx in self._candidates(tok):
            needs = tuple(need for need in self._needs[idx] if tok not in need)
            texts = tuple(t for t in self._texts[idx] if not any(part in tok for part in t))
            if self._starts[idx]:
                how = _FROM_STARTS
            elif self._single[idx]:
                how = _SINGLE
            else:
                how = _REGEX
            plan.append((idx, needs, how, texts))
        return tuple(plan)

    def _triggered(self, words: frozenset[str]) -> set[str]:
        """The words among ``words`` that trigger a phrase.

        Behind ``\\b`` (a large trie) the trigger regex finds exactly these: the whole words
        that have candidates. Set operations on the text's distinct words (already known)
        give them without scanning the text again; only words never seen are looked up.
        A bare trigger regex also finds words inside words ("not" in "cannot"), which
        occur nowhere as whole words and so match nothing, unless a phrase is matched from
        its start words (``_starts``): only then is the text scanned as before.
        """
        triggering, inert = self._triggering, self._inert
        if len(inert) + len(triggering) > 500_000:  # a bound on memory only
            inert.clear()
            triggering.clear()
        # ``words - inert`` walks the text's words once (in C) and keeps the few that are not
        # known to be inert: the triggering ones and those never seen. Most words are inert,
        # so the sets built after it are small. Only the words never seen are looked up in
        # Python.
        live = words - inert
        found = triggering.intersection(live)
        if len(found) < len(live):
            for word in live - found:
                if self._candidates(word):
                    triggering.add(word)
                    found.add(word)
                else:
                    inert.add(word)
        return found

    def _trigger_regex(self) -> re.Pattern[str]:
        """One regex for every word that triggers a phrase: a trie, so scanning a text is one C pass."""
        if self._trigger is None:
            prefixes = {text for bucket in self._prefix.values() for text, _ in bucket}
            prefixes |= {text for text, _ in self._short}
            body = (
                _trie_regex(sorted(self._exact), sorted(prefixes))
                if self._exact or prefixes
                else "(?!x)x"
            )
            # A small trie scans fastest bare (the engine skips to its first letters; the word
            # boundary is checked on the few hits); a large one fastest behind \b.
            self._bare = len(self._exact) + len(prefixes) <= 40
            self._trigger = re.compile(("" if self._bare else r"\b") + body + r"\w*")
        return self._trigger

    def find(self, text: str | Tokens) -> list[Hit]:
        """Every match (possibly overlapping) in a folded text, sorted by start then longest first."""
        tokens = text if isinstance(text, Tokens) else Tokens(text)
        folded = tokens.folded
        words = tokens.words
        hits: list[Hit] = []
        append = hits.append
        memo = self._memo
        # The distinct trigger words of the text; each phrase they trigger is checked against
        # the text's words (its needs), then matched where the word occurs.
        from_starts: list[int] = []
        started: set[int] = set()
        labels, regexes = self._labels, self._regexes
        trigger = self._trigger_regex()
        scan = self._bare and self._any_starts
        for tok in set(trigger.findall(folded)) if scan else self._triggered(words):
            plan = memo.get(tok)
            if plan is None:
                plan = self._plan(tok)
                if len(memo) < 500_000:
                    memo[tok] = plan
            where: list[int] | None = None
            for idx, needs, how, texts in plan:
                if needs:
                    # Every need is necessary (see Compiled.needs): one missing set rules it
                    # out. (A need the trigger word meets is left out of the plan.)
                    passed = True
                    for need in needs:
                        if need.isdisjoint(words):
                            passed = False
                            break
                    if not passed:
                        continue
                if texts and not _has_needs(folded, texts):
                    continue
                if how is _FROM_STARTS:
                    # Triggered by a rarer word: matched from its start words, once.
                    if idx not in started:
                        started.add(idx)
                        from_starts.append(idx)
                    continue
                if where is None:
                    where = tokens.positions(tok)
                if not where:
                    continue
                if how is _SINGLE:
                    # A one-word phrase matches exactly where its word stands: no regex needed.
                    size = len(tok)
                    for label in labels[idx]:
                        for pos in where:
                            append(Hit(label, pos, pos + size))
                    continue
                regex = regexes[idx]
                if regex is None:
                    regex = regexes[idx] = self._patterns[idx].regex
                for pos in where:
                    m = regex.match(folded, pos)
                    if m is not None and (end := m.end()) > pos:
                        for label in labels[idx]:
                            append(Hit(label, pos, end))
        for idx in from_starts:
            for start_word in self._starts[idx]:
                if start_word in words:
                    self._match_at(idx, folded, tokens.positions(start_word), hits)
        if self._anywhere:
            hits += self._find_anywhere(folded)
        hits.sort(key=_hit_order)
        return hits

    def _match_at(self, idx: int, folded: str, positions: list[int], hits: list[Hit]) -> None:
        """Hits of phrase ``idx`` matched at each of ``positions``, appended to ``hits``."""
        regex = self._regexes[idx]
        if regex is None:
            regex = self._regexes[idx] = self._patterns[idx].regex
        for pos in positions:
            m = regex.match(folded, pos)
            if m and (end := m.end()) > pos:
                hits.extend([Hit(label, pos, end) for label in self._labels[idx]])

    def _find_anywhere(self, folded: str) -> list[Hit]:
        """Hits of the unkeyed phrases (``re:`` patterns), each run over the whole text."""
        hits: list[Hit] = []
        patterns, labels = self._patterns, self._labels
        for hint, needs, gate, idxs in self._anywhere_groups:
            if hint and hint not in folded:
                continue
            if needs and not _has_needs(folded, needs):
                continue
            start = 0
            if gate is not None:
                found = gate.regex.search(folded)
                if found is None:
                    continue
                # No phrase of the group matches before the gate's first match.
                start = found.start()
            for idx in idxs:
                for m in patterns[idx].regex.finditer(folded, start):
                    if m.end() > m.start():
                        hits.extend(Hit(label, m.start(), m.end()) for label in labels[idx])
        return hits

    def search(self, text: str | Tokens) -> Hit | None:
        hits = self.find(text)
        return hits[0] if hits else None


class WordSet:
    """Words and word prefixes ("collect*"), with a memo of every word already looked up:
    a notice repeats its words, so most words are known, and a text's words are sorted
    into known yes / known no by set operations (in C)."""

    __slots__ = ("_exact", "_no", "_prefixes", "_yes")

    def __init__(self, entries: Iterable[str]) -> None:
        entries = list(entries)
        self._exact = frozenset(e for e in entries if not e.endswith("*"))
        self._prefixes = tuple(e[:-1] for e in entries if e.endswith("*"))
        self._yes: set[str] = set(self._exact)
        self._no: set[str] = set()

    def _learn(self, word: str) -> bool:
        found = word in self._exact or word.startswith(self._prefixes)
        if len(self._yes) + len(self._no) > 200_000:  # a bound on memory only
            self._yes = set(self._exact)
            self._no.clear()
        (self._yes if found else self._no).add(word)
        return found

    def __contains__(self, word: str) -> bool:
        if word in self._yes:
            return True
        if word in self._no:
            return False
        return self._learn(word)

    def __len__(self) -> int:
        return len(self._exact) + len(self._prefixes)

    def among(self, words: frozenset[str]) -> set[str]:
        """The words of ``words`` in the set."""
        # As in ``Matcher._triggered``: ``words - no`` walks the words once and keeps the few
        # not known to be out (``_yes`` and ``_no`` never share a word), so the sets built
        # after it are small; the words never seen are looked up once.
        live = words - self._no
        found = self._yes.intersection(live)
        if len(found) < len(live):
            for word in live - found:
                if self._learn(word):
                    found.add(word)
        return found

    def any_in(self, words: Iterable[str]) -> bool:
        if isinstance(words, frozenset | set):
            return not self._yes.isdisjoint(words) or bool(self.among(frozenset(words)))
        return any(w in self for w in words)


#: What a rights lead-in's list items state (``Lexicon.leads_rights``): nothing (the
#: person's rights, rules laid on them), or only the controls they offer (the person's
#: choices after a bare "You can:").
RIGHTS = "rights"
CHOICES = "choices"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the analyzer knows about one language, compiled."""

    language: str
    #: All fact phrases; Hit.label is the taxonomy id.
    facts: Matcher
    #: Short basis names that count as a basis only as a whole heading (fullmatch).
    headings: tuple[tuple[str, re.Pattern[str]], ...]
    #: The same short names, found anywhere in a cell of a "legal basis" column.
    cells: Matcher
    #: "before": the cue must come before the fact in its clause (en, fr, es, it);
    #: "clause": anywhere in the clause (de, nl: "wir verkaufen Ihre Daten nicht").
    negation_scope: str
    #: Negation cues: "neg" negates what follows in the clause, "after" (a passive denial,
    #: "... is not stored") what comes before it; "qual" (a negated necessity qualifier,
    #: "cookies that are not strictly necessary") cancels the cues inside it.
    grammar: Matcher
    #: What cuts and qualifies a clause, looked for only where a negation is: clause breaks
    #: ("brk"), a negated relative clause, cut also at the comma that closes it ("rel"), a new
    #: subject after a comma ("subj"), exceptions ("exc": "unless", "except").
    clauses: Matcher
    #: Table header words; Hit.label is one of COLUMN_ROLES.
    columns: Matcher
    #: Headings of sections (retention, rights, transfers ...) whose blocks state no links.
    no_links: Matcher
    #: The cues that make a sentence a processing statement ("collect", "use", "share" ...):
    #: one-word cues ("use", "collect*"), looked up word by word (see
    #: :meth:`states_processing`), and the phrases of more words, matched.
    processing_words: WordSet
    processing_phrases: Matcher
    #: Headings and lead-ins under which list items and rows are processing statements.
    contexts: Matcher
    #: Capitalised words that start a sentence even without a full stop before them.
    sentence_starters: re.Pattern[str] | None
    #: Everything a block with facts is read for, in one pass: Hit.label is "sale" (words
    #: saying data is sold; "nosale" cancels one: goods sold by a seller), "proc" (a processing phrase of several words), "np:<family>" (a
    #: sentence that states no processing: rights, pointers, ...), "ex" (what opens the
    #: examples of a purpose cell), or a ``grammar`` label.
    cues: Matcher
    #: Words that point back at an earlier sentence's data or purposes: Hit.label is
    #: "back:data", "back:purpose" or "back:both" (see ``statements.BACK``). Looked for only
    #: in a block where a sentence lacks what an earlier one named.
    back: Matcher

    @property
    def has_processing_cues(self) -> bool:
        return bool(len(self.processing_words) or len(self.processing_phrases))

    def states_processing(self, text: str | Tokens) -> bool:
        """Whether a folded text has a processing cue (one word, or a phrase)."""
        tokens = text if isinstance(text, Tokens) else Tokens(text)
        return self.processing_words.any_in(tokens.words) or bool(
            self.processing_phrases.find(tokens)
        )

    def processing_spans(
        self, tokens: Tokens, spans: list[tuple[int, int]], phrases: list[Hit]
    ) -> list[tuple[int, int]]:
        """The spans (sentences) of a block that have a processing cue (``phrases``: the
        block's "proc" hits of ``cues``)."""
        if len(spans) == 1:
            return spans if self.processing_words.any_in(tokens.words) or phrases else []
        where = [h.start for h in phrases]
        for word in self.processing_words.among(tokens.words):
            where += tokens.positions(word)
        return [(a, b) for a, b in spans if any(a <= pos < b for pos in where)]

    effective: Matcher
    announce: Matcher
    #: Cues that announce on their own when they open a sentence: "Starting 1 May 2025, ...".
    announce_lead: Matcher
    #: Announcements without a date: "once this change comes into effect".
    announce_undated: Matcher
    #: Runs on the lower-cased *unfolded* text: future tense endings carry accents.
    future: re.Pattern[str]
    #: In the sentence after a dated one, makes it an announcement: "Until then, ...".
    future_next: re.Pattern[str]
    months: dict[str, int]
    stopwords: frozenset[str]
    #: Ids that have at least one pattern (body or heading) in this language.
    ids: frozenset[str]
    #: Lead-in labels that name the data a service uses ("Data used:", "Données utilisées :"):
    #: the paragraph they end states processing (see ``ends_with_data_label``).
    data_labels: Matcher | None = None

    def ends_with_data_label(self, text: str, sentences: list[tuple[int, int]]) -> bool:
        """Whether the last sentence of a paragraph is a data lead-in label and nothing else
        ("We also offer a support chatbot. Data used:")."""
        if self.data_labels is None or not text.rstrip().endswith(":") or not sentences:
            return False
        start = sentences[-1][0]
        label = fold(text[start:]).strip().rstrip(":").strip(" *_")
        if not label or len(label) > 60:
            return False
        return any(h.start == 0 and h.end == len(label) for h in self.data_labels.find(label))

    #: Rights lead-ins ("You have the following rights:", "You must not:", "You can:"):
    #: label "rights" where it stands in the lead-in's last clause, "closing" and "choices"
    #: only where they end the lead-in (see ``leads_rights``).
    rights_leads: Matcher | None = None

    def leads_rights(self, text: str, sentences: list[tuple[int, int]]) -> str | None:
        """Family "a rights lead-in's list holds the person's rights, or rules laid on them".

        "You have the right to:", "Depending on where you live, you have the following
        rights:", "You must not:" lead what the person may ask (or must not do), not
        processing of ours: ``RIGHTS``. A bare "You can:" leads the person's choices:
        ``CHOICES``, whose items state only the controls they offer over a purpose ("turn
        off personalised ads in your settings"), as "you can turn off …" would. The cue must
        stand in the lead-in's last clause ("You have the right to know what we collect,
        including:" leads a list of data), and a bare modal must end it: "You can choose
        whether we use your data to:" leads purposes that exist. None for any other lead-in.
        """
        if self.rights_leads is None or not sentences or not text.rstrip().endswith(":"):
            return None
        last = fold(text[sentences[-1][0] :]).rstrip().rstrip(":").rstrip(" *_")
        clause = last[max(last.rfind(","), last.rfind(";")) + 1 :]
        size = len(clause)
        kinds = {
            h.label for h in self.rights_leads.find(clause) if h.label == "rights" or h.end == size
        }
        if kinds & {"rights", "closing"}:
            return RIGHTS
        return CHOICES if kinds else None


def lexicon_path(language: str) -> resources.abc.Traversable:
    return resources.files("monitor.analyze").joinpath("lexicons", f"{language}.toml")


@cache
def raw_lexicon(language: str) -> dict[str, object]:
    """The parsed TOML of one language (for consistency checks and tooling)."""
    return tomllib.loads(lexicon_path(language).read_text(encoding="utf-8"))


@cache
def stopwords(language: str) -> frozenset[str]:
    """The folded ``[stopwords] words`` of one language (language detection, indexing)."""
    table = raw_lexicon(language).get("stopwords", {})
    words = table.get("words", []) if isinstance(table, dict) else []
    return frozenset(fold(w) for w in words)


@cache
def month_names(language: str) -> dict[str, int]:
    """Folded month name -> number, from ``[dates] months`` of one language (read by date
    parsing for every language, so without compiling any lexicon). Do not modify."""
    table = raw_lexicon(language).get("dates", {})
    found: dict[str, int] = {}
    for number, names in enumerate(table.get("months", []) if isinstance(table, dict) else [], 1):
        for name in names:
            found[fold(name)] = number
    return found


def fact_entries(data: dict[str, object]) -> dict[str, dict[str, list[str]]]:
    """``{"basis.consent": {"patterns": [...], "heading": [...]}, ...}`` from a parsed file."""
    out: dict[str, dict[str, list[str]]] = {}
    for facet in FACETS + QUALIFIERS:
        table = data.get(facet, {})
        if not isinstance(table, dict):
            continue
        for name, entry in table.items():
            if isinstance(entry, dict):
                out[f"{facet}.{name}"] = {
                    "patterns": list(entry.get("patterns", [])),
                    "heading": list(entry.get("heading", [])),
                }
    return out


STOP = "!"
#: Label prefix of the cues found with the facts ("~undated": an undated announcement).
CUE = "~"


def split_cues(hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """(fact hits, cue hits with the CUE prefix dropped) of one facts-matcher result."""
    facts = [h for h in hits if not h.label.startswith(CUE)]
    if len(facts) == len(hits):
        return facts, []
    cues = [Hit(h.label[1:], h.start, h.end) for h in hits if h.label.startswith(CUE)]
    return facts, cues


#: Short words of every language that start many phrases; phrases starting with them are
#: indexed by a rarer word (performance only: what matches does not change).
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "by",
        "your",
        "our",
        "you",
        "we",
        "their",
        "its",
        "this",
        "that",
        "these",
        "data",
        "information",
        "user",
        "users",
        "personal",
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "votre",
        "vos",
        "nos",
        "notre",
        "d",
        "l",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "und",
        "ihre",
        "ihr",
        "ihren",
        "unsere",
        "el",
        "los",
        "las",
        "del",
        "y",
        "su",
        "sus",
        "tu",
        "tus",
        "il",
        "lo",
        "gli",
        "i",
        "di",
        "e",
        "het",
        "een",
        "van",
        "en",
        "uw",
        "je",
        "jouw",
        "onze",
    ]
)

_GDPR_REF = re.compile(r"Art\.\s*(\d+)\((\d)\)\(([a-z])\)")


def _article_regex(article: str, paragraph: str, letter: str) -> str:
    """Art. 6(1)(f), Article 6.1.f, Art. 6 Abs. 1 S. 1 lit. f, article 6, paragraphe 1, point f),
    and ``letter`` as one of a list: Art. 6(1)(b), (c) and (f). The marker words are data
    (taxonomy ``[citations]``)."""
    from monitor.analyze.taxonomy import citation_forms  # taxonomy imports this module

    forms = citation_forms()

    def alt(key: str) -> str:
        return "|".join(f"(?:{f})" for f in forms[key])

    para = rf"(?:\(\s*{paragraph}\s*\)|\.\s*{paragraph}(?!\d)|,?\s*(?:{alt('paragraph')})\s*{paragraph}(?!\d))"
    marker = rf"(?:(?:{alt('letter')})\s*)?"
    sentence = rf"(?:[\s,]*(?:{alt('sentence')})\s*\d+(?!\d))?"
    joiner = rf"(?:{alt('joiner')})(?![a-z])"
    # A letter of a list ends the citation or leads to the next letter or the law's name:
    # "(b) y a los usuarios" or "(b) of a contract" cite no (a).
    listed = rf"[a-f](?![a-z0-9])(?=\s*[),;.:]|\s*$|\s*{joiner}|\s+(?:{alt('follower')})(?![a-z]))"
    ends = rf"(?=\s*[),;.:]|\s*$|\s*{joiner}|\s+(?:{alt('follower')})(?![a-z]))"
    # Letters cited before this one in a list: "(b), (c) and " before "(f)"; then this one
    # must end the list too. (No groups: the matcher joins group-free regexes into one gate.)
    before = rf"(?:{marker}\(?\s*{listed}\s*\)?\s*{joiner}\s*)+"
    # ... and letters after it, so that every basis of one list is found on the same words (a
    # basis found on a shorter stretch of them would be taken for a part of the longer one).
    after = rf"(?:\s*\)?\s*{joiner}\s*{marker}\(?\s*{listed})*"
    this = rf"{marker}\(?\s*{letter}(?![a-z0-9])"
    letter_part = rf"{sentence}[\s,.]*(?:{before}{this}{ends}|{this}){after}"
    return rf"re:\bart(?:icles?|ikel|icolo|iculo|s?\.)?\s*{article}\s*{para}\s*{letter_part}"


@cache
def article_patterns() -> tuple[tuple[str, str], ...]:
    """Patterns for the GDPR article of each basis in taxonomy.toml, the same in every language."""
    from monitor.analyze.taxonomy import entries  # taxonomy imports this module

    out = []
    for fact_id, entry in entries().items():
        m = _GDPR_REF.search(entry.gdpr) if entry.facet == "basis" else None
        if m:
            out.append((fact_id, _article_regex(*m.groups())))
    return tuple(out)


def menu_path_patterns() -> tuple[str, ...]:
    """The menu-path patterns of taxonomy.toml, the same in every language."""
    from monitor.analyze.taxonomy import menu_paths  # taxonomy imports this module

    return menu_paths()


def _starters_pattern(starters: list[str], lower: list[str]) -> re.Pattern[str] | None:
    """Case-sensitive on the original text; ``sentence_spans`` checks that a lower-case
    letter and a space come before ("parties We share"). ``lower`` starters count only
    before a lower-case word ("parties Your data is", never "the Your Phone app"). One
    group of alternatives: two top-level ones made ``sentence_spans`` 40% slower."""
    words = [re.escape(w) for w in starters] + [re.escape(w) + r"(?=\s+[a-zß-ÿ])" for w in lower]
    return re.compile("(?:" + "|".join(words) + r")(?=\s)") if words else None


def _pairs(label: str, sources: Iterable[str]) -> list[tuple[str, str]]:
    return [(label, s) for s in sources]


@cache
def load_lexicon(language: str) -> Lexicon:
    """The compiled lexicon of ``language`` (one of :data:`LANGUAGES`), from the disk cache
    when a process compiled it before (:mod:`monitor.analyze.cache`)."""
    if language not in LANGUAGES:
        raise KeyError(f"no lexicon for language {language!r}; have {', '.join(LANGUAGES)}")
    from monitor.analyze.cache import cached

    return cached(language, lambda: build_lexicon(language), Lexicon)


def build_lexicon(language: str) -> Lexicon:
    """Compile the lexicon of ``language`` from its file (see :func:`load_lexicon`)."""
    data = raw_lexicon(language)
    entries = fact_entries(data)
    grammar = data.get("grammar", {})
    dates = data.get("dates", {})
    columns = data.get("columns", {})
    sections = data.get("sections", {})
    processing = data.get("processing", {})
    no_processing = data.get("no_processing", {})
    assert isinstance(grammar, dict) and isinstance(dates, dict) and isinstance(columns, dict)
    assert isinstance(sections, dict) and isinstance(processing, dict)
    assert isinstance(no_processing, dict)
    starters = [str(w) for w in grammar.get("sentence_starters", [])]
    # Possessives and pronouns that also open names and headings ("the Your Phone app", "to
    # Your Personal Information"): they start a sentence only before a lower-case word.
    lower_starters = [str(w) for w in grammar.get("sentence_starters_before_lower", [])]

    fact_pairs: list[tuple[str, str]] = list(article_patterns())
    cell_pairs: list[tuple[str, str]] = []
    headings: list[tuple[str, re.Pattern[str]]] = []
    for fact_id, entry in entries.items():
        for source in entry["patterns"]:
            # "!phrase" is an exception: its hits cancel overlapping hits of the same id.
            if source.startswith("!"):
                fact_pairs.append((STOP + fact_id, source[1:]))
            else:
                fact_pairs.append((fact_id, source))
        cell_pairs += _pairs(fact_id, entry["heading"])
        for source in entry["heading"]:
            headings.append((fact_id, re.compile(compile_pattern(source).regex.pattern)))

    # Family "menu paths are where the person acts, not purposes" ("Settings > Security &
    # Privacy"): each menu-path pattern of the taxonomy is an exception of every purpose.
    fact_pairs += [
        (STOP + fid, p)
        for fid in entries
        if fid.startswith("purpose.")
        for p in menu_path_patterns()
    ]

    # Undated announcements ride along in the facts matcher, so a block is scanned once;
    # their labels start with CUE and never reach the facts (see ``split_cues``).
    fact_pairs += _pairs(CUE + "undated", dates.get("announce_undated", []))
    # The other sentence-level cues are looked for only in blocks that name a fact.
    negation_pairs = (
        _pairs("neg", grammar.get("negation", []))
        + _pairs("after", grammar.get("negation_after", []))
        + _pairs("qual", grammar.get("negated_qualifiers", []))
    )
    clause_pairs = (
        _pairs("brk", grammar.get("clause_break", []))
        + _pairs("rel", grammar.get("relative_negation", []))
        + _pairs("subj", grammar.get("subjects", []))
        + _pairs("exc", grammar.get("exception", []))
    )
    proc_cues = [str(c) for c in processing.get("cues", [])]
    one_word = [c for c in proc_cues if _ONE_WORD.fullmatch(fold(c).strip())]
    sale = [str(x) for x in grammar.get("sale", [])]
    # "!phrase" in ``sale``: a sale of goods, not of data ("sold and shipped by the seller").
    cue_pairs = _pairs("sale", [x for x in sale if not x.startswith("!")])
    cue_pairs += _pairs("nosale", [x[1:] for x in sale if x.startswith("!")])
    cue_pairs += _pairs("ex", grammar.get("examples", []))
    # Words pointing back at the data or purposes of an earlier sentence ("this information",
    # "for these purposes", "this processing"): see ``statements.BACK``.
    back_pairs = [
        (f"back:{label}", str(source))
        for key, label in (
            ("back_data", "data"),
            ("back_purposes", "purpose"),
            ("back_processing", "both"),
            # Family "the basis of the processing just described" ("We do this on the basis
            # of …", "Rechtsgrundlage ist …"): a sentence naming a basis takes the purposes
            # before it, never their data.
            ("back_basis", "purpose"),
        )
        for source in grammar.get(key, [])
    ]
    cue_pairs += _pairs("proc", [c for c in proc_cues if c not in one_word])
    cue_pairs += negation_pairs
    cue_pairs += [(f"np:{family}", s) for family, sources in no_processing.items() for s in sources]

    #: Words too common to index phrases by (see Matcher._index).
    common = stopwords(language) | _COMMON
    return Lexicon(
        language=language,
        facts=Matcher(fact_pairs, common),
        headings=tuple(headings),
        cells=Matcher(cell_pairs),
        negation_scope=str(grammar.get("negation_scope", "before")),
        grammar=Matcher(negation_pairs, common),
        clauses=Matcher(clause_pairs, common),
        columns=Matcher([(name, s) for name in COLUMN_ROLES for s in columns.get(name, [])]),
        no_links=Matcher(_pairs("nolink", sections.get("no_links", []))),
        processing_words=WordSet(fold(c).strip() for c in one_word),
        processing_phrases=Matcher(
            _pairs("proc", [c for c in proc_cues if c not in one_word]), common
        ),
        contexts=Matcher(_pairs("ctx", processing.get("contexts", []))),
        sentence_starters=_starters_pattern(starters, lower_starters),
        cues=Matcher(cue_pairs, common),
        back=Matcher(back_pairs, common),
        effective=Matcher(_pairs("eff", dates.get("effective", []))),
        announce=Matcher(_pairs("ann", dates.get("announce", []))),
        announce_lead=Matcher(_pairs("lead", dates.get("announce_lead", []))),
        announce_undated=Matcher(_pairs("undated", dates.get("announce_undated", []))),
        future=re.compile(str(dates.get("future", r"(?!x)x"))),
        future_next=re.compile(str(dates.get("future_next", r"(?!x)x"))),
        months=dict(month_names(language)),
        stopwords=stopwords(language),
        ids=frozenset(fid for fid, e in entries.items() if e["patterns"] or e["heading"]),
        data_labels=Matcher(_pairs("label", processing.get("data_labels", []))),
        rights_leads=Matcher(
            _pairs("rights", processing.get("rights_leads", []))
            + _pairs("closing", processing.get("rights_leads_closing", []))
            + _pairs("choices", processing.get("choice_leads_closing", []))
        ),
    )
