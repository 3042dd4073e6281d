"""A share card for each essay without a photo: its title on the site's colours.

Link previews (og:image, twitter:image) of an essay show its first photo; an essay
with none gets a 1200 x 630 PNG made here with Pillow: the title set in Source Serif
Pro Bold (SIL Open Font License, shipped by the `font-source-serif-pro` package,
never downloaded), the site's name under it. A card is kept in the build cache
under a hash of what it shows, so a title change makes a new card (and a new
address, which link previews fetch afresh) and nothing else does.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from essays.body.images import VARIANT_DIR, note_published
from essays.body.typography import plain_typeset
from essays.content_files import every_item

WIDTH, HEIGHT = 1200, 630
MARGIN = 84
# The site's light colours (theme/static/css/main.css): paper, text, links.
PAPER, INK, ACCENT, RULE = "#fbf8f2", "#2a2520", "#245a3f", "#ddd5c7"
FONT_PACKAGE = "font_source_serif_pro"
TITLE_FONT, NAME_FONT = "SourceSerifPro-Bold.ttf", "SourceSerifPro-Semibold.ttf"
TITLE_SIZES = (76, 68, 60, 54, 48, 44)  # the largest at which the title fits
MAX_LINES = 4
DESIGN = "1"  # change to remake every card when the drawing below changes


@dataclass(frozen=True)
class Card:
    path: str  # in the output, e.g. images/_v/share-my-essay-0123abcd4567.png
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    with resources.as_file(resources.files(FONT_PACKAGE) / "files" / name) as path:
        return ImageFont.truetype(str(path), size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text into lines no wider than width (a word wider than that gets a line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def title_lines(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits; at the smallest, cut with an ellipsis."""
    for size in TITLE_SIZES:
        face = font(TITLE_FONT, size)
        lines = wrap(title, face, WIDTH - 2 * MARGIN)
        if len(lines) <= MAX_LINES:
            return face, lines
    return face, [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1] + " …"]


def card_png(title: str, site_name: str) -> bytes:
    """Draw the card: a PNG with pixels only (no text chunks, no dates)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    face, lines = title_lines(plain_typeset(title))
    step = round(face.size * 1.18)
    top = MARGIN + 10
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=face, fill=INK)
    draw.line((MARGIN, HEIGHT - 150, MARGIN + 120, HEIGHT - 150), fill=RULE, width=3)
    draw.text((MARGIN, HEIGHT - 124), site_name, font=font(NAME_FONT, 40), fill=ACCENT)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def card_for(title: str, site_name: str, slug: str, cache_dir: Path) -> tuple[Card, Path]:
    """The card of an essay and its file in the cache, drawn only if the cache lacks it."""
    digest = hashlib.sha256("\0".join((DESIGN, title, site_name)).encode()).hexdigest()[:12]
    cached = cache_dir / f"{digest}.png"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".tmp")
        partial.write_bytes(card_png(title, site_name))
        partial.replace(cached)  # a build stopped halfway leaves no broken card
    alt = f"The title “{title}” in dark letters on a light background, above the name {site_name}"
    return Card(f"{VARIANT_DIR}/share-{slug}-{digest}.png", alt), cached


def add_share_cards(generator) -> None:
    """Give every written essay without a photo its card, and copy the card to the output."""
    settings = generator.settings
    cache_dir = Path(settings["CACHE_PATH"]) / "share-cards"
    for essay in every_item(generator):
        written = essay.status != "draft" or settings["DRAFT_SAVE_AS"]
        if essay.metadata.get("figures") or not written:
            continue
        card, cached = card_for(essay.title, settings["SITENAME"], essay.slug, cache_dir)
        target = Path(generator.output_path) / card.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        note_published(target)
        essay.share_card = card
