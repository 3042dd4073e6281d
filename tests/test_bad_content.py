"""Every writer's mistake comes back as `path:line: message`, from the build and the check.

Each case is a few files (paths under content/) and the problem lines the real build
driver must report for them: exactly those, nothing else, no output written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import build_into, invoke, make_project, page, png_bytes_claiming, words
from toolkit.check_content import check
from toolkit.settings import DEV, load_settings

ESSAY = "---\ntitle: {title}\ndate: 2024-03-05\n{extra}---\n\nSome text.\n"


def essay(title: str, extra: str = "") -> str:
    """A valid essay with optional extra front-matter lines (from line 4 on)."""
    return ESSAY.format(title=title, extra=extra)


CASES = [
    pytest.param(
        {"essays/tab.md": "---\ntitle: A tab\n\tdate: 2024-03-05\n---\n\nText.\n"},
        ["content/essays/tab.md:3: error: the front matter has a tab in it"],
        id="yaml-tab",
    ),
    pytest.param(
        {"essays/quote.md": '---\ntitle: "Never closed\ndate: 2024-03-05\n---\n\nText.\n'},
        ["content/essays/quote.md:2: error: a quote is opened here and never closed"],
        id="yaml-unclosed-quote",
    ),
    pytest.param(
        {
            "essays/quote-later.md": (
                '---\ntitle: "Never closed\ndate: 2024-03-05\nsummary: "Fine."\n---\n\nText.\n'
            )
        },
        ["content/essays/quote-later.md:2: error: a quote is opened here and never closed"],
        id="yaml-unclosed-quote-found-later",
    ),
    pytest.param(
        {"essays/colon.md": "---\ntitle: Peer support: a beginning\ndate: 2024-03-05\n---\n"},
        ["content/essays/colon.md:2: error: a value with a colon in it needs quotes"],
        id="yaml-colon-in-unquoted-title",
    ),
    pytest.param(
        {"essays/open.md": "---\ntitle: Open\ndate: 2024-03-05\n\nThe text.\n"},
        ["content/essays/open.md:1: error: the front matter is never closed"],
        id="front-matter-never-closed",
    ),
    pytest.param(
        {"essays/no-front-matter.md": "Just the text.\n"},
        ["content/essays/no-front-matter.md:1: error: the file does not start with front matter"],
        id="no-front-matter",
    ),
    pytest.param(
        {"essays/empty.md": ""},
        ["content/essays/empty.md:1: error: the file is empty"],
        id="empty-file",
    ),
    pytest.param(
        {"essays/untitled.md": "---\ndate: 2024-03-05\n---\n\nText.\n"},
        ["content/essays/untitled.md:1: error: `title` is missing"],
        id="missing-title",
    ),
    pytest.param(
        {"essays/undated.md": "---\ntitle: Undated\n---\n\nText.\n"},
        ["content/essays/undated.md:1: error: `date` is missing"],
        id="missing-date",
    ),
    pytest.param(
        {"essays/partial.md": "---\ntitle: Partial\ndate: March 5\n---\n\nText.\n"},
        ["content/essays/partial.md:3: error: `date`: 'March 5' is not a full date"],
        id="partial-date",
    ),
    pytest.param(
        {"essays/impossible.md": "---\ntitle: Impossible\ndate: 2024-02-30\n---\n\nText.\n"},
        ["content/essays/impossible.md:3: error: `date`: '2024-02-30' is not a date that exists"],
        id="impossible-date",
    ),
    pytest.param(
        {"essays/status.md": essay("Status", "status: publish\n")},
        ["content/essays/status.md:4: error: `status`: 'publish' is not a status"],
        id="unknown-status",
    ),
    pytest.param(
        {"essays/part-two.md": essay("Two", "series: Starting out\nseries_part: two\n")},
        ["content/essays/part-two.md:5: error: `series_part`: 'two' is not a part number"],
        id="series-part-two",
    ),
    pytest.param(
        {"essays/part-zero.md": essay("Zero", "series: Starting out\nseries_part: 0\n")},
        ["content/essays/part-zero.md:5: error: `series_part`: 0 is not a part number"],
        id="series-part-0",
    ),
    pytest.param(
        {"essays/part-minus.md": essay("Minus", "series: Starting out\nseries_part: -1\n")},
        ["content/essays/part-minus.md:5: error: `series_part`: -1 is not a part number"],
        id="series-part-minus-1",
    ),
    pytest.param(
        {"essays/serie.md": essay("Serie", "serie: Starting out\n")},
        ["content/essays/serie.md:4: error: `serie` is not a known key"],
        id="unknown-key",
    ),
    pytest.param(
        {"essays/twin-a.md": essay("Twin A"), "essays/twin-b.md": essay("B", "slug: twin-a\n")},
        [
            "content/essays/twin-b.md:4: error: this essay has the same web address as "
            "content/essays/twin-a.md (slug `twin-a`), so one would replace the other"
        ],
        id="same-slug",
    ),
    pytest.param(
        {"essays/Two Words.md": essay("Spaced"), "essays/two-words.md": essay("Hyphened")},
        [
            "content/essays/two-words.md:1: error: this essay has the same web address as "
            "content/essays/Two Words.md (slug `two-words`), so one would replace the other"
        ],
        id="same-slug-from-file-names",
    ),
    pytest.param(
        {
            "essays/kept.md": essay("Kept"),
            "essays/later-draft.md": essay("Draft", "status: draft\nslug: kept\n"),
        },
        [
            "content/essays/later-draft.md:5: error: this essay has the same web address as "
            "content/essays/kept.md (slug `kept`), so one would replace the other"
        ],
        id="draft-with-a-published-slug",
    ),
    pytest.param(
        {
            "pages/contact.md": "---\ntitle: Contact\n---\n\nText.\n",
            "pages/reach-us.md": "---\ntitle: Reach us\nslug: contact\n---\n\nText.\n",
        },
        [
            "content/pages/reach-us.md:3: error: this page has the same web address as "
            "content/pages/contact.md (slug `contact`), so one would replace the other"
        ],
        id="same-page-slug",
    ),
    pytest.param(
        {"essays/latin-1.md": essay("Latin").replace("Some text", "Caf\xe9").encode("latin-1")},
        ["content/essays/latin-1.md:6: error: the file is not UTF-8 text"],
        id="not-utf-8",
    ),
    pytest.param(
        {"essays/laughs.md": essay("Laughs", 'summary: &a "ha"\ncontent_note: *a\n')},
        ["content/essays/laughs.md:4: error: YAML anchors and aliases (& and *) are not used here"],
        id="yaml-anchor-and-alias",
    ),
    pytest.param(
        {"essays/deep.md": essay("Deep", "tags: " + "[" * 3000 + "]" * 3000 + "\n")},
        ["content/essays/deep.md:4: error: the front matter is nested too deeply"],
        id="yaml-nested-thousands-deep",
    ),
    pytest.param(
        {"essays/offset.md": "---\ntitle: Offset\ndate: 2024-03-05T18:30:00-05:00\n---\n\nText.\n"},
        [
            "content/essays/offset.md:3: error: `date`: '2024-03-05T18:30:00-05:00' has a "
            "time-zone offset, and offsets are not accepted"
        ],
        id="date-with-offset",
    ),
    pytest.param(
        {"essays/blank.md": "---\ntitle: Blank\ndate: 2024-03-05\n---\n\n"},
        ["content/essays/blank.md:4: error: the essay has no text after its front matter"],
        id="essay-without-text",
    ),
    pytest.param(
        {"essays/c-lang.md": essay("C", "tags: [C]\n"), "essays/cpp.md": essay("P", "tags: C++\n")},
        [
            "content/essays/cpp.md:4: error: the tags `C++` and `C` (in content/essays/c-lang.md) "
            "would share one web address, /tags/c/"
        ],
        id="two-tags-one-address",
    ),
    pytest.param(
        {"pages/tags.md": "---\ntitle: Tags\n---\n\nText.\n"},
        [
            "content/pages/tags.md:1: error: this page's web address /tags/ is where the site "
            "puts its own tags page, so one would replace the other"
        ],
        id="page-named-like-a-section",
    ),
    pytest.param(
        {"pages/old.md": "---\ntitle: Old\nslug: archives\n---\n\nText.\n"},
        [
            "content/pages/old.md:3: error: this page's web address /archives/ is where the site "
            "puts its own archives page, so one would replace the other"
        ],
        id="page-slug-of-a-section",
    ),
    pytest.param(
        {
            "images/huge.png": png_bytes_claiming(10_000, 10_000),
            "essays/huge.md": essay("Huge").replace("Some text.", "![Huge](../images/huge.png)"),
        },
        [
            "content/essays/huge.md:6: error: image is too large: ../images/huge.png is "
            "10,000 × 10,000 pixels, over the limit of 40,000,000 pixels"
        ],
        id="image-over-the-pixel-limit",
    ),
    pytest.param(
        {
            "images/note.jpg": b"not a photo at all",
            "essays/note.md": essay("Note").replace("Some text.", "![Note](../images/note.jpg)"),
        },
        [
            "content/essays/note.md:6: error: image cannot be read: ../images/note.jpg "
            "(is it a real JPEG, PNG, WebP or GIF file?)"
        ],
        id="image-that-is-not-an-image",
    ),
    pytest.param(
        {
            "images/half.png": png_bytes_claiming(600, 400),
            "essays/half.md": essay("Half").replace("Some text.", "![Half](../images/half.png)"),
        },
        [
            "content/essays/half.md:6: error: could not make the smaller copies of "
            "../images/half.png: image file is truncated (0 bytes not processed)"
        ],
        id="image-cut-short",
    ),
    pytest.param(
        {
            "images/bomb.png": png_bytes_claiming(40_000, 40_000),
            "essays/bomb.md": essay("Bomb").replace("Some text.", "![Bomb](../images/bomb.png)"),
        },
        [
            "content/essays/bomb.md:6: error: image is too large: ../images/bomb.png is larger "
            "than any photo needs, over the limit of 40,000,000 pixels"
        ],
        id="image-decompression-bomb",
    ),
]
EVERY_CASE = {name: text for case in CASES for name, text in case.values[0].items()}
EVERY_PROBLEM = [line for case in CASES for line in case.values[1]]


def write_content(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (paths relative to content/) into root/content."""
    content = root / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return content


