"""`invoke build` renders pages in one process per CPU: the same site, the same problems."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from tests.helpers import ROOT
from toolkit import build as site
from toolkit import fan_out
from toolkit.preview.build_process import PreviewBuilds
from toolkit.settings import DEV, load_settings

EXTRA_ESSAYS = 30  # with the fixture's, well over fan_out.FAN_OUT_THRESHOLD


@pytest.fixture
def many(content_copy: Path) -> Path:
    """The fixture site and thirty more essays: enough to render in two processes."""
    for number in range(EXTRA_ESSAYS):
        (content_copy / "essays" / f"many-{number:02d}.md").write_text(
            f"---\ntitle: Many essay {number:02d}\ndate: 2022-03-{number % 28 + 1:02d}\n"
            f"tags: [tag-{number % 4}]\n---\n\nThe text of essay {number}.\n",
            encoding="utf-8",
        )
    return content_copy


def build(tmp: Path, content: Path, workers: int, **overrides) -> site.BuildResult:
    settings = {
        **DEV,
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp / "output"),
        "CACHE_PATH": str(tmp / "cache"),
        "ESSAYS_RENDER_WORKERS": workers,
        **overrides,
    }
    return site.build(load_settings(settings), keep_unchanged=True)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_processes_write_the_very_site_one_writes(tmp_path, many):
    one = build(tmp_path / "one", many, workers=1)
    two = build(tmp_path / "two", many, workers=2)

    assert not one.problems and not two.problems, (one.report(), two.report())
    assert files(tmp_path / "two" / "output") == files(tmp_path / "one" / "output")


def test_the_next_build_keeps_the_pages_every_process_wrote(tmp_path, many):
    build(tmp_path, many, workers=2)
    pages = sorted((tmp_path / "output").rglob("*.html"))
    before = {p: p.stat().st_ino for p in pages}
    build(tmp_path, many, workers=2)

    renamed = [str(p) for p in pages if p.stat().st_ino != before[p]]
    assert len(pages) > EXTRA_ESSAYS and renamed == []


def test_a_problem_found_in_either_process_is_reported(tmp_path, many):
    for number in (10, 11):  # neighbours: one page in each process
        essay = many / "essays" / f"many-{number:02d}.md"
        essay.write_text(
            essay.read_text(encoding="utf-8") + f"\n[gone]({{filename}}gone-{number}.md)\n",
            encoding="utf-8",
        )

    result = build(tmp_path, many, workers=2)

    named = sorted(p.path for p in result.problems)
    assert [Path(p).name for p in named] == ["gone-10.md", "gone-11.md"], result.report()
    assert result.failed(strict=True) and not (tmp_path / "output").exists()


def test_a_template_error_while_rendering_names_its_line_once(tmp_path, many):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "article.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    at = lines.index("{% block content %}") + 1
    lines.insert(at, "{{ article.title.no_such_method() }}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = build(tmp_path, many, workers=2, THEME=str(theme))

    stopped = [p for p in result.problems if "the build stopped" in p.message]
    assert [(Path(p.path).name, p.line) for p in stopped] == [("article.html", at + 1)]
    assert result.failed(strict=True) and not (tmp_path / "output").exists()


def test_a_renderer_that_dies_fails_the_build_and_keeps_the_last_site(tmp_path, many, monkeypatch):
    build(tmp_path, many, workers=2)
    kept = files(tmp_path / "output")

    def killed(*args, **kwargs):  # as the system's out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(fan_out.FanOut, "render_share", killed)
    (many / "essays" / "many-03.md").write_text(
        "---\ntitle: Changed\ndate: 2022-03-04\n---\n\nNew text.\n", encoding="utf-8"
    )
    result = build(tmp_path, many, workers=2)

    assert [p.message for p in result.problems] == [
        "a process rendering pages stopped (killed by signal 9)"
    ]
    assert result.failed(strict=True)
    assert files(tmp_path / "output") == kept


def test_the_preview_renders_in_two_processes_what_it_renders_in_one(tmp_path, many):
    sites = {}
    for workers in (1, 2):
        output = tmp_path / f"preview-{workers}"
        builds = PreviewBuilds(
            {
                **DEV,
                "PATH": str(many),
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(tmp_path / f"cache-{workers}"),
                "ESSAYS_RENDER_WORKERS": workers,
            }
        )
        try:
            assert builds.build()["problems"] == []
            essay = many / "essays" / "many-07.md"
            essay.write_text(essay.read_text("utf-8").replace("Many essay 07", "Moved"), "utf-8")
            assert builds.build()["problems"] == []
        finally:
            builds.close()
        sites[workers] = files(output)
        essay.write_text(essay.read_text("utf-8").replace("Moved", "Many essay 07"), "utf-8")

    assert sites[2] == sites[1]
    showing = [name for name, page in sites[2].items() if b"Moved" in page]
    assert "essays/many-07/index.html" in showing and len(showing) > 3  # and its lists
