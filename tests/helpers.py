"""Helpers shared by the tests: build a tiny site, read its pages, run a writer's command."""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings

from essays.addresses import slug_for
from toolkit import build as site
from toolkit.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
PUBLISH_URL = "https://essays.example.org"


@functools.cache
def site_settings() -> dict:
    """pelican.conf.py as Pelican reads it, with no build's overrides (do not change it)."""
    return read_settings(str(ROOT / "pelican.conf.py"))


def slug(text: str) -> str:
    """The site's one slug rule, with the real settings."""
    return slug_for(text, site_settings())


def build_into(tmp: Path, content: Path, overrides: dict, strict: bool = True):
    """Build `content` with the real settings and `overrides` into tmp/output."""
    settings = load_settings(
        {
            **overrides,
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp / "output"),
            "CACHE_PATH": str(tmp / "cache"),
        }
    )
    return site.build(settings, strict=strict)


def page(output: Path, url_path: str) -> BeautifulSoup:
    """Parse the page at a site path such as 'essays/first-light/'."""
    path = output / url_path
    if url_path.endswith("/") or not url_path:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def every_page(output: Path) -> list[tuple[str, BeautifulSoup]]:
    """(path in the site, parsed page) for every HTML file written, in path order."""
    return [
        (str(path.relative_to(output)), page(output, str(path.relative_to(output))))
        for path in sorted(output.rglob("*.html"))
    ]


def words(text: str) -> str:
    """Normalise typography and whitespace so texts compare by their words."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("&", "and")
    return re.sub(r"\s+", " ", text).strip()


PROJECT_FILES = ("pelican.conf.py", "tasks.py", "plugins", "theme", "content")


def make_project(tmp: Path) -> Path:
    """A copy of this project, as a writer's clone would have it."""
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    return project


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in a project folder, as a writer would in a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


CAMERA_MAKE, CAMERA_MODEL = "Snoopcam Industries", "Tattletale X9"


def geotagged_photo(path: Path, size: tuple[int, int] = (1200, 900), orientation: int = 1) -> Path:
    """Write a photo as a phone leaves it: GPS, camera make and model, XMP, a colour profile.

    PNGs also get text chunks; the format follows the file's suffix.
    """
    from PIL import ExifTags, Image, ImageCms, PngImagePlugin

    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = CAMERA_MAKE, CAMERA_MODEL
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (44.0, 48.0, 40.0)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "W", (91.0, 29.0, 55.0)
    xmp = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><tiff:Make>{CAMERA_MAKE}</tiff:Make>'
        f"<tiff:Model>{CAMERA_MODEL}</tiff:Model></x:xmpmeta>"
    ).encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options: dict = {"exif": exif.tobytes(), "icc_profile": icc}
    if path.suffix.lower() == ".png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", f"Taken with a {CAMERA_MODEL}")
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"] = info
    else:
        options["xmp"] = xmp
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, "teal")
    img.paste((250, 200, 0), (0, 0, size[0] // 2, size[1] // 3))  # a corner, to see rotation
    img.save(path, **options)
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """Write a tiny PNG whose header claims width x height pixels (its pixels never decode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes_claiming(width, height))
    return path


def png_bytes_claiming(width: int, height: int) -> bytes:
    """The bytes of a tiny PNG whose header claims width x height pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    return data + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


LONG_READ = "long-read"
SECTIONS = ("Where it starts", "What the work asks", "When it gets hard", "What stays")


def add_long_read(content: Path) -> Path:
    """Add a long essay to a content folder: four sections, three notes, a tall photo,
    and a second essay without a photo. Returns the long essay's file."""
    from PIL import Image

    Image.new("RGB", (1000, 2000), "olive").save(content / "images" / "tall.jpg")
    body = []
    for number, heading in enumerate(SECTIONS, 1):
        note = f"[^{number}]" if number <= 3 else ""
        body += [f"## {heading}", "", f"Section {number} - its first paragraph.{note}", ""]
        body += [" ".join(["A longer paragraph of plain words to read."] * 12), ""]
    body += ["![A tall olive rectangle](../images/tall.jpg)", "*A tall photo.*", ""]
    body += [
        f"[^{n}]: The text of note {n}, with [a link](https://example.org/{n})." for n in (1, 2, 3)
    ]
    path = content / "essays" / f"{LONG_READ}.md"
    front = '---\ntitle: "A long read - in four parts"\ndate: 2024-05-01\n'
    front += 'summary: "Four sections -- and three notes."\ntags: [community]\n---\n\n'
    path.write_text(front + "\n".join(body) + "\n", encoding="utf-8")
    other = content / "essays" / "another-plain-essay.md"
    other.write_text(
        '---\ntitle: "Another plain essay"\ndate: 2024-05-02\n---\n\nJust words.\n',
        encoding="utf-8",
    )
    return path


def search_entries(output: Path) -> dict[str, dict]:
    """What the search index holds of each page, by URL: its text, title, date, filters."""
    entries = {}
    for chunk in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(chunk.read_bytes()).removeprefix(b"pagefind_dcd")
        entry = json.loads(data)
        entries[entry["url"]] = entry
    return entries
