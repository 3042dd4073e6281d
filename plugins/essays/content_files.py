"""The content files: which are essays and which pages, and how messages name them.

One home for rules every part of the plugin and the toolkit needs; slugs are in
addresses.py.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MARKDOWN_SUFFIXES = ("md", "markdown", "mkd", "mdown")
# The lists a generator keeps its content objects in, whatever their status.
ITEM_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
)


def display_path(source_path: str | Path) -> str:
    """Show a path relative to the current folder when it is inside it."""
    return _display_path(str(source_path), os.getcwd())


@functools.lru_cache(maxsize=4096)  # a build names each file many times, in many checks
def _display_path(source_path: str, folder: str) -> str:
    relative = os.path.relpath(source_path, folder)
    return source_path if relative.startswith("..") else relative.replace(os.sep, "/")


def kind_of(source_path: str | Path, settings: Mapping[str, Any]) -> str | None:
    """Return "page", "essay" or None (in neither folder) for a file under the content folder.

    A page folder inside an essay folder holds pages, as Pelican reads it.
    """
    folders = tuple(
        (kind, tuple(settings[key]))
        for kind, key in (("page", "PAGE_PATHS"), ("essay", "ARTICLE_PATHS"))
    )
    return _kind_of(os.path.abspath(source_path), os.path.abspath(settings["PATH"]), folders)


@functools.lru_cache(maxsize=4096)
def _kind_of(
    source: str, content: str, folders: tuple[tuple[str, tuple[str, ...]], ...]
) -> str | None:
    for kind, names in folders:
        for name in names:
            folder = os.path.normpath(os.path.join(content, name))
            if source == folder or source.startswith(folder.rstrip(os.sep) + os.sep):
                return kind
    return None


def every_item(generator) -> list:
    """Every content object a generator read, whatever its status."""
    return [item for name in ITEM_LISTS for item in getattr(generator, name, [])]
