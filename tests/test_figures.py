"""The figures Markdown extension: Markdown in, parsed HTML out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from essays.body.figures import figure_extension
from essays.body.images import Variant
from tests.helpers import png_claiming, slug

REMOTE = ("http:", "https:", "//", "data:")
CAPTION = "![Neverbee mid-spin]({static}/images/neverbee.jpg)\n"


@dataclass
class Site:
    """A content folder with images, and the reports one conversion made."""

    root: Path
    cache: Path
    reports: list[tuple[str, str, str]] = field(default_factory=list)
    occurrences: list[int] = field(default_factory=list)  # nth image with the reported src
    hints: list[str] = field(default_factory=list)

    def resolve(self, src: str) -> Path | None:
        if src.startswith(REMOTE):
            return None
        for prefix in ("{static}/", "{filename}/", "/"):
            src = src.removeprefix(prefix)
        return self.root / "content" / src

    def report(self, level: str, message: str, src: str, nth: int = 0, hint: str = "") -> None:
        self.reports.append((level, message, src))
        self.hints.append(hint)
        self.occurrences.append(nth)

    def markdown(self, site_url: str = "", max_pixels: int | None = None) -> markdown.Markdown:
        extension = figure_extension(
            resolve=self.resolve,
            report=self.report,
            site_url=site_url,
            cache_dir=self.cache,
            slug=slug,
            max_pixels=max_pixels,
        )
        return markdown.Markdown(extensions=["extra", "nl2br", extension])

    def convert(self, text: str, site_url: str = "") -> BeautifulSoup:
        soup = BeautifulSoup(self.markdown(site_url).convert(text), "html.parser")
        assert not soup.select("p figure"), "a figure inside a paragraph is invalid HTML"
        return soup


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One variant cache for all tests, as in real builds: names carry the source's hash."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def site(tmp_path: Path, cache: Path) -> Site:
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    for name, size in [("neverbee.jpg", (2000, 1000)), ("small.png", (700, 350))]:
        Image.new("RGB", size, "teal").save(images / name)
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green")]
    frames[0].save(images / "dance.gif", save_all=True, append_images=frames[1:], loop=0)
    (images / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    return Site(tmp_path, cache)


def widths(srcset: str) -> list[int]:
    return [int(entry.split()[1].removesuffix("w")) for entry in srcset.split(", ")]


@pytest.mark.parametrize(
    "caption, expected_html",
    [
        ("*Neverbee, the best dancer.*", "Neverbee, the best dancer."),
        ("_Neverbee, the best dancer._", "Neverbee, the best dancer."),
        (
            "*Neverbee at [the studio](https://example.org), **twice**.*",
            'Neverbee at <a href="https://example.org">the studio</a>, <strong>twice</strong>.',
        ),
        ("*Neverbee, _the_ best.*", "Neverbee, <em>the</em> best."),
    ],
)
def test_italic_line_under_image_becomes_caption(site, caption, expected_html):
    soup = site.convert(CAPTION + caption)
    figcaption = soup.select_one("figure#fig-neverbee > figcaption")
    assert figcaption is not None
    assert figcaption.decode_contents() == expected_html


@pytest.mark.parametrize("extensions", [["extra"], ["extra", "nl2br"]])
def test_caption_found_with_and_without_nl2br(site, extensions):
    extension = figure_extension(
        resolve=site.resolve,
        report=site.report,
        site_url="",
        cache_dir=site.cache,
        slug=slug,
    )
    html = markdown.markdown(CAPTION + "*Spinning.*", extensions=[*extensions, extension])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("figure > figcaption").get_text() == "Spinning."
    assert not soup.select("p, figure br")


@pytest.mark.parametrize(
    "source",
    [
        "Here is ![Neverbee](images/neverbee.jpg) dancing.",
        CAPTION + "*Spinning* and more text.",
        CAPTION + "Plain text under the photo.",
        "![One](images/neverbee.jpg) ![Two](images/small.png)",
    ],
)
def test_image_with_text_around_it_stays_in_its_paragraph(site, source):
    soup = site.convert(source)
    assert soup.select("p img") and not soup.select("figure")


def test_image_alone_becomes_figure_without_caption(site):
    soup = site.convert("![Neverbee mid-spin](images/neverbee.jpg)")
    assert soup.select_one("figure#fig-neverbee img")["alt"] == "Neverbee mid-spin"
    assert not soup.select("figcaption")


def test_image_in_blockquote_becomes_figure_in_blockquote(site):
    soup = site.convert("> " + CAPTION + "> *Quoted.*")
    assert soup.select_one("blockquote > figure > figcaption").get_text() == "Quoted."


def test_linked_image_becomes_figure_holding_the_link(site):
    soup = site.convert("[![Neverbee](images/neverbee.jpg)](https://example.org)\n*Caption.*")
    assert soup.select_one("figure > a[href='https://example.org'] img")
    assert soup.select_one("figure > figcaption").get_text() == "Caption."


def test_repeated_file_name_gets_numbered_ids(site):
    text = "\n\n".join(["![A](images/neverbee.jpg)"] * 3 + ["![B](images/small.png)"])
    soup = site.convert(text)
    assert [f["id"] for f in soup.select("figure")] == [
        "fig-neverbee",
        "fig-neverbee-2",
        "fig-neverbee-3",
        "fig-small",
    ]


@pytest.mark.parametrize("source", ["![](images/neverbee.jpg)", "![  ](images/neverbee.jpg)"])
def test_image_without_alt_text_is_an_error(site, source):
    site.convert(source)
    assert [(level, src) for level, _, src in site.reports] == [("error", "images/neverbee.jpg")]
    assert "no alt text" in site.reports[0][1]


def test_report_says_which_image_with_a_repeated_src_is_wrong(site):
    site.convert("![Fine](images/nope.jpg)\n\n![](images/neverbee.jpg)\n\n![](images/nope.jpg)")
    assert [(level, src) for level, _, src in site.reports] == [
        ("error", "images/nope.jpg"),
        ("error", "images/neverbee.jpg"),
        ("error", "images/nope.jpg"),
        ("error", "images/nope.jpg"),
    ]
    assert site.occurrences == [0, 0, 1, 1]


@pytest.mark.parametrize(
    "alt, caption",
    [
        ("Neverbee dancing", "*Neverbee dancing.*"),
        ("neverbee   Dancing!", "_Neverbee dancing_"),
    ],
)
def test_alt_text_repeating_caption_is_a_warning(site, alt, caption):
    site.convert(f"![{alt}](images/neverbee.jpg)\n{caption}")
    assert [(level, src) for level, _, src in site.reports] == [("warning", "images/neverbee.jpg")]
    assert "repeats the caption" in site.reports[0][1]


def test_missing_image_file_is_an_error(site):
    soup = site.convert("![A photo](images/nope.jpg)")
    assert site.reports == [
        (
            "error",
            "image not found: images/nope.jpg (is the file in content/images/?)",
            "images/nope.jpg",
        ),
    ]
    assert soup.select_one("figure#fig-nope img")["src"] == "images/nope.jpg"


@pytest.mark.parametrize("src", ["https://example.org/a/photo.jpg", "//cdn.example.org/photo.jpg"])
def test_remote_image_becomes_plain_figure(site, src):
    soup = site.convert(f"![A remote photo]({src})\n*From elsewhere.*")
    img = soup.select_one("figure#fig-photo > img")
    assert img["src"] == src
    assert not {"width", "height", "srcset", "loading"} & set(img.attrs)
    assert site.reports == []


def test_local_image_gets_its_file_size(site):
    soup = site.convert("![Small](images/small.png)")
    img = soup.select_one("img")
    assert (img["width"], img["height"]) == ("700", "350")


def test_only_images_after_the_first_load_lazily(site):
    soup = site.convert("![A](images/neverbee.jpg)\n\nText ![B](images/small.png) here.")
    first, second = soup.select("img")
    assert "loading" not in first.attrs and "decoding" not in first.attrs
    assert (second["loading"], second["decoding"]) == ("lazy", "async")


@pytest.mark.parametrize(
    "name, expected",
    [("neverbee.jpg", [480, 960, 1600, 2000]), ("small.png", [480, 700])],
)
def test_srcset_offers_each_width_up_to_the_original(site, name, expected):
    soup = site.convert(f"![Photo](images/{name})")
    assert widths(soup.select_one("picture > source[type='image/webp']")["srcset"]) == expected
    assert widths(soup.select_one("picture > img")["srcset"]) == expected


def test_img_shows_the_cleaned_full_width_copy_and_srcset_points_at_variants(site):
    soup = site.convert(CAPTION, site_url="https://example.org/sub")
    img = soup.select_one("figure > a.full-size > picture > img")
    assert soup.select_one("figure > a.full-size")["href"] == img["src"], "opens the cleaned copy"
    assert img["src"].startswith("https://example.org/sub/images/_v/neverbee-")
    assert img["src"].endswith("-2000.jpg")
    assert img["sizes"] == "(min-width: 48rem) 44rem, 100vw"
    first = img["srcset"].split(", ")[0]
    assert first.startswith("https://example.org/sub/images/_v/neverbee-")
    assert first.endswith("-480.jpg 480w")


def test_variants_are_written_to_the_cache_once(site):
    md = site.markdown()
    md.convert(CAPTION)
    stamps = {v.path: (site.cache / v.path).stat().st_mtime_ns for v in md.figure_variants}
    assert len(stamps) == 8
    md.reset()
    md.convert(CAPTION)
    assert {v.path: (site.cache / v.path).stat().st_mtime_ns for v in md.figure_variants} == stamps


def test_variants_are_recorded_for_publishing(site):
    md = site.markdown()
    md.convert("![Small](images/small.png)\n\n![Again](images/small.png)")
    source = str(site.root / "content" / "images" / "small.png")
    assert [(v.source, v.width, v.format) for v in md.figure_variants] == [
        (source, 480, "webp"),
        (source, 700, "webp"),
        (source, 480, "png"),
        (source, 700, "png"),
    ]
    assert all(isinstance(v, Variant) for v in md.figure_variants)


@pytest.mark.parametrize("name", ["logo.svg", "dance.gif"])
def test_svg_and_animated_gif_pass_through(site, name):
    soup = site.convert(f"![Moving picture](images/{name})\n\nText ![Again](images/{name}).")
    assert site.reports == []
    for img in soup.select("img"):
        assert set(img.attrs) == {"src", "alt"}
    assert not soup.select("picture")


def test_figures_are_listed_for_share_cards(site):
    md = site.markdown()
    md.convert(CAPTION + "*Neverbee, [best](x) dancer.*\n\n![Remote](https://e.org/r.png)")
    assert md.figures == [
        {
            "id": "fig-neverbee",
            "src": "{static}/images/neverbee.jpg",
            "alt": "Neverbee mid-spin",
            "caption_text": "Neverbee, best dancer.",
            "width": 2000,
            "height": 1000,
        },
        {
            "id": "fig-r",
            "src": "https://e.org/r.png",
            "alt": "Remote",
            "caption_text": "",
            "width": None,
            "height": None,
        },
    ]


@pytest.mark.parametrize(
    "make, limit, message, hint",
    [
        pytest.param(
            lambda p: Image.new("RGB", (2000, 1000)).save(p),
            1_000_000,
            "is 2,000 × 1,000 pixels, over the limit of 1,000,000 pixels",
            "resize it to at most 1,414 pixels wide",
            id="over-the-setting",
        ),
        pytest.param(
            lambda p: png_claiming(p, 10_000, 10_000),
            40_000_000,
            "is 10,000 × 10,000 pixels, over the limit of 40,000,000 pixels",
            "resize it to at most 6,324 pixels wide",
            id="ten-thousand-square-never-decoded",
        ),
        pytest.param(
            lambda p: png_claiming(p, 40_000, 40_000),
            40_000_000,
            "is larger than any photo needs, over the limit of 40,000,000 pixels",
            "resize it to at most 6,324 pixels wide",
            id="decompression-bomb",
        ),
        pytest.param(
            lambda p: png_claiming(p, 40_000, 40_000),
            None,
            "is larger than any photo needs",
            "resize it to at most",
            id="bomb-without-a-setting",
        ),
    ],
)
def test_image_over_the_pixel_limit_is_refused_from_its_header(site, make, limit, message, hint):
    make(site.root / "content" / "images" / "huge.png")
    md = site.markdown(max_pixels=limit)
    soup = BeautifulSoup(md.convert("![A huge photo](images/huge.png)"), "html.parser")
    [(level, text, src)] = site.reports
    assert (level, src) == ("error", "images/huge.png")
    assert message in text and hint in site.hints[0]
    assert md.figure_variants == [] and not soup.select("[srcset]")


def test_reset_forgets_the_previous_document(site):
    md = site.markdown()
    md.convert(CAPTION)
    md.reset()
    assert (md.figures, md.figure_variants) == ([], [])
