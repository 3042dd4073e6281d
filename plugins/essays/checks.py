"""Receivers that hold the content to the schema across files."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import PagesGenerator

from .addresses import Claim, clashes
from .images import publish_variants
from .problems import report
from .reader import EssayReader, display_path

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


def use_essay_reader(readers) -> None:
    """Read every Markdown file with the essay reader (front matter is YAML)."""
    for suffix in MARKDOWN_SUFFIXES:
        readers.reader_classes[suffix] = EssayReader


def report_stored_warnings(generator) -> None:
    """Report warnings found while reading, also when the reading came from the cache."""
    for item in every_item(generator):
        for problem in item.metadata.get("essay_warnings", []):
            report(problem)


def refuse_shared_addresses(generator) -> None:
    """Report files that share a web address, and leave all but the first unwritten.

    Pelican would otherwise stop with FileOverwriteFailedError at the second file.
    Runs before tags and archives are built, so the left-out file is in no list.
    """
    kind = "page" if isinstance(generator, PagesGenerator) else "essay"
    problems = clashes(claim(item, kind) for item in every_item(generator))
    for problem in problems:
        report(problem)
    clashing = {problem.path for problem in problems}
    for name in ITEM_LISTS:
        items = getattr(generator, name, [])
        items[:] = [item for item in items if display_path(item.source_path) not in clashing]


def claim(item, kind: str) -> Claim:
    line = item.metadata.get("front_matter_lines", {}).get("slug", 1)
    return Claim(display_path(item.source_path), line, kind, item.slug)


def every_item(generator) -> list:
    """Every content object a generator read, whatever its status."""
    return [item for name in ITEM_LISTS for item in getattr(generator, name, [])]


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
