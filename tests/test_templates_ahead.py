"""A cold build compiles the theme's templates once, while Pelican makes the essays."""

from __future__ import annotations

import os
from pathlib import Path

from toolkit import build as site
from toolkit.settings import DEV, load_settings
from toolkit.templates_ahead import template_names


def test_a_cold_build_compiles_even_the_templates_none_of_its_pages_use(tmp_path):
    """One essay: no series, no page. Their templates are compiled ahead all the same."""
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    (essays / "alone.md").write_text(
        "---\ntitle: Alone\ndate: 2024-03-01\n---\n\nA single essay.\n", encoding="utf-8"
    )
    settings = load_settings(
        {
            **DEV,
            "PATH": str(tmp_path / "content"),
            "OUTPUT_PATH": str(tmp_path / "preview"),
            "CACHE_PATH": str(tmp_path / "cache"),
        }
    )

    result = site.build(settings, keep_unchanged=True)

    assert not result.problems, result.report()
    cache = settings["JINJA_ENVIRONMENT"]["bytecode_cache"]
    folder = Path(settings["THEME"]) / "templates"
    names = template_names([folder])
    compiled = set(os.listdir(cache.directory))
    missing = [
        name
        for name in names
        if cache.pattern % cache.get_cache_key(name, str(folder / name)) not in compiled
    ]
    assert {"series.html", "page.html", "article.html"} <= set(names) and missing == []
