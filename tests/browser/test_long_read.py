"""A long essay as the browser lays it out: sidenotes in the margin, tall photos, print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import LONG_READ

pytestmark = pytest.mark.browser

ESSAY = f"/essays/{LONG_READ}/"
BOX = "(s) => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().toJSON())"


def test_at_1400px_each_note_sits_in_the_margin_beside_its_paragraph(tab, long_read_served):
    tab.set_viewport_size({"width": 1400, "height": 900})
    tab.goto(long_read_served.url + ESSAY)
    body = tab.evaluate(BOX, ".essay-body")[0]
    notes = tab.evaluate(BOX, ".sidenote")
    cited = tab.evaluate(BOX, ".essay-body > p:has(.footnote-ref)")
    assert len(notes) == len(cited) == 3
    for note, paragraph in zip(notes, cited, strict=True):
        assert note["left"] >= body["right"], "in the margin, not over the text"
        assert note["right"] <= 1400, "inside the window"
        assert abs(note["top"] - paragraph["top"]) < 40, "beside its paragraph"
    endnotes = tab.evaluate(BOX, ".footnote")[0]
    assert endnotes["height"] <= 1, "the list at the end is left to screen readers"


def test_following_a_note_at_1400px_shows_the_list(tab, long_read_served):
    tab.set_viewport_size({"width": 1400, "height": 900})
    tab.goto(long_read_served.url + ESSAY + "#fn:2")
    assert tab.evaluate(BOX, ".footnote")[0]["height"] > 50


def test_on_a_phone_the_notes_stay_at_the_end(tab, long_read_served):
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(long_read_served.url + ESSAY)
    assert all(n["height"] == 0 for n in tab.evaluate(BOX, ".sidenote"))
    assert tab.evaluate(BOX, ".footnote")[0]["height"] > 50
    assert tab.locator(".footnote li").count() == 3


@pytest.mark.parametrize("width", [390, 1400])
def test_a_tall_photo_fits_the_window_in_shape_and_never_shifts(tab, long_read_served, width):
    tab.set_viewport_size({"width": width, "height": 800})
    tab.route("**/*.{jpg,webp}", lambda route: route.abort())  # as before the photo arrives
    tab.goto(long_read_served.url + ESSAY)
    before = tab.evaluate(BOX, ".essay-body figure img")[0]
    tab.unroute("**/*.{jpg,webp}")
    tab.reload()
    photo = tab.locator(".essay-body figure img")
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_js_property("complete", True)  # no eval: the page's policy forbids it
    after = tab.evaluate(BOX, ".essay-body figure img")[0]
    assert after["height"] <= 0.85 * 800
    assert after["height"] == pytest.approx(2 * after["width"], rel=0.02)
    assert (before["width"], before["height"]) == pytest.approx((after["width"], after["height"]))


def test_print_keeps_the_notes_at_the_end_and_no_contents(tab, long_read_served):
    tab.emulate_media(media="print")
    tab.goto(long_read_served.url + ESSAY)
    assert all(n["height"] == 0 for n in tab.evaluate(BOX, ".sidenote, nav.contents"))
    assert tab.evaluate(BOX, ".footnote")[0]["height"] > 50
