"""Our <meta> Content-Security-Policy alone (no headers, as on GitHub Pages) stops hostile HTML.

A page made of the snippets the essay reader refuses, as if one slipped through
(a template bug, a file copied into content/extra/), served with no headers at all.
Its scripts would ask the local server for /ran-...; its other requests go to
tracker.example, which the test routes to nowhere and records.
"""

from __future__ import annotations

import pytest

from essays.assets import content_security_policy
from toolkit.browser import serve_folder

pytestmark = pytest.mark.browser

EVIL = "https://tracker.example"
RAN = "new Image().src='/ran-{}'"
HOSTILE = f"""
<base href="{EVIL}/">
<img src="relative-after-base.png" alt="">
<script>{RAN.format("script")}</script>
<script src="{EVIL}/remote.js"></script>
<img src="/missing.png" alt="" onerror="{RAN.format("onerror")}">
<iframe srcdoc="<script>{RAN.format("srcdoc")}</script>"></iframe>
<iframe src="data:text/html,<script>{RAN.format("data-iframe")}</script>"></iframe>
<iframe src="{EVIL}/frame"></iframe>
<object data="{EVIL}/object"></object>
<object data="data:text/html,<script>{RAN.format("data-object")}</script>"></object>
<embed src="{EVIL}/embed">
<svg><image href="{EVIL}/svg-image.png"/></svg>
<svg><use href="{EVIL}/sprite.svg#a"/></svg>
<img src="/missing.png" srcset="{EVIL}/srcset.png 1x" alt="">
<video poster="{EVIL}/poster.jpg" src="{EVIL}/video.mp4"></video>
<audio src="{EVIL}/audio.mp3" preload="auto"></audio>
<link rel="stylesheet" href="{EVIL}/style.css">
<link rel="prefetch" href="{EVIL}/prefetch">
<style>@import url({EVIL}/import.css); body {{ background: url({EVIL}/bg.png) }}</style>
<p style="background: url({EVIL}/style-attribute.png)">styled</p>
<a id="ping" href="#top" ping="{EVIL}/ping">ping</a>
<a id="javascript" href="javascript:{RAN.format("javascript-link")}">javascript</a>
<form action="{EVIL}/form" method="post"><button id="send">Send</button></form>
"""


def hostile_page(policy: bool) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"{meta if policy else ''}<title>Hostile</title></head>"
        f'<body id="top">{HOSTILE}</body></html>'
    )


def what_happens(context, folder, policy: bool, click: bool = True) -> list[str]:
    """Open the page, click what can be clicked, and return what ran or left the site."""
    (folder / "index.html").write_text(hostile_page(policy), encoding="utf-8")
    seen: list[str] = []

    def record(route) -> None:
        url = route.request.url
        if url.startswith(EVIL) or "/ran-" in url:
            seen.append(url)
        if url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    tab = context.new_page()
    with serve_folder(folder) as url:
        tab.goto(url + "/", wait_until="load")
        for button in ("#ping", "#javascript", "#send") if click else ():
            tab.click(button, no_wait_after=True)
        tab.wait_for_timeout(500)  # let the clicks' requests start, if any would
    return seen


def test_the_meta_policy_alone_runs_no_script_and_calls_no_other_site(context, tmp_path):
    assert what_happens(context, tmp_path, policy=True) == []


def test_without_the_policy_the_same_page_does_both(context, tmp_path):
    # The check above can fail: the same page without our <meta> runs and calls out.
    # (Without clicks: its <base> would send the first click to the other site.)
    seen = what_happens(context, tmp_path, policy=False, click=False)
    assert any("/ran-" in url for url in seen)
    assert any(url.startswith(EVIL) for url in seen)
