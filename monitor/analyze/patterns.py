"""The small phrase language of the lexicons, compiled to anchored regexes.

Lexicon entries are meant to be read and extended by a lawyer, so they are plain
phrases with four operators rather than regular expressions:

- ``word*``          any ending (``process*`` matches process, processing, processed);
                     a ``*`` inside a word too (``nutzungs*daten``);
- ``words?``         the letter before ``?`` is optional (``documents?``: document, documents);
- ``(a|b c|d)``      alternatives, each a phrase; ``(a|b)?`` makes them optional;
- ``...``            up to six words in between, within the same clause (a dot inside a
                     word, "Booking.com", or an abbreviation's, "e.g.", cuts nothing);
- ``...+``           up to thirty words in between, within the same clause: never across
                     ``. ; : ! ? ( )`` nor across a word that opens a new clause (a subject
                     pronoun, "but", "which": taxonomy ``[clause_gap] stops``), for a verb
                     and its object far apart ("transmettre les informations …, au
                     prestataire");
- ``re:<regex>``     an escape hatch for things like GDPR article numbers; the regex
                     runs on the folded (lower-case, accent-free) text.

Case and accents never matter (patterns and text are both folded), words are
separated by any run of spaces, hyphens or slashes, and a phrase only matches on
word boundaries: "contract" never matches inside "contractor".

Every compiled pattern knows the word(s) it can start with, so the matcher only
tries the few patterns keyed by each word of the text instead of running hundreds
of regexes over a 300 KB notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from monitor.analyze.text import abbreviation_regex, fold
from monitor.errors import NoticewatchError

#: Words are separated by spaces, hyphens or slashes, or by nothing right after an
#: apostrophe ("l'audience", "d'enfants" for the phrase "l' audience").
SEP = r"(?:[\s\-/]+|(?<='))"
#: A word of a gap: a dot inside it ("Booking.com", "2.1") does not end it, a dot after it
#: does. Written with character classes only (no repeated group), which the regex engine runs fast.
GAP_WORD = r"[\w'’][\w'’.]*(?<!\.)"
#: What may stand between a word and the "..." after it: the gap's own separators, so a
#: comma right after the word is allowed as it is between the gap's words ("train, build
#: and use statistical models", "collect, use and share your data").
GAP_SEP = r"(?:[^\w.;:!?()]+|(?<='))"

#: "...+" = up to thirty words, within one clause (see ``clause_gap``).
CLAUSE_WORDS = 30

_TOKEN = re.compile(r"\.\.\.\+?|[()|?]|\s+|[^\s()|]+")
_WORD_RUN = re.compile(r"\w+")


class PatternError(NoticewatchError, ValueError):
    """A lexicon pattern that cannot be compiled; names the pattern."""


class Key(NamedTuple):
    """A word a pattern can start with: exact, or a prefix when the word ends in ``*``.

    A named tuple rather than a dataclass: a cached lexicon holds thousands, and tuples
    are read back from a pickle in C.
    """

    text: str
    prefix: bool


class Compiled:
    """One phrase compiled: its regex and what the matcher indexes it by.

    The regex is compiled when the phrase is compiled (a bad ``re:`` pattern fails there,
    naming it), but not kept when pickled: a lexicon read back from the disk cache
    (:mod:`monitor.analyze.cache`) compiles each regex on its first use, so a process
    that reads a few notices compiles only the phrases they can contain.
    """

    __slots__ = ("_regex", "anchors", "hint", "keys", "needs", "pattern", "source")

    def __init__(
        self,
        source: str,
        regex: re.Pattern[str] | str,
        keys: tuple[Key, ...],
        hint: str = "",
        needs: tuple[frozenset[str], ...] = (),
        anchors: tuple[frozenset[Key], ...] = (),
    ) -> None:
        self.source = source
        #: The regex's source; ``regex`` compiles it on demand.
        self.pattern = regex if isinstance(regex, str) else regex.pattern
        self._regex = None if isinstance(regex, str) else regex
        #: Empty for ``re:`` patterns and patterns starting with ``*`` (tried everywhere).
        self.keys = keys
        #: For unkeyed patterns: a substring every match contains ("" when unknown), to skip texts fast.
        self.hint = hint
        #: Word sets a match needs one word of each (from its mandatory words and groups):
        #: a text that lacks every word of one set cannot match.
        self.needs = needs
        #: Like ``needs`` but with prefix words too ("locatio*"): words a phrase can be found by.
        self.anchors = anchors

    @property
    def regex(self) -> re.Pattern[str]:
        found = self._regex
        if found is None:
            found = self._regex = re.compile(self.pattern)
        return found

    def __getstate__(self) -> tuple[object, ...]:
        return (self.source, self.pattern, self.keys, self.hint, self.needs, self.anchors)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        self.source, self.pattern, self.keys, self.hint, self.needs, self.anchors = state  # type: ignore[assignment]
        self._regex = None

    def __repr__(self) -> str:
        return f"Compiled({self.source!r})"


#: A literal shorter than this is too common to be worth a test (a text has most letters).
_MIN_LITERAL = 2


def _parsed(regex: re.Pattern[str]) -> tuple[Any, Any] | None:
    """The stdlib's parse tree of ``regex`` with its constants module, for reading what every
    match must contain; None when nothing can be sure of the letters (``IGNORECASE``: "ABC"
    matches "abc") or the stdlib's parser is not the one this reads."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        from re import _constants as sre
        from re import _parser

        return sre, _parser.parse(regex.pattern, regex.flags)
    except Exception:  # pragma: no cover - another stdlib layout: nothing known
        return None


