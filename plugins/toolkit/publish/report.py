"""What `invoke publish` says at the end: which essays went out, which were held back and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Why an essay is not on the published site, in the writer's words.
REASONS = {
    "draft": "a draft (status: draft)",
    "hidden": "hidden (status: hidden): at its address, in no list or feed",
}


@dataclass(frozen=True, order=True)
class EssayState:
    """One essay as a build saw it: where it is, what it is called, whether it went out."""

    path: str
    title: str
    state: str  # "published", "draft", "hidden" or "scheduled"
    date: datetime | None = None


def publish_report(essays: list[EssayState]) -> str:
    """A few plain lines: how many essays went out, then each one held back, with why."""
    out = [e for e in essays if e.state == "published"]
    held = sorted((e for e in essays if e.state != "published"), key=lambda e: e.path)
    lines = [f"published {len(out)} essay{'s' * (len(out) != 1)}"]
    if held:
        lines[0] += f"; held back {len(held)}:"
    for essay in held:
        lines.append(f"  {essay.path} ({essay.title}): {reason(essay)}")
    return "\n".join(lines)


def reason(essay: EssayState) -> str:
    if essay.state == "scheduled" and essay.date is not None:
        return f"scheduled for {essay.date:%B %-d, %Y} (the first build on or after that day)"
    return REASONS.get(essay.state, essay.state)
