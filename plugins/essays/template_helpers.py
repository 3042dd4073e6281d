"""The functions templates call: feeds, sharing, editing, and an essay's sidenotes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import pass_context

from essays.body.sidenotes import with_sidenotes
from essays.syndication.share import essay_share_links
from essays.syndication.subscribe import feed_choices, own_feed


def edit_address(base: str, source: str, content: str) -> str:
    """Return where a writer edits a content file: base (EDIT_CONTENT_URL) + its path."""
    path = Path(os.path.abspath(source))
    folder = Path(os.path.abspath(content))
    if not base or not path.is_relative_to(folder):
        return ""
    return base.rstrip("/") + "/" + quote(path.relative_to(folder).as_posix())


@pass_context
def edit_url(context, item: Any) -> str:
    """The "Edit this essay" address of an item; "" when no repository address is set."""
    return edit_address(context.get("EDIT_CONTENT_URL") or "", item.source_path, context["PATH"])


def add_template_helpers(generator) -> None:
    """Let templates call feed_choices(), own_feed(), essay_share_links(), edit_url()
    and with_sidenotes()."""
    if hasattr(generator, "env"):
        for helper in (feed_choices, own_feed, essay_share_links, edit_url, with_sidenotes):
            generator.env.globals[helper.__name__] = helper
