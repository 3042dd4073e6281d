"""At The Roots' essay plugin: one YAML-aware reader, checked content, figures."""

from __future__ import annotations

from pelican import signals

from .assets import finish_assets, name_stylesheets
from .checks import publish_figure_variants, report_stored_warnings, use_essay_reader
from .neighbours import link_neighbours
from .reproducible import pin_empty_feed_date


def register() -> None:
    signals.readers_init.connect(use_essay_reader)
    signals.article_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.page_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(publish_figure_variants)
    signals.page_generator_finalized.connect(publish_figure_variants)
    signals.initialized.connect(name_stylesheets)
    signals.finalized.connect(finish_assets)
    signals.feed_generated.connect(pin_empty_feed_date)
