"""The preview's build process: builds in place on request, and is replaced when code changes.

Python does not reload modules, so a change to the plugin or to pelican.conf.py
needs a fresh interpreter. The server process never builds: it asks a child
process, over a pipe of JSON lines, and starts a new child when code changes.
The child keeps Pelican imported and remembers every page it wrote, so a save
costs only what changed (see page_writer.py).
"""

from __future__ import annotations

import contextlib
import gc
import json
import selectors
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from pelican import signals
from pelican.utils import clean_output_dir

from essays.body import images
from essays.problems import Problem
from toolkit.build import run_pelican
from toolkit.code_errors import CODE_HINT, frames_of, where
from toolkit.preview.kept_content import KeptContent
from toolkit.preview.page_writer import PageStore
from toolkit.reader_cache import restamp_readings
from toolkit.settings import ROOT, load_settings

# Builds write into the output folder they find, and link (not copy) static files.
IN_PLACE = {"DELETE_OUTPUT_DIRECTORY": False, "STATIC_CREATE_LINKS": True}
# The child runs this: stdout carries replies only (prints go to the terminal),
# and a plugin that cannot even be imported is reported, not fatal.
BOOTSTRAP = """
import json, os, sys, traceback
sys.path.insert(0, sys.argv[1])
replies = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
try:
    from toolkit.preview.build_process import serve_requests
except BaseException as error:
    crash = {"crash": traceback.format_exc(), "frames": [
        [f.filename, f.lineno] for f in traceback.extract_tb(error.__traceback__)]}
    if isinstance(error, SyntaxError):
        crash["frames"].append([error.filename, error.lineno])
    for request in sys.stdin:
        replies.write(json.dumps(crash) + "\\n")
else:
    serve_requests(sys.stdin, replies, json.loads(sys.argv[2]))
"""


# A build of the whole site takes seconds; one still running after this is stuck
# (a loop in the plugin, a hung file system) and is stopped so the next save can build.
BUILD_TIME_LIMIT = 300.0
TIME_LIMIT_HINT = (
    "the build was stopped: save again to rebuild; if it happens again, the last change "
    "(to an essay, the theme or the plugin) makes the build run forever: undo it and tell "
    "a developer"
)
KILLED_HINT = "a new build process started; if this repeats, tell a developer"


class BuildProcess:
    """The parent's handle on the child that builds."""

    def __init__(self, overrides: dict[str, Any], time_limit: float = BUILD_TIME_LIMIT) -> None:
        self.overrides, self.time_limit = overrides, time_limit
        self.child: subprocess.Popen | None = None

    def build(self) -> dict[str, Any]:
        """Ask the child for one build; start it first if needed. Never raises.

        A child that was killed (by the system when memory ran out, or by hand) is
        said to be so and replaced at once, and the build is asked of the new one.
        """
        reply = self.ask()
        if reply is None and self.killed_by():
            print(f"the build process was {self.killed_by()}; starting a new one", flush=True)
            self.stop()
            reply = self.ask()
        if reply is None:
            return self.lost()
        answer = json.loads(reply)
        if "crash" in answer:
            print(answer["crash"], file=sys.stderr, flush=True)
            return failure(answer["crash"].strip().splitlines()[-1], answer["frames"])
        return answer

    def ask(self) -> str | None:
        """Send one build request; the reply line, or None when the child gave none in time."""
        if self.child is None or self.child.poll() is not None:
            self.start()
        try:
            self.child.stdin.write("build\n")
            self.child.stdin.flush()
        except OSError:
            return None
        with selectors.DefaultSelector() as waiting:
            waiting.register(self.child.stdout, selectors.EVENT_READ)
            if not waiting.select(self.time_limit):
                return None
        reply = self.child.stdout.readline()
        if not reply:  # the child closed its end: let it finish dying, to learn how it ended
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.child.wait(timeout=5)
        return reply or None

    def killed_by(self) -> str:
        """'killed by SIGKILL' when the child ended by a signal it did not ask for; else ''."""
        code = self.child.poll() if self.child is not None else None
        if code is None or code >= 0:
            return ""
        return f"killed by {signal.Signals(-code).name}"

    def lost(self) -> dict[str, Any]:
        """The reply for a build that gave no answer: stuck, killed, or crashed."""
        if self.child is not None and self.child.poll() is None:
            self.stop(at_once=True)
            message = f"the build ran longer than {self.time_limit:g} seconds and was stopped"
            return failure(message, [], TIME_LIMIT_HINT)
        killed = self.killed_by()
        self.stop()
        if killed:
            return failure(f"the build process was {killed} twice in a row", [], KILLED_HINT)
        return failure("the build process stopped; its error is in the terminal above", [])

    def start(self) -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-c", BOOTSTRAP, str(ROOT / "plugins"), json.dumps(self.overrides)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self, at_once: bool = False) -> None:
        if self.child is not None:
            if at_once:
                self.child.kill()
            with contextlib.suppress(OSError):  # the pipe is broken when the child is gone
                self.child.stdin.close()
            try:
                self.child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
            self.child = None


