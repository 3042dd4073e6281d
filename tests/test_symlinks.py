"""Links under content/ and theme/: none is followed out of the project, none loops."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, build_into
from toolkit.check_content import check
from toolkit.settings import DEV, load_settings

ESSAY = "---\ntitle: {title}\ndate: 2024-03-05\n---\n\nSome text.\n"


def outside_file(project: Path) -> str:
    secret = project.parent / "private" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(ESSAY.format(title="A private note that must stay private"))
    return str(secret)


def link(path: Path, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


CASES = [
    pytest.param(
        lambda p: link(p / "content/essays/leak.md", outside_file(p)),
        "content/essays/leak.md: error: this link leads outside the project",
        id="essay-linked-from-outside",
    ),
    pytest.param(
        lambda p: link(p / "content/extra/environ", "/proc/self/environ"),
        "content/extra/environ: error: this link leads outside the project",
        id="proc-self-environ",
    ),
    pytest.param(
        lambda p: link(p / "content/images/home", str(Path.home())),
        "content/images/home: error: this link leads outside the project",
        id="folder-outside",
    ),
    pytest.param(
        lambda p: link(p / "content/essays/self.md", "self.md"),
        "content/essays/self.md: error: this link leads round in a loop",
        id="link-to-itself",
    ),
    pytest.param(
        lambda p: (link(p / "content/a", "b"), link(p / "content/b", "a")),
        "content/a: error: this link leads round in a loop",
        id="two-links-to-each-other",
    ),
    pytest.param(
        lambda p: link(p / "content/essays/up", ".."),
        "content/essays/up: error: this link leads round in a loop",
        id="folder-holding-itself",
    ),
    pytest.param(
        lambda p: link(p / "content/essays/gone.md", "nowhere.md"),
        "content/essays/gone.md: error: this link leads to a file that does not exist",
        id="broken-link",
    ),
    pytest.param(
        lambda p: os.mkfifo(p / "content/essays/pipe.md"),
        "content/essays/pipe.md: error: this is not an ordinary file (a pipe, socket or device)",
        id="named-pipe",
    ),
    pytest.param(
        lambda p: link(p / "theme/templates/leak.html", outside_file(p)),
        "theme/templates/leak.html: error: this link leads outside the project",
        id="theme-template-linked-from-outside",
    ),
]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    project = tmp_path / "project"
    (project / "content" / "essays").mkdir(parents=True)
    (project / "content" / "essays" / "fine.md").write_text(ESSAY.format(title="Fine"))
    shutil.copytree(ROOT / "theme", project / "theme")
    monkeypatch.chdir(project)  # messages name paths from where the writer is
    return project


def settings_for(project: Path) -> dict:
    return load_settings(
        {
            **DEV,
            "PATH": str(project / "content"),
            "THEME": str(project / "theme"),
            "CACHE_PATH": str(project / "cache"),
            "OUTPUT_PATH": str(project / "output"),
        }
    )


@pytest.mark.parametrize("make, expected", CASES)
def test_build_and_check_name_the_link_and_publish_nothing(project, make, expected):
    make(project)
    result = build_into(project, project / "content", {"THEME": str(project / "theme")})
    lines = [str(p).splitlines()[0] for p in result.problems]
    assert expected in lines and all(p.hint for p in result.problems)
    assert not (project / "output").exists()
    assert expected in [str(p).splitlines()[0] for p in check(settings_for(project))]


def test_a_link_inside_the_project_is_followed(project):
    shared = project / "shared" / "kept.md"
    shared.parent.mkdir()
    shared.write_text(ESSAY.format(title="Kept"))
    link(project / "content" / "essays" / "kept.md", "../../shared/kept.md")
    result = build_into(project, project / "content", {**DEV, "THEME": str(project / "theme")})
    assert not result.problems, result.report()
    assert (project / "output" / "essays" / "kept" / "index.html").is_file()
