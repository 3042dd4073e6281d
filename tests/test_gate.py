"""The quality gate: passes real sites, names the page and the problem on broken ones."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

from essays.assets import content_security_policy
from tests.helpers import PUBLISH_URL
from toolkit.publish import gate
from toolkit.publish import page_weight as budget

POLICY = content_security_policy()
NO_HTML_CHECK = {"html_checker": lambda root: []}  # for tests about other checks: faster


class AsWritten(HTMLFormatter):
    """Keep attributes in their written order (the Nu checker misreads a CSP <meta> whose
    content= comes before http-equiv=, as Beautiful Soup's sorted order would put it)."""

    def attributes(self, tag):
        return list(tag.attrs.items())


def edit(output: Path, path: str, change) -> None:
    """Change one built page through its parsed tree, as a template bug would."""
    file = output / path
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    change(soup)
    written = AsWritten(entity_substitution=EntitySubstitution.substitute_xml)  # as "minimal"
    file.write_text(soup.decode(formatter=written), encoding="utf-8")


def append_to_main(html: str):
    def change(soup: BeautifulSoup) -> None:
        soup.select_one("main").append(BeautifulSoup(html, "html.parser"))

    return change


def write_page(root: Path, path: str, body: str, head: str = "", policy: bool = True) -> None:
    """A small valid page at path, with body inside its <main> (and, as ours have, a CSP)."""
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    csp = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' if policy else ""
    file.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{csp}<title>T</title>{head}'
        f'</head><body><main id="main">{body}</main></body></html>\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def broken(published_site, dev_site, tmp_path_factory) -> tuple[Path, list]:
    """A copy of the published fixture site with one mistake on each of five pages."""
    output = tmp_path_factory.mktemp("broken") / "output"
    shutil.copytree(published_site, output)
    edit(
        output,
        "essays/second-step/index.html",
        append_to_main(f'<p><a href="{PUBLISH_URL}/essays/no-such-essay/">gone</a></p>'),
    )
    river = sorted((output / "images" / "_v").glob("river-*-480.webp"))
    river[0].unlink()
    edit(output, "about/index.html", append_to_main('<p><a href="#nowhere">up</a></p>'))
    edit(output, "archives/index.html", append_to_main("<ul><p>not a list item</p></ul>"))
    shutil.copytree(dev_site / "drafts", output / "drafts")
    return output, gate.check(output, PUBLISH_URL)


def found(problems, path: str, text: str) -> list:
    return [p for p in problems if p.path == path and text in p.message]


def test_gate_passes_the_real_site(real_site):
    assert gate.check(real_site, PUBLISH_URL) == []


def test_gate_passes_the_published_fixture_site(published_site):
    assert gate.check(published_site, PUBLISH_URL) == []


def test_broken_internal_link_names_page_and_link(broken):
    _, problems = broken
    (problem,) = found(problems, "essays/second-step/index.html", "broken link")
    assert problem.message.endswith("/essays/no-such-essay/")
    assert problem.line > 0


def test_missing_image_names_page_and_file(broken):
    _, problems = broken
    (problem,) = found(problems, "essays/first-light/index.html", "image not found")
    assert "images/_v/river-" in problem.message and problem.message.endswith("-480.webp")


def test_bad_fragment_names_page_and_id(broken):
    _, problems = broken
    (problem,) = found(problems, "about/index.html", "no element with id 'nowhere'")
    assert problem.message.endswith("#nowhere")


def test_invalid_html_names_page_and_line(broken):
    output, problems = broken
    (problem,) = found(problems, "archives/index.html", "invalid HTML")
    assert "p" in problem.message and "ul" in problem.message
    lines = (output / "archives/index.html").read_text(encoding="utf-8").splitlines()
    assert "not a list item" in lines[problem.line - 1]


def test_published_draft_is_named(broken):
    _, problems = broken
    assert found(problems, "drafts", "a draft folder is published")
    assert found(problems, "drafts/unfinished-thought/index.html", "is marked as a draft")


def test_every_problem_is_listed_at_once(broken):
    _, problems = broken
    pages = {p.path for p in problems}
    assert {
        "essays/second-step/index.html",
        "essays/first-light/index.html",
        "about/index.html",
        "archives/index.html",
        "drafts",
    } <= pages
    assert all(p.hint for p in problems)


@pytest.mark.parametrize(
    "body, message",
    [
        ("<script>alert(1)</script>", "has a <script>"),
        ('<p onclick="go()">x</p>', "has an inline script: onclick="),
        ('<p><a href="javascript:go()">x</a></p>', "has a javascript: URL in href"),
        ('<p style="color: red">x</p>', "has an inline style on <p>"),
        (
            '<img src="https://cdn.example.net/a.jpg" alt="a">',
            "loads a file from another site: https://cdn.example.net/a.jpg",
        ),
        (
            '<img src="/a.png" srcset="//cdn.example.net/b.png 2x" alt="a">',
            "loads a file from another site: //cdn.example.net/b.png",
        ),
        ('<p class="draft-banner">Draft</p>', "is marked as a draft"),
    ],
)
def test_page_rules(tmp_path, body, message):
    (tmp_path / "a.png").write_bytes(b"png")
    write_page(tmp_path, "index.html", body)
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert [(p.path, p.message) for p in problems] == [("index.html", message)]


@pytest.mark.parametrize(
    "body",
    [
        '<script type="application/ld+json">{"@type": "BlogPosting"}</script>',
        '<p><a href="https://example.org/elsewhere">another site</a></p>',
        '<p><a href="mailto:hello@example.org">mail</a> <a href="#main">top</a></p>',
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="dot">',
        '<p><a href="essays/">relative</a> <a href="/essays">no slash</a></p>',
    ],
)
def test_allowed_markup_passes(tmp_path, body):
    write_page(tmp_path, "index.html", body)
    write_page(tmp_path, "essays/index.html", "<p>list</p>")
    assert gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK) == []


