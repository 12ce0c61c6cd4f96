"""Range selectors and the named cleaning filters of the extractor."""

from __future__ import annotations

import pytest

from monitor.extract import ExtractionError, extract
from monitor.extract.filters import FILTERS, cleaning_steps, filter_names
from monitor.targets import Range

PAGE = b"""<!DOCTYPE html><html lang="en"><body>
<header><nav>Home | Blog</nav></header>
<div id="app">
  <div class="intro"><h1 id="title">Privacy Policy</h1><p>Last updated 2024.</p></div>
  <div class="content">
    <h2 id="s1">1. Data</h2><p>We collect your name.</p>
    <ul><li>Name</li><li id="email">Email</li><li>Phone</li></ul>
    <h2 id="s2">2. Sharing</h2><p>We share data with processors.</p>
    <hr class="sep">
    <p>Related articles</p><p>How to delete your account</p>
  </div>
  <p id="after">Rate this page</p>
</div>
<footer>(c) Example</footer>
</body></html>"""


def lines(**kwargs: object) -> list[str]:
    return extract(PAGE, "text/html", **kwargs).lines  # type: ignore[arg-type]


def test_select_start_before_end_before_keeps_the_stretch_between() -> None:
    assert lines(select=[Range(start_before="#title", end_before="hr.sep")]) == [
        "# Privacy Policy",
        "Last updated 2024.",
        "## 1. Data",
        "We collect your name.",
        "- Name",
        "- Email",
        "- Phone",
        "## 2. Sharing",
        "We share data with processors.",
    ]


def test_select_start_after_excludes_the_landmark_end_after_includes_it() -> None:
    assert lines(select=[Range(start_after="#title", end_after="#s2")]) == [
        "Last updated 2024.",
        "## 1. Data",
        "We collect your name.",
        "- Name",
        "- Email",
        "- Phone",
        "## 2. Sharing",
    ]


def test_a_range_may_end_inside_a_list() -> None:
    assert lines(select=[Range(start_before="#s1", end_after="#email")]) == [
        "## 1. Data",
        "We collect your name.",
        "- Name",
        "- Email",
    ]


def test_remove_range_drops_the_stretch_and_keeps_the_rest() -> None:
    got = lines(
        select=[".content"],
        remove=[Range(start_before="hr.sep", end_after=".content > p:last-child")],
    )
    assert got == [
        "## 1. Data",
        "We collect your name.",
        "- Name",
        "- Email",
        "- Phone",
        "## 2. Sharing",
        "We share data with processors.",
    ]


def test_remove_ranges_are_placed_before_any_removal() -> None:
    # The second range starts at the first one's end landmark: removing the first must not lose it.
    got = lines(
        select=[".content"],
        remove=[
            Range(start_before="#s1", end_before="#s2"),
            Range(start_after="#s2", end_after="hr.sep"),
        ],
    )
    assert got == ["## 2. Sharing", "Related articles", "How to delete your account"]


def test_css_and_range_selections_read_in_document_order() -> None:
    got = lines(select=[Range(start_before="#s2", end_before="hr.sep"), "#title"])
    assert got == ["# Privacy Policy", "## 2. Sharing", "We share data with processors."]


def test_a_range_whose_landmark_is_missing_selects_nothing_and_says_so() -> None:
    with pytest.raises(ExtractionError, match=r"no element matches.*start_before = '#nope'"):
        extract(PAGE, "text/html", select=[Range(start_before="#nope", end_before="hr")])


def test_an_empty_or_reversed_range_selects_nothing() -> None:
    with pytest.raises(ExtractionError, match="no element matches"):
        extract(PAGE, "text/html", select=[Range(start_before="#s2", end_before="#s1")])


def test_a_range_missing_its_end_is_an_error() -> None:
    with pytest.raises(ExtractionError, match="needs one start and one end"):
        extract(PAGE, "text/html", select=[Range(start_before="#s1")])


