"""invoke build: render only the pages whose inputs changed since the last build.

A development build renders into a staging folder that holds no file (build.py,
`empty_files`) and swaps it in, like a publish. With this store it asks the
preview's digests (preview/fingerprint.py) whether a page is made from what the
same page in `output/` was made from; if so,
and that file is still the one the last build wrote (same size, time and inode),
the staging folder gets a hard link to it instead of a new rendering. The old
site is never written to, so a failed build still leaves `output/` as it was.
`invoke publish` never uses it: it renders every page.

What the digests cannot see, the preview cannot either (see fingerprint.py);
`invoke clean` (or deleting `cache/`) renders every page again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals

from toolkit.fan_out import FanOut
from toolkit.preview.page_writer import PageStore, preview_writer

RECORD = "pages.json"  # in the build's cache folder: each page's digest and stamp


@dataclass
class BuildStore:
    """The PageStore interface (preview/page_writer.py) for a build into a staging folder."""

    staging: Path
    output: Path
    cache: Path  # the build's cache folder, where RECORD is kept
    previous: dict[str, list] = field(default_factory=dict)
    pages: dict[str, list] = field(default_factory=dict)
    rendered: int = 0
    written: int = 0
    linked: int = 0

    @classmethod
    def load(cls, staging: Path, output: Path, settings: dict[str, Any]) -> BuildStore:
        """The store of a build, knowing what the last build into `output` recorded."""
        cache = Path(settings["CACHE_PATH"])
        try:
            recorded = json.loads((cache / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recorded = {}
        same_output = isinstance(recorded, dict) and recorded.get("output") == str(output)
        previous = recorded.get("pages", {}) if same_output else {}
        return cls(staging, output, cache, previous if isinstance(previous, dict) else {})

    def start(self) -> None:
        self.pages, self.rendered, self.written, self.linked = {}, 0, 0, 0

    def recall(self, path: str) -> tuple[str | None, None]:
        """Nothing: a build is a new process, and digests every page in full."""
        return None, None

    def unchanged(self, path: str, digest: str | None) -> bool:
        """Link the last build's file into staging when it was made from this digest."""
        name = os.path.relpath(path, self.staging)
        known = self.previous.get(name)
        if digest is None or not known or known[0] != digest:
            return False
        old = self.output / name
        try:
            info = os.stat(old)
            if [info.st_size, info.st_mtime_ns, info.st_ino] != known[1:]:
                return False
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(old, path)
        except OSError:  # gone, changed, or a file system without links: render it
            return False
        self.linked += 1
        return True

    def record(self, path: str, digest: str | None, basis: Any = None) -> None:
        info = os.stat(path)
        name = os.path.relpath(path, self.staging)
        self.pages[name] = [digest, info.st_size, info.st_mtime_ns, info.st_ino]

    def export(self) -> dict[str, Any]:
        """What a forked renderer (fan_out.py) learnt, for the build's own store."""
        counts = {"rendered": self.rendered, "written": self.written, "linked": self.linked}
        return {"pages": self.pages, **counts}

    def merge(self, other: dict[str, Any]) -> None:
        self.pages.update(other["pages"])
        self.rendered += other["rendered"]
        self.written += other["written"]
        self.linked += other["linked"]

    def sweep(self, *args, **kwargs) -> None:
        """Nothing to sweep: the staging folder holds only what this build made."""

    def save(self) -> None:
        """Keep this build's digests for the next one (once its site is in `output`)."""
        self.cache.mkdir(parents=True, exist_ok=True)
        data = {"output": str(self.output), "pages": self.pages}
        partial = self.cache / f".{RECORD}.{os.getpid()}.partial"
        partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        partial.replace(self.cache / RECORD)


@contextlib.contextmanager
def writing_with(
    store: BuildStore | PageStore | None, fan_out: FanOut | None = None
) -> Iterator[None]:
    """While Pelican runs, supply the preview's writer bound to this store (if any).

    With `fan_out`, the pages are rendered by one process per CPU (fan_out.py).
    """

    def writer(pelican) -> type:
        made = preview_writer(store)
        if fan_out is None:
            return made
        return fan_out.writer(made, pelican.output_path, pelican.settings)

    if store is None:
        yield
        return
    signals.get_writer.connect(writer)
    if fan_out is not None:
        signals.all_generators_finalized.connect(fan_out.note_generators)
    try:
        yield
    finally:
        signals.get_writer.disconnect(writer)
        if fan_out is not None:
            signals.all_generators_finalized.disconnect(fan_out.note_generators)
            fan_out.close()
