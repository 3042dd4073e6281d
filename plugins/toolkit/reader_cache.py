"""Fill Pelican's reader cache in parallel, before its one sequential pass reads it.

Pelican reads every file in one process, one after the other. Reading an essay
(Markdown, figures, typogrify) is most of a cold build and depends only on the
file, so the stale ones are read here by a pool of processes (`read_ahead`) and
handed to Pelican's readers as it makes them (`Readings.give`, into the same
`pelican.cache.FileStampDataCacher`, same keys, same stamps), or written into
the cache files it loads (`prefill`). Pelican then finds every entry fresh. A
file that fails to read is left out: Pelican reads it again itself and reports why.
"""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.cache import FileStampDataCacher

from essays.content_files import MARKDOWN_SUFFIXES, kind_of
from essays.reading.reader import EssayReader
from toolkit.pelican_internals import (
    READER_CACHE_NAMES,
    discard_unsaved_metadata,
    reader_cache_name,
)

# Under this many stale files a pool costs more than it saves.
POOL_THRESHOLD = 8
PHOTO_STAMPS = "photo-stamps.json"
READINGS = "readings.json"  # each file's stamp when the last build ended (few_stale)


def prefill(settings: dict[str, Any]) -> int:
    """Read every stale Markdown file into Pelican's reader cache files; return how many."""
    readings = read_ahead(settings)
    readings.save(settings)
    return readings.read


@dataclass
class Readings:
    """Files read ahead of Pelican, for its readers to take in (`give`), by reader cache."""

    by_cache: dict[str, dict[str, Any]] = field(default_factory=dict)
    read: int = 0  # how many files were read

    def save(self, settings: dict[str, Any]) -> None:
        """Write the readings into the reader cache files instead, as Pelican loads them."""
        for name, found in self.by_cache.items():
            cache = FileStampDataCacher(settings, name, True, True)
            for path, data in found.items():
                cache.cache_data(path, data)
            cache.save_cache()
        self.by_cache = {}

    def give(self, generator) -> None:
        """generator_init: put this generator's readings into its readers' cache.

        Pelican loads its reader cache file as it makes each generator and saves it
        after reading; handing the readings over here, rather than through the file,
        saves writing and loading it once more (0.1 s of a cold build of 500 essays).
        """
        readers = getattr(generator, "readers", None)
        found = self.by_cache.pop(reader_cache_name(generator), {})
        if readers is not None:
            for path, data in found.items():
                readers.cache_data(path, data)


def read_ahead(settings: dict[str, Any]) -> Readings:
    """Read every stale Markdown file, in parallel when there are enough of them."""
    if not caching(settings):
        return Readings()
    groups: dict[str, set[str]] = {name: set() for name in READER_CACHE_NAMES.values()}
    for path in sources(settings, [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]):
        groups[READER_CACHE_NAMES[kind_of(path, settings)]].add(path)
    by_bytes = settings["CHECK_MODIFIED_METHOD"] != "mtime"  # as Pelican checks the essays
    photos = PhotoStamps(Path(settings["CACHE_PATH"]) / PHOTO_STAMPS, by_bytes)
    if not by_bytes and few_stale(settings, groups, photos):
        return Readings()  # Pelican reads those few itself, as fast
    caches, stale, fresh, must_read = {}, {}, [], []
    for name, paths in groups.items():
        caches[name] = FileStampDataCacher(settings, name, True, True)
        for path in paths:
            data = caches[name].get_cached_data(path, None)
            if data is not None and all(photos.unchanged(p) for p in photos_of(data)):
                fresh.append(data)
            else:
                stale[path] = name
                must_read += [path] if data is not None else []  # Pelican would keep it
    # A few changed files Pelican reads as fast itself (the preview's usual save).
    results = read_all(settings, sorted(stale if len(stale) >= POOL_THRESHOLD else must_read))
    readings = Readings(read=len(results))
    for path, data in results:
        readings.by_cache.setdefault(stale[path], {})[path] = data
    used = {p for data in fresh + [d for _, d in results] for p in photos_of(data)}
    if photos.replaced(used):
        # A photo's new stamp says the cache holds readings made with the new photo:
        # true only once they are in the cache files, so they go there first.
        readings.save(settings)
    photos.save(used)
    return readings


def few_stale(settings: dict[str, Any], groups: dict[str, set[str]], photos: PhotoStamps) -> bool:
    """Whether the last build's index (READINGS) shows fewer stale files than a pool needs.

    Answers without loading the cache (a few megabytes to unpickle, which Pelican
    loads again next): the index holds each file's stamp as the cache holds it, and
    the cache files' own stamps, so a cache written since (by `invoke serve`, or
    deleted) makes the index worthless. A stamp that is wrong only costs a read:
    Pelican checks each cached file's stamp itself. The photos it cannot check, so
    any photo changed since sends the build down the long way.
    """
    cache = Path(settings["CACHE_PATH"])
    try:
        index = json.loads((cache / READINGS).read_text(encoding="utf-8"))
        known, caches = index["files"], index["caches"]
        if caches != {name: stamp_of(cache / name) for name in groups}:
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    stale = 0
    for paths in groups.values():
        for path in paths:
            entry = known.get(path)
            if entry is None or entry[0] != pelican_stamp(path):
                stale += 1
            elif not all(photos.unchanged(photo) for photo in entry[1]):
                return False  # Pelican would keep the reading with the old photo
    return stale < POOL_THRESHOLD


