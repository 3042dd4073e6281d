"""`invoke build` with nothing changed keeps preview/ and says so; any change builds again."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers import invoke, make_project, page, words
from toolkit.up_to_date import Record, next_change

UP_TO_DATE = "preview/ is up to date"
ESSAY = "content/essays/where-values-meet-reality.md"
AN_HOUR_AGO = time.time() - 3600


def saved_earlier(path: Path, text: str) -> None:
    """Save a file as a writer did a while before building (not within the racy moment)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def built(project: Path) -> str:
    result = invoke(project, "build")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_nothing_changed_keeps_preview_and_any_change_builds_again(tmp_path):
    project = make_project(tmp_path)
    cloned = AN_HOUR_AGO - 3600  # a clone made before the saves below, not a second ago
    for path in project.rglob("*"):
        os.utime(path, (cloned, cloned))
    preview = project / "preview"
    assert UP_TO_DATE not in built(project)
    inode = preview.stat().st_ino

    assert UP_TO_DATE in built(project)
    assert preview.stat().st_ino == inode  # not even swapped

    essay = project / ESSAY
    saved_earlier(essay, essay.read_text(encoding="utf-8").replace("Reality", "Reality Now", 1))
    assert UP_TO_DATE not in built(project)
    assert "Reality Now" in words(page(preview, "essays/where-values-meet-reality/").h1.text)

    (preview / "about" / "index.html").unlink()  # preview/ changed by hand
    assert UP_TO_DATE not in built(project)
    assert (preview / "about" / "index.html").is_file()

    footer = project / "theme" / "templates" / "partials" / "footer.html"
    saved_earlier(
        footer, footer.read_text(encoding="utf-8").replace("tracks nobody", "tracks no one")
    )
    assert UP_TO_DATE not in built(project)
    assert "tracks no one" in page(preview, "about/").select_one("footer").get_text()
    assert UP_TO_DATE in built(project)


@pytest.fixture
def site(tmp_path) -> tuple[Record, list[str], Path]:
    """A record of one folder of inputs and one built folder, both saved an hour ago."""
    inputs, output = tmp_path / "content", tmp_path / "preview"
    inputs.mkdir()
    output.mkdir()
    saved_earlier(inputs / "essay.md", "text")
    (output / "index.html").write_text("page", encoding="utf-8")
    return Record(tmp_path / "cache" / "built-from.json", output), [str(inputs)], inputs


def test_a_record_holds_until_a_scheduled_essay_becomes_due(site):
    record, paths, _ = site
    due = datetime.now(UTC) + timedelta(days=2)
    record.remember(paths, record.inputs_key(paths), time.time(), due)

    assert record.fresh(now=due - timedelta(seconds=1))
    assert not record.fresh(now=due)


@pytest.mark.parametrize(
    "change",
    [
        lambda inputs: saved_earlier(inputs / "essay.md", "new text"),
        lambda inputs: saved_earlier(inputs / "photo.jpg", "a new file"),
        lambda inputs: (inputs / "essay.md").unlink(),
        lambda inputs: os.utime(inputs / "essay.md", (AN_HOUR_AGO + 5, AN_HOUR_AGO + 5)),
    ],
    ids=["edited", "added", "removed", "re-saved"],
)
def test_a_changed_input_makes_the_record_stale(site, change):
    record, paths, inputs = site
    record.remember(paths, record.inputs_key(paths), time.time(), None)
    assert record.fresh()

    change(inputs)

    assert not record.fresh()


def test_a_file_saved_just_before_the_build_is_not_trusted(site):
    record, paths, inputs = site
    (inputs / "essay.md").write_text("saved a moment ago", encoding="utf-8")
    record.remember(paths, record.inputs_key(paths), time.time(), None)

    assert not record.fresh()


def test_installing_another_package_version_makes_the_record_stale(site, tmp_path, monkeypatch):
    packages = tmp_path / "venv" / "site-packages"
    (packages / "markdown-3.9.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(packages)])
    record, paths, _ = site
    record.remember(paths, record.inputs_key(paths), time.time(), None)
    assert record.fresh()

    (packages / "markdown-3.9.dist-info").rename(packages / "markdown-3.10.dist-info")

    assert not record.fresh()


def test_the_next_change_is_the_earliest_date_to_come():
    now = datetime(2026, 12, 2, tzinfo=UTC)
    dates = [now - timedelta(days=1), now + timedelta(days=9), None, now + timedelta(days=3)]

    assert next_change(dates, now) == now + timedelta(days=3)
    assert next_change([None, now], now) is None
