"""Links and odd files in content/ and theme/ that the build must never follow or read.

Pelican walks its folders following symbolic links, so a link to a file outside the
project (`/proc/self/environ`, a private folder) would publish it, a link loop walks
for ever, and a named pipe blocks the read. These are found first, without
following any link, and each is a problem naming the link.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from essays.content_files import display_path
from essays.problems import Problem

OUTSIDE_HINT = (
    "copy the file into the project instead of linking to it, or remove the link; "
    "the build never follows a link out of the project"
)
LOOP_HINT = "remove the link: it points back at itself, so the folder would never end"
BROKEN_HINT = "remove the link, or put the file it names back"
SPECIAL_HINT = "remove it: only ordinary files and folders belong here"


def unsafe_entries(folder: Path, project: Path) -> list[Problem]:
    """Return a problem for each link in folder leading out of project, looping or broken.

    Every build runs this over 500 essays and more: the kind of each entry comes
    with the folder's listing (os.scandir), so only links and odd files cost a call.
    """
    if not folder.is_dir():
        return []
    problems, pending = [], [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # unreadable: Pelican reports what it cannot read
            continue
        folders = []
        for entry in entries:
            if entry.is_symlink():  # never followed here
                problem = link_problem(Path(entry.path), project)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            elif entry.is_file(follow_symlinks=False):
                continue
            else:
                problem = special(Path(entry.path))
            if problem is not None:
                problems.append(problem)
        pending += reversed(folders)  # the first folder by name is looked into next
    return problems


def link_problem(link: Path, project: Path) -> Problem | None:
    """Judge one symbolic link: None when it leads to a file or folder inside the project."""
    shown = display_path(link)
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a loop this way
        return Problem(shown, 0, "this link leads round in a loop", LOOP_HINT)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Problem(shown, 0, "this link leads round in a loop", LOOP_HINT)
        return Problem(shown, 0, "this link leads to a file that does not exist", BROKEN_HINT)
    if not target.is_relative_to(project.resolve()):
        return Problem(shown, 0, "this link leads outside the project", OUTSIDE_HINT)
    if target.is_dir() and link.parent.resolve().is_relative_to(target):
        return Problem(shown, 0, "this link leads round in a loop", LOOP_HINT)
    return special(target, shown)


def special(path: Path, shown: str | None = None) -> Problem | None:
    """A named pipe, socket or device: reading it would block or never end."""
    if path.is_dir() or path.is_file():
        return None
    message = "this is not an ordinary file (a pipe, socket or device)"
    return Problem(shown or display_path(path), 0, message, SPECIAL_HINT)


def unsafe_inputs(settings: Mapping[str, Any]) -> list[Problem]:
    """Check the content and theme folders, each against the project that holds it."""
    folders = [Path(settings["PATH"]), Path(settings["THEME"])]
    return [p for f in folders for p in unsafe_entries(f, f.resolve().parent)]
