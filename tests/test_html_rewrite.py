"""Rendered HTML read with a real parser: absolute URLs for feeds, plain text for previews."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from essays.body.html_text import absolute_srcset, absolute_urls, plain_text

BASE = "https://example.org/essays/e/"


@pytest.mark.parametrize(
    "source, expected",
    [
        ('<a href="/about/">a</a>', '<a href="https://example.org/about/">a</a>'),
        ('<a href="../other/">a</a>', '<a href="https://example.org/essays/other/">a</a>'),
        ('<a href="#fn:1">1</a>', '<a href="https://example.org/essays/e/#fn:1">1</a>'),
        ('<img src="i.png" alt="x">', '<img src="https://example.org/essays/e/i.png" alt="x">'),
        ('<img src="/i.png"/>', '<img src="https://example.org/i.png" />'),
        ('<a href="https://example.net/x">a</a>', '<a href="https://example.net/x">a</a>'),
        ('<a href="mailto:a@example.org">a</a>', '<a href="mailto:a@example.org">a</a>'),
        (
            '<source srcset="/a-480.webp 480w, a-960.webp 960w">',
            '<source srcset="https://example.org/a-480.webp 480w, '
            'https://example.org/essays/e/a-960.webp 960w">',
        ),
        (
            '<a href="/x" title="say &quot;hi&quot; &amp; go">a</a>',
            '<a href="https://example.org/x" title="say &quot;hi&quot; &amp; go">a</a>',
        ),
        ("<script>if (a<b && c) {}</script>", "<script>if (a<b && c) {}</script>"),
    ],
)
def test_relative_urls_become_absolute_against_the_entry(source, expected):
    assert absolute_urls(source, BASE) == expected


@pytest.mark.parametrize(
    "source",
    [
        "<p>AT&amp;T &lt;angle&gt; &#8220;quoted&#8221;&nbsp;text</p>",
        "<p>AT&T in raw HTML</p><!-- a comment -->",
        '<figure><img src="/i.jpg" alt="A &quot;river&quot;"><figcaption>It &amp; '
        "<em>us</em></figcaption></figure>",
    ],
)
def test_text_and_markup_survive_the_rewrite(source):
    rewritten = BeautifulSoup(absolute_urls(source, BASE), "html.parser")
    original = BeautifulSoup(source, "html.parser")
    assert rewritten.get_text() == original.get_text()
    assert [t.name for t in rewritten.find_all()] == [t.name for t in original.find_all()]


@pytest.mark.parametrize(
    "srcset, expected",
    [
        (
            "/a.jpg 480w, /b.jpg 960w",
            "https://example.org/a.jpg 480w, https://example.org/b.jpg 960w",
        ),
        (
            "a.jpg, b.jpg 2x",
            "https://example.org/essays/e/a.jpg, https://example.org/essays/e/b.jpg 2x",
        ),
        ("data:image/png;base64,AA,BB 1x", "data:image/png;base64,AA,BB 1x"),
    ],
)
def test_every_srcset_candidate_is_resolved(srcset, expected):
    assert absolute_srcset(srcset, BASE) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>A &amp; B</p><p>C</p>", "A & B C"),
        ("<p>x<script>alert(1)</script>y</p>", "xy"),
        ("<p>Is 3 &lt; 4? <code>&lt;/script&gt;</code></p>", "Is 3 < 4? </script>"),
        ('<p><span class="caps">LLC</span>&nbsp;work</p>', "LLC work"),
        ("", ""),
    ],
)
def test_plain_text_is_what_a_reader_sees(source, expected):
    assert plain_text(source) == expected
