"""Keyboard use: the skip link, a visible focus ring, footnotes that lead back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = ["/", "/essays/first-light/", "/archives/", "/tags/", "/tags/community/", "/about/"]


@pytest.mark.parametrize("path", [*PAGE_TYPES, "/404.html"])
def test_tab_then_enter_on_the_skip_link_moves_focus_to_main(tab, fixture_site, path):
    tab.goto(fixture_site.url + path)
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert tab.locator(".skip-link").is_visible()
    assert tab.locator(".skip-link").bounding_box()["y"] >= 0  # on screen, not parked above it
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"


def test_skip_link_stays_hidden_until_focused(tab, fixture_site):
    tab.goto(fixture_site.url + "/")
    box = tab.locator(".skip-link").bounding_box()
    assert box["y"] + box["height"] <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focused_links_show_a_ring(tab, fixture_site, scheme):
    tab.emulate_media(color_scheme=scheme)
    tab.goto(fixture_site.url + "/essays/first-light/")
    for _ in range(4):  # skip link, site name, then the navigation
        tab.keyboard.press("Tab")
        outline = tab.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline


@pytest.mark.parametrize("note", ["first", "second"])
def test_footnote_link_and_its_back_link_move_the_reader_there_and_back(tab, fixture_site, note):
    tab.goto(fixture_site.url + "/essays/reading-styles/")
    tab.locator(f"a.footnote-ref[href='#fn:{note}']").click()
    assert tab.evaluate("location.hash") == f"#fn:{note}"
    assert tab.locator("li:target").inner_text().startswith(f"The {note} note")
    tab.locator("li:target a.footnote-backref").click()
    assert tab.evaluate("location.hash") == f"#fnref:{note}"
    assert tab.locator(":target a.footnote-ref").is_visible()
