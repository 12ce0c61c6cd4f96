"""Showing a change: terminal, standalone HTML page, email fragment, plain text."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from rich.console import Console

from monitor.diff.text import diff_documents, diff_texts
from monitor.model import (
    Announcement,
    Block,
    Change,
    Document,
    FactChange,
    Hunk,
    Severity,
    TextDiff,
)
from monitor.render import aligned_rows, display_lines
from monitor.render.html import change_page, inline_diff_html
from monitor.render.plain import fact_changes_text, word_diff_text
from monitor.render.terminal import render_change

EVIL = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">click</a>'
)


def doc(*lines: str) -> Document:
    blocks: list[Block] = []
    path: list[str] = []
    for line in lines:
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip()
            path = path[: level - 1]
            blocks.append(Block("heading", text, level, tuple(path)))
            path = [*path, text]
        else:
            blocks.append(Block("paragraph", line, 0, tuple(path)))
    return Document(tuple(blocks), language="en")


OLD = doc(
    "# Privacy Notice",
    "## What we collect",
    "We collect your name and email address.",
    "We keep it for a year.",
    "## Legal bases",
    "### Legitimate interests",
    "We use your data to keep the service secure.",
    "Contact us.",
)
NEW = doc(
    "# Privacy Notice",
    "## What we collect",
    "We collect your name and phone number.",
    "We keep it for a year.",
    "## Legal bases",
    "### Legitimate interests",
    "We use your data to keep the service secure and to train generative AI models.",
    "Contact us.",
)

AI = FactChange(
    op="added",
    fact="purpose.ai_training",
    description="New purpose: training generative AI models",
    new_evidence=(
        "We use your data to keep the service secure and to train generative AI models.",
    ),
)
EMAIL = FactChange(
    op="removed",
    fact="data.contact",
    description="No longer collected: email address",
    old_evidence=("We collect your name and email address.",),
)
LABELS = {"purpose.ai_training": "Training AI models", "data.contact": "Contact details"}


def material_change(old: Document = OLD, new: Document = NEW) -> Change:
    return Change(
        severity=Severity.MATERIAL,
        text_diff=diff_documents(old, new),
        fact_changes=(AI, EMAIL),
        announcements=(
            Announcement("2025-11-03", "From 3 November 2025 we will train AI models.", 0),
        ),
        summary="New purpose: training generative AI models",
    )


def editorial_change(old: Document = OLD, new: Document = NEW) -> Change:
    return Change(
        severity=Severity.EDITORIAL, text_diff=diff_documents(old, new), summary="editorial"
    )


def render(change: Change, *, color: bool, no_color: bool = False, labels: bool = True) -> str:
    out = io.StringIO()
    if color:
        console = Console(
            file=out, force_terminal=True, color_system="truecolor", width=120, no_color=no_color
        )
    else:
        console = Console(file=out, width=120)
    render_change(
        console,
        change,
        title="Acme — EU Privacy Notice",
        old_label="v1 (2025-01-01)",
        new_label="v2 (2025-02-01)",
        fact_labels=LABELS.get if labels else None,
    )
    return out.getvalue()


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def tags_of(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    return collector


# --------------------------------------------------------------------------- terminal


def test_terminal_without_tty_uses_markers() -> None:
    text = render(material_change(), color=False)
    assert "\x1b[" not in text
    assert "Acme — EU Privacy Notice" in text
    assert "v1 (2025-01-01) → v2 (2025-02-01)" in text
    assert "[MATERIAL]" in text
    assert "We collect your name and [-email address-]{+phone number+}." in text
    assert (
        "We use your data to keep the service secure{+ and to train generative AI models+}." in text
    )
    assert "§ Privacy Notice › What we collect: +1 -1 line" in text
    assert "§ Privacy Notice › Legal bases › Legitimate interests: +1 -1 line" in text


def test_terminal_what_changed_comes_first_with_evidence_and_labels() -> None:
    text = render(material_change(), color=False)
    what = text.index("What changed")
    assert (
        what
        < text.index("+ added  New purpose: training generative AI models")
        < text.index("Text changes")
    )
    assert "Training AI models [purpose.ai_training]" in text
    assert (
        "now: “We use your data to keep the service secure and to train generative AI models.”"
        in text
    )
    assert "− removed No longer collected: email address" in text
    assert "before: “We collect your name and email address.”" in text
    assert "effective 2025-11-03: From 3 November 2025 we will train AI models." in text
    unlabeled = render(material_change(), color=False, labels=False)
    assert (
        "+ added  New purpose: training generative AI models  [purpose.ai_training]\n" in unlabeled
    )


def test_terminal_editorial_says_no_fact_changed() -> None:
    text = render(editorial_change(), color=False)
    assert "No change in stated facts (editorial)" in text
    assert "[EDITORIAL]" in text


def test_terminal_with_colour_styles_words_instead_of_markers() -> None:
    text = render(material_change(), color=True)
    assert "[-" not in text and "{+" not in text
    # Deleted words struck through in red (SGR 9 and 31), inserted words in green (32).
    assert re.search(r"\x1b\[(?:\d+;)*9;31m" + "email address", text)
    assert re.search(r"\x1b\[(?:\d+;)*32m" + "phone number", text)
    assert "We collect your name and email addressphone number." in strip_ansi(text)


def test_terminal_no_color_console_uses_markers_even_on_a_tty() -> None:
    text = render(material_change(), color=True, no_color=True)
    assert "[-email address-]{+phone number+}" in strip_ansi(text)


def test_terminal_prints_notice_markup_literally_and_drops_control_characters() -> None:
    old = doc("# [bold]Rights[/bold]", "Text :smile: [red]here[/red].")
    new = doc("# [bold]Rights[/bold]", "Text :smile: [red]there[/red] \x1b[31mred\x1b[0m.")
    change = Change(
        Severity.MATERIAL,
        diff_documents(old, new),
        (FactChange("added", "x", "[link=http://x]y[/link]"),),
    )
    for color in (False, True):
        text = strip_ansi(render(change, color=color))
        assert "§ [bold]Rights[/bold]: +1 -1 line" in text
        assert ":smile:" in text and "😄" not in text
        assert "[red]" in text
        assert "[link=http://x]y[/link]" in text
    plain = render(change, color=False)
    assert "\x1b" not in plain
    assert "\ufffd[31mred\ufffd[0m" in plain


def test_terminal_notes_a_reorder() -> None:
    old = doc("# Rights", "Access.", "Deletion.", "Objection.")
    new = doc("# Rights", "Objection.", "Access.", "Deletion.")
    text = render(editorial_change(old, new), color=False)
    assert "Only the order of identical lines changed." in text


# --------------------------------------------------------------------------- side by side rows


def test_aligned_rows_pair_old_and_new_lines_in_step() -> None:
    diff = diff_texts("alpha one\nbeta two\ngamma", "alpha 1\nnew line\nbeta two!\ngamma")
    (hunk,) = diff.hunks
    rows = aligned_rows(hunk)
    old_col = ["".join(t for _, t in cell) if cell is not None else None for cell, _ in rows]
    new_col = ["".join(t for _, t in cell) if cell is not None else None for _, cell in rows]
    assert [c for c in old_col if c is not None] == list(hunk.old_lines)
    assert [c for c in new_col if c is not None] == list(hunk.new_lines)
    assert old_col[0] == "alpha one" and new_col[0] == "alpha 1"
    # Old cells hold deletions only, new cells insertions only.
    assert all(op != "insert" for cell, _ in rows if cell for op, _ in cell)
    assert all(op != "delete" for _, cell in rows if cell for op, _ in cell)


def test_display_lines_cut_at_every_line_break() -> None:
    words = (("equal", "a "), ("delete", "b\nc"), ("insert", "d"), ("equal", "\ne"))
    assert display_lines(words) == [
        [("equal", "a "), ("delete", "b")],
        [("delete", "c"), ("insert", "d")],
        [("equal", "e")],
    ]


# --------------------------------------------------------------------------- HTML page

PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
    "section", "ul", "li", "blockquote", "div", "table", "thead", "tbody", "tr", "th", "td",
    "del", "ins", "b", "footer",
}  # fmt: skip


def page(change: Change, old: Document = OLD, new: Document = NEW) -> str:
    return change_page(
        change, title="Acme — EU Privacy Notice", old_label="v1", new_label="v2", old=old, new=new,
        fact_labels=LABELS.get,
    )  # fmt: skip


def test_change_page_is_standalone_with_summary_then_side_by_side() -> None:
    html = page(material_change())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert not re.search(r"https?://|<script|<link|<img|\bsrc=|@import|url\(", html)
    assert "Content-Security-Policy" in html
    collector = tags_of(html)
    assert collector.tags <= PAGE_TAGS
    assert not any(a.startswith("on") for a in collector.attributes)
    what = html.index("What changed")
    assert (
        what
        < html.index("New purpose: training generative AI models", what)
        < html.index("Text changes")
    )
    assert "Training AI models [purpose.ai_training]" in html
    assert "We collect your name and email address." in html  # evidence quoted
    assert "effective 2025-11-03" in html
    # Two columns: deleted words in the old one, inserted words in the new one.
    assert '<td class="old">We collect your name and <del>email address</del>.</td>' in html
    assert '<td class="new">We collect your name and <ins>phone number</ins>.</td>' in html
    assert (
        '<td class="new">We use your data to keep the service secure'
        "<ins> and to train generative AI models</ins>.</td>"
    ) in html
    # Hunks titled by their section, with unchanged context lines around them.
    assert "<h3>Privacy Notice › Legal bases › Legitimate interests" in html
    assert (
        '<tr class="ctx"><td>We keep it for a year.</td><td>We keep it for a year.</td></tr>'
        in html
    )
    assert '<tr class="ctx"><td>Contact us.</td><td>Contact us.</td></tr>' in html


def test_change_page_editorial_and_unchanged_text() -> None:
    html = page(editorial_change())
    assert "No change in stated facts (editorial)" in html
    same = Change(Severity.NONE, diff_documents(OLD, OLD))
    assert "The text did not change." in page(same, OLD, OLD)


def test_change_page_escapes_everything_from_the_notice() -> None:
    old = doc("# Terms", "Plain paragraph.")
    new = doc("# Terms " + EVIL, "Plain paragraph. " + EVIL)
    change = Change(
        Severity.MATERIAL,
        diff_documents(old, new),
        (FactChange("added", "purpose.x", "New purpose " + EVIL, new_evidence=(EVIL,)),),
        (Announcement(EVIL, EVIL, 0),),
        summary=EVIL,
    )
    html = change_page(
        change,
        title=EVIL,
        old_label=EVIL,
        new_label=EVIL,
        old=old,
        new=new,
        fact_labels=lambda _: EVIL,
    )
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;" in html
    collector = tags_of(html)
    assert collector.tags <= PAGE_TAGS
    assert not any(a.startswith("on") or a == "href" for a in collector.attributes)


# --------------------------------------------------------------------------- email fragment


def test_inline_diff_html_uses_inline_styles_only() -> None:
    fragment = inline_diff_html(material_change().text_diff)
    assert "<style" not in fragment and "class=" not in fragment
    assert re.search(r'<del style="[^"]*line-through[^"]*">email address</del>', fragment)
    assert re.search(r'<ins style="[^"]*">phone number</ins>', fragment)
    assert "<b>Privacy Notice › What we collect</b>" in fragment
    assert tags_of(fragment).tags <= {"p", "b", "div", "del", "ins", "br"}


def test_inline_diff_html_limits_hunks_and_escapes() -> None:
    old = "\n".join(f"line {i}" for i in range(20))
    new = "\n".join(f"line {i}" + (" " + EVIL if i % 4 == 0 else "") for i in range(20))
    diff = diff_texts(old, new)
    assert len(diff.hunks) == 5
    fragment = inline_diff_html(diff, max_hunks=2)
    assert fragment.count("<b>(top)</b>") == 2
    assert "… 3 more changed places not shown" in fragment
    assert "<script" not in fragment and "<img" not in fragment and "<a " not in fragment
    assert "&lt;script&gt;" in fragment
    assert tags_of(fragment).attributes == {"style"}
    assert "more changed" not in inline_diff_html(diff)


# --------------------------------------------------------------------------- plain text


def test_word_diff_text() -> None:
    text = word_diff_text(material_change().text_diff)
    assert text == (
        "§ Privacy Notice › What we collect: +1 -1 line\n"
        "We collect your name and [-email address-]{+phone number+}.\n\n"
        "§ Privacy Notice › Legal bases › Legitimate interests: +1 -1 line\n"
        "We use your data to keep the service secure{+ and to train generative AI models+}."
    )


def test_word_diff_text_truncates_between_hunks_or_closes_the_cut_marker() -> None:
    diff = material_change().text_diff
    full = word_diff_text(diff)
    first = full.split("\n\n")[0]
    short = word_diff_text(diff, max_chars=len(first) + 60)
    assert len(short) <= len(first) + 60
    assert short.startswith(first + "\n…")
    assert short.endswith("(diff truncated; 1 more changed place not shown)")
    long_insert = TextDiff(
        hunks=(Hunk(("S",), 0, 0, (), ("x" * 500,), (("insert", "x" * 500),)),), stats=diff.stats
    )
    cut = word_diff_text(long_insert, max_chars=200)
    assert len(cut) <= 200
    assert re.search(r"\{\+x+…\+\}\n… \(diff truncated\)$", cut)
    assert word_diff_text(diff, max_chars=len(full)) == full


def test_fact_changes_text() -> None:
    text = fact_changes_text((AI, EMAIL), LABELS.get)
    assert text.splitlines() == [
        "Added:",
        "  + New purpose: training generative AI models  Training AI models [purpose.ai_training]",
        "    now: “We use your data to keep the service secure and to train generative AI models.”",
        "",
        "Removed:",
        "  − No longer collected: email address  Contact details [data.contact]",
        "    before: “We collect your name and email address.”",
    ]
    assert fact_changes_text(()) == ""
    assert "  − No longer collected: email address  [data.contact]" in fact_changes_text((EMAIL,))


SENTENCE = "We train AI models on your posts and profile, relying on our legitimate interests."
GROUP = (
    FactChange(
        "added", "purpose.ai_training", "New purpose: training AI models", new_evidence=(SENTENCE,)
    ),
    FactChange("added", "data.posts", "New data category: posts", new_evidence=(SENTENCE,)),
    FactChange(
        "added", "data.profile", "New data category: profile data", new_evidence=("Other.",)
    ),
    FactChange(
        "added", "basis.li>purpose.ai", "AI on legitimate interests", new_evidence=(SENTENCE,)
    ),
)


def test_facts_proven_by_one_sentence_quote_it_once_everywhere() -> None:
    labels = {"purpose.ai_training": "training AI models", "data.posts": "Posts"}.get
    text = fact_changes_text(GROUP, labels)
    assert text.count(SENTENCE) == 1
    assert text.splitlines() == [
        "Added:",
        "  + New purpose: training AI models  [purpose.ai_training]",
        "  + New data category: posts  [data.posts]",
        f"    now: “{SENTENCE}”",
        "  + New data category: profile data  [data.profile]",
        "    now: “Other.”",
        "  + AI on legitimate interests  [basis.li>purpose.ai]",
        "    now: “We train AI models on your posts and profile, relying on… (quoted above)”",
    ]
    change = Change(Severity.MATERIAL, diff_texts("a", "b"), GROUP)
    terminal = render(change, color=False)
    assert terminal.count(SENTENCE) == 1
    assert terminal.index("New data category: posts") < terminal.index(SENTENCE)
    html = page(change)
    assert html.count(SENTENCE) == 1
    assert html.count("<li>") == 3
    assert html.count("(quoted above)") == 1


# --------------------------------------------------------------------------- cards


def card_change(evidence: str = "We train AI models on your posts. You can opt out.") -> Change:
    from card_fixtures import ai_training_card

    from monitor.model import Card

    ai = ai_training_card(
        evidence,
        "New purpose: training AI models — legitimate interests — profile data, posts — opt-out",
    )
    ads = Card(
        kind="purpose",
        status="changed",
        subject="purpose.advertising",
        bases_old=("basis.consent",),
        bases_new=("basis.legitimate_interests",),
        controls_old=("control.consent",),
        controls_new=("control.opt_out",),
        headline="Purpose changed: advertising — legal basis consent → legitimate interests",
        old_evidence=("We show ads with your consent.",),
        new_evidence=(evidence,),
        importance=120,
    )
    return Change(
        severity=Severity.MATERIAL,
        text_diff=material_change().text_diff,
        fact_changes=(AI, EMAIL),
        announcements=material_change().announcements,
        summary="New purpose: training AI models (+1 more)",
        cards=(ai, ads),
    )


CARD_LABELS = {
    "basis.legitimate_interests": "legitimate interests",
    "basis.consent": "consent",
    "data.profile": "profile data",
    "data.content": "posts",
    "control.opt_out": "opt-out",
    "control.consent": "opt-in",
}


def test_terminal_shows_cards_instead_of_the_fact_list() -> None:
    out = io.StringIO()
    render_change(
        Console(file=out, width=200),
        card_change(),
        title="Acme",
        old_label="v1",
        new_label="v2",
        fact_labels=CARD_LABELS.get,
    )
    text = out.getvalue()
    first = text.index("[new] New purpose: training AI models — legitimate interests")
    second = text.index("[changed] Purpose changed: advertising — legal basis consent → legitimate")
    assert text.index("What changed") < first < second < text.index("Text changes")
    assert "legal basis: consent → legitimate interests" in text
    assert "control: opt-in → opt-out" in text
    assert "data: profile data, posts" in text
    assert "before: “We show ads with your consent.”" in text
    # The same sentence proves both cards: quoted in full once, then referred to.
    assert text.count("We train AI models on your posts. You can opt out.”") == 1
    assert "(quoted above)" in text
    # No flat list of ids, no separate announcement section: the cards say it.
    assert "+ added" not in text and "Announced changes" not in text


def test_plain_cards_text() -> None:
    from monitor.render.plain import cards_text

    text = cards_text(card_change().cards, CARD_LABELS.get)
    lines = text.splitlines()
    assert lines[0] == (
        "* [new] New purpose: training AI models — legitimate interests — profile data, posts — opt-out"
    )
    assert "    legal basis: legitimate interests" in lines
    assert "    control: opt-out" in lines
    assert "* [changed] Purpose changed: advertising" in text
    assert "    control: opt-in → opt-out" in lines
    assert cards_text((), None) == ""


def test_change_page_renders_cards_and_escapes_their_evidence() -> None:
    change = card_change(evidence="We now " + EVIL)
    html = page(change)
    assert '<div class="card added">' in html and '<div class="card changed">' in html
    assert "<dt>control</dt><dd>control.consent → control.opt_out</dd>" in html
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "We now &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert tags_of(html).tags <= PAGE_TAGS | {"dl", "dt", "dd"}
    assert "Announced changes" not in html  # announcement cards carry them


def test_email_cards_fragment_is_inline_styled_and_escaped() -> None:
    from monitor.render.html import cards_html

    fragment = cards_html(card_change(evidence=EVIL).cards, CARD_LABELS.get, inline=True)
    assert "class=" not in fragment and "<style" not in fragment
    assert "<script" not in fragment and "&lt;script&gt;" in fragment
    assert fragment.count('<div style="') == 2
