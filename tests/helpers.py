"""Helpers for reading built pages in tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]


def page(output: Path, url_path: str) -> BeautifulSoup:
    """Parse the page at a site path such as 'essays/first-light/'."""
    path = output / url_path
    if url_path.endswith("/") or not url_path:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    """Normalise typography and whitespace so texts compare by their words."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("&", "and")
    return re.sub(r"\s+", " ", text).strip()


PROJECT_FILES = ("pelican.conf.py", "tasks.py", "plugins", "theme", "content")


def make_project(tmp: Path) -> Path:
    """A copy of this project, as a writer's clone would have it."""
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    return project


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in a project folder, as a writer would in a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
