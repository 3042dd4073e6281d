"""Tasks for writers and developers: `invoke --list` shows them all."""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from toolkit.settings import CONF, DEV, PUBLISH, load_settings  # noqa: E402 - needs plugins/
from toolkit.up_to_date import Record, next_change  # noqa: E402

if TYPE_CHECKING:
    from toolkit.build import BuildResult

OUTPUT = ROOT / "output"  # production builds only: what gets uploaded
PREVIEW = ROOT / "preview"  # invoke build and invoke serve: drafts included
CACHE = ROOT / "cache"
# The address the last `invoke publish` built output/ for, which `invoke check` uses.
PUBLISHED_FOR = CACHE / "published-for.txt"
# What the last good `invoke build` was made from, to skip one that has nothing to do.
BUILT_FROM = CACHE / "built-from.json"
ESSAYS = ROOT / "content" / "essays"
HOST, PORT = "127.0.0.1", 8000
SCREENSHOTS = ROOT / "screenshots"
SCREENSHOT_PAGES = {
    "home": "/",
    "essay": "/essays/where-values-meet-reality/",
    "about": "/about/",
    "support": "/support/",
    "subscribe": "/subscribe/",
}
SCREENSHOT_WIDTHS = (390, 1280)
# The lock files `invoke lock` writes from pyproject.toml with `uv pip compile`: what builds
# and publishes the site, and that plus the `dev` extra (tests, lint), each pin with hashes.
LOCKS = {"requirements/site.txt": (), "requirements/dev.txt": ("--extra", "dev")}
LOCK_OPTIONS = (
    "--universal",  # one lock for Linux, macOS and Windows, with markers where they differ
    "--python-version",  # the oldest Python it must install on: 3.11.0 (Debian 12 has 3.11.2)
    "3.11",
    "--fork-strategy",  # one version of each package for every Python the lock covers
    "fewest",
    "--generate-hashes",
    "--index-url",  # PyPI's own files and hashes, whatever mirror this machine is set up with
    "https://pypi.org/simple",
    "--no-config",
    "--quiet",
)
# What `invoke new` writes: a draft the build accepts, with the optional keys to fill in.
NEW_ESSAY = """---
title: {title}
date: {date}
status: draft
# Remove the # in front of a line to use it; see the README's writer's guide.
# summary: "One or two sentences for the list of essays and link previews."
# tags: [peer support]
# content_note: "This essay talks about ..."
# series: "The name of a series this essay is part of"
# series_part: 1
# modified: {date}
# slug: {slug}
---

Write here. Delete the line `status: draft` when the essay is ready.
"""


@task
def build(c):
    """Development build into preview/ (drafts shown); fails on any error or warning."""
    record = Record(BUILT_FROM, PREVIEW)
    if record.fresh():  # checked before Pelican is even imported (toolkit/up_to_date.py)
        print("preview/ is up to date: nothing changed since the last build")
        return
    record.forget()  # until this build succeeds
    settings = load_settings(DEV)
    inputs = [settings["PATH"], settings["THEME"], *settings["PLUGIN_PATHS"], str(CONF), __file__]
    began, key = time.time(), record.inputs_key(inputs)
    result = _build_or_exit(settings, keep_unchanged=True)
    due = next_change(e.date for e in result.essays if e.state == "scheduled")
    record.remember(inputs, key, began, due)
    _exit_now()


@task(
    help={
        "site_url": "absolute site address, e.g. https://example.org (or set SITEURL)",
        "compress": "also write .gz and .br beside each text file",
        "rsync": "then upload output/ with rsync to user@host:path",
    }
)
def publish(c, site_url="", compress=False, rsync=""):
    """Production build, checked by the gate: absolute URLs, feeds, no drafts or future essays."""
    from toolkit.publish.deploy import publishing_steps, rsync_command
    from toolkit.publish.report import publish_report

    url = _site_url(site_url, "publish")
    try:  # a mistyped destination fails before the build, not after it
        command = rsync_command(OUTPUT, rsync) if rsync else None
    except ValueError as error:
        sys.exit(str(error))
    settings = load_settings({**PUBLISH, "SITEURL": url})
    result = _build_or_exit(settings, finish=publishing_steps(url, compress))
    CACHE.mkdir(exist_ok=True)
    PUBLISHED_FOR.write_text(url + "\n", "utf-8")
    print(publish_report(result.essays))
    if command:
        c.run(shlex.join(command), pty=False)


@task(
    help={
        "folder": "the built site to check (default: output)",
        "site_url": "the address it was built for (default: the last invoke publish's)",
    }
)
def check(c, folder="output", site_url=""):
    """Run the quality gate on a production build; list every problem, fail if any."""
    from toolkit.publish.gate import check as run_gate

    recorded = PUBLISHED_FOR.read_text("utf-8").strip() if PUBLISHED_FOR.is_file() else ""
    url, site_folder = _site_url(site_url, "check", recorded), ROOT / folder
    if not site_folder.is_dir():
        sys.exit(f"there is no {folder}/ to check: run invoke publish first")
    problems = run_gate(site_folder, url)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        count = len(problems)
        sys.exit(f"check failed: {count} problem{'s' * (count != 1)} in {folder}/")
    print(f"checked {folder}/: no problems")


