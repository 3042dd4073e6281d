"""Publishing: gated and atomic, reproducible, with headers, fingerprints and compression."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import time
from pathlib import Path

import brotli
import feedparser
import pytest
import rcssmin

from essays import assets
from tests.helpers import (
    FIXTURE_SITE,
    PUBLISH_URL,
    ROOT,
    build_into,
    invoke,
    make_project,
    page,
    snapshot,
    words,
)
from toolkit import reader_cache
from toolkit.publish import deploy
from toolkit.settings import PUBLISH, load_settings


def test_publish_that_fails_the_gate_keeps_the_previous_output_byte_for_byte(tmp_path):
    project = make_project(tmp_path)
    assert invoke(project, "publish", "--site-url", PUBLISH_URL).returncode == 0
    before = snapshot(project / "output")
    essay = project / "content" / "essays" / "where-values-meet-reality.md"
    essay.write_text(essay.read_text("utf-8") + "\n[More](/essays/no-such-essay/)\n", "utf-8")

    result = invoke(project, "publish", "--site-url", PUBLISH_URL)

    assert result.returncode != 0
    assert "essays/where-values-meet-reality/index.html:" in result.stderr
    assert "broken link: /essays/no-such-essay/" in result.stderr
    assert "output/ was left as it was" in result.stderr
    assert snapshot(project / "output") == before
    assert not (project / ".output.staging").exists()


def test_invoke_check_passes_a_publish_and_names_what_breaks_it(tmp_path, real_site):
    project = make_project(tmp_path)
    shutil.copytree(real_site, project / "output")
    passed = invoke(project, "check", "--site-url", PUBLISH_URL)
    assert passed.returncode == 0, passed.stderr
    for photo in (project / "output" / "images" / "_v").glob("neverbee-*.webp"):
        photo.unlink()

    failed = invoke(project, "check", SITEURL=PUBLISH_URL)

    assert failed.returncode != 0
    assert "essays/where-values-meet-reality/index.html:" in failed.stderr
    assert "image not found: https://essays.example.org/images/_v/neverbee-" in failed.stderr
    assert "check failed: 3 problems in output/" in failed.stderr


def test_two_publishes_of_the_same_commit_are_byte_identical(tmp_path):
    outputs = []
    # Different folders, hash seeds and local time zones: none may show in the output.
    for name, seed, zone in (("one", "1", "UTC"), ("two", "2", "Pacific/Auckland")):
        (tmp_path / name).mkdir()
        project = make_project(tmp_path / name)
        shutil.rmtree(project / "content")
        shutil.copytree(FIXTURE_SITE / "content", project / "content")
        for number in range(5):  # essays of one day: Pelican finds files in a salted order
            (project / "content" / "essays" / f"same-day-{number}.md").write_text(
                f"---\ntitle: Same day {number}\ndate: 2024-06-01\ntags: [day]\n---\n\nText.\n",
                encoding="utf-8",
            )
        result = invoke(
            project,
            "publish",
            "--site-url",
            PUBLISH_URL,
            "--compress",
            PYTHONHASHSEED=seed,
            TZ=zone,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(project / "output"))

    first, second = outputs
    assert sorted(first) == sorted(second)
    assert [name for name in sorted(first) if first[name] != second[name]] == []
    assert "feeds/all.atom.xml.br" in first and "essays/first-light/index.html.gz" in first


def test_a_publish_from_a_kept_cache_after_a_fresh_checkout_equals_one_from_nothing(tmp_path):
    # CI keeps cache/ between runs; each run is a fresh checkout: same bytes, new file times.
    project = make_project(tmp_path)
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURE_SITE / "content", project / "content")
    cold = invoke(project, "publish", "--site-url", PUBLISH_URL)
    assert cold.returncode == 0, cold.stderr
    from_nothing = snapshot(project / "output")
    later = time.time() + 3600
    for path in (project / "content").rglob("*"):
        os.utime(path, (later, later))

    settings = load_settings({**PUBLISH, "SITEURL": PUBLISH_URL}, project / "pelican.conf.py")
    assert reader_cache.prefill(settings) == 0  # every essay and photo found in the cache
    warm = invoke(project, "publish", "--site-url", PUBLISH_URL)

    assert warm.returncode == 0, warm.stderr
    assert snapshot(project / "output") == from_nothing


def test_a_mistyped_rsync_destination_stops_before_building(tmp_path):
    project = make_project(tmp_path)
    result = invoke(project, "publish", "--site-url", PUBLISH_URL, "--rsync", "no-colon-here")
    assert result.returncode != 0
    assert "not an rsync destination: 'no-colon-here'" in result.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize(
    "destination", ["deploy@example.org:/var/www/essays", "example.org:site/", "web-1.example.org:"]
)
def test_rsync_uploads_the_contents_of_output_and_removes_old_files_last(destination):
    command = deploy.rsync_command(Path("/srv/project/output"), destination)
    assert command[0] == "rsync"
    assert command[-2:] == ["/srv/project/output/", destination]
    assert {"--checksum", "--delay-updates", "--delete-after"} <= set(command)


@pytest.mark.parametrize(
    "destination", ["-e sh:x", "/var/www/essays", "deploy@example.org", "host:two words"]
)
def test_rsync_refuses_what_is_not_a_remote_destination(destination):
    with pytest.raises(ValueError, match="not an rsync destination"):
        deploy.rsync_command(Path("output"), destination)


def test_compress_writes_gz_and_br_of_each_text_file(tmp_path):
    text = "<p>The same sentence, many times.</p>\n" * 200
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "index.html").write_text(text, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")

    deploy.compress_tree(tmp_path)

    original = (tmp_path / "essays" / "index.html").read_bytes()
    assert gzip.decompress((tmp_path / "essays" / "index.html.gz").read_bytes()) == original
    assert brotli.decompress((tmp_path / "essays" / "index.html.br").read_bytes()) == original
    assert not list(tmp_path.glob("photo.jpg.*"))


def test_stylesheet_is_sent_minified_under_a_hash_of_its_bytes(published_site, dev_site):
    href = page(published_site, "").select_one('link[rel="stylesheet"]')["href"]
    stylesheet = published_site / href.removeprefix(PUBLISH_URL + "/")
    source = rcssmin.cssmin(
        (ROOT / "theme" / "static" / "css" / "main.css").read_text(encoding="utf-8")
    ).encode()
    assert b"/*" not in source and b"--measure" in source
    assert stylesheet.read_bytes() == source
    assert stylesheet.name == f"main.{hashlib.sha256(source).hexdigest()[:8]}.css"
    assert not (published_site / "theme" / "css" / "main.css").exists()
    dev_href = page(dev_site, "").select_one('link[rel="stylesheet"]')["href"]
    assert (dev_site / dev_href.lstrip("/")).read_bytes() == source


def header_rules(text: str) -> list[tuple[str, dict[str, str]]]:
    """Parse `_headers`: a URL pattern line, then indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif line.strip() and not line.startswith("#"):
            name, _, value = line.strip().partition(": ")
            rules[-1][1][name] = value
    return rules


