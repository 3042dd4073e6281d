"""Measure local images and make their responsive variants with Pillow."""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Registering WebP here spares each reading process Pillow's import of all forty of
# its plugins at its first WebP copy (0.07 s in a clone with no compiled modules).
from PIL import Image, ImageOps, WebPImagePlugin  # noqa: F401

try:
    import fcntl
except ImportError:  # Windows, where prefill.py reads in one process anyway
    fcntl = None

RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
# Pillow's format name -> ours. Phone cameras write multi-picture JPEGs that Pillow calls MPO.
FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "webp": {"quality": 80},
    "png": {"optimize": True},
    "gif": {},
}
VARIANT_DIR = "images/_v"
EXIF_ORIENTATION = 0x0112
# Above this Pillow refuses to open an image at all (DecompressionBombError).
PILLOW_LIMIT = 2 * int(Image.MAX_IMAGE_PIXELS or 89_478_485)


@dataclass(frozen=True)
class Raster:
    """A still raster image as the browser will show it (EXIF rotation applied)."""

    width: int
    height: int
    format: str  # "jpeg", "png", "webp" or "gif"


class TooLarge(Exception):
    """An image whose header claims more pixels than Pillow will open."""


@dataclass(frozen=True)
class Variant:
    """One resized copy of a source image, named by its URL path under the site root."""

    source: str  # absolute path of the original file
    path: str  # posix path, e.g. "images/_v/neverbee-1a2b3c4d-480.webp"
    width: int
    format: str


def measure(path: Path) -> Raster | None:
    """Read an image's displayed size from its header; None if it is not a still raster.

    Raises OSError (PIL.UnidentifiedImageError included) when the file cannot be read,
    and TooLarge when its header claims more pixels than Pillow agrees to open.
    """
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return None
    with _opened(path) as img:
        fmt = FORMATS.get(img.format or "")
        # MPO frames are one photo's previews, not an animation.
        if fmt is None or (fmt != "jpeg" and getattr(img, "is_animated", False)):
            return None
        width, height = img.size
        # Only JPEG and WebP keep EXIF in the header; PNG would need its pixels loaded.
        if fmt in ("jpeg", "webp") and img.getexif().get(EXIF_ORIENTATION, 1) in (5, 6, 7, 8):
            width, height = height, width
        return Raster(width, height, fmt)


@contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    """Open an image (reading its header only), turning Pillow's bomb check into TooLarge."""
    try:
        with warnings.catch_warnings():  # the size limit is ours to report, with its line
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except Image.DecompressionBombError as error:
        raise TooLarge(str(error)) from None
    with img:
        yield img


def widest_allowed(raster: Raster | None, max_pixels: int) -> int:
    """Return the widest an image of this shape may be within max_pixels (square if unknown)."""
    ratio = raster.width / raster.height if raster else 1.0
    return max(1, math.floor(math.sqrt(max_pixels * ratio)))