def failure(message: str, frames: list[list[Any]], hint: str = CODE_HINT) -> dict[str, Any]:
    """A reply for a build that could not run, pointing at the site's code where it broke."""
    path, line = where(frames)
    problem = Problem(path, line, message, hint)
    return {"seconds": 0.0, "problems": [asdict(problem)], "rendered": 0, "written": 0}


def serve_requests(requests: TextIO, replies: TextIO, overrides: dict[str, Any]) -> None:
    """The child's loop: one build per request line, one JSON reply line each."""
    from pelican.log import console

    console.quiet = True  # the server prints one line per build instead of Pelican's
    builds = PreviewBuilds(overrides)
    for _ in requests:
        # The collector's full passes over a build's objects cost a sixth of a save's
        # rebuild; they run once, after the reply, while the writer reads the page.
        gc.disable()
        try:
            reply = builds.build()
        except Exception as error:  # pelican.conf.py may raise anything; the server lives on
            traceback.print_exc()
            reply = failure(f"{type(error).__name__}: {error}", frames_of(error))
        replies.write(json.dumps(reply) + "\n")
        gc.enable()
        try:
            builds.tidy()
        except Exception:  # a cache left unsaved is read again next time; say why
            traceback.print_exc()
        gc.collect()


class PreviewBuilds:
    """The builds of one preview session, in this process, in place."""

    def __init__(self, overrides: dict[str, Any]) -> None:
        self.overrides, self.store, self.first = overrides, PageStore(), True
        self.kept = KeptContent()  # content objects of unchanged files, from build to build
        self.pending: list[Callable[[], None]] = []  # what the last build left until its reply
        self.settings: dict[str, Any] | None = None  # the last build's
        # Bound methods: blinker holds them weakly, and this object lives as long as the child.
        signals.finalized.connect(self.store.sweep)
        signals.finalized.connect(self.sweep_copies)
        signals.generator_init.connect(self.defer_cache_save)
        # Before run_pelican connects its read-ahead: the readings it hands over go
        # into the kept cache.
        signals.generator_init.connect(self.kept.adopt)

    def close(self) -> None:
        """Stop supplying the writer (for a builder used inside another process's run)."""
        self.tidy()
        signals.finalized.disconnect(self.store.sweep)
        signals.finalized.disconnect(self.sweep_copies)
        signals.generator_init.disconnect(self.defer_cache_save)
        signals.generator_init.disconnect(self.kept.adopt)
        self.kept = KeptContent()

    def sweep_copies(self, pelican) -> None:
        """finalized: delete the photo sizes and share cards this build no longer used.

        The pages' own files are swept by the store; these are copied in by the
        plugin (a share card is named after the title, so a new title leaves the old).
        """
        for path in images.unpublished_copies(Path(pelican.output_path)):
            path.unlink(missing_ok=True)

    def defer_cache_save(self, generator) -> None:
        """Write the reader cache after the reply, not before the first page.

        Pelican pickles all 500 essays' readings (7 MB) after reading them, to keep the
        one a save changed: 40 ms that held back every page. `tidy` saves it instead.
        """
        readers = getattr(generator, "readers", None)
        if readers is not None:
            save = readers.save_cache
            readers.save_cache = lambda: self.pending.append(save)

    def tidy(self) -> None:
        """Do what the last build left for after its reply (its reader cache's save)."""
        pending, self.pending = self.pending, []
        for save in pending:
            save()
        if pending and self.settings is not None:
            # The build indexed its readings before the cache was written: stamp it now,
            # so the next save's build need not unpickle the cache to learn what changed.
            restamp_readings(self.settings)
            self.kept.saved(self.settings["CACHE_PATH"])

    def build(self) -> dict[str, Any]:
        self.tidy()  # a caller that did not tidy: the cache is saved before it is read
        started = time.perf_counter()
        settings = self.settings = load_settings({**self.overrides, **IN_PLACE})
        if self.first:  # start from an empty output folder; later builds reuse it
            clean_output_dir(settings["OUTPUT_PATH"], settings["OUTPUT_RETENTION"])
        images.PUBLISHED.clear()
        problems = run_pelican(settings, store=self.store)  # which supplies our writer
        self.kept.forget_unseen()
        self.first = False
        return {
            "seconds": time.perf_counter() - started,
            "problems": [asdict(p) for p in problems],
            "rendered": self.store.rendered,
            "written": self.store.written,
        }
