"""How build times grow with the number of essays: ours, vanilla Pelican 4.12 and Hugo.

`invoke bench --scaling 1,100,500,2000`: for each size, cold builds (no cache, no
output) then warm ones (nothing changed), ours, vanilla and Hugo taking turns;
then ours once more with its up-to-date record removed, so Pelican runs (a warm
`invoke build` with nothing changed otherwise does nothing: toolkit/up_to_date.py).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

from hugo_site import hugo_binary, make_hugo_site
from measure import Run, run

TOOLS = ("ours", "vanilla", "hugo")
UP_TO_DATE_RECORD = "cache/built-from.json"  # tasks.py's BUILT_FROM


def commands(ours: Path, vanilla: Path, hugo: Path) -> dict[str, tuple[Path, list[str]]]:
    found = {
        "ours": (ours, [sys.executable, "-m", "invoke", "build"]),
        "vanilla": (
            vanilla,
            [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        ),
    }
    binary = hugo_binary()
    if binary is not None:
        found["hugo"] = (hugo, [str(binary), "--quiet", "-d", "output"])
    return found


def measure_sizes(work: Path, sizes: list[int], runs: int, make_projects) -> dict:
    """{size: {tool: {"cold": [Run], "warm": [Run]}}}, each build in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results: dict[int, dict[str, dict[str, list[Run]]]] = {}
    for size in sizes:
        ours, vanilla = make_projects(work / str(size), size)
        make_hugo_site(ours, work / str(size) / "hugo")
        tools = commands(ours, vanilla, work / str(size) / "hugo")
        results[size] = {name: {"cold": [], "warm": [], "rerun": []} for name in tools}
        for _ in range(runs):
            for step in ("cold", "warm", "rerun"):
                for name, (project, command) in tools.items():
                    if step == "rerun" and name != "ours":
                        continue  # their warm build runs everything again anyway
                    if step == "rerun":  # nothing changed, but no record says so
                        (project / UP_TO_DATE_RECORD).unlink(missing_ok=True)
                    if step == "cold":
                        compiled = project.rglob("__pycache__")  # a fresh clone has none
                        lacks = ("output", "preview", "cache", "resources")
                        for folder in (*lacks, *compiled):
                            shutil.rmtree(project / folder, ignore_errors=True)
                    figure = run(command, project, env)
                    results[size][name][step].append(figure)
                    print(f"  {size} essays, {name} {step}: {figure}", file=sys.stderr)
    return results


def scaling_table(results: dict) -> str:
    """Medians per size, ours / vanilla as the median of paired ratios; then the growth."""

    def med(runs: list[Run], field: str = "seconds") -> float:
        return statistics.median(getattr(r, field) for r in runs)

    def ratio(size: int, step: str) -> float:
        pairs = zip(results[size]["ours"][step], results[size]["vanilla"][step], strict=True)
        return statistics.median(a.seconds / b.seconds for a, b in pairs)

    def hugo(size: int, step: str) -> str:
        runs = results[size].get("hugo", {}).get(step)
        return f"{med(runs):.2f} ({med(runs, 'cpu_seconds'):.2f})" if runs else "not installed"

    lines = [
        "Seconds, wall (CPU); ratio = ours / vanilla",
        "",
        "| essays | ours cold | vanilla cold | ratio | Hugo cold "
        "| ours warm | vanilla warm | ratio | Hugo warm | ours warm, Pelican run | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, tools in results.items():
        cells = [f"{size:,}"]
        for step in ("cold", "warm"):
            for name in ("ours", "vanilla"):
                runs = tools[name][step]
                cells.append(f"{med(runs):.2f} ({med(runs, 'cpu_seconds'):.2f})")
            cells += [f"{ratio(size, step):.2f}", hugo(size, step)]
        rerun = tools["ours"]["rerun"]
        pairs = zip(rerun, tools["vanilla"]["warm"], strict=True)
        cells += [
            f"{med(rerun):.2f} ({med(rerun, 'cpu_seconds'):.2f})",
            f"{statistics.median(a.seconds / b.seconds for a, b in pairs):.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", growth(results)])


def growth(results: dict) -> str:
    """Each tool's fixed start-up (the smallest site) and its cost per essay (a line's slope)."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return ""
    small, large = sizes[0], sizes[-1]
    lines = [
        f"Growth: time at {small} essay(s), and milliseconds per essay from {small} to {large}",
        "",
        "| | cold: start | cold: per essay | warm: start | warm: per essay |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in TOOLS:
        if name not in results[small]:
            continue
        cells = [name]
        for step in ("cold", "warm"):
            first = statistics.median(r.seconds for r in results[small][name][step])
            last = statistics.median(r.seconds for r in results[large][name][step])
            cells += [f"{first:.2f} s", f"{1000 * (last - first) / (large - small):.1f} ms"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
