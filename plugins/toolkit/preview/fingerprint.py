"""Digest what a page is rendered from, so the preview renders it again only if that changed.

A page's digest has two parts:
- the site's: every setting, the theme's files, and every content object's
  fields and links (title, date, URL, tags, neighbours ...), but not the bodies;
- the page's own: what the writer passed for this page alone (the essay, the
  page of a list, the tag ...), with the body of each essay found there, and
  for the page's own essay also the bodies of the essays it links to.
So a title, date, slug or tag change renders every page again, and a change of
an essay's body renders its page, its neighbours', and the list pages showing it.

Digesting a page's own part (its essays, its list) is most of the cost, 0.1 s a
build of 500 essays. What it contains other than bodies follows from the site's
part, so a page whose site's part, template and bodies are those of the last
build has the last build's digest: `Basis` keeps those, and `still` checks them
without the rest.
The one thing this cannot see is a template printing the body of an essay that is
none of those (say, the newest essay's text in every page's footer): such a page
would show the new text only after the next `invoke build` or a change of title.
The same holds for a value a generator would make from a body (not from the
essays' fields) and pass to a page: none does.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import types
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from toolkit.pelican_internals import SITE_FIELDS, body_source

# Fields never encoded: the settings are in the context once, `_context` is the
# whole site again, and the body is digested separately.
SKIPPED = frozenset({"settings", "_content"}) | SITE_FIELDS
# Context keys that change while pages are written, not because content changed.
VOLATILE = frozenset({"localsiteurl", "output_file"})
SCALARS = (str, int, float, bool, type(None), date)
CODE = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


class Unknowable(Exception):
    """A value cannot be digested: render the page rather than guess."""


@dataclass(frozen=True)
class Basis:
    """What a page's digest was made from, enough to tell that it would come out the same."""

    site: str  # the site's part
    template: str
    bodies: tuple[tuple[str, str], ...]  # (source path, digest) of each body digested in it