def required_substrings(regex: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of substrings a text must contain, one of each set, for ``regex`` to match in it.

    Read from the parsed regex: a run of literal characters outside any optional or
    repeated-from-zero part must occur; an alternation contributes one set (a needed
    substring of each alternative, or nothing when one alternative needs none). Anything
    unsure (lookarounds, case-insensitive parts, backreferences, classes) adds nothing, so
    the answer is never more than necessary: a text lacking one set cannot match, and a
    scan of it can be skipped with the same result (see ``Matcher._find_anywhere``). Empty
    when nothing is known, or when the stdlib's parser is not the one this reads.
    """
    read = _parsed(regex)
    if read is None:
        return ()
    sre, parsed = read
    try:
        return tuple(_required_in(parsed, sre))
    except Exception:  # pragma: no cover - an unexpected parse tree: nothing known
        return ()


def regex_hint(regex: re.Pattern[str]) -> str:
    """The letters every match of ``regex`` starts with (after ``\\b`` or ``^``), or "".

    A text without them cannot match, so the phrase is not scanned over it. Read from
    the parsed regex, not from its source: in ``titulaires?`` the "s" is optional, and
    the letters written first ("titulaires") would have ruled out "titulaire"; a leading
    alternation (``abc|de``) starts with no letters at all.
    """
    read = _parsed(regex)
    if read is None:
        return ""
    sre, parsed = read
    letters: list[str] = []
    for op, av in parsed:
        if op is sre.AT and not letters:
            continue
        if op is sre.LITERAL and "a" <= chr(av) <= "z":
            letters.append(chr(av))
            continue
        break
    return "".join(letters) if len(letters) >= _MIN_LITERAL else ""


def _required_in(items: object, sre: object) -> list[frozenset[str]]:
    """``required_substrings`` of one parsed sequence (see there)."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= _MIN_LITERAL:
            out.append(frozenset({"".join(run)}))
        run.clear()

    for op, av in items:  # type: ignore[attr-defined]
        if op is sre.LITERAL:  # type: ignore[attr-defined]
            run.append(chr(av))
            continue
        flush()
        if op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                out += _required_in(sub, sre)
        elif op is sre.BRANCH:  # type: ignore[attr-defined]
            union: set[str] = set()
            for alternative in av[1]:
                needs = _required_in(alternative, sre)
                if not needs:
                    union = set()
                    break
                union |= max(needs, key=lambda need: min(map(len, need)))
            if union:
                out.append(frozenset(union))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):  # type: ignore[attr-defined]
            low, _high, sub = av
            if low >= 1:
                out += _required_in(sub, sre)
        elif op is sre.ATOMIC_GROUP:  # type: ignore[attr-defined]
            out += _required_in(av, sre)
        # Anything else (classes, anchors, lookarounds, backreferences) needs no substring.
    flush()
    return out


# --------------------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    #: Written right after the previous item, with no space: "(adress|telefon)buch".
    joined: bool = False


@dataclass(frozen=True, slots=True)
class _Gap:
    joined: bool = False
    #: "...+": a clause-long gap (see ``clause_gap``).
    clause: bool = False


@cache
def gap() -> str:
    """The regex of "...": up to six words, never across sentence or clause punctuation; a
    word may hold dots ("the Booking.com platform") and an abbreviation's full stop is no
    punctuation ("e.g. your", "z. B. Ihre": taxonomy ``[clause_gap] abbreviations``)."""
    return rf"(?:(?:{GAP_WORD}|{abbreviation_regex()})[^\w.;:!?()]+){{0,6}}?"


