"""Curly quotes, dashes and typogrify's touches, as a reader sees them.

`typeset` skips the smartypants and typogrify steps that cannot change a piece of
text; each test also holds it to what the two libraries give when run in full.
"""

from __future__ import annotations

import random

import pytest
import smartypants
from typogrify import filters
from typogrify.filters import typogrify

from essays.body.typography import SMARTYPANTS_ATTRS, curl_quotes, typeset, widont


def libraries(markup: str) -> str:
    """What smartypants and typogrify make of markup, every step run on every piece."""
    return typogrify(smartypants.smartypants(markup, SMARTYPANTS_ATTRS), smartypants=False)


@pytest.mark.parametrize(
    "markup, expected",
    [
        pytest.param(
            "<p>Plain words and nothing to curl</p>",
            "<p>Plain words and nothing to&nbsp;curl</p>",
            id="no-quote-characters",
        ),
        pytest.param(
            '<p>It\'s "quoted" here</p>',
            "<p>It&#8217;s &#8220;quoted&#8221;&nbsp;here</p>",
            id="apostrophe-and-quotes",
        ),
        pytest.param(
            "<p>He said \"<em>now</em>\" and '<strong>then</strong>'</p>",
            "<p>He said &#8220;<em>now</em>&#8221; and &#8216;<strong>then</strong>&#8217;</p>",
            id="quotes-alone-between-tags",
        ),
        pytest.param(
            "<p>Code <code>\"x\" -- 'y'</code> stays</p>",
            "<p>Code <code>\"x\" -- 'y'</code> stays</p>",
            id="code-kept-as-typed",
        ),
        pytest.param(
            "<pre><code>\"raw\" -- 'x'\n</code></pre>",
            "<pre><code>\"raw\" -- 'x'\n</code></pre>",
            id="code-block-kept-as-typed",
        ),
        pytest.param(
            "<p>One -- two --- three... four</p>",
            "<p>One &#8211; two &#8212; three&#8230;&nbsp;four</p>",
            id="dashes-and-ellipsis",
        ),
        pytest.param(
            '<p>A \\"kept\\" quote</p>',
            "<p>A &#34;kept&#34;&nbsp;quote</p>",
            id="backslash-keeps-a-straight-quote",
        ),
        pytest.param(
            "<p>AT&amp;T &amp; NASA</p>",
            '<p><span class="caps">AT</span>&amp;T <span class="amp">&amp;</span>'
            ' <span class="caps">NASA</span></p>',
            id="ampersand-and-capitals",
        ),
        pytest.param(
            '<h2>It\'s a "heading"</h2>',
            "<h2>It&#8217;s a&nbsp;&#8220;heading&#8221;</h2>",
            id="heading-with-quotes",
        ),
        pytest.param(
            'It\'s a "heading"',
            "It&#8217;s a&nbsp;&#8220;heading&#8221;",
            id="heading-name-in-the-contents-list",
        ),
        pytest.param(
            "Hope &amp; care", 'Hope <span class="amp">&amp;</span>&nbsp;care', id="title"
        ),
    ],
)
def test_typeset_curls_quotes_and_sets_dashes_outside_code(markup, expected):
    assert typeset(markup) == expected
    assert typeset(markup) == libraries(markup)


FAR = "words without any quote in them, " * 3


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f'{FAR}it\'s here{FAR}and "there"{FAR}', id="quotes-far-apart"),
        pytest.param(f"'Tis the start{FAR}", id="quote-first"),
        pytest.param(f"{FAR}the end'", id="quote-last"),
        pytest.param(f"{FAR}&#x2013;'word{FAR}&nbsp;\"word", id="entity-before-a-quote"),
        pytest.param(f"{FAR}\"'Quoted' words\"{FAR}", id="double-then-single"),
        pytest.param("x" * 40 + "'80s" + "y" * 40, id="decade"),
    ],
)
def test_quotes_far_apart_curl_as_smartypants_curls_them(text):
    assert curl_quotes(text) == smartypants.convert_quotes(text)
    assert "'" not in curl_quotes(text) and '"' not in curl_quotes(text)


@pytest.mark.parametrize(
    "html_text, expected",
    [
        pytest.param("<p>The last two words</p>", "<p>The last two&nbsp;words</p>", id="paragraph"),
        pytest.param(
            "<h2>A heading</h2>\n<ul>\n<li>an <em>item here</em> </li>\n</ul>",
            "<h2>A&nbsp;heading</h2>\n<ul>\n<li>an <em>item&nbsp;here</em> </li>\n</ul>",
            id="heading-and-list-item",
        ),
        pytest.param(
            '<p>Ends with <a href="x">a link</a></p>',
            '<p>Ends with <a href="x">a&nbsp;link</a></p>',
            id="link-at-the-end",
        ),
        pytest.param("<p>One</p>", "<p>One</p>", id="one-word"),
        pytest.param("no tags at all here\n", "no tags at all&nbsp;here\n", id="plain-text"),
        pytest.param(
            "<p><b an open tag</p> then</li>",
            "<p><b an open tag</p>&nbsp;then</li>",
            id="tag-left-open-before-a-closing-tag",
        ),
    ],
)
def test_last_two_words_stay_on_one_line(html_text, expected):
    assert widont(html_text) == expected
    assert widont(html_text) == filters.widont(html_text)


PIECES = [
    *("'", '"', "--", "---", "...", ". . .", "``", "''", "\\'", '\\"', "\\\\", "'80s"),
    *("<p>", "</p>", "<em>", "</em>", "<code>", "</code>", "<pre>", "</PRE>", "<kbd>"),
    *("<!-- a -- b -->", '<a href="x">', "</a>", "<h2>", "</h2>", "<", ">", "\n", " "),
    *("&amp;", " & ", "&nbsp;", "&#x2013;", "&mdash;", "AT&T", "NASA", "U.S.A.", "A. B."),
    *("word", "x", "9", "s", "(", "-", "\u00a0", "quote-free words " * 3),
]


def test_any_mix_of_quotes_tags_and_dashes_typesets_as_the_libraries_do():
    rng = random.Random(18)
    for _ in range(2000):
        markup = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        assert typeset(markup) == libraries(markup), markup


WIDONT_PIECES = [
    *("<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "</dd>", "</P>", "<em>", "</em>", "<b"),
    *("<b>", "</b>", "<a href='x y'>", "</a>", "</strong>", "<i", "</i>", "<bx>", "<br />"),
    *(" ", "\n", "\u00a0", "word", "x", "&nbsp;", "<", ">", "/", "long words here and there "),
]


def test_any_mix_of_words_and_tags_keeps_the_last_words_together_as_typogrify_does():
    rng = random.Random(18)
    for _ in range(3000):
        html_text = "".join(rng.choice(WIDONT_PIECES) for _ in range(rng.randint(0, 40)))
        assert widont(html_text) == filters.widont(html_text), html_text
