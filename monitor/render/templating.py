"""The Jinja2 environment every HTML output of noticewatch renders through.

Autoescaping is on for every template. Escaping goes through ``html.escape``
(``finalize`` below) rather than markupsafe's default so quotes come out as
``&quot;``/``&#x27;`` exactly as the report and e-mail always wrote them; a
value is escaped once either way, and notice text never reaches a page as markup.

The palette is defined once here: the stylesheet (``static/style.css``, itself a
template) and the inline ``style`` attributes of the e-mail (mail clients drop
``<style>`` elements) both read it, so report, e-mail and web pages look alike.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

#: Colours shared by the stylesheet and the e-mail's inline styles.
PALETTE = {
    "fg": "#1a1a1a",
    "muted": "#666",
    "line": "#ddd",
    "bg": "#fff",
    "del_bg": "#fbdcdc",
    "del_fg": "#8a1010",
    "ins_bg": "#d7f5dd",
    "ins_fg": "#0b5d1e",
    "ctx": "#fafafa",
    "mark": "#fff1a8",
    "material": "#b3261e",
    "editorial": "#8a6d00",
    "info": "#28579e",
    "quote": "#bbb",
    "code_bg": "#f3f3f3",
}

#: Inline styles of the e-mail, from the same palette as the stylesheet.
EMAIL_STYLES = {
    "body": f"font-family:Helvetica,Arial,sans-serif;font-size:15px;color:{PALETTE['fg']};max-width:760px",
    "h2": "margin:0 0 4px;font-size:19px",
    "h3": "font-size:16px;margin:16px 0 6px",
    "sub": "margin:0 0 12px;color:#555",
    "section": "margin:16px 0 4px;color:#555;font-size:13px",
    "text": f"font-family:Georgia,'Times New Roman',serif;line-height:1.5;color:{PALETTE['fg']}",
    "ins": f"background:{PALETTE['ins_bg']};color:{PALETTE['ins_fg']};text-decoration:none",
    "del": f"background:{PALETTE['del_bg']};color:{PALETTE['del_fg']};text-decoration:line-through",
    "note": "color:#555;font-size:13px;font-style:italic",
    "card": "border:1px solid {line};border-left:4px solid {{color}};border-radius:4px;"
    "padding:6px 12px;margin:10px 0".format(line=PALETTE["line"]),
    "card_head": "margin:2px 0 6px",
    "status": "font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#666;margin-right:6px",
    "field": "margin:2px 0;font-size:14px",
    "field_name": "color:#666",
    "quote": "margin:4px 0;padding:2px 10px;border-left:3px solid #bbb;color:#333;font-style:italic",
    "fact_quote": "margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid #bbb;color:#333;font-style:italic",
    "when": "color:#777;font-style:normal",
    "code": f"font-family:Menlo,Consolas,monospace;font-size:13px;background:{PALETTE['code_bg']};padding:2px 4px",
    "small": "color:#555;font-size:13px",
    "footer": "margin-top:24px;color:#888;font-size:12px",
    "li": "margin-bottom:8px",
    "ul": "padding-left:20px",
}
#: Left border of an e-mail card by its status.
EMAIL_CARD_COLORS = {
    "added": PALETTE["ins_fg"],
    "removed": PALETTE["del_fg"],
    "changed": PALETTE["editorial"],
    "announced": PALETTE["editorial"],
}


def _escape_once(value: Any) -> Any:
    """Every printed value through ``html.escape`` (quotes too), unless it is already markup."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("monitor.render", "templates"),
        autoescape=select_autoescape(["html", "xml", "css"], default_for_string=True),
        finalize=_escape_once,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.update(palette=PALETTE, email=EMAIL_STYLES, card_colors=EMAIL_CARD_COLORS)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@cache
def stylesheet() -> str:
    """The one stylesheet: served at /static/style.css, inlined into the standalone report."""
    return render("style.css", palette=PALETTE)
