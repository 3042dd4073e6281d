"""The site around the essays: About, Support, Subscribe, footer, icons, share links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from essays.syndication.share import share_links
from essays.template_helpers import edit_address
from tests.helpers import PUBLISH_URL, build_into, every_page, page, site_settings
from toolkit.settings import PUBLISH

ESSAY = f"{PUBLISH_URL}/essays/first-light/"


def links(soup, selector: str = "a") -> dict[str, str]:
    """Link text -> href of the links a selector finds."""
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select(selector)}


def test_home_page_reaches_about_support_and_subscribe_in_one_tap(published_site):
    found = links(page(published_site, ""))
    for text in ("About this test site", "If you need support now", "Follow the essays"):
        path = found[text].removeprefix(PUBLISH_URL + "/")
        assert (published_site / path / "index.html").is_file(), text
    assert "988" in page(published_site, "support/").get_text()
    feeds = links(page(published_site, "subscribe/"), "main a")
    assert f"{PUBLISH_URL}/feeds/all.atom.xml" in feeds.values()
    assert f"{PUBLISH_URL}/feed.json" in feeds.values()


def test_every_page_footer_links_support(published_site):
    for path, soup in every_page(published_site):
        footer = links(soup, ".site-footer a")
        assert footer.get("If you need support now") == f"{PUBLISH_URL}/support/", path


def test_content_note_on_an_essay_links_support(published_site):
    note = page(published_site, "essays/first-light/").select_one(".content-note")
    assert "Mentions a hospital stay." in note.get_text()
    assert links(note)["support is here"] == f"{PUBLISH_URL}/support/"


def test_content_note_in_the_feed_links_support_too(published_site):
    feed = feedparser.parse(published_site / "feeds/all.atom.xml")
    entry = next(e for e in feed.entries if e.link == ESSAY)
    html = BeautifulSoup(entry.content[0].value, "html.parser")
    assert links(html)["support is here"] == f"{PUBLISH_URL}/support/"


@pytest.mark.parametrize(
    "service, href",
    [
        ("988 Suicide & Crisis Lifeline", "tel:988"),
        ("988 Suicide & Crisis Lifeline", "sms:988"),
        ("Crisis Text Line", "sms:741741?body=HOME"),
        ("SAMHSA National Helpline", "tel:+18006624357"),
        ("National Human Trafficking Hotline", "tel:+18883737888"),
        ("Emergency services", "tel:911"),
    ],
)
def test_support_page_lets_a_reader_call_or_text_each_service(published_site, service, href):
    soup = page(published_site, "support/")
    resource = next(r for r in soup.select(".resource") if r.h2.get_text() == service)
    assert href in [a["href"] for a in resource.select("a.contact")]


def test_support_page_says_local_services_are_still_to_come(published_site):
    soup = page(published_site, "support/")
    assert "Local services will be listed here" in soup.select_one(".placeholder").get_text()


def test_subscribe_page_lists_every_topic_and_series_feed_that_exists(published_site):
    soup = page(published_site, "subscribe/")
    titles = [h3.get_text(" ", strip=True) for h3 in soup.select(".feed-groups h3")]
    assert "Essays about healing" in titles and "The series Roots and Routes" in titles
    for a in soup.select(".feed-links a"):
        assert (published_site / a["href"].removeprefix(PUBLISH_URL + "/")).is_file(), a["href"]


def test_preview_subscribe_page_says_it_has_no_feeds_instead_of_broken_links(dev_site):
    soup = page(dev_site, "subscribe/")
    assert soup.select(".feed-links") == []
    assert "invoke publish" in soup.select_one(".placeholder").get_text()


@pytest.mark.parametrize(
    "path, feed",
    [
        ("tags/healing/", "feeds/tags/healing.atom.xml"),
        ("series/roots-and-routes/", "feeds/series/roots-and-routes.atom.xml"),
    ],
)
def test_topic_and_series_pages_show_their_own_feed(published_site, path, feed):
    own = links(page(published_site, path), ".own-feed a")
    assert own["Atom feed"] == f"{PUBLISH_URL}/{feed}"
    assert (published_site / feed).is_file()


def test_every_page_links_icons_that_exist_and_favicon_is_at_the_root(published_site):
    with Image.open(published_site / "favicon.ico") as icon:
        assert icon.format == "ICO"
    with Image.open(published_site / "theme/icons/apple-touch-icon.png") as touch:
        assert touch.size == (180, 180)
    for path, soup in every_page(published_site):
        icons = [
            link["href"] for link in soup.select('link[rel~="icon"], link[rel="apple-touch-icon"]')
        ]
        assert len(icons) == 3, path
        for href in icons:
            assert (published_site / href.removeprefix(PUBLISH_URL + "/")).is_file(), href


def test_share_links_carry_the_essay_address_and_load_nothing(published_site):
    share = page(published_site, "essays/first-light/").select_one(".share")
    found = links(share)
    assert set(found) == {"Email", "Bluesky", "Facebook", "LinkedIn"}
    email = urlsplit(found["Email"])
    assert email.scheme == "mailto"
    assert parse_qs(email.query)["body"] == [ESSAY]
    assert parse_qs(urlsplit(found["Facebook"]).query)["u"] == [ESSAY]
    assert share.select("img, iframe, script") == []


def test_email_subject_is_the_title_as_written_even_when_it_looks_like_html(published_site):
    share = page(published_site, "essays/closing-tags/").select_one(".share")
    subject = parse_qs(urlsplit(links(share)["Email"]).query)["subject"]
    assert subject == ['Closing tags </script> & <b>bold</b> "claims"']


def test_share_text_with_quotes_and_ampersands_stays_one_parameter():
    title = 'Tea & "sympathy"? 100% #yes'
    email, bluesky, *_ = share_links(title, ESSAY)
    assert parse_qs(urlsplit(email.url).query) == {"subject": [title], "body": [ESSAY]}
    assert parse_qs(urlsplit(bluesky.url).query) == {"text": [ESSAY]}


def test_preview_has_no_share_links_to_a_private_address(dev_site):
    assert page(dev_site, "essays/first-light/").select_one(".share") is None


def test_home_introduction_on_the_first_page_only_and_cards_note_is_a_line(published_site):
    intro = page(published_site, "").select_one(".home-intro")
    assert intro.get_text(strip=True) == site_settings()["HOME_INTRODUCTION"]
    card_note = page(published_site, "").select_one(".card .card-note")
    assert card_note.name == "p"


def test_footer_has_contact_placeholder_and_no_edit_link_by_default(published_site):
    footer = page(published_site, "essays/first-light/").select_one(".site-footer")
    assert "Contact details for At The Roots are to come." in footer.get_text()
    assert "Edit this essay" not in footer.get_text()


def test_contact_line_and_edit_link_come_from_the_settings(tmp_path, content_copy):
    edit = "https://example.org/repo/edit/main/content/"
    overrides = {
        **PUBLISH,
        "SITEURL": PUBLISH_URL,
        "CONTACT_LINE": "Write to us & say hi.",
        "EDIT_CONTENT_URL": edit,
    }
    result = build_into(tmp_path, content_copy, overrides)
    assert not result.problems, result.report()
    footer = page(tmp_path / "output", "essays/first-light/").select_one(".site-footer")
    assert footer.select_one(".contact-line").get_text() == "Write to us & say hi."
    assert links(footer)["Edit this essay"] == edit + "essays/first-light.md"
    home = page(tmp_path / "output", "").select_one(".site-footer")
    assert "Edit this essay" not in home.get_text()


@pytest.mark.parametrize(
    "base, source, expected",
    [
        ("", "/site/content/essays/a.md", ""),
        (
            "https://x.org/edit/main/content/",
            "/site/content/essays/a b.md",
            "https://x.org/edit/main/content/essays/a%20b.md",
        ),
        (
            "https://x.org/edit/main/content",
            "/site/content/essays/a.md",
            "https://x.org/edit/main/content/essays/a.md",
        ),
        ("https://x.org/edit/main/content/", "/elsewhere/a.md", ""),
    ],
)
def test_edit_address_points_at_the_file_in_the_repository(base, source, expected):
    assert edit_address(base, source, "/site/content") == expected


def test_about_page_says_only_what_the_organisation_wrote_and_marks_the_gap(real_site):
    soup = page(real_site, "about/")
    assert "Words to come from At The Roots." in soup.select_one("aside.note").get_text()
    assert links(soup, "main a")["Where Values Meet Reality"] == (
        f"{PUBLISH_URL}/essays/where-values-meet-reality/"
    )
    assert "About" in links(soup, ".site-header a")


@pytest.mark.parametrize(
    "path, title", [("support/", "If you need support now"), ("subscribe/", "Follow the essays")]
)
def test_support_and_subscribe_pages_preview_under_their_own_title(published_site, path, title):
    soup = page(published_site, path)
    assert soup.select_one('meta[property="og:title"]')["content"] == title
    assert soup.title.get_text().startswith(title)
    assert soup.select_one('link[rel="canonical"]')["href"] == f"{PUBLISH_URL}/{path}"
