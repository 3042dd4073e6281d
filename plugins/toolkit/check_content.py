"""Check the content without building the site: what `invoke check-content` runs.

Each file goes through the same reader as the build (front matter, schema,
Markdown with the figure and link checks); across files, web addresses must
be unique. Nothing is rendered or written but the cached photo sizes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from essays.addresses import file_slug
from essays.checks import ACROSS_FILES
from essays.content_files import display_path, kind_of
from essays.problems import ContentError, Problem
from essays.reading import front_matter, schema
from essays.reading.reader import EssayReader, decode
from essays.status.links import LEVEL_SETTING
from essays.symlinks import unsafe_inputs
from toolkit.code_errors import CODE_HINT


def main(names: list[str]) -> int:
    """Check the named files (all content when none), print the problems; the exit status.

    What `invoke check-content` and the pre-commit hook (plugins/check_essays.py) run.
    """
    from toolkit.settings import DEV, load_settings  # reads pelican.conf.py

    files = [Path(name) for name in names] or None
    # A link to a draft or a scheduled essay is an error here, as when publishing.
    problems = check(load_settings({**DEV, LEVEL_SETTING: "error"}), files)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        count = len(problems)
        print(f"content check failed: {count} problem{'s' * (count != 1)}", file=sys.stderr)
        return 1
    print(f"checked {'all content' if files is None else f'{len(files)} file(s)'}: no problems")
    return 0


@dataclass
class ContentItem:
    """What the checks across files read of one file, as Pelican's content objects hold it."""

    source_path: str
    metadata: dict[str, Any]
    title: str = ""
    slug: str = ""
    date: datetime | None = None
    status: str = "published"
    tags: list[str] = field(default_factory=list)


def check(settings: Mapping[str, Any], files: Iterable[Path] | None = None) -> list[Problem]:
    """Return every problem of the given files (all content when None), sorted.

    Each file is read as the build reads it; then every check across files
    (essays.checks.ACROSS_FILES, the build's own) runs over all the content. A
    problem counts when it is at one of the given files or names one of them.
    """
    unsafe = unsafe_inputs(settings)
    if unsafe:  # nothing is read while a link could lead out of the project or loop
        return sorted(unsafe)
    everything = sorted(Path(settings["PATH"]).resolve().rglob("*.md"))
    chosen = everything if files is None else [Path(f).resolve() for f in files]
    readings = {source: check_file(source, settings) for source in chosen}
    problems = [p for found, _ in readings.values() for p in found]
    items = [
        item_of(source, settings, readings.get(source, ([], None))[1]) for source in everything
    ]
    items = [item for item in items if item is not None]
    across = [p for check_across in ACROSS_FILES for p in check_across(items, settings)]
    chosen_paths = {display_path(str(source)) for source in chosen}
    problems += [
        p for p in across if p.path in chosen_paths or any(c in p.message for c in chosen_paths)
    ]
    return sorted(set(problems))


def check_file(
    source: Path, settings: Mapping[str, Any]
) -> tuple[list[Problem], dict[str, Any] | None]:
    """Read one file as the build would; return its errors and warnings, and what it read."""
    path = display_path(str(source))
    if not source.is_file():
        return [Problem(path, 0, "no such file", "check the file name")], None
    if source.suffix != ".md":
        return [Problem(path, 0, "not an essay: essays are .md files", "check the file name")], None
    if kind_of(source, settings) is None:
        return [
            Problem(
                path,
                1,
                "this file is not in an essays or pages folder, so it would produce no page",
                "move it into content/essays/ (or content/pages/ for a standalone page)",
            )
        ], None
    try:
        _content, metadata = EssayReader(dict(settings)).read(str(source))
    except ContentError as error:
        return list(error.problems), None
    except Exception as error:  # a fault in our code, not in the essay: no traceback here
        stopped = f"the check stopped: {type(error).__name__}: {error}"
        return [Problem(path, 0, stopped, CODE_HINT)], None
    return list(metadata["essay_warnings"]), metadata


def item_of(
    source: Path, settings: Mapping[str, Any], read: dict[str, Any] | None
) -> ContentItem | None:
    """The record of a file for the checks across files; None when it cannot be read.

    Files not fully read (not among those checked) are known by their front matter:
    the checks across files need nothing else of them.
    """
    kind, path = kind_of(source, settings), display_path(str(source))
    try:
        text, problems = decode(source.read_bytes(), path)
    except OSError:  # check_file reports it
        return None
    if kind is None or problems:
        return None
    doc = front_matter.split(text, path)
    tz = ZoneInfo(settings["TIMEZONE"])
    values, _ = schema.validate(doc, path, tz)
    metadata = dict(read or {})
    metadata.update({k: v for k, v in values.items() if k not in metadata})
    metadata["front_matter_lines"] = dict(doc.lines)
    metadata |= {
        f"{key}_line": doc.lines[key] for key in ("series", "series_part") if key in values
    }
    date = values.get("date")
    status = values.get("status", "published")
    if date is not None and not settings.get("WITH_FUTURE_DATES") and date > datetime.now(tz):
        status = "draft"  # as Pelican makes a future essay when publishing
    return ContentItem(
        source_path=str(source),
        metadata=metadata,
        title=str(values.get("title", "")),
        slug=values.get("slug") or file_slug(str(source), settings),
        date=date,
        status=status,
        tags=list(dict.fromkeys(values.get("tags", []))),
    )
