"""Fingerprinted stylesheets and scripts, the security policy, and the `_headers` file."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import rcssmin
from jinja2 import pass_context
from markupsafe import Markup, escape

IMMUTABLE = "public, max-age=31536000, immutable"
# HTML is asked for again on every visit (the host answers 304 when nothing changed):
# a cached page would point at a stylesheet whose old name the next deploy removed.
REVALIDATE = "public, max-age=0, must-revalidate"
FINGERPRINTED = ("images/_v",)  # the photo copies carry their source's hash in their names
# The Content-Security-Policy, in one place: every page carries it in a <meta> (GitHub
# Pages sends no headers), and `_headers` sends it with frame-ancestors, which a
# <meta> cannot carry. It blocks scripts (JSON-LD is data, never run), frames,
# plugins, requests to other sites, form posts elsewhere and <base> changes.
POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'none'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "child-src": "'none'",
    "worker-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
HEADER_ONLY = {"frame-ancestors": "'none'"}
REFERRER = "strict-origin-when-cross-origin"


def content_security_policy(
    exceptions: Mapping[str, str] | None = None, header: bool = False
) -> str:
    """The policy as one string; exceptions replace a directive's sources (one page's needs)."""
    directives = {**POLICY, **(exceptions or {}), **(HEADER_ONLY if header else {})}
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


SECURITY = {
    "Content-Security-Policy": content_security_policy(header=True),
    "Referrer-Policy": REFERRER,
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": ", ".join(
        f"{feature}=()" for feature in ("camera", "microphone", "geolocation", "payment", "usb")
    ),
}


@dataclass(frozen=True)
class SecurityMeta:
    """What partials/security.html prints: the page's policy and the referrer rule."""

    policy: str
    referrer: str = REFERRER


@pass_context
def security_meta(context: Any) -> SecurityMeta:
    """The policy for the page being written: the site's, with CSP_EXCEPTIONS for its file.

    CSP_EVERY_PAGE is the preview's (livereload's script); no published build sets it.
    """
    every_page = context.get("CSP_EVERY_PAGE", {})
    this_page = context.get("CSP_EXCEPTIONS", {}).get(context.get("output_file"), {})
    policy = content_security_policy(joined_sources(every_page, this_page))
    # Printed in a "-quoted attribute: its many 's need no escaping (80 bytes on every page).
    return SecurityMeta(Markup(str(escape(policy)).replace("&#39;", "'")))


def joined_sources(*exceptions: Mapping[str, str]) -> dict[str, str]:
    """Exceptions together: a directive two of them name allows the sources of both."""
    joined: dict[str, list[str]] = {}
    for exception in exceptions:
        for name, sources in exception.items():
            joined.setdefault(name, [])
            joined[name] += [s for s in sources.split() if s not in joined[name]]
    return {name: " ".join(sources) for name, sources in joined.items()}


def add_security_meta(generator: Any) -> None:
    """Let every template call security_meta() (templates/partials/security.html does)."""
    if hasattr(generator, "env"):
        generator.env.globals["security_meta"] = security_meta


