"""YAML that remembers lines, so that every import error can name its line.

Package files are plain data: they need no anchors, aliases or merge keys, and a loader
that expands them can be made to build billions of values from a few hundred bytes (a
470-byte course.yaml of nested ``<<: [*m0, *m0, ...]`` took 20 s and hundreds of MB). So
they are refused as the parser meets them, before anything is built, and so are files
nested deeper or holding more values than any course needs: every package YAML is read,
or refused, in well under a second.
"""

import yaml
from flask_babel import lazy_gettext as _l
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_CHARACTERS = 512 * 1024  # a course.yaml is a few KB; a quiz of 500 questions, 100 KB
MAX_NODES = 10_000  # keys and values: 25 times the largest bundled quiz; read in 0.2 s
MAX_DEPTH = 50  # a quiz nests six levels deep
MERGE_TAG = "tag:yaml.org,2002:merge"
NO_ANCHORS = _l(
    "YAML anchors, aliases and merge keys (&, * and <<) are not allowed in package files: "
    "write each value out."
)


class LineDict(dict):
    """A mapping from a YAML file; ``line`` is its first line, ``lines[key]`` each key's."""

    line: int = 0
    lines: dict


class LineList(list):
    line: int = 0
    lines: list


class YamlError(ValueError):
    """A YAML text that cannot be read; ``message`` (translated) says why, at ``line``."""

    def __init__(self, message, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.nodes = 0
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError(NO_ANCHORS, line)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlError(
                _l("The YAML holds too many values (more than %(n)d).", n=MAX_NODES), line
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlError(
                _l("The YAML is nested more than %(n)d levels deep.", n=MAX_DEPTH), line
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, ScalarNode) and node.tag == MERGE_TAG:
            raise YamlError(NO_ANCHORS, line)
        return node

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


def parse_yaml(text: str, first_line: int = 1):
    """Parse ``text`` that starts on line ``first_line`` of its file; lines are the file's.

    On a syntax error, or what package files may not hold, raise YamlError with the line.
    """
    if len(text) > MAX_CHARACTERS:
        raise YamlError(
            _l("The YAML is longer than %(n)d characters.", n=MAX_CHARACTERS), first_line
        )
    padded = "\n" * (first_line - 1) + text
    try:
        return yaml.load(padded, Loader=_LineLoader)  # noqa: S506  (a SafeLoader subclass)  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1) if mark else first_line
        raise YamlError(_broken(error.problem or error), line) from error
    except yaml.YAMLError as error:
        raise YamlError(_broken(error), first_line) from error


def _broken(error):
    return _l("Broken YAML: %(error)s", error=str(error))
