"""Share cards, canonical addresses and structured data, as a link preview reads them."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from essays.syndication.link_previews import json_ld
from tests.helpers import PUBLISH_URL, build_into, page
from toolkit.settings import PUBLISH

TITLE = 'Closing tags </script> & <b>bold</b> "claims"'
ESSAY = f"{PUBLISH_URL}/essays/first-light/"


def meta(soup, key: str) -> str | None:
    tag = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag else None


def structured_data(soup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_essay_page_has_its_opengraph_card(published_site):
    soup = page(published_site, "essays/first-light/")
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:url") == ESSAY
    assert soup.select_one('link[rel="canonical"]')["href"] == ESSAY
    assert meta(soup, "og:title") == 'First light: a test essay with <angle> & "quotes"'
    assert meta(soup, "og:description") == meta(soup, "description") == "A short summary."
    assert meta(soup, "article:published_time") == "2024-03-05T00:00:00-06:00"
    assert meta(soup, "article:modified_time") == "2024-03-05T00:00:00-06:00"
    assert meta(soup, "twitter:card") == "summary_large_image"
    image = meta(soup, "og:image")
    assert image.startswith(f"{PUBLISH_URL}/images/_v/river-") and image.endswith(".jpg")
    assert (published_site / image.removeprefix(f"{PUBLISH_URL}/")).is_file()
    assert meta(soup, "og:image:alt") == "A river at dawn"


def test_essay_without_photo_shares_its_own_card_and_pages_the_site_image(published_site):
    soup = page(published_site, "essays/closing-tags/")
    image = meta(soup, "og:image")
    assert image.startswith(f"{PUBLISH_URL}/images/_v/share-closing-tags-")
    assert (published_site / image.removeprefix(PUBLISH_URL + "/")).is_file()
    site_image = f"{PUBLISH_URL}/theme/images/share.png"
    assert meta(page(published_site, "about/"), "og:image") == site_image
    assert (published_site / "theme/images/share.png").is_file()
    assert meta(soup, "article:modified_time") == "2024-06-01T09:15:00-05:00"


def test_essay_has_blog_posting_json_ld(published_site):
    data = structured_data(page(published_site, "essays/first-light/"))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == 'First light: a test essay with <angle> & "quotes"'
    assert data["datePublished"] == data["dateModified"] == "2024-03-05T00:00:00-06:00"
    assert data["author"] == [{"@type": "Organization", "name": "At The Roots"}]
    assert data["image"].startswith(f"{PUBLISH_URL}/images/_v/river-")
    assert data["publisher"]["name"] == "At The Roots"


def test_markup_in_title_and_summary_stays_text_everywhere_on_the_page(published_site):
    soup = page(published_site, "essays/closing-tags/")
    assert soup.title.get_text().startswith(TITLE)
    for key in ("og:title", "twitter:title"):
        assert meta(soup, key) == TITLE
    description = meta(soup, "og:description")
    assert "Is 3 < 4 &" in description and "</script><script>alert(1)</script>" in description
    data = structured_data(soup)  # one script element: the title did not end it early
    assert data["headline"] == TITLE
    assert "</script><script>alert(1)</script>" in data["description"]
    assert "<" not in soup.select_one('script[type="application/ld+json"]').string


@pytest.mark.parametrize("text", ["</script>", "<!-- x", "a & b", '"quoted"', "\u2028"])
def test_json_ld_cannot_end_its_script_element(text):
    serialised = json_ld({"headline": text})
    assert not any(c in serialised for c in "<>&")
    assert json.loads(serialised) == {"headline": text}


def test_every_page_links_the_site_feeds_and_all_but_the_404_has_a_canonical(published_site):
    for path in published_site.rglob("*.html"):
        soup = page(published_site, str(path.relative_to(published_site)))
        feeds = [(link["type"], link["href"]) for link in soup.select('link[rel="alternate"]')]
        assert feeds[:3] == [
            ("application/atom+xml", f"{PUBLISH_URL}/feeds/all.atom.xml"),
            ("application/rss+xml", f"{PUBLISH_URL}/feeds/all.rss.xml"),
            ("application/feed+json", f"{PUBLISH_URL}/feed.json"),
        ], path
        canonical = soup.select_one('link[rel="canonical"]')
        assert (canonical is None) == (path.name == "404.html"), path
        assert meta(soup, "og:image").startswith(f"{PUBLISH_URL}/"), path


def test_tag_page_links_its_own_feed(published_site):
    soup = page(published_site, "tags/healing/")
    links = [link["href"] for link in soup.select('link[rel="alternate"]')]
    assert f"{PUBLISH_URL}/feeds/tags/healing.atom.xml" in links
    assert f"{PUBLISH_URL}/feeds/tags/healing.rss.xml" in links
    assert meta(soup, "og:type") == "website"


@pytest.mark.parametrize("path", ["essays/quiet-note/", "404.html"])
def test_hidden_essay_and_404_ask_not_to_be_indexed(published_site, path):
    assert meta(page(published_site, path), "robots") == "noindex"


def test_development_pages_have_cards_but_no_feed_links(dev_site):
    soup = page(dev_site, "essays/first-light/")
    assert meta(soup, "og:url") == "/essays/first-light/"
    assert meta(soup, "description") == "A short summary."
    assert soup.select('link[rel="alternate"]') == []
    assert meta(page(dev_site, "drafts/unfinished-thought/"), "robots") == "noindex"


def test_no_meta_tag_escapes_a_writers_text_twice(tmp_path):
    content = tmp_path / "content"
    (content / "essays").mkdir(parents=True)
    Image.new("RGB", (800, 600), "teal").save(content / "essays" / "photo.png")
    (content / "essays" / "signs.md").write_text(
        '---\ntitle: "Less <than> & more"\ndate: 2024-03-05\nsummary: "Fish &amp; chips < 3"\n'
        "tags: [R&D]\n---\n\n"
        '![Rock &amp; roll &lt;3 "quoted" & more](photo.png)\n*Caption &lt; here.*\n',
        encoding="utf-8",
    )
    result = build_into(tmp_path, content, {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    soup = page(tmp_path / "output", "essays/signs/")
    for key in ("og:image:alt", "twitter:image:alt"):
        assert meta(soup, key) == 'Rock & roll <3 "quoted" & more'
    assert meta(soup, "og:title") == "Less <than> & more"
    assert meta(soup, "og:description") == "Fish & chips < 3"
    assert meta(soup, "article:tag") == "R&D"
    assert structured_data(soup)["headline"] == "Less <than> & more"
