"""With a warm cache, a changed essay shows its change on every page that shows the essay.

Each change is checked twice: through `invoke build` (a fresh staged site from a
warm reader cache, linking the last build's pages whose inputs did not change) and
through the preview's in-place builds (which also keep those pages).
"""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from pelican.cache import FileStampDataCacher
from pelican.contents import Article
from pelican.readers import Readers
from PIL import Image

from essays.body import images
from tests.helpers import (
    ROOT,
    every_page,
    invoke,
    make_project,
    page,
    site_settings,
    snapshot,
    words,
)
from toolkit import build as site
from toolkit import fan_out, reader_cache
from toolkit import pelican_internals as internals
from toolkit.preview import kept_content
from toolkit.preview.build_process import PreviewBuilds
from toolkit.settings import DEV, PUBLISH, cache_key, load_settings

OLD_TITLE, NEW_TITLE = "Quartz Lantern Evening", "Copper Harbour Morning"
URL = "https://kept.example.org"
TARGET = f"""---
title: "{OLD_TITLE}"
date: 2024-01-15
summary: "The essay these tests change."
tags: [lantern, alpha]
---

A body about a lantern.
"""


class Builder:
    """Build one content folder again and again, the way `invoke build` or `invoke serve` does."""

    def __init__(self, kind: str, tmp: Path, content: Path, overrides: dict) -> None:
        self.kind, self.output = kind, tmp / "output"
        self.overrides = {
            **overrides,
            "PATH": str(content),
            "OUTPUT_PATH": str(self.output),
            "CACHE_PATH": str(tmp / "cache"),
        }
        self.preview = PreviewBuilds(self.overrides) if kind == "preview" else None

    def build(self) -> None:
        if self.preview:
            problems = self.preview.build()["problems"]
        else:
            settings = load_settings(self.overrides)
            problems = [str(p) for p in site.build(settings, keep_unchanged=True).problems]
        assert not problems, problems

    def close(self) -> None:
        if self.preview:
            self.preview.close()


@pytest.fixture(autouse=True)
def render_in_every_process(monkeypatch):
    """Render these small sites as a large one is: in one process per CPU (fan_out.py).

    The rest of the suite builds small sites, in one process.
    """
    monkeypatch.setattr(fan_out, "FAN_OUT_THRESHOLD", 0)


@pytest.fixture
def content(content_copy: Path) -> Path:
    """The fixture site plus twelve 2023 essays (two pages of essays) and the target."""
    essays = content_copy / "essays"
    for month in range(1, 13):
        tag = "alpha" if month % 2 else "beta"
        (essays / f"extra-{month:02d}.md").write_text(
            f"---\ntitle: Extra essay {month:02d}\ndate: 2023-{month:02d}-05\n"
            f"tags: [{tag}]\n---\n\nExtra text {month}.\n",
            encoding="utf-8",
        )
    (essays / "target.md").write_text(TARGET, encoding="utf-8")
    return content_copy


@pytest.fixture(params=["build", "preview"])
def builder(request, tmp_path, content):
    made = Builder(request.param, tmp_path, content, DEV)
    made.build()  # the warm cache, and for the preview its pages on disk
    yield made
    made.close()


def edit(content: Path, old: str, new: str) -> None:
    path = content / "essays" / "target.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def link_texts(output: Path, url_path: str, href_end: str) -> list[str]:
    links = page(output, url_path).select("a[href]")
    return [words(a.get_text(" ")) for a in links if a["href"].endswith(href_end)]


def strings(soup) -> str:
    """All text and attribute values of a page, where a stale title or link could hide."""
    values = [str(v) for tag in soup.find_all(True) for v in tag.attrs.values()]
    return words(soup.get_text(" ") + " " + " ".join(values))


def test_a_new_title_shows_on_every_page_that_shows_the_essay(builder, content):
    edit(content, OLD_TITLE, NEW_TITLE)
    builder.build()
    out = builder.output

    assert words(page(out, "essays/target/").h1.get_text()) == NEW_TITLE
    for listing in ("", "archives/", "tags/lantern/", "tags/alpha/"):
        assert link_texts(out, listing, "/essays/target/") == [NEW_TITLE], listing
    assert link_texts(out, "essays/extra-12/", "/essays/target/") == [NEW_TITLE]  # newer essay
    assert link_texts(out, "essays/first-light/", "/essays/target/") == [NEW_TITLE]  # older
    stale = [path for path, soup in every_page(out) if "Quartz Lantern" in strings(soup)]
    assert stale == []


