"""Tasks for writers and developers: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from essays import build as site  # noqa: E402 - needs the plugins folder on the path

OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
ESSAYS = ROOT / "content" / "essays"
HOST, PORT = "127.0.0.1", 8000
# Development: drafts and future-dated essays are shown (drafts with a banner).
DEV = {
    "SITEURL": "",
    "WITH_FUTURE_DATES": True,
    "DRAFT_URL": "drafts/{slug}/",
    "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "DRAFT_PAGE_URL": "drafts/pages/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}/index.html",
}
# Publishing: pelican.conf.py's safe defaults, plus feeds and the absolute URL.
PUBLISH = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "RSS_FEED_SUMMARY_ONLY": False,
}


@task
def build(c):
    """Development build into output/ (drafts shown); fails on any error or warning."""
    _build_or_exit(DEV)


@task(help={"site_url": "absolute site address, e.g. https://example.org (or set SITEURL)"})
def publish(c, site_url=""):
    """Production build: absolute URLs, feeds on, drafts and future essays left out."""
    url = (site_url or os.environ.get("SITEURL", "")).rstrip("/")
    if not url.startswith(("https://", "http://")):
        sys.exit(
            "publish needs the site's address: invoke publish --site-url https://... "
            "(or set SITEURL)"
        )
    _build_or_exit({**PUBLISH, "SITEURL": url})


@task
def serve(c, port=PORT):
    """Build, then preview at http://127.0.0.1:8000 and rebuild on every save."""
    from essays.preview import serve as run_preview

    run_preview(
        DEV,
        HOST,
        int(port),
        watch=[ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelican.conf.py"],
    )


@task
def clean(c):
    """Remove the generated site and the build cache."""
    for folder in (OUTPUT, CACHE):
        shutil.rmtree(folder, ignore_errors=True)
    print("removed output/ and cache/")


@task(help={"title": "the essay's title, in quotes"})
def new(c, title):
    """Start a new draft essay: invoke new "My title"."""
    from pelican.utils import slugify

    slug = slugify(title, regex_subs=site.load_settings(DEV)["SLUG_REGEX_SUBSTITUTIONS"])
    path = ESSAYS / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path.relative_to(ROOT)} already exists; choose another title")
    today = datetime.now(ZoneInfo(site.load_settings(DEV)["TIMEZONE"])).date()
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        f'---\ntitle: "{safe_title}"\ndate: {today.isoformat()}\nstatus: draft\n'
        f'summary: ""\n---\n\nWrite here.\n',
        encoding="utf-8",
    )
    print(path.relative_to(ROOT))


@task(help={"essays": "how many synthetic essays (500)", "runs": "runs per figure (3)"})
def bench(c, essays=500, runs=3):
    """Time builds and the preview against vanilla Pelican 4.12; print the table."""
    script = ROOT / "tests" / "benchmarks" / "bench.py"
    c.run(f"{sys.executable} {script} --essays {int(essays)} --runs {int(runs)}", pty=False)


@task(help={"args": "extra arguments for pytest, e.g. -k figures"})
def test(c, args=""):
    """Run the whole test suite (browser tests use Debian's chromium)."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


def _build_or_exit(overrides: dict) -> None:
    result = site.build(site.load_settings(overrides), strict=True)
    if result.problems:
        print(result.report(), file=sys.stderr)
    if result.failed(strict=True):
        count = len(result.problems)
        sys.exit(f"build failed: {count} problem{'s' * (count != 1)}; output/ was left as it was")
    print(f"built {result.output.relative_to(ROOT)}/ in {result.seconds:.2f}s")
