"""Web addresses: the one slug rule, and no two files at one address."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pelican.utils import slugify

from essays.content_files import ITEM_LISTS, display_path, every_item, kind_of
from essays.problems import Problem, report


@dataclass(frozen=True)
class Claim:
    """A file's claim on a web address: essays and pages have separate address spaces."""

    path: str  # the file, as shown in messages
    line: int  # the line of its `slug:` key, or 1 when the slug comes from the file name
    kind: str  # "essay" or "page"
    slug: str


def slug_for(text: str, settings: Mapping[str, Any]) -> str:
    """Turn a title, series name or file name into a slug, as Pelican does with these settings.

    Essays, tags, series and photo copies all take their slugs from here (pelican.conf.py's
    SLUG_REGEX_SUBSTITUTIONS reads "&" as "and").
    """
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def file_slug(source_path: str, settings: Mapping[str, Any]) -> str:
    """The slug Pelican gives a file without a `slug:` key (SLUGIFY_SOURCE = basename)."""
    return slug_for(os.path.splitext(os.path.basename(source_path))[0], settings)


def clashes(claims: Iterable[Claim]) -> list[Problem]:
    """Report each file whose address an earlier file (by path) already has, naming both."""
    owners: dict[tuple[str, str], Claim] = {}
    problems = []
    for claim in sorted(claims, key=lambda c: (c.path, c.line)):
        owner = owners.setdefault((claim.kind, claim.slug), claim)
        if owner is not claim:
            problems.append(
                Problem(
                    claim.path,
                    claim.line,
                    f"this {claim.kind} has the same web address as {owner.path} "
                    f"(slug `{claim.slug}`), so one would replace the other",
                    "give one of them its own `slug:` line, or rename one of the files",
                )
            )
    return problems


@dataclass(frozen=True)
class TagUse:
    """One essay's spelling of a tag, at its `tags:` line."""

    path: str
    line: int
    name: str
    slug: str


def site_sections(settings: Mapping[str, Any]) -> dict[str, str]:
    """The folders whose index page the site makes itself: {"tags": "tags", ...}.

    Read from every fixed `*_SAVE_AS` setting of the form `folder/index.html`, so a
    section added to pelican.conf.py is protected without a change here.
    """
    sections = {}
    for key, value in settings.items():
        if key.endswith("_SAVE_AS") and isinstance(value, str) and "{" not in value:
            folder = value.removesuffix("index.html").strip("/")
            if folder and value.endswith("/index.html"):
                sections[folder] = key.removesuffix("_SAVE_AS").lower().replace("_", " ")
    return sections


def section_clashes(claims: Iterable[Claim], settings: Mapping[str, Any]) -> list[Problem]:
    """Report each page whose address is a folder the site writes its own index page in."""
    sections = site_sections(settings)
    return [
        Problem(
            c.path,
            c.line,
            f"this page's web address /{c.slug}/ is where the site puts its own "
            f"{sections[c.slug]} page, so one would replace the other",
            "give the page its own `slug:` line, or rename the file",
        )
        for c in claims
        if c.kind == "page" and c.slug in sections
    ]


def tag_clashes(uses: Iterable[TagUse]) -> list[Problem]:
    """Report each tag spelled differently from an earlier tag with the same address."""
    first: dict[str, TagUse] = {}
    problems = []
    for use in sorted(uses, key=lambda u: (u.path, u.line)):
        owner = first.setdefault(use.slug, use)
        if owner.name != use.name:
            where = "in this essay" if owner.path == use.path else f"in {owner.path}"
            problems.append(
                Problem(
                    use.path,
                    use.line,
                    f"the tags `{use.name}` and `{owner.name}` ({where}) would share one "
                    f"web address, /tags/{use.slug}/",
                    f"spell the tag the same way everywhere (`{owner.name}`), "
                    "or choose a word that differs in letters or digits",
                )
            )
    return problems


def tag_uses(item, settings: Mapping[str, Any], slugs: dict[str, str]) -> list[TagUse]:
    """The tags an essay read by Pelican uses, with its `tags:` line.

    `slugs` holds the slug of each tag name met so far in this build: a site has a
    few dozen tags over hundreds of essays, and slugify is slow.
    """
    line = item.metadata.get("front_matter_lines", {}).get("tags", 1)
    path = display_path(item.source_path)
    names = dict.fromkeys(str(tag) for tag in getattr(item, "tags", []))
    for name in names.keys() - slugs.keys():
        slugs[name] = slug_for(name, settings)
    return [TagUse(path, line, name, slugs[name]) for name in names]


def refuse_shared_addresses(generator) -> None:
    """Report files that share a web address, and leave all but the first unwritten.

    Pelican would otherwise stop with FileOverwriteFailedError at the second file.
    Runs before tags and archives are built, so the left-out file is in no list.
    Also: a page at a section's address, and two spellings of one tag.
    """
    problems = address_problems(every_item(generator), generator.settings)
    for problem in problems:
        report(problem)
    clashing = {problem.path for problem in problems}
    for name in ITEM_LISTS:
        items = getattr(generator, name, [])
        items[:] = [item for item in items if display_path(item.source_path) not in clashing]


def address_problems(items: Sequence[Any], settings: Mapping[str, Any]) -> list[Problem]:
    """Every file that shares a web address with another, or a section's, or a tag's spelling."""
    claims = [claim(item, settings) for item in items]
    problems = clashes(claims) + section_clashes(claims, settings)
    slugs: dict[str, str] = {}  # each tag name slugified once in this check
    return problems + tag_clashes(u for item in items for u in tag_uses(item, settings, slugs))


def claim(item, settings: Mapping[str, Any]) -> Claim:
    """The address an essay or page read by Pelican asks for, at its `slug:` line."""
    line = item.metadata.get("front_matter_lines", {}).get("slug", 1)
    kind = kind_of(item.source_path, settings) or "essay"
    return Claim(display_path(item.source_path), line, kind, item.slug)
