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
