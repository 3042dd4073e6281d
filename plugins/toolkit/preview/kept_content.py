"""The preview's content objects, kept from save to save while their readings stay the same.

Pelican makes a content object of every file on every build, though a save
changes one: it takes the reading from its cache, then fills in the metadata,
slug, dates and language (about an eighth of a save's build at 500 essays). In
the preview's build process the reader cache stays in memory from build to build
(`adopt`), unless its file was written since this process saved it, so an
unchanged file's reading is the very object it was, and the content object Pelican
made from it can be made again by copying (`fresh`) the one kept as `read_file`
returned it, before any generator or plugin set a field on it.

A copy, because a build sets fields on its content objects (links, neighbours,
series, resolved summaries ...) that the next build must make anew from the
reading, as Pelican would. The copy has its own lists, dicts and sets, one level
down (the metadata's too, keeping which field is which metadata entry); what is
in them (tags, dates) no build changes in place.

Nothing is kept when reading would run code of someone else's (a receiver of a
signal Pelican sends while reading), or when an essay's status would depend on
the day (`WITH_FUTURE_DATES` off); all is dropped when the settings change
(their digest names the cache folder, CACHE_PATH). What a read logs each time,
Pelican's warning about an image with an empty alt, it still logs.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Content, Page
from pelican.readers import find_empty_alt

from toolkit.pelican_internals import (
    READER_CACHE_NAMES,
    reader_cache_entries,
    reader_cache_name,
    set_reader_cache_entries,
    set_site,
)
from toolkit.reader_cache import stamp_of

CONTAINERS = (list, dict, set)
# The generators of essays and pages (Article and Page objects), as the read-ahead.
KEPT_CACHES = frozenset(READER_CACHE_NAMES.values())


@dataclass
class Kept:
    reading: Any  # the reader cache's entry it was made from (content, metadata)
    item: Content  # as read_file returned it


class KeptContent:
    """The reader caches and the content objects of one preview session."""

    def __init__(self) -> None:
        self.caches: dict[str, dict] = {}  # by reader cache name: its entries
        self.items: dict[tuple[str, type, str | None], Kept] = {}
        self.seen: set[tuple[str, type, str | None]] = set()
        self.settings_key: str | None = None
        self.stamps: dict[str, Any] = {}  # each cache file's, as this process last saved it

    def adopt(self, generator: Any) -> None:
        """generator_init: keep its readers' cache in memory, and read through the kept objects."""
        readers = getattr(generator, "readers", None)
        name = reader_cache_name(generator)
        if name not in KEPT_CACHES or reader_cache_entries(readers) is None:
            return  # static files, or a generator of our own: made anew as Pelican does
        settings = generator.settings
        if not settings.get("WITH_FUTURE_DATES", True):
            return
        if settings.get("CACHE_PATH") != self.settings_key:
            self.caches, self.items = {}, {}
            self.settings_key = settings.get("CACHE_PATH")
        saved_here = stamp_of(Path(settings["CACHE_PATH"]) / name) == self.stamps.get(name)
        if name in self.caches and saved_here:
            set_reader_cache_entries(readers, self.caches[name])
        else:  # the first build, or the file was written since (a replaced photo's readings)
            self.caches[name] = reader_cache_entries(readers)
        readers.read_file = functools.partial(self.read_file, readers, readers.read_file)

    def read_file(
        self,
        readers: Any,
        read_file: Any,
        base_path: str,
        path: str,
        content_class: type = Page,
        fmt: str | None = None,
        context: dict | None = None,
        preread_signal: Any = None,
        preread_sender: Any = None,
        context_signal: Any = None,
        context_sender: Any = None,
    ) -> Content:
        """Pelican's Readers.read_file, giving a copy of the kept object when the reading is it."""
        full = os.path.abspath(os.path.join(base_path, path))
        key = (full, content_class, fmt)
        self.seen.add(key)
        watched = (preread_signal, context_signal, signals.content_object_init)
        quiet = not any(signal is not None and signal.receivers for signal in watched)
        reading = readers.get_cached_data(full, None)
        kept = self.items.get(key)
        if quiet and reading is not None and kept is not None and kept.reading is reading:
            if reading[0] and "<img" in reading[0]:  # its warnings, as a read gives them
                find_empty_alt(reading[0], full)
            return fresh(kept.item, context, readers.settings)
        item = read_file(
            base_path, path, content_class, fmt, context,
            preread_signal, preread_sender, context_signal, context_sender,
        )  # fmt: skip
        reading = readers.get_cached_data(full, None)
        if quiet and reading is not None:  # kept without this build's site, which it would keep
            self.items[key] = Kept(reading, fresh(item, None, readers.settings))
        else:
            self.items.pop(key, None)
        return item

    def saved(self, cache_path: str) -> None:
        """The reader caches were saved: what is in those files now is what is kept here."""
        self.stamps = {name: stamp_of(Path(cache_path) / name) for name in self.caches}

    def forget_unseen(self) -> None:
        """After a build: drop the objects of files it did not read (deleted, renamed)."""
        self.items = {key: kept for key, kept in self.items.items() if key in self.seen}
        self.seen = set()


def fresh(item: Content, context: dict | None, settings: dict) -> Content:
    """A copy of item with lists, dicts and sets of its own, for this build's site."""
    state = vars(item).copy()
    copies: dict[int, Any] = {}  # one copy of a list two fields hold: still one list
    own_containers(state, copies)
    if type(state.get("metadata")) is dict:  # the copy made just above
        own_containers(state["metadata"], copies)
    copied = object.__new__(type(item))
    vars(copied).update(state)
    copied.settings = settings
    set_site(copied, context if context is not None else {})
    return copied


def own_containers(values: dict[str, Any], copies: dict[int, Any]) -> None:
    """Replace each list, dict or set in values by its copy (the same copy for the same one)."""
    for name, value in values.items():
        if type(value) in CONTAINERS:
            if id(value) not in copies:
                copies[id(value)] = value.copy()
            values[name] = copies[id(value)]
