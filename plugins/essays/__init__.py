"""At The Roots' essay plugin: what Pelican loads (PLUGINS = ["essays"]); runs inside Pelican.

Subpackages by concern: reading/ (front matter, schema, the reader), body/ (figures,
photos, local links), series/, syndication/ (feeds, sitemap, link previews). The
tools that run around Pelican (build driver, preview, publishing gate) are in
plugins/toolkit/, which this package never imports.
"""

from __future__ import annotations

from pelican import signals

from essays.addresses import refuse_shared_addresses
from essays.assets import add_security_meta, name_stylesheets
from essays.body.receivers import publish_figure_variants
from essays.finishing import finish_site
from essays.neighbours import link_neighbours
from essays.ordering import order_same_day
from essays.reading.receivers import report_stored_warnings, use_essay_reader
from essays.related import link_related
from essays.series.linking import link_series
from essays.series.pages import add_series_pages
from essays.status.drafts_page import add_unpublished_page, mark_publication
from essays.status.links import refuse_unpublished_links
from essays.syndication.feed_writer import add_generator
from essays.syndication.link_previews import add_page_meta
from essays.syndication.share_card import add_share_cards
from essays.template_helpers import add_template_helpers


def register() -> None:
    """Connect each receiver to its Pelican signal; no receiver relies on another's order."""
    # Starting: templates learn the fingerprinted stylesheet names, page_meta() and
    # security_meta() (each page's Content-Security-Policy <meta>).
    signals.initialized.connect(name_stylesheets)
    signals.generator_init.connect(add_page_meta)
    signals.generator_init.connect(add_template_helpers)
    signals.generator_init.connect(add_security_meta)

    # Reading: every Markdown file goes through our reader (YAML front matter, figures).
    signals.readers_init.connect(use_essay_reader)

    # Checking across files: one file per address (essays before tags are made), and
    # the warnings each reading stored, also when it came from the cache.
    signals.article_generator_pretaxonomy.connect(refuse_shared_addresses)
    # Ordering: essays of one day in one order every build (Pelican's depends on hashing).
    signals.article_generator_pretaxonomy.connect(order_same_day)
    signals.page_generator_finalized.connect(refuse_shared_addresses)
    signals.article_generator_finalized.connect(report_stored_warnings)
    signals.page_generator_finalized.connect(report_stored_warnings)
    # Links to drafts and scheduled essays, once essays and pages are all read.
    signals.all_generators_finalized.connect(refuse_unpublished_links)

    # Linking: older/newer essays and series parts (each reads only what reading set).
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(link_series)
    signals.article_generator_finalized.connect(link_related)
    signals.article_generator_finalized.connect(mark_publication)

    # Writing: the photos' resized copies, the share cards of essays without a photo,
    # the series pages, the feeds (Pelican runs generators from get_generators after
    # its own, so every essay is linked by then).
    signals.article_generator_finalized.connect(publish_figure_variants)
    signals.page_generator_finalized.connect(publish_figure_variants)
    signals.article_generator_finalized.connect(add_share_cards)
    signals.get_generators.connect(add_series_pages)
    signals.get_generators.connect(add_generator)
    signals.get_generators.connect(add_unpublished_page)

    # Finishing, once every page is written: sitemap, stylesheets, then `_headers` last.
    signals.finalized.connect(finish_site)