def fingerprinted(name: str, data: bytes) -> str:
    """Put a hash of the bytes into a file name: css/main.css -> css/main.1a2b3c4d.css."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{hashlib.sha256(data).hexdigest()[:8]}{path.suffix}"))


def minified(css: bytes) -> bytes:
    """The stylesheet as sent: comments and spaces dropped by rcssmin (a well-kept
    minifier that keeps the spaces calc() and min() need), so the theme's own file
    stays commented and readable."""
    return rcssmin.cssmin(css.decode("utf-8")).encode("utf-8")


def stylesheet_urls(theme: Path, static_paths: list[str], static_dir: str) -> dict[str, str]:
    """Map each theme stylesheet, as templates name it, to its fingerprinted URL path."""
    return fingerprinted_urls(theme, static_paths, static_dir, "*.css")


def fingerprinted_urls(
    theme: Path, static_paths: list[str], static_dir: str, pattern: str
) -> dict[str, str]:
    """Map each theme file matching pattern, as templates name it, to its fingerprinted URL."""
    urls = {}
    for folder in (theme / p for p in static_paths):
        for found in sorted(folder.rglob(pattern)) if folder.is_dir() else ():
            name = found.relative_to(folder).as_posix()
            data = found.read_bytes()
            sent = minified(data) if found.suffix == ".css" else data  # the bytes readers get
            urls[name] = f"{static_dir}/{fingerprinted(name, sent)}"
    return urls


def headers_file(
    output: Path, immutable: list[str], exceptions: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """The `_headers` text for a built site: security for all, caching by kind of file.

    A page with a CSP exception (CSP_EXCEPTIONS) gets its own policy: `! name` takes off
    the site's (Cloudflare Pages adds up every matching rule's headers, and two policies
    would both hold), then the page's is attached.
    """
    lines = ["# Written by plugins/essays/assets.py at every build; GitHub Pages ignores it."]
    lines += ["/*", *(f"  {name}: {value}" for name, value in SECURITY.items())]
    for page, exception in sorted((exceptions or {}).items()):
        policy = content_security_policy(exception, header=True)
        for pattern in page_patterns(page):
            lines += [
                pattern,
                "  ! Content-Security-Policy",
                f"  Content-Security-Policy: {policy}",
            ]
    for path in sorted(set(immutable)):
        lines += [f"/{path}/*", f"  Cache-Control: {IMMUTABLE}"]
    # One rule per top-level page folder and file: rules for the same URL would add up
    # their Cache-Control values on Cloudflare, so none may overlap the ones above.
    tops = {PurePosixPath(p).parts[0] for p in immutable}
    for entry in sorted(output.iterdir()):
        if entry.name in tops or entry.name.startswith(("_", ".")):
            continue
        patterns = [f"/{entry.name}/*"] if entry.is_dir() else [f"/{entry.name}"]
        for pattern in ["/"] * (entry.name == "index.html") + patterns:
            lines += [pattern, f"  Cache-Control: {REVALIDATE}"]
    return "\n".join(lines) + "\n"


def page_patterns(page: str) -> list[str]:
    """The URL paths a page is served at: search/index.html at /search/ and its file name."""
    path = PurePosixPath(page)
    return ([f"/{path.parent}/".replace("//", "/")] if path.name == "index.html" else []) + [
        f"/{page}"
    ]


def name_stylesheets(pelican: Any) -> None:
    """Give templates ASSET_URLS {"css/main.css": "theme/css/main.<hash>.css"} and SCRIPT_URLS.

    SCRIPT_URLS names the theme's scripts the same way (the search page's, the only one).
    """
    settings = pelican.settings
    where = Path(settings["THEME"]), settings["THEME_STATIC_PATHS"], settings["THEME_STATIC_DIR"]
    settings["ASSET_URLS"] = stylesheet_urls(*where)
    settings["SCRIPT_URLS"] = fingerprinted_urls(*where, "*.js")


def place_at_root(output: Path, static_dir: str, names: list[str]) -> None:
    """Copy theme files (e.g. icons/favicon.ico) to the site's root, where browsers look."""
    for name in names:
        copied = output / static_dir / name
        if not copied.is_file():
            raise FileNotFoundError(
                f"ESSAYS_ROOT_FILES names {name}, not in the theme's static files"
            )
        shutil.copyfile(copied, output / copied.name)


def finish_assets(pelican: Any) -> None:
    """Put the copied stylesheets, minified, at their fingerprinted names; write `_headers`."""
    output, static_dir = Path(pelican.output_path), pelican.settings["THEME_STATIC_DIR"]
    place_at_root(output, static_dir, pelican.settings.get("ESSAYS_ROOT_FILES", []))
    urls = pelican.settings.get("ASSET_URLS", {})
    for name, url in urls.items():
        copied = output / static_dir / name
        if copied.is_file():
            (output / url).write_bytes(minified(copied.read_bytes()))
            copied.unlink()
    folders = [str(PurePosixPath(url).parent) for url in urls.values()]
    text = headers_file(output, [*FINGERPRINTED, *folders], pelican.settings.get("CSP_EXCEPTIONS"))
    (output / "_headers").write_text(text, encoding="utf-8")


def finish_scripts(pelican: Any) -> None:
    """Rename the copied theme scripts to their fingerprinted names (SCRIPT_URLS)."""
    output, static_dir = Path(pelican.output_path), pelican.settings["THEME_STATIC_DIR"]
    for name, url in pelican.settings.get("SCRIPT_URLS", {}).items():
        copied = output / static_dir / name
        if copied.is_file():
            copied.replace(output / url)
