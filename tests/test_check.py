"""A failed fetch is never a change: HTTP errors, empty bodies, walls, shrinkage."""

from __future__ import annotations

import gzip

import pytest

from monitor.check import (
    KINDS,
    Anomaly,
    check_document,
    check_extraction_failure,
    check_response,
)
from monitor.extract import ExtractionError, extract
from monitor.model import Block, Document

NOTICE_PARAGRAPH = (
    "We process your profile data, your posts and the way you use the service to provide it, "
    "to keep it secure and to measure how features perform. "
)


def page(body: str, title: str = "") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def doc(body: str, title: str = "") -> Document:
    return extract(page(body, title), "text/html")


def long_notice(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{NOTICE_PARAGRAPH} Section {i}.</p>" for i in range(30))
    return f"<main><h1>Privacy Notice</h1>{paragraphs}{extra}</main>"


# --------------------------------------------------------------------------- responses


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 429, 500, 502, 503])
def test_error_statuses_are_http_errors(status):
    anomaly = check_response(status, "text/html", b"<html>error page</html>")
    assert anomaly == Anomaly("http_error", f"HTTP status {status}")


def test_not_modified_and_success_are_fine():
    assert check_response(304, None, b"") is None
    assert check_response(200, "text/html", page("<p>ok</p>")) is None
    assert check_response(None, None, b"plain text notice") is None


def test_empty_bodies():
    assert check_response(200, "text/html", b"").kind == "empty"
    assert check_response(200, "text/html", b" \n\t ").kind == "empty"


def test_binary_garbage_is_not_html():
    assert check_response(200, "text/html", gzip.compress(b"<html>" * 100)).kind == "not_html"
    assert check_response(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).kind == "not_html"
    assert check_response(200, "text/html", bytes(range(32)) * 50).kind == "not_html"


def test_pdf_and_utf16_and_mislabelled_text_are_accepted():
    assert check_response(200, "application/pdf", b"%PDF-1.7\n\x00\x01\x02 binary") is None
    assert check_response(200, "text/html", "<p>x</p>".encode("utf-16")) is None
    assert check_response(200, "application/octet-stream", page("<p>notice</p>")) is None


# --------------------------------------------------------------------------- documents


def test_real_notice_passes():
    assert check_document(doc(long_notice())) is None


def test_empty_and_too_short():
    assert check_document(Document(blocks=())).kind == "empty"
    anomaly = check_document(doc("<p>Loading…</p>"))
    assert anomaly.kind == "too_short"
    assert "characters" in anomaly.reason


CLOUDFLARE = page(
    "<div class='main-wrapper'><h1>www.fabrikam.example</h1>"
    "<h2>Verifying you are human. This may take a few seconds.</h2>"
    "<p>www.fabrikam.example needs to review the security of your connection before proceeding.</p>"
    "<p>Ray ID: 8e9f0a1b2c3d4e5f</p><p>Performance &amp; security by Cloudflare</p></div>",
    title="Just a moment...",
)
AKAMAI = page(
    '<h1>Access Denied</h1><p>You don\'t have permission to access "http://www.fabrikam.example/privacy" '
    "on this server.</p><p>Reference #18.2f3d1502.1732875120.5a4f7b</p>",
    title="Access Denied",
)
DATADOME = page(
    "<div><p>Please enable JS and disable any ad blocker</p>"
    "<iframe src='https://geo.captcha-delivery.com/captcha/'></iframe>"
    "<p>We want to make sure it is actually you we are dealing with and not a robot. "
    "Are you a robot? If you are a human, solve the puzzle below.</p></div>",
    title="fabrikam.example",
)
PERIMETERX = page(
    "<div><h1>Before we continue...</h1><p>Press &amp; Hold to confirm you are a human (and not a bot).</p>"
    "<div id='px-captcha'></div><p>Reference ID 5c6d7e8f-0000-1111-2222-333344445555</p></div>",
    title="Access to this page has been denied",
)
LOGIN_EN = page(
    "<main><h1>Sign in to continue</h1><p>Stay updated on your professional world.</p>"
    "<p>Forgot password?</p><p>New here? Join now</p></main>",
    title="Sign In | Fabrikam",
)
LOGIN_FR = page(
    "<main><h1>Bienvenue</h1><p>Connectez-vous pour continuer vers Fabrikam.</p>"
    "<p>Adresse e-mail ou téléphone</p><p>Mot de passe oublié ?</p></main>",
    title="Fabrikam",
)
LOGIN_DE = page(
    "<main><p>Bitte melden Sie sich an, um die Seite zu sehen.</p><p>Passwort vergessen?</p></main>"
)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (CLOUDFLARE, "bot_wall"),
        (AKAMAI, "bot_wall"),
        (DATADOME, "bot_wall"),
        (PERIMETERX, "bot_wall"),
        (LOGIN_EN, "login_wall"),
        (LOGIN_FR, "login_wall"),
        (LOGIN_DE, "login_wall"),
    ],
)
def test_walls(body, kind):
    anomaly = check_document(extract(body, "text/html"))
    assert anomaly is not None
    assert anomaly.kind == kind
    assert anomaly.reason.startswith(kind.replace("_", " "))