def remember_readings(settings: dict[str, Any], items: list) -> None:
    """After a build: index each file's stamp and photos as Pelican's cache now holds them."""
    if not caching(settings) or settings["CHECK_MODIFIED_METHOD"] != "mtime":
        return
    cache = Path(settings["CACHE_PATH"])
    files = {
        item.source_path: [
            pelican_stamp(item.source_path),
            sorted(photos_of((None, item.metadata))),
        ]
        for item in items
    }
    write_readings(cache, files)


def restamp_readings(settings: dict[str, Any]) -> None:
    """Give the index the stamps of cache files saved after the build that indexed them.

    Safe whatever build wrote the index: a stamp in it that the cache does not hold
    only makes a file look stale (Pelican then finds it fresh, or reads it).
    """
    cache = Path(settings["CACHE_PATH"])
    try:
        index = json.loads((cache / READINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(index, dict) and isinstance(index.get("files"), dict):
        write_readings(cache, index["files"])


def write_readings(cache: Path, files: dict[str, list]) -> None:
    """Write the index: the files' stamps and photos, and the cache files' stamps now."""
    caches = {name: stamp_of(cache / name) for name in READER_CACHE_NAMES.values()}
    partial = cache / f".{READINGS}.{os.getpid()}.partial"
    partial.write_text(json.dumps({"caches": caches, "files": files}), encoding="utf-8")
    partial.replace(cache / READINGS)


def pelican_stamp(path: str) -> float | None:
    """The stamp Pelican's cache keeps for a file checked by time (os.path.getmtime)."""
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


def stamp_of(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def caching(settings: dict[str, Any]) -> bool:
    return bool(
        settings["CACHE_CONTENT"]
        and settings["LOAD_CONTENT_CACHE"]
        and settings["CONTENT_CACHING_LAYER"] == "reader"
    )


def sources(settings: dict[str, Any], folders: list[str]) -> set[str]:
    """The Markdown files under the given content folders, as Pelican's cache names them."""
    root = os.path.abspath(settings["PATH"])
    ignores = settings.get("IGNORE_FILES", [])
    found = set()
    for folder in folders:
        for dirpath, dirs, files in os.walk(os.path.join(root, folder), followlinks=True):
            dirs[:] = [d for d in dirs if not ignored(d, ignores)]
            found.update(
                os.path.join(dirpath, name)
                for name in files
                if name.rpartition(".")[2] in MARKDOWN_SUFFIXES and not ignored(name, ignores)
            )
    return found


def ignored(name: str, patterns: list[str]) -> bool:
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in patterns)


def photos_of(data: tuple[str, dict]) -> set[str]:
    """The photo files a cached reading was made from."""
    return {variant.source for variant in data[1].get("figure_variants", [])}


class PhotoStamps:
    """The stamps of the photos that cached essays were read with.

    A cached essay holds its photos' sizes and hashed variant names, but Pelican's
    stamp is the essay file's alone: replacing a photo must make the essay stale too.
    """

    def __init__(self, path: Path, by_bytes: bool = False) -> None:
        self.path, self.by_bytes, self.current = path, by_bytes, {}
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def stamp(self, path: str) -> list[int | str] | None:
        """The photo's size and time, or its size and a hash of its bytes."""
        if path not in self.current:
            try:
                info = os.stat(path)
                mark = file_hash(path) if self.by_bytes else info.st_mtime_ns
                self.current[path] = [mark, info.st_size]
            except OSError:
                self.current[path] = None
        return self.current[path]

    def unchanged(self, path: str) -> bool:
        return self.known.get(path) == self.stamp(path)

    def replaced(self, paths: set[str]) -> bool:
        """Whether a photo with a recorded stamp has changed since (a new one has none)."""
        return any(path in self.known and not self.unchanged(path) for path in paths)

    def save(self, used: set[str]) -> None:
        """Record the stamps of the photos the cache now holds readings of.

        Other photos keep their recorded stamps: an essay Pelican read by itself
        may use one, and a stamp that no longer matches only costs a re-read.
        """
        stamps = {**self.known, **{path: self.stamp(path) for path in used}}
        if stamps != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(stamps), encoding="utf-8")


def file_hash(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def read_all(settings: dict[str, Any], paths: list[str]) -> list[tuple[str, Any]]:
    """Read the files, in a pool of processes when there are enough of them."""
    workers = min(cpus(), settings.get("ESSAYS_READ_WORKERS") or 64)
    forking = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
    if workers < 2 or len(paths) < POOL_THRESHOLD or not forking:
        reader = EssayReader(settings)
        results = [(path, read_one(reader, path)) for path in paths]
    else:
        # Forked workers share the loaded modules; frozen objects are not copied
        # on write by the garbage collector (docs.python.org/3/library/gc.html#gc.freeze).
        gc.freeze()
        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=start_worker,
                initargs=(settings,),
            ) as pool:
                chunk = max(1, len(paths) // (workers * 32))  # small: even ends, few lock waits
                results = list(
                    zip(paths, pool.map(read_in_worker, paths, chunksize=chunk), strict=True)
                )
        finally:
            gc.unfreeze()
    return [(path, data) for path, data in results if data is not None]


def cpus() -> int:
    """The CPUs this process may use (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_one(reader: EssayReader, path: str) -> tuple[str, dict] | None:
    """Read one file as Pelican's reader layer caches it; None if it cannot be read."""
    try:
        content, metadata = reader.read(path)
    except Exception:  # Pelican reads it again and reports the error
        return None
    return content, discard_unsaved_metadata(metadata)  # as Pelican caches it


class Worker:
    """The reader of one pool process (set in the worker only, never in the build)."""

    reader: EssayReader | None = None


def start_worker(settings: dict[str, Any]) -> None:
    Worker.reader = EssayReader(settings)


def read_in_worker(path: str) -> tuple[str, dict] | None:
    return read_one(Worker.reader, path)