@pytest.mark.parametrize(
    "site_url, page, url, expected",
    [
        ("https://e.org", "essays/a/index.html", "../b/", ("essays/b/index.html", "")),
        ("https://e.org", "essays/a/index.html", "#fn:1", ("essays/a/index.html", "fn:1")),
        ("https://e.org", "index.html", "/tags/x/#top", ("tags/x/index.html", "top")),
        ("https://e.org", "index.html", "https://E.org/a%20b.css", ("a b.css", "")),
        ("https://e.org/sub", "index.html", "https://e.org/sub/x/", ("x/index.html", "")),
        ("https://e.org/sub", "index.html", "https://e.org/other/", None),
        ("https://e.org", "index.html", "https://elsewhere.org/", None),
        ("https://e.org", "index.html", "//elsewhere.org/x.png", None),
        ("https://e.org", "index.html", "http://e.org/x.png", None),
    ],
)
def test_resolve_maps_urls_to_output_files(tmp_path, site_url, page, url, expected):
    assert gate.resolve(gate.Site(tmp_path, site_url), page, url) == expected


def test_feed_that_does_not_parse_is_named(tmp_path):
    write_page(tmp_path, "index.html", "<p>home</p>")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.atom.xml").write_text("<feed><entry>", encoding="utf-8")
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert [p.path for p in problems] == ["feeds/all.atom.xml"]
    assert "the feed does not parse" in problems[0].message


def test_page_over_the_html_budget_is_named(tmp_path):
    # Hash digests barely compress, like a template that inlines a big blob would not.
    blob = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(2500))
    write_page(tmp_path, "index.html", f"<p>{blob}</p>")
    (problem,) = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert problem.path == "index.html"
    assert f"(budget {budget.PAGE_BUDGET:,})" in problem.message


def test_page_over_the_image_budget_is_named(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}-1600.webp").write_bytes(b"\0" * (budget.IMAGE_BUDGET // 2 + 1))
        (tmp_path / f"{name}-480.jpg").write_bytes(b"\0" * 10)
    body = "".join(
        f'<picture><source type="image/webp" srcset="/{n}-1600.webp 1600w">'
        f'<img src="/{n}-480.jpg" srcset="/{n}-480.jpg 480w" alt="{n}"></picture>'
        for n in ("a", "b")
    )
    write_page(tmp_path, "index.html", body)
    (problem,) = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert problem.message.startswith("images weigh")


@pytest.mark.parametrize(
    "srcset, expected",
    [
        ("a-480.webp 480w, a-960.webp 960w, a-1600.webp 1600w, a-4000.webp 4000w", "a-1600.webp"),
        ("a-480.jpg 480w, a-1200.jpg 1200w", "a-1200.jpg"),
        ("a.png", "a.png"),
        ("", ""),
    ],
)
def test_image_weight_counts_the_copy_a_wide_screen_loads(srcset, expected):
    assert budget.pick(srcset) == expected


