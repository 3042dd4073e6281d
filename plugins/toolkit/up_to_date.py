"""invoke build: when no input changed since the last good build, say so and stop.

A successful development build records what it was made from: the stamp (size
and time, as `make` and git compare files) of every file under the content, theme
and plugin folders and of pelican.conf.py and tasks.py, the Python and the
installed packages, and the stamp of every file it left in preview/. The next
`invoke build` compares them before it even imports Pelican: if all are the same,
the site would be the same, so preview/ is kept as it is.

Three things make a record worthless, and the build then runs as usual:
- time: a scheduled essay becomes due at its date, so a record holds until the
  earliest date of a scheduled essay;
- a file saved moments before the build started: its time may equal the time of
  a save made just after (a file system's clock is coarse), so a build that read
  a file changed less than RACY_SECONDS before it began records nothing;
- a changed preview/ (a page deleted or edited by hand, or written by `invoke serve`).

Only the standard library is imported here: this check is the whole of a build
that has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from toolkit.preview.watch import Snapshot

RACY_SECONDS = 2.0


def stamps_digest(paths: Iterable[str]) -> tuple[str, int]:
    """A digest of the name and stamp of every file under paths, and the newest time.

    The stamps are the preview's (preview/watch.py): the same files, the same
    editors' swap and backup files left out, a missing file stamped as missing.
    """
    stamps = Snapshot([Path(p) for p in paths]).stamps
    digest = hashlib.blake2b()
    for name, (mtime, size) in sorted(stamps.items()):
        digest.update(f"{name}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), max((mtime for mtime, _ in stamps.values()), default=0)


def output_digest(folder: Path) -> str:
    """The stamp of every file in a built site, with the inode that changes on each swap."""
    try:
        inode = os.stat(folder).st_ino
    except OSError:
        return ""
    digest = hashlib.blake2b(str(inode).encode())
    for folder_path, _dirs, files in sorted(os.walk(folder)):
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(folder_path, name))
            except OSError:
                return ""
            line = f"{folder_path}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def environment() -> str:
    """This Python and the names (with versions) of the packages it has installed."""
    names: list[str] = [sys.executable, sys.version]
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            names += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".pth")))
    return hashlib.blake2b("\n".join(names).encode("utf-8", "surrogateescape")).hexdigest()


class Record:
    """The record of the last good build into one folder, kept in the cache folder."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path, self.output = path, output

    def fresh(self, now: datetime | None = None) -> bool:
        """Whether the last good build's inputs and output are all still as it left them."""
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            inputs, until = known["inputs"], known["valid_until"]
            paths, output, site = known["paths"], known["output"], known["site"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        now = now or datetime.now(UTC)
        if until is not None and now >= datetime.fromisoformat(until):
            return False
        if output != str(self.output) or inputs != self.inputs_key(paths)[0]:
            return False
        return site == output_digest(self.output)

    def inputs_key(self, paths: list[str]) -> tuple[str, int]:
        """What the record compares: the inputs' stamps and this Python's packages."""
        stamps, newest = stamps_digest(paths)
        return hashlib.blake2b(f"{stamps}\0{environment()}".encode()).hexdigest(), newest

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def remember(
        self, paths: list[str], key: tuple[str, int], started: float, until: datetime | None
    ) -> None:
        """Record a good build whose inputs had `key` when it `started` (time.time()).

        Nothing is recorded when an input had changed less than RACY_SECONDS before.
        """
        inputs, newest = key
        if newest >= (started - RACY_SECONDS) * 1e9:
            self.forget()
            return
        record = {
            "inputs": inputs,
            "paths": sorted(paths),
            "output": str(self.output),
            "site": output_digest(self.output),
            "valid_until": until.isoformat() if until else None,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        partial.replace(self.path)


def next_change(dates: Iterable[datetime | None], now: datetime | None = None) -> datetime | None:
    """The earliest of the dates still to come: when a scheduled essay becomes due."""
    now = now or datetime.now(UTC)
    future = [d for d in dates if d is not None and d > now]
    return min(future) if future else None
