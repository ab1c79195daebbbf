"""A small declarative schema for the YAML mappings of the content format.

Each mapping (course.yaml, module.yaml, a quiz, a question, lesson front matter) is
checked against a dict of Fields: unknown keys (with a 'did you mean'), missing required
keys, wrong types, choices and ranges are all reported with the line they are on.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problems
from .yamlio import LineDict, LineList

TEXT, INT, BOOL, LINES, LIST, MAP = "text", "int", "bool", "lines", "list", "map"

_TYPE_WORDS = {
    TEXT: "text",
    INT: "a whole number",
    BOOL: "true or false",
    LINES: "a list of one-line texts",
    LIST: "a list",
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


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # e.g. a date YAML parsed from 2019-01-01


def _check_text(value, field: Field, name: str, problems, path, line) -> str | None:
    if not isinstance(value, str):
        hint = " (put it in quotes)" if isinstance(value, int | float | bool) or value else ""
        problems.add(path, line, f"'{name}' must be text, not {_describe(value)}{hint}")
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
            f"'{name}' is {len(value)} characters long; the limit is {field.max_length}",
        )
        return None
    return value


def _check_value(value, field: Field, name: str, problems: Problems, path: Path, line: int):
    """The cleaned value, or None with a problem recorded."""
    if value is None:
        if field.nullable:
            return None
        problems.add(path, line, f"'{name}' needs a value ({_TYPE_WORDS[field.kind]})")
        return None
    if field.kind == TEXT:
        value = _check_text(value, field, name, problems, path, line)
        if value is not None and field.choices and value not in field.choices:
            problems.add(
                path,
                line,
                f"'{name}' is '{value}'; it must be one of: {', '.join(field.choices)}",
            )
            return None
        return value
    if field.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(path, line, f"'{name}' must be a whole number, not {_describe(value)}")
            return None
        if (field.min is not None and value < field.min) or (
            field.max is not None and value > field.max
        ):
            problems.add(
                path, line, f"'{name}' is {value}; it must be from {field.min} to {field.max}"
            )
            return None
        return value
    if field.kind == BOOL:
        if not isinstance(value, bool):
            problems.add(path, line, f"'{name}' must be true or false, not {_describe(value)}")
            return None
        return value
    if field.kind == LINES:
        if not isinstance(value, list):
            problems.add(path, line, f"'{name}' must be a list (one '- item' per line)")
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
            problems.add(path, line, f"'{name}' must be a list, not {_describe(value)}")
            return None
        return value
    if field.kind == MAP:
        if not isinstance(value, dict):
            problems.add(
                path, line, f"'{name}' must be a mapping (keys and values), not {_describe(value)}"
            )
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
            path, line, f"{what} must be a mapping of keys to values, not {_describe(data)}"
        )
        return None
    start = data.line if isinstance(data, LineDict) else line

    def line_of(key):
        return data.line_of(key) if isinstance(data, LineDict) else start

    cleaned: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(str(key), fields, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
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
