"""Build the site in one call: every problem collected, nothing half-written kept."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import io
import logging
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pelican import Pelican, signals

from essays.content_files import display_path, every_item, kind_of
from essays.problems import ContentError, Problem
from essays.status.state import item_state
from essays.symlinks import unsafe_inputs
from toolkit.code_errors import CODE_HINT, frames_of, where
from toolkit.fan_out import FanOut
from toolkit.kept_pages import BuildStore, writing_with
from toolkit.pelican_internals import (
    forget_rendered_content,
    memoize_relative_source_paths,
    reset_log_filter,
)
from toolkit.preview.page_writer import PageStore
from toolkit.publish.report import EssayState
from toolkit.reader_cache import cpus, read_ahead, remember_readings
from toolkit.templates_ahead import TemplatesAhead

# Pelican's message for a `{filename}`/`{static}` link it found no file for, and the
# line it prints instead once it has said it a few times.
LINK_MISS = "Unable to find '%s', skipping url replacement."
LINK_MISSES_LIMIT = "Other resources were not found and their urls not replaced"
AT_FDCWD = -100  # <fcntl.h>: paths are relative to the current folder
RENAME_EXCHANGE = 2  # <linux/fs.h>: renameat2 swaps the two paths
MAX_RENDER_WORKERS = 8


@dataclass
class BuildResult:
    """What a build did: its problems, how long it took, where the site is."""

    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None
    recovered: bool = False  # output/ was put back from a publish interrupted mid-swap
    essays: list[EssayState] = field(default_factory=list)  # each essay, and whether it went out

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
        elif record.msg == LINK_MISS and record.args:
            self.link_miss(str(record.args[0]))
        elif LINK_MISSES_LIMIT in record.getMessage():
            return  # each miss is reported (or known) on its own
        else:
            level = "warning" if record.levelno == logging.WARNING else "error"
            message = record.getMessage().splitlines()[0] if record.getMessage() else "?"
            self.problems.append(Problem("pelican", 0, message, level=level))

    def link_miss(self, link: str) -> None:
        """Name the file a link leads to that has no page, unless its problem is known."""
        target = link.split("}", 1)[-1].lstrip("/").split("#")[0].split("?")[0]
        path = display_path(str(self.content_root / target))
        if any(p.path == path or target in p.message for p in self.problems):
            return  # that file's own problem (or the link's) is already reported
        self.problems.append(
            Problem(
                path,
                0,
                "an essay or page links to this file, but the build made no page of it",
                "look for this file's own problems above; or point the link elsewhere",
            )
        )


def build(
    settings: dict[str, Any],
    *,
    strict: bool = True,
    finish: Callable[[Path], list[Problem]] | None = None,
    keep_unchanged: bool = False,
) -> BuildResult:
    """Build into a staging folder; replace the output only when nothing failed.

    `finish` (e.g. the publishing gate) runs on the staging folder after a good build;
    any problem it returns fails the build too, and the old output stays.
    `keep_unchanged` (development builds) links the pages whose inputs did not
    change from the last build's output instead of rendering them (kept_pages.py),
    and builds in the folders of the site before last (see `empty_files`).
    """
    target = Path(settings["OUTPUT_PATH"])
    staging = target.with_name(f".{target.name}.staging")
    recovered = recover(target)
    started = time.perf_counter()
    if keep_unchanged and empty_files(staging):
        result = build_in(settings, staging, target, strict, finish, keep_unchanged)
        if not result.failed(strict) or not any(str(staging) in p.message for p in result.problems):
            result.recovered, result.seconds = recovered, time.perf_counter() - started
            return result
        # A file where the old site had a folder (or the like): once more, in a new folder.
    remove(staging)
    result = build_in(settings, staging, target, strict, finish, keep_unchanged)
    result.recovered, result.seconds = recovered, time.perf_counter() - started
    return result


def build_in(
    settings: dict[str, Any],
    staging: Path,
    target: Path,
    strict: bool,
    finish: Callable[[Path], list[Problem]] | None,
    keep_unchanged: bool,
) -> BuildResult:
    """Build into `staging` (new, or holding only empty folders), then swap it in."""
    store = BuildStore.load(staging, target, settings) if keep_unchanged else None
    essays: list[EssayState] = []
    # The staging folder holds no file: Pelican need not empty it (and its folders stay).
    staged = dict(settings, OUTPUT_PATH=str(staging), DELETE_OUTPUT_DIRECTORY=False)
    # What is loaded by now (Pelican, Markdown, the plugin) lives as long as the process:
    # the collector's full passes need not walk it again and again while the site is built.
    gc.freeze()
    try:
        problems = run_pelican(staged, essays, store)
    finally:
        gc.unfreeze()
    result = BuildResult(problems=problems, essays=sorted(essays))
    if finish is not None and not result.failed(strict):
        result.problems += finish(staging)
    if result.failed(strict):
        if not keep_unchanged:  # else the next build empties it, and keeps its folders
            shutil.rmtree(staging, ignore_errors=True)
    else:
        if keep_unchanged:
            remove_empty_folders(staging)  # of pages this build no longer makes
        swap(staging, target, keep_old=keep_unchanged)
        result.output = target
        if store is not None:
            store.save()
    return result


def run_pelican(
    settings: dict[str, Any],
    essays: list[EssayState] | None = None,
    store: BuildStore | PageStore | None = None,
) -> list[Problem]:
    """Run Pelican once; return every problem it and our plugin reported.

    `essays`, when given, receives the state of every essay read (for publish's report).
    `store` (invoke build's BuildStore, the preview's PageStore) keeps unchanged
    pages, and has the pages rendered by one process per CPU (fan_out.py).
    """
    # A rebuild in the same process (invoke serve, tests) must see its warnings again.
    reset_log_filter()
    memoize_relative_source_paths()
    unsafe = unsafe_inputs(settings)
    if unsafe:  # Pelican would follow these links (and hang on a loop or a pipe)
        return unsafe
    collector, produced = Collector(Path(settings["PATH"])), set()

    items: list = []

    def note_sources(generators) -> None:
        items.extend(item for g in generators for item in every_item(g))
        produced.update(item.source_path for item in items)
        if essays is not None:
            essays.extend(essay_states(generators, settings))

    root = logging.getLogger()
    root.addHandler(collector)
    signals.all_generators_finalized.connect(note_sources)
    readings, templates = None, TemplatesAhead.for_settings(settings)
    try:
        readings = read_ahead(settings)
        signals.generator_init.connect(readings.give)
        signals.article_generator_init.connect(templates.start)
        # Pelican ends by printing "Done: Processed 2 articles, 2 drafts ...": counts a
        # writer cannot act on, printed even before a failure. Our own report replaces it.
        workers = min(cpus(), settings.get("ESSAYS_RENDER_WORKERS") or MAX_RENDER_WORKERS)
        fan_out = FanOut(store, collector.problems, settings["THEME"], workers)
        with writing_with(store, fan_out), contextlib.redirect_stdout(io.StringIO()):
            Pelican(settings).run()
        remember_readings(settings, items)
    except Exception as error:
        traceback.print_exc()  # for whoever fixes the code; the problem says where
        path, line = where(frames_of(error), settings["THEME"])
        collector.problems.append(Problem(path, line, f"the build stopped: {error}", CODE_HINT))
    finally:
        signals.article_generator_init.disconnect(templates.start)
        templates.close()
        if readings is not None:
            signals.generator_init.disconnect(readings.give)
        signals.all_generators_finalized.disconnect(note_sources)
        root.removeHandler(collector)
        forget_rendered_content()  # it holds this build's whole site
    return sorted(set(collector.problems + unpublished(settings, produced, collector.problems)))


def essay_states(generators, settings: dict[str, Any]) -> list[EssayState]:
    """Each essay a build read: its path, title, and whether it went out (and when)."""
    now = datetime.now(UTC)
    return [
        EssayState(
            display_path(item.source_path),
            str(getattr(item, "title", "")),
            item_state(item, now),
            getattr(item, "date", None),
        )
        for g in generators
        for item in every_item(g)
        if kind_of(item.source_path, settings) == "essay"
    ]


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


def swap(staging: Path, target: Path, keep_old: bool = False) -> None:
    """Put a finished site in place of the old one, with no moment without an output.

    On Linux both folders trade places in one atomic call (renameat2 with
    RENAME_EXCHANGE). Elsewhere, or on a file system without it, two renames: a crash
    between them leaves the old site at `.output.old`, which `recover` puts back
    before the next build. `keep_old` (development builds) leaves the old site in
    `staging` after an exchange, for the next build to reuse its folders.
    """
    if target.exists() and exchange(staging, target):
        if not keep_old:
            shutil.rmtree(staging, ignore_errors=True)  # it holds the old site now
        return
    old = _old(target)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        _move(target, old)
    _move(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def empty_files(folder: Path) -> bool:
    """Remove every file under `folder` and keep its folders; False if there is no folder.

    A development build makes one folder per page (each essay is `slug/index.html`),
    and on this machine's ext4 making 730 folders and removing as many took 0.45 s
    of a 1.2 s rebuild of 500 essays. Emptying the site before last instead, with
    the pages' hard links into the live site, takes 0.01 s; unlinking a file never
    touches the live site's link to the same page.
    """
    if not folder.is_dir() or folder.is_symlink():
        return False
    pending = [folder]
    try:
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                    else:
                        os.unlink(entry.path)
    except OSError:  # unreadable or in use: the caller starts in a new folder
        return False
    return True


def remove(path: Path) -> None:
    """Remove a folder and what it holds, or a file or link in its place."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def remove_empty_folders(folder: Path) -> bool:
    """Remove the folders under `folder` that hold no file, deepest first; True if it is empty."""
    empty = True
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        if entry.is_dir(follow_symlinks=False) and remove_empty_folders(Path(entry.path)):
            os.rmdir(entry.path)
        else:
            empty = False
    return empty


def recover(target: Path) -> bool:
    """Put back the site a swap interrupted between its two renames; True if it did."""
    old = _old(target)
    if not old.exists():
        return False
    if target.exists():  # the new site made it in; only the old one was left to remove
        shutil.rmtree(old, ignore_errors=True)
        return False
    _move(old, target)
    return True


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    paths = os.fsencode(first), os.fsencode(second)
    if renameat2(AT_FDCWD, paths[0], AT_FDCWD, paths[1], RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # no such call on this system
        return False
    raise OSError(error, os.strerror(error), str(second))


def _old(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def _move(source: Path, target: Path) -> None:
    source.rename(target)  # one place for the tests to interrupt a swap
