"""Time our build against vanilla Pelican 4.12 on the same synthetic essays.

usage: python tests/benchmarks/bench.py [--essays 500] [--runs 3] [--keep DIR]
                                      [--scaling 1,100,500,2000]
(or `invoke bench`). Prints one table, or with --scaling the build times at each
size against vanilla Pelican and Hugo; README.md ("Performance") shows both.
The main table's last rows are search's (search_probe.py): the index, its share of
`invoke publish`, and what Chromium fetches for a first query.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from measure import Run, run
from scaling import measure_sizes, scaling_table
from search_probe import probe_search
from search_probe import rows as search_rows
from serve_probe import probe_serve

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("pelican.conf.py", "tasks.py", "plugins", "theme")
# What a cold build starts without: every generated folder of either project.
FRESH_CLONE_LACKS = ("output", "preview", "cache")
# Where `invoke build` records its last good build (tasks.py, BUILT_FROM).
UP_TO_DATE_RECORD = "cache/built-from.json"
# What a vanilla user has after `pelican-quickstart` (pagination on, feeds off
# while developing, relative URLs), plus typogrify and Pelican's reader cache.
VANILLA_CONF = """\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
TYPOGRIFY = True
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
"""


SAVES = 7  # the fewest saves the preview's medians are taken over


def edited_essay(essays: int) -> str:
    """The essay the one-edit build changes: the middle one (essay-00250.md of 500)."""
    return f"essay-{essays // 2:05d}.md"


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    args.load_before = os.getloadavg()[0]
    work = Path(args.keep or tempfile.mkdtemp(prefix="essays-bench-"))
    try:
        if args.scaling:
            sizes = [int(size) for size in args.scaling.split(",")]
            results = measure_sizes(work, sizes, args.runs, make_projects)
            print(load_line(args, f"sizes {args.scaling}"), scaling_table(results), sep="\n\n")
            return
        ours, vanilla = make_projects(work, args.essays)
        edited = edited_essay(args.essays)
        builds = measure_builds(ours, vanilla, args.runs, edited)
        # A save takes a third of a second, so one slow save moves a median of three:
        # the preview's figures are medians of seven saves at least.
        serve = probe_serve(ours, edited, max(args.runs, SAVES))
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        search = probe_search(ours, args.runs, env)
        print(table(args, builds, serve) + "\n" + "\n".join(search_rows(search)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--scaling", help="comma-separated sizes, e.g. 1,100,500,2000")
    return parser.parse_args(argv)


def make_projects(work: Path, essays: int) -> tuple[Path, Path]:
    """Our project (code copied from this checkout) and a vanilla one, same essays."""
    ours, vanilla = work / "ours", work / "vanilla"
    for project in (ours, vanilla):
        shutil.rmtree(project, ignore_errors=True)
    for name in PROJECT_FILES:
        source, target = ROOT / name, ours / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    write_corpus(essays, ours / "content" / "essays")
    write_corpus(essays, vanilla / "content" / "essays", pelican_meta=True)
    (vanilla / "pelicanconf.py").write_text(VANILLA_CONF, encoding="utf-8")
    # As a clone made a minute before the first build: `invoke build` does not trust
    # files saved in the last two seconds to be unchanged (toolkit/up_to_date.py).
    a_minute_ago = time.time() - 60
    for path in (*ours.rglob("*"), *vanilla.rglob("*")):
        os.utime(path, (a_minute_ago, a_minute_ago))
    return ours, vanilla


def measure_builds(
    ours: Path, vanilla: Path, runs: int, edited: str
) -> dict[str, dict[str, list[Run]]]:
    """Cold, warm and one-edit builds, ours and vanilla taking turns (same machine load)."""
    commands = {
        "ours": (ours, [sys.executable, "-m", "invoke", "build"]),
        "vanilla": (
            vanilla,
            [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        ),
    }
    results: dict[str, dict[str, list[Run]]] = {name: {} for name in commands}
    # Python keeps compiled modules as a writer's clone does: a cold build starts
    # without them (prepare removes them), a warm one has those the last build wrote.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for attempt in range(runs):
        for step in ("cold", "warm", "rerun", "edit"):
            for name, (project, command) in commands.items():
                prepare(project, step, attempt, edited)
                results[name].setdefault(step, []).append(run(command, project, env))
                print(f"  {name} {step} #{attempt + 1}: {results[name][step][-1]}", file=sys.stderr)
    for name, (project, command) in commands.items():  # one more cold build, memory sampled
        prepare(project, "cold", runs, edited)
        results[name]["memory"] = [run(command, project, env, sample=True)]
        print(f"  {name} memory: {results[name]['memory'][-1]}", file=sys.stderr)
    return results


def prepare(project: Path, step: str, attempt: int, edited: str) -> None:
    if step == "cold":  # as a fresh clone: no site, no cache, no compiled modules
        for folder in (*FRESH_CLONE_LACKS, *project.rglob("__pycache__")):
            shutil.rmtree(project / folder, ignore_errors=True)
    elif step == "rerun":  # nothing changed, but the build may not know it without Pelican
        (project / UP_TO_DATE_RECORD).unlink(missing_ok=True)
    elif step == "edit":
        touch_essay(project / "content" / "essays" / edited, f"edit{attempt}")


def touch_essay(path: Path, word: str) -> None:
    """Change one word of the essay's body, as a writer fixing a typo would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\nA last word: {word}.\n", encoding="utf-8")
    time.sleep(0.01)  # mtime resolution


