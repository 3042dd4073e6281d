"""Splitting an essay into front matter and body, with the line of every key and mistake."""

from __future__ import annotations

import pytest

from essays.reading.front_matter import Document, split


def where(doc) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in doc.problems]


@pytest.mark.parametrize(
    "text, fields, lines",
    [
        ("---\ntitle: A\ndate: 2024-03-05\n---\n", {"title": "A", "date": "2024-03-05"}, [2, 3]),
        ("---\r\ntitle: A\r\n---\r\nBody\r\n", {"title": "A"}, [2]),
        ("\ufeff---\ntitle: A\n---\n", {"title": "A"}, [2]),
        ("---\n# a comment\n\ntitle: A\n---\n", {"title": "A"}, [4]),
        ("---\ntags: [a, b]\n---\n", {"tags": ["a", "b"]}, [2]),
        ('---\ntitle: "A: B"\n---\n', {"title": "A: B"}, [2]),
        ("---\ntitle: 'It''s'\n---\n", {"title": "It's"}, [2]),
        ("---\ndate: 2024-03-05 18:30\n---\n", {"date": "2024-03-05 18:30"}, [2]),
        ("---\nseries_part: 2\n---\n", {"series_part": 2}, [2]),
        ("---\n---\nBody\n", {}, []),
    ],
)
def test_front_matter_becomes_fields_with_the_line_of_each_key(text, fields, lines):
    doc = split(text, "x.md")

    assert doc.problems == []
    assert doc.fields == fields
    assert list(doc.lines.values()) == lines


@pytest.mark.parametrize(
    "text, body, body_line",
    [
        ("---\ntitle: A\n---\nFirst line.\n", "First line.\n", 4),
        ("---\ntitle: A\n---\n\nText with --- dashes.\n---\n", "\nText with --- dashes.\n---\n", 4),
        ("---\r\ntitle: A\r\n---\r\nOne\r\nTwo\r\n", "One\nTwo\n", 4),
    ],
)
def test_body_is_everything_after_the_closing_line(text, body, body_line):
    doc = split(text, "x.md")

    assert (doc.body, doc.body_line) == (body, body_line)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", [(1, "the file is empty")]),
        ("  \n\n", [(1, "the file is empty")]),
        ("\ufeff", [(1, "the file is empty")]),
        ("Text only.\n", [(1, "the file does not start with front matter")]),
        ("---\ntitle: A\n\nText.\n", [(1, "the front matter is never closed")]),
        ("---\ntitle: A\n\tdate: 2024-03-05\n---\n", [(3, "the front matter has a tab in it")]),
        ("---\ntitle: A\ntags:\n\t- a\n---\n", [(4, "the front matter has a tab in it")]),
        ('---\ntitle: "Open\ndate: 2024\n---\n', [(2, "a quote is opened here and never closed")]),
        ("---\ntitle: 'Open\ndate: 2024\n---\n", [(2, "a quote is opened here and never closed")]),
        (
            '---\ntitle: "Open\ndate: 2024\nsummary: "S"\n---\n',
            [(2, "a quote is opened here and never closed")],
        ),
        (
            '---\ntitle: "Quoted" and more\n---\n',
            [(2, "this value has more text after its closing quote")],
        ),
        ("---\ntags: [a, b\ndate: 2024\n---\n", [(2, "a list is opened with [ and never closed")]),
        ("---\ntitle: A: B\n---\n", [(2, "a value with a colon in it needs quotes")]),
        ("---\ntitle: A\njust words\ndate: 2024\n---\n", [(3, "this line is not `key: value`")]),
        ("---\n- a list\n---\n", [(2, "the front matter is not a list of keys")]),
        ("---\ntitle: A\ntitle: B\n---\n", [(3, "`title` is given twice")]),
    ],
)
def test_each_mistake_is_reported_at_the_line_to_fix(text, expected):
    doc = split(text, "x.md")

    assert where(doc) == expected
    assert all(p.path == "x.md" and p.hint for p in doc.problems)


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "A \\"quoted\\" word"\n---\n',
        '---\ntitle: "A title that runs\n  over two lines"\n---\n',
        "---\ntags: [a,\n  b]\n---\n",
        '---\ntitle: "Closed" # a comment\n---\n',
    ],
)
def test_valid_yaml_that_looks_unusual_is_accepted(text):
    assert split(text, "x.md").problems == []


def test_dates_stay_text_so_the_schema_can_judge_them():
    doc = split("---\ndate: 2024-02-30\nmodified: 2024-03-05 9:00\n---\n", "x.md")

    assert doc.fields == {"date": "2024-02-30", "modified": "2024-03-05 9:00"}


@pytest.mark.parametrize(
    "yaml_text",
    [
        "title: A\ndate: 2024-03-05\nmodified: 2024-02-30 18:30",
        "tags: [a, b]\nseries_part: 2\nstatus: draft",
        'title: "Quotes: and a colon"\nsummary: >\n  folded\n  text',
    ],
)
def test_libyaml_and_pure_python_loaders_read_the_same_fields_and_lines(yaml_text):
    from essays.reading.front_matter import FastFrontMatterLoader, FrontMatterLoader, _fill

    fast, pure = Document(), Document()
    _fill(FastFrontMatterLoader, yaml_text, "x.md", fast)
    _fill(FrontMatterLoader, yaml_text, "x.md", pure)
    assert (fast.fields, fast.lines) == (pure.fields, pure.lines)
    assert all(not hasattr(v, "year") for v in fast.fields.values())  # dates stay text


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    "yaml_text, line, message",
    [
        pytest.param(LAUGHS, 2, "YAML anchors and aliases", id="billion-laughs"),
        pytest.param("title: &t A\nsummary: *t\n", 2, "YAML anchors and aliases", id="anchor"),
        pytest.param("title: A\nsummary: *t\n", 3, "YAML anchors and aliases", id="lone-alias"),
        pytest.param("tags: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested too deeply", id="deep"),
        pytest.param("a:\n b:\n  c:\n   d: 1\n", 5, "nested too deeply", id="deep-blocks"),
    ],
)
def test_what_front_matter_never_needs_is_refused_before_it_is_expanded(yaml_text, line, message):
    doc = split(f"---\ntitle: A\n{yaml_text}---\nBody\n", "x.md")
    [problem] = doc.problems
    assert (problem.line - 1, problem.hint != "") == (line, True)
    assert message in problem.message
