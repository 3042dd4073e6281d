"""Atom, RSS and JSON feeds of the essays: full text, absolute URLs, ids that never move."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import escape

from essays.body.html_text import absolute_urls, plain_text
from essays.syndication.feed_groups import ALL, Group
from essays.syndication.reproducible import source_date

SWITCH = "ESSAYS_FEEDS_AND_SITEMAP"
JSON_FEED = "feed.json"
TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True)
class Entry:
    """One essay as every feed shows it."""

    id: str
    url: str
    title: str  # plain text
    html: str  # the content note, then the full essay, every URL absolute
    summary_html: str | None
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    image: str | None


def feeds_enabled(settings: Any) -> bool:
    """Feeds and the sitemap are on in production builds, whose SITEURL is absolute."""
    return bool(settings.get(SWITCH)) and urlsplit(settings["SITEURL"]).scheme in (
        "http",
        "https",
    )


def feed_path(group: Group, kind: str) -> str:
    """Return where a group's feed of a kind ("atom", "rss", "json") lives in the site."""
    if kind == "json":
        return JSON_FEED
    name = "all" if group.kind == "all" else f"{group.kind}/{group.slug}"
    return f"feeds/{name}.{kind}.xml"


def stable_id(namespace: str, name: str) -> str:
    """Return a urn:uuid made from the site's fixed id and a name: no URL goes into it."""
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(namespace), name)}"


def entry_id(namespace: str, slug: str, date: datetime) -> str:
    """Return an essay's feed id: it changes only with its slug or the day of its date."""
    return stable_id(namespace, f"essay/{slug}/{date:%Y-%m-%d}")


def entry(article: Any, settings: Any, image: str | None) -> Entry:
    """Describe a published essay for the feeds (its content with absolute URLs)."""
    url = f"{settings['SITEURL']}/{article.url}"
    note = article.metadata.get("content_note")
    note_html = content_note_html(note, settings) if note else ""
    summary = article.metadata.get("summary")
    return Entry(
        id=entry_id(settings["ESSAYS_FEED_ID"], article.slug, article.date),
        url=url,
        title=article.title,
        html=absolute_urls(note_html + article.content, url),
        summary_html=absolute_urls(summary, url) if summary else None,
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple(str(author) for author in article.authors),
        tags=tuple(str(tag) for tag in getattr(article, "tags", [])),
        image=image,
    )


def content_note_html(note: str, settings: Any) -> str:
    """The content note as a feed shows it, with the way to the support page."""
    support = f"{settings['SITEURL']}/{settings['SUPPORT_URL']}"
    return (
        f"<p><strong>Content note:</strong> {escape(note)}</p>\n"
        f'<p>If this is hard to read, <a href="{escape(support)}">support is here</a>.</p>\n'
    )


def syndication_feed(kind: str, group: Group, entries: list[Entry], settings: Any):
    """Build the Atom or RSS feed of a group with feedgenerator."""
    site, name = settings["SITEURL"], settings["SITENAME"]
    feed = (Atom1Feed if kind == "atom" else Rss201rev2Feed)(
        title=f"{name}: {group.label}" if group.label else name,
        link=f"{site}/{group.page_url}",
        description=settings["SITESUBTITLE"],
        language=settings["DEFAULT_LANG"],
        feed_url=f"{site}/{feed_path(group, kind)}",
        feed_guid=stable_id(settings["ESSAYS_FEED_ID"], f"feed/{group.kind}/{group.slug}"),
    )
    for item in entries:
        feed.add_item(
            title=item.title,
            link=item.url,
            # Atom has room for both; RSS readers show `description`, so it holds it all.
            description=item.summary_html if kind == "atom" else item.html,
            content=item.html if kind == "atom" else None,
            author_name=", ".join(item.authors),
            pubdate=item.published,
            updateddate=item.updated,
            unique_id=item.id,
            unique_id_is_permalink=False,
            categories=list(item.tags),
        )
    if not entries:
        # feedgenerator dates a feed by its newest entry and falls back to the build's
        # clock without one (a new site, or essays all waiting for their day).
        feed.latest_post_date = source_date
    return feed


def json_feed(entries: list[Entry], settings: Any) -> dict[str, Any]:
    """Build the JSON Feed 1.1 of all essays (https://www.jsonfeed.org/version/1.1/)."""
    site = settings["SITEURL"]
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": settings["SITENAME"],
        "home_page_url": f"{site}/",
        "feed_url": f"{site}/{JSON_FEED}",
        "description": settings["SITESUBTITLE"],
        "language": settings["DEFAULT_LANG"],
        "authors": [{"name": settings["AUTHOR"]}],
        "items": [json_item(item) for item in entries],
    }


def json_item(item: Entry) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.html,
        "summary": plain_text(item.summary_html) if item.summary_html else None,
        "image": item.image,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name} for name in item.authors],
        "tags": list(item.tags),
    }
    return {key: value for key, value in fields.items() if value not in (None, [])}


def write(output: Path, group: Group, entries: list[Entry], settings: Any) -> None:
    """Write a group's Atom and RSS feeds (and, for all essays, the JSON Feed)."""
    for kind in ("atom", "rss"):
        target = output / feed_path(group, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as file:
            syndication_feed(kind, group, entries, settings).write(file, "utf-8")
    if group == ALL:
        text = json.dumps(json_feed(entries, settings), ensure_ascii=False, indent=1)
        (output / JSON_FEED).write_text(text + "\n", encoding="utf-8")
