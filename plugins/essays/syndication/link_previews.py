"""What machines read about a page: its address, description, share card, data and feeds."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import pass_context
from markupsafe import Markup

from essays.body.html_text import plain_text
from essays.body.local_links import resolve
from essays.syndication.feed_groups import ALL, Group, series_group, series_groups, tag_group
from essays.syndication.feeds import TYPES, feed_path, feeds_enabled

HIDDEN_STATUSES = ("draft", "hidden")
# The titles and descriptions of pages made from a template alone (DIRECT_TEMPLATES).
TEMPLATE_PAGES = {
    "support": ("If you need support now", "Services to call or text, free and at any hour."),
    "subscribe": ("Follow the essays", "Every new essay in a feed reader, with no account."),
}
FEED_NAMES = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}


@dataclass(frozen=True)
class Image:
    url: str
    alt: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    type: str


@dataclass(frozen=True)
class PageMeta:
    """Everything partials/meta.html prints, prepared so the template only prints."""

    title: str  # plain text
    description: str  # plain text
    url: str | None  # the canonical address; None on the 404 page
    type: str  # OpenGraph type: "article" for essays, "website" for the rest
    image: Image
    updated: str | None = None  # ISO 8601: the essay's modified date, or a list's newest
    published: str | None = None
    tags: tuple[str, ...] = ()
    robots: str | None = None  # "noindex" for drafts, hidden essays and the 404 page
    feeds: tuple[FeedLink, ...] = ()
    json_ld: Markup | None = None


@pass_context
def page_meta(context) -> PageMeta:
    """Describe the page being rendered, from its template context."""
    if context.get("article") is not None:
        return item_meta(context["article"], context, essay=True)
    if context.get("page") is not None:
        return item_meta(context["page"], context, essay=False)
    return listing_meta(context)


def item_meta(item: Any, settings: Any, essay: bool) -> PageMeta:
    """Describe an essay or a standalone page."""
    url = f"{settings['SITEURL']}/{item.url}"
    date = item.metadata.get("date")  # pages may have none
    updated = getattr(item, "modified", None) or date
    meta = PageMeta(
        title=item.title,
        description=plain_text(item.summary) or settings["SITESUBTITLE"],
        url=url,
        type="article" if essay else "website",
        image=figure_image(item, settings) or card_image(item, settings) or default_image(settings),
        updated=updated.isoformat() if updated else None,
        published=date.isoformat() if essay and date else None,
        tags=tuple(str(tag) for tag in getattr(item, "tags", [])),
        robots="noindex" if item.status in HIDDEN_STATUSES else None,
        feeds=feed_links(settings, series_groups(item) if essay else []),
    )
    return replace(meta, json_ld=json_ld(blog_posting(item, meta, settings))) if essay else meta


def listing_meta(context: Any) -> PageMeta:
    """Describe a list of essays (home, archive, topics, a topic, a series) or the 404 page."""
    tag, missing = context.get("tag"), context.get("page_name") == "404"
    series = context.get("series")
    groups = [tag_group(tag)] if tag else [series_group(series)] if series else []
    dates = [getattr(a, "modified", None) or a.date for a in context.get("articles") or []]
    path = context.get("output_file", "").removesuffix("index.html")
    title, description = listing_words(context)
    return PageMeta(
        title=title,
        description=description,
        url=None if missing else f"{context['SITEURL']}/{path}",
        type="website",
        image=default_image(context),
        updated=max(dates).isoformat() if dates and not missing else None,
        robots="noindex" if missing else None,
        feeds=feed_links(context, groups),
    )


def listing_words(context: Any) -> tuple[str, str]:
    """The title and description of a page that is not an essay's or a content page's."""
    tag, series = context.get("tag"), context.get("series")
    if tag:
        return f"Essays about {tag}", context["SITESUBTITLE"]
    if series:
        return series.name, series_description(series)
    for name, words in TEMPLATE_PAGES.items():  # Pelican names such a page by its SAVE_AS
        if context.get("page_name") == posixpath.splitext(context[f"{name.upper()}_SAVE_AS"])[0]:
            return words
    return context["SITENAME"], context["SITESUBTITLE"]


def series_description(series: Any) -> str:
    """A series page's own description: how many essays, and the series' name."""
    return f"A series of {series.total} essay{'s' * (series.total != 1)}: {series.name}"


def figure_image(item: Any, settings: Any) -> Image | None:
    """The essay's first figure as a share image: its widest JPEG/PNG copy, or the file."""
    figures = item.metadata.get("figures") or []
    if not figures:
        return None
    figure, site = figures[0], settings["SITEURL"]
    content = Path(settings["PATH"])
    path = resolve(figure["src"], Path(item.source_path), content)
    if path is None or not path.is_relative_to(content):  # another site's photo, or an error
        remote = urlsplit(figure["src"]).scheme in ("http", "https")
        return Image(figure["src"], figure["alt"]) if remote else None
    copies = [
        v
        for v in item.metadata.get("figure_variants", [])
        if v.source == str(path) and v.format != "webp"  # WebP previews are not shown everywhere
    ]
    width, height = figure.get("width"), figure.get("height")
    if copies and width and height:
        widest = max(copies, key=lambda v: v.width)
        return Image(
            f"{site}/{widest.path}",
            figure["alt"],
            widest.width,
            round(height * widest.width / width),
        )
    return Image(
        f"{site}/{quote(path.relative_to(content).as_posix())}", figure["alt"], width, height
    )


