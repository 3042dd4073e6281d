"""Turn an image alone in its paragraph into a figure, and size every local image."""

from __future__ import annotations

import html
import re
import string
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from PIL import Image

from essays.body import images

NO_ALT = (
    "image has no alt text: describe the photo for readers who cannot see it, "
    "e.g. ![Two people laughing at a table]({src})"
)
NOT_FOUND = "image not found: {src} (is the file in content/images/?)"
UNREADABLE = "image cannot be read: {src} (is it a real JPEG, PNG, WebP or GIF file?)"
NO_VARIANTS = "could not make the smaller copies of {src}: {error}"
NO_VARIANTS_HINT = "the file is damaged: open it in a photo editor and save it again as JPEG or PNG"
TOO_LARGE = "image is too large: {src} is {size}, over the limit of {limit:,} pixels"
TOO_LARGE_HINT = (
    "resize it to at most {width:,} pixels wide (any photo editor's Resize or Export does it); "
    "the site makes its own smaller copies"
)
ALT_IS_CAPTION = (
    "alt text repeats the caption; screen readers will read it twice: "
    "describe what the photo shows instead"
)


class Report(Protocol):
    """Report a problem with an image; `nth` counts earlier images with the same src."""

    def __call__(
        self, level: str, message: str, src: str, nth: int = 0, hint: str = ""
    ) -> None: ...


@dataclass(frozen=True)
class Options:
    resolve: Callable[[str], Path | None]
    report: Report
    site_url: str
    cache_dir: Path
    slug: Callable[[str], str]  # the site's slug rule, for figure ids and photo copies
    widths: tuple[int, ...]
    sizes: str
    max_pixels: int | None


@dataclass(frozen=True)
class Candidate:
    """A paragraph holding one image (or a link around one) and at most an italic caption."""

    paragraph: etree.Element
    parent: etree.Element
    caption: etree.Element | None


@dataclass
class Page:
    """What one conversion has seen so far; lives only for one run of the treeprocessor."""

    ids: set[str] = field(default_factory=set)
    figures: list[dict[str, Any]] = field(default_factory=list)
    variants: dict[images.Variant, None] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # src -> images with it so far
    nth: int = 0  # how many earlier images share the current image's src


def figure_extension(
    *,
    resolve: Callable[[str], Path | None],
    report: Report,
    site_url: str,
    cache_dir: Path,
    slug: Callable[[str], str],
    widths: tuple[int, ...] = (480, 960, 1600),
    sizes: str = "(min-width: 48rem) 44rem, 100vw",
    max_pixels: int | None = None,
) -> markdown.Extension:
    """Build the figures extension; `md.figures` and `md.figure_variants` hold its results."""
    options = Options(resolve, report, site_url, cache_dir, slug, widths, sizes, max_pixels)
    return FigureExtension(options)


class FigureExtension(Extension):
    def __init__(self, options: Options) -> None:
        super().__init__()
        self.options = options
        self.md: markdown.Markdown | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.md = md
        md.registerExtension(self)
        self.reset()
        # After 'inline' (20) so <img>, <em>, <br> exist, and after 'attr_list' (8) so
        # `![x](y.jpg){: .wide}` has already moved its class onto the <img>.
        md.treeprocessors.register(FigureProcessor(md, self.options), "figures", 5)

    def reset(self) -> None:
        if self.md is not None:
            self.md.figures = []
            self.md.figure_variants = []


class FigureProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, options: Options) -> None:
        super().__init__(md)
        self.options = options
        self.unescape = UnescapeTreeprocessor(md).unescape

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        page = Page()
        for index, img in enumerate(list(root.iter("img"))):
            src = self.unescape(img.get("src", ""))
            page.nth = page.seen.get(src, 0)
            page.seen[src] = page.nth + 1
            candidate = find_candidate(img, parents)
            raster = self.enhance(img, parents[img], index == 0, page)
            if candidate is not None:
                self.make_figure(candidate, img, src, raster, page)
        self.md.figures = page.figures
        # Added to, not replaced: a writer's own <img> in raw HTML may have been given
        # its copy already (raw_images.py runs whenever a treeprocessor before this
        # one ran the postprocessors, as the table of contents does).
        self.md.figure_variants = [*self.md.figure_variants, *page.variants]

    def report(self, page: Page, level: str, message: str, src: str, hint: str = "") -> None:
        """Report about the current image, saying which of the images with its src it is."""
        self.options.report(level, message, src, page.nth, hint)

    def enhance(
        self, img: etree.Element, parent: etree.Element, first: bool, page: Page
    ) -> images.Raster | None:
        """Check a local image, give it its size and responsive sources; None if unsized."""
        src = self.unescape(img.get("src", ""))
        path = self.options.resolve(src)
        if path is None:  # remote or data: URL, nothing to check or resize
            return None
        if not img.get("alt", "").strip():
            self.report(page, "error", NO_ALT.format(src=src), src)
        raster = local_raster(path, src, self.options, partial(self.report, page))
        if raster is None:
            return None
        img.set("width", str(raster.width))
        img.set("height", str(raster.height))
        if not first:  # the first image may be above the fold: load it straight away
            img.set("loading", "lazy")
            img.set("decoding", "async")
        self.add_sources(img, parent, path, raster, page)
        return raster

    def add_sources(
        self,
        img: etree.Element,
        parent: etree.Element,
        path: Path,
        raster: images.Raster,
        page: Page,
    ) -> None:
        """Add srcset in the original format, and a WebP <source> in a <picture> around it."""
        opts = self.options
        try:
            sets = images.make_variants(
                path, opts.slug(path.stem), raster, opts.widths, opts.cache_dir
            )
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            src = img.get("src", "")
            message = NO_VARIANTS.format(src=src, error=error)
            self.report(page, "error", message, src, NO_VARIANTS_HINT)
            return
        page.variants.update(dict.fromkeys(v for variants in sets.values() for v in variants))
        # The page shows the cleaned full-width copy, never the original file.
        img.set("src", f"{opts.site_url}/{sets[raster.format][-1].path}")
        img.set("srcset", images.srcset(sets[raster.format], opts.site_url))
        img.set("sizes", opts.sizes)
        if raster.format != "webp":
            webp = images.srcset(sets["webp"], opts.site_url)
            wrap_in_picture(
                img, parent, {"type": "image/webp", "srcset": webp, "sizes": opts.sizes}
            )

    def make_figure(
        self,
        candidate: Candidate,
        img: etree.Element,
        src: str,
        raster: images.Raster | None,
        page: Page,
    ) -> None:
        """Replace the paragraph with a figure and record it (src as written) for share cards."""
        # Markdown keeps a writer's entities (`&lt;`) as they are in attributes and text:
        # decode them, so templates escape the plain text once.
        alt = html.unescape(self.unescape(img.get("alt", "")))
        caption = self.plain_text(candidate.caption) if candidate.caption is not None else ""
        if caption and normalise(alt) == normalise(caption):
            self.report(page, "warning", ALT_IS_CAPTION, src)
        fig_id = candidate.paragraph.get("id") or unique_id(
            figure_slug(src, self.options.slug), page.ids
        )
        page.ids.add(fig_id)
        figure = replace_with_figure(candidate, fig_id)
        full_size = img.get("src", "")
        if raster is not None and f"/{images.VARIANT_DIR}/" in full_size:
            link_to_full_size(figure, full_size)
        if raster is not None and raster.height > raster.width:  # main.css fits it to the window
            figure.set("class", " ".join(filter(None, [figure.get("class"), "portrait"])))
        width, height = (raster.width, raster.height) if raster else (None, None)
        page.figures.append(
            {"id": fig_id, "src": src, "alt": alt, "caption_text": caption}
            | {"width": width, "height": height}
        )

    def plain_text(self, element: etree.Element) -> str:
        """Return the caption as plain text, with stashed entities (smarty quotes) restored."""
        text = HTML_PLACEHOLDER_RE.sub(self.stashed_text, "".join(element.itertext()))
        return " ".join(html.unescape(self.unescape(text)).split())

    def stashed_text(self, match: re.Match[str]) -> str:
        raw = str(self.md.htmlStash.rawHtmlBlocks[int(match.group(1))])
        return "" if "<" in raw else html.unescape(raw)


