"""Notice saved files when the system reports a change (watchfiles); poll if it cannot."""

from __future__ import annotations

import fnmatch
import os
import re
import time
from pathlib import Path

# Editors' swap, backup and lock files, and Python's bytecode.
IGNORED = ("*.swp", "*.swx", "*~", ".#*", "#*#", "*.pyc", "*.tmp", ".*.partial")
IGNORED_NAME = re.compile("|".join(fnmatch.translate(p) for p in IGNORED))
IGNORED_FOLDERS = frozenset({"__pycache__", ".git"})
# Without file events: a poll of 500 essays costs about 3.5 ms of CPU, 7% of a core.
INTERVAL = 0.05
# With file events, a full look anyway this often: a missed event costs a second, no more.
RECHECK = 1.0
# watchfiles looks at what the system reported every STEP ms and answers once a step
# brings nothing new (DEBOUNCE ms at most): a save is seen 5-10 ms after it lands.
# Its default, 50 ms, would give back what leaving polling gained.
STEP = 5
DEBOUNCE = 100
# Folders and single files have a watcher each, asked in turn: the folders (where writers
# save) for ten steps, then the files (pelican.conf.py, whose change restarts the build
# process anyway) for one. One step each in turn cost twice the CPU while idle.
FOLDERS_TURN = 10 * STEP
# An editor that saves in place empties the file, then writes it: a poll between the
# two sees an empty file. Waiting for its text (this long at most) builds once per save.
HALF_SAVED_WAIT = 0.5


class Snapshot:
    """The stamps of every file under some paths: file events say when to compare them."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        # The events start before the stamps: a change made after the stamps is in both.
        self.events = self.start_events()
        self.stamps = self.take()

    def take(self) -> dict[str, tuple[int, int]]:
        stamps: dict[str, tuple[int, int]] = {}
        for path in self.paths:
            if path.is_dir():
                scan(str(path), stamps)
            else:
                stamps[str(path)] = stamp(path)
        return stamps

    def changes(self) -> list[str]:
        """The files added, changed or removed since the last call."""
        current = self.take()
        changed = [
            p for p in current.keys() | self.stamps.keys() if current.get(p) != self.stamps.get(p)
        ]
        self.stamps = current
        return sorted(changed)

    def wait(self) -> list[str]:
        """Block until something changes and no changed file is half saved; return what did."""
        while not (changed := set(self.changes())):
            self.until_event()  # an event for scratch files only changes nothing: wait again
        deadline = time.monotonic() + HALF_SAVED_WAIT
        while self.half_saved(changed) and time.monotonic() < deadline:
            time.sleep(0.005)  # only while a changed file is empty: its text is on the way
            changed.update(self.changes())
        return sorted(changed)

    def half_saved(self, changed: set[str]) -> bool:
        """Whether a changed file is empty now: emptied by an editor that writes next."""
        return any(self.stamps.get(path, (0, -1))[1] == 0 for path in changed)

    def until_event(self) -> None:
        """Sleep until a file event or RECHECK seconds; INTERVAL if there are no events."""
        if self.events is None:
            time.sleep(INTERVAL)
            return
        try:
            self.events.wait(RECHECK)
        except Exception as error:  # the system's watcher died: poll from now on
            self.events.close()
            self.events = None
            say_polling(error)
            return
        if self.events.layout != layout(self.paths):  # a watched folder came or went
            self.events.close()
            self.events = self.start_events()

    def start_events(self) -> FileEvents | None:
        try:
            return FileEvents(self.paths)
        except Exception as error:  # no wheel, no inotify, the watch limit ...
            say_polling(error)
            return None


class FileEvents:
    """The system's file events for some folders (recursively) and files, from watchfiles."""

    def __init__(self, paths: list[Path]) -> None:
        # watchfiles' RustNotify (its documented Rust backend) watches from here on,
        # where its watch() generator would only start at the first iteration.
        from watchfiles._rust_notify import RustNotify

        self.layout = layout(paths)
        folders = [str(p) for p, is_folder in zip(paths, self.layout, strict=True) if is_folder]
        # A file is watched through its folder, by name: an editor that saves by
        # renaming a new file over it leaves a watch on the file itself watching nothing.
        files = [p for p, is_folder in zip(paths, self.layout, strict=True) if not is_folder]
        self.names = frozenset(str(p) for p in files)
        # A path whose folder is missing too is left to the full look every RECHECK.
        parents = sorted({str(p.parent) for p in files if p.parent.is_dir()})
        # Each watcher: which events count (None: all), and its turn in ms.
        self.watchers: list[tuple[RustNotify, frozenset[str] | None, int]] = []
        if folders:  # a folder it may not read is left out, as the stamps leave it out
            recursive = RustNotify(folders, False, False, 0, True, True)
            self.watchers.append((recursive, None, FOLDERS_TURN))
        if parents:
            by_name = RustNotify(parents, False, False, 0, False, False)
            self.watchers.append((by_name, self.names, STEP))

    def wait(self, seconds: float) -> bool:
        """Whether a watched file had an event within seconds; raise if the watcher died."""
        if not self.watchers:  # nothing there to watch yet: look again soon
            time.sleep(INTERVAL)
            return False
        deadline = time.monotonic() + seconds
        alone = len(self.watchers) == 1
        while time.monotonic() < deadline:
            for watcher, only, turn in self.watchers:
                timeout = max(1, round(seconds * 1000)) if alone else turn
                events = watcher.watch(DEBOUNCE, STEP, timeout, None)
                if events == "signal":
                    raise KeyboardInterrupt
                if isinstance(events, set) and any(only is None or p in only for _, p in events):
                    return True
        return False

    def close(self) -> None:
        for watcher, _, _ in self.watchers:
            watcher.close()


def say_polling(error: Exception) -> None:
    """Say once, in one line, that saves are noticed by polling: file events failed."""
    reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
    print(f"watching for saves by polling every {INTERVAL * 1000:.0f} ms: {reason}", flush=True)


def layout(paths: list[Path]) -> tuple[bool, ...]:
    """Which of the paths are folders now."""
    return tuple(path.is_dir() for path in paths)


def scan(folder: str, stamps: dict[str, tuple[int, int]]) -> None:
    """Add the stamp of every file under folder."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            if entry.name not in IGNORED_FOLDERS:
                scan(entry.path, stamps)
        elif not IGNORED_NAME.match(entry.name):
            stamps[entry.path] = stamp(entry.path)


def stamp(path: str | Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)
