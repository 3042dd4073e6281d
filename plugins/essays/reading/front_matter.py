"""Split an essay into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from essays.problems import Problem
from essays.reading.yaml_mistakes import explain

FENCE = "---"
START_HINT = "start the file with a --- line, then `title:` and `date:` lines, then --- again"
# Keys (1), a list of tags (2), and one more level so a list inside a list gets the
# schema's own message; nothing a front matter needs goes deeper.
MAX_DEPTH = 3
ALIAS_HINT = (
    "write the value out in full on each line that needs it "
    "(& and * start anchors and aliases in YAML: put text that starts with them in quotes)"
)
DEPTH_HINT = "write one `key: value` per line; tags are one list: tags: [peer support, stigma]"


class FrontMatterLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so the schema can judge them."""


# Copy the resolver table without YAML's implicit timestamps: "2024-02-30" would
# otherwise raise a bare ValueError with no line, and "2024-03-05 9:00" would
# become a naive datetime that ignores the site's timezone.
FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastFrontMatterLoader(getattr(yaml, "CSafeLoader", FrontMatterLoader)):
    """The same loader on libyaml when PyYAML has it: about ten times faster."""


FastFrontMatterLoader.yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers


@dataclass
class Document:
    """An essay's parts: fields with the line of each key, and the body."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def normalise(text: str) -> str:
    """Drop a byte-order mark and turn CRLF/CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> Document:
    """Parse the front matter of an essay's text; report problems with lines."""
    text = normalise(text)
    lines = text.split("\n")
    if not text.strip():
        return _fail(path, 1, "the file is empty", START_HINT)
    if lines[0].rstrip() != FENCE:
        return _fail(path, 1, "the file does not start with front matter", START_HINT)
    close = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == FENCE), None)
    if close is None:
        return _fail(
            path,
            1,
            "the front matter is never closed",
            "add a line with three dashes (---) after the last key, before the essay text",
        )
    doc = Document(body="\n".join(lines[close + 1 :]), body_line=close + 2)
    _load("\n".join(lines[1:close]), path, doc)
    return doc


def _fail(path: str, line: int, message: str, hint: str) -> Document:
    return Document(problems=[Problem(path, line, message, hint)])


def _load(yaml_text: str, path: str, doc: Document) -> None:
    """Fill doc.fields and doc.lines from the YAML text (which starts on line 2)."""
    known = len(doc.problems)
    try:
        _fill(FastFrontMatterLoader, yaml_text, path, doc)
    except yaml.YAMLError:
        # libyaml words its errors differently: read the text again with the
        # pure-Python loader, whose messages yaml_mistakes.explain knows.
        doc.fields.clear()
        doc.lines.clear()
        del doc.problems[known:]
        try:
            _fill(FrontMatterLoader, yaml_text, path, doc)
        except yaml.YAMLError as error:
            doc.problems.append(explain(error, yaml_text.split("\n"), path))


def _fill(loader_class: type, yaml_text: str, path: str, doc: Document) -> None:
    """Read the YAML text's keys and values into doc with one kind of loader."""
    refused = _refuse(loader_class, yaml_text, path)
    if refused is not None:  # never composed: aliases could expand without bound
        doc.problems.append(refused)
        return
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            doc.problems.append(
                Problem(
                    path,
                    2,
                    "the front matter is not a list of keys",
                    "write one `key: value` per line",
                )
            )
            return
        for key_node, value_node in node.value:
            _add_field(loader, key_node, value_node, path, doc)
    finally:
        loader.dispose()


def _refuse(loader_class: type, yaml_text: str, path: str) -> Problem | None:
    """Find an anchor, an alias or deep nesting from the parser's events, before composing.

    Composing expands aliases (a few lines can ask for gigabytes) and recurses per
    level (thousands of levels overflow Python's stack); the events are read in a loop.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader_class):
        line = event.start_mark.line + 2
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return Problem(
                path, line, "YAML anchors and aliases (& and *) are not used here", ALIAS_HINT
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(path, line, "the front matter is nested too deeply", DEPTH_HINT)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _add_field(loader, key_node, value_node, path: str, doc: Document) -> None:
    line = key_node.start_mark.line + 2
    key = str(loader.construct_object(key_node, deep=True))
    if key in doc.fields:
        doc.problems.append(
            Problem(
                path,
                line,
                f"`{key}` is given twice",
                f"keep one `{key}:` line (the first is on line {doc.lines[key]})",
            )
        )
        return
    doc.fields[key] = loader.construct_object(value_node, deep=True)
    doc.lines[key] = line
