"""Reading one lesson file: YAML front matter, then Markdown with `:::` blocks."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.conf import settings

from courses.models import LessonPage

from .problems import Problems
from .richtext import INTERNAL_SCHEME, markdown_to_richtext
from .schema import check_mapping, model_field, suggestion
from .specs import BodyBlock
from .yamlio import parse_yaml

_lesson = LessonPage._meta
FRONT_MATTER = {
    "title": model_field(_lesson.get_field("title"), one_line=True),
    "summary": model_field(_lesson.get_field("summary")),
    "estimated_minutes": model_field(_lesson.get_field("estimated_minutes"), unit="minutes"),
    "objectives": model_field(_lesson.get_field("objectives"), lines=True),
    "sources": model_field(_lesson.get_field("sources"), lines=True),
}

CALLOUT_KINDS = {
    "key-point": "key_point",
    "warning": "warning",
    "case-study": "case_study",
    "in-your-county": "in_your_county",
}
BLOCK_KINDS = [*CALLOUT_KINDS, "reflection", "video"]

_FENCE = re.compile(r"^\s*(```|~~~)")
_BLOCK_LINE = re.compile(r"^:::(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE_LINE = re.compile(
    r'^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+"(?P<caption>[^"]*)")?\)\s*$'
)
_INLINE_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
_VIDEO_DURATION = re.compile(r"\((\d{1,3})\s*min(?:utes?)?\)\s*$")


def _plain(text: str) -> str:
    """Heading blocks hold plain text: `**bold**` or `[a](b)` in a heading keep their words."""
    if not re.search(r"[*_\[`<&]", text):
        return text
    # Keep a leading "1." or "-" as words, not as a list.
    text = re.sub(r"^(\d+)\.", r"\1\\.", re.sub(r"^([-+>])", r"\\\1", text))
    return html.unescape(re.sub(r"<[^>]+>", "", markdown_to_richtext(text))).strip() or text


# lesson file (resolved) -> its key, for links between lessons
LessonIndex = dict[Path, str]


def image_extensions() -> list[str]:
    return getattr(
        settings, "WAGTAILIMAGES_EXTENSIONS", ["avif", "gif", "jpg", "jpeg", "png", "webp"]
    )


class _LessonReader:
    def __init__(self, path: Path, problems: Problems, lessons: LessonIndex):
        self.path = path
        self.problems = problems
        self.lessons = lessons
        self.links: dict[str, str] = {}  # href as written -> lesson: href

    def error(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    # Links ----------------------------------------------------------------

    def check_links(self, text: str, line: int) -> None:
        targets = [m.group(2) for m in _INLINE_LINK.finditer(text) if not m.group(1)]
        ref = _REFERENCE_DEF.match(text)
        if ref:
            targets.append(ref.group(1))
        for target in targets:
            self.check_link(target, line)

    def check_link(self, target: str, line: int) -> None:
        if target.startswith(("http://", "https://", "mailto:")):
            return
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            self.error(line, f"link '{target}': only http, https and mailto links are allowed")
            return
        if target.startswith("#"):
            self.error(line, f"link '{target}': links within a page are not supported")
            return
        file_part = target.split("#", 1)[0]
        resolved = (self.path.parent / file_part).resolve()
        key = self.lessons.get(resolved)
        if key is None:
            self.error(
                line,
                f"link '{target}' does not lead to a lesson file of this curriculum "
                "(give the path of the .md file relative to this lesson)",
            )
            return
        self.links[target] = INTERNAL_SCHEME + key

    def link_target(self, href: str) -> str | None:
        if href.startswith(("http://", "https://", "mailto:")):
            return href
        return self.links.get(href)

    # Markdown -------------------------------------------------------------

    def richtext(self, lines: list[tuple[int, str]], *, in_block: bool) -> str:
        for number, text in lines:
            heading = _HEADING.match(text)
            if heading and in_block and len(heading.group(1)) < 3:
                self.error(number, "inside a ::: block use ### or #### headings only")
            if "![" in text:
                where = "inside a ::: block" if in_block else "inside a paragraph"
                self.error(
                    number,
                    f"images cannot go {where}: put '![alt text](file.png \"caption\")' "
                    "on a line of its own, outside ::: blocks",
                )
            self.check_links(text, number)
        source = "\n".join(text for _, text in lines)
        return markdown_to_richtext(source, link_target=self.link_target)

    def image(self, match: re.Match, line: int) -> BodyBlock | None:
        alt = match.group("alt").strip()
        src = match.group("src")
        caption = (match.group("caption") or "").strip()
        ok = True
        if not alt:
            self.error(line, "an image needs alt text describing it: ![what it shows](file.png)")
            ok = False
        for label, text in (("alt text", alt), ("caption", caption)):
            if len(text) > 250:
                self.error(line, f"image {label} is {len(text)} characters; the limit is 250")
                ok = False
        file = (self.path.parent / src).resolve()
        if src.startswith(("http://", "https://")) or "/" in src or "\\" in src:
            self.error(line, f"image '{src}': give the name of an image file beside the lesson")
            return None
        if file.suffix.lower().lstrip(".") not in image_extensions():
            self.error(
                line,
                f"image '{src}': use one of these file types: {', '.join(image_extensions())}",
            )
            return None
        if not file.is_file():
            self.error(line, f"image '{src}' not found beside the lesson")
            return None
        if not ok:
            return None
        return BodyBlock("image", {"file": file, "alt_text": alt, "caption": caption}, line)

    # Blocks ---------------------------------------------------------------

    def block(self, header: str, start: int, lines: list[tuple[int, str]]) -> BodyBlock | None:
        kind, _, rest = header.strip().partition(" ")
        rest = rest.strip()
        body_text = "\n".join(text for _, text in lines).strip()
        if kind in CALLOUT_KINDS:
            if len(rest) > 200:
                self.error(start, f"the title is {len(rest)} characters; the limit is 200")
            body = self.richtext(lines, in_block=True)
            if not body:
                self.error(start, f"the '{kind}' block is empty")
                return None
            return BodyBlock(
                "callout", {"kind": CALLOUT_KINDS[kind], "title": rest, "body": body}, start
            )
        if kind == "reflection":
            if rest:
                self.error(
                    start,
                    "write the reflection question inside the block, not after '::: reflection'",
                )
            if not body_text:
                self.error(start, "the 'reflection' block is empty: write the question inside it")
                return None
            return BodyBlock("reflection", {"question": body_text}, start)
        if kind == "video":
            url, _, title = rest.partition(" ")
            title = title.strip()
            duration = None
            found = _VIDEO_DURATION.search(title)
            if found:
                duration = int(found.group(1))
                title = title[: found.start()].strip()
            if not url.startswith(("http://", "https://")):
                self.error(start, "write '::: video https://... Title of the video (12 min)'")
                return None
            if not title or len(title) > 200:
                self.error(start, "a video needs a title (up to 200 characters) after its address")
                return None
            if duration == 0:
                self.error(start, "a video's length must be at least 1 minute")
                return None
            transcript = self.richtext(lines, in_block=True)
            if not transcript:
                self.error(start, "a video needs its full transcript inside the block")
                return None
            value = {
                "url": url,
                "title": title,
                "duration_minutes": duration,
                "transcript": transcript,
            }
            return BodyBlock("video", value, start)
        self.error(
            start,
            f"unknown block '{kind or '(none)'}'{suggestion(kind, BLOCK_KINDS) if kind else ''}; "
            f"use one of: {', '.join(BLOCK_KINDS)}",
        )
        return None

    # The whole file -------------------------------------------------------

    def read(self):
        front = read_front_matter(
            self.path, problems=self.problems, fields=FRONT_MATTER, what="a lesson"
        )
        if front is None:
            return None, []
        meta, numbered, closing_line = front
        body = self.body(numbered)
        if not body:
            self.error(closing_line, "the lesson has no text after its front matter")
        return meta, body

    def body(self, numbered: list[tuple[int, str]]) -> list[BodyBlock]:
        blocks: list[BodyBlock] = []
        chunk: list[tuple[int, str]] = []
        in_fence = False
        open_block: tuple[int, str] | None = None
        block_lines: list[tuple[int, str]] = []

        def flush():
            if chunk and any(text.strip() for _, text in chunk):
                html = self.richtext(chunk, in_block=False)
                if html:
                    blocks.append(BodyBlock("paragraph", {"html": html}, chunk[0][0]))
            chunk.clear()

        for number, text in numbered:
            if _FENCE.match(text):
                in_fence = not in_fence
            block_line = None if in_fence else _BLOCK_LINE.match(text)
            if open_block:
                if block_line and not block_line.group(1).strip():
                    block = self.block(open_block[1], open_block[0], block_lines)
                    if block:
                        blocks.append(block)
                    open_block, block_lines = None, []
                elif block_line:
                    self.error(
                        number,
                        f"blocks do not nest: close the block opened on line {open_block[0]} "
                        "with a line holding only ':::' first",
                    )
                else:
                    block_lines.append((number, text))
                continue
            if block_line:
                header = block_line.group(1).strip()
                if not header:
                    self.error(number, "':::' closes a block, but no block is open here")
                    continue
                flush()
                open_block = (number, header)
                continue
            heading = None if in_fence else _HEADING.match(text)
            if heading and len(heading.group(1)) in (1, 2, 3):
                level = len(heading.group(1))
                flush()
                if level == 1:
                    self.error(
                        number,
                        "the lesson title comes from the front matter; start sections with ##",
                    )
                elif len(heading.group(2)) > 120:
                    self.error(number, "a heading may be at most 120 characters")
                else:
                    blocks.append(
                        BodyBlock(
                            "heading",
                            {"text": _plain(heading.group(2)), "level": f"h{level}"},
                            number,
                        )
                    )
                continue
            if heading and len(heading.group(1)) > 4:
                self.error(number, "use headings ## to #### only")
                continue
            image = None if in_fence else _IMAGE_LINE.match(text)
            if image:
                flush()
                block = self.image(image, number)
                if block:
                    blocks.append(block)
                continue
            chunk.append((number, text))
        if open_block:
            self.error(
                open_block[0],
                f"the '{open_block[1].split()[0]}' block opened here is never closed: "
                "add a line holding only ':::'",
            )
        flush()
        return blocks


def read_front_matter(
    path: Path, *, problems: Problems, fields: dict, what: str
) -> tuple[dict | None, list[tuple[int, str]], int] | None:
    """A Markdown file's front matter values, its numbered body lines and the line of the
    '---' that closes the front matter.

    None when the file cannot be read or has no front matter (problems recorded); the
    values are None when the front matter is there but wrong.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows editors) is fine
    except UnicodeDecodeError:
        problems.add(path, 0, "the file is not UTF-8 text; save it as UTF-8")
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, f"{what} starts with front matter: a '---' line, YAML, then '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(path, 1, "the front matter is never closed: add a line holding only '---'")
        return None
    before = len(problems)
    front = parse_yaml("\n".join(lines[1:end]), path=path, problems=problems, line_offset=1)
    meta = None
    if len(problems) == before:
        meta = check_mapping(
            front, fields, path=path, problems=problems, what="the front matter", line=1
        )
    return meta, [(i + 1, lines[i]) for i in range(end + 1, len(lines))], end + 1


def read_lesson(
    path: Path, *, problems: Problems, lessons: LessonIndex
) -> tuple[dict | None, list[BodyBlock]]:
    """The front matter values and body blocks of a lesson file (problems recorded)."""
    return _LessonReader(path, problems, lessons).read()


__all__ = ["CALLOUT_KINDS", "FRONT_MATTER", "LessonIndex", "read_front_matter", "read_lesson"]
