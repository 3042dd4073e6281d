"""Explain a YAML error in a writer's words, at the line the writer has to fix."""

from __future__ import annotations

import yaml

from essays.problems import Problem

FIRST_LINE = 2  # the front matter's YAML starts on the line after the opening ---

# (text in PyYAML's error, our message, our hint): the usual mistakes in plain words.
MISTAKES = (
    (
        "'\\t'",
        "the front matter has a tab in it",
        "YAML allows only spaces here: replace the tab with spaces",
    ),
    (
        "mapping values are not allowed",
        "a value with a colon in it needs quotes",
        'put the value in double quotes: title: "Peer support: a beginning"',
    ),
    (
        "while scanning a quoted scalar",
        "a quote is opened here and never closed",
        'end the value with the same quote mark it starts with: title: "My title"',
    ),
    (
        "could not find expected ':'",
        "this line is not `key: value`",
        "write one `key: value` per line; put text that runs over lines in quotes",
    ),
)
UNCLOSED_QUOTE = MISTAKES[2][1:]
TEXT_AFTER_QUOTE = (
    "this value has more text after its closing quote",
    "put the whole value in double quotes, with single quotes inside: "
    "title: \"The word 'home' and more\"",
)
UNCLOSED_LIST = (
    "a list is opened with [ and never closed",
    "end the list on the same line: tags: [peer support, stigma]",
)


def explain(error: yaml.YAMLError, lines: list[str], path: str) -> Problem:
    """Turn a YAML error in the front matter (given as lines) into a Problem."""
    line = _error_line(error)
    suspect = _suspect(lines[: line - FIRST_LINE + 1])
    if suspect is not None:
        number, (message, hint) = suspect
        return Problem(path, number, message, hint)
    text = str(error)
    for needle, message, hint in MISTAKES:
        if needle in text:
            return Problem(path, line, message, hint)
    reason = getattr(error, "problem", None) or "invalid YAML"
    return Problem(
        path,
        line,
        f"the front matter is not valid YAML: {reason}",
        "compare this line with the example front matter in README.md",
    )


def _error_line(error: yaml.YAMLError) -> int:
    """The file line PyYAML blames; for an open quote or key, where it started."""
    problem, context = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    started = str(getattr(error, "context", "")).startswith(
        ("while scanning a quoted scalar", "while scanning a simple key")
    )
    mark = context if context is not None and (started or problem is None) else problem
    return mark.line + FIRST_LINE if mark is not None else FIRST_LINE


def _suspect(lines: list[str]) -> tuple[int, tuple[str, str]] | None:
    """Find the first line whose quote or list is left open: the real mistake is there.

    PyYAML often notices an unclosed quote only lines later, where the next
    quote mark happens to be; writers need the line where it was opened.
    """
    for index, line in enumerate(lines):
        value = line.partition(":")[2].strip()
        fault = _open_value(value)
        if fault is not None:
            return index + FIRST_LINE, fault
    return None


def _open_value(value: str) -> tuple[str, str] | None:
    if value.startswith("[") and "]" not in value:
        return UNCLOSED_LIST
    if not value.startswith(('"', "'")):
        return None
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if quote == "'" and value[index : index + 2] == "''":
            index += 2  # '' is a quote mark inside single quotes
            continue
        if char == quote:
            rest = value[index + 1 :].strip()
            return TEXT_AFTER_QUOTE if rest and not rest.startswith("#") else None
        index += 1
    return UNCLOSED_QUOTE
