"""Markdown to Wagtail rich text: only the lesson editor's features survive, HTML is text."""

import pytest

from content.loader.richtext import markdown_to_richtext, resolve_internal_links, sanitise


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**bold** and *italic*", "<p><b>bold</b> and <i>italic</i></p>"),
        ("- one\n- two", "<ul><li>one</li><li>two</li></ul>"),
        ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
        ("- loose\n\n- list", "<ul><li>loose</li><li>list</li></ul>"),
        ("#### Small heading", "<h4>Small heading</h4>"),
        ("[IOM](https://www.iom.int/)", '<p><a href="https://www.iom.int/">IOM</a></p>'),
        (
            "[mail](mailto:help@example.go.ke)",
            '<p><a href="mailto:help@example.go.ke">mail</a></p>',
        ),
        ("`MRZ <<<`", "<p>MRZ &lt;&lt;&lt;</p>"),
        ("> quoted", "<p>quoted</p>"),
        ("line one  \nline two", "<p>line one line two</p>"),
    ],
)
def test_markdown_becomes_lesson_rich_text(source, html):
    assert markdown_to_richtext(source) == html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<p style="color:red">x</p>',
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(source):
    html = markdown_to_richtext(source)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "style=" not in html.replace("&quot;", '"').split("&lt;")[0]
    assert "&lt;" in html


def test_unsafe_links_lose_their_address_but_keep_their_text():
    assert markdown_to_richtext("[click](javascript:alert(1))") == "<p>click</p>"


def test_sanitise_drops_attributes_and_unknown_tags():
    html = '<p class="x" onclick="y">a <span>b</span> <strong>c</strong></p><table><tr><td>d</td></tr></table>'
    assert sanitise(html) == "<p>a b <b>c</b></p><p>d</p>"


def test_internal_links_become_page_links():
    html = markdown_to_richtext("[next](lesson:c/m/l)")
    assert resolve_internal_links(html, {"c/m/l": 42}.__getitem__) == (
        '<p><a linktype="page" id="42">next</a></p>'
    )


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Stage 1: Pre-departure", "Stage 1: Pre-departure"),
        ("**Stage 1**: the [law](https://kenyalaw.org) & you", "Stage 1: the law & you"),
        ("1. A numbered *heading*", "1. A numbered heading"),
        ("<b>not markup</b>", "<b>not markup</b>"),
    ],
)
def test_heading_blocks_hold_plain_text(source, text):
    from content.loader.lesson import _plain

    assert _plain(source) == text
