"""invoke build: render the essays' and pages' HTML in one process per CPU.

Pelican renders page after page in one process. Once every essay is read and
linked (its `get_writer` signal comes after that), a page depends only on what
is in memory, so the build forks a process per extra CPU right there. Every
process walks the same `write_file` calls of the essays' and pages' generators
(Pelican's ArticlesGenerator and PagesGenerator: every essay, list, tag and
page) in the same order, and renders every n-th one; skipping a call costs
nothing. The first process, the build's own, also does everything else once
(feeds, the series and drafts pages, static files) while the others render, and
waits for them before the site is finished (Pelican's `finalized` signal). Each
other process sends back what it learnt: the problems it logged and the digests
of the pages it wrote (kept_pages.py). A process that dies or fails fails the
build, like any problem.

`invoke build` (through kept_pages.BuildStore) and the preview's builds (through
preview/page_writer.PageStore) fan out; `invoke publish` renders in one process,
and so does a build of a few pages, where forking would cost more than it saves,
and a preview build after a save that changed no essay's fields (its writer's
`prepare` says so: most pages are known unchanged without digesting them).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

from essays.problems import Problem
from toolkit.code_errors import CODE_HINT, frames_of, where

FANNED = (ArticlesGenerator, PagesGenerator)  # exactly these: they write only through the writer
# Under this many essays and pages, one process renders them sooner than two.
FAN_OUT_THRESHOLD = 24
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
DIED_HINT = "run invoke build again; if it happens again, tell a developer"


@dataclass
class Share:
    """Which of the fanned-out `write_file` calls this process renders."""

    index: int
    count: int
    active: bool = False
    calls: int = 0

    def mine(self) -> bool:
        self.calls += 1
        return not self.active or self.calls % self.count == self.index


def sharing(writer_class: type) -> type:
    """A subclass of writer_class that renders only its process's share of the pages."""

    class SharingWriter(writer_class):
        share = Share(0, 1)

        def write_file(self, *args: Any, **kwargs: Any) -> Any:
            if self.share.mine():
                return super().write_file(*args, **kwargs)
            return None

        def write_feed(self, *args: Any, **kwargs: Any) -> Any:
            if self.share.index == 0:  # Pelican's own feeds, if a site turns them on
                return super().write_feed(*args, **kwargs)
            return None

    SharingWriter.__name__ = f"Sharing{writer_class.__name__}"
    return SharingWriter


@dataclass
class Report:
    """What one forked process sends back."""

    problems: list[Problem] = field(default_factory=list)
    store: dict[str, Any] = field(default_factory=dict)


@dataclass
class FanOut:
    """One build's forked renderers: made at get_writer, gathered after the pages.

    `problems` is the build's list of problems (Collector.problems): what the
    processes log lands there in each of them, and is sent back from there.
    `store` is the build's BuildStore or the preview's PageStore: its `export()` and
    `merge()` carry the page digests from a renderer to the build.
    """

    store: Any
    problems: list[Problem]
    theme: str
    processes: int
    generators: list = field(default_factory=list)
    children: list[tuple[int, int]] = field(default_factory=list)  # (pid, read end of its pipe)
    gathered: bool = False

    def note_generators(self, generators: list) -> None:
        """all_generators_finalized: the generators whose pages will be written."""
        self.generators = list(generators)

    def writer(self, writer_class: type, output_path: str, settings: dict) -> type:
        """The writer class for Pelican; forks the other renderers first when worth it."""
        shared = sharing(writer_class)
        fanned = [g for g in self.generators if type(g) in FANNED]
        items = sum(len(getattr(g, "articles", [])) + len(getattr(g, "pages", [])) for g in fanned)
        if self.processes < 2 or items < FAN_OUT_THRESHOLD or not hasattr(os, "fork"):
            return shared
        # Work every process would do, done once; it may show few pages to render.
        prepare = getattr(writer_class, "prepare", None)
        if prepare is not None and not prepare(settings, fanned[0].context):
            return shared
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the forked processes share these objects' pages instead of copying them
        for index in range(1, self.processes):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the renderer: never returns
                os.close(read)
                self.render_share(
                    shared, Share(index, self.processes), fanned, write, output_path, settings
                )
            os.close(write)
            self.children.append((pid, read))
        shared.share = Share(0, self.processes)
        for generator in fanned:
            generator.generate_output = self.sharing_output(generator, shared.share)
        # The others' pages are needed only once every generator has written (the
        # `finalized` receivers read the whole site): until then this process goes on.
        last = [g for g in self.generators if hasattr(g, "generate_output")][-1]
        last.generate_output = self.gathering_after(last)
        return shared

    def close(self) -> None:
        """After the build, even one that stopped: no renderer is left running or unreaped."""
        if not self.gathered and self.children:
            self.gather()
        children, self.children = self.children, []
        for pid, _ in children:
            reap(pid)

    def sharing_output(self, generator, share: Share) -> Callable:
        """generate_output for the build's own process: its share of the pages only."""
        own = generator.generate_output

        def generate_output(writer) -> None:
            share.active = True
            try:
                own(writer)
            finally:
                share.active = False

        return generate_output

    def gathering_after(self, generator) -> Callable:
        """generate_output of the last generator, then the other processes' results."""
        own = generator.generate_output

        def generate_output(writer) -> None:
            own(writer)
            self.gather()

        return generate_output

    def render_share(
        self, shared: type, share: Share, fanned: list, pipe: int, output, settings
    ) -> None:
        """In a forked process: render this share of the pages, report, exit."""
        status, report, known = 0, Report(), len(self.problems)
        try:
            die_with_parent()
            shared.share = share
            writer = shared(output, settings=settings)
            share.active = True
            for generator in fanned:
                generator.generate_output(writer)
        except BaseException as error:  # reported like the build's own process reports it
            traceback.print_exc()
            path, line = where(frames_of(error), self.theme)
            self.problems.append(Problem(path, line, f"the build stopped: {error}", CODE_HINT))
            status = 1
        try:
            report.problems = self.problems[known:]
            report.store = self.store.export()
            with os.fdopen(pipe, "wb") as out:
                pickle.dump(report, out)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)

    def gather(self) -> None:
        """Take in every renderer's problems and page digests, once it has sent them."""
        for pid, pipe in self.children:
            with os.fdopen(pipe, "rb") as result:
                data = result.read()
            try:
                report = pickle.loads(data)
            except Exception:  # it died before it could say anything
                self.problems.append(
                    Problem(
                        "pelican",
                        0,
                        f"a process rendering pages stopped ({describe(reap(pid))})",
                        DIED_HINT,
                    )
                )
                continue
            self.problems.extend(report.problems)
            self.store.merge(report.store)
        self.gathered = True
        gc.unfreeze()


def die_with_parent() -> None:
    """Linux: end this renderer if the build is killed, so it never writes into a later one."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def reap(pid: int) -> int:
    """Wait for a renderer to end (if it has not been waited for); its status."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # already reaped
        return 0


def describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
