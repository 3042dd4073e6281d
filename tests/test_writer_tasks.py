"""The writer's commands, run as a writer runs them: `invoke new`, `invoke check-content`."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from essays.reading.front_matter import split
from tests.helpers import ROOT, invoke, make_project, page, words
from toolkit.check_content import check
from toolkit.settings import DEV, load_settings

BAD_ESSAY = "---\ntitle: Bad\ndate: March 5\n---\n\n![](../images/missing.jpg)\n"
BAD_LINES = [
    "content/essays/bad.md:3: error: `date`: 'March 5' is not a full date",
    "content/essays/bad.md:6: error: image has no alt text: describe the photo for readers "
    "who cannot see it, e.g. ![Two people laughing at a table](../images/missing.jpg)",
    "content/essays/bad.md:6: error: image not found: ../images/missing.jpg "
    "(is the file in content/images/?)",
]


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path)


def chicago_today() -> str:
    return datetime.now(ZoneInfo("America/Chicago")).date().isoformat()


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("content/")]


def test_new_writes_a_draft_the_build_accepts(project):
    before = chicago_today()
    result = invoke(project, "new", 'Peer support: a "first" step')
    dates = {before, chicago_today()}  # the command may run across midnight

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/essays/peer-support-a-first-step.md"
    doc = split((project / result.stdout.strip()).read_text("utf-8"), "x.md")
    assert doc.problems == []
    assert doc.fields["title"] == 'Peer support: a "first" step'
    assert doc.fields["date"] in dates
    assert doc.fields["status"] == "draft"
    assert invoke(project, "build").returncode == 0
    soup = page(project / "preview", "drafts/peer-support-a-first-step/")
    assert words(soup.select_one("h1").get_text()) == 'Peer support: a "first" step'
    assert soup.select_one(".draft-banner") is not None


def test_new_writes_a_commented_line_for_every_optional_key_that_works_uncommented(project):
    result = invoke(project, "new", "Roots")
    path = project / result.stdout.strip()
    text = path.read_text("utf-8")
    optional = ["summary", "tags", "content_note", "series", "series_part", "modified", "slug"]

    for key in optional:
        assert f"\n# {key}: " in text, key
        text = text.replace(f"\n# {key}: ", f"\n{key}: ")
    path.write_text(text.replace("status: draft\n", ""), "utf-8")
    doc = split(path.read_text("utf-8"), "x.md")
    assert set(optional) <= set(doc.fields)
    assert invoke(project, "check-content").returncode == 0


def test_new_refuses_to_overwrite_an_existing_essay(project):
    mine = project / "content" / "essays" / "my-essay.md"
    mine.write_text("my own words", encoding="utf-8")

    result = invoke(project, "new", "My essay")

    assert result.returncode != 0
    assert "content/essays/my-essay.md already exists" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own words"


def test_check_content_passes_good_content_without_building(project):
    result = invoke(project, "check-content")

    assert result.returncode == 0, result.stderr
    assert not (project / "output").exists() and not (project / "preview").exists()


def test_check_content_lists_every_problem_and_fails(project):
    (project / "content" / "essays" / "bad.md").write_text(BAD_ESSAY, encoding="utf-8")

    result = invoke(project, "check-content")

    assert result.returncode != 0
    assert problem_lines(result.stderr) == BAD_LINES
    assert "Traceback" not in result.stderr
    assert not (project / "output").exists() and not (project / "preview").exists()


def test_check_content_of_one_file_still_finds_its_twin_elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    (essays / "original.md").write_text("---\ntitle: O\ndate: 2024-03-05\n---\nText.\n", "utf-8")
    (essays / "copy.md").write_text(
        "---\ntitle: C\ndate: 2024-03-05\nslug: original\n---\n", encoding="utf-8"
    )
    settings = load_settings(
        {**DEV, "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")}
    )

    problems = check(settings, [Path("content/essays/original.md")])

    assert [(p.path, p.line) for p in problems] == [("content/essays/original.md", 1)]
    assert "content/essays/copy.md" in problems[0].message


def pre_commit_hook() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = [repo for repo in config["repos"] if repo["repo"] == "local"]
    (hook,) = [hook for hook in local["hooks"] if hook["id"] == "check-content"]
    return hook


def test_pre_commit_hook_runs_the_content_check_on_changed_essays_only():
    hook = pre_commit_hook()

    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert shlex.split(hook["entry"]) == ["python", "plugins/check_essays.py"]
    pattern = re.compile(hook["files"])
    assert pattern.search("content/essays/my-essay.md")
    assert pattern.search("content/pages/about.md")
    assert not pattern.search("content/images/photo.jpg")
    assert not pattern.search("README.md")


def test_pre_commit_hook_checks_only_the_files_pre_commit_appends(project):
    (project / "content" / "essays" / "bad.md").write_text(BAD_ESSAY, encoding="utf-8")
    command = [sys.executable, *shlex.split(pre_commit_hook()["entry"])[1:]]

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *files], cwd=project, capture_output=True, text=True)

    clean = run("content/essays/where-values-meet-reality.md")
    broken = run("content/essays/bad.md")

    assert clean.returncode == 0, clean.stderr
    assert broken.returncode != 0
    assert problem_lines(broken.stderr) == BAD_LINES


def test_check_content_names_files_it_cannot_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "photo.jpg").write_bytes(b"not checked")
    (tmp_path / "content" / "images" / "notes.md").write_text("---\ntitle: N\n---\n", "utf-8")
    settings = load_settings(
        {**DEV, "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")}
    )
    files = ["content/essays/gone.md", "content/images/photo.jpg", "content/images/notes.md"]

    problems = check(settings, [Path(name) for name in files])

    assert [(p.path, p.message) for p in problems] == [
        ("content/essays/gone.md", "no such file"),
        (
            "content/images/notes.md",
            "this file is not in an essays or pages folder, so it would produce no page",
        ),
        ("content/images/photo.jpg", "not an essay: essays are .md files"),
    ]
