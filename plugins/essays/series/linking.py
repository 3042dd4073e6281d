"""Give every essay of a series its `series`: position, neighbours and the list of parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from essays.addresses import slug_for
from essays.content_files import display_path
from essays.problems import Problem, report
from essays.series import model


@dataclass(frozen=True)
class SeriesInfo:
    """What templates show of a series; `part`, `previous` and `next` are per essay."""

    name: str
    slug: str
    url: str  # "" when no part is published: the series then has no page
    save_as: str
    articles: tuple[Any, ...]  # published parts, in order
    part: int | None = None
    previous: Any = None
    next: Any = None

    @property
    def total(self) -> int:
        return len(self.articles)

    @property
    def first(self) -> Any:
        return self.articles[0] if self.articles else None

    @property
    def last(self) -> Any:
        return self.articles[-1] if self.articles else None


def link_series(generator) -> None:
    """Set `article.series` on every part and `all_series` in the context; report problems."""
    items = generator.articles + generator.drafts + generator.hidden_articles
    by_path = {display_path(item.source_path): item for item in items}
    found, problems = collect_series(items, generator.settings)
    for item in items:  # `series` holds the front matter's text until now
        item.series = None
    for problem in problems:
        report(problem)
    infos = [attach(each, by_path, generator.settings) for each in found]
    listed = sorted((i for i in infos if i.articles), key=lambda i: (i.name.casefold(), i.slug))
    generator.context["all_series"] = listed


def collect_series(items: Sequence[Any], settings: Mapping[str, Any]) -> tuple[list, list]:
    """Group the essays that name a series into series; return them and their problems."""
    named = [item for item in items if {"series", "series_part"} & set(item.metadata)]
    return model.collect(
        (part(display_path(item.source_path), item) for item in named),
        lambda name: slug_for(name, settings),
    )


def series_problems(items: Sequence[Any], settings: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the series these essays make: numbering, spelling, gaps."""
    return collect_series(items, settings)[1]


def attach(each: model.Series, by_path: dict[str, Any], settings: dict) -> SeriesInfo:
    """Give every part of one series its own `series`; return what the parts share."""
    info = series_info(each, by_path, settings)
    for path, place in model.place(each).items():
        previous, next_ = (by_path[p.path] if p else None for p in (place.previous, place.next))
        by_path[path].series = replace(info, part=place.part, previous=previous, next=next_)
    return info


def part(path: str, item) -> model.Part:
    """Make the model's record of one essay."""
    meta = item.metadata
    return model.Part(
        path=path,
        title=item.title,
        slug=item.slug,
        date=item.date,
        name=meta.get("series", ""),
        number=meta.get("series_part"),
        status=item.status,
        line=meta.get("series_line", 0),
        number_line=meta.get("series_part_line", 0),
    )


def series_info(each: model.Series, by_path: dict[str, Any], settings: dict) -> SeriesInfo:
    """Make the shared part of every essay's `series`, and of the series page."""
    articles = tuple(by_path[p.path] for p in each.published)
    url = settings["SERIES_URL"].format(slug=each.slug)
    save_as = settings["SERIES_SAVE_AS"].format(slug=each.slug)
    return SeriesInfo(each.name, each.slug, url if articles and save_as else "", save_as, articles)
