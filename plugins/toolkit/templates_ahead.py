"""Compile the theme's templates in a forked process while Pelican reads the essays.

Pelican compiles a template when a page first needs it, so in a cold build each
process rendering pages (fan_out.py) compiled every template itself, when all
of them were writing pages: 0.07 s of CPU each. Once the essays' generator has
its Jinja environment (`article_generator_init`, after every `generator_init`
receiver added its filters), a forked process compiles each template of the theme
into the build's compiled-template cache (toolkit/settings.py, CompiledTemplates)
while the build's own process makes the essays from the cache; the renderers then
load them. Only when that cache is empty: otherwise it already holds them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

from toolkit.fan_out import die_with_parent, reap


@dataclass
class TemplatesAhead:
    """The compiling process of one build, if there is one."""

    folders: list[Path]  # the theme's templates and any overrides
    cache: Any  # the Jinja environment's bytecode cache
    pid: int | None = None

    @classmethod
    def for_settings(cls, settings: dict[str, Any]) -> TemplatesAhead:
        folders = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        folders.append(Path(settings["THEME"]) / "templates")
        cache = settings.get("JINJA_ENVIRONMENT", {}).get("bytecode_cache")
        return cls(folders, cache)

    def start(self, generator) -> None:
        """article_generator_init: fork the compiling process, if the cache is empty."""
        if self.pid is not None or not hasattr(os, "fork") or not self.empty():
            return
        names = template_names(self.folders)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # never returns: a template that fails is the renderers' to report
            try:
                die_with_parent()
                for name in names:
                    try:
                        generator.env.get_template(name)
                    except Exception:
                        continue
            finally:
                os._exit(0)
        self.pid = pid

    def empty(self) -> bool:
        if not isinstance(self.cache, FileSystemBytecodeCache):
            return False
        try:
            return not any(os.scandir(self.cache.directory))
        except OSError:  # not made yet
            return True

    def close(self) -> None:
        """After the build: the compiling process is waited for, never left behind."""
        if self.pid is not None:
            reap(self.pid)
            self.pid = None


def template_names(folders: list[Path]) -> list[str]:
    """Each template's name as Jinja is asked for it: its path under its folder."""
    names = set()
    for folder in folders:
        for path in folder.rglob("*.html"):
            names.add(path.relative_to(folder).as_posix())
    return sorted(names)