def test_a_new_slug_moves_the_essay_and_every_link_to_it(builder, content):
    edit(content, "tags: [lantern", "slug: lantern-evening\ntags: [lantern")
    builder.build()
    out = builder.output

    assert not (out / "essays" / "target").exists()
    assert words(page(out, "essays/lantern-evening/").h1.get_text()) == OLD_TITLE
    for listing in ("", "archives/", "tags/lantern/", "essays/extra-12/", "essays/first-light/"):
        assert link_texts(out, listing, "/essays/lantern-evening/") == [OLD_TITLE], listing
    stale = [path for path, soup in every_page(out) if "essays/target" in strings(soup)]
    assert stale == []


def test_a_new_date_moves_the_essay_in_lists_and_between_neighbours(builder, content):
    edit(content, "date: 2024-01-15", "date: 2023-03-20")
    builder.build()
    out = builder.output

    essay = page(out, "essays/target/")
    assert essay.select_one(".byline time")["datetime"].startswith("2023-03-20")
    assert essay.select_one(".neighbour.older a")["href"].endswith("/essays/extra-03/")
    assert essay.select_one(".neighbour.newer a")["href"].endswith("/essays/extra-04/")
    first_light = page(out, "essays/first-light/").select_one(".neighbour.older a")
    assert first_light["href"].endswith("/essays/extra-12/")
    assert link_texts(out, "", "/essays/target/") == []  # now on the second page of essays
    assert link_texts(out, "page/2/", "/essays/target/") == [OLD_TITLE]
    years = {s.h2.get_text(strip=True): s for s in page(out, "archives/").select("section.year")}
    assert years["2023"].select_one("a[href$='/essays/target/']")
    assert not years["2024"].select_one("a[href$='/essays/target/']")


def test_new_tags_move_the_essay_between_tag_pages(builder, content):
    edit(content, "tags: [lantern, alpha]", "tags: [harbour]")
    builder.build()
    out = builder.output

    tags = [a.get_text(strip=True) for a in page(out, "essays/target/").select("ul.tags a")]
    assert tags == ["harbour"]
    assert link_texts(out, "tags/harbour/", "/essays/target/") == [OLD_TITLE]
    assert link_texts(out, "tags/alpha/", "/essays/target/") == []
    assert not (out / "tags" / "lantern").exists()
    topics = [a.get_text(strip=True) for a in page(out, "tags/").select("ul.tag-list a")]
    assert "harbour" in topics and "lantern" not in topics


def test_a_replaced_photo_gives_the_cached_essay_its_new_size(builder, content):
    Image.new("RGB", (300, 120), (10, 20, 30)).save(content / "images" / "small.png")
    builder.build()

    img = page(builder.output, "essays/second-step/").select_one("figure img")
    assert (img["width"], img["height"]) == ("300", "120")


def test_preview_keeps_pages_an_edited_body_does_not_change(tmp_path, content):
    preview = Builder("preview", tmp_path, content, DEV)
    try:
        preview.build()
        untouched = preview.output / "essays" / "extra-05" / "index.html"
        before = untouched.stat().st_mtime_ns
        edit(content, "A body about a lantern.", "A body about a harbour.")
        preview.build()
    finally:
        preview.close()

    body = page(preview.output, "essays/target/").select_one(".essay-body").get_text()
    assert "harbour" in body and "lantern" not in body
    assert untouched.stat().st_mtime_ns == before


def test_build_links_the_pages_an_edited_body_does_not_change(tmp_path, content):
    builder = Builder("build", tmp_path, content, DEV)
    builder.build()
    untouched = builder.output / "essays" / "extra-05" / "index.html"
    edited = builder.output / "essays" / "target" / "index.html"
    before = untouched.stat().st_ino, edited.stat().st_ino
    edit(content, "A body about a lantern.", "A body about a harbour.")
    builder.build()

    body = page(builder.output, "essays/target/").select_one(".essay-body").get_text()
    assert "harbour" in body and "lantern" not in body
    assert untouched.stat().st_ino == before[0]  # the same file, not rendered again
    assert edited.stat().st_ino != before[1]


def test_a_build_after_a_publish_renders_every_page(tmp_path, content):
    builder = Builder("build", tmp_path, content, DEV)
    builder.build()
    published = site.build(load_settings({**builder.overrides, **PUBLISH, "SITEURL": URL}))
    assert not published.problems, published.report()
    builder.build()

    for path, soup in every_page(builder.output):
        assert URL not in str(soup.select_one("head")), path


