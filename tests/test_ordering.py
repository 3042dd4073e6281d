"""Essays of one day keep one order in every list, whatever order Pelican found their files in."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from essays.ordering import in_stable_order


def essay(name: str, day: int) -> SimpleNamespace:
    return SimpleNamespace(source_path=f"content/essays/{name}.md", date=datetime(2024, 6, day))


@pytest.mark.parametrize(
    "found, expected",
    [
        pytest.param(["b:1", "a:1", "c:1"], ["a", "b", "c"], id="same-day-by-file-name"),
        pytest.param(["c:1", "b:1", "a:1"], ["a", "b", "c"], id="same-day-found-reversed"),
        pytest.param(["a:1", "b:3", "c:2"], ["b", "c", "a"], id="newest-first-by-date"),
        pytest.param(["z:2", "b:1", "a:2"], ["a", "z", "b"], id="ties-inside-a-date-order"),
    ],
)
def test_essays_of_one_day_keep_one_order(found, expected):
    items = [essay(name, int(day)) for name, day in (entry.split(":") for entry in found)]

    ordered = in_stable_order(items, "reversed-date")

    assert [item.source_path.rsplit("/", 1)[1].removesuffix(".md") for item in ordered] == expected