def test_missing_java_is_a_problem_not_a_silent_pass(tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.publish.html_validator.java", lambda: None)
    write_page(tmp_path, "index.html", "<p>home</p>")
    (problem,) = gate.check(tmp_path, PUBLISH_URL)
    assert "Java is not installed" in problem.message


EVIL = "https://tracker.example"


@pytest.mark.parametrize(
    "body, message",
    [
        (f'<iframe srcdoc="x" src="{EVIL}/"></iframe>', "has an <iframe>"),
        ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "srcdoc="),
        (f'<object data="{EVIL}/x"></object>', f"makes a request to another site: data={EVIL}/x"),
        ('<embed src="data:text/html,x">', "has an <embed>"),
        (f'<svg><image href="{EVIL}/a.png"/></svg>', f"another site: href={EVIL}/a.png"),
        (f'<svg><use xlink:href="{EVIL}/s.svg#a"/></svg>', "another site: xlink:href="),
        (f'<p><a href="/" ping="{EVIL}/">x</a></p>', f"another site: ping={EVIL}/"),
        (
            f'<form action="{EVIL}/"><button formaction="{EVIL}/b">Go</button></form>',
            "site: action=",
        ),
        (f'<form action="/"><button formaction="{EVIL}/b">Go</button></form>', "formaction="),
        (f'<table background="{EVIL}/bg.png"><tr><td>x</td></tr></table>', "background="),
        (f'<base href="{EVIL}/">', "has a <base>"),
        (f'<meta http-equiv="refresh" content="0; URL=\'{EVIL}/\'">', "by itself: https"),
        ('<p><a href="vbscript:msgbox(1)">x</a></p>', "has a vbscript: URL in href="),
        ('<p><a href="  java&#9;script:alert(1)">x</a></p>', "has a javascript: URL in href"),
    ],
)
def test_hostile_markup_in_a_page_is_named(tmp_path, body, message):
    write_page(tmp_path, "index.html", body)
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert [p.path for p in problems if message in p.message] == ["index.html"], problems


def test_link_rels_that_fetch_from_elsewhere_are_named(tmp_path):
    head = "".join(
        f'<link rel="{rel}" href="{EVIL}/{rel}">' for rel in ("prefetch", "preconnect", "prerender")
    )
    write_page(tmp_path, "index.html", "<p>x</p>", head=head + f'<link rel="me" href="{EVIL}/me">')
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert sorted(p.message.rsplit("/", 1)[1] for p in problems) == [
        "preconnect",
        "prefetch",
        "prerender",
    ]


def test_page_without_the_policy_meta_is_named(tmp_path):
    write_page(tmp_path, "index.html", "<p>home</p>")
    write_page(tmp_path, "extra/verify.html", "<p>copied as it was</p>", policy=False)
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert [(p.path, p.message) for p in problems] == [
        ("extra/verify.html", "has no Content-Security-Policy <meta> in its <head>")
    ]


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("images/logo.svg", "<svg><script>alert(1)</script></svg>", "has a <script>"),
        ("images/logo.svg", '<svg onload="alert(1)"></svg>', "has an inline script: onload="),
        ("images/logo.svg", f'<svg><image href="{EVIL}/a.png"/></svg>', "another site"),
        ("images/logo.svg", f'<svg><style>@import "{EVIL}/a.css";</style></svg>', "its CSS"),
        ("images/logo.svg", f'<svg><rect style="fill:url({EVIL}/p#g)"/></svg>', "its CSS"),
        (
            "images/logo.svg",
            '<svg><a><animate attributeName="href" to="javascript:alert(1)"/>x</a></svg>',
            "changes a link",
        ),
        ("images/logo.svg", '<svg><use href="data:image/svg+xml,&lt;svg/&gt;"/></svg>', "data:"),
        ("extra/old.htm", "<p>x</p><script>alert(1)</script>", "has a <script>"),
        ("extra/old.xhtml", f'<p><img src="{EVIL}/p.png" alt=""/></p>', "another site"),
        ("theme/css/extra.css", f"body {{ background: url('{EVIL}/bg.png') }}", "its CSS"),
        ("theme/css/extra.css", f"@import url({EVIL}/fonts.css);", "its CSS"),
    ],
)
def test_every_file_a_browser_renders_is_checked(tmp_path, name, text, message):
    write_page(tmp_path, "index.html", "<p>home</p>")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert [p.path for p in problems if message in p.message] == [name], problems
    assert all(p.hint for p in problems)


