"""At The Roots' essay plugin: one YAML-aware reader, checked content, figures."""

from __future__ import annotations

from pelican import signals

from .checks import (
    publish_figure_variants,
    refuse_shared_addresses,
    report_stored_warnings,
    use_essay_reader,
)
from .neighbours import link_neighbours


def register() -> None:
    signals.readers_init.connect(use_essay_reader)
    signals.article_generator_pretaxonomy.connect(refuse_shared_addresses)
    signals.page_generator_finalized.connect(refuse_shared_addresses)
    signals.article_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.page_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(publish_figure_variants)
    signals.page_generator_finalized.connect(publish_figure_variants)