def local_raster(
    path: Path, src: str, options: Options, report: Callable[..., None]
) -> images.Raster | None:
    """Check a local image file; return its size, or None (reported when it is a problem).

    report(level, message, src, hint=...) is called for a missing, unreadable or too large
    file; an SVG or an animation returns None unreported (the browser gets it as it is).
    """
    if not path.is_file():
        report("error", NOT_FOUND.format(src=src), src)
        return None
    limit = options.max_pixels or images.PILLOW_LIMIT
    try:
        raster = images.measure(path)
    except images.TooLarge:
        hint = TOO_LARGE_HINT.format(width=images.widest_allowed(None, limit))
        size = "larger than any photo needs"
        report("error", TOO_LARGE.format(src=src, size=size, limit=limit), src, hint=hint)
        return None
    except (OSError, ValueError, SyntaxError):  # Pillow's words for a damaged header
        report("error", UNREADABLE.format(src=src), src, hint=NO_VARIANTS_HINT)
        return None
    if raster is not None and raster.width * raster.height > limit:
        hint = TOO_LARGE_HINT.format(width=images.widest_allowed(raster, limit))
        size = f"{raster.width:,} × {raster.height:,} pixels"
        report("error", TOO_LARGE.format(src=src, size=size, limit=limit), src, hint=hint)
        return None
    return raster


def find_candidate(
    img: etree.Element, parents: dict[etree.Element, etree.Element]
) -> Candidate | None:
    """Return the figure-to-be around img, or None when the image sits inside text."""
    node, paragraph = img, parents[img]
    # A linked image alone in a paragraph becomes a figure holding the link: the link is
    # the writer's choice and the photo still deserves its caption.
    if paragraph.tag == "a" and len(paragraph) == 1 and blank(paragraph.text) and blank(img.tail):
        node, paragraph = paragraph, parents[paragraph]
    if paragraph.tag != "p" or not blank(paragraph.text) or paragraph[0] is not node:
        return None
    rest = list(paragraph)[1:]
    if rest and rest[0].tag == "br":  # nl2br turns the newline before the caption into <br>
        rest = rest[1:]
    if len(rest) > 1 or (rest and rest[0].tag != "em"):
        return None
    if not all(blank(child.tail) for child in paragraph):
        return None  # text after the image or after the italic line: an ordinary paragraph
    return Candidate(paragraph, parents[paragraph], rest[0] if rest else None)


def replace_with_figure(candidate: Candidate, fig_id: str) -> etree.Element:
    """Put a figure where the paragraph was, holding its image and the caption's contents."""
    paragraph, caption = candidate.paragraph, candidate.caption
    figure = etree.Element("figure", {**paragraph.attrib, "id": fig_id})
    figure.text, figure.tail = "\n", paragraph.tail
    image = paragraph[0]  # the <img>, or the <picture> or <a> around it
    figure.append(image)
    image.tail = "\n"
    if caption is not None:  # the <em> only marked the caption: keep what is inside it
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text, figcaption.tail = caption.text, "\n"
        figcaption.extend(list(caption))
    parent = candidate.parent
    parent[list(parent).index(paragraph)] = figure
    return figure


def link_to_full_size(figure: etree.Element, href: str) -> None:
    """Let the photo open at full size: its cleaned copy, never the original file."""
    image = figure[0]
    if image.tag == "a":  # the writer linked the photo somewhere already
        return
    link = etree.Element(
        "a", {"class": "full-size", "href": href, "title": "Open the photo at full size"}
    )
    link.tail, image.tail = image.tail, None
    figure[0] = link
    link.append(image)


def wrap_in_picture(img: etree.Element, parent: etree.Element, source: dict[str, str]) -> None:
    """Put img inside a <picture> that first offers the given <source>."""
    picture = etree.Element("picture")
    etree.SubElement(picture, "source", source)
    parent[list(parent).index(img)] = picture
    picture.append(img)
    picture.tail, img.tail = img.tail, None


def figure_slug(src: str, slug: Callable[[str], str]) -> str:
    """Return the slug of the image's file name: `images/Never Bee.jpg` -> `never-bee`."""
    if src.startswith("data:"):
        return "image"
    return slug(PurePosixPath(unquote(urlsplit(src).path)).stem) or "image"


def unique_id(base: str, taken: set[str]) -> str:
    """Return `fig-base`, or `fig-base-2`, `-3` ... if the page already uses it."""
    candidate, number = f"fig-{base}", 1
    while candidate in taken:
        number += 1
        candidate = f"fig-{base}-{number}"
    return candidate


def normalise(text: str) -> str:
    """Casefold, collapse whitespace and drop trailing punctuation, to compare alt and caption."""
    return " ".join(text.casefold().split()).rstrip(string.punctuation + "\u2026\u2019\u201d ")


def blank(text: str | None) -> bool:
    return not text or not text.strip()
