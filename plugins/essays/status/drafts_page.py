"""The preview's own page: every draft and scheduled essay, linked from their banners.

Only a development build writes it (ESSAYS_UNPUBLISHED_SAVE_AS is set by the DEV
overrides); a published site has no drafts to list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pelican.generators import Generator

from essays.status.state import item_state


@dataclass(frozen=True)
class Unpublished:
    """One essay the published site does not show yet, as the preview lists it."""

    article: Any
    state: str  # "draft" or "scheduled"


def unpublished(items: Sequence[Any], now: datetime) -> list[Unpublished]:
    """The drafts (by title) and then the scheduled essays (soonest first)."""
    found = [Unpublished(item, item_state(item, now)) for item in items]
    drafts = sorted((u for u in found if u.state == "draft"), key=lambda u: u.article.title)
    later = sorted((u for u in found if u.state == "scheduled"), key=lambda u: u.article.date)
    return drafts + later


def mark_publication(generator) -> None:
    """Give each essay `publication` (for its banner); list the unpublished in the context."""
    now = datetime.now(UTC)
    items = generator.articles + generator.drafts
    for item in items + getattr(generator, "hidden_articles", []):
        item.publication = item_state(item, now)
    generator.context["unpublished_essays"] = unpublished(items, now)


class UnpublishedPage(Generator):
    def generate_output(self, writer) -> None:
        save_as = self.settings.get("ESSAYS_UNPUBLISHED_SAVE_AS", "")
        if save_as:
            writer.write_file(
                save_as,
                self.get_template("unpublished"),
                self.context,
                self.settings["RELATIVE_URLS"],
                template_name="unpublished",
                url=self.settings.get("ESSAYS_UNPUBLISHED_URL", ""),
            )


def add_unpublished_page(pelican) -> type[Generator]:
    """Hand Pelican the generator of the preview's list of drafts and scheduled essays."""
    return UnpublishedPage
