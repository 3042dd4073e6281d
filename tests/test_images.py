"""Image measurement and responsive variants, on small images made with Pillow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from essays.body.images import (
    Raster,
    Variant,
    digest,
    ensure_variant,
    measure,
    plan_variants,
    publish_variants,
    srcset,
)
from tests.helpers import CAMERA_MAKE, CAMERA_MODEL, geotagged_photo
from toolkit.publish.image_privacy import private_metadata

ORIENTATION = 0x0112


def photo(path: Path, size: tuple[int, int], mode: str = "RGB", **save: object) -> Path:
    """Write a one-colour image of the given size and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = (200, 40, 40, 128) if mode == "RGBA" else "red"
    Image.new(mode, size, colour).save(path, **save)
    return path


def animated_gif(path: Path) -> Path:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def variant_for(source: Path, width: int, fmt: str) -> Variant:
    raster = measure(source)
    assert raster is not None
    sets = plan_variants(source, source.stem, raster, (480, 960, 1600), digest(source))
    return next(v for v in sets[fmt] if v.width == width)


@pytest.mark.parametrize(
    "name, size, save, expected",
    [
        ("wide.jpg", (2000, 1000), {}, Raster(2000, 1000, "jpeg")),
        ("wide.jpeg", (640, 480), {}, Raster(640, 480, "jpeg")),
        ("clear.png", (300, 200), {}, Raster(300, 200, "png")),
        ("still.webp", (120, 90), {}, Raster(120, 90, "webp")),
        ("still.gif", (50, 40), {}, Raster(50, 40, "gif")),
    ],
)
def test_measure_reads_size_and_format(tmp_path, name, size, save, expected):
    assert measure(photo(tmp_path / name, size, **save)) == expected


def test_measure_swaps_size_of_photo_taken_sideways(tmp_path):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # camera held upright: stored landscape, shown portrait
    source = photo(tmp_path / "phone.jpg", (800, 600), exif=exif.tobytes())
    assert measure(source) == Raster(600, 800, "jpeg")


