"""What Pelican calls for reading: our reader for Markdown, and its stored warnings."""

from __future__ import annotations

from essays.content_files import MARKDOWN_SUFFIXES, every_item
from essays.problems import report
from essays.reading.reader import EssayReader


def use_essay_reader(readers) -> None:
    """Read every Markdown file with the essay reader (front matter is YAML)."""
    for suffix in MARKDOWN_SUFFIXES:
        readers.reader_classes[suffix] = EssayReader


def report_stored_warnings(generator) -> None:
    """Report warnings found while reading, also when the reading came from the cache."""
    for item in every_item(generator):
        for problem in item.metadata.get("essay_warnings", []):
            report(problem)
