"""The gate's second lock on photo privacy: no output image carries location or camera data.

The plugin re-encodes every photo it publishes (plugins/essays/body/images.py); this
looks at what actually landed in the output, so a photo that reached it another way
(a theme image, a file under `extra/`, a future change to the plugin) cannot leak
where it was taken or with what. Each image is read twice: with Pillow (EXIF, GPS,
XMP, IPTC, PNG text) and as bytes, for the markers of those blocks, so a block
Pillow does not parse (an APP segment after the first, trailing data) is found too.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import ExifTags, Image

from essays.problems import Problem

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif"})
# EXIF tags that say where or with what a photo was taken, or by whom.
CAMERA_TAGS = {
    ExifTags.Base.Make: "camera make",
    ExifTags.Base.Model: "camera model",
    ExifTags.Base.BodySerialNumber: "camera serial number",
    ExifTags.Base.LensModel: "lens model",
    ExifTags.Base.Artist: "artist",
    ExifTags.Base.DateTimeOriginal: "date taken",
}
# Byte markers of the blocks that hold such data; long enough never to occur by chance.
MARKERS = {
    b"Exif\x00\x00": "EXIF",
    b"http://ns.adobe.com/xap/1.0/": "XMP",
    b"<x:xmpmeta": "XMP",
    b"Photoshop 3.0\x00": "IPTC",
    b"GPSLatitude": "GPS location",
}
# Pillow's info keys that are about display, not about the photo's story.
DISPLAY_INFO = frozenset(
    {
        "dpi",
        "gamma",
        "icc_profile",
        "transparency",
        "aspect",
        "srgb",
        "chromaticity",
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "progressive",
        "progression",
        "adobe",
        "adobe_transform",
        "loop",
        "duration",
        "background",
        "version",
        "extension",
        "interlace",
        "mp",
        "mpoffset",
        "timestamp",
        "disposal",
        "blend",
        "bbox",
        "default_image",
        "compression",
        "lossless",
    }
)
INFO_LABELS = {"exif": "EXIF", "xmp": "XMP", "XML:com.adobe.xmp": "XMP", "comment": "comment"}
HINT = (
    "publish photos only through an essay (the build re-encodes them without metadata); "
    "remove the metadata from this file, or the file from the site"
)


def check(folder: Path) -> list[Problem]:
    """Return a problem for each image in folder that still carries private metadata."""
    problems = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
        found = private_metadata(path)
        if found:
            name = path.relative_to(folder).as_posix()
            problems.append(
                Problem(name, 0, "image carries private metadata: " + ", ".join(found), HINT)
            )
    return problems


def private_metadata(path: Path) -> list[str]:
    """Name the kinds of location, camera or other private data the image file holds."""
    data = path.read_bytes()
    found = {label for marker, label in MARKERS.items() if marker in data}
    found |= set(read_with_pillow(path))
    return sorted(found)


def read_with_pillow(path: Path) -> list[str]:
    """What Pillow finds: GPS and camera EXIF tags, XMP, IPTC and text chunks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as img:
                exif, info = img.getexif(), dict(img.info)
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        return []  # not an image Pillow reads: the byte markers still apply
    found = [label for tag, label in CAMERA_TAGS.items() if exif.get(tag)]
    found += [CAMERA_TAGS[t] for t in CAMERA_TAGS if exif.get_ifd(ExifTags.IFD.Exif).get(t)]
    if exif.get_ifd(ExifTags.IFD.GPSInfo):
        found.append("GPS location")
    return found + [INFO_LABELS.get(k, f"text {k!r}") for k in info if k not in DISPLAY_INFO]
