"""Which files are essays and which pages, and how messages name a file."""

from __future__ import annotations

import os

import pytest

from essays.content_files import display_path, kind_of

SETTINGS = {
    "PATH": "/site/content",
    "PAGE_PATHS": ["pages", "essays/pages"],
    "ARTICLE_PATHS": ["essays"],
}


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/site/content/essays/first.md", "essay"),
        ("/site/content/essays/2024/deep/first.md", "essay"),
        ("/site/content/pages/about.md", "page"),
        ("/site/content/essays/pages/about.md", "page"),  # a page folder inside the essays'
        ("/site/content/essays-old/first.md", None),  # a name that only starts the same
        ("/site/content/essays/../images/x.md", None),
        ("/site/content/first.md", None),
        ("/elsewhere/essays/first.md", None),
    ],
)
def test_a_file_is_an_essay_a_page_or_neither_by_its_folder(path, kind):
    assert kind_of(path, SETTINGS) == kind


def test_the_whole_content_folder_can_hold_the_essays():
    settings = {**SETTINGS, "ARTICLE_PATHS": [""], "PAGE_PATHS": ["pages"]}

    assert kind_of("/site/content/first.md", settings) == "essay"
    assert kind_of("/site/content/pages/about.md", settings) == "page"


def test_a_path_is_shown_from_the_current_folder_when_it_is_inside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert display_path(tmp_path / "content" / "essays" / "a.md") == "content/essays/a.md"
    assert display_path("/elsewhere/a.md") == "/elsewhere/a.md"
    monkeypatch.chdir(tmp_path / os.pardir)
    assert display_path(tmp_path / "a.md") == f"{tmp_path.name}/a.md"
