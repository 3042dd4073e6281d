"""Share links of an essay: plain addresses that make no request until a reader follows one.

No script and no embedded button: a network learns of a visit only when the reader
taps its link. Each address is the network's documented share address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from jinja2 import pass_context

# https://docs.bsky.app/docs/advanced-guides/intent-links
BLUESKY = "https://bsky.app/intent/compose?"
FACEBOOK = "https://www.facebook.com/sharer/sharer.php?"
LINKEDIN = "https://www.linkedin.com/sharing/share-offsite/?"


@dataclass(frozen=True)
class ShareLink:
    label: str  # what the reader sees: "Email", "Bluesky" ...
    url: str


def share_links(title: str, url: str) -> tuple[ShareLink, ...]:
    """Return the share addresses of one page, by its plain title and absolute URL."""
    return (
        ShareLink(
            "Email", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
        ),
        ShareLink("Bluesky", BLUESKY + urlencode({"text": url})),  # its card shows the title
        ShareLink("Facebook", FACEBOOK + urlencode({"u": url})),
        ShareLink("LinkedIn", LINKEDIN + urlencode({"url": url})),
    )


@pass_context
def essay_share_links(context, item) -> tuple[ShareLink, ...]:
    """The share links of an essay; none in a preview, whose addresses are not public."""
    site = context["SITEURL"]
    if not site.startswith(("https://", "http://")):
        return ()
    return share_links(item.title, f"{site}/{item.url}")  # plain text, as written
