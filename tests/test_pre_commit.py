"""The pre-commit hook: runs from any shell, with only the libraries its config lists."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import distribution, packages_distributions

import yaml
from packaging.requirements import Requirement

from tests.helpers import ROOT, make_project

CONFIG = ROOT / ".pre-commit-config.yaml"
# Imported when present, not needed: Beautiful Soup's encoding guesser; this project itself.
OPTIONAL = {"charset-normalizer", "attheroots-essays"}


def hook() -> dict:
    (repo,) = yaml.safe_load(CONFIG.read_text("utf-8"))["repos"]
    (check,) = repo["hooks"]
    return check


def name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(requirement).name).lower()


def closure(requirements: list[str]) -> set[str]:
    """Every distribution these requirements install, as installed here."""
    seen, todo = set(), [name(r) for r in requirements]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for text in distribution(current).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(name(text))
    return seen


def test_the_hook_lists_the_projects_own_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    ranges = {name(r): r for r in project["dependencies"]}
    for requirement in hook()["additional_dependencies"]:
        assert ranges[name(requirement)] == requirement


def test_the_hook_needs_no_library_outside_its_list():
    script = (
        "import sys, runpy; before = set(sys.modules); sys.path.insert(0, 'plugins')"
        "\nsys.argv = ['x', 'content/essays/where-values-meet-reality.md']"
        "\ntry: runpy.run_path('plugins/check_essays.py', run_name='__main__')"
        "\nexcept SystemExit: pass"
        "\nprint('\\n'.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    owners = packages_distributions()
    used = {
        re.sub(r"[-_.]+", "-", dist).lower()
        for module in result.stdout.split()
        for dist in owners.get(module, [])
    }
    assert used, "found no library at all: the script did not run"
    assert used - OPTIONAL <= closure(hook()["additional_dependencies"])


def test_the_hook_runs_without_the_projects_venv_and_stops_a_broken_essay(tmp_path):
    project = make_project(tmp_path)
    bad = project / "content" / "essays" / "bad.md"
    bad.write_text("---\ntitle: Bad\ndate: March 5\n---\n\nText.\n", encoding="utf-8")
    entry = hook()["entry"].split()
    assert entry[0] == "python" and hook()["language"] == "python"

    # No PATH at all: nothing of the project's venv (invoke, pelican) can be found.
    result = subprocess.run(
        [sys.executable, *entry[1:], "content/essays/bad.md"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PATH": ""},
        check=False,
    )

    assert result.returncode == 1
    assert "content/essays/bad.md:3: error: `date`: 'March 5' is not a full date" in result.stderr
    assert "Traceback" not in result.stderr
