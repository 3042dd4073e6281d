"""Helpers for reading built pages in tests."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup


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
