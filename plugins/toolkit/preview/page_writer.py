"""The preview's writer: render a page only when what it shows changed, write only new bytes.

Pelican renders and rewrites every page on every build (WRITE_SELECTED is gone
since 4.9). In the preview most saves change one essay's body, so this writer,
supplied through Pelican's `get_writer` signal, asks fingerprint.py whether a
page's inputs are those of the page already on disk, and then keeps that file.
Every file is replaced in one rename, so the browser never reads half a page.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pelican.utils import sanitised_join

from toolkit.pelican_internals import CheckedWriter
from toolkit.preview.fingerprint import Basis, Fingerprints, Unknowable


@dataclass
class PageStore:
    """What the preview wrote: each file's digest, stamp and basis, kept from build to build."""

    pages: dict[str, tuple[str | None, int, int, Basis | None]] = field(default_factory=dict)
    produced: set[str] = field(default_factory=set)
    rendered: int = 0
    written: int = 0
    site: str | None = None  # the site's part of the last build's digests

    def start(self) -> None:
        self.produced, self.rendered, self.written = set(), 0, 0

    def recall(self, path: str) -> tuple[str | None, Basis | None]:
        """The digest the file was last made from, and what that digest was made from."""
        known = self.pages.get(path)
        return (known[0], known[3]) if known is not None else (None, None)

    def unchanged(self, path: str, digest: str | None) -> bool:
        """Whether the file was made from this digest and nobody changed it since."""
        known = self.pages.get(path)
        if digest is None or known is None or known[0] != digest:
            return False
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == known[1:3]

    def keep(self, path: str) -> None:
        """The file is what the last build made (`unchanged` said so): keep it as it is."""
        self.produced.add(path)

    def record(self, path: str, digest: str | None, basis: Basis | None = None) -> None:
        info = os.stat(path)
        self.pages[path] = (digest, info.st_size, info.st_mtime_ns, basis)
        self.produced.add(path)

    def export(self) -> dict[str, Any]:
        """What a forked renderer (toolkit/fan_out.py) wrote, for the build's own store."""
        pages = {path: self.pages[path] for path in self.produced}
        return {"pages": pages, "rendered": self.rendered, "written": self.written}

    def merge(self, other: dict[str, Any]) -> None:
        self.pages.update(other["pages"])
        self.produced.update(other["pages"])
        self.rendered += other["rendered"]
        self.written += other["written"]

    def sweep(self, *args: Any, **kwargs: Any) -> None:
        """Delete the files the last build wrote and this one did not (a renamed slug ...)."""
        for path in sorted(set(self.pages) - self.produced):
            del self.pages[path]
            Path(path).unlink(missing_ok=True)
            remove_empty_parents(Path(path).parent)


def remove_empty_parents(folder: Path) -> None:
    while folder.exists() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def fingerprints_for(settings: dict[str, Any]) -> Fingerprints:
    """The digests of one build, over the theme's templates and any overrides."""
    theme = Path(settings.get("THEME", "")) / "templates"
    overrides = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    return Fingerprints([theme, *overrides])


def preview_writer(store: PageStore) -> type[CheckedWriter]:
    """A Writer class bound to one preview's store, for the `get_writer` signal."""
    return type("PreviewWriter", (PreviewWriter,), {"store": store})


