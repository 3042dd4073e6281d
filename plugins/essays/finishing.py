"""The last step of a build, once every page is written: sitemap, scripts, CSS, `_headers`."""

from __future__ import annotations

from essays.assets import finish_assets, finish_scripts
from essays.syndication.sitemap import write_sitemap


def finish_site(pelican) -> None:
    """Write sitemap.xml and robots.txt, then the fingerprinted stylesheets and `_headers`.

    One receiver, in this order: `_headers` gives a caching rule to every file in
    the output, sitemap.xml's included, so it must come last. Two `finalized`
    receivers would run in whatever order blinker keeps, which nothing promises.
    """
    write_sitemap(pelican)
    finish_scripts(pelican)
    finish_assets(pelican)
