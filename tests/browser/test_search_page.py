"""The search page in Chromium: finds an essay by a word from its middle, stays on the site."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.helpers import page, words

pytestmark = pytest.mark.browser

SEED_ESSAY = "/essays/where-values-meet-reality/"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def middle_word(output) -> str:
    """A long word from the middle of the seed essay's text, as a reader remembers one."""
    text = page(output, SEED_ESSAY.lstrip("/")).select_one(".essay-body").get_text(" ")
    found = [w.strip(".,;:!?\u201c\u201d\u2019()") for w in text.split()]
    found = [w for w in found if len(w) >= 8 and w.isalpha()]
    return found[len(found) // 2]


def search_from_home(tab, site, query: str) -> None:
    """Open the home page, follow the header's Search link, type the query."""
    tab.goto(site.url + "/")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    tab.get_by_label("Search the essays").fill(query)
    tab.locator(".search-results a").first.wait_for()


def test_a_word_from_the_middle_of_the_seed_essay_finds_it(tab, searchable_real_site):
    word = middle_word(searchable_real_site.output)
    search_from_home(tab, searchable_real_site, word)
    result = tab.locator(".search-results li").first
    assert result.locator("a").get_attribute("href") == SEED_ESSAY
    title = page(searchable_real_site.output, SEED_ESSAY.lstrip("/")).h1.get_text()
    assert words(result.locator("a").inner_text()) == words(title)
    assert result.locator("time").get_attribute("datetime")
    # The excerpt marks the word, or a form of it ("agencies" finds "agency").
    assert result.locator(".search-excerpt mark").count() > 0
    assert "1 essay matches" in tab.get_by_role("status").inner_text()


def test_searching_sends_nothing_off_the_site(context, searchable_real_site):
    local, elsewhere = searchable_real_site.url + "/", []

    def only_local(route) -> None:
        if route.request.url.startswith(local):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    scripts = []
    tab.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    search_from_home(tab, searchable_real_site, middle_word(searchable_real_site.output))
    assert elsewhere == []
    assert scripts and all(url.startswith(local) for url in scripts)
    assert any(url.endswith("/pagefind/pagefind.js") for url in scripts)


def test_without_javascript_the_page_lists_every_essay(playwright_browser, searchable_real_site):
    context = playwright_browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(searchable_real_site.url + "/search/")
    listed = tab.locator(".search-all a").evaluate_all("links => links.map(a => a.href)")
    archive = page(searchable_real_site.output, "archives/").select(".archive-list a")
    assert listed == [a["href"] for a in archive] and listed
    assert tab.get_by_text("Typing to search needs JavaScript").is_visible()
    assert not tab.get_by_label("Search the essays").is_visible()
    context.close()


def test_the_preview_says_search_works_after_publishing(tab, fixture_site):
    tab.goto(fixture_site.url + "/search/")
    tab.get_by_label("Search the essays").focus()
    note = tab.locator("[data-search-unavailable]")
    note.wait_for()
    assert "invoke publish" in note.inner_text()
    assert tab.locator(".search-all a").count() > 0


def test_keyboard_reaches_the_first_result_after_the_search_button(tab, searchable_real_site):
    search_from_home(tab, searchable_real_site, middle_word(searchable_real_site.output))
    tab.get_by_label("Search the essays").press("Enter")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Search"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == SEED_ESSAY


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_with_results_passes_axe(tab, searchable_real_site, scheme):
    tab.emulate_media(color_scheme=scheme)
    search_from_home(tab, searchable_real_site, middle_word(searchable_real_site.output))
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    found = Axe().run(tab, options=options).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []


def test_search_page_fits_a_phone(playwright_browser, searchable_real_site):
    context = playwright_browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    search_from_home(tab, searchable_real_site, middle_word(searchable_real_site.output))
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
