"""Every use of a Pelican private name, in one place. Checked against Pelican 4.12.0.

Pelican offers no public way to do these things; each is used here and only
here, and tests/test_pelican_internals.py fails naming the internal if an upgrade
moves it. Before widening `pelican<4.13` in pyproject.toml, run those tests.

1. `LimitFilter._raised_messages` and `._group_count` (pelican/log.py): the log
   filter remembers every warning for the life of the process, so a second build
   in one process (invoke serve, tests) would not see its warnings again.
   Used by `reset_log_filter`, from build.py.
2. `memoized.cache` on `Content`'s methods (pelican/utils.py, contents.py): the
   memo of rendered bodies keeps every content object, and with it each build's
   whole site (about 10 MB a build at 500 essays). `forget_rendered_content`.
3. `pelican.readers._filter_discardable_metadata`: Pelican drops discarded
   metadata before caching a reading; the parallel cache fill must store the same.
   `discard_unsaved_metadata`, from reader_cache.py.
4. The reader cache's file names, `<generator class>-Readers` (pelican/generators.py,
   CachingGenerator): the parallel fill writes the very files Pelican loads next,
   or hands its readings to the generator of that name's readers.
   `READER_CACHE_NAMES` and `reader_cache_name`, from reader_cache.py.
5. `Writer._open_w` with `_written_files` and `_overridden_files` (pelican/writers.py):
   the preview writes a page only when its bytes change, and `_open_w` is where
   Pelican opens (and empties) the file; a page kept without Pelican's writer is
   still claimed by the same checks. `CheckedWriter`, from preview/page_writer.py.
6. `Content._content` (the body before links are resolved) and `Content._context`
   (the whole site): the preview digests the first and must skip the second.
   `body_source` and `SITE_FIELDS`, from preview/fingerprint.py.
7. `Content.get_relative_source_path` is replaced by the same computation memoized:
   Pelican works out each essay's path under `content/` (two absolute paths and a
   relative one) again for every URL and file name it asks of it, 2,500 times a
   build of 500 essays (0.02 s). `memoize_relative_source_paths`, from build.py.
8. `FileDataCacher._cache` (pelican/cache.py), the entries of a reader cache that
   `Readers` loads as it is made: the preview keeps them in memory from build to
   build, and a content object with them (preview/kept_content.py), by way of
   `reader_cache_entries` and `set_reader_cache_entries`; and it gives each kept
   object this build's site as `Content._context` (item 6), by `set_site`.
"""

from __future__ import annotations

import functools
import os
from typing import IO, Any

from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.readers import _filter_discardable_metadata
from pelican.utils import memoized, posixize_path
from pelican.writers import FileOverwriteFailedError, Writer

CHECKED_WITH = "4.12.0"
READER_CACHE_NAMES = {"essay": "ArticlesGenerator-Readers", "page": "PagesGenerator-Readers"}
SITE_FIELDS = frozenset({"_context"})  # a content object's reference to the whole site
# Pelican's own method, before memoize_relative_source_paths replaces it (for its test).
PELICAN_RELATIVE_SOURCE_PATH = Content.get_relative_source_path


def reset_log_filter() -> None:
    """Let Pelican's log filter show again the warnings an earlier build in this process saw."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def forget_rendered_content() -> None:
    """Empty Pelican's memo of rendered bodies and summaries, which outlives a build."""
    for value in vars(Content).values():
        if isinstance(value, memoized):
            value.cache.clear()


def memoize_relative_source_paths() -> None:
    """Have Pelican's content objects compute each relative source path once per process."""
    if Content.get_relative_source_path is not _memoized_relative_source_path:
        Content.get_relative_source_path = _memoized_relative_source_path


def _memoized_relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    # Pelican 4.12's method, word for word in effect (see the test).
    if not source_path:
        source_path = self.source_path
    if source_path is None:
        return None
    root = self.settings["PATH"]
    # A relative PATH is taken from the current folder, which a process may change.
    here = "" if os.path.isabs(root) else os.getcwd()
    return _relative_source_path(os.fspath(root), os.fspath(source_path), here)


@functools.lru_cache(maxsize=65536)
def _relative_source_path(root: str, source_path: str, here: str) -> str:
    if here:
        root, source_path = os.path.join(here, root), os.path.join(here, root, source_path)
    return posixize_path(
        os.path.relpath(os.path.abspath(os.path.join(root, source_path)), os.path.abspath(root))
    )


def reader_cache_name(generator: Any) -> str:
    """The name of the reader cache a generator's readers load (CachingGenerator's rule)."""
    return f"{type(generator).__name__}-Readers"


def discard_unsaved_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata as Pelican's reader cache stores it (discarded values left out)."""
    return _filter_discardable_metadata(metadata)


def reader_cache_entries(readers: Any) -> dict | None:
    """The entries of the reader cache a Readers loaded, or None if it has none."""
    entries = getattr(readers, "_cache", None)
    return entries if isinstance(entries, dict) else None


def set_reader_cache_entries(readers: Any, entries: dict) -> None:
    """Have a Readers look up (and store) its readings in entries."""
    readers._cache = entries


def set_site(item: Content, context: dict[str, Any]) -> None:
    """Give a content object the site it links into (Pelican sets it when making the object)."""
    item._context = context


def body_source(item: Content) -> str:
    """A content object's body as its reader returned it, before links are resolved."""
    return str(getattr(item, "_content", "") or "")


class CheckedWriter(Writer):
    """A Writer that keeps Pelican's overwrite checks but opens files its own way.

    Subclasses give `open_file(filename, encoding)`; Pelican's own `_open_w`
    would truncate the file before the new bytes are known.
    """

    def open_file(self, filename: str, encoding: str) -> IO[str]:
        raise NotImplementedError

    def _open_w(self, filename, encoding, override=False):
        if not self.claim(filename, override):
            return open(os.devnull, "w", encoding=encoding)
        return self.open_file(filename, encoding)

    def claim(self, filename: str, override: bool = False) -> bool:
        """Pelican 4.12's checks before it opens a file, word for word in effect.

        Whether the file is to be written: False when an earlier page overrode it,
        and Pelican's error when two pages would write it.
        """
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}"')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True
