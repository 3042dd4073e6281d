"""The search index: Pagefind reads the staged site and writes pagefind/ beside it.

Pagefind (https://pagefind.app) comes from PyPI with its binary (`pagefind[bin]`), so
publishing never downloads anything. Only published essays are indexed: the essay
template marks them with `data-pagefind-body` (their title, body, topics and series);
EXCLUDED keeps the byline, notes and links around the text out of results.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from essays.problems import Problem

BUNDLE = "pagefind"  # SEARCH_BUNDLE_URL in pelican.conf.py names the same folder
# What Pagefind prints when some page marks what to index (none: it indexes every page).
FOUND_MARK = "Found a data-pagefind-body element"
# Inside an essay's <article>, what is not the essay's own words or topics.
EXCLUDED = (".draft-banner", ".byline", ".content-note", ".series-nav", ".share", ".tags-title")
# Files of Pagefind's bundle the search page never loads: its ready-made interfaces
# (theme/static/js/search.js is ours) and its worker (the policy allows no worker).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
TIME_LIMIT = 600  # seconds: far beyond what thousands of essays take
HINT = "tell a developer: `pip install -e .` installs Pagefind (pagefind[bin] in pyproject.toml)"


def pagefind_command(site: Path) -> list[str] | None:
    """The Pagefind command that indexes site; None when its binary is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    excluded = [arg for selector in EXCLUDED for arg in ("--exclude-selectors", selector)]
    return [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE, *excluded]


def index_site(site: Path) -> list[Problem]:
    """Write the search index of the built site into site/pagefind/; problems if it fails."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)  # a folder of that name is not ours
    command = pagefind_command(site)
    if command is None:
        return [Problem(BUNDLE, 0, "Pagefind is not installed: no search index", HINT)]
    # Run from an empty folder with no PAGEFIND_ variables: a pagefind.yml in the working
    # folder, or the environment, would otherwise change what is indexed.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as cwd:
        try:
            run = subprocess.run(
                command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIME_LIMIT
            )
        except subprocess.TimeoutExpired:
            return [Problem(BUNDLE, 0, f"Pagefind ran past {TIME_LIMIT} s", HINT)]
    if run.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        last = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        return [Problem(BUNDLE, 0, f"Pagefind failed: {last[0]}", HINT)]
    if FOUND_MARK not in run.stdout:  # no published essay: Pagefind indexed every page
        shutil.rmtree(site / BUNDLE)
        return []
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    return []