def problem_lines(problems) -> list[str]:
    """The first line of each problem as printed: `path:line: level: message`."""
    return [str(problem).splitlines()[0] for problem in sorted(problems)]


def test_build_reports_each_mistake_at_its_line_with_a_hint_and_writes_nothing(
    tmp_path, monkeypatch
):
    # One build of every case at once: the build reads each file on its own, and the
    # content check below runs each case alone (without the cost of a build each).
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to where the writer is
    result = build_into(tmp_path, write_content(tmp_path, EVERY_CASE), DEV)

    assert problem_lines(result.problems) == sorted(EVERY_PROBLEM)
    assert all(problem.hint for problem in result.problems)
    assert result.failed(strict=True)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("files, expected", CASES)
def test_content_check_reports_the_same_line_without_building(
    tmp_path, monkeypatch, files, expected
):
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path, files)
    settings = load_settings({**DEV, "PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})

    assert problem_lines(check(settings)) == expected
    assert not (tmp_path / "output").exists()


def test_unknown_key_suggests_the_key_meant(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {"essays/x.md": essay("X", "serie: Starting out\ncontent_notes: Grief.\n")}

    result = build_into(tmp_path, write_content(tmp_path, files), DEV)

    assert [p.hint for p in sorted(result.problems)] == [
        "did you mean `series`?",
        "did you mean `content_note`?",
    ]


def test_bom_and_crlf_line_endings_simply_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "---\ntitle: Written on Windows\ndate: 2024-03-05\n---\n\nFirst line.\n\nSecond one.\n"
    windows = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    content = write_content(tmp_path, {"essays/windows.md": windows})

    result = build_into(tmp_path, content, DEV)

    assert not result.problems, result.report()
    data = (tmp_path / "output" / "essays" / "windows" / "index.html").read_bytes()
    assert b"\xef\xbb\xbf" not in data and b"\r" not in data
    soup = page(tmp_path / "output", "essays/windows/")
    assert words(soup.select_one("h1").get_text()) == "Written on Windows"
    paragraphs = [words(p.get_text()) for p in soup.select(".essay-body p")]
    assert paragraphs == ["First line.", "Second one."]


def test_invoke_build_lists_every_mistake_at_once_sorted_by_file(tmp_path):
    project = make_project(tmp_path)
    write_content(project, EVERY_CASE)

    result = invoke(project, "build")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    reported = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert sorted(reported) == sorted(EVERY_PROBLEM)
    files = [line.split(":")[0] for line in reported]
    assert files == sorted(files)
    assert not (project / "output").exists()
