"""Point a crash of the build at the site's own code: the plugin, the theme or the settings."""

from __future__ import annotations

import traceback
from pathlib import Path

from essays.content_files import display_path
from toolkit.settings import CONF, ROOT

CODE_HINT = "a bug in the site's code or settings: the terminal shows where; tell a developer"


def frames_of(error: BaseException) -> list[tuple[str | None, int | None]]:
    """Where an exception passed, innermost last, with a syntax error's own place."""
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)]
    if isinstance(getattr(error, "filename", None), str):  # SyntaxError, Jinja's too
        frames.append((error.filename, getattr(error, "lineno", 0)))
    return frames


def where(frames: list, theme: str | Path = ROOT / "theme") -> tuple[str, int]:
    """The innermost frame in the site's own code: plugins, theme or pelican.conf.py."""
    own = (ROOT / "plugins", Path(theme).resolve())
    ours = [
        (path, line)
        for path, line in frames
        if path
        and (path.endswith(CONF.name) or any(Path(path).resolve().is_relative_to(o) for o in own))
    ]
    if not ours:
        return "pelican", 0
    path, line = ours[-1]
    return display_path(path), line or 0
