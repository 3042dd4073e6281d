"""Fingerprinted stylesheets and the `_headers` file that Netlify and Cloudflare Pages read."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

IMMUTABLE = "public, max-age=31536000, immutable"
# HTML is asked for again on every visit (the host answers 304 when nothing changed):
# a cached page would point at a stylesheet whose old name the next deploy removed.
REVALIDATE = "public, max-age=0, must-revalidate"
FINGERPRINTED = ("images/_v",)  # the photo copies carry their source's hash in their names
SECURITY = {
    "Content-Security-Policy": "; ".join(
        (
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    ),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": ", ".join(
        f"{feature}=()" for feature in ("camera", "microphone", "geolocation", "payment", "usb")
    ),
}


def fingerprinted(name: str, data: bytes) -> str:
    """Put a hash of the bytes into a file name: css/main.css -> css/main.1a2b3c4d.css."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{hashlib.sha256(data).hexdigest()[:8]}{path.suffix}"))


def stylesheet_urls(theme: Path, static_paths: list[str], static_dir: str) -> dict[str, str]:
    """Map each theme stylesheet, as templates name it, to its fingerprinted URL path."""
    urls = {}
    for folder in (theme / p for p in static_paths):
        for css in sorted(folder.rglob("*.css")) if folder.is_dir() else ():
            name = css.relative_to(folder).as_posix()
            urls[name] = f"{static_dir}/{fingerprinted(name, css.read_bytes())}"
    return urls


def headers_file(output: Path, immutable: list[str]) -> str:
    """The `_headers` text for a built site: security for all, caching by kind of file."""
    lines = ["# Written by plugins/essays/assets.py at every build; GitHub Pages ignores it."]
    lines += ["/*", *(f"  {name}: {value}" for name, value in SECURITY.items())]
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


def name_stylesheets(pelican: Any) -> None:
    """Give templates ASSET_URLS: {"css/main.css": "theme/css/main.<hash>.css"}."""
    settings = pelican.settings
    settings["ASSET_URLS"] = stylesheet_urls(
        Path(settings["THEME"]), settings["THEME_STATIC_PATHS"], settings["THEME_STATIC_DIR"]
    )


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
    """Rename the copied stylesheets to their fingerprinted names, then write `_headers`."""
    output, static_dir = Path(pelican.output_path), pelican.settings["THEME_STATIC_DIR"]
    place_at_root(output, static_dir, pelican.settings.get("ESSAYS_ROOT_FILES", []))
    urls = pelican.settings.get("ASSET_URLS", {})
    for name, url in urls.items():
        copied = output / static_dir / name
        if copied.is_file():
            copied.replace(output / url)
    folders = [str(PurePosixPath(url).parent) for url in urls.values()]
    text = headers_file(output, [*FINGERPRINTED, *folders])
    (output / "_headers").write_text(text, encoding="utf-8")