class PreviewWriter(CheckedWriter):
    store: ClassVar[PageStore]
    # Digests begun before the build forked its renderers (toolkit/fan_out.py), so
    # that each process does not digest the whole site again.
    begun: ClassVar[Fingerprints | None] = None

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        self.fingerprints = self.begun or fingerprints_for(settings or {})
        self.digests: dict[str, tuple[str | None, Basis | None]] = {}
        self.store.start()

    @classmethod
    def prepare(cls, settings: dict[str, Any], context: dict[str, Any]) -> bool:
        """Digest the site's part now, once; whether many pages may have to be rendered.

        When the site's part is the last build's (a save that changed bodies only,
        the preview's usual one), each page is known unchanged from what it was
        made from (fingerprint.py, `still`) but the few showing those bodies, and
        forking the processes to render them would cost more than it saves.
        """
        cls.begun = fingerprints_for(settings)
        site = cls.begun.site(context)
        if not hasattr(cls.store, "site"):  # invoke build's store: every page digested anew
            return True
        known, cls.store.site = cls.store.site, site
        return known != site

    def write_file(self, name, template, context, *args, **kwargs):
        if not args and self.keep_as_is(name, template, context, kwargs):
            return None
        reused = Reused(template, context, kwargs.keys(), self)
        return super().write_file(name, reused, context, *args, **kwargs)

    def keep_as_is(self, name: str, template, context: dict, kwargs: dict[str, Any]) -> bool:
        """Keep a single page (an essay's) still made from what it was, without Pelican's writer.

        Most of a save's build is these pages; Pelican would copy the context,
        work out the path twice, make its folder and open a file for each, to
        keep it. The pages of a list go through Pelican, which paginates them.
        """
        if not name or kwargs.get("relative_urls") or self.paginates(kwargs):
            return False
        path = sanitised_join(self.output_path, name)
        digest, basis = self.store.recall(path)
        if basis is None or not self.fingerprints.still(context, template.name, basis):
            return False
        if not self.store.unchanged(path, digest):
            return False
        if self.claim(path, kwargs.get("override_output", False)):
            self.store.keep(path)
        return True

    def paginates(self, kwargs: dict[str, Any]) -> bool:
        """Whether Pelican's write_file would split this page into several (its own test)."""
        paginated = kwargs.get("paginated")
        if paginated is None:
            paginated = {key: kwargs[key] for key in ("articles", "dates") if key in kwargs}
        templates = self.settings.get("PAGINATED_TEMPLATES", {})
        return bool(paginated) and kwargs.get("template_name") in templates

    def open_file(self, filename: str, encoding: str) -> ChangedBytes:
        return ChangedBytes(filename, encoding, self)


class Reused:
    """A template that returns the page on disk when the page's digest is unchanged."""

    def __init__(self, template, context: dict, passed, writer: PreviewWriter) -> None:
        self.template, self.context, self.passed, self.writer = template, context, passed, writer
        self.name = template.name

    def render(self, localcontext: dict) -> str:
        path = sanitised_join(self.writer.output_path, localcontext["output_file"])
        fingerprints, store = self.writer.fingerprints, self.writer.store
        digest, basis = store.recall(path)
        try:
            if not fingerprints.still(self.context, self.name, basis):
                digest, basis = fingerprints.page_and_basis(
                    self.context, localcontext, self.name, self.passed
                )
        except Unknowable:
            digest, basis = None, None
        self.writer.digests[path] = (digest, basis)
        if store.unchanged(path, digest):
            return Kept()
        self.writer.store.rendered += 1
        return self.template.render(localcontext)


class Kept(str):
    """What `Reused.render` returns for a page to keep as it is on disk."""


class ChangedBytes(io.StringIO):
    """A file to write that touches the disk only if its bytes differ from the file's."""

    def __init__(self, path: str, encoding: str, writer: PreviewWriter) -> None:
        super().__init__()
        self.path, self.encoding_name, self.writer = path, encoding, writer
        self.kept = False

    def write(self, text: str) -> int:
        self.kept = self.kept or isinstance(text, Kept)
        return super().write(text)

    def close(self) -> None:
        if not self.closed:
            if self.kept:
                self.writer.store.record(self.path, *self.writer.digests.pop(self.path, (None,)))
            else:
                self.save(self.getvalue().encode(self.encoding_name))
        super().close()

    def save(self, data: bytes) -> None:
        target = Path(self.path)
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:
            same = False
        if not same:
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            partial.write_bytes(data)
            partial.replace(target)
            self.writer.store.written += 1
        self.writer.store.record(self.path, *self.writer.digests.pop(self.path, (None,)))