@pytest.mark.parametrize("kind", ["build", "preview"])
def test_every_page_is_rendered_again_after_a_template_change(tmp_path, content, kind):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    preview = Builder(kind, tmp_path, content, {**DEV, "THEME": str(theme)})
    try:
        preview.build()
        footer = theme / "templates" / "partials" / "footer.html"
        footer.write_text(footer.read_text().replace("tracks nobody", "tracks no one"))
        preview.build()
    finally:
        preview.close()

    for path, soup in every_page(preview.output):
        assert "tracks no one" in soup.select_one("footer.site-footer").get_text(), path


def test_turning_typogrify_off_reads_the_essays_again(tmp_path, content_copy):
    curly = Builder("build", tmp_path, content_copy, DEV)
    curly.build()
    straight = Builder("build", tmp_path, content_copy, {**DEV, "ESSAYS_TYPOGRIFY": False})
    straight.build()

    title = page(straight.output, "essays/first-light/").h1.get_text()
    assert '"quotes"' in title and "\u201c" not in title


def test_a_site_built_from_the_parallel_cache_equals_one_built_without_a_cache(tmp_path, content):
    cached = Builder("build", tmp_path / "cached", content, DEV)
    cached.build()
    plain = Builder("build", tmp_path / "plain", content, {**DEV, "CACHE_CONTENT": False})
    plain.build()

    def files(output: Path) -> dict[str, bytes]:
        return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*.html")}

    assert files(cached.output) == files(plain.output)


@pytest.mark.parametrize(
    "change, same",
    [
        ({"ESSAYS_TYPOGRIFY": False}, False),
        ({"MARKDOWN": {"extensions": []}}, False),
        ({"OUTPUT_PATH": "/elsewhere"}, True),
        ({"DELETE_OUTPUT_DIRECTORY": False}, True),
    ],
)
def test_cache_key_changes_with_what_readers_see_only(change, same):
    settings = load_settings(DEV)
    assert (cache_key({**settings, **change}) == cache_key(settings)) is same


def test_a_build_keeps_no_essay_alive_in_the_process_after_it(tmp_path, content_copy):
    from pelican.contents import Article

    Builder("build", tmp_path, content_copy, DEV).build()
    gc.collect()

    assert [o for o in gc.get_objects() if isinstance(o, Article)] == []


def test_editing_the_toolkit_keeps_the_reader_cache_and_editing_the_plugin_does_not(tmp_path):
    project = make_project(tmp_path)

    def build_and_list_caches() -> set[str]:
        result = invoke(project, "build")
        assert result.returncode == 0, result.stderr
        return {p.name for p in (project / "cache").iterdir() if p.is_dir()}  # one per key

    first = build_and_list_caches()
    with (project / "plugins" / "toolkit" / "publish" / "gate.py").open("a") as module:
        module.write("# a comment: the gate runs around Pelican, never in a reading\n")
    assert build_and_list_caches() == first  # same key: every essay read from the cache
    with (project / "plugins" / "essays" / "body" / "figures.py").open("a") as module:
        module.write("# a comment in the plugin: it may change what a reading returns\n")
    assert len(build_and_list_caches() - first) == 1