def matches(pattern: str, url: str) -> bool:
    return url.startswith(pattern[:-1]) if pattern.endswith("*") else url == pattern


def test_headers_give_every_url_security_headers_and_one_cache_rule(published_site):
    rules = header_rules((published_site / "_headers").read_text(encoding="utf-8"))
    security = dict(rules)["/*"]
    assert "script-src 'none'" in security["Content-Security-Policy"]
    assert "default-src 'self'" in security["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in security["Content-Security-Policy"]
    assert security["X-Content-Type-Options"] == "nosniff"
    assert {"Referrer-Policy", "Permissions-Policy"} <= set(security)
    for file in (p for p in published_site.rglob("*") if p.is_file() and p.name != "_headers"):
        path = file.relative_to(published_site).as_posix()
        url = "/" + path.removesuffix("index.html")
        caching = [h["Cache-Control"] for p, h in rules if "Cache-Control" in h and matches(p, url)]
        if file.suffix in (".html", ".xml"):
            assert caching == [assets.REVALIDATE], url
        elif path.startswith(("images/_v/", "theme/css/")):
            assert caching == [assets.IMMUTABLE], url
        else:
            assert len(caching) <= 1, url
    # Written after the pages (essays/finishing.py): still given a rule by `_headers`.
    for url in ("/sitemap.xml", "/robots.txt"):
        caching = [h["Cache-Control"] for p, h in rules if "Cache-Control" in h and matches(p, url)]
        assert caching == [assets.REVALIDATE], url


def test_feed_of_a_site_with_nothing_published_yet_is_not_dated_by_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    shutil.copy(FIXTURE_SITE / "content" / "essays" / "from-the-future.md", essays)

    result = build_into(tmp_path, tmp_path / "content", {**PUBLISH, "SITEURL": PUBLISH_URL})

    assert not result.problems, result.report()
    for name in ("all.atom.xml", "all.rss.xml"):
        feed = feedparser.parse((tmp_path / "output" / "feeds" / name).read_bytes())
        assert feed.entries == []
        assert feed.feed.updated_parsed[:3] == (1970, 1, 1), name


def test_preview_builds_stay_out_of_output_and_check_reuses_the_published_address(tmp_path):
    project = make_project(tmp_path)
    essays = project / "content" / "essays"
    (essays / "unfinished.md").write_text(
        "---\ntitle: Unfinished\ndate: 2024-03-05\nstatus: draft\n---\n\nNot yet.\n", "utf-8"
    )
    (essays / "next-week.md").write_text(
        "---\ntitle: Next week\ndate: 2099-06-01\n---\n\nSoon.\n", encoding="utf-8"
    )

    assert invoke(project, "build").returncode == 0
    assert (project / "preview" / "drafts" / "unfinished" / "index.html").is_file()
    assert not (project / "output").exists()

    published = invoke(project, "publish", "--site-url", "https://example.org")
    assert published.returncode == 0, published.stderr
    report = words(published.stdout)
    assert "published 1 essay; held back 2:" in report
    scheduled = "content/essays/next-week.md (Next week): scheduled for June 1, 2099"
    assert scheduled in report
    assert "content/essays/unfinished.md (Unfinished): a draft (status: draft)" in report
    assert "Processed" not in published.stdout
    assert not (project / "output" / "drafts").exists()

    checked = invoke(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert "checked output/: no problems" in checked.stdout
