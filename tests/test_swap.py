"""Putting a new site in place of output/: never a moment without one, every message true."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from toolkit import build as site


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
