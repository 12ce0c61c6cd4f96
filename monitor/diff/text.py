"""The text diff of two versions of a notice: line-level hunks refined word by word.

diff-match-patch on a whole notice collapsed to one string is a trap: on a
100 KB notice ``diff_main`` runs into its timeout and hands back a diff that
marks almost everything as changed. So the diff runs in *line mode*: every
block (one line of ``Document.text``) becomes one character, the Myers diff
runs on those few thousand characters (milliseconds), and only the changed
regions are refined word by word for display.

Hunks are tied to the section they sit in and never run from one section
into the next (a new section, with its subsections, is one hunk named after
it): a lawyer reads "Legal bases › Legitimate interests: +2 lines". Among
equally short diffs, the one where an insertion starts at a heading is chosen.

Word refinement is for display and is kept bounded without depending on a
timeout: a hunk too large to diff word by word is first aligned sentence by
sentence, and one document gets a fixed amount of word-diff work in all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from diff_match_patch import diff_match_patch

from monitor.model import Block, DiffOp, DiffStats, Document, Hunk, TextDiff

#: Line mode is milliseconds on real notices; the timeout only bounds pathological input.
LINE_DIFF_TIMEOUT = 5.0
#: Word refinement is for display: a rewrite of a whole section may fall back to coarse edits.
WORD_DIFF_TIMEOUT = 1.0
#: Largest (tokens x lower bound of the edit distance) diffed word by word in one go;
#: about 0.1 s of diff-match-patch in the worst real cases measured.
WORD_DIFF_BUDGET = 100_000
#: The same for all the word diffs of one document (about half a second of diff-match-patch).
DOCUMENT_WORD_BUDGET = 3_000_000
#: Equalities shorter than this many tokens between replacements are folded into them.
WORD_EDIT_COST = 4
#: The largest number of distinct tokens one Unicode character per token can encode.
_MAX_TOKENS = 0x10FFFF

_OPS: dict[int, DiffOp] = {-1: "delete", 0: "equal", 1: "insert"}

#: Characters that stand alone as tokens: ASCII and Unicode punctuation and symbols,
#: CJK ideographs and kana (no spaces between words there) and emoji.
_SINGLE = (
    r"!-/:-@\[-`{-~"
    r"\u00a1-\u00bf\u00d7\u00f7"
    r"\u2010-\u2027\u2030-\u205e"
    r"\u20a0-\u20cf\u2100-\u2bff"
    r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff65"
    r"\U0001f000-\U0001faff"
)
#: A sentence: up to a full stop (or ! ? and CJK marks) followed by a space, or to the line end.
_SENTENCE = re.compile(r"\n|[^\n]+?(?:[.!?。！？]+[\"'”’»)\]]*(?:[^\S\n]+|\Z)|(?=\n)|\Z)")
#: A word is a run of anything else that is not white space, so accents, combining
#: marks and the vowel signs of Indic scripts stay inside their word.
_TOKEN = re.compile(rf"\n|[^\S\n]+|[{_SINGLE}]|[^\s{_SINGLE}]+")


@dataclass(slots=True)
class _Region:
    """A changed region as half-open line ranges in the old and new documents."""

    old_a: int
    old_b: int
    new_a: int
    new_b: int


# --------------------------------------------------------------------------- public API


def diff_documents(old: Document, new: Document, *, context: int = 0) -> TextDiff:
    """Line-level diff of two documents, hunk by hunk, each refined word by word.

    ``context`` unchanged lines are kept around each hunk (hunks whose context
    touches are merged), as in a unified diff; with the default 0 a hunk holds
    only changed lines. Stats count lines of the minimal line diff, and
    characters (line breaks excluded) of the word-level refinement, so a
    one-word edit in a long paragraph counts as one line and a few characters.
    """
    old_lines, new_lines = old.lines, new.lines
    old_heads = [b.kind == "heading" for b in old.blocks]
    new_heads = [b.kind == "heading" for b in new.blocks]
    enc_old, enc_new = _encode(old_lines, new_lines)

    differ = diff_match_patch()
    differ.Diff_Timeout = LINE_DIFF_TIMEOUT
    raw = differ.diff_main(enc_old, enc_new, False)
    lines_removed = sum(len(t) for op, t in raw if op == -1)
    lines_added = sum(len(t) for op, t in raw if op == 1)

    regions = _align_to_headings(_regions(raw), old_lines, new_lines, old_heads, new_heads)
    regions = [
        part for region in regions for part in _split_at_headings(region, old.blocks, new.blocks)
    ]
    regions = _fold_within_sections(regions, old_heads, new_heads)

    hunks: list[Hunk] = []
    budget = WordBudget()
    chars_added = chars_removed = 0
    for group in _with_context(regions, context):
        first = group[0]
        # The section of the first changed line: in the new text, or the old for a deletion.
        anchor = new.blocks[first.new_a] if first.new_b > first.new_a else old.blocks[first.old_a]
        old_a = max(0, first.old_a - context)
        new_a = max(0, first.new_a - context)
        old_b = min(len(old_lines), group[-1].old_b + context)
        new_b = min(len(new_lines), group[-1].new_b + context)
        hunk_old = tuple(old_lines[old_a:old_b])
        hunk_new = tuple(new_lines[new_a:new_b])
        words = refine_words("\n".join(hunk_old), "\n".join(hunk_new), budget=budget)
        for op, text in words:
            if op == "insert":
                chars_added += len(text) - text.count("\n")
            elif op == "delete":
                chars_removed += len(text) - text.count("\n")
        hunks.append(
            Hunk(
                section_path=section_of(anchor),
                old_start=old_a,
                new_start=new_a,
                old_lines=hunk_old,
                new_lines=hunk_new,
                words=words,
            )
        )
    stats = DiffStats(
        lines_added=lines_added,
        lines_removed=lines_removed,
        chars_added=chars_added,
        chars_removed=chars_removed,
    )
    return TextDiff(hunks=tuple(hunks), stats=stats)


def diff_texts(old: str, new: str) -> TextDiff:
    """Diff two plain texts line by line (each line a paragraph with no section)."""
    return diff_documents(_plain_document(old), _plain_document(new))


def section_of(block: Block) -> tuple[str, ...]:
    """The section a block belongs to: its heading path, plus itself when it is a heading."""
    return (*block.path, block.text) if block.kind == "heading" else block.path


def refine_words(
    old: str, new: str, *, budget: WordBudget | None = None
) -> tuple[tuple[DiffOp, str], ...]:
    """Word-level diff of two texts, edits aligned to whole words, semantically cleaned.

    Each word, run of spaces, line break or punctuation mark becomes one
    character (as ``diff_linesToChars`` does for lines), so diff-match-patch
    can never cut a word in two, and its semantic cleanup weighs edits in
    words. Concatenating the equal and delete texts gives ``old`` back; equal
    and insert give ``new``.

    A rewrite too large for a word diff in reasonable time (see
    :data:`WORD_DIFF_BUDGET`) is aligned sentence by sentence first, and only
    the changed sentences are refined word by word (or shown whole), so the
    cost stays bounded and the result does not depend on a timeout. A
    ``budget`` shared by the hunks of one document bounds the total: once it is
    spent, changed sentences are shown whole.
    """
    if old == new:
        return (("equal", old),) if old else ()
    if not old:
        return (("insert", new),)
    if not new:
        return (("delete", old),)
    return _merge_ops(_refine(old, new, budget or WordBudget(), by_sentence=True))


@dataclass(slots=True)
class WordBudget:
    """What is left of the word-diff work allowed for one document, in estimated cost units."""

    left: int = DOCUMENT_WORD_BUDGET

    def spend(self, cost: int) -> bool:
        if cost > WORD_DIFF_BUDGET or cost > self.left:
            return False
        self.left -= cost
        return True


def _refine(
    old: str, new: str, budget: WordBudget, *, by_sentence: bool
) -> list[tuple[DiffOp, str]]:
    old_words, new_words = _TOKEN.findall(old), _TOKEN.findall(new)
    if budget.spend(_cost(old_words, new_words)):
        return _token_diff(old_words, new_words, words=True)
    if not by_sentence:
        return [("delete", old), ("insert", new)]
    out: list[tuple[DiffOp, str]] = []
    deleted = inserted = ""
    for op, text in _token_diff(_SENTENCE.findall(old), _SENTENCE.findall(new), words=False):
        if op == "equal":
            out += _refine_region(deleted, inserted, budget)
            deleted = inserted = ""
            out.append((op, text))
        elif op == "delete":
            deleted += text
        else:
            inserted += text
    return out + _refine_region(deleted, inserted, budget)


def _refine_region(deleted: str, inserted: str, budget: WordBudget) -> list[tuple[DiffOp, str]]:
    if deleted and inserted:
        return _refine(deleted, inserted, budget, by_sentence=False)
    if deleted:
        return [("delete", deleted)]
    return [("insert", inserted)] if inserted else []


def _cost(old: Sequence[str], new: Sequence[str]) -> int:
    """The cost of a Myers diff of two token lists, estimated before running it.

    It grows with (length x edit distance); the tokens one side has more of
    than the other bound the edit distance from below, at the price of one count.
    """
    old_count, new_count = Counter(old), Counter(new)
    distance = (old_count - new_count).total() + (new_count - old_count).total()
    return (len(old) + len(new)) * distance


def _token_diff(old: Sequence[str], new: Sequence[str], *, words: bool) -> list[tuple[DiffOp, str]]:
    """diff-match-patch over token lists, one character per token; cleaned for reading when ``words``."""
    if len(set(old) | set(new)) >= _MAX_TOKENS:
        return [("delete", "".join(old)), ("insert", "".join(new))]
    table: dict[str, int] = {}
    enc_old, enc_new = _encode(old, new, table)
    vocabulary = ["", *table]
    differ = diff_match_patch()
    differ.Diff_Timeout = WORD_DIFF_TIMEOUT
    diffs = differ.diff_main(enc_old, enc_new, False)
    if words:
        differ.diff_cleanupSemantic(diffs)
        # A rewritten sentence keeps islands of "your" and ", " that make it unreadable:
        # equalities of a few tokens between replacements are folded too.
        differ.Diff_EditCost = WORD_EDIT_COST
        differ.diff_cleanupEfficiency(diffs)
    decoded = [(op, "".join(vocabulary[ord(c)] for c in text)) for op, text in diffs]
    if words:
        # Now on real text, the lossless pass moves edits to the nicest word boundary
        # (after a space, at a line break); it never prefers a cut inside a word.
        differ.diff_cleanupSemanticLossless(decoded)
    return [(_OPS[op], text) for op, text in decoded if text]


def is_reorder_only(diff: TextDiff) -> bool:
    """True when the diff only moves identical lines around (nothing added, nothing removed).

    A reordered list or a section moved elsewhere changes the text but not what
    the notice says, so the classifier can call it editorial.
    """
    if not diff.hunks:
        return False
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for hunk in diff.hunks:
        removed.update(hunk.old_lines)
        added.update(hunk.new_lines)
    return removed == added


def unified(diff: TextDiff) -> str:
    """Plain unified-like text: a ``@@ Section › Sub @@`` header, then ``-old`` / ``+new`` lines.

    Lines a hunk keeps unchanged (context, or an unchanged line that semantic
    cleanup folded into a hunk) are shown with a leading space.
    """
    out: list[str] = []
    for hunk in diff.hunks:
        out.append(f"@@ {' › '.join(hunk.section_path) or '(top)'} @@")
        for tag, lines in _hunk_line_ops(hunk):
            prefix = {"equal": " ", "delete": "-", "insert": "+"}[tag]
            out.extend(prefix + line for line in lines)
    return "\n".join(out) + ("\n" if out else "")


# --------------------------------------------------------------------------- line mode


def _encode(
    old: Sequence[str], new: Sequence[str], table: dict[str, int] | None = None
) -> tuple[str, str]:
    """One character per distinct line (or token), as ``diff_linesToChars`` does.

    Done over the block list rather than by splitting the text on newlines, so a
    preformatted block holding a newline stays one unit, and the last line of a
    document is not a different token for lack of a trailing newline.
    """
    table = {} if table is None else table
    if len(set(old) | set(new) | table.keys()) >= _MAX_TOKENS:
        raise ValueError("too many distinct lines to diff in line mode")

    def encode(items: Sequence[str]) -> str:
        return "".join(chr(table.setdefault(item, len(table) + 1)) for item in items)

    return encode(old), encode(new)


def _regions(diffs: list[tuple[int, str]]) -> list[_Region]:
    """The changed regions of a line-mode diff, in order."""
    regions: list[_Region] = []
    i = j = 0
    current: _Region | None = None
    for op, text in diffs:
        n = len(text)
        if op == 0:
            current = None
            i += n
            j += n
            continue
        if current is None:
            current = _Region(i, i, j, j)
            regions.append(current)
        if op == -1:
            i += n
            current.old_b = i
        else:
            j += n
            current.new_b = j
    return regions


def _align_to_headings(
    regions: list[_Region],
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    old_heads: Sequence[bool],
    new_heads: Sequence[bool],
) -> list[_Region]:
    """Among equally short diffs, prefer the one where added or removed text starts at a heading.

    A new section inserted after a section that ends with the same sentence
    ("Contact us to learn more.") can be drawn from that sentence to the new
    heading or from the new heading to the sentence; both are minimal, only the
    second names the right section. Git's diff has the same kind of heuristic
    for code.
    """
    out: list[_Region] = []
    for k, region in enumerate(regions):
        following = regions[k + 1] if k + 1 < len(regions) else None
        r = _slide_up(region, out[-1] if out else None, old_lines, new_lines, old_heads, new_heads)
        out.extend(_peel_section(r, following, old_lines, new_lines, old_heads, new_heads))
    return out


def _slide_up(
    r: _Region,
    previous: _Region | None,
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    old_heads: Sequence[bool],
    new_heads: Sequence[bool],
) -> _Region:
    """Move a pure insertion or deletion up into the equal lines above it, if it then starts at a heading."""
    inserting = r.new_b > r.new_a
    if inserting == (r.old_b > r.old_a):
        return r  # a replacement has one place only
    lines, heads = (new_lines, new_heads) if inserting else (old_lines, old_heads)
    a, b = (r.new_a, r.new_b) if inserting else (r.old_a, r.old_b)
    floor = (previous.new_b if inserting else previous.old_b) if previous else 0
    shift = 0
    while (
        not heads[a + shift]
        and a + shift - 1 >= floor
        and lines[a + shift - 1] == lines[b + shift - 1]
    ):
        shift -= 1
    if shift and heads[a + shift]:
        return _Region(r.old_a + shift, r.old_b + shift, r.new_a + shift, r.new_b + shift)
    return r


def _peel_section(
    r: _Region,
    following: _Region | None,
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    old_heads: Sequence[bool],
    new_heads: Sequence[bool],
) -> list[_Region]:
    """Turn the part of a region from an inner heading on into its own pure insertion (or deletion).

    When the ``t`` lines just before the heading equal the first ``t`` unchanged
    lines after the region, those lines can be matched there instead: the region
    becomes (its head) + ``t`` equal lines + (heading ... end, plus the ``t``
    lines), a diff of the same length whose second part starts at the heading.
    """
    sides = (
        (
            True,
            new_lines,
            new_heads,
            r.new_a,
            r.new_b,
            following.new_a if following else len(new_lines),
        ),
        (
            False,
            old_lines,
            old_heads,
            r.old_a,
            r.old_b,
            following.old_a if following else len(old_lines),
        ),
    )
    for inserting, lines, heads, a, b, stop in sides:
        if a == b or heads[a]:
            continue
        for h in range(a + 1, b):
            if not heads[h]:
                continue
            for t in range(1, min(h - a, stop - b) + 1):
                if lines[h - t : h] != lines[b : b + t]:
                    continue
                if inserting:
                    head = _Region(r.old_a, r.old_b, r.new_a, h - t)
                    tail = _Region(r.old_b + t, r.old_b + t, h, r.new_b + t)
                else:
                    head = _Region(r.old_a, h - t, r.new_a, r.new_b)
                    tail = _Region(h, r.old_b + t, r.new_b + t, r.new_b + t)
                empty = head.old_a == head.old_b and head.new_a == head.new_b
                return [tail] if empty else [head, tail]
    return [r]


def _split_at_headings(
    region: _Region, old_blocks: Sequence[Block], new_blocks: Sequence[Block]
) -> list[_Region]:
    """Cut a region before every heading that starts another section, so each hunk lies in one.

    A paragraph rewritten at the end of one section and a new section added
    right after it are one changed region to the line diff, but two changes to
    a reader, in two sections. A region that itself starts with a heading keeps
    that heading's subsections (a new section is one hunk, named after it). The
    parts of the old side and of the new side are paired in order; parts left
    over are pure deletions or insertions.
    """
    old_parts = _cut(region.old_a, region.old_b, old_blocks)
    new_parts = _cut(region.new_a, region.new_b, new_blocks)
    if len(old_parts) <= 1 and len(new_parts) <= 1:
        return [region]
    parts: list[_Region] = []
    for k in range(max(len(old_parts), len(new_parts))):
        old_a, old_b = old_parts[k] if k < len(old_parts) else (region.old_b, region.old_b)
        new_a, new_b = new_parts[k] if k < len(new_parts) else (region.new_b, region.new_b)
        parts.append(_Region(old_a, old_b, new_a, new_b))
    return parts


def _cut(a: int, b: int, blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Split the line range [a, b) before each heading not nested in the section it starts with."""
    if a == b:
        return []
    cuts = [a]
    for i in range(a + 1, b):
        block = blocks[i]
        if block.kind != "heading":
            continue
        opened = blocks[cuts[-1]]
        inside = opened.kind == "heading" and block.path[: len(opened.path) + 1] == section_of(
            opened
        )
        if not inside:
            cuts.append(i)
    cuts.append(b)
    return list(pairwise(cuts))


