"""The checks across content files: one list, run by the build and by `invoke check-content`.

Each takes every essay and page read (Pelican's content objects in a build, the
checker's records in check-content) and the settings, and returns problems. The
build runs each where its result is needed (addresses before taxonomies, series
before linking); tests/test_check_content_in_step.py holds the two to the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from essays.addresses import address_problems
from essays.problems import Problem
from essays.series.linking import series_problems
from essays.status.links import unpublished_link_problems

Check = Callable[[Sequence[Any], Mapping[str, Any]], list[Problem]]

ACROSS_FILES: tuple[Check, ...] = (
    address_problems,  # one file per web address; sections; one spelling per tag
    series_problems,  # series numbering and spelling
    unpublished_link_problems,  # links to drafts and scheduled essays
)
