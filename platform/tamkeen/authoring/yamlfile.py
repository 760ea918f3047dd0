"""YAML that remembers lines, so that every import error can name its line."""

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, SequenceNode


class LineDict(dict):
    """A mapping from a YAML file; ``line`` is its first line, ``lines[key]`` each key's."""

    line: int = 0
    lines: dict


class LineList(list):
    line: int = 0
    lines: list


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: MappingNode, deep: bool = False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {
            self.construct_object(key, deep=True): key.start_mark.line + 1
            for key, _value in node.value
        }
        return mapping

    def construct_sequence(self, node: SequenceNode, deep: bool = False):
        sequence = LineList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.lines = [item.start_mark.line + 1 for item in node.value]
        return sequence


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


class YamlError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def parse_yaml(text: str, first_line: int = 1):
    """Parse ``text`` that starts on line ``first_line`` of its file; lines are the file's.

    On a syntax error, raise YamlError with the line of the problem.
    """
    padded = "\n" * (first_line - 1) + text
    try:
        return yaml.load(padded, Loader=_LineLoader)  # noqa: S506  (a SafeLoader subclass)  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1) if mark else first_line
        raise YamlError(str(error.problem or error), line) from error
    except yaml.YAMLError as error:
        raise YamlError(str(error), first_line) from error


def read_yaml(path: Path):
    return parse_yaml(path.read_text(encoding="utf-8"))
