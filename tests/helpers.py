"""Helpers shared by the tests: build a tiny site, read its pages, run a writer's command."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings

from essays.addresses import slug_for
from toolkit import build as site
from toolkit.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
PUBLISH_URL = "https://essays.example.org"


@functools.cache
def site_settings() -> dict:
    """pelican.conf.py as Pelican reads it, with no build's overrides (do not change it)."""
    return read_settings(str(ROOT / "pelican.conf.py"))


def slug(text: str) -> str:
    """The site's one slug rule, with the real settings."""
    return slug_for(text, site_settings())


def build_into(tmp: Path, content: Path, overrides: dict, strict: bool = True):
    """Build `content` with the real settings and `overrides` into tmp/output."""
    settings = load_settings(
        {
            **overrides,
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp / "output"),
            "CACHE_PATH": str(tmp / "cache"),
        }
    )
    return site.build(settings, strict=strict)


def page(output: Path, url_path: str) -> BeautifulSoup:
    """Parse the page at a site path such as 'essays/first-light/'."""
    path = output / url_path
    if url_path.endswith("/") or not url_path:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def every_page(output: Path) -> list[tuple[str, BeautifulSoup]]:
    """(path in the site, parsed page) for every HTML file written, in path order."""
    return [
        (str(path.relative_to(output)), page(output, str(path.relative_to(output))))
        for path in sorted(output.rglob("*.html"))
    ]


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
