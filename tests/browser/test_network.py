"""What pages load: only the site's own files, never a script, and little of it."""

from __future__ import annotations

import pytest

from toolkit.browser import load_lazy_images

pytestmark = pytest.mark.browser

REFERENCE_ESSAY = "/essays/where-values-meet-reality/"
SEARCH_PAGE = "/search/"
# HTML + CSS + fonts of the reference essay; images, the site's icons among them, are
# excluded (they have their own sizes).
BUDGET_BYTES = 35 * 1024


def requests_of(tab, url: str) -> list:
    """Load url, scroll through it so lazy images load too, and return every request."""
    seen = []

    def record(request) -> None:
        seen.append(request)

    tab.on("request", record)
    tab.goto(url, wait_until="load")
    load_lazy_images(tab)
    tab.remove_listener("request", record)
    return seen


@pytest.mark.parametrize("site", ["fixture_site", "real_site_served"])
def test_every_request_goes_to_the_local_server(tab, site, request):
    served = request.getfixturevalue(site)
    for path in served.pages():
        requests = requests_of(tab, served.url + path)
        assert requests, path
        foreign = [r.url for r in requests if not r.url.startswith(served.url + "/")]
        assert foreign == [], path
        scripts = [r.url for r in requests if r.resource_type == "script"]
        if path == SEARCH_PAGE:  # the one page with a script: the site's own file
            assert [u.startswith(served.url + "/theme/js/") for u in scripts] == [True]
        else:
            assert scripts == [], path


def test_essay_with_photos_loads_its_images_from_the_site(tab, real_site_served):
    images = [
        r.url
        for r in requests_of(tab, real_site_served.url + REFERENCE_ESSAY)
        if r.resource_type == "image"
    ]
    assert len(images) == 2
    assert all(url.startswith(real_site_served.url + "/images/") for url in images)


def test_reference_essay_weighs_under_budget_without_images(tab, real_site_served):
    loaded = [
        r
        for r in requests_of(tab, real_site_served.url + REFERENCE_ESSAY)
        if r.resource_type != "image" and "/icons/" not in r.url
    ]
    weights = {r.url: len(r.response().body()) for r in loaded}
    total = sum(weights.values())
    print(f"\nreference essay without images: {total} bytes in {len(weights)} files")
    assert {r.resource_type for r in loaded} >= {"document", "stylesheet"}
    assert total < BUDGET_BYTES, weights
