"""Receivers that hold the content to the schema across files."""

from __future__ import annotations

from pathlib import Path

from .images import publish_variants
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


def publish_figure_variants(generator) -> None:
    """Copy the resized photos of every page that is written into the output."""
    settings = generator.settings
    items = [i for i in every_item(generator) if i.status != "draft" or settings["DRAFT_SAVE_AS"]]
    variants = {v for item in items for v in item.metadata.get("figure_variants", [])}
    publish_variants(
        sorted(variants, key=lambda v: v.path),
        Path(settings["CACHE_PATH"]) / "images",
        Path(generator.output_path),
    )
