"""Pelican's side of the feeds: which essays go in which feed, written after the pages."""

from __future__ import annotations

from pathlib import Path

from essays.problems import Problem, report
from essays.syndication import feeds
from essays.syndication.feed_groups import ALL, grouped, series_groups, tag_groups
from essays.syndication.feeds import SWITCH, feeds_enabled
from essays.syndication.link_previews import figure_image

NO_SITE_URL = Problem(
    "pelican.conf.py",
    0,
    "feeds and the sitemap need the site's full address, but SITEURL is not one",
    "publish with: invoke publish --site-url https://your.site",
)


class SyndicationGenerator:
    """Write the feeds of a production build; Pelican calls generate_output after the pages."""

    def __init__(self, context, settings, path, theme, output_path, **_) -> None:
        self.context, self.settings, self.output = context, settings, Path(output_path)

    def generate_output(self, writer) -> None:
        if not feeds_enabled(self.settings):
            if self.settings.get(SWITCH):
                report(NO_SITE_URL)
            return
        settings = self.settings
        articles = sorted(self.context["articles"], key=lambda a: (a.date, a.slug), reverse=True)
        entries = {
            a.source_path: feeds.entry(a, settings, getattr(figure_image(a, settings), "url", None))
            for a in articles
        }
        feeds.write(self.output, ALL, [entries[a.source_path] for a in articles], settings)
        for key in (tag_groups, series_groups):
            for group, members in grouped(articles, key).items():
                feeds.write(self.output, group, [entries[a.source_path] for a in members], settings)


def add_generator(pelican) -> type[SyndicationGenerator]:
    """Give Pelican the generator that writes the feeds."""
    return SyndicationGenerator