def load_line(args, what: str) -> str:
    return (
        f"{what}, median of {args.runs} runs, {os.cpu_count()} CPUs, load average "
        f"{args.load_before:.1f} before and {os.getloadavg()[0]:.1f} after; "
        "ours / vanilla is the median of the ratios of builds made back to back"
    )


def table(args, builds: dict[str, dict[str, list[Run]]], serve: dict[str, list[float]]) -> str:
    """The figures as a Markdown table: medians, ratios, targets."""

    def median(name: str, step: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in builds[name][step])

    def ratio(step: str, field: str) -> float:
        """The median of ours/vanilla over runs made back to back, under the same load."""
        pairs = zip(builds["ours"][step], builds["vanilla"][step], strict=True)
        return statistics.median(getattr(a, field) / getattr(b, field) for a, b in pairs)

    rows = [
        ("cold build", "cold", "seconds", "s", "≤ 0.55"),
        ("warm rebuild, nothing changed", "warm", "seconds", "s", "≤ 0.15"),
        ("the same, Pelican run anyway (no up-to-date record)", "rerun", "seconds", "s", ""),
        ("rebuild after editing one essay", "edit", "seconds", "s", "≤ 0.2"),
        ("CPU time, cold build (all processes)", "cold", "cpu_seconds", "s", ""),
        ("CPU time, warm rebuild", "warm", "cpu_seconds", "s", ""),
        ("CPU time, warm rebuild, Pelican run anyway", "rerun", "cpu_seconds", "s", ""),
        ("CPU time, one edit", "edit", "cpu_seconds", "s", ""),
        ("peak memory, cold (largest process)", "cold", "largest_mb", "MB", "≤ 1.5"),
        ("peak memory, cold (all processes, PSS; one run)", "memory", "total_mb", "MB", "≤ 1.5"),
    ]
    lines = [
        load_line(args, f"{args.essays} essays"),
        "",
        "| | ours | vanilla 4.12 | ours / vanilla | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, step, field, unit, target in rows:
        mine, theirs = median("ours", step, field), median("vanilla", step, field)
        lines.append(
            f"| {label} | {mine:.2f} {unit} | {theirs:.2f} {unit} | {ratio(step, field):.2f} "
            f"| {target} |"
        )
    for label, key in (
        ("`invoke serve`: save one essay → its page on disk", "on_disk"),
        ("`invoke serve`: save one essay → livereload notified", "notified"),
        ("`invoke serve`: change a title → livereload notified", "title_notified"),
    ):
        target = {"on_disk": "≤ 0.3 s", "notified": "≤ 0.4 s"}.get(key, "")
        label += f" (median of {len(serve[key])} saves)"
        lines.append(f"| {label} | {statistics.median(serve[key]):.2f} s | | | {target} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
