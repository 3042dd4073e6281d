"""Each Pelican private name the toolkit uses is still where toolkit/pelican_internals.py says.

A failure here after a Pelican upgrade names the internal that moved: fix its one use
in plugins/toolkit/pelican_internals.py before anything else.
"""

from __future__ import annotations

import inspect
import itertools
import logging
from datetime import datetime
from pathlib import Path

from pelican import readers
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.utils import memoized
from pelican.writers import FileOverwriteFailedError, Writer

from tests.helpers import site_settings
from toolkit import pelican_internals as internals


def test_limit_filter_keeps_its_memory_in_two_class_attributes():
    """LimitFilter._raised_messages and ._group_count, emptied by reset_log_filter."""
    record = logging.LogRecord("pelican", logging.WARNING, "x.py", 1, "seen %s", ("once",), None)
    record.limit_msg = "a group"
    LimitFilter().filter(record)
    assert not LimitFilter().filter(record), "Pelican shows a warning once per process"
    assert (logging.WARNING, "seen once") in LimitFilter._raised_messages
    assert LimitFilter._group_count[(logging.WARNING, "a group")] == 1
    internals.reset_log_filter()
    assert not LimitFilter._raised_messages and not LimitFilter._group_count
    assert LimitFilter().filter(record), "a warning must show again after the reset"


def test_content_memoizes_rendered_bodies_in_memoized_caches():
    """memoized.cache on Content's methods, emptied by forget_rendered_content."""
    memos = [value for value in vars(Content).values() if isinstance(value, memoized)]
    assert memos, "Content no longer memoizes anything: forget_rendered_content can go"
    for memo in memos:
        memo.cache[("key",)] = "value"
    internals.forget_rendered_content()
    assert all(memo.cache == {} for memo in memos)


def test_readers_filter_discardable_metadata():
    """pelican.readers._filter_discardable_metadata and its _DISCARD marker."""
    metadata = {"title": "Kept", "empty": readers._DISCARD}
    assert internals.discard_unsaved_metadata(metadata) == {"title": "Kept"}


def test_reader_cache_files_are_named_after_their_generator(tmp_path):
    """`<generator class>-Readers`: the file each generator's reader cache loads."""
    settings = {**site_settings(), "PATH": str(tmp_path), "CACHE_PATH": str(tmp_path)}
    for generator, name in (
        (ArticlesGenerator, internals.READER_CACHE_NAMES["essay"]),
        (PagesGenerator, internals.READER_CACHE_NAMES["page"]),
    ):
        made = generator(
            context={},
            settings=settings,
            path=str(tmp_path),
            theme=settings["THEME"],
            output_path=str(tmp_path / "output"),
        )
        assert Path(made.readers._cache_path) == tmp_path / name
        assert internals.reader_cache_name(made) == name


def test_readers_look_their_readings_up_in_the_entries_they_loaded(tmp_path):
    """FileDataCacher._cache: the loaded entries, read and replaced by the preview."""
    settings = {**site_settings(), "PATH": str(tmp_path), "CACHE_PATH": str(tmp_path)}
    settings.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CHECK_MODIFIED_METHOD="mtime")
    essay = tmp_path / "essay.md"
    essay.write_text("Title: T\nDate: 2024-01-01\n\nBody.\n", encoding="utf-8")
    saving = readers.Readers(settings, "Essays-Readers")
    saving.cache_data(str(essay), ("<p>Body.</p>", {"title": "T"}))
    saving.save_cache()

    loaded = readers.Readers(settings, "Essays-Readers")
    entries = internals.reader_cache_entries(loaded)
    assert set(entries) == {str(essay)}
    kept = {str(essay): entries[str(essay)]}
    internals.set_reader_cache_entries(loaded, kept)
    reading = loaded.get_cached_data(str(essay), None)
    assert reading == ("<p>Body.</p>", {"title": "T"}) and reading is kept[str(essay)][1]


