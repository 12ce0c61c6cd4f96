"""Helpers for the alert tests: a watched notice, a recorded change, an alerting config,
hostile notice text and an HTML parser to check it stays text.

``record_change`` does what the recorder does for a new version — target row,
snapshot, version, change and the alert rows — in one transaction, with hand-made
documents and facts, so the alert tests depend on storage but not on the
extractor, analyzer or differ.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from monitor.alerts.config import AlertingConfig, parse_alerting
from monitor.alerts.enqueue import enqueue_change_alerts
from monitor.model import (
    Announcement,
    Block,
    Change,
    DiffStats,
    Document,
    FactChange,
    Facts,
    Hunk,
    Severity,
    TextDiff,
)
from monitor.targets import Target
from storage import repo

SECTION = ("How we use your data", "Legitimate interests")
OLD_SENTENCE = "We use your profile to show you relevant jobs."
NEW_SENTENCE = (
    "We use your profile and your posts to train generative AI models that create content."
)
AI_TRAINING = FactChange(
    op="added",
    fact="purpose.ai_training",
    description="new purpose: AI model training (legitimate interests)",
    new_evidence=(NEW_SENTENCE,),
)
POSTS = FactChange(
    op="added",
    fact="data.user_content",
    description="new data category: your posts and content",
    new_evidence=(NEW_SENTENCE,),
)
ANNOUNCEMENT = Announcement(
    effective_date="2025-11-03",
    text="From 3 November 2025 we will use your data to train AI models.",
    start=0,
    facts=frozenset({"purpose.ai_training"}),
)

#: Notice text that would run or link if it reached the HTML unescaped.
HOSTILE = (
    'We now <script>alert("x")</script> share data <img src=x onerror=alert(1)> '
    'with partners: <a href="javascript:alert(document.cookie)">see list</a> & more.'
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]


def parsed(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


#: Formatting only: no script, img, iframe, object, form, style, link, svg ...
SAFE_TAGS = {
    "html", "head", "meta", "title", "body", "div", "h2", "h3", "h4", "p", "a", "ul", "ol", "li",
    "b", "i", "em", "strong", "s", "u", "blockquote", "span", "small", "code", "pre", "br", "hr",
    "del", "ins", "table", "thead", "tbody", "tr", "td", "th",
}  # fmt: skip


_bodies = itertools.count(1)


def make_target(target_id: str = "weavelink-eu", **fields: Any) -> Target:
    values: dict[str, Any] = {
        "id": target_id,
        "url": f"https://weavelink.example/legal/privacy/{target_id}",
        "service": "Weavelink",
        "document": "Privacy Policy",
        "region": "EU",
        "language": "en",
        "tags": ("eu",),
    }
    values.update(fields)
    return Target(**values)


def alerting(text: str, file: str = "watchlist.toml") -> AlertingConfig:
    return parse_alerting(tomllib.loads(text), file=file)


def document(lines: list[str]) -> Document:
    blocks = [Block("heading", SECTION[0], level=1)]
    blocks += [Block("paragraph", line, path=SECTION) for line in lines]
    return Document(
        blocks=tuple(blocks), title="Privacy", language="en", extractor_version="test-1"
    )


def one_hunk_diff(old: str, new: str, line: int = 1) -> TextDiff:
    common = len(_common_prefix(old, new))
    words = [("equal", old[:common])] if common else []
    if old[common:]:
        words.append(("delete", old[common:]))
    if new[common:]:
        words.append(("insert", new[common:]))
    hunk = Hunk(
        section_path=SECTION,
        old_start=line,
        new_start=line,
        old_lines=(old,),
        new_lines=(new,),
        words=tuple(words),
    )
    stats = DiffStats(
        lines_added=1,
        lines_removed=1,
        chars_added=len(new) - common,
        chars_removed=len(old) - common,
    )
    return TextDiff(hunks=(hunk,), stats=stats)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    # Whole words only, so the word diff reads naturally.
    return a[: a.rfind(" ", 0, n) + 1] if n < len(a) or n < len(b) else a[:n]


@dataclass(frozen=True)
class Recorded:
    change_id: int
    to_version: int
    alert_ids: list[int]


def record_change(
    database: Any,
    cfg: AlertingConfig | None,
    target: Target,
    *,
    old: str = OLD_SENTENCE,
    new: str = NEW_SENTENCE,
    severity: Severity = Severity.MATERIAL,
    fact_changes: tuple[FactChange, ...] = (AI_TRAINING,),
    announcements: tuple[Announcement, ...] = (),
    now: datetime | None = None,
) -> Recorded:
    """Record a new version of ``target`` (after a first one if needed) and enqueue its alerts."""
    now = now or datetime.now(UTC)
    with database.session() as session:
        repo.sync_targets(session, [target])
        row = repo.get_target(session, target.id)
        previous = repo.latest_version(session, row.id)
        if previous is None:
            previous = _add_version(session, row, document([old]), now)
        unique = next(_bodies)
        new_doc = document([new, f"Revision {unique}."])
        version = _add_version(session, row, new_doc, now)
        change = Change(
            severity=severity,
            text_diff=one_hunk_diff(old, new),
            fact_changes=fact_changes,
            announcements=announcements,
            summary="; ".join(fc.description for fc in fact_changes) or severity.value,
        )
        change_row = repo.add_change(
            session, row, from_version=previous, to_version=version, change=change
        )
        alerts = enqueue_change_alerts(session, cfg, target, change_row, severity, now=now)
        return Recorded(change_row.id, version.number, [a.id for a in alerts])


def _add_version(session: Any, row: Any, doc: Document, now: datetime) -> Any:
    body = f"<html><body>{doc.text}<!-- {next(_bodies)} --></body></html>".encode()
    snapshot = repo.put_snapshot(session, body, "text/html")
    facts = Facts(language="en", analyzer_version="test-1")
    return repo.add_version(
        session, row, snapshot=snapshot, document=doc, facts=facts, fetched_at=now
    )
