"""What Pelican calls for essay bodies: the resized photos of every written page."""

from __future__ import annotations

from pathlib import Path

from essays.body.images import publish_variants
from essays.content_files import every_item


def publish_figure_variants(generator) -> None:
    """Copy the resized photos of every page that is written into the output."""
    settings = generator.settings
    items = [i for i in every_item(generator) if i.status != "draft" or settings["DRAFT_SAVE_AS"]]
    variants = {v for item in items for v in item.metadata.get("figure_variants", [])}
    publish_variants(
        sorted(variants, key=lambda v: v.path),
        Path(settings["CACHE_PATH"]) / "images",
        Path(generator.output_path),
    )
