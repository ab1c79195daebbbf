"""YAML reading that remembers the line of every mapping key and list item.

PyYAML's safe loader forgets where values came from; error messages need `file:line`, so
mappings and lists are built as subclasses that carry their lines. Duplicate keys, which
PyYAML silently accepts (the last one wins), are reported instead.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problems


class LineDict(dict):
    """A YAML mapping: `line` is where it starts, `key_lines[key]` where each key is."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence: `line` is where it starts, `item_lines[i]` where item i is."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class DuplicateKey(Exception):
    def __init__(self, key, line: int):
        super().__init__(key, line)
        self.key = key
        self.line = line


class _Loader(yaml.SafeLoader):
    line_offset = 0  # for front matter: the YAML starts below the file's first line

    def node_line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = loader.node_line(node)
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DuplicateKey(key, loader.node_line(key_node))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = loader.node_line(key_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = loader.node_line(node)
    result.item_lines = [loader.node_line(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, *, path: Path, problems: Problems, line_offset: int = 0):
    """Parse YAML text; on error record it (with its line) and return None.

    `line_offset` shifts line numbers, for front matter that starts below line 1.
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except DuplicateKey as exc:
        problems.add(path, exc.line, f"'{exc.key}' appears twice")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 0) + line_offset
        what = exc.problem or "is not valid YAML"
        hint = ""
        if "mapping values are not allowed" in what:
            hint = " (a value containing ': ' must be quoted)"
        problems.add(path, line, f"YAML syntax error: {what}{hint}")
    except yaml.YAMLError as exc:
        problems.add(path, line_offset + 1, f"YAML syntax error: {exc}")
    finally:
        loader.dispose()
    return None


def read_yaml(path: Path, *, problems: Problems):
    """Read and parse a YAML file; None (with a problem recorded) when it cannot be."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows editors) is fine
    except UnicodeDecodeError:
        problems.add(path, 0, "the file is not UTF-8 text; save it as UTF-8")
        return None
    return parse_yaml(text, path=path, problems=problems)