def test_a_missing_remove_landmark_removes_nothing() -> None:
    assert lines(
        select=[".content"], remove=[Range(start_before="#nope", end_before="hr")]
    ) == lines(select=[".content"])


def test_a_single_range_may_be_passed_alone() -> None:
    assert lines(select=Range(start_before="#s2", end_before="hr.sep")) == [
        "## 2. Sharing",
        "We share data with processors.",
    ]


# --------------------------------------------------------------------------- filters

LINKS = b"""<html><body><main><h1>Privacy</h1>
<p>See <a href="https://l.example.com/l.php?u=https%3A%2F%2Fpartner.example%2Fprivacy&amp;h=AT0xyz">our partner</a>.</p>
<p>Your <a href="/settings?sig=abc123&amp;expires=99#ads">ad settings</a> and
<a href="https://help.example/delete">how to delete</a>.</p>
<p>Write to <a href="/cdn-cgi/l/email-protection#3e5a4e517e5b465f534e525b105d5153"><span class="__cf_email__" data-cfemail="3e5a4e517e5b465f534e525b105d5153">[email&#160;protected]</span></a>.</p>
<p>Share: <a href="https://twitter.example/share"><svg><title>Twitter</title></svg></a>
<a href="#">Back to top</a></p>
</main></body></html>"""


def link_lines(*names: str) -> list[str]:
    return extract(LINKS, "text/html", filters=names).lines


def test_without_filters_links_are_read_as_written() -> None:
    assert link_lines() == [
        "# Privacy",
        "See [our partner](https://l.example.com/l.php?u=https%3A%2F%2Fpartner.example%2Fprivacy&h=AT0xyz).",
        "Your [ad settings](/settings?sig=abc123&expires=99#ads) and [how to delete](https://help.example/delete).",
        "Write to [[email protected]](mailto:dpo@example.com).",
        "Share: Back to top",
    ]


def test_unwrap_redirect_links_points_at_the_destination() -> None:
    assert (
        link_lines("unwrap_redirect_links")[1]
        == "See [our partner](https://partner.example/privacy)."
    )


def test_drop_link_queries_keeps_path_and_fragment() -> None:
    assert link_lines("drop_link_queries")[2].startswith("Your [ad settings](/settings#ads) and")


def test_drop_link_targets_reads_links_as_text() -> None:
    assert link_lines("drop_link_targets")[1:3] == [
        "See our partner.",
        "Your ad settings and how to delete.",
    ]


def test_links_without_text_are_not_written() -> None:
    # An icon link or a bare "#" has nothing to read: OTA's removeEmptyLinks & co. need no step here.
    assert link_lines()[-1] == "Share: Back to top"


def test_decode_protected_emails_writes_the_address() -> None:
    assert link_lines("decode_protected_emails")[3] == "Write to dpo@example.com."
    page = b"<html><body><main><h1>Privacy</h1><p>Mail <span class='__cf_email__' data-cfemail='3e5a4e517e5b465f534e525b105d5153'>[email&#160;protected]</span> now.</p></main></body></html>"
    assert extract(page, "text/html").lines[1] == "Mail [email protected] now."
    assert extract(page, "text/html", filters=["decode_protected_emails"]).lines[1] == (
        "Mail dpo@example.com now."
    )


def test_filters_run_in_the_order_given_and_unknown_names_are_errors() -> None:
    assert filter_names() == tuple(sorted(FILTERS)) and len(FILTERS) >= 4
    assert cleaning_steps(["drop_link_queries", "unwrap_redirect_links"]) == [
        FILTERS["drop_link_queries"],
        FILTERS["unwrap_redirect_links"],
    ]
    with pytest.raises(ExtractionError, match=r"unknown filter 'cleanUrls'.*drop_link_queries"):
        extract(LINKS, "text/html", filters=["cleanUrls"])


def test_filters_also_apply_without_select() -> None:
    with_select = extract(LINKS, "text/html", select=["main"], filters=["drop_link_targets"]).text
    assert "](" not in with_select
    assert with_select == extract(LINKS, "text/html", filters=["drop_link_targets"]).text
