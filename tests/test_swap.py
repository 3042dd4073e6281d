"""Putting a new site in place of output/: never a moment without one, every message true."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import slug
from toolkit import build as site
from toolkit.settings import DEV, load_settings


def folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(text)
    return path


def sites(tmp: Path) -> tuple[Path, Path]:
    """A finished new site in staging, and the old one in output/."""
    return folder(tmp / ".output.staging", "new"), folder(tmp / "output", "old")


def shown(path: Path) -> str:
    return (path / "index.html").read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_on_linux_the_two_folders_trade_places_in_one_call(tmp_path, monkeypatch):
    staging, target = (
        folder(tmp_path / ".output.staging", "new"),
        folder(tmp_path / "output", "old"),
    )
    moves = []
    monkeypatch.setattr(site, "_move", lambda a, b: moves.append((a, b)))

    site.swap(staging, target)

    assert shown(target) == "new" and moves == []  # no rename step, so no window
    assert not staging.exists() and not (tmp_path / ".output.old").exists()


@pytest.mark.parametrize("has_exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_swap_replaces_the_site_and_leaves_no_other_folder(tmp_path, monkeypatch, has_exchange):
    if not has_exchange:
        monkeypatch.setattr(site, "exchange", lambda a, b: False)
    staging, target = (
        folder(tmp_path / ".output.staging", "new"),
        folder(tmp_path / "output", "old"),
    )

    site.swap(staging, target)

    assert shown(target) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_first_swap_without_an_output_yet(tmp_path):
    staging = folder(tmp_path / ".output.staging", "new")
    site.swap(staging, tmp_path / "output")
    assert shown(tmp_path / "output") == "new" and not staging.exists()


def test_a_crash_between_the_two_renames_is_undone_by_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(site, "exchange", lambda a, b: False)  # a system without renameat2
    staging, target = (
        folder(tmp_path / ".output.staging", "new"),
        folder(tmp_path / "output", "old"),
    )
    real_move, calls = site._move, []

    def crash_on_second(a: Path, b: Path) -> None:
        calls.append(a)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies here
        real_move(a, b)

    monkeypatch.setattr(site, "_move", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        site.swap(staging, target)
    assert not target.exists()  # the window a crash leaves open
    monkeypatch.setattr(site, "_move", real_move)

    assert site.recover(target) is True
    assert shown(target) == "old" and not (tmp_path / ".output.old").exists()
    assert site.recover(target) is False  # nothing left to do


def test_a_failed_build_after_a_crash_puts_the_old_site_back_and_says_so(tmp_path, monkeypatch):
    folder(tmp_path / ".output.old", "old")  # what a crash mid-swap left
    monkeypatch.setattr(
        site, "run_pelican", lambda settings, essays, store: [site.Problem("x.md", 1, "bad")]
    )

    result = site.build({"OUTPUT_PATH": str(tmp_path / "output")})

    assert result.failed(strict=True) and result.recovered
    assert shown(tmp_path / "output") == "old"  # "output/ was left as it was" is true


# A development build (`invoke build`) builds in the folders of the site before last:
# what a writer sees in preview/ must be what a build into a new folder makes.


def dev_build(tmp: Path, content: Path, name: str = "preview") -> site.BuildResult:
    settings = {
        **DEV,
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp / name),
        "CACHE_PATH": str(tmp / "cache"),
    }
    return site.build(load_settings(settings), keep_unchanged=True)


def tree(path: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under path."""
    return {
        str(p.relative_to(path)): p.read_bytes() if p.is_file() else None
        for p in sorted(path.rglob("*"))
    }


def test_after_an_essay_goes_and_comes_back_the_preview_is_what_a_new_folder_gets(
    tmp_path, content_copy
):
    essay = content_copy / "essays" / "second-step.md"
    text = essay.read_text(encoding="utf-8")
    for _ in range(2):  # the second build leaves the first site in the staging folder
        assert not dev_build(tmp_path, content_copy).problems
    first = tree(tmp_path / "preview")
    essay.unlink()
    assert not dev_build(tmp_path, content_copy).problems  # in the first site's folders
    without = tree(tmp_path / "preview")
    fresh = tmp_path / "fresh"
    assert not dev_build(fresh, content_copy).problems
    essay.write_text(text, encoding="utf-8")
    assert not dev_build(tmp_path, content_copy).problems  # in the folders of the second

    assert without == tree(fresh / "preview")  # not even an empty folder of the essay left
    assert any(slug("Second step") in name for name in first)
    assert not any(slug("Second step") in name for name in without)
    assert tree(tmp_path / "preview") == first


def test_a_file_where_the_site_before_last_had_a_folder_still_builds(tmp_path, content_copy):
    for _ in range(2):  # the second build leaves the first site in the staging folder
        assert not dev_build(tmp_path, content_copy).problems
    staging = tmp_path / ".preview.staging"
    (staging / "index.html").unlink()
    (staging / "index.html" / "old").mkdir(parents=True)  # the front page's name, as a folder

    result = dev_build(tmp_path, content_copy)

    assert not result.problems, result.report()
    assert (tmp_path / "preview" / "index.html").is_file()


def test_a_link_in_place_of_the_staging_folder_is_never_followed(tmp_path, content_copy):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep").mkdir(parents=True)
    (elsewhere / "keep" / "photo.jpg").write_bytes(b"a writer's own file")
    assert not dev_build(tmp_path, content_copy).problems
    (tmp_path / ".preview.staging").symlink_to(elsewhere, target_is_directory=True)

    result = dev_build(tmp_path, content_copy)

    assert not result.problems, result.report()
    assert tree(elsewhere) == {"keep": None, "keep/photo.jpg": b"a writer's own file"}
    assert (tmp_path / "preview" / "index.html").is_file()
