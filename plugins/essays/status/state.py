"""Whether an essay is out: published, a draft, hidden, or scheduled for a later date."""

from __future__ import annotations

from datetime import datetime


def state_of(status: str, written_status: str | None, date: datetime | None, now: datetime) -> str:
    """Name an essay's state: a future date not marked draft or hidden is "scheduled".

    Pelican turns a future-dated essay into a draft when publishing and keeps it
    published in development; either way the writer wrote no `status: draft`.
    """
    if written_status in ("draft", "hidden"):
        return written_status
    if date is not None and date > now.astimezone(date.tzinfo):
        return "scheduled"
    return status if status in ("draft", "hidden") else "published"


def item_state(item, now: datetime) -> str:
    """The state of an essay Pelican read (its status, the status as written, its date)."""
    return state_of(item.status, item.metadata.get("status"), getattr(item, "date", None), now)
