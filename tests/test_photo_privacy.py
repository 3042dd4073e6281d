"""Photo privacy as a writer meets it: a phone's photo goes in, no location comes out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import (
    CAMERA_MAKE,
    CAMERA_MODEL,
    PUBLISH_URL,
    build_into,
    geotagged_photo,
    page,
)
from toolkit.publish import image_privacy
from toolkit.settings import DEV, PUBLISH

ESSAY = """---
title: {title}
date: 2024-05-01
{extra}---

![A cup of coffee on a kitchen table]({src})
*Morning.*

Some words about the morning.
"""


def essay(content: Path, name: str, src: str, extra: str = "") -> None:
    path = content / "essays" / f"{name}.md"
    path.write_text(ESSAY.format(title=name.title(), src=src, extra=extra), encoding="utf-8")


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory) -> Path:
    """A content folder with geotagged photos: two in a published essay, one only in a draft."""
    content = tmp_path_factory.mktemp("phone") / "content"
    (content / "essays").mkdir(parents=True)
    for name in ("coffee.jpg", "garden.webp", "secret.jpg", "unused.jpg"):
        geotagged_photo(content / "images" / name, orientation=6 if name == "coffee.jpg" else 1)
    essay(content, "morning", "../images/coffee.jpg")
    essay(content, "garden", "../images/garden.webp")
    essay(content, "plans", "../images/secret.jpg", extra="status: draft\n")
    return content


@pytest.fixture(scope="module")
def published(phone_site, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    result = build_into(tmp, phone_site, {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


def test_no_published_file_holds_location_or_camera_data(published):
    images = [p for p in published.rglob("*") if p.suffix in (".jpg", ".webp", ".png")]
    assert len(images) > 4
    for path in published.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CAMERA_MAKE.encode() not in data and CAMERA_MODEL.encode() not in data, path
    for path in images:
        with Image.open(path) as img:
            exif = img.getexif()
            assert not exif.get_ifd(0x8825) and not exif.get(0x010F), path
    assert image_privacy.check(published) == []


def test_the_page_shows_the_cleaned_upright_copy(published):
    img = page(published, "essays/morning/").select_one("figure img")
    assert img["src"].startswith(f"{PUBLISH_URL}/images/_v/coffee-")
    local = published / img["src"].removeprefix(f"{PUBLISH_URL}/")
    with Image.open(local) as shown:
        assert shown.size == (900, 1200)  # the phone was held upright: portrait in the pixels
        assert shown.info.get("icc_profile")
    assert (int(img["width"]), int(img["height"])) == (900, 1200)


def test_only_photos_of_published_essays_are_published(published):
    names = {p.name.split("-")[0] for p in published.rglob("*") if p.suffix in (".jpg", ".webp")}
    assert names == {"coffee", "garden"}
    assert not (published / "images" / "coffee.jpg").exists()  # no original, anywhere


def test_the_preview_shows_the_drafts_photo(phone_site, tmp_path):
    result = build_into(tmp_path, phone_site, DEV)
    assert not result.problems, result.report()
    img = page(tmp_path / "output", "drafts/plans/").select_one("figure img")
    assert (tmp_path / "output" / img["src"].lstrip("/")).is_file()
    assert image_privacy.check(tmp_path / "output") == []


@pytest.mark.parametrize("name", ["leaky.jpg", "leaky.webp", "leaky.png"])
def test_the_gate_names_an_image_that_still_holds_metadata(tmp_path, name):
    geotagged_photo(tmp_path / "site" / "extra" / name)
    Image.new("RGB", (10, 10)).save(tmp_path / "site" / "clean.png")
    [problem] = image_privacy.check(tmp_path / "site")
    assert problem.path == f"extra/{name}"
    assert "GPS location" in problem.message and "camera model" in problem.message
