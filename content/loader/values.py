"""The field values the importer writes for each page, StreamFields as raw JSON.

Block ids are derived, not random: a question's id is a UUID5 of the course slug and the
question's `id`, an option's of those and the option's text, a body block's of the lesson
and its position. Re-importing the same files therefore yields the same values, hashes
and ids; attempts and item analysis refer to questions and options by these ids.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from .richtext import resolve_internal_links
from .specs import CourseSpec, LessonSpec, ModuleSpec, QuizSpec

BLOCK_ID_NAMESPACE = uuid.UUID("4f0b7e52-3c1d-5b8e-9a57-2a6f1d0c9e11")
QUESTION_BLOCK = {
    "single": "single_choice",
    "multiple": "multiple_response",
    "true_false": "true_false",
}


def block_id(*parts: str) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(parts)))


def question_block_id(course_slug: str, question_id: str) -> str:
    """The stable StreamField block id of a question of a course."""
    return block_id(course_slug, "question", question_id)


def option_block_id(course_slug: str, question_id: str, option_text: str) -> str:
    """Options are identified by their text: an id always means the same answer."""
    return block_id(
        course_slug, "question", question_id, "option", " ".join(option_text.split()).casefold()
    )


def _lines(items: list[str]) -> str:
    return "\n".join(items)


class PageValues:
    """Builds page values; imports images on the way (once per file, matched by SHA-1)."""

    def __init__(self, *, source_key: Callable[[Path], str], notes: list[str]):
        self.source_key = source_key
        self.notes = notes
        self.images: dict[Path, int] = {}
        self.lesson_pages: dict[str, int] = {}  # lesson key -> page id, for links

    def for_page(self, spec, course: CourseSpec) -> dict:
        """The field values of the page a spec describes (StreamFields as raw JSON)."""
        if isinstance(spec, CourseSpec):
            return {
                "title": spec.title,
                "summary": spec.summary,
                "objectives": _lines(spec.objectives),
                "audience": spec.audience,
                "thematic_area": spec.thematic_area,
                "estimated_hours": spec.estimated_hours,
                "certificate_enabled": spec.certificate,
                "recertification_months": spec.recertification_months,
                "certificate_wording": spec.certificate_wording,
            }
        if isinstance(spec, ModuleSpec):
            return {
                "title": spec.title,
                "summary": spec.summary,
                "objectives": _lines(spec.objectives),
                "job_aid_title": spec.job_aid.title if spec.job_aid else "",
                "job_aid": spec.job_aid.html if spec.job_aid else "",
            }
        if isinstance(spec, LessonSpec):
            return {
                "title": spec.title,
                "summary": spec.summary,
                "estimated_minutes": spec.estimated_minutes,
                "objectives": _lines(spec.objectives),
                "sources": _lines(spec.sources),
                "body": self.lesson_body(spec),
            }
        if isinstance(spec, QuizSpec):
            return {
                "title": spec.title,
                "intro": spec.intro,
                "kind": spec.kind,
                "required": spec.required,
                "pass_mark": spec.pass_mark,
                "attempt_limit": spec.attempt_limit,
                "draw_count": spec.draw,
                "shuffle_questions": spec.shuffle_questions,
                "shuffle_options": spec.shuffle_options,
                "time_limit_minutes": spec.time_limit_minutes,
                "reveal_answers": spec.reveal,
                "questions": self.questions(course, spec),
            }
        raise TypeError(spec)

    def page_link(self, key: str) -> int:
        # 0 only while new pages are being created; filled before anything is published.
        return self.lesson_pages.get(key, 0)

    def lesson_body(self, lesson: LessonSpec) -> list[dict]:
        body = []
        for index, block in enumerate(lesson.body):
            value = dict(block.value)
            if block.type == "paragraph":
                value = resolve_internal_links(value["html"], self.page_link)
            elif block.type == "callout":
                value["body"] = resolve_internal_links(value["body"], self.page_link)
            elif block.type == "video":
                value["transcript"] = resolve_internal_links(value["transcript"], self.page_link)
            elif block.type == "image":
                value = {
                    "image": self.image_id(value["file"], value["alt_text"]),
                    "alt_text": value["alt_text"],
                    "caption": value["caption"],
                }
            body.append(
                {"type": block.type, "value": value, "id": block_id(lesson.key, "body", str(index))}
            )
        return body

    def questions(self, course: CourseSpec, quiz: QuizSpec) -> list[dict]:
        blocks = []
        for question in quiz.questions:
            value = {
                "text": question.text,
                "explanation": question.explanation,
                "points": question.points,
                "kind": question.kind,
            }
            if question.type == "true_false":
                value["answer"] = "true" if question.answer else "false"
            else:
                value["options"] = [
                    {
                        "type": "item",
                        "id": option_block_id(course.slug, question.id, text),
                        "value": {"text": text, "correct": correct},
                    }
                    for text, correct in question.options
                ]
                if question.type == "multiple":
                    value["scoring"] = question.scoring
            blocks.append(
                {
                    "type": QUESTION_BLOCK[question.type],
                    "value": value,
                    "id": question_block_id(course.slug, question.id),
                }
            )
        return blocks

    def image_id(self, file: Path, alt_text: str) -> int:
        """The Wagtail image for a file, imported once and matched by its SHA-1."""
        if file in self.images:
            return self.images[file]
        data = file.read_bytes()
        sha1 = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
        Image = get_image_model()
        image = Image.objects.filter(file_hash=sha1).order_by("pk").first()
        if image is None:
            with file.open("rb") as handle:
                image = Image(title=alt_text[:255], file=ImageFile(handle, name=file.name))
                image._set_image_file_metadata()
                image.save()
            self.notes.append(f"imported image {self.source_key(file)}")
        self.images[file] = image.pk
        return image.pk
