"""The build's settings: pelican.conf.py, the overrides of each kind of build, the cache key."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "pelican.conf.py"
PLUGIN = ROOT / "plugins" / "essays"  # what runs inside Pelican: its code shapes what it reads

# Development (invoke build, invoke serve): drafts and future-dated essays are shown,
# drafts under drafts/ with a banner, all in preview/: output/ only ever holds a
# production build (what gets uploaded), so a preview never lands there.
DEV = {
    "SITEURL": "",
    "OUTPUT_PATH": "preview",
    "WITH_FUTURE_DATES": True,
    "DRAFT_URL": "drafts/{slug}/",
    "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "DRAFT_PAGE_URL": "drafts/pages/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}/index.html",
    # The preview's list of drafts and scheduled essays (plugins/essays/status/drafts_page.py).
    "ESSAYS_UNPUBLISHED_URL": "drafts/",
    "ESSAYS_UNPUBLISHED_SAVE_AS": "drafts/index.html",
    # A link to a draft works in the preview: a warning there, an error when publishing.
    "ESSAYS_UNPUBLISHED_LINKS": "warning",
}
# Publishing (invoke publish, with SITEURL): pelican.conf.py's safe defaults, plus the
# feeds and sitemap that need the absolute address. Cached readings are checked by the
# essay's bytes, not its time: a fresh checkout (CI, with cache/ kept between runs) gives
# every file a new time, and would make the whole cache stale.
PUBLISH = {
    "ESSAYS_FEEDS_AND_SITEMAP": True,
    "CHECK_MODIFIED_METHOD": "sha256",
}

# Libraries whose version changes what a reader returns.
READER_LIBRARIES = ("pelican", "markdown", "typogrify", "smartypants", "PyYAML", "Pillow", "nh3")
# Settings no reader looks at: where the site is written and how the build runs.
# Leaving them out of the cache key lets `invoke serve` share `invoke build`'s cache.
NOT_READ_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "DELETE_OUTPUT_DIRECTORY",
        "STATIC_CREATE_LINKS",
        "ESSAYS_READ_WORKERS",
        "ESSAYS_RENDER_WORKERS",
        "JINJA_ENVIRONMENT",
        "CSP_EVERY_PAGE",
        "CSP_EXCEPTIONS",
        "ESSAYS_UNPUBLISHED_LINKS",  # checked after reading, never by a reader
    }
)


def load_settings(overrides: dict[str, Any], conf: Path = CONF) -> dict[str, Any]:
    """Read pelican.conf.py with a build's overrides, with a cache per configuration."""
    # Imported here: an `invoke build` with nothing to do never starts Pelican.
    from pelican.settings import read_settings

    settings = read_settings(str(conf), override=dict(overrides))
    # Pelican makes the configuration file's own relative paths absolute, not an override's.
    settings["OUTPUT_PATH"] = str(conf.parent / settings["OUTPUT_PATH"])
    settings["CACHE_PATH"] = str(Path(settings["CACHE_PATH"]) / cache_key(settings))
    # Pelican makes a new Jinja environment every build: keep the compiled templates.
    templates = CompiledTemplates(str(Path(settings["CACHE_PATH"]) / "templates"))
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": templates}
    return settings


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept between builds; Jinja compiles a changed one afresh."""

    def dump_bytecode(self, bucket) -> None:
        os.makedirs(self.directory, exist_ok=True)
        super().dump_bytecode(bucket)


def cache_key(settings: dict[str, Any], plugin: Path = PLUGIN) -> str:
    """Hash what shapes a reader's output: settings, the plugin's code, library versions.

    Pelican keys its reader cache on the source file's stamp alone, so a change
    of settings, plugin code, or Markdown/typogrify version would otherwise serve
    stale pages. Left out on purpose: the theme (templates render what a reader
    returned, afresh on every build) and this toolkit (it runs around Pelican and
    never changes a reading), so editing either keeps every cached essay.
    """
    kept = sorted((k, repr(v)) for k, v in settings.items() if k not in NOT_READ_SETTINGS)
    digest = hashlib.sha256(repr(kept).encode())
    digest.update(repr([installed(name) for name in READER_LIBRARIES]).encode())
    for source in sorted(plugin.rglob("*.py")):
        digest.update(source.relative_to(plugin).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def installed(package: str) -> str:
    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:
        return f"{package} missing"
