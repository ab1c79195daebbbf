"""Reading a module's job aid: `job-aid.md`, front matter then plain Markdown.

A job aid is the one page an officer keeps at the desk (a referral pathway, a screening
checklist): Markdown with headings, lists, bold, italic and web links, printed by the
platform as a one-page PDF. It has none of a lesson's `:::` blocks or images, and links
go to the web only (a printed page cannot follow a link to a lesson).
"""

from __future__ import annotations

import re
from pathlib import Path

from courses.models import ModulePage

from .lesson import read_front_matter
from .problems import Problems
from .richtext import SAFE_SCHEMES, markdown_to_richtext
from .schema import model_field
from .specs import JobAidSpec

JOB_AID_FILE = re.compile(r"^job-aid(?:\.([a-z]{2,3}))?\.md$")
FRONT_MATTER = {
    "title": model_field(
        ModulePage._meta.get_field("job_aid_title"), required=True, default=None, one_line=True
    )
}
# About what one A4 page holds at the job aid's print size, headings and lists included.
MAX_TEXT_CHARACTERS = 3500

_HEADING = re.compile(r"^(#{1,6})\s")
_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?")


def _web_only(href: str) -> str | None:
    return href if href.startswith(SAFE_SCHEMES) else None


def read_job_aid(path: Path, *, problems: Problems) -> JobAidSpec | None:
    """The job aid in ``path``, or None with its problems recorded."""
    before = len(problems)
    front = read_front_matter(path, problems=problems, fields=FRONT_MATTER, what="a job aid")
    if front is None:
        return None
    meta, numbered, closing_line = front
    in_fence = False
    for number, text in numbered:
        if text.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        heading = _HEADING.match(text)
        if heading and len(heading.group(1)) not in (2, 3, 4):
            problems.add(
                path, number, "use headings ## to #### only (the title comes from the front matter)"
            )
        if text.startswith(":::"):
            problems.add(path, number, "a job aid has no ::: blocks: use headings and lists")
        for image, target in _LINK.findall(text):
            if image:
                problems.add(path, number, "a job aid has no images")
            elif not target.startswith(SAFE_SCHEMES):
                problems.add(
                    path,
                    number,
                    f"link '{target}': a job aid links to http, https or mailto addresses only",
                )
    html = markdown_to_richtext("\n".join(text for _, text in numbered), link_target=_web_only)
    if not html:
        problems.add(path, closing_line, "the job aid has no text after its front matter")
    text_length = len(re.sub(r"<[^>]+>", "", html))
    if text_length > MAX_TEXT_CHARACTERS:
        problems.add(
            path,
            closing_line,
            f"the job aid has {text_length} characters of text; one printed page holds about "
            f"{MAX_TEXT_CHARACTERS}: shorten it",
        )
    if meta is None or len(problems) != before:
        return None
    return JobAidSpec(title=meta["title"], html=html, path=path)
