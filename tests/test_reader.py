"""Reading essays: one reader reads a whole build, and each essay keeps only its own findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from essays.problems import ContentError
from essays.reading.reader import EssayReader
from toolkit.settings import DEV, load_settings

FIRST = """\
---
title: "The first: a photo, a link, a warning"
date: 2024-03-05
summary: "It's the \\"first\\" - with a summary"
---

See [the second](second.md).

![River](../images/river.png)
*River*

## One "quoted"

## Two

## Three
"""
SECOND = """\
---
title: The second
date: 2024-03-06
---

Just words.
"""


def essay(summary: str, body: str = "Words.") -> str:
    return f'---\ntitle: T\ndate: 2024-03-05\ntags: [a]\nsummary: "{summary}"\n---\n\n{body}\n'


@pytest.fixture
def reader(tmp_path, monkeypatch) -> tuple[EssayReader, Path]:
    """A reader with the real settings, over an empty content folder in tmp_path."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    (content / "essays").mkdir(parents=True)
    (content / "images").mkdir()
    Image.new("RGB", (640, 480), "teal").save(content / "images" / "river.png")
    settings = load_settings({**DEV, "PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    return EssayReader(settings), content / "essays"


def read(reader: EssayReader, essays: Path, name: str, text: str):
    (essays / name).write_text(text, encoding="utf-8")
    return reader.read(str(essays / name))


def test_second_essay_read_by_the_same_reader_has_none_of_the_firsts_findings(reader):
    reader, essays = reader
    (essays / "second.md").write_text(SECOND, encoding="utf-8")
    first_html, first = read(reader, essays, "first.md", FIRST)
    second_html, second = read(reader, essays, "second.md", SECOND)

    assert len(first["figures"]) == 1 and first["figure_variants"]
    assert [link[0] for link in first["essay_links"]] == ["essays/second.md"]
    assert [w.message for w in first["essay_warnings"]] == [
        "alt text repeats the caption; screen readers will read it twice: "
        "describe what the photo shows instead"
    ]
    sections = [s["html"] for s in first["contents"]]
    assert sections == ["One&nbsp;&#8220;quoted&#8221;", "Two", "Three"]
    assert "<figure" in first_html
    assert (second["figures"], second["figure_variants"], second["essay_links"]) == ([], [], [])
    assert (second["essay_warnings"], second["contents"]) == ([], [])
    assert "summary" not in second
    assert second_html == "<p>Just&nbsp;words.</p>"


def test_an_essay_after_a_refused_one_is_read_without_its_problems(reader):
    reader, essays = reader
    with pytest.raises(ContentError) as refused:
        read(reader, essays, "bad.md", essay("Run <script>x</script>", "See [it](missing.md)."))
    assert [p.line for p in refused.value.problems] == [5, 8]

    _, second = read(reader, essays, "second.md", SECOND)

    assert (second["essay_warnings"], second["essay_links"], second["figures"]) == ([], [], [])


@pytest.mark.parametrize(
    "summary, message",
    [
        pytest.param("A <script>x</script> summary", "<script> is not allowed", id="raw-html"),
        pytest.param("Go [here](javascript:alert(1))", "javascript:", id="markdown-link"),
        pytest.param("Fine - then <iframe src=x></iframe>", "<iframe>", id="after-a-dash"),
    ],
)
def test_summary_with_refused_html_is_reported_at_its_line(reader, summary, message):
    reader, essays = reader
    with pytest.raises(ContentError) as refused:
        read(reader, essays, "x.md", essay(summary))

    [problem] = refused.value.problems
    assert problem.line == 5 and message in problem.message


def test_summary_gets_the_same_quotes_and_dashes_as_the_body(reader):
    reader, essays = reader
    (essays / "second.md").write_text(SECOND, encoding="utf-8")
    _, metadata = read(reader, essays, "first.md", FIRST)

    curled, dashed = "It&#8217;s the &#8220;first&#8221;", "\u00a0\u2013 with a&nbsp;summary"
    assert metadata["summary"] == f"<p>{curled}{dashed}</p>"