def test_long_notice_mentioning_captcha_and_sign_in_is_not_a_wall():
    mention = (
        "<h2>Security</h2><p>We use a CAPTCHA to verify you are human when you sign in, and we log "
        "the IP address of each attempt. Press and hold the button in the app to confirm.</p>"
        "<p>Please sign in to continue to your privacy settings.</p>"
    )
    assert check_document(doc(long_notice(mention))) is None


def test_short_cookie_notice_mentioning_captcha_in_passing_is_not_a_wall():
    body = (
        "<main><h1>Cookie Notice</h1>"
        + "".join(
            f"<p>Cookie {i}: we set this cookie to remember your language and region choices for a year.</p>"
            for i in range(12)
        )
        + "<p>The reCAPTCHA cookie helps us verify you are human.</p></main>"
    )
    document = doc(body)
    assert len(document.text) < 3000
    assert check_document(document) is None


def test_shrink_is_an_anomaly_relative_to_the_previous_version():
    document = doc(long_notice())
    size = len(document.text)
    assert check_document(document, previous_chars=size) is None
    assert check_document(document, previous_chars=int(size * 1.9)) is None
    shrunk = check_document(document, previous_chars=size * 3)
    assert shrunk.kind == "shrunk"
    assert str(size * 3) in shrunk.reason
    # a stricter target setting flags smaller losses
    assert check_document(document, previous_chars=int(size * 1.5), max_shrink=0.2).kind == "shrunk"


def test_min_chars_is_configurable():
    document = Document(blocks=(Block("paragraph", "x" * 150),))
    assert check_document(document).kind == "too_short"
    assert check_document(document, min_chars=100) is None


def test_failed_selector_on_a_bot_wall_names_the_wall():
    with pytest.raises(ExtractionError) as caught:
        extract(CLOUDFLARE, "text/html", select=[".policy"])
    anomaly = check_extraction_failure(CLOUDFLARE, "text/html", caught.value)
    assert anomaly.kind == "bot_wall"


def test_failed_selector_on_a_redesigned_page_is_an_extraction_failure():
    body = page(long_notice())
    with pytest.raises(ExtractionError) as caught:
        extract(body, "text/html", select=[".policy"])
    anomaly = check_extraction_failure(body, "text/html", caught.value)
    assert anomaly.kind == "extraction_failed"
    assert ".policy" in anomaly.reason


def test_kinds_are_documented():
    assert set(KINDS) >= {
        "http_error",
        "empty",
        "too_short",
        "bot_wall",
        "login_wall",
        "shrunk",
        "not_html",
        "extraction_failed",
    }
