"""Page-weight budgets: what a reader downloads for one page, held to a limit."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from essays.problems import Problem

# Bytes as they travel: hosts send HTML and CSS compressed, so a long essay is not
# penalised for its words, while a template that bloats every page is caught.
PAGE_BUDGET = 35_000  # one HTML page plus its stylesheets, gzip-compressed
# Photos as a wide, sharp screen loads them (the 1600 px copies, WebP where offered):
# room for about five photos.
IMAGE_BUDGET = 1_500_000
WIDE_SCREEN = 1600  # px: the 44rem text column on a 2x screen
Resolve = Callable[[str], "tuple[str, str] | None"]


def check_page(root: Path, path: str, soup: BeautifulSoup, resolve: Resolve) -> list[Problem]:
    """Hold one page to the HTML+CSS budget and the image budget."""
    problems = []
    files = [path] + [f for f in stylesheets(soup, resolve) if (root / f).is_file()]
    weight = sum(compressed_size((root / f).read_bytes()) for f in dict.fromkeys(files))
    if weight > PAGE_BUDGET:
        problems.append(
            Problem(
                path,
                0,
                f"HTML and CSS weigh {weight:,} bytes compressed (budget {PAGE_BUDGET:,})",
                "split the page, or tell a developer: a template or the CSS has grown",
            )
        )
    images = sum(image_bytes(root, img, resolve) for img in soup.find_all("img"))
    if images > IMAGE_BUDGET:
        problems.append(
            Problem(
                path,
                0,
                f"images weigh {images:,} bytes on a wide screen (budget {IMAGE_BUDGET:,})",
                "use fewer photos on this page, or spread them over a series",
            )
        )
    return problems


def stylesheets(soup: BeautifulSoup, resolve: Resolve) -> list[str]:
    links = soup.select('link[rel~="stylesheet"][href]')
    return [target[0] for link in links if (target := resolve(link["href"])) is not None]


def compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def image_bytes(root: Path, img: Tag, resolve: Resolve) -> int:
    """Size of the file a wide, sharp screen loads for one <img> (0 if it is not ours)."""
    webp = img.parent.find("source", type="image/webp") if img.parent.name == "picture" else None
    chosen = pick((webp or img).get("srcset", "")) or img.get("src", "")
    target = resolve(chosen) if chosen else None
    if target is None or not (root / target[0]).is_file():
        return 0  # another site's image, or a missing one: the link check reports those
    return (root / target[0]).stat().st_size


def pick(srcset: str) -> str:
    """The narrowest candidate at least WIDE_SCREEN wide, else the widest one."""
    candidates = []
    for entry in srcset.split(","):
        url, _, descriptor = entry.strip().partition(" ")
        if url:
            width = descriptor.strip().removesuffix("w")
            candidates.append((int(width) if width.isdigit() else 0, url))
    wide = sorted(c for c in candidates if c[0] >= WIDE_SCREEN)
    return (wide[0] if wide else max(candidates, default=(0, "")))[1]