def card_image(item: Any, settings: Any) -> Image | None:
    """The essay's own share card (essays/syndication/share_card.py), if it has one."""
    card = getattr(item, "share_card", None)
    if card is None:
        return None
    return Image(f"{settings['SITEURL']}/{card.path}", card.alt, card.width, card.height)


def default_image(settings: Any) -> Image:
    """The site's share image, for pages without a photo of their own."""
    image = settings["ESSAYS_SHARE_IMAGE"]
    url = f"{settings['SITEURL']}/{image['path']}"
    return Image(url, image["alt"], image.get("width"), image.get("height"))


def feed_links(settings: Any, groups: list[Group]) -> tuple[FeedLink, ...]:
    """The feeds a page links to: the site's, then those of its topic or series."""
    if not feeds_enabled(settings):
        return ()
    site, name = settings["SITEURL"], settings["SITENAME"]
    links = [
        FeedLink(f"{name} ({FEED_NAMES[kind]})", f"{site}/{feed_path(ALL, kind)}", TYPES[kind])
        for kind in ("atom", "rss", "json")
    ]
    links += [
        FeedLink(
            f"{name}: {group.label} ({FEED_NAMES[kind]})",
            f"{site}/{feed_path(group, kind)}",
            TYPES[kind],
        )
        for group in groups
        for kind in ("atom", "rss")
    ]
    return tuple(links)


def blog_posting(item: Any, meta: PageMeta, settings: Any) -> dict[str, Any]:
    """The schema.org BlogPosting of an essay (https://schema.org/BlogPosting)."""
    site, name = settings["SITEURL"], settings["SITENAME"]
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta.title,
        "description": meta.description,
        "url": meta.url,
        "mainEntityOfPage": meta.url,
        "datePublished": meta.published,
        "dateModified": meta.updated,
        "author": [
            {"@type": "Organization" if str(a) == name else "Person", "name": str(a)}
            for a in item.authors
        ],
        "image": meta.image.url,
        "keywords": list(meta.tags),
        "publisher": {"@type": "Organization", "name": name, "url": f"{site}/"},
    }


def json_ld(data: dict[str, Any]) -> Markup:
    """Serialise data for a <script> element: no `</script>` or `<!--` can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # <, > and & occur only inside JSON strings, where an escape means the same character.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def add_page_meta(generator) -> None:
    """Let every template call page_meta() (templates/partials/meta.html does)."""
    if hasattr(generator, "env"):
        generator.env.globals["page_meta"] = page_meta
