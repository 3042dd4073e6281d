"""Every page carries its own Content-Security-Policy, so it holds on hosts that send none."""

from __future__ import annotations

from essays.assets import HEADER_ONLY, SECURITY, content_security_policy
from tests.helpers import FIXTURE_SITE, build_into, every_page
from toolkit.settings import DEV


def policy_of(soup) -> str | None:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta["content"] if meta else None


def directives(policy: str) -> dict[str, list[str]]:
    parts = [d.split() for d in policy.split(";") if d.strip()]
    return {name: sources for name, *sources in parts}


def test_every_published_page_carries_the_policy_first_in_its_head(published_site):
    for path, soup in every_page(published_site):
        head = soup.head.find_all(True)
        assert [t.get("charset") or t.get("http-equiv") for t in head[:2]] == [
            "utf-8",
            "Content-Security-Policy",
        ], path
        assert soup.head.find("meta", attrs={"name": "referrer"}), path


def test_the_page_policy_blocks_scripts_frames_plugins_other_sites_and_base():
    policy = directives(content_security_policy())
    assert policy["script-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-src"] == policy["object-src"] == policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "frame-ancestors" not in policy  # a <meta> cannot carry it: browsers ignore it there


def test_headers_send_the_same_policy_with_frame_ancestors():
    header = directives(SECURITY["Content-Security-Policy"])
    assert header == {
        **directives(content_security_policy()),
        **directives("; ".join(f"{k} {v}" for k, v in HEADER_ONLY.items())),
    }


def test_an_exception_reaches_exactly_the_page_it_names(tmp_path):
    exceptions = {"about/index.html": {"script-src": "'self'"}}
    result = build_into(tmp_path, FIXTURE_SITE / "content", {**DEV, "CSP_EXCEPTIONS": exceptions})
    assert not result.problems
    allowed = {
        path
        for path, soup in every_page(tmp_path / "output")
        if directives(policy_of(soup))["script-src"] != ["'none'"]
    }
    assert allowed == {"about/index.html"}