@cache
def clause_gap() -> str:
    """The regex of "...+": up to :data:`CLAUSE_WORDS` words, none of them a word that opens
    a new clause (taxonomy ``[clause_gap] stops``, folded): the verb and its object of one
    clause may stand far apart, a verb and the object of the next clause may not."""
    from monitor.analyze.taxonomy import clause_stops  # taxonomy imports this module

    stops = "|".join(sorted((re.escape(fold(w)) for w in clause_stops()), key=len, reverse=True))
    word = rf"(?!(?:{stops})(?![\w'’])){GAP_WORD}" if stops else GAP_WORD
    word = rf"(?:{word}|{abbreviation_regex()})"
    return rf"(?:{word}[^\w.;:!?()]+){{0,{CLAUSE_WORDS}}}?"


@dataclass(frozen=True, slots=True)
class _Group:
    alternatives: tuple[tuple[object, ...], ...]
    optional: bool
    joined: bool = False


def _parse(source: str) -> tuple[object, ...]:
    tokens = _TOKEN.findall(source)
    pos = 0

    def seq() -> tuple[object, ...]:
        nonlocal pos
        items: list[object] = []
        spaced = True
        while pos < len(tokens):
            tok = tokens[pos]
            if tok in (")", "|"):
                break
            pos += 1
            if tok.isspace():
                spaced = True
                continue
            joined = bool(items) and not spaced
            spaced = False
            if tok == "...":
                items.append(_Gap())
            elif tok == "...+":
                items.append(_Gap(clause=True))
            elif tok == "(":
                alts = [seq()]
                while pos < len(tokens) and tokens[pos] == "|":
                    pos += 1
                    alts.append(seq())
                if pos >= len(tokens) or tokens[pos] != ")":
                    raise PatternError(f"unbalanced '(' in pattern {source!r}")
                pos += 1
                optional = pos < len(tokens) and tokens[pos] == "?"
                if optional:
                    pos += 1
                items.append(_Group(tuple(alts), optional, joined))
            elif tok == "?":
                raise PatternError(f"'?' must follow ')' in pattern {source!r}")
            else:
                items.append(_Word(tok, joined))
        return tuple(items)

    result = seq()
    if pos != len(tokens):
        raise PatternError(f"unbalanced ')' or '|' in pattern {source!r}")
    if not result:
        raise PatternError("empty pattern")
    return result


# --------------------------------------------------------------------------- regex


def _word_regex(word: str, *, open_end: bool = False) -> str:
    out = []
    for ch in word:
        if ch == "*":
            out.append(r"\w*")
        elif ch == "?":  # "documents?": the letter before is optional
            out.append("?")
        elif ch == "'":
            out.append("'")
        else:
            out.append(re.escape(ch))
    regex = "".join(out)
    if not open_end and not word.endswith("*") and re.match(r"[\w?]", word[-1]):
        regex += r"(?!\w)"
    return regex


def _seq_regex(items: tuple[object, ...]) -> str:
    out = ""
    need_sep = False
    for i, item in enumerate(items):
        # A word followed by a joined item ("adress" in "(adress|telefon)buch") has no end boundary.
        open_end = i + 1 < len(items) and getattr(items[i + 1], "joined", False)
        if isinstance(item, _Gap):
            if need_sep:
                out += GAP_SEP
            out += clause_gap() if item.clause else gap()
            need_sep = False
            continue
        if isinstance(item, _Word):
            piece = _word_regex(item.text, open_end=open_end)
        else:
            piece = _group_regex(item, open_end=open_end)
        sep = "" if item.joined else SEP
        if isinstance(item, _Group) and item.optional:
            if open_end:  # "(nutzer|kunden)?konto": the separator stays, the prefix is optional
                out += (sep if need_sep else "") + f"(?:{piece})?"
                need_sep = False
            else:
                out += f"(?:{sep}{piece})?" if need_sep else f"(?:{piece}{SEP})?"
            continue
        if need_sep:
            out += sep
        out += piece
        need_sep = True
    return out


def _group_regex(group: _Group, *, open_end: bool = False) -> str:
    alts = []
    for alt in group.alternatives:
        regex = _seq_regex(alt)
        if open_end:
            regex = regex.removesuffix(r"(?!\w)")
        alts.append(regex)
    return "(?:" + "|".join(alts) + ")"


