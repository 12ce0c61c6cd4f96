"""Issue 10.1 in process: bytes that are not text never pass the checks; real notices do."""

from __future__ import annotations

import random
import zlib

import brotli
import pytest

from monitor.check import LANGUAGE_FLIP, SHRUNK, UNDECODABLE, check_document, check_response
from monitor.extract import ExtractionError, extract
from monitor.extract.decode import decoding_problem
from tests.test_hardening_fetch import GOOD, PARAGRAPHS_EN, PARAGRAPHS_FR, notice


def _garbage(kind: str, rng: random.Random) -> tuple[bytes, str]:
    html = GOOD.replace("Section", f"Part {rng.random()}").encode()
    if kind == "high bytes as utf-8":
        return bytes(rng.randrange(0x80, 0x100) for _ in range(4000)), "text/html; charset=utf-8"
    if kind == "random bytes":
        return bytes(rng.randrange(0, 0x100) for _ in range(4000)), "text/html"
    if kind == "raw deflate":
        return zlib.compress(html)[2:-4], "text/html"
    if kind == "brotli":
        return brotli.compress(html), "text/html"
    if kind == "latin-1 as utf-8":
        return notice(PARAGRAPHS_FR, lang="fr").encode("latin-1"), "text/html; charset=utf-8"
    return notice(PARAGRAPHS_FR, lang="fr").encode(), "text/plain; charset=iso-8859-1"


@pytest.mark.parametrize(
    "kind",
    [
        "high bytes as utf-8",
        "random bytes",
        "raw deflate",
        "brotli",
        "latin-1 as utf-8",
        "utf-8 as latin-1",
    ],
)
def test_garbage_never_passes(kind: str) -> None:
    """Before: 200/200, 33/200, 150/200, 1/200, 200/200, 200/200 of these passed the checks."""
    rng = random.Random(kind)
    for _ in range(50):
        body, content_type = _garbage(kind, rng)
        if check_response(200, content_type, body) is not None:
            continue
        try:
            document = extract(body, content_type)
        except ExtractionError:
            continue
        assert check_document(document) is not None, (kind, document.text[:80])


@pytest.mark.parametrize(
    "text",
    [
        "Nous collectons vos données personnelles, à des fins de sécurité. " * 40,
        "Wir verarbeiten Ihre personenbezogenen Daten für Zwecke der Sicherheit. " * 40,
        "Мы обрабатываем ваши персональные данные в целях безопасности. " * 40,
        "Τα προσωπικά σας δεδομένα επεξεργαζόμαστε για λόγους ασφαλείας. " * 40,
        "当社は、セキュリティの目的で個人データを処理します。" * 40,
        "Chúng tôi xử lý dữ liệu cá nhân của bạn vì mục đích bảo mật. " * 40,
        "We process your data (see https://example.org/privacy?x=1&y=2 for details) ... " * 40,
        "Two stray \ufffd characters \ufffd are tolerated in a long text. " + "Café. " * 400,
    ],
)
def test_real_text_in_any_script_passes(text: str) -> None:
    assert decoding_problem(text) is None


def test_undecodable_language_flip_and_shrink_against_the_trusted_text() -> None:
    en = extract(GOOD.encode(), "text/html")
    fr = extract(notice(PARAGRAPHS_FR, lang="fr").encode(), "text/html")
    mixed = extract(notice(PARAGRAPHS_EN + PARAGRAPHS_FR).encode(), "text/html")
    assert check_document(en, previous_text=en.text) is None
    flip = check_document(fr, previous_text=en.text)
    assert (
        flip is not None and flip.kind == LANGUAGE_FLIP and "in fr, no longer in en" in flip.reason
    )
    assert check_document(mixed, previous_text=en.text) is None  # bilingual: not a flip
    short = extract(notice(PARAGRAPHS_EN, repeat=2).encode(), "text/html")
    assert check_document(short, previous_text=en.text).kind == SHRUNK
    broken = extract(notice(PARAGRAPHS_FR, lang="fr").encode("latin-1"), "text/html; charset=utf-8")
    assert check_document(broken).kind == UNDECODABLE


def test_min_chars_is_per_target() -> None:
    tiny = extract(
        b"<main><h1>Privacy</h1><p>" + b"We collect no personal data at all. " * 5 + b"</p></main>",
        "text/html",
    )
    assert 150 < len(tiny.text) < 200
    assert check_document(tiny).kind == "too_short"
    assert check_document(tiny, min_chars=100) is None
