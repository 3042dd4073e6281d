"""Figures in the built site: the reference photos, the feed, and a writer's mistakes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from tests.helpers import PUBLISH_URL, ROOT, build_into, page
from toolkit.settings import DEV

ATOM = "{http://www.w3.org/2005/Atom}"


def local(site: Path, url: str) -> Path:
    """The output file a published URL points at."""
    assert url.startswith(PUBLISH_URL + "/"), url
    return site / url.removeprefix(PUBLISH_URL + "/")


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(w.removesuffix("w"))) for url, w in (c.split() for c in srcset.split(", "))]


def test_reference_photos_are_captioned_responsive_figures(real_site):
    figures = page(real_site, "essays/where-values-meet-reality/").select(".essay-body figure")
    assert [f["id"] for f in figures] == ["fig-neverbee", "fig-lacie"]
    for figure, name in zip(figures, ("neverbee", "lacie"), strict=True):
        img = figure.select_one("picture > img")
        assert figure.select_one("a.full-size + figcaption")
        with Image.open(ROOT / "content" / "images" / f"{name}.jpg") as original:
            assert (int(img["width"]), int(img["height"])) == original.size
        webp = figure.select_one("picture > source[type='image/webp']")
        assert img["sizes"] and webp["sizes"] == img["sizes"]
        for srcset, fmt in ((img["srcset"], "JPEG"), (webp["srcset"], "WEBP")):
            for url, width in candidates(srcset):
                with Image.open(local(real_site, url)) as variant:
                    assert (variant.format, variant.width) == (fmt, width)
                    assert width <= original.size[0]
    first, second = (f.img for f in figures)
    assert "loading" not in first.attrs
    assert (second["loading"], second["decoding"]) == ("lazy", "async")


def test_no_page_puts_a_figure_inside_a_paragraph(published_site, real_site):
    for site in (published_site, real_site):
        for path in site.rglob("*.html"):
            assert not page(site, str(path.relative_to(site))).select("p figure"), path


def test_feed_carries_the_figure_with_absolute_urls(published_site):
    feed = ET.parse(published_site / "feeds" / "all.atom.xml").getroot()
    entry = next(
        e for e in feed.iter(f"{ATOM}entry") if "First light" in e.findtext(f"{ATOM}title")
    )
    figure = BeautifulSoup(entry.findtext(f"{ATOM}content"), "html.parser").select_one("figure")
    assert figure["id"] == "fig-river"
    assert figure.figcaption.a["href"] == "https://example.org/river"
    img, source = figure.select_one("img"), figure.select_one("source")
    assert local(published_site, img["src"]).is_file()
    for url, _ in candidates(img["srcset"]) + candidates(source["srcset"]):
        assert local(published_site, url).is_file()


PHOTOS = """\
---
title: Photos
date: 2024-05-02
---

A first photo, described.

![A river at dawn](../images/river.jpg)

![](../images/river.jpg)
*The same river, without a description.*

![A photo that was never added](../images/nope.jpg)

![A river at dawn](../images/river.jpg)
*A river at dawn.*
"""


def test_figure_mistakes_fail_the_build_naming_file_and_line(tmp_path, content_copy):
    essay = content_copy / "essays" / "photos.md"
    essay.write_text(PHOTOS, encoding="utf-8")

    result = build_into(tmp_path, content_copy, DEV)

    assert result.failed(strict=True)
    report = result.report()
    assert f"{essay}:10: error: image has no alt text" in report
    assert f"{essay}:13: error: image not found: ../images/nope.jpg" in report
    assert f"{essay}:15: warning: alt text repeats the caption" in report
    assert len(result.problems) == 3, report
    assert not (tmp_path / "output").exists()


def test_alt_text_repeating_the_caption_only_warns_when_not_strict(tmp_path, content_copy):
    essay = content_copy / "essays" / "photos.md"
    essay.write_text(PHOTOS.split("![](")[0].rstrip() + "\n*A river at dawn.*\n", "utf-8")

    result = build_into(tmp_path, content_copy, DEV, strict=False)

    assert [(p.line, p.level) for p in result.problems] == [(8, "warning")], result.report()
    assert (tmp_path / "output" / "essays" / "photos" / "index.html").is_file()


def test_a_photo_shown_only_in_the_writers_own_html_is_in_the_site(tmp_path, content_copy):
    """Its cleaned copy is published like a figure's, even with no figure using the photo."""
    Image.new("RGB", (640, 480), (200, 20, 30)).save(content_copy / "images" / "only-raw.png")
    (content_copy / "essays" / "raw-only.md").write_text(
        "---\ntitle: Raw only\ndate: 2024-05-05\n---\n\n## A heading\n\nText.\n\n"
        '<p><img src="/images/only-raw.png" alt="A red box"></p>\n',
        encoding="utf-8",
    )
    result = build_into(tmp_path, content_copy, DEV)
    assert not result.problems, result.problems

    src = page(tmp_path / "output", "essays/raw-only/").select_one("img[alt='A red box']")["src"]
    assert src.startswith("/images/_v/only-raw-")
    with Image.open(tmp_path / "output" / src.lstrip("/")) as copy:
        assert copy.size == (640, 480)
