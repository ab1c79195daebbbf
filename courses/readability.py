"""How hard a lesson is to read, as a US school grade (Flesch-Kincaid, by textstat).

Many learners read English as a second language, on a phone. The programme aims at
about grade 8 and treats anything above grade 9 as too hard (docs/authoring.md). The
grade counts words per sentence and syllables per word, so it rewards short sentences
and plain words; it says nothing about whether the text is right or well ordered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import textstat

TARGET_GRADE_LEVEL = 8
MAX_GRADE_LEVEL = 9

_BLOCK_END = re.compile(r"</(p|li|h2|h3|h4)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = (".", "!", "?", ":", ";")


def _sentence(text: str) -> str:
    """Headings and list items are read as sentences of their own, not run into the next."""
    text = " ".join(text.split())
    if text and not text.endswith(_SENTENCE_END):
        text += "."
    return text


def richtext_plain_text(fragment: str) -> str:
    """The words of a rich-text fragment, each paragraph, item and heading a sentence."""
    parts = _BLOCK_END.split(fragment or "")
    pieces = [html.unescape(_TAG.sub(" ", part)) for part in parts[::2]]
    return " ".join(filter(None, (_sentence(piece) for piece in pieces)))


def lesson_plain_text(blocks: Iterable[tuple[str, Any]]) -> str:
    """The text a learner reads in a lesson body, from (block type, raw value) pairs.

    The values are those of the lesson's StreamField (``page.body.raw_data``) or the
    importer's: a paragraph is rich text; a callout has ``title`` and ``body``; a video
    its ``transcript``; a heading its ``text``; a reflection its ``question``. Image alt
    texts and captions are left out.
    """
    texts = []
    for block_type, value in blocks:
        if block_type == "paragraph":
            texts.append(richtext_plain_text(value))
        elif block_type == "heading":
            texts.append(_sentence(value.get("text", "")))
        elif block_type == "callout":
            texts.append(_sentence(value.get("title") or ""))
            texts.append(richtext_plain_text(value.get("body", "")))
        elif block_type == "video":
            texts.append(richtext_plain_text(value.get("transcript", "")))
        elif block_type == "reflection":
            texts.append(_sentence(value.get("question", "")))
    return " ".join(text for text in texts if text)


def grade_level(text: str) -> float:
    """The Flesch-Kincaid US grade of ``text``, to one decimal; 0 for no text."""
    if not text.strip():
        return 0.0
    return round(float(textstat.flesch_kincaid_grade(text)), 1)
