"""The one schema of an essay's front matter: which keys, what each may hold."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from essays.problems import Problem
from essays.reading.front_matter import Document

STATUSES = ("published", "draft", "hidden")
REQUIRED = ("title", "date")
PAGE_REQUIRED = ("title",)  # standalone pages (about, ...) have no date
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
# A date and time followed by an offset: "Z", "+02:00", "-0500", with or without a space.
OFFSET = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})"
)
DATE_HINT = (
    "write the full date as YYYY-MM-DD, e.g. 2024-03-05 (a time may follow: 2024-03-05 18:30)"
)


@dataclass(frozen=True)
class Field:
    """A front-matter key: what it holds and an example, for hints and the README."""

    name: str
    help: str
    example: str


# The README's table of keys is this list (tests/test_readme.py keeps them equal).
FIELDS = {
    f.name: f
    for f in (
        Field("title", "the essay's title (required)", '"Peer support: a beginning"'),
        Field(
            "date",
            "publication date, optionally with a time (2024-03-05 18:30), "
            "in the site's time zone, America/Chicago (required)",
            "2024-03-05",
        ),
        Field("modified", "date of the last real change, same format as `date`", "2024-04-01"),
        Field(
            "summary",
            "one or two sentences for lists, feeds and link previews (Markdown)",
            '"What this essay is about, in a sentence or two."',
        ),
        Field("tags", "a list, or comma-separated text", "[peer support, stigma]"),
        Field("category", "one broad section; defaults to Essays", "Essays"),
        Field("author", "who wrote it; defaults to At The Roots", "At The Roots"),
        Field(
            "status",
            "published (the default), draft (preview only) or hidden (a page, in no list)",
            "draft",
        ),
        Field("series", "the name of a series the essay belongs to", '"Starting out"'),
        Field("series_part", "its place in the series: a whole number from 1", "2"),
        Field(
            "content_note",
            "plain text shown to readers before the essay, for hard subjects",
            '"This essay talks about grief."',
        ),
        Field(
            "slug",
            "a web address other than the file name: lowercase words and hyphens",
            "my-essay",
        ),
    )
}


def validate(
    doc: Document, path: str, tz: ZoneInfo, required: tuple[str, ...] = REQUIRED
) -> tuple[dict[str, Any], list[Problem]]:
    """Check a document's fields against the schema; return clean values and problems."""
    values: dict[str, Any] = {}
    problems = [
        Problem(
            path,
            1,
            f"`{key}` is missing",
            f"add a line like `{key}: {FIELDS[key].example}` between the two --- lines",
        )
        for key in required
        if key not in doc.fields and not doc.problems
    ]
    for key, raw in doc.fields.items():
        line = doc.lines[key]
        if key not in FIELDS:
            problems.append(_unknown(key, path, line))
            continue
        try:
            values[key] = CHECKS.get(key, _text)(raw, tz)
        except ValueError as error:
            problems.append(Problem(path, line, f"`{key}`: {error.args[0]}", error.args[1]))
    return values, problems


def _unknown(key: str, path: str, line: int) -> Problem:
    close = difflib.get_close_matches(key.lower(), FIELDS, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(FIELDS)
    return Problem(path, line, f"`{key}` is not a known key", hint)


def _text(raw: Any, tz: ZoneInfo) -> str:
    if raw is None or isinstance(raw, (list, dict)) or not str(raw).strip():
        raise ValueError(
            "needs some text",
            "write the value after the colon, on the same line (in quotes if it starts with #)",
        )
    return str(raw).strip()


def _date(raw: Any, tz: ZoneInfo) -> datetime:
    text = str(raw).strip() if raw is not None else ""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    if OFFSET.fullmatch(text):
        raise ValueError(
            f"{text!r} has a time-zone offset, and offsets are not accepted",
            f"write the local time in the site's time zone ({tz.key}) without the offset: "
            "2024-03-05 18:30",
        )
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}.*", text):
        raise ValueError(f"{text!r} is not a date that exists", "check the month and the day")
    raise ValueError(f"{text!r} is not a full date", DATE_HINT)


def _tags(raw: Any, tz: ZoneInfo) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw or "").split(",")
    tags = [str(item).strip() for item in items if item is not None and str(item).strip()]
    if not tags or any(isinstance(item, (list, dict)) for item in items):
        raise ValueError("needs one or more tags", "write tags: [peer support, stigma]")
    return tags


def _status(raw: Any, tz: ZoneInfo) -> str:
    text = str(raw).strip().lower()
    if text not in STATUSES:
        raise ValueError(f"{raw!r} is not a status", "use one of: " + ", ".join(STATUSES))
    return text


def _part(raw: Any, tz: ZoneInfo) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ValueError(f"{raw!r} is not a part number", "use a whole number from 1 up: 1, 2, 3")
    return raw


def _slug(raw: Any, tz: ZoneInfo) -> str:
    text = _text(raw, tz)
    if not SLUG.match(text):
        raise ValueError(
            f"{text!r} is not a usable web address",
            "use lowercase letters, digits and single hyphens: my-essay-title",
        )
    return text


CHECKS = {
    "date": _date,
    "modified": _date,
    "tags": _tags,
    "status": _status,
    "series_part": _part,
    "slug": _slug,
}
