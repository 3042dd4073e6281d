"""Local links and images as a writer writes them: paths relative to the essay."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from essays.problems import Problem

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
PELICAN = re.compile(r"^\{(?:static|attach|filename)\}")
Report = Callable[..., None]  # (level, message, src, nth=0, hint="")


def resolve(src: str, source: Path, content_root: Path) -> Path | None:
    """Map a link as written to the file it means, or None for other sites."""
    if EXTERNAL.match(src):
        return None
    path = unquote(urlsplit(PELICAN.sub("", src)).path)
    if not path:
        return None
    base = content_root if path.startswith("/") else source.parent
    return Path(os.path.normpath(base / path.lstrip("/")))


def reporter(body: str, body_line: int, path: str, found: list[Problem]) -> Report:
    """Make a report(level, message, src) that finds the line the src is written on."""

    def report(level: str, message: str, src: str, nth: int = 0, hint: str = "") -> None:
        index = find_nth(body, src, nth)
        line = body_line + (body.count("\n", 0, index) if index >= 0 else 0)
        found.append(Problem(path, line, message, hint, level=level))

    return report


def find_nth(text: str, part: str, nth: int) -> int:
    """Return where the nth (from 0) occurrence of part starts, else the first, else -1."""
    index = -1
    for _ in range(nth + 1):
        index = text.find(part, index + 1)
        if index < 0:
            return text.find(part)
    return index


class LocalLinks(Treeprocessor):
    """Point local images and essay links at Pelican's `{static}`/`{filename}`."""

    def __init__(self, md, source: Path, content_root: Path, report: Report):
        super().__init__(md)
        self.source, self.content_root, self.report = source, content_root, report
        md.essay_links = []  # (the linked file under content/, the link as written)

    def run(self, root) -> None:
        for element in root.iter():
            attr = {"img": "src", "a": "href"}.get(element.tag)
            value = element.get(attr) if attr else None
            # An image with a srcset already points at its published, cleaned copies.
            if value and not PELICAN.match(value) and element.get("srcset") is None:
                element.set(attr, self.rewrite(element.tag, value))

    def rewrite(self, tag: str, value: str) -> str:
        target = resolve(value, self.source, self.content_root)
        if target is None or (tag == "a" and target.suffix != ".md"):
            return value
        relative = os.path.relpath(target, self.content_root).replace(os.sep, "/")
        if relative.startswith(".."):
            self.report("error", f"{value} is outside the content folder", value)
            return value
        if tag == "a" and not target.exists():
            self.report("error", f"link to a missing essay: {value}", value)
            return value
        fragment = urlsplit(value).fragment
        if tag == "a":
            self.md.essay_links.append((relative, value))
        kind = "filename" if tag == "a" else "static"
        return f"{{{kind}}}/{relative}" + (f"#{fragment}" if fragment else "")


class LocalLinksExtension(Extension):
    def __init__(self, source: Path, content_root: Path, report: Report):
        super().__init__()
        self.args = (source, content_root, report)

    def extendMarkdown(self, md) -> None:
        # Priority 1: after inline parsing and after the figures processor.
        md.treeprocessors.register(LocalLinks(md, *self.args), "essay_local_links", 1)


def extensions(
    *,
    source: Path,
    content_root: Path,
    report: Report,
    site_url: str,
    cache_dir: Path,
    slug: Callable[[str], str],
    max_pixels: int | None = None,
) -> list[Extension]:
    """The extensions every essay body gets on top of the configured ones."""
    from essays.body.figures import figure_extension
    from essays.body.raw_images import RawImagesExtension

    figures = figure_extension(
        resolve=lambda src: resolve(src, source, content_root),
        report=report,
        site_url=site_url.rstrip("/"),
        cache_dir=cache_dir,
        slug=slug,
        max_pixels=max_pixels,
    )
    raw_images = RawImagesExtension(figures.options)
    return [figures, raw_images, LocalLinksExtension(source, content_root, report)]