def test_content_links_into_the_site_it_was_given(tmp_path):
    """Content._context: the site a content object resolves {filename} links against."""
    settings = {**site_settings(), "PATH": str(tmp_path)}
    other = Article("x", {"title": "O", "date": datetime(2024, 1, 1)}, settings,
                    str(tmp_path / "other.md"))  # fmt: skip
    article = Article('<a href="{filename}other.md">o</a>',
                      {"title": "T", "date": datetime(2024, 1, 1)}, settings,
                      str(tmp_path / "t.md"), context={})  # fmt: skip
    internals.set_site(article, {"generated_content": {"other.md": other}, "static_content": {}})
    assert f'href="/{other.url}"' in article.get_content("")


def test_writer_opens_files_in_open_w_and_remembers_them(tmp_path):
    """Writer._open_w(filename, encoding, override) with _written_files, _overridden_files."""
    assert list(inspect.signature(Writer._open_w).parameters) == [
        "self",
        "filename",
        "encoding",
        "override",
    ]
    writer = Writer(str(tmp_path), site_settings())
    assert writer._written_files == set() and writer._overridden_files == set()


def test_checked_writer_claims_files_as_pelicans_writer_opens_them(tmp_path):
    """CheckedWriter.claim: Pelican 4.12's _open_w checks, also for the pages the preview keeps."""

    def opens(writer, name, override=False):
        text = f"write {next(count)}"
        try:
            with writer._open_w(str(tmp_path / name), "utf-8", override) as file:
                file.write(text)
        except FileOverwriteFailedError:
            return "refused"
        written = (tmp_path / name).is_file() and (tmp_path / name).read_text() == text
        return "written" if written else "skipped"

    count = itertools.count()

    class Plain(internals.CheckedWriter):
        def open_file(self, filename, encoding):
            return open(filename, "w", encoding=encoding)

    for writer_class in (Writer, Plain):
        writer = writer_class(str(tmp_path), site_settings())
        seen = [opens(writer, "a.html"), opens(writer, "a.html")]
        seen += [opens(writer, "b.html", override=True), opens(writer, "c.html")]
        seen += [opens(writer, "c.html", override=True), opens(writer, "c.html")]
        assert seen == ["written", "refused", "written", "written", "written", "skipped"]
        assert opens(writer, "b.html", override=True) == "refused"
        for name in ("a.html", "b.html", "c.html"):
            (tmp_path / name).unlink()
    claims = Plain(str(tmp_path), site_settings())
    assert claims.claim(str(tmp_path / "d.html")) and not (tmp_path / "d.html").exists()
    assert opens(claims, "d.html") == "refused", "a kept page counts as written"


def test_content_keeps_its_source_body_and_the_site_in_private_fields():
    """Content._content (body before links are resolved) and Content._context."""
    settings = dict(site_settings())
    article = Article(
        "<p>Body</p>",
        metadata={"title": "T", "date": datetime(2024, 1, 1)},
        settings=settings,
        context={"x": 1},
    )
    assert internals.body_source(article) == "<p>Body</p>"
    assert set(vars(article)) >= internals.SITE_FIELDS


def test_relative_source_paths_are_what_pelican_computes(tmp_path, monkeypatch):
    """Content.get_relative_source_path: replaced by memoize_relative_source_paths."""
    original = internals.PELICAN_RELATIVE_SOURCE_PATH
    monkeypatch.setattr(Content, "get_relative_source_path", original)
    monkeypatch.chdir(tmp_path)
    cases = []
    for root in (str(tmp_path / "content"), "content", "./content/../content"):
        settings = {**site_settings(), "PATH": root}
        item = Article("body", {"title": "T"}, settings=settings, source_path="essays/a.md")
        for path in (None, "essays/a.md", str(tmp_path / "content" / "b" / "c.md"), "../x.md"):
            cases.append((item, path, original(item, path)))
    # The computation mirrored: a Pelican that changes it must be mirrored again.
    source = " ".join(inspect.getsource(original).split())
    assert 'os.path.abspath(os.path.join(self.settings["PATH"], source_path))' in source
    assert 'os.path.abspath(self.settings["PATH"])' in source
    assert list(inspect.signature(original).parameters) == ["self", "source_path"]

    internals.memoize_relative_source_paths()

    assert Content.get_relative_source_path is internals._memoized_relative_source_path
    assert [item.get_relative_source_path(path) for item, path, _ in cases] == [
        expected for _, _, expected in cases
    ]
    assert cases[0][2] == "essays/a.md" and cases[2][2] == "b/c.md"
