"""What publishing adds to a build: the search index, the gate, precompressed files, rsync."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import brotli

from essays.problems import Problem
from toolkit.publish import gate, search_index

TEXT_SUFFIXES = frozenset({".html", ".css", ".xml", ".txt", ".json", ".svg", ".js", ".webmanifest"})
# user@host:path as rsync takes it; never a leading "-", which rsync would read as an option
DESTINATION = re.compile(r"^(?!-)(?:[\w.-]+@)?[\w.-]+:\S*$")


def publishing_steps(site_url: str, compress: bool) -> Callable[[Path], list[Problem]]:
    """The steps a production build takes on its staging folder before it goes live."""

    def finish(staging: Path) -> list[Problem]:
        # The index first: the gate then checks it with the rest of the site.
        problems = search_index.index_site(staging) + gate.check(staging, site_url)
        if compress and not problems:
            compress_tree(staging)
        return problems

    return finish


def compress_tree(root: Path) -> list[Path]:
    """Write NAME.gz and NAME.br beside each text file, for servers that send them as they are."""
    written = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file()):
        data = path.read_bytes()
        # mtime=0 and no file name in the header: the same bytes build the same .gz.
        for suffix, packed in (
            (".gz", gzip.compress(data, 9, mtime=0)),
            (".br", brotli.compress(data)),
        ):
            target = path.with_name(path.name + suffix)
            target.write_bytes(packed)
            written.append(target)
    return written


def rsync_command(output: Path, destination: str) -> list[str]:
    """The rsync command that uploads a built site to user@host:path, replacing what is there."""
    if not DESTINATION.match(destination):
        raise ValueError(f"not an rsync destination: {destination!r} (write user@host:path)")
    return [
        "rsync",
        "--recursive",
        "--links",
        "--times",
        "--compress",
        "--checksum",  # rebuilt files have new times but often the same bytes: skip those
        "--delay-updates",  # move every new file into place at the end, all at once
        "--delete-after",  # remove old files only once the new ones are there
        f"{output}/",
        destination,
    ]
