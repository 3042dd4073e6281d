"""At The Roots' essay plugin: one YAML-aware reader, checked content, figures, series."""

from __future__ import annotations

from pelican import signals

from .assets import finish_assets, name_stylesheets
from .checks import (
    publish_figure_variants,
    refuse_shared_addresses,
    report_stored_warnings,
    use_essay_reader,
)
from .neighbours import link_neighbours
from .series_links import link_series
from .series_pages import add_series_pages
from .share import add_page_meta
from .sitemap import write_sitemap
from .syndication import add_generator


def register() -> None:
    signals.readers_init.connect(use_essay_reader)
    signals.article_generator_pretaxonomy.connect(refuse_shared_addresses)
    signals.page_generator_finalized.connect(refuse_shared_addresses)
    signals.article_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(link_series)
    signals.get_generators.connect(add_series_pages)
    signals.page_generator_finalized.connect(report_stored_warnings)
    signals.article_generator_finalized.connect(publish_figure_variants)
    signals.page_generator_finalized.connect(publish_figure_variants)
    signals.generator_init.connect(add_page_meta)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(write_sitemap)
    signals.initialized.connect(name_stylesheets)
    signals.finalized.connect(finish_assets)
