"""A small declarative schema for the YAML mappings of the content format.

Each mapping (course.yaml, module.yaml, a quiz, a question, lesson front matter) is
checked against a dict of Fields: unknown keys (with a 'did you mean'), missing required
keys, wrong types, choices and ranges are all reported with the line they are on.
"""

from __future__ import annotations

import builtins
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .problems import Problems
from .yamlio import LineDict, LineList

TEXT, INT, BOOL, LINES, LIST, MAP = "text", "int", "bool", "lines", "list", "map"

_TYPE_WORDS = {
    TEXT: "text",
    INT: "a whole number",
    BOOL: "true or false",
    LINES: "a list of one-line texts (one '- item' per line)",
    LIST: "a list (one '- item' per line)",
    MAP: "a mapping of keys to values",
}


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool = False
    default: Any = None
    choices: tuple | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    nullable: bool = False  # `null` allowed (and kept as None)
    one_line: bool = False
    unit: str = ""  # what a number counts, in the messages: "hours", "percent"

    def expected(self) -> str:
        """What the field takes, in plain words: 'a whole number of hours'."""
        words = _TYPE_WORDS[self.kind]
        return f"{words} of {self.unit}" if self.kind == INT and self.unit else words

    def range(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.max is None:
            return f"{self.min}{unit} or more"
        return f"from {self.min} to {self.max}{unit}"


_NOT_GIVEN = object()


def model_field(
    field: models.Field,
    *,
    required: bool | None = None,
    default: Any = _NOT_GIVEN,
    unit: str = "",
    one_line: bool = False,
    lines: bool = False,
    max: int | None = None,
) -> Field:
    """The file format's rule for a value stored in a model field: type, choices, length
    and range come from the field itself, so the files and the Wagtail admin agree.

    `lines` reads a text field as a list of one-line texts (objectives, sources); `max`
    gives a bound the model leaves open (e.g. attempts). `required` defaults to whether the
    model field may be blank.
    """
    if isinstance(field, models.BooleanField):
        kind = BOOL
    elif isinstance(field, models.IntegerField):
        kind = INT
    else:
        kind = LINES if lines else TEXT
    positive = (
        models.PositiveSmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
    )
    minimum = 0 if isinstance(field, positive) else None
    maximum = max
    for validator in field.validators:
        # The database's own range comes as validators too; the smallest bound is the rule.
        if isinstance(validator, MinValueValidator):
            minimum = (
                validator.limit_value
                if minimum is None
                else builtins.max(minimum, validator.limit_value)
            )
        elif isinstance(validator, MaxValueValidator):
            maximum = (
                validator.limit_value
                if maximum is None
                else builtins.min(maximum, validator.limit_value)
            )
    if default is _NOT_GIVEN:
        if lines:
            default = []
        else:
            default = field.get_default() if field.has_default() or field.blank else None
    return Field(
        kind,
        required=(not field.blank and not field.has_default()) if required is None else required,
        default=default,
        choices=tuple(value for value, _label in field.choices) if field.choices else None,
        min=minimum if kind == INT else None,
        max=maximum if kind == INT else None,
        max_length=field.max_length or (500 if lines else None),
        nullable=field.null,
        one_line=one_line,
        unit=unit,
    )


def suggestion(word, candidates) -> str:
    """' (did you mean 'x'?)' for the candidate closest to a mistyped word, or ''.

    difflib's ratio misses shortened or extended names ('hours' for 'estimated_hours'),
    so a candidate that contains the word, or is contained in it, also counts.
    """
    word = str(word)
    candidates = [str(c) for c in candidates]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close:
        folded = word.casefold().replace("-", "_")
        close = [
            c
            for c in candidates
            if (len(folded) >= 3 and folded in c.casefold().replace("-", "_"))
            or (len(c) >= 4 and c.casefold() in folded)
        ][:1]
    if not close:
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.45)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(value) -> str:
    """What the file gives, in plain words and with the value itself: "1.5", "text 'two'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys to values"
    return f"{type(value).__name__} {value}"  # e.g. a date YAML parsed from 2019-01-01


def _check_text(value, field: Field, name: str, problems, path, line) -> str | None:
    if not isinstance(value, str):
        hint = " (put it in quotes)" if not isinstance(value, list | dict) else ""
        problems.add(path, line, f"'{name}' must be text, got {_describe(value)}{hint}")
        return None
    value = value.strip()
    if not value:
        problems.add(path, line, f"'{name}' must not be empty")
        return None
    if field.one_line and "\n" in value:
        problems.add(path, line, f"'{name}' must be a single line")
        return None
    if field.max_length and len(value) > field.max_length:
        problems.add(
            path,
            line,
            f"'{name}' must be at most {field.max_length} characters, got {len(value)}",
        )
        return None
    return value


def _check_value(value, field: Field, name: str, problems: Problems, path: Path, line: int):
    """The cleaned value, or None with a problem recorded."""
    if value is None:
        if field.nullable:
            return None
        problems.add(path, line, f"'{name}' needs a value: {field.expected()}")
        return None
    if field.kind == TEXT:
        value = _check_text(value, field, name, problems, path, line)
        if value is not None and field.choices and value not in field.choices:
            problems.add(
                path,
                line,
                f"'{name}' must be one of: {', '.join(field.choices)}; got '{value}'"
                f"{suggestion(value, field.choices)}",
            )
            return None
        return value
    if field.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(path, line, f"'{name}' must be {field.expected()}, got {_describe(value)}")
            return None
        if (field.min is not None and value < field.min) or (
            field.max is not None and value > field.max
        ):
            problems.add(path, line, f"'{name}' must be {field.range()}, got {value}")
            return None
        return value
    if field.kind == BOOL:
        if not isinstance(value, bool):
            problems.add(path, line, f"'{name}' must be true or false, got {_describe(value)}")
            return None
        return value
    if field.kind == LINES:
        if not isinstance(value, list):
            problems.add(path, line, f"'{name}' must be {field.expected()}, got {_describe(value)}")
            return None
        items = []
        item_field = Field(TEXT, one_line=True, max_length=field.max_length)
        for index, item in enumerate(value):
            item_line = value.line_of(index) if isinstance(value, LineList) else line
            cleaned = _check_text(
                item, item_field, f"{name}[{index + 1}]", problems, path, item_line
            )
            if cleaned is not None:
                items.append(cleaned)
        return items
    if field.kind == LIST:
        if not isinstance(value, list):
            problems.add(path, line, f"'{name}' must be {field.expected()}, got {_describe(value)}")
            return None
        return value
    if field.kind == MAP:
        if not isinstance(value, dict):
            problems.add(path, line, f"'{name}' must be {field.expected()}, got {_describe(value)}")
            return None
        return value
    raise ValueError(field.kind)


def check_mapping(
    data, fields: dict[str, Field], *, path: Path, problems: Problems, what: str, line: int = 0
) -> dict | None:
    """Check a YAML mapping against `fields`; the cleaned values (defaults filled) or None.

    None only when `data` is not a mapping at all; otherwise invalid values are left out
    and reported, so the caller may go on checking the rest.
    """
    if not isinstance(data, dict):
        problems.add(
            path, line, f"{what} must be a mapping of keys to values, got {_describe(data)}"
        )
        return None
    start = data.line if isinstance(data, LineDict) else line

    def line_of(key):
        return data.line_of(key) if isinstance(data, LineDict) else start

    cleaned: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            hint = suggestion(key, fields)
            allowed = ", ".join(fields)
            problems.add(
                path, line_of(key), f"unknown key '{key}' in {what}{hint}; allowed: {allowed}"
            )
    for name, field in fields.items():
        if name not in data:
            if field.required:
                problems.add(path, start, f"{what} is missing '{name}'")
            else:
                cleaned[name] = field.default
            continue
        value = _check_value(data[name], field, name, problems, path, line_of(name))
        if value is not None or (field.nullable and data[name] is None):
            cleaned[name] = value
    return cleaned