def test_measure_skips_svg_and_animated_gif(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    assert measure(svg) is None
    assert measure(animated_gif(tmp_path / "dance.gif")) is None


def test_measure_raises_on_a_file_that_is_not_an_image(tmp_path):
    fake = tmp_path / "fake.jpg"
    fake.write_text("not a photo")
    with pytest.raises(OSError):
        measure(fake)


@pytest.mark.parametrize(
    "width, fmt, expected",
    [
        (2000, "jpeg", {"webp": [480, 960, 1600, 2000], "jpeg": [480, 960, 1600, 2000]}),
        (700, "jpeg", {"webp": [480, 700], "jpeg": [480, 700]}),
        (480, "png", {"webp": [480], "png": [480]}),
        (300, "webp", {"webp": [300]}),
    ],
)
def test_variants_are_never_wider_than_the_original(width, fmt, expected):
    sets = plan_variants(Path("/x/a.jpg"), "a", Raster(width, 10, fmt), (480, 960, 1600), "abcd")
    assert {f: [v.width for v in vs] for f, vs in sets.items()} == expected


def test_variant_path_carries_slug_hash_and_width():
    sets = plan_variants(Path("/x/n.jpg"), "neverbee", Raster(700, 10, "jpeg"), (480,), "1a2b3c4d")
    assert [v.path for v in sets["webp"]] == [
        "images/_v/neverbee-1a2b3c4d-480.webp",
        "images/_v/neverbee-1a2b3c4d-700.webp",
    ]
    assert sets["jpeg"][0].path == "images/_v/neverbee-1a2b3c4d-480.jpg"


@pytest.mark.parametrize(
    "site_url, expected",
    [
        ("", "/images/_v/a-1-480.jpg 480w, /images/_v/a-1-700.jpg 700w"),
        (
            "https://example.org/sub",
            "https://example.org/sub/images/_v/a-1-480.jpg 480w, "
            "https://example.org/sub/images/_v/a-1-700.jpg 700w",
        ),
    ],
)
def test_srcset_uses_site_url(site_url, expected):
    variants = [Variant("/a.jpg", f"images/_v/a-1-{w}.jpg", w, "jpeg") for w in (480, 700)]
    assert srcset(variants, site_url) == expected


def test_digest_changes_when_the_photo_changes(tmp_path):
    source = photo(tmp_path / "a.png", (10, 10))
    before = digest(source)
    photo(source, (11, 10))
    assert len(before) == 8 and digest(source) != before


@pytest.mark.parametrize(
    "width, fmt, expected_size",
    [(480, "webp", (480, 240)), (960, "jpeg", (960, 480)), (2000, "webp", (2000, 1000))],
)
def test_variant_files_have_the_planned_width(tmp_path, width, fmt, expected_size):
    source = photo(tmp_path / "src" / "wide.jpg", (2000, 1000))
    written = ensure_variant(variant_for(source, width, fmt), tmp_path / "cache")
    with Image.open(written) as img:
        assert (img.size, img.format) == (expected_size, fmt.upper())


@pytest.mark.parametrize(
    "name, width, fmt",
    [
        pytest.param("phone.jpg", 1200, "jpeg", id="jpeg-full-width-the-page-shows"),
        pytest.param("phone.jpg", 480, "jpeg", id="jpeg-phone-width"),
        pytest.param("phone.jpg", 1200, "webp", id="jpeg-as-webp"),
        pytest.param("phone.webp", 1200, "webp", id="webp-full-width"),
        pytest.param("phone.png", 1200, "png", id="png-full-width-with-text-chunks"),
        pytest.param("phone.png", 960, "webp", id="png-as-webp"),
    ],
)
def test_every_copy_of_a_geotagged_photo_is_clean(tmp_path, name, width, fmt):
    source = geotagged_photo(tmp_path / "src" / name, (1200, 900))
    written = ensure_variant(variant_for(source, width, fmt), tmp_path / "cache")
    data = written.read_bytes()
    assert CAMERA_MAKE.encode() not in data and CAMERA_MODEL.encode() not in data
    assert private_metadata(written) == []
    with Image.open(written) as img:
        assert img.info.get("icc_profile"), "the colour profile is kept"
        assert img.width == width


def test_sideways_photo_is_turned_upright_in_its_pixels(tmp_path):
    source = geotagged_photo(tmp_path / "src" / "phone.jpg", (800, 600), orientation=6)
    written = ensure_variant(variant_for(source, 600, "jpeg"), tmp_path / "cache")
    with Image.open(written) as img:
        assert img.size == (600, 800) and not img.getexif()
        # The yellow corner was top-left as stored; turned 90° clockwise it is top-right.
        assert img.getpixel((590, 10))[2] < 100 and img.getpixel((10, 10))[2] > 100


def test_webp_variant_of_transparent_png_keeps_transparency(tmp_path):
    source = photo(tmp_path / "src" / "logo.png", (1000, 500), mode="RGBA")
    written = ensure_variant(variant_for(source, 480, "webp"), tmp_path / "cache")
    with Image.open(written) as img:
        assert img.mode == "RGBA" and img.getpixel((10, 10))[3] < 255


def test_variants_are_upright_and_carry_no_camera_data(tmp_path):
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    source = photo(tmp_path / "src" / "phone.jpg", (800, 600), exif=exif.tobytes())
    written = ensure_variant(variant_for(source, 480, "jpeg"), tmp_path / "cache")
    with Image.open(written) as img:
        assert img.size == (480, 640)
        assert not img.getexif()


def test_existing_variant_is_not_rewritten(tmp_path):
    source = photo(tmp_path / "src" / "wide.jpg", (2000, 1000))
    variant = variant_for(source, 480, "webp")
    written = ensure_variant(variant, tmp_path / "cache")
    stamp = written.stat().st_mtime_ns
    assert ensure_variant(variant, tmp_path / "cache") == written
    assert written.stat().st_mtime_ns == stamp


def test_publish_copies_variants_into_output(tmp_path):
    source = photo(tmp_path / "src" / "wide.jpg", (2000, 1000))
    variants = [variant_for(source, 480, "webp"), variant_for(source, 960, "jpeg")]
    for variant in variants:
        ensure_variant(variant, tmp_path / "cache")
    publish_variants(variants, tmp_path / "cache", tmp_path / "output")
    for variant in variants:
        published = tmp_path / "output" / variant.path
        assert published.read_bytes() == (tmp_path / "cache" / variant.path).read_bytes()


def test_publish_keeps_a_whole_copy_and_replaces_a_cut_short_one(tmp_path):
    """The preview builds in place: a build killed mid-copy leaves a shorter file."""
    source = photo(tmp_path / "src" / "wide.jpg", (2000, 1000))
    whole, cut = variant_for(source, 480, "webp"), variant_for(source, 960, "jpeg")
    publish_variants([whole, cut], tmp_path / "cache", tmp_path / "output")
    kept = (tmp_path / "output" / whole.path).stat().st_mtime_ns
    expected = (tmp_path / "cache" / cut.path).read_bytes()
    (tmp_path / "output" / cut.path).write_bytes(expected[:100])

    publish_variants([whole, cut], tmp_path / "cache", tmp_path / "output")

    assert (tmp_path / "output" / whole.path).stat().st_mtime_ns == kept
    assert (tmp_path / "output" / cut.path).read_bytes() == expected


def test_publish_regenerates_a_variant_missing_from_the_cache(tmp_path):
    source = photo(tmp_path / "src" / "wide.jpg", (2000, 1000))
    variant = variant_for(source, 480, "webp")
    ensure_variant(variant, tmp_path / "cache").unlink()
    publish_variants([variant], tmp_path / "cache", tmp_path / "output")
    with Image.open(tmp_path / "output" / variant.path) as img:
        assert img.width == 480
    assert (tmp_path / "cache" / variant.path).is_file()
