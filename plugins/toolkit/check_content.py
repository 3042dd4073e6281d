"""Check the content without building the site: what `invoke check-content` runs.

Each file goes through the same reader as the build (front matter, schema,
Markdown with the figure and link checks); across files, web addresses must
be unique. Nothing is rendered or written but the cached photo sizes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from essays.addresses import (
    Claim,
    TagUse,
    clashes,
    file_slug,
    section_clashes,
    slug_for,
    tag_clashes,
)
from essays.content_files import display_path, kind_of
from essays.problems import ContentError, Problem
from essays.reading import front_matter, schema
from essays.reading.reader import EssayReader, decode
from essays.symlinks import unsafe_inputs
from toolkit.code_errors import CODE_HINT


def main(names: list[str]) -> int:
    """Check the named files (all content when none), print the problems; the exit status.

    What `invoke check-content` and the pre-commit hook (plugins/check_essays.py) run.
    """
    from toolkit.settings import DEV, load_settings  # reads pelican.conf.py

    files = [Path(name) for name in names] or None
    problems = check(load_settings(DEV), files)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        count = len(problems)
        print(f"content check failed: {count} problem{'s' * (count != 1)}", file=sys.stderr)
        return 1
    print(f"checked {'all content' if files is None else f'{len(files)} file(s)'}: no problems")
    return 0


def check(settings: Mapping[str, Any], files: Iterable[Path] | None = None) -> list[Problem]:
    """Return every problem of the given files (all content when None), sorted."""
    unsafe = unsafe_inputs(settings)
    if unsafe:  # nothing is read while a link could lead out of the project or loop
        return sorted(unsafe)
    everything = sorted(Path(settings["PATH"]).resolve().rglob("*.md"))
    chosen = everything if files is None else [Path(f).resolve() for f in files]
    problems = [p for source in chosen for p in check_file(source, settings)]
    read = [addresses_of(source, settings) for source in everything]
    claims = [claim for claim, _ in read if claim]
    uses = [use for _, tags in read for use in tags]
    # A clash counts when one of the chosen files is part of it, whichever is named first.
    chosen_paths = {display_path(str(source)) for source in chosen}
    contested = {(c.kind, c.slug) for c in claims if c.path in chosen_paths}
    problems += clashes(c for c in claims if (c.kind, c.slug) in contested)
    problems += section_clashes((c for c in claims if c.path in chosen_paths), settings)
    shared = {u.slug for u in uses if u.path in chosen_paths}
    problems += tag_clashes(u for u in uses if u.slug in shared)
    return sorted(set(problems))


def check_file(source: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """Read one file as the build would; return its errors and warnings."""
    path = display_path(str(source))
    if not source.is_file():
        return [Problem(path, 0, "no such file", "check the file name")]
    if source.suffix != ".md":
        return [Problem(path, 0, "not an essay: essays are .md files", "check the file name")]
    if kind_of(source, settings) is None:
        return [
            Problem(
                path,
                1,
                "this file is not in an essays or pages folder, so it would produce no page",
                "move it into content/essays/ (or content/pages/ for a standalone page)",
            )
        ]
    try:
        _content, metadata = EssayReader(dict(settings)).read(str(source))
    except ContentError as error:
        return list(error.problems)
    except Exception as error:  # a fault in our code, not in the essay: no traceback here
        return [Problem(path, 0, f"the check stopped: {type(error).__name__}: {error}", CODE_HINT)]
    return list(metadata["essay_warnings"])


def addresses_of(source: Path, settings: Mapping[str, Any]) -> tuple[Claim | None, list[TagUse]]:
    """The web address a file asks for and its tags; none when it cannot be read."""
    kind, path = kind_of(source, settings), display_path(str(source))
    try:
        text, problems = decode(source.read_bytes(), path)
    except OSError:  # check_file reports it
        return None, []
    if kind is None or problems:
        return None, []
    doc = front_matter.split(text, path)
    values, _ = schema.validate(doc, path, ZoneInfo(settings["TIMEZONE"]))
    tags = [
        TagUse(path, doc.lines["tags"], name, slug_for(name, settings))
        for name in dict.fromkeys(values.get("tags", []))
    ]
    if "slug" in values:
        return Claim(path, doc.lines["slug"], kind, values["slug"]), tags
    return Claim(path, 1, kind, file_slug(str(source), settings)), tags
