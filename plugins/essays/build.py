"""Build the site in one call: every problem collected, nothing half-written kept."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import Pelican, signals
from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.settings import read_settings
from pelican.utils import memoized

from .prefill import prefill
from .problems import ContentError, Problem
from .reader import display_path

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "pelican.conf.py"
# Libraries whose version changes what a reader returns.
READER_LIBRARIES = ("pelican", "markdown", "typogrify", "smartypants", "PyYAML", "Pillow")
# Settings no reader looks at: where the site is written and how the build runs.
# Leaving them out of the cache key lets `invoke serve` share `invoke build`'s cache.
CODE_HINT = "a bug in the site's code or settings: the terminal shows where; tell a developer"
NOT_READ_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "DELETE_OUTPUT_DIRECTORY",
        "STATIC_CREATE_LINKS",
        "ESSAYS_READ_WORKERS",
        "JINJA_ENVIRONMENT",
    }
)


@dataclass
class BuildResult:
    """What a build did: its problems, how long it took, where the site is."""

    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None

    def failed(self, strict: bool) -> bool:
        return any(p.level == "error" or strict for p in self.problems)

    def report(self) -> str:
        return "\n".join(str(p) for p in sorted(self.problems))


class Collector(logging.Handler):
    """Turn every warning and error logged during a build into a Problem."""

    def __init__(self, content_root: Path) -> None:
        super().__init__(logging.WARNING)
        self.content_root = content_root
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Pelican logs a failed file without exc_info; the exception is still active.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if isinstance(error, ContentError):
            self.problems += error.problems
        elif hasattr(record, "problem"):
            self.problems.append(record.problem)
        elif record.msg == "Could not process %s" and error is not None:
            path = display_path(str(self.content_root / str(record.args[0])))
            self.problems.append(
                Problem(
                    path,
                    0,
                    f"could not be read: {error}",
                    "this is likely a bug in the site: tell a developer",
                )
            )
        else:
            level = "warning" if record.levelno == logging.WARNING else "error"
            message = record.getMessage().splitlines()[0] if record.getMessage() else "?"
            self.problems.append(Problem("pelican", 0, message, level=level))


def load_settings(overrides: dict[str, Any], conf: Path = CONF) -> dict[str, Any]:
    """Read pelican.conf.py with a build's overrides, with a cache per configuration."""
    settings = read_settings(str(conf), override=dict(overrides))
    settings["CACHE_PATH"] = str(Path(settings["CACHE_PATH"]) / cache_key(settings))
    # Pelican makes a new Jinja environment every build: keep the compiled templates.
    templates = CompiledTemplates(str(Path(settings["CACHE_PATH"]) / "templates"))
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": templates}
    return settings


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept between builds; Jinja compiles a changed one afresh."""

    def dump_bytecode(self, bucket) -> None:
        os.makedirs(self.directory, exist_ok=True)
        super().dump_bytecode(bucket)


def cache_key(settings: dict[str, Any]) -> str:
    """Hash what shapes a reader's output: settings, the plugin's code, library versions.

    Pelican keys its reader cache on the source file's stamp alone, so a change
    of settings, plugin code, or Markdown/typogrify version would otherwise serve
    stale pages. The theme is left out on purpose: templates never reach a reader
    (they render what it returned, afresh on every build), so a theme edit must
    not throw away every cached essay.
    """
    kept = sorted((k, repr(v)) for k, v in settings.items() if k not in NOT_READ_SETTINGS)
    digest = hashlib.sha256(repr(kept).encode())
    digest.update(repr([installed(name) for name in READER_LIBRARIES]).encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def installed(package: str) -> str:
    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:
        return f"{package} missing"


def build(
    settings: dict[str, Any],
    *,
    strict: bool = True,
    finish: Callable[[Path], list[Problem]] | None = None,
) -> BuildResult:
    """Build into a staging folder; replace the output only when nothing failed.

    `finish` (e.g. the publishing gate) runs on the staging folder after a good build;
    any problem it returns fails the build too, and the old output stays.
    """
    target = Path(settings["OUTPUT_PATH"])
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    result = BuildResult(problems=run_pelican(dict(settings, OUTPUT_PATH=str(staging))))
    if finish is not None and not result.failed(strict):
        result.problems += finish(staging)
    result.seconds = time.perf_counter() - started
    if result.failed(strict):
        shutil.rmtree(staging, ignore_errors=True)
    else:
        swap(staging, target)
        result.output = target
    return result


def run_pelican(settings: dict[str, Any]) -> list[Problem]:
    """Run Pelican once; return every problem it and our plugin reported."""
    # Pelican's log filter remembers warnings for the life of the process; a
    # rebuild in the same process (invoke serve, tests) must see them again.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector, produced = Collector(Path(settings["PATH"])), set()

    def note_sources(generators) -> None:
        produced.update(source_paths(generators))

    root = logging.getLogger()
    root.addHandler(collector)
    signals.all_generators_finalized.connect(note_sources)
    try:
        prefill(settings)
        Pelican(settings).run()
    except Exception as error:
        traceback.print_exc()  # for whoever fixes the code; the problem says where
        path, line = where(frames_of(error), settings["THEME"])
        collector.problems.append(Problem(path, line, f"the build stopped: {error}", CODE_HINT))
    finally:
        signals.all_generators_finalized.disconnect(note_sources)
        root.removeHandler(collector)
        forget_rendered_content()
    return sorted(set(collector.problems + unpublished(settings, produced, collector.problems)))


def forget_rendered_content() -> None:
    """Empty Pelican's memo of rendered bodies and summaries, which outlives a build.

    `pelican.utils.memoized` keeps every content object it rendered, and with it
    that build's whole site: a process that builds again (invoke serve, tests)
    would grow by about 10 MB a build at 500 essays.
    """
    for value in vars(Content).values():
        if isinstance(value, memoized):
            value.cache.clear()


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


def source_paths(generators) -> set[str]:
    """The source files that became a content object, whatever its status."""
    from .checks import every_item

    return {item.source_path for g in generators for item in every_item(g)}


def unpublished(settings: dict[str, Any], produced: set[str], known: list[Problem]) -> list:
    """Name each Markdown file that silently produced no page."""
    flagged = {p.path for p in known}
    problems = []
    for source in sorted(Path(settings["PATH"]).rglob("*.md")):
        path = display_path(str(source))
        if str(source) not in produced and path not in flagged:
            problems.append(
                Problem(
                    path,
                    1,
                    "this file produced no page",
                    "check the messages above; Pelican skipped it",
                )
            )
    return problems


def swap(staging: Path, target: Path) -> None:
    """Put a finished site in place of the old one in two renames."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