def test_a_plain_svg_drawing_passes(tmp_path):
    write_page(tmp_path, "index.html", "<p>home</p>")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "leaf.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><defs><linearGradient '
        'id="g"/></defs><path d="M0 0h8v8z" style="fill:url(#g)"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>',
        encoding="utf-8",
    )
    assert gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK) == []


def test_hostile_html_inside_a_feed_and_dead_feed_links_are_named(tmp_path):
    write_page(tmp_path, "index.html", "<p>home</p>")
    (tmp_path / "feeds").mkdir()
    entry = (
        f'&lt;p&gt;Hi&lt;img src="{EVIL}/p.png" alt=""&gt;&lt;/p&gt;'
        '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    )
    (tmp_path / "feeds" / "all.atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>T</title><id>{PUBLISH_URL}/</id><updated>2024-01-01T00:00:00Z</updated>"
        f'<link href="{PUBLISH_URL}/" rel="alternate"/>'
        f"<entry><title>E</title><id>{PUBLISH_URL}/essays/gone/</id>"
        f'<link href="{PUBLISH_URL}/essays/gone/" rel="alternate"/>'
        f'<updated>2024-01-01T00:00:00Z</updated><content type="html">{entry}</content></entry>'
        "</feed>\n",
        encoding="utf-8",
    )
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{PUBLISH_URL}/</loc></url><url><loc>{PUBLISH_URL}/old/</loc></url>"
        "</urlset>\n",
        encoding="utf-8",
    )
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert sorted((p.path, p.message) for p in problems) == [
        ("feeds/all.atom.xml", "has a javascript: URL in href="),
        (
            "feeds/all.atom.xml",
            f"links to a page that is not published: {PUBLISH_URL}/essays/gone/",
        ),
        ("feeds/all.atom.xml", f"makes a request to another site: src={EVIL}/p.png"),
        ("sitemap.xml", f"links to a page that is not published: {PUBLISH_URL}/old/"),
    ]


def test_hostile_html_inside_the_json_feed_and_its_dead_links_are_named(tmp_path):
    write_page(tmp_path, "index.html", "<p>home</p>")
    item = {
        "id": "urn:x",
        "url": f"{PUBLISH_URL}/essays/gone/",
        "content_html": f'<p>Hi</p><iframe src="{EVIL}/"></iframe>',
    }
    feed = {"version": "https://jsonfeed.org/version/1.1", "home_page_url": f"{PUBLISH_URL}/"}
    (tmp_path / "feed.json").write_text(json.dumps({**feed, "items": [item]}), encoding="utf-8")
    problems = gate.check(tmp_path, PUBLISH_URL, **NO_HTML_CHECK)
    assert sorted((p.path, p.message.split(":")[0]) for p in problems) == [
        ("feed.json", "has an <iframe>"),
        ("feed.json", "links to a page that is not published"),
        ("feed.json", "makes a request to another site"),
    ]


SITE_SCRIPT = '<script type="module" src="/theme/js/search.js"></script>'


@pytest.mark.parametrize(
    "path, head, message",
    [
        pytest.param("search/index.html", SITE_SCRIPT, None, id="search-page-own-script"),
        pytest.param("index.html", SITE_SCRIPT, "has a <script>", id="any-other-page"),
        pytest.param(
            "search/index.html",
            "<script>alert(1)</script>",
            "has a <script> that is not one of the site's files",
            id="inline-on-search-page",
        ),
        pytest.param(
            "search/index.html",
            '<script type="module" src="data:text/javascript,alert(1)"></script>',
            "has a <script> that is not one of the site's files",
            id="data-url-on-search-page",
        ),
        pytest.param(
            "search/index.html",
            '<script src="https://cdn.example.net/s.js"></script>',
            "loads a file from another site: https://cdn.example.net/s.js",
            id="other-site-on-search-page",
        ),
        pytest.param(
            "search/index.html",
            '<script type="module" src="/theme/js/gone.js"></script>',
            "broken link: /theme/js/gone.js",
            id="missing-file-on-search-page",
        ),
    ],
)
def test_only_the_search_page_may_load_the_sites_own_scripts(tmp_path, path, head, message):
    script = tmp_path / "theme" / "js" / "search.js"
    script.parent.mkdir(parents=True)
    script.write_text("export {};", encoding="utf-8")
    write_page(tmp_path, path, "<p>x</p>", head=head)
    problems = gate.check(
        tmp_path, PUBLISH_URL, script_pages=frozenset({"search/index.html"}), **NO_HTML_CHECK
    )
    if message is None:
        assert problems == []
    else:
        assert (path, message) in [(p.path, p.message) for p in problems]
