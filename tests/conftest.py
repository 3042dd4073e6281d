"""Shared fixtures: tiny sites built with the real pelican.conf.py into tmp folders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
sys.path.insert(0, str(ROOT))

from essays import build as site  # noqa: E402

import tasks  # noqa: E402 - after the path, like invoke does

PUBLISH_URL = "https://essays.example.org"


def build_into(tmp: Path, content: Path, overrides: dict, strict: bool = True):
    """Build `content` with the real settings and `overrides` into tmp/output."""
    settings = site.load_settings(
        {
            **overrides,
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp / "output"),
            "CACHE_PATH": str(tmp / "cache"),
        }
    )
    return site.build(settings, strict=strict)


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke build` makes it (drafts shown)."""
    tmp = tmp_path_factory.mktemp("dev")
    result = build_into(tmp, FIXTURE_SITE / "content", tasks.DEV)
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke publish` makes it."""
    tmp = tmp_path_factory.mktemp("publish")
    result = build_into(tmp, FIXTURE_SITE / "content", {**tasks.PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The organisation's real content, published."""
    tmp = tmp_path_factory.mktemp("real")
    result = build_into(tmp, ROOT / "content", {**tasks.PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the fixture content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", target)
    return target
