"""Photos written as HTML (`<img src="/images/x.jpg">`) get the same cleaned copies.

Markdown keeps raw HTML apart (its stash) as the writer typed it, so the figures
treeprocessor never sees these images. Only cleaned copies of photos are published
(the originals keep their GPS and camera data), so each `<img>` in the stash is
pointed at its cleaned full-width copy here, before Markdown puts the HTML back.
"""

from __future__ import annotations

from html import escape

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from essays.body import images
from essays.body.figures import NO_VARIANTS, NO_VARIANTS_HINT, Options, local_raster
from essays.body.html_text import UrlRewriter


class RawImagesExtension(Extension):
    def __init__(self, options: Options) -> None:
        super().__init__()
        self.options = options

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Above 'raw_html' (30): the writer's HTML is still in the stash, apart from
        # the images Markdown made (which the figures treeprocessor has handled).
        md.postprocessors.register(RawImages(md, self.options), "essay_raw_images", 35)


class RawImages(Postprocessor):
    def __init__(self, md: markdown.Markdown, options: Options) -> None:
        super().__init__(md)
        self.options = options
        self.done: set[int] = set()  # one Markdown per file: no state outlives the essay

    def run(self, text: str) -> str:
        # The toc and figures treeprocessors run the postprocessors on text they read,
        # so this may run more than once: rewrite each stashed block once.
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str) and "<img" in block and index not in self.done:
                self.done.add(index)
                rewriter = ImgRewriter(self.clean_src)
                rewriter.feed(block)
                rewriter.close()
                blocks[index] = "".join(rewriter.out)
        return text

    def clean_src(self, src: str) -> str:
        """Return the URL of the cleaned copy of a local photo; src as it was otherwise."""
        opts = self.options
        path = opts.resolve(src)
        if path is None:
            return src
        raster = local_raster(path, src, opts, opts.report)
        if raster is None:
            return src
        try:
            sets = images.make_variants(path, opts.slug(path.stem), raster, (), opts.cache_dir)
        except (OSError, ValueError, SyntaxError) as error:
            message = NO_VARIANTS.format(src=src, error=error)
            opts.report("error", message, src, hint=NO_VARIANTS_HINT)
            return src
        full = sets[raster.format][-1]
        self.md.figure_variants = [*getattr(self.md, "figure_variants", []), full]
        return f"{opts.site_url}/{full.path}"


class ImgRewriter(UrlRewriter):
    """Copy HTML as it is, except the src of an <img> without a srcset (a writer's own)."""

    def __init__(self, clean_src) -> None:
        super().__init__("")  # an empty base: urljoin leaves every other URL as it is
        self.clean_src = clean_src

    def rewrite(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        names = {name for name, _ in attrs}
        if tag != "img" or "srcset" in names or "src" not in names:
            super().rewrite(tag, attrs, close)
            return
        changed = [(n, self.clean_src(v) if n == "src" and v else v) for n, v in attrs]
        text = "".join(f" {n}" if v is None else f' {n}="{escape(v)}"' for n, v in changed)
        self.out.append(f"<{tag}{text}{close}>")
