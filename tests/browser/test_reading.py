"""Reading comfort as the browser lays it out: size, measure, schemes, preferences, print."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ESSAY = "/essays/where-values-meet-reality/"
PHONE, DESKTOP = 390, 1280

# Characters per line of the essay body: its width over the average glyph of its own text.
CHARACTERS_PER_LINE = """(() => {
  const body = document.querySelector('.essay-body > p:nth-of-type(4)');
  const style = getComputedStyle(body);
  const text = [...document.querySelectorAll('.essay-body > p')].map(p => p.textContent).join(' ');
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return body.clientWidth / (canvas.measureText(text).width / text.length);
})()"""


def style(tab, selector: str, prop: str, pseudo: str = "") -> str:
    return tab.evaluate(
        "([s, p, e]) => getComputedStyle(document.querySelector(s), e || null)[p]",
        [selector, prop, pseudo],
    )


def luminance(rgb: str) -> float:
    """Relative luminance of a computed `rgb(r, g, b)` colour."""
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_body_text_is_at_least_18px_on_a_phone_with_airy_lines(tab, real_site_served):
    tab.set_viewport_size({"width": PHONE, "height": 800})
    tab.goto(real_site_served.url + ESSAY)
    size = float(style(tab, ".essay-body > p", "fontSize").removesuffix("px"))
    line = float(style(tab, ".essay-body > p", "lineHeight").removesuffix("px"))
    assert size >= 18
    assert 1.5 <= line / size <= 1.7


def test_lines_of_the_essay_hold_60_to_75_characters_on_a_wide_screen(tab, real_site_served):
    tab.goto(real_site_served.url + ESSAY)
    characters = tab.evaluate(CHARACTERS_PER_LINE)
    print(f"\ncharacters per line at {DESKTOP}px: {characters:.0f}")
    assert 60 <= characters <= 75


@pytest.mark.parametrize("site", ["fixture_site", "real_site_served"])
def test_no_page_scrolls_sideways_on_a_phone(tab, site, request):
    served = request.getfixturevalue(site)
    tab.set_viewport_size({"width": PHONE, "height": 800})
    for path in served.pages():
        tab.goto(served.url + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE, path


def test_dark_scheme_turns_the_page_dark_and_the_text_light(tab, real_site_served):
    tab.goto(real_site_served.url + ESSAY)
    assert luminance(style(tab, "body", "backgroundColor")) > 0.8
    tab.emulate_media(color_scheme="dark")
    assert luminance(style(tab, "body", "backgroundColor")) < 0.05
    assert luminance(style(tab, ".essay-body > p", "color")) > 0.6


def test_opening_note_is_set_apart_from_the_essay(tab, real_site_served):
    tab.goto(real_site_served.url + ESSAY)
    note = style(tab, ".essay-body aside.note", "backgroundColor")
    assert note != style(tab, "body", "backgroundColor")
    assert style(tab, ".essay-body aside.note", "borderLeftStyle") == "solid"


def test_content_note_is_shown_before_the_essay_text(tab, real_site_served):
    tab.goto(real_site_served.url + ESSAY)
    note = tab.locator(".content-note").bounding_box()
    body = tab.locator(".essay-body").bounding_box()
    assert note["y"] + note["height"] <= body["y"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_figures_span_the_text_column_with_the_caption_under_them(tab, real_site_served, width):
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(real_site_served.url + ESSAY)
    image = tab.locator(".essay-body figure img").first.bounding_box()
    caption = tab.locator(".essay-body figure figcaption").first.bounding_box()
    text = tab.locator(".essay-body > p").first.bounding_box()
    assert image["width"] >= text["width"]
    assert image["width"] <= width
    assert caption["y"] >= image["y"] + image["height"]
    if width == PHONE:  # edge to edge: a phone has no width to spare
        assert image["width"] == PHONE


def test_quotations_lists_and_footnotes_are_set_for_reading(tab, fixture_site):
    tab.goto(fixture_site.url + "/essays/reading-styles/")
    assert style(tab, ".essay-body blockquote", "borderLeftStyle") == "solid"
    assert float(style(tab, ".essay-body blockquote", "paddingLeft").removesuffix("px")) >= 12
    outer = tab.locator(".essay-body > ul > li").first.bounding_box()
    inner = tab.locator(".essay-body li li").first.bounding_box()
    assert inner["x"] > outer["x"]
    note = float(style(tab, ".footnote li", "fontSize").removesuffix("px"))
    assert note < float(style(tab, ".essay-body > p", "fontSize").removesuffix("px"))


def test_smooth_scrolling_only_for_readers_who_do_not_ask_for_less_motion(tab, fixture_site):
    tab.goto(fixture_site.url + "/essays/first-light/")
    assert style(tab, "html", "scrollBehavior") == "smooth"
    tab.emulate_media(reduced_motion="reduce")
    assert style(tab, "html", "scrollBehavior") == "auto"


def test_boxes_keep_their_borders_in_forced_colours(tab, fixture_site):
    tab.emulate_media(forced_colors="active")
    tab.goto(fixture_site.url + "/essays/first-light/")
    for side in ("Top", "Right", "Bottom", "Left"):
        assert style(tab, ".content-note", f"border{side}Style") == "solid", side
        assert style(tab, ".tags a", f"border{side}Style") == "solid", side


def test_print_leaves_out_navigation_and_prints_link_addresses(tab, fixture_site):
    tab.emulate_media(media="print")
    tab.goto(fixture_site.url + "/essays/first-light/")
    for hidden in (
        ".site-header nav",
        ".skip-link",
        ".neighbours",
        ".essay-footer",
        ".site-footer",
    ):
        assert style(tab, hidden, "display") == "none", hidden
    after = style(tab, "figcaption a", "content", "::after")
    assert after == '" (https://example.org/river)"'
    assert style(tab, "a.footnote-ref", "content", "::after") == "none"  # an in-page jump
    assert style(tab, ".essay-body figure", "breakInside") == "avoid"
    assert style(tab, "h1", "display") != "none"


def test_support_links_are_large_enough_to_tap_on_a_phone(tab, real_site_served):
    tab.set_viewport_size({"width": PHONE, "height": 800})
    tab.goto(real_site_served.url + "/support/")
    boxes = [link.bounding_box() for link in tab.locator("a.contact").all()]
    assert len(boxes) >= 6
    for box in boxes:  # WCAG 2.5.5 asks 44 by 44 CSS pixels of a target that matters this much
        assert box["height"] >= 44 and box["width"] >= 44, box


def test_site_icon_loads_without_a_404(tab, real_site_served):
    for path in ("/favicon.ico", "/theme/icons/icon.svg", "/theme/icons/apple-touch-icon.png"):
        response = tab.goto(real_site_served.url + path)
        assert response.status == 200, path