def test_the_pool_reads_what_changed_since_the_last_build_and_only_that(tmp_path, content):
    Builder("build", tmp_path, content, DEV).build()
    settings = load_settings(Builder("build", tmp_path, content, DEV).overrides)
    assert reader_cache.prefill(settings) == 0

    extras = sorted((content / "essays").glob("extra-*.md"))[:10]
    for essay in extras:
        essay.write_text(essay.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    assert reader_cache.prefill(settings) == len(extras)


def test_the_index_of_readings_is_not_trusted_once_the_cache_changed(tmp_path, content):
    Builder("build", tmp_path, content, DEV).build()
    settings = load_settings(Builder("build", tmp_path, content, DEV).overrides)

    (Path(settings["CACHE_PATH"]) / "ArticlesGenerator-Readers").unlink()

    assert reader_cache.prefill(settings) > reader_cache.POOL_THRESHOLD


@pytest.mark.parametrize("kind", ["build", "preview"])
def test_after_one_save_the_next_build_learns_it_without_unpickling_the_cache(
    tmp_path, content, monkeypatch, kind
):
    builder = Builder(kind, tmp_path, content, DEV)
    builder.build()
    if builder.preview:
        builder.preview.tidy()  # what the preview does once it has replied
    builder.close()
    edit(content, "A body about a lantern.", "A body about a harbour.")

    def unpickling(*args, **kwargs):
        raise AssertionError("the whole reader cache was loaded to find one changed essay")

    monkeypatch.setattr(reader_cache, "FileStampDataCacher", unpickling)
    assert reader_cache.prefill(load_settings(builder.overrides)) == 0


@pytest.mark.parametrize("kind", ["build", "preview"])
def test_a_page_printing_other_essays_bodies_shows_each_new_body(tmp_path, content, kind):
    """What a page printed of other essays' bodies is part of what it is kept by."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    neighbours = theme / "templates" / "partials" / "essay_neighbours.html"
    neighbours.write_text(
        neighbours.read_text(encoding="utf-8")
        + "{% if article.older_essay %}{{ article.older_essay.content|safe }}{% endif %}\n",
        encoding="utf-8",
    )
    tag = theme / "templates" / "tag.html"
    card = "{{ essay_card(article) }}"
    # Each essay's body in the list, and on each page the topic's newest (the target's).
    newest = "{{ pagination() }}{{ (articles|first).content|safe }}"
    text = tag.read_text(encoding="utf-8").replace(card, card + "{{ article.content|safe }}")
    tag.write_text(text.replace("{{ pagination() }}", newest), encoding="utf-8")
    for number in range(22):  # a topic of three pages: the third links the second only
        (content / "essays" / f"many-{number:02d}.md").write_text(
            f"---\ntitle: Many {number}\ndate: 2023-07-{number + 1:02d}\ntags: [many]\n---\n\n"
            f"Many text {number}.\n",
            encoding="utf-8",
        )
    edit(content, "tags: [lantern, alpha]", "tags: [lantern, alpha, many]")
    builder = Builder(kind, tmp_path, content, {**DEV, "THEME": str(theme)})

    def showing(text: str) -> list[str]:
        return sorted(p for p, soup in every_page(builder.output) if text in words(soup.get_text()))

    try:
        builder.build()
        pages = showing("A body about a lantern.")
        old = "lantern"
        for new in ("harbour", "meadow", "lantern"):  # each change judged by the last build's
            edit(content, f"A body about a {old}.", f"A body about a {new}.")
            builder.build()
            assert showing(f"A body about a {old}.") == [], (old, new)
            assert showing(f"A body about a {new}.") == pages, (old, new)
            old = new
    finally:
        builder.close()

    assert {
        "essays/target/index.html",
        "tags/many/index.html",
        "tags/many/page/3/index.html",  # through the topic's whole list alone
    } <= set(pages), pages


def test_a_replaced_photos_new_stamp_is_kept_only_with_the_readings_made_from_it(tmp_path, content):
    """Read ahead, then stopped before Pelican saves its cache: never an old reading trusted."""
    Builder("build", tmp_path, content, DEV).build()
    settings = load_settings(Builder("build", tmp_path, content, DEV).overrides)
    Image.new("RGB", (300, 120), (10, 20, 30)).save(content / "images" / "small.png")

    reader_cache.read_ahead(settings)  # and the build dies here

    stamps = reader_cache.PhotoStamps(Path(settings["CACHE_PATH"]) / reader_cache.PHOTO_STAMPS)
    photo = str(content / "images" / "small.png")
    cache = FileStampDataCacher(settings, "ArticlesGenerator-Readers", True, True)
    readings = [cache.get_cached_data(str(p), None) for p in (content / "essays").glob("*.md")]
    sizes = {
        (v.width, v.format)
        for reading in readings
        if reading is not None
        for v in reading[1].get("figure_variants", [])
        if v.source == photo
    }
    assert stamps.unchanged(photo) and sizes == {(300, "webp"), (300, "png")}


# Each edit, in turn, to the preview that keeps the content objects of unchanged files.
KEPT_EDITS = [
    ("essays/target.md", "lantern.", "lantern, and [an older one]({filename}first-light.md)."),
    ("essays/target.md", 'change."', 'change, after [the first]({filename}first-light.md)."'),
    ("essays/target.md", OLD_TITLE, NEW_TITLE),
    ("essays/first-light.md", "date: 2024-03-05", "date: 2024-03-05\nslug: first-light-moved"),
    ("essays/target.md", "tags: [lantern, alpha]", "tags: [harbour, beta]"),
    ("essays/following-the-water.md", "series_part: 2", "series_part: 5"),
    ("essays/a-knot-in-the-trunk.md", "status: draft\n", ""),
    ("essays/extra-03.md", "Extra text 3.", "Extra text 3, with a [link]({filename}target.md)."),
    ("essays/target.md", "", ""),  # saved again unchanged
    ("pages/about.md", "", ""),
]


def fresh_preview(content: Path, into: Path) -> dict[str, bytes]:
    """What a new preview, in a process of its own, builds from content: each page as it must be."""
    output, cache = str(into / "output"), str(into / "cache")
    overrides = {**DEV, "PATH": str(content), "OUTPUT_PATH": output, "CACHE_PATH": cache}
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1])\n"
        "from toolkit.preview.build_process import PreviewBuilds\n"
        "reply = PreviewBuilds(json.loads(sys.argv[2])).build()\n"
        "assert not reply['problems'], reply['problems']\n"
    )
    command = [sys.executable, "-c", script, str(ROOT / "plugins"), json.dumps(overrides)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return snapshot(into / "output")


def test_a_preview_that_keeps_unchanged_essays_builds_what_a_new_one_builds(
    tmp_path, content, monkeypatch
):
    """Edit after edit, every file the preview has is the one a new preview would make."""
    made: list[str] = []
    read_file = Readers.read_file

    def counted(self, base_path, path, *args, **kwargs):
        made.append(path)
        return read_file(self, base_path, path, *args, **kwargs)

    monkeypatch.setattr(Readers, "read_file", counted)
    session = Builder("preview", tmp_path / "session", content, DEV)
    try:
        session.build()
        for step, (name, old, new) in enumerate(KEPT_EDITS):
            source = content / name
            text = source.read_text(encoding="utf-8")
            assert old in text, name
            source.write_text(text.replace(old, new, 1), encoding="utf-8")
            made.clear()
            session.build()
            session.preview.tidy()
            essays_made = [p for p in made if p.endswith(".md") and "pages" not in p]
            assert len(essays_made) <= 1, f"{name}: unchanged essays made again: {essays_made}"
            expected = fresh_preview(content, tmp_path / f"fresh-{step}")
            assert snapshot(session.output) == expected, f"after editing {name}"
        Image.new("RGB", (300, 120), (10, 20, 30)).save(content / "images" / "small.png")
        session.build()
        assert snapshot(session.output) == fresh_preview(content, tmp_path / "fresh-photo")
    finally:
        session.close()


def test_the_preview_deletes_only_the_photo_copies_it_made_and_no_longer_uses(tmp_path):
    folder = tmp_path / images.VARIANT_DIR
    folder.mkdir(parents=True)
    names = ["river-0123abcd-480.webp", "river-0123abcd-800.jpg", "share-my-essay-0123456789ab.png"]
    names += ["map.png", "notes-0123abcd.txt"]  # a writer's own files
    for name in names:
        (folder / name).write_bytes(b"x")
    images.PUBLISHED.clear()
    images.note_published(folder / "river-0123abcd-800.jpg")

    unused = [path.name for path in images.unpublished_copies(tmp_path)]
    assert unused == ["river-0123abcd-480.webp", "share-my-essay-0123456789ab.png"]


def test_a_kept_essays_copy_is_the_essay_and_changing_it_changes_nothing_kept(tmp_path):
    settings = {**site_settings(), "PATH": str(tmp_path)}
    kept = Article(
        "<p>Body</p>",
        {"title": "T", "date": datetime(2024, 1, 1), "tags": ["a"]},
        settings,
        str(tmp_path / "t.md"),
        context={"old": "site"},
    )
    site = {"this": "build"}

    copy = kept_content.fresh(kept, site, settings)
    assert copy.title == "T" and copy.tags == ["a"] and copy.metadata == kept.metadata
    assert copy.tags is copy.metadata["tags"], "a field and its metadata entry stay one list"
    copy.tags.append("b")
    copy.metadata["title"] = "Changed"
    copy.translations.append(copy)
    assert kept.tags == ["a"] and kept.metadata["title"] == "T" and kept.translations == []
    assert internals.body_source(copy) == "<p>Body</p>" and copy._context is site


def test_the_preview_keeps_one_object_per_essay_and_no_earlier_site(tmp_path, content):
    """Save after save, its memory stays that of one build: kept essays hold no build's site."""
    session = Builder("preview", tmp_path, content, DEV)
    essays = sorted((content / "essays").glob("*.md"))
    try:
        session.build()
        for number, essay in enumerate(essays[:4]):
            essay.write_text(essay.read_text(encoding="utf-8") + f"\nSaved {number}.\n", "utf-8")
            session.build()
            session.preview.tidy()
        gc.collect()
        alive = gc.get_objects()
        sites = [o for o in alive if isinstance(o, dict) and "generated_content" in o]
        assert sites == []
        assert sum(isinstance(o, Article) for o in alive) <= len(essays)
    finally:
        session.close()