class Fingerprints:
    """Digests for one build: the site's part once, then one per page."""

    def __init__(self, template_dirs: list[Path]) -> None:
        self.template_dirs = template_dirs
        self.bodies: dict[int, str] = {}
        self.base: dict[str, Any] | None = None
        self.base_digest = ""
        self.shared: tuple[dict | None, set[int]] = (None, set())
        self.lists: dict[int, tuple[Any, str, dict[str, str]]] = {}
        self.found: list[Content] = []  # every content object, once the site's part is made
        self.by_path: dict[str, Content] | None = None  # found, by source path, if unique
        self.seen: dict[str, str] | None = None  # the bodies digested for the page in hand

    def page_and_basis(
        self, context: dict, localcontext: dict, template: str, passed: Iterable[str]
    ) -> tuple[str, Basis]:
        """The page's digest (`page`), and what it was made from, for `still` next time."""
        self.seen = {}
        try:
            digest = self.page(context, localcontext, template, passed)
            return digest, Basis(self.site(context), template, tuple(sorted(self.seen.items())))
        finally:
            self.seen = None

    def still(self, context: dict, template: str, basis: Basis | None) -> bool:
        """Whether a page made from `basis` would have the same digest now.

        The site's part covers every setting, template file and content object's
        fields, and the lists and values a generator passes a page are made from
        those: with the same site's part, template and bodies, the page's own part
        is the same too.
        """
        if basis is None or basis.template != template or basis.site != self.site(context):
            return False
        if self.by_path is None:
            paths = Counter(str(item.source_path) for item in self.found)
            self.by_path = {str(i.source_path): i for i in self.found if paths[str(i.source_path)] == 1}
        for path, digest in basis.bodies:
            item = self.by_path.get(path)
            if item is None or self.body(item) != digest:
                return False
        return True

    def page(self, context: dict, localcontext: dict, template: str, passed: Iterable[str]) -> str:
        """The digest of one page: the site's part, the template, the page's own values.

        `passed` names what the generator gave this page (Pelican's write_file
        kwargs); the rest of localcontext is the shared context.
        """
        keys = (localcontext.keys() - context.keys()) | set(passed) | {"SITEURL"}
        shared = self.shared_ids(context)
        parts = [self.site(context), template, localcontext.get("output_file", "")]
        for key in sorted(keys - VOLATILE):
            value = localcontext.get(key, MISSING)
            # Not what the site's part covers, whatever the name (`all_articles`).
            if value is not MISSING and (is_scalar(value) or id(value) not in shared):
                parts += [key, self.own_part(value)]
        return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def own_part(self, value: Any) -> str:
        """One of the page's own values as text: the usual kinds directly, others pickled."""
        if is_scalar(value):
            return f"{type(value).__name__}:{value}"
        if isinstance(value, Content):
            # The page's own essay also shows the essays it links to (its
            # neighbours, its series), whose bodies its template may print.
            links = ",".join(self.body(item) for item in linked(fields(value).values()))
            return f"content:{value.source_path}:{self.body(value)}:{links}"
        if isinstance(value, URLWrapper):
            return f"{type(value).__name__}:{value.name}:{value.slug}"
        if isinstance(value, PaginatorPage) and all_content(value.object_list):
            pages = value.paginator
            items = ",".join(f"{c.source_path}:{self.body(c)}" for c in value.object_list)
            return (
                f"page:{value.number}:{value.full_name}:{value.base_url}:{pages.name}:"
                f"{pages.url}:{pages.per_page}:{pages.num_pages}:{items}"
            )
        if isinstance(value, (list, tuple)) and len(value) > 8:
            return self.long_list(value)
        return pickled_digest(value, self, with_bodies=True)

    def long_list(self, value: list | tuple) -> str:
        """A long list's digest, made once a build: a tag's essays are on each of its pages.

        The list is kept beside its digest, so no other list can take its id.
        """
        known = self.lists.get(id(value))
        if known is None or known[0] is not value:
            outer, self.seen = self.seen, {}
            try:
                digest = pickled_digest(value, self, with_bodies=True)
                known = self.lists[id(value)] = (value, digest, self.seen)
            finally:
                self.seen = outer
        if self.seen is not None:  # the bodies in the list are in each page showing it
            self.seen.update(known[2])
        return known[1]

    def shared_ids(self, context: dict[str, Any]) -> set[int]:
        if self.shared[0] is not context:
            self.shared = (context, {id(v) for v in context.values()})
        return self.shared[1]

    def site(self, context: dict[str, Any]) -> str:
        """The site's part, computed once; a context copied for one page adds its differences."""
        if self.base is None:
            self.base, self.base_digest = context, self.whole_site(context)
        if context is self.base:
            return self.base_digest
        changed = {k: v for k, v in context.items() if self.base.get(k, MISSING) is not v}
        return pickled_digest([self.base_digest, changed], self, with_bodies=False)

    def whole_site(self, context: dict[str, Any]) -> str:
        """Settings, theme, and every content object's fields, with no body."""
        buffer = io.BytesIO()
        pickler = ContentPickler(buffer, self, with_bodies=False)
        dump(pickler, theme_stamps(self.template_dirs))
        dump(pickler, {k: in_key_order(v) for k, v in context.items() if k not in VOLATILE})
        done: set[int] = set()
        while pending := [c for c in pickler.found.values() if id(c) not in done]:
            for item in sorted(pending, key=lambda c: str(c.source_path)):
                done.add(id(item))
                dump(pickler, (str(item.source_path), fields(item)))
        self.found = list(pickler.found.values())
        return hashlib.blake2b(buffer.getvalue()).hexdigest()

    def body(self, item: Content) -> str:
        if id(item) not in self.bodies:
            text = body_source(item)
            self.bodies[id(item)] = hashlib.blake2b(text.encode()).hexdigest()[:24]
        if self.seen is not None:
            self.seen[str(item.source_path)] = self.bodies[id(item)]
        return self.bodies[id(item)]


MISSING = object()


class SameAsField:
    """Stands for a metadata entry that is the very object of the field of its name."""


SAME = SameAsField()


