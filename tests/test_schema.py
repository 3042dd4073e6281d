"""The one schema: what each key may hold, and the message when it does not."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from essays.reading import schema
from essays.reading.front_matter import split

CHICAGO = ZoneInfo("America/Chicago")


def validate(extra: str, required=schema.REQUIRED):
    """Validate a title and date plus `extra` lines (which start on line 4)."""
    doc = split(f"---\ntitle: T\ndate: 2024-03-05\n{extra}---\n", "x.md")
    return schema.validate(doc, "x.md", CHICAGO, required)


@pytest.mark.parametrize(
    "extra, key, value",
    [
        ("", "date", datetime(2024, 3, 5, tzinfo=CHICAGO)),
        ("modified: 2024-03-06 18:30\n", "modified", datetime(2024, 3, 6, 18, 30, tzinfo=CHICAGO)),
        (
            "modified: 2024-03-06T09:05:30\n",
            "modified",
            datetime(2024, 3, 6, 9, 5, 30, tzinfo=CHICAGO),
        ),
        ("tags: [peer support, stigma]\n", "tags", ["peer support", "stigma"]),
        ("tags: peer support, stigma\n", "tags", ["peer support", "stigma"]),
        ("tags: healing\n", "tags", ["healing"]),
        ("status: Draft\n", "status", "draft"),
        ("status: hidden\n", "status", "hidden"),
        ("series_part: 3\n", "series_part", 3),
        ("slug: my-essay-2\n", "slug", "my-essay-2"),
        ("summary: A *short* one.\n", "summary", "A *short* one."),
        ("content_note: '  Grief.  '\n", "content_note", "Grief."),
    ],
)
def test_valid_values_are_cleaned(extra, key, value):
    values, problems = validate(extra)

    assert problems == []
    assert values[key] == value


def test_dates_are_in_the_site_time_zone():
    values, _ = validate("")

    assert values["date"].isoformat() == "2024-03-05T00:00:00-06:00"


@pytest.mark.parametrize(
    "extra, message, hint",
    [
        ("modified: March 5\n", "`modified`: 'March 5' is not a full date", schema.DATE_HINT),
        ("modified: 2024-03\n", "`modified`: '2024-03' is not a full date", schema.DATE_HINT),
        ("modified: 05/06/2024\n", "`modified`: '05/06/2024' is not a full date", schema.DATE_HINT),
        (
            "modified: 2024-02-30\n",
            "`modified`: '2024-02-30' is not a date that exists",
            "check the month and the day",
        ),
        (
            "modified: 2024-03-05 25:00\n",
            "`modified`: '2024-03-05 25:00' is not a date that exists",
            "check the month and the day",
        ),
        *(
            (
                f"modified: {text}\n",
                f"`modified`: '{text}' has a time-zone offset, and offsets are not accepted",
                "write the local time in the site's time zone (America/Chicago) without the "
                "offset: 2024-03-05 18:30",
            )
            for text in ("2024-03-05T18:30:00-05:00", "2024-03-05 18:30Z", "2024-03-05 18:30 +0200")
        ),
        (
            "status: publish\n",
            "`status`: 'publish' is not a status",
            "use one of: published, draft, hidden",
        ),
        ("series_part: two\n", "`series_part`: 'two' is not a part number", None),
        ("series_part: 0\n", "`series_part`: 0 is not a part number", None),
        ("series_part: -1\n", "`series_part`: -1 is not a part number", None),
        ("series_part: 1.5\n", "`series_part`: 1.5 is not a part number", None),
        ("series_part: true\n", "`series_part`: True is not a part number", None),
        ("tags: []\n", "`tags`: needs one or more tags", None),
        ("tags: [[a]]\n", "`tags`: needs one or more tags", None),
        ("summary:\n", "`summary`: needs some text", None),
        ("summary: #1 essay\n", "`summary`: needs some text", None),
        ("slug: My Essay\n", "`slug`: 'My Essay' is not a usable web address", None),
        ("serie: S\n", "`serie` is not a known key", "did you mean `series`?"),
        ("Title: S\n", "`Title` is not a known key", "did you mean `title`?"),
        ("contentnote: S\n", "`contentnote` is not a known key", "did you mean `content_note`?"),
    ],
)
def test_each_bad_value_is_reported_at_its_key_line(extra, message, hint):
    _, problems = validate(extra)

    assert [(p.line, p.message) for p in problems] == [(4, message)]
    assert problems[0].hint and (hint is None or problems[0].hint == hint)


def test_unknown_key_without_a_close_match_lists_the_known_keys():
    _, problems = validate("colour: blue\n")

    assert problems[0].hint == "known keys: " + ", ".join(schema.FIELDS)


@pytest.mark.parametrize("missing", ["title", "date"])
def test_missing_required_key_is_reported_with_an_example(missing):
    text = {"title": "---\ndate: 2024-03-05\n---\n", "date": "---\ntitle: T\n---\n"}[missing]

    _, problems = schema.validate(split(text, "x.md"), "x.md", CHICAGO)

    assert [(p.line, p.message) for p in problems] == [(1, f"`{missing}` is missing")]
    assert f"`{missing}: {schema.FIELDS[missing].example}`" in problems[0].hint


def test_a_page_needs_only_a_title():
    doc = split("---\ntitle: About\n---\n", "x.md")

    assert schema.validate(doc, "x.md", CHICAGO, schema.PAGE_REQUIRED) == ({"title": "About"}, [])


def test_no_missing_key_is_claimed_when_the_yaml_itself_is_broken():
    doc = split("---\ntitle: A: B\n---\n", "x.md")

    assert schema.validate(doc, "x.md", CHICAGO) == ({}, [])


def test_every_problem_of_a_file_is_reported_not_only_the_first():
    _, problems = validate("status: live\nseries_part: 0\nserie: S\n")

    assert [p.line for p in problems] == [4, 5, 6]


def test_every_example_in_the_schema_is_itself_valid():
    extra = "".join(f"{f.name}: {f.example}\n" for f in schema.FIELDS.values() if f.name != "title")
    doc = split(f"---\ntitle: {schema.FIELDS['title'].example}\n{extra}---\n", "x.md")

    assert schema.validate(doc, "x.md", CHICAGO)[1] == []
