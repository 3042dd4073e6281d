"""Receivers that hold the content to the schema across files."""

from __future__ import annotations

from .problems import report
from .reader import EssayReader

MARKDOWN_SUFFIXES = ("md", "markdown", "mkd", "mdown")


def use_essay_reader(readers) -> None:
    """Read every Markdown file with the essay reader (front matter is YAML)."""
    for suffix in MARKDOWN_SUFFIXES:
        readers.reader_classes[suffix] = EssayReader


def report_stored_warnings(generator) -> None:
    """Report warnings found while reading, also when the reading came from the cache."""
    for item in every_item(generator):
        for problem in item.metadata.get("essay_warnings", []):
            report(problem)


def every_item(generator) -> list:
    """Every content object a generator read, whatever its status."""
    names = (
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
    return [item for name in names for item in getattr(generator, name, [])]
