"""The lock files: every dependency pyproject.toml names, pinned within its range, hashed."""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

SITE_LOCK = ROOT / "requirements" / "site.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
FROM_PYPROJECT = "attheroots-essays (pyproject.toml)"  # how pip-compile marks a direct need
RELOCK = "pyproject.toml and {lock} disagree: run invoke lock, then commit both"


def wanted(extra: str | None) -> dict[str, Requirement]:
    """pyproject.toml's dependencies, plus those of an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def locked(lock: Path) -> dict[str, dict]:
    """Each pin of a pip-compile lock: its version, hashes and what it is there for."""
    pins: dict[str, dict] = {}
    current: dict = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        words = line.strip().rstrip("\\").split()
        if line and not line[0].isspace() and not line.startswith("#"):
            name, _, version = words[0].partition("==")
            marker = line.rstrip(" \\").partition(";")[2].strip()
            current = pins[canonicalize_name(name)] = {
                "version": version,
                "marker": marker,
                "hashes": [],
                "via": [],
            }
        elif words and words[0].startswith("--hash="):
            current["hashes"].append(words[0])
        elif line.startswith("    #") and words[1:]:
            current["via"].append(" ".join(words[2:] if words[1] == "via" else words[1:]))
    return pins


@pytest.mark.parametrize("lock, extra", [(SITE_LOCK, None), (DEV_LOCK, "dev")])
def test_every_dependency_in_pyproject_is_pinned_within_its_range(lock, extra):
    pins = locked(lock)
    message = RELOCK.format(lock=lock.relative_to(ROOT))
    for name, requirement in wanted(extra).items():
        assert name in pins, f"{name} is not in the lock; {message}"
        version = pins[name]["version"]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} is outside {requirement.specifier}; {message}"
        )


@pytest.mark.parametrize("lock, extra", [(SITE_LOCK, None), (DEV_LOCK, "dev")])
def test_lock_pins_nothing_pyproject_no_longer_asks_for(lock, extra):
    direct = {name for name, pin in locked(lock).items() if FROM_PYPROJECT in pin["via"]}
    stale = direct - set(wanted(extra))
    assert not stale, f"{sorted(stale)}: {RELOCK.format(lock=lock.relative_to(ROOT))}"


def test_site_and_dev_locks_pin_the_same_versions():
    site, dev = locked(SITE_LOCK), locked(DEV_LOCK)
    assert set(site) <= set(dev), RELOCK.format(lock="requirements/")
    differ = {name: (pin["version"], dev[name]["version"]) for name, pin in site.items()}
    assert {n: v for n, v in differ.items() if v[0] != v[1]} == {}, RELOCK.format(lock="both")


@pytest.mark.parametrize("lock", [SITE_LOCK, DEV_LOCK], ids=["site", "dev"])
def test_every_pin_is_exact_and_hashed_so_pip_installs_only_these_files(lock):
    pins = locked(lock)
    assert len(pins) > 10
    for name, pin in pins.items():
        assert pin["version"] and pin["hashes"], name
        assert all(h.startswith("--hash=sha256:") for h in pin["hashes"]), name


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="runs in the project's .venv, which the README's commands and .ci/run install",
)
def test_the_project_venv_holds_exactly_the_locked_versions():
    pins = locked(DEV_LOCK)
    wanted_here = {
        name: pin["version"]
        for name, pin in pins.items()
        if not pin["marker"] or Marker(pin["marker"]).evaluate()
    }
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed = {n: v for n, v in installed.items() if n not in ("pip", "setuptools")}
    # pip and setuptools come with the venv itself; nothing here needs them.
    assert installed == wanted_here, "reinstall: see the README's quick start"