@task
def serve(c, port=PORT):
    """Build, then preview at http://127.0.0.1:8000 and rebuild on every save."""
    from toolkit.preview.server import serve as run_preview

    run_preview(
        DEV,
        HOST,
        int(port),
        watch=[ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelican.conf.py"],
    )


@task
def clean(c):
    """Remove the generated sites (output/, preview/) and the build cache."""
    for folder in (OUTPUT, PREVIEW, CACHE, ROOT / ".preview.staging"):
        shutil.rmtree(folder, ignore_errors=True)
    print("removed output/, preview/ and cache/")


@task(help={"title": "the essay's title, in quotes"})
def new(c, title):
    """Start a new draft essay: invoke new "My title"."""
    from essays.addresses import slug_for

    settings = load_settings(DEV)
    slug = slug_for(title, settings)
    if not slug:
        sys.exit('the title needs some letters or digits: invoke new "My title"')
    path = ESSAYS / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path.relative_to(ROOT)} already exists; choose another title")
    today = datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        NEW_ESSAY.format(title=_yaml_text(title), date=today.isoformat(), slug=slug), "utf-8"
    )
    print(path.relative_to(ROOT))


@task
def check_content(c):
    """Check essays without building: invoke check-content [-- content/essays/x.md ...]."""
    from toolkit.check_content import main

    status = main(c.remainder.split())
    if status:
        sys.exit(status)


@task(
    help={
        "essays": "how many synthetic essays (500)",
        "runs": "runs per figure (3)",
        "scaling": "instead, cold and warm builds at these sizes, e.g. 1,100,500,2000",
    }
)
def bench(c, essays=500, runs=3, scaling=""):
    """Time builds and the preview against vanilla Pelican 4.12 (and Hugo); print the table."""
    script = ROOT / "tests" / "benchmarks" / "bench.py"
    sizes = f" --scaling {shlex.quote(scaling)}" if scaling else ""
    c.run(f"{sys.executable} {script} --essays {int(essays)} --runs {int(runs)}{sizes}", pty=False)


@task(help={"upgrade": "move every pin to the newest version pyproject.toml allows"})
def lock(c, upgrade=False):
    """Pin every dependency with its hashes in requirements/: run after editing pyproject.toml."""
    if importlib.util.find_spec("uv") is None:
        sys.exit("invoke lock needs uv: install requirements/dev.txt (see the README)")
    # uv keeps the pins already in a lock unless --upgrade is given; this machine's uv
    # settings (mirrors, caches of other indexes) stay out of it.
    env = {name: value for name, value in os.environ.items() if not name.startswith("UV_")}
    for output, options in LOCKS.items():
        command = [sys.executable, "-m", "uv", "pip", "compile", *LOCK_OPTIONS, *options]
        command += [*(["--upgrade"] if upgrade else []), "--output-file", output]
        with c.cd(str(ROOT)):  # relative names: the lock's header names no machine's folders
            c.run(shlex.join([*command, "pyproject.toml"]), env=env, replace_env=True, pty=False)
        print(output)


@task(help={"args": "extra arguments for pytest, e.g. -k figures"})
def test(c, args=""):
    """Run the whole test suite (browser tests use Debian's chromium)."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


@task(help={"essay": "site path of the essay to shoot, e.g. /essays/my-essay/"})
def screenshots(c, essay=SCREENSHOT_PAGES["essay"]):
    """PNGs of the home page and an essay, phone and desktop, light and dark, in screenshots/."""
    import tempfile

    from toolkit import browser
    from toolkit.build import build as build_site

    if browser.chromium_path() is None:
        sys.exit(browser.NO_CHROMIUM)
    SCREENSHOTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, browser.serve_folder(Path(tmp) / "output") as url:
        overrides = {**PUBLISH, "SITEURL": url, "OUTPUT_PATH": f"{tmp}/output"}
        result = build_site(load_settings({**overrides, "CACHE_PATH": f"{tmp}/cache"}))
        if result.failed(strict=False):
            sys.exit(result.report())
        _shoot(url, {**SCREENSHOT_PAGES, "essay": essay})


def _yaml_text(text: str) -> str:
    """Quote text for a YAML value, whatever quotes or colons it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _site_url(given: str, task_name: str, recorded: str = "") -> str:
    """--site-url, else SITEURL, else (for check) the address of the last publish."""
    url = (given or os.environ.get("SITEURL", "") or recorded).rstrip("/")
    if not url.startswith(("https://", "http://")):
        sys.exit(
            f"{task_name} needs the site's address: invoke {task_name} --site-url https://... "
            "(or set SITEURL)"
        )
    return url


def _build_or_exit(settings: dict, finish=None, keep_unchanged=False) -> BuildResult:
    from toolkit.build import build as build_site

    result = build_site(settings, strict=True, finish=finish, keep_unchanged=keep_unchanged)
    folder = Path(settings["OUTPUT_PATH"])
    name = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    if result.recovered:
        print(f"{name}/ was put back from a build that stopped halfway", file=sys.stderr)
    if result.problems:
        print(result.report(), file=sys.stderr)
    if result.failed(strict=True):
        count = len(result.problems)
        kept = f"{name}/ was left as it was" if folder.exists() else f"no {name}/ was written"
        sys.exit(f"build failed: {count} problem{'s' * (count != 1)}; {kept}")
    print(f"built {result.output.relative_to(ROOT)}/ in {result.seconds:.2f}s")
    return result


def _exit_now(status: int = 0) -> None:
    """End the process without Python's teardown of the whole site it built.

    Every file is written and closed by now; freeing each of the build's objects one
    by one at exit took 0.1 s of a 1.3 s rebuild of 500 essays. The system frees them.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _shoot(url: str, pages: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    from toolkit import browser

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        for name, path in pages.items():
            for width in SCREENSHOT_WIDTHS:
                for scheme in ("light", "dark"):
                    target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                    if not browser.screenshot(chromium, url + path, target, width, scheme):
                        sys.exit(f"no page at {path}: pass an existing essay, --essay /essays/x/")
                    print(target.relative_to(ROOT))
        chromium.close()
