"""`invoke check-content` finds what a publishing build finds, with the same messages.

Both run the same reader and the same checks across files (essays.checks.ACROSS_FILES):
each row is a mistake a writer can make, and each must come out of both identically.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from essays.checks import ACROSS_FILES
from essays.status.links import LEVEL_SETTING
from tests.helpers import PUBLISH_URL, build_into
from toolkit.check_content import check
from toolkit.settings import DEV, PUBLISH, load_settings

ESSAY = "---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


def essay(title: str, extra: str = "", body: str = "Text.", date: str = "2024-03-05") -> str:
    return ESSAY.format(title=title, date=date, extra=extra, body=body)


CASES = {
    "duplicate-series-part": {
        "one.md": essay("One", "series: Roots\nseries_part: 1\n"),
        "two.md": essay("Two", "series: Roots\nseries_part: 1\n"),
    },
    "series-spelled-two-ways": {
        "one.md": essay("One", "series: Roots and Routes\nseries_part: 1\n"),
        "two.md": essay("Two", "series: roots and routes\nseries_part: 2\n"),
    },
    "two-files-one-address": {
        "one.md": essay("One", "slug: same\n"),
        "two.md": essay("Two", "slug: same\n"),
    },
    "tag-spelled-two-ways": {
        "one.md": essay("One", "tags: [Peer Support]\n"),
        "two.md": essay("Two", "tags: [peer-support]\n"),
    },
    "link-to-a-draft": {
        "one.md": essay("One", body="Read [the next one](two.md) too."),
        "two.md": essay("Two", "status: draft\n"),
    },
    "link-to-a-scheduled-essay": {
        "one.md": essay("One", body="Intro.\n\nRead [the next one](two.md) too."),
        "two.md": essay("Two", date="2099-06-01"),
    },
    "missing-photo": {
        "one.md": essay("One", body="![A tree](../images/tree.jpg)"),
    },
    "refused-raw-html": {
        "one.md": essay("One", body="<script>alert(1)</script>"),
    },
}


def write(content: Path, files: dict[str, str]) -> None:
    essays = content / "essays"
    essays.mkdir(parents=True)
    for name, text in files.items():
        (essays / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("files", list(CASES.values()), ids=list(CASES))
def test_check_content_reports_what_the_publishing_build_reports(tmp_path, files):
    content = tmp_path / "content"
    write(content, files)

    built = build_into(tmp_path, content, {**PUBLISH, "SITEURL": PUBLISH_URL})
    overrides = {**DEV, LEVEL_SETTING: "error", "PATH": str(content)}
    checked = check(load_settings({**overrides, "CACHE_PATH": str(tmp_path / "check-cache")}))

    assert checked, "the mistake went unnoticed"
    assert [str(p) for p in checked] == [str(p) for p in built.problems]
    assert all(p.line > 0 for p in checked)


def test_every_check_across_files_has_a_row_above():
    names = {check.__name__ for check in ACROSS_FILES}
    assert names == {"address_problems", "series_problems", "unpublished_link_problems"}