def digest(path: Path) -> str:
    """Return the first 8 hex digits of the file's sha256, so a changed photo gets new URLs."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


def plan_variants(
    source: Path, slug: str, raster: Raster, widths: Iterable[int], hash8: str
) -> dict[str, tuple[Variant, ...]]:
    """Map each output format (WebP first, then the original's) to its variants, narrowest first."""
    sizes = sorted({w for w in widths if w < raster.width} | {raster.width})
    return {
        fmt: tuple(
            Variant(str(source), f"{VARIANT_DIR}/{slug}-{hash8}-{w}.{EXTENSIONS[fmt]}", w, fmt)
            for w in sizes
        )
        for fmt in dict.fromkeys(("webp", raster.format))
    }


def make_variants(
    source: Path, slug: str, raster: Raster, widths: Iterable[int], cache_dir: Path
) -> dict[str, tuple[Variant, ...]]:
    """Plan the source's variants (named from slug) and write any the cache does not have yet."""
    sets = plan_variants(source, slug or "image", raster, widths, digest(source))
    pixels = Pixels(source)  # decoded once for all the copies the cache lacks
    for variants in sets.values():
        for variant in variants:
            ensure_variant(variant, cache_dir, pixels)
    return sets


def srcset(variants: Iterable[Variant], site_url: str) -> str:
    """Return a srcset value with full URLs, since Pelican does not rewrite srcset."""
    return ", ".join(f"{site_url}/{v.path} {v.width}w" for v in variants)


def ensure_variant(variant: Variant, cache_dir: Path, pixels: Pixels | None = None) -> Path:
    """Write the variant into the cache unless it is already there; return its cache path."""
    target = cache_dir / variant.path
    if target.exists():  # the name carries the source hash, so an existing file is current
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Parallel readers (prefill.py) meet the same photo: one makes it, the others wait.
    with _locked(target.with_name(f".{target.name}.lock")):
        if not target.exists():
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            _render(variant, partial, pixels or Pixels(Path(variant.source)))
            partial.replace(target)  # an interrupted build never leaves a half-written variant
    return target


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on path (a no-op where fcntl is missing)."""
    with open(path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class Pixels:
    """A photo's pixels upright and its colour profile, read from the file at the first need."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.loaded: tuple[Image.Image, bytes | None] | None = None
        self.resized: dict[int, Image.Image] = {}

    def get(self) -> tuple[Image.Image, bytes | None]:
        if self.loaded is None:
            with Image.open(self.source) as original:
                icc = original.info.get("icc_profile") if original.mode != "CMYK" else None
                self.loaded = (_working_copy(original), icc)
        return self.loaded

    def at(self, width: int) -> Image.Image:
        """The pixels at this width, resized once for every format that needs them."""
        full, _ = self.get()
        if width == full.width:
            return full
        if width not in self.resized:
            height = max(1, round(full.height * width / full.width))
            self.resized[width] = full.resize(
                (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
        return self.resized[width]


def _render(variant: Variant, target: Path, pixels: Pixels) -> None:
    """Write the variant from the source's pixels alone: no metadata but the colour profile.

    Every copy is re-encoded, the full-width one in the original format too: EXIF
    (GPS, camera, dates, thumbnail), XMP, IPTC, maker notes, comments, PNG text and
    a multi-picture JPEG's other frames are never carried over, and the orientation
    is applied to the pixels so no EXIF is needed to show the photo upright.
    """
    _, icc = pixels.get()
    img = pixels.at(variant.width).copy()  # the other formats start from the same pixels
    if variant.format == "jpeg" and img.mode != "RGB":
        img = img.convert("RGB")
    options = dict(SAVE_OPTIONS[variant.format])
    if icc:
        options["icc_profile"] = icc
    # No exif=, xmp= or pnginfo= option, and no info carried over from the source:
    # Pillow then writes the pixels and the profile only.
    img.info = {}
    img.save(target, format=variant.format.upper(), **options)


def _working_copy(img: Image.Image) -> Image.Image:
    """Return the pixels upright, in RGB or RGBA so LANCZOS resizing works on any mode."""
    upright = ImageOps.exif_transpose(img)
    transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    return upright.convert("RGBA" if transparent else "RGB")


# Every file this process's builds put under VARIANT_DIR (photo sizes, share cards),
# for the preview to delete the ones its last build no longer used (its output
# folder is built in place; a published site starts empty).
PUBLISHED: set[str] = set()


# The names of those files: `slug-hash8-width.ext` and `share-slug-hash12.png`.
MADE_NAME = re.compile(r"(share-.+-[0-9a-f]{12}\.png|.+-[0-9a-f]{8}-[0-9]+\.(jpg|png|webp|gif))")


def note_published(path: Path) -> None:
    PUBLISHED.add(os.path.abspath(path))


def unpublished_copies(output_dir: Path) -> list[Path]:
    """The photo sizes and share cards in output_dir not published since PUBLISHED was emptied.

    A file of the writer's own in that folder (a name not of our making) is not one.
    """
    folder = output_dir / VARIANT_DIR
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        path
        for path in entries
        if MADE_NAME.fullmatch(path.name)
        and os.path.abspath(path) not in PUBLISHED
        and path.is_file()
    ]


def publish_variants(variants: Iterable[Variant], cache_dir: Path, output_dir: Path) -> None:
    """Copy each variant from the cache into the output, regenerating it if the cache lost it.

    A copy already in the output with the cached file's size is kept: its name carries
    the source photo's hash (the preview builds in place, and saves rarely change photos).
    """
    folders: set[Path] = set()
    for variant in dict.fromkeys(variants):
        cached = ensure_variant(variant, cache_dir)
        target = output_dir / variant.path
        note_published(target)
        try:
            if target.stat().st_size == cached.stat().st_size:
                continue
        except OSError:  # not there yet
            pass
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        shutil.copyfile(cached, target)
