"""Links from published content to an essay that is not out: a draft, or one scheduled later.

Pelican would quietly point such a link at the home page (the draft has no page
on the published site) and say only "Unable to find ..., skipping url replacement".
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from essays.content_files import display_path, every_item
from essays.problems import Problem, report
from essays.status.state import item_state

# How a link to an unpublished essay is reported: an error (publish, check-content),
# or a warning in development, where the draft has a page to link to.
LEVEL_SETTING = "ESSAYS_UNPUBLISHED_LINKS"


def unpublished_link_problems(items: Sequence[Any], settings: Mapping[str, Any]) -> list[Problem]:
    """Each link from a published essay or page to a draft or a scheduled essay, at its line."""
    root, now = Path(os.path.abspath(settings["PATH"])), datetime.now(UTC)
    states = {relative(item.source_path, root): (item, item_state(item, now)) for item in items}
    level = settings.get(LEVEL_SETTING, "error")
    problems = []
    for item in items:
        if item_state(item, now) != "published":
            continue
        for target, line, written in item.metadata.get("essay_links", []):
            linked, linked_state = states.get(target, (None, "published"))
            if linked_state in ("draft", "scheduled"):
                problems.append(
                    Problem(
                        display_path(item.source_path),
                        line,
                        f"link to {why(linked, linked_state)}: {written}",
                        "readers of the published site would find no page there: take "
                        "the link out until that essay is out, then put it back",
                        level=level,
                    )
                )
    return problems


def why(item, linked_state: str) -> str:
    if linked_state == "scheduled":
        return f"an essay scheduled for {item.date:%B %-d, %Y}, not out yet"
    return "a draft essay (status: draft), not published"


def relative(source_path: str, root: Path) -> str:
    return os.path.relpath(os.path.abspath(source_path), root).replace(os.sep, "/")


def refuse_unpublished_links(generators) -> None:
    """Report links to drafts and scheduled essays from every published essay and page."""
    items = [item for generator in generators for item in every_item(generator)]
    if items:
        for problem in unpublished_link_problems(items, generators[0].settings):
            report(problem)