def _fold_within_sections(
    regions: list[_Region], old_heads: Sequence[bool], new_heads: Sequence[bool]
) -> list[_Region]:
    """Semantic cleanup at line level: fold a short unchanged stretch into the edits around it.

    This is diff-match-patch's ``diff_cleanupSemantic`` rule (an equality no longer
    than the edits on both sides of it is absorbed), counted in lines, with one
    difference: nothing is folded across a heading. Run on the line-encoded diff,
    the library's own cleanup happily absorbs an unchanged heading, or a new
    section, into the previous section's hunk.
    """
    folded: list[_Region] = []
    for r in regions:
        if folded:
            last = folded[-1]
            gap = r.old_a - last.old_b
            size_before = max(last.old_b - last.old_a, last.new_b - last.new_a)
            size_after = max(r.old_b - r.old_a, r.new_b - r.new_a)
            no_heading = not any(old_heads[last.old_b : r.old_b]) and not any(
                new_heads[last.new_b : r.new_b]
            )
            if no_heading and gap <= size_before and gap <= size_after:
                last.old_b, last.new_b = r.old_b, r.new_b
                continue
        folded.append(_Region(r.old_a, r.old_b, r.new_a, r.new_b))
    return folded


def _with_context(regions: list[_Region], context: int) -> list[list[_Region]]:
    """Group regions whose context windows touch, so each group becomes one hunk."""
    groups: list[list[_Region]] = []
    for r in regions:
        if groups and context > 0 and r.old_a - groups[-1][-1].old_b <= 2 * context:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _hunk_line_ops(hunk: Hunk) -> list[tuple[DiffOp, list[str]]]:
    """The lines of one hunk as equal / delete / insert runs (deletions before insertions)."""
    enc_old, enc_new = _encode(hunk.old_lines, hunk.new_lines)
    differ = diff_match_patch()
    ops: list[tuple[DiffOp, list[str]]] = []
    i = j = 0
    for op, text in differ.diff_main(enc_old, enc_new, False):
        n = len(text)
        if op == 0:
            ops.append(("equal", list(hunk.old_lines[i : i + n])))
            i += n
            j += n
        elif op == -1:
            ops.append(("delete", list(hunk.old_lines[i : i + n])))
            i += n
        else:
            ops.append(("insert", list(hunk.new_lines[j : j + n])))
            j += n
    return ops


# --------------------------------------------------------------------------- helpers


def _merge_ops(ops: Iterable[tuple[DiffOp, str]]) -> tuple[tuple[DiffOp, str], ...]:
    """Join neighbouring pairs with the same op."""
    merged: list[tuple[DiffOp, str]] = []
    for op, text in ops:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


def _plain_document(text: str) -> Document:
    lines = text.split("\n") if text else []
    return Document(blocks=tuple(Block(kind="paragraph", text=line) for line in lines))


__all__ = [
    "diff_documents",
    "diff_texts",
    "is_reorder_only",
    "refine_words",
    "section_of",
    "unified",
]