class ContentPickler(pickle.Pickler):
    """Pickle a value with each content object as a reference (its path), for digesting.

    Nothing is ever unpickled: pickling is only the fastest complete walk of a
    value's parts. `persistent_id` sees every object and names the ones a page
    shows only by name (content, tags, dates ...): pickle writes such a name in a
    form no plain value takes, and it costs a tenth of what a reduction
    (`reducer_override`) would, most of which is pickle looking up the class
    by name again for every object.
    """

    def __init__(self, file, fingerprints: Fingerprints, with_bodies: bool) -> None:
        super().__init__(file, protocol=5)
        # No memo: equal values must give equal bytes whether or not some part of
        # them happens to be one shared object (a cached ZoneInfo's key, say).
        self.fast = True
        self.fingerprints, self.with_bodies = fingerprints, with_bodies
        self.found: dict[int, Content] = {}

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in BUILTIN:
            return None
        if kind in PLAIN:
            return PLAIN[kind](obj)
        if isinstance(obj, Content):
            self.found.setdefault(id(obj), obj)
            body = self.fingerprints.body(obj) if self.with_bodies else ""
            return f"content:{obj.source_path}:{body}"
        if isinstance(obj, URLWrapper):
            return f"{kind.__name__}:{obj.name}:{obj.slug}"
        if isinstance(obj, Paginator):  # its full list is in the page's values already
            return f"paginator:{obj.name}:{obj.url}:{obj.per_page}:{obj.num_pages}"
        if isinstance(obj, (*CODE, type)):  # by name, as pickle itself would
            name = getattr(obj, "__qualname__", None) or obj.__name__
            return f"code:{getattr(obj, '__module__', '')}.{name}"
        if SKIPPED & getattr(obj, "__dict__", {}).keys():
            return (kind.__qualname__, fields(obj))
        if hasattr(kind, "__dataclass_fields__") and hasattr(obj, "__dict__"):
            # What pickle would write of it, without looking its class up by name each time.
            return (f"{kind.__module__}.{kind.__qualname__}", vars(obj))
        return None


# What pickle walks itself, and exact types whose text is all a page can show of them.
BUILTIN = frozenset({str, int, float, bool, type(None), bytes, list, tuple, dict, set, frozenset})
SCALAR_TYPES = frozenset({str, int, float, bool, type(None), bytes, Markup})
PLAIN: dict[type, Any] = {
    datetime: lambda d: f"datetime:{d.isoformat()}:{d.tzinfo!r}",
    SafeDatetime: lambda d: f"datetime:{d.isoformat()}:{d.tzinfo!r}",
    date: lambda d: f"date:{d.isoformat()}",
    timedelta: lambda d: f"timedelta:{d!r}",
    timezone: lambda z: f"timezone:{z!r}",
    ZoneInfo: lambda z: f"zone:{z!r}",
    Markup: lambda m: f"markup:{m}",
    SameAsField: lambda _: "same-as-field",
}


def dump(pickler: ContentPickler, value: Any) -> None:
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
        raise Unknowable(str(error)) from error


def pickled_digest(value: Any, fingerprints: Fingerprints, with_bodies: bool) -> str:
    buffer = io.BytesIO()
    dump(ContentPickler(buffer, fingerprints, with_bodies), value)
    return hashlib.blake2b(buffer.getvalue()).hexdigest()


def in_key_order(value: Any) -> Any:
    """A dict keyed by paths in the order of its keys, not of the files' discovery.

    Pelican fills `generated_content` from a set of paths, whose order changes
    from process to process; `invoke build` compares digests across processes.
    """
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return dict(sorted(value.items()))
    return value


def linked(values: Iterable[Any], depth: int = 0) -> list[Content]:
    """The content objects in values, looking into lists and dicts (not other objects)."""
    found = []
    for value in values:
        if type(value) in SCALAR_TYPES:  # most fields: settled without the checks below
            continue
        if isinstance(value, Content):
            found.append(value)
        elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
            found += linked(value, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            found += linked(value.values(), depth + 1)
    return found


def all_content(items: Iterable[Any]) -> bool:
    return all(isinstance(item, Content) for item in items)


def is_scalar(value: Any) -> bool:
    """Values compared by what they are, never by which object holds them."""
    return isinstance(value, SCALARS)


def fields(item: Any) -> dict[str, Any]:
    values = {k: v for k, v in vars(item).items() if k not in SKIPPED}
    metadata = values.get("metadata")
    if type(metadata) is dict:
        # Pelican also sets each metadata entry as a field (lowercased): the same object,
        # digested once. A plugin's later change of either one shows as another value.
        values["metadata"] = {
            k: SAME if values.get(k.lower(), MISSING) is v else v for k, v in metadata.items()
        }
    return values


def theme_stamps(folders: list[Path]) -> str:
    """Name, size and time of every template file, so editing one renders pages again."""
    stamps = []
    for folder in folders:
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                info = os.stat(os.path.join(dirpath, name))
                stamps.append(f"{dirpath}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(sorted(stamps))
