"""Web addresses: one slug rule for every tool, and no two files at one address."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.utils import slugify

from .problems import Problem


@dataclass(frozen=True)
class Claim:
    """A file's claim on a web address: essays and pages have separate address spaces."""

    path: str  # the file, as shown in messages
    line: int  # the line of its `slug:` key, or 1 when the slug comes from the file name
    kind: str  # "essay" or "page"
    slug: str


def slug_for(text: str, settings: Mapping[str, Any]) -> str:
    """Turn a title or file name into a slug exactly as Pelican does with these settings."""
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
