"""Markdown to Wagtail rich text, keeping only what a lesson's rich text allows.

Lessons are Markdown; Wagtail stores rich text as a restricted HTML dialect. The Markdown
is rendered with Python-Markdown's raw-HTML handling switched off (so `<script>` in a
lesson file is shown as text, never run), then every tag outside the lesson's features
(courses.blocks.LESSON_RICHTEXT_FEATURES: bold, italic, link, ol, ul, h3, h4) is removed
while its text is kept.

Links to other lesson files are written as `lesson:<path key>` here and turned into
Wagtail page links (`<a linktype="page" id="...">`) when the pages exist, at load time.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import markdown

INTERNAL_SCHEME = "lesson:"
SAFE_SCHEMES = ("http://", "https://", "mailto:")

# Tag renames to the forms Wagtail's editor itself stores.
_RENAME = {"strong": "b", "em": "i", "h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4", "pre": "p"}
_BLOCK = {"p", "h3", "h4", "ul", "ol", "li"}
_INLINE = {"b", "i", "a"}


_converter: markdown.Markdown | None = None


def _markdown() -> markdown.Markdown:
    """One converter, reset between documents (building one costs more than converting)."""
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(output_format="html")
        # No raw HTML: it is escaped and shown as text.
        _converter.preprocessors.deregister("html_block")
        _converter.inlinePatterns.deregister("html")
    return _converter.reset()


class _Sanitiser(HTMLParser):
    def __init__(self, link_target):
        super().__init__(convert_charrefs=True)
        self.link_target = link_target
        self.out: list[str] = []
        self.stack: list[str | None] = []  # output tag per input tag; None when dropped

    def _in_list_item(self) -> bool:
        kept = [tag for tag in self.stack if tag]
        return bool(kept) and kept[-1] == "li"

    def handle_starttag(self, tag, attrs):
        tag = _RENAME.get(tag, tag)
        if tag in ("br", "hr", "img", "input"):
            if tag == "br":
                self.out.append(" ")
            return
        out_tag = None
        if tag == "p" and self._in_list_item():
            # Loose lists wrap items in <p>; the editor's lists hold text directly.
            if self.out and not self.out[-1].endswith(">"):
                self.out.append(" ")
        elif tag == "a":
            href = self.link_target(dict(attrs).get("href") or "")
            if href is not None and "a" not in self.stack:
                out_tag = "a"
                self.out.append(f'<a href="{escape(href, quote=True)}">')
        elif tag in _BLOCK or tag in _INLINE:
            if tag in _INLINE and tag in self.stack:
                out_tag = None  # no <b> inside <b>
            else:
                out_tag = tag
                self.out.append(f"<{tag}>")
        self.stack.append(out_tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if _RENAME.get(tag, tag) not in ("br", "hr", "img", "input"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = _RENAME.get(tag, tag)
        if tag in ("br", "hr", "img", "input") or not self.stack:
            return
        out_tag = self.stack.pop()
        if out_tag:
            self.out.append(f"</{out_tag}>")

    def handle_data(self, data):
        if not any(self.stack):
            # Text outside any block (from a dropped <blockquote> or <pre>): keep it in a
            # paragraph so the editor can show it.
            if not data.strip():
                return
            self.out.append(f"<p>{escape(data.strip(), quote=False)}</p>")
            return
        self.out.append(escape(re.sub(r"\s*\n\s*", " ", data), quote=False))


def _default_link_target(href: str) -> str | None:
    if href.startswith(SAFE_SCHEMES) or href.startswith(INTERNAL_SCHEME):
        return href
    return None


def sanitise(html: str, *, link_target=_default_link_target) -> str:
    """Only the lesson rich-text features remain; everything else keeps its text only."""
    parser = _Sanitiser(link_target)
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    # Tidy whitespace between block tags so the stored value is stable and compact.
    text = re.sub(r">\s+<(/?)(p|ul|ol|li|h3|h4)>", r"><\1\2>", text)
    text = re.sub(r"\s+</(p|li|h3|h4)>", r"</\1>", text)
    text = re.sub(r"<(p|li|h3|h4)>\s+", r"<\1>", text)
    text = re.sub(r"<p></p>", "", text)
    text = re.sub(r" {2,}", " ", text)
    return text.strip()


def markdown_to_richtext(source: str, *, link_target=_default_link_target) -> str:
    """Render Markdown and keep only Wagtail lesson rich text."""
    return sanitise(_markdown().convert(source), link_target=link_target)


_INTERNAL_LINK = re.compile(r'<a href="' + re.escape(INTERNAL_SCHEME) + r'([^"]*)">')


def resolve_internal_links(html: str, page_id_for) -> str:
    """Turn `lesson:` links into Wagtail page links, given a key -> page id function."""
    return _INTERNAL_LINK.sub(lambda m: f'<a linktype="page" id="{page_id_for(m.group(1))}">', html)
