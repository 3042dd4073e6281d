"""Search's cost: the index on disk, the time it adds to `invoke publish`, a first query's bytes."""

from __future__ import annotations

import gzip
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

from toolkit import browser  # noqa: E402 - after the path that finds it
from toolkit.publish import search_index  # noqa: E402

QUERY = "courage"  # one of the corpus's words (corpus.py), as a reader would type one
COMPRESSED_BY_HOSTS = (".js", ".json", ".html", ".css")  # Pagefind's own chunks come gzipped


def probe_search(project: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    """Publish project once (index included), index it again `runs` times, query it in Chromium."""
    output = project / "output"
    output.mkdir(exist_ok=True)
    with browser.serve_folder(output) as url:
        command = [sys.executable, "-m", "invoke", "publish", "--site-url", url]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        publish_seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"invoke publish failed:\n{done.stdout[-2000:]}{done.stderr[-999:]}")
        bundle = output / search_index.BUNDLE
        files = [f for f in bundle.rglob("*") if f.is_file()]
        figures = {
            "publish_seconds": publish_seconds,
            "index_seconds": statistics.median(index_once(output) for _ in range(runs)),
            "index_bytes": sum(f.stat().st_size for f in files),
            "index_files": len(files),
        }
        figures |= first_query_bytes(url)
    figures["added_share"] = figures["index_seconds"] / (publish_seconds - figures["index_seconds"])
    return figures


def index_once(output: Path) -> float:
    """Seconds Pagefind takes over a copy of the published site."""
    copy = output.with_name("output-index-run")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(output, copy, ignore=shutil.ignore_patterns(search_index.BUNDLE))
    start = time.perf_counter()
    problems = search_index.index_site(copy)
    seconds = time.perf_counter() - start
    shutil.rmtree(copy)
    if problems:
        raise RuntimeError("\n".join(map(str, problems)))
    return seconds


def first_query_bytes(url: str) -> dict[str, float]:
    """Bytes Chromium fetches from typing the first query to its results shown."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        tab = chromium.new_page()
        tab.goto(url + "/search/", wait_until="load")
        fetched: list = []
        tab.on("requestfinished", lambda request: fetched.append(request))
        tab.get_by_label("Search the essays").fill(QUERY)
        tab.locator(".search-results a").first.wait_for()
        tab.wait_for_load_state("networkidle")
        bodies = {r.url: r.response().body() for r in fetched if r.response()}
        chromium.close()
    as_served = sum(len(b) for b in bodies.values())
    compressed = sum(
        len(gzip.compress(b, 9)) if u.endswith(COMPRESSED_BY_HOSTS) else len(b)
        for u, b in bodies.items()
    )
    return {"query_bytes": as_served, "query_bytes_gzip": compressed, "query_files": len(bodies)}


def rows(figures: dict[str, float]) -> list[str]:
    """The search figures as rows of bench.py's table."""
    kb = 1024
    return [
        f"| search index on disk (`pagefind/`) | {figures['index_bytes'] / kb:.0f} KiB, "
        f"{figures['index_files']:.0f} files | | | |",
        f"| time Pagefind adds to `invoke publish` | {figures['index_seconds']:.2f} s "
        f"of {figures['publish_seconds']:.1f} s ({figures['added_share']:.1%}) | | | < 10 % |",
        f"| first query in Chromium (`{QUERY}`), fetched | {figures['query_bytes'] / kb:.0f} KiB "
        f"as served here, {figures['query_bytes_gzip'] / kb:.0f} KiB gzipped by a host, "
        f"{figures['query_files']:.0f} files | | | < 150 KB |",
    ]
