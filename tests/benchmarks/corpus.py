"""Write N synthetic essays of about 1,250 words, for timing builds side by side.

Copied from the team's shared benchmark generator, ../shared/bench/make_corpus.py
(same words, same seed, same shape), so the benchmark runs in a clone without
that folder. Deterministic for a given N.
"""

from __future__ import annotations

import random
from pathlib import Path

# One string, as the shared generator writes it.
VOCABULARY = (
    "peer support community trust healing officer people story office value "
    "lived experience change stigma accountability care safety partner program "
    "recovery county jail conversation humanity boundary choice history work "
    "listen honest hope relationship neighbor courage respect system justice"
)
WORDS = VOCABULARY.split()


def para(rng: random.Random, n: int) -> str:
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def essay(i: int, rng: random.Random) -> str:
    parts = []
    for h in range(4):
        parts.append(f"## Part {h + 1} of the argument\n")
        for _ in range(3):
            parts.append(
                para(rng, 90)
                + f" It's \"quoted\" -- and here's a [link](https://example.org/{i})."
                + "\n"
            )
        parts.append(
            "- first point about " + rng.choice(WORDS) + "\n- second point\n- third point\n"
        )
    parts.append(f"![A photo for essay {i}]({{static}}/images/photo{i % 10}.png)\n")
    return "\n".join(parts)


def write_corpus(n: int, out: Path, pelican_meta: bool = False) -> None:
    """Write n essays into out/ and ten photos into out/../images/.

    The default is YAML front matter (our reader); pelican_meta writes Pelican's
    native `Key: value` header lines, for vanilla Pelican.
    """
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    for i in range(n):
        title = f"Essay number {i}: on {rng.choice(WORDS)} and {rng.choice(WORDS)}"
        date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        tags = ", ".join(rng.sample(WORDS, 3))
        if pelican_meta:
            head = (
                f"Title: {title}\nDate: {date}\nCategory: Essays\nTags: {tags}\nSlug: essay-{i}\n\n"
            )
        else:
            head = (
                f'---\ntitle: "{title}"\ndate: {date}\ncategory: Essays\n'
                f"tags: [{tags}]\nslug: essay-{i}\n---\n\n"
            )
        (out / f"essay-{i:05d}.md").write_text(head + essay(i, rng), encoding="utf-8")
    draw_images(out.parent / "images")


def draw_images(folder: Path) -> None:
    """Ten 800x600 PNGs for the essays' {static}/images links."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(10):
        Image.new("RGB", (800, 600), (20 * k, 100, 150)).save(folder / f"photo{k}.png")