def _first_keys(items: tuple[object, ...]) -> set[Key] | None:
    """Keys of the words a sequence can start with; None when it can start anywhere."""
    if not items:
        return set()
    first, rest = items[0], items[1:]
    if isinstance(first, _Gap):
        return None
    if isinstance(first, _Word):
        run = _WORD_RUN.match(first.text)
        if run is None or run.start() != 0:
            return None
        after = first.text[run.end() : run.end() + 1]
        if after == "?":  # "documents?" starts words beginning with "document"
            return {Key(run.group()[:-1], prefix=True)}
        joined_next = (
            run.end() == len(first.text) and bool(rest) and getattr(rest[0], "joined", False)
        )
        return {Key(run.group(), prefix=after == "*" or joined_next)}
    keys: set[Key] = set()
    for alt in first.alternatives:
        # The group's last word is joined to what follows when the group is.
        tail = rest
        alt_keys = _first_keys(_rejoin(alt, tail))
        if alt_keys is None:
            return None
        keys |= alt_keys
    if first.optional:
        rest_keys = _first_keys(_unjoin(rest))
        if rest_keys is None:
            return None
        keys |= rest_keys
    return keys


def _rejoin(alt: tuple[object, ...], rest: tuple[object, ...]) -> tuple[object, ...]:
    return alt + rest


def _unjoin(items: tuple[object, ...]) -> tuple[object, ...]:
    """``items`` as the start of a phrase: its first item is no longer joined to anything."""
    if not items:
        return items
    first = items[0]
    if isinstance(first, _Word):
        first = _Word(first.text, False)
    elif isinstance(first, _Group):
        first = _Group(first.alternatives, first.optional, False)
    else:
        first = _Gap(False, first.clause)
    return (first, *items[1:])


def _needs(items: tuple[object, ...]) -> tuple[frozenset[str], ...]:
    """Sets of whole words a match needs, one word of each: the plain words of ``items``
    and, per group that must match, one needed word of each of its alternatives.

    Of an alternative, the longest of its own needed words, not its first: "a child" needs
    "child" (a text without "child" and without the group's other words cannot match), so
    the phrase is no longer tried in every text holding "a". Longer words are rarer, and any
    needed word is as sound as another: what is found does not change, only where the
    matcher looks (``Matcher.find`` skips a phrase whose needs a text lacks).
    """
    needs: list[frozenset[str]] = []
    for i, item in enumerate(items):
        glued = getattr(item, "joined", False) or (
            i + 1 < len(items) and getattr(items[i + 1], "joined", False)
        )
        if glued:  # part of a compound ("(adress|telefon)buch"): not a whole word of the text
            continue
        if isinstance(item, _Word):
            if "*" not in item.text and "?" not in item.text:
                needs.extend(frozenset({w}) for w in _WORD_RUN.findall(item.text))
        elif isinstance(item, _Group) and not item.optional:
            words: set[str] = set()
            for alt in item.alternatives:
                own = _needs(_unjoin(alt))
                if not own:
                    words = set()
                    break
                words |= max(own, key=lambda need: (min(map(len, need)), -len(need)))
            if words:
                needs.append(frozenset(words))
    return tuple(needs)


def _anchors(items: tuple[object, ...]) -> tuple[frozenset[Key], ...]:
    anchors: list[frozenset[Key]] = []
    for i, item in enumerate(items):
        glued = getattr(item, "joined", False) or (
            i + 1 < len(items) and getattr(items[i + 1], "joined", False)
        )
        if glued or isinstance(item, _Gap) or (isinstance(item, _Group) and item.optional):
            continue
        keys = _first_keys(_unjoin((item,)))
        if keys and all(len(k.text) >= 3 or not k.prefix for k in keys):
            anchors.append(frozenset(keys))
    return tuple(anchors)


def compile_pattern(source: str, *, trim: bool = False) -> Compiled:
    """Compile one lexicon phrase (see the module docstring) into an anchored regex.

    With ``trim``, a leading optional group is dropped ("(your)? friends" finds
    "friends"): the match is a little shorter, the fact the same, and the phrase
    is no longer tried at every "your" of a notice.
    """
    source = source.strip()
    if source.startswith("re:"):
        try:
            regex = re.compile(source[3:])
        except re.error as exc:
            raise PatternError(f"bad regex in pattern {source!r}: {exc}") from None
        return Compiled(source, regex, (), regex_hint(regex))
    if "[" in source or "]" in source:
        # Brackets would be read as letters and the phrase would silently never match.
        raise PatternError(f"no [character classes] in phrases; write (a|b): {source!r}")
    folded = fold(source)
    items = _parse(folded)
    while trim and len(items) > 1 and isinstance(items[0], _Group) and items[0].optional:
        items = _unjoin(items[1:])
    try:
        regex = re.compile(_seq_regex(items))
    except re.error as exc:  # pragma: no cover - the generator only emits valid regexes
        raise PatternError(f"cannot compile pattern {source!r}: {exc}") from None
    keys = _first_keys(items)
    return Compiled(
        source,
        regex,
        tuple(sorted(keys, key=lambda k: (k.text, k.prefix))) if keys else (),
        needs=_needs(items),
        anchors=_anchors(items),
    )
