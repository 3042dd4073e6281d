"""Shared fixtures: tiny sites built with the real pelican.conf.py into tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_SITE, PUBLISH_URL, ROOT, build_into
from toolkit.publish import search_index
from toolkit.settings import DEV, PUBLISH


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke build` makes it (drafts shown)."""
    tmp = tmp_path_factory.mktemp("dev")
    result = build_into(tmp, FIXTURE_SITE / "content", DEV)
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke publish` makes it."""
    tmp = tmp_path_factory.mktemp("publish")
    result = build_into(tmp, FIXTURE_SITE / "content", {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture(scope="session")
def searchable_site(published_site, tmp_path_factory) -> Path:
    """The published fixture site with the search index `invoke publish` writes."""
    output = tmp_path_factory.mktemp("searchable") / "output"
    shutil.copytree(published_site, output)
    assert search_index.index_site(output) == []
    return output


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The organisation's real content, published."""
    tmp = tmp_path_factory.mktemp("real")
    result = build_into(tmp, ROOT / "content", {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the fixture content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", target)
    return target
