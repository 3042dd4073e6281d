"""The writer's guide says what the code does: the schema table and the task names."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from essays.reading import schema
from tests.helpers import ROOT

README = ROOT / "README.md"


def schema_table() -> str:
    """The README's table of front-matter keys, as schema.FIELDS defines them."""
    rows = ["| key | what it holds | example |", "| --- | --- | --- |"]
    rows += [f"| `{f.name}` | {f.help} | `{f.example}` |" for f in schema.FIELDS.values()]
    return "\n".join(rows) + "\n"


def test_readme_table_of_keys_is_the_schema():
    # On failure, paste the expected table into README.md's "Front matter" section.
    assert schema_table() in README.read_text(encoding="utf-8")


def test_every_task_the_readme_names_exists():
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"`invoke ([a-z][a-z-]*)", text))
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list", "--list-format=json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    known = {task["name"] for task in json.loads(listing.stdout)["tasks"]}

    assert {"new", "check-content", "build", "publish", "serve"} <= named
    assert named <= known


def quick_start() -> list[str]:
    """The commands of the README's quick start, without their comments."""
    text = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("   #")[0].strip() for line in block.splitlines() if line.strip()]


def test_quick_start_installs_the_lock_into_a_venv_then_serves_or_tests_as_ci_does():
    serve, test = quick_start()
    install, _, task = serve.rpartition(" && ")
    assert task == ".venv/bin/invoke serve"
    assert test == f"{install} && .venv/bin/invoke test"
    assert install.startswith(
        "test -x .venv/bin/pip || python3 -m venv .venv && .venv/bin/python -m pip install"
    )
    assert install.endswith("--require-hashes -r requirements/dev.txt")
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
