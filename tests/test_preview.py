"""The real `invoke serve`: it shows problems in the browser, recovers, and never stops."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from tests.helpers import FIXTURE_SITE
from tests.test_build_errors import make_project
from toolkit.preview.build_process import BuildProcess

TIMEOUT = 90


class Preview:
    """`invoke serve` running in a copy of the project, and what it printed."""

    def __init__(self, project: Path) -> None:
        self.project, self.port, self.lines = project, free_port(), []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--port", str(self.port)],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()
        wait_for(lambda: any("serving http" in line for line in self.lines), self.log)

    def get(self, path: str) -> BeautifulSoup:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return BeautifulSoup(response.read().decode("utf-8"), "html.parser")

    def wait_for_page(self, path: str, condition) -> BeautifulSoup:
        """Fetch path until condition(page) holds, as a reloading browser would."""
        found: list[BeautifulSoup] = []

        def check() -> bool:
            try:
                found[:] = [self.get(path)]
            except (urllib.error.URLError, ConnectionError):
                return False
            return condition(found[0])

        wait_for(check, self.log)
        return found[0]

    def log(self) -> str:
        return "".join(self.lines[-30:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, log) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting; the server printed:\n{log()}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("preview"))
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURE_SITE / "content", project / "content")
    server = Preview(project)
    yield server
    server.process.terminate()
    server.process.wait(timeout=30)


def heading(soup: BeautifulSoup) -> str:
    return soup.h1.get_text(" ", strip=True) if soup.h1 else ""


def is_problems_page(soup: BeautifulSoup) -> bool:
    return heading(soup) == "The site could not be built"


def replace_in(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def test_preview_listens_on_loopback_only(preview):
    port = f"{preview.port:04X}"
    listening = [
        line.split()[1]
        for table in ("/proc/net/tcp", "/proc/net/tcp6")
        if Path(table).exists()
        for line in Path(table).read_text().splitlines()[1:]
        if line.split()[1].endswith(f":{port}") and line.split()[3] == "0A"
    ]
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux's /proc/net/tcp")
    assert listening == [f"0100007F:{port}"]
    assert heading(preview.get("essays/first-light/")).startswith("First light")


@pytest.mark.parametrize(
    "host, status",
    [
        ("attacker.example:{port}", 421),
        ("127.0.0.1.attacker.example:{port}", 421),
        ("127.0.0.1", 421),
        ("127.0.0.1:{port}", 200),
        ("LOCALHOST:{port}", 200),
    ],
)
def test_preview_answers_only_its_own_host(preview, host, status):
    # A page on another site reaching the preview by DNS rebinding sends its own Host.
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    connection.request(
        "GET", "/essays/first-light/", headers={"Host": host.format(port=preview.port)}
    )
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    assert response.status == status
    assert ("First light" in body) == (status == 200)


def test_preview_pages_allow_livereload_and_no_other_script(preview):
    soup = preview.get("essays/first-light/")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    (injected,) = [s for s in soup.find_all("script") if not s.get("type", "").endswith("json")]
    digest = base64.b64encode(hashlib.sha256(injected.string.encode()).digest()).decode()
    script_src = next(d for d in policy.split(";") if d.split()[0] == "script-src")
    assert script_src.split()[1:] == ["'self'", f"'sha256-{digest}'"]


def test_a_broken_essay_shows_its_file_and_line_then_the_page_comes_back(preview):
    essay = preview.project / "content" / "essays" / "first-light.md"
    original = replace_in(essay, "date: 2024-03-05", "date: 2024-02-30")

    broken = preview.wait_for_page("essays/first-light/", is_problems_page)
    where = [code.get_text() for code in broken.select("li code")]
    assert "content/essays/first-light.md:3" in where
    assert "date" in where and "`" not in broken.select_one("ol").get_text()  # `date` as code
    assert broken.head.find("script"), "the problems page must reload itself (livereload)"
    assert is_problems_page(preview.get("archives/"))

    essay.write_text(original, encoding="utf-8")
    fixed = preview.wait_for_page("essays/first-light/", lambda s: not is_problems_page(s))
    assert heading(fixed).startswith("First light")
    assert preview.process.poll() is None


def test_a_missing_page_gets_the_sites_own_404_page(preview):
    with pytest.raises(urllib.error.HTTPError) as answer:
        preview.get("essays/no-such-essay/")

    assert answer.value.code == 404
    soup = BeautifulSoup(answer.value.read().decode("utf-8"), "html.parser")
    assert heading(soup) == "Page not found"
    assert soup.select_one("header a[href]") is not None  # the site's own page, with its links


def test_a_broken_plugin_is_reported_and_fixing_it_restarts_the_build(preview):
    plugin = preview.project / "plugins" / "essays" / "neighbours.py"
    original = replace_in(plugin, "def neighbours(", "def neighbours(:\ndef unused(")
    line = original[: original.index("def neighbours(")].count("\n") + 1

    broken = preview.wait_for_page("essays/first-light/", is_problems_page)
    where = [code.get_text() for code in broken.select("li code")]
    assert f"plugins/essays/neighbours.py:{line}" in where

    plugin.write_text(original, encoding="utf-8")
    fixed = preview.wait_for_page("essays/second-step/", lambda s: not is_problems_page(s))
    assert fixed.select_one(".neighbour.older a")["href"].endswith("/essays/first-light/")
    assert preview.process.poll() is None


def test_livereload_tells_the_browser_after_a_save(preview):
    essay = preview.project / "content" / "essays" / "second-step.md"
    page = preview.project / "preview" / "essays" / "second-step" / "index.html"

    async def save_and_listen() -> dict:
        from tornado.websocket import websocket_connect

        browser = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
        await browser.write_message(json.dumps({"command": "hello", "protocols": []}))
        await browser.read_message()
        await browser.write_message(json.dumps({"command": "info", "url": "http://x/"}))
        await asyncio.sleep(0.3)
        replace_in(essay, "links back", "links straight back")
        # A reload for an earlier rebuild may still be on its way: wait for the one
        # that comes once the saved change is on disk.
        while True:
            message = json.loads(await asyncio.wait_for(browser.read_message(), TIMEOUT))
            if "straight back" in page.read_text(encoding="utf-8"):
                browser.close()
                return message

    # Its own thread: the browser tests' Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        message = pool.submit(asyncio.run, save_and_listen()).result()

    assert message["command"] == "reload"


def test_saves_are_noticed_and_editor_scratch_files_are_not(tmp_path):
    from toolkit.preview.watch import Snapshot

    essay = tmp_path / "content" / "essays" / "a.md"
    essay.parent.mkdir(parents=True)
    essay.write_text("one", encoding="utf-8")
    snapshot = Snapshot([tmp_path / "content"])

    (essay.parent / ".a.md.swp").write_text("vim", encoding="utf-8")
    (essay.parent / "a.md~").write_text("backup", encoding="utf-8")
    assert snapshot.changes() == []
    essay.write_text("two!", encoding="utf-8")
    new = essay.parent / "b.md"
    new.write_text("new", encoding="utf-8")
    assert snapshot.changes() == [str(essay), str(new)]
    essay.unlink()
    assert snapshot.changes() == [str(essay)]


def test_a_save_in_place_builds_once_with_the_whole_text(tmp_path):
    """An editor that saves in place empties the file, then writes: one build, of the text."""
    from toolkit.preview.watch import Snapshot

    essay = tmp_path / "content" / "essays" / "a.md"
    essay.parent.mkdir(parents=True)
    essay.write_text("old text", encoding="utf-8")
    snapshot = Snapshot([tmp_path / "content"])
    essay.write_text("", encoding="utf-8")  # the editor has emptied the file ...
    writing = threading.Timer(0.1, essay.write_text, ["new text"], {"encoding": "utf-8"})
    writing.start()  # ... and writes its text a moment later

    changed = snapshot.wait()
    text = essay.read_text(encoding="utf-8")
    writing.join()

    assert (changed, text) == ([str(essay)], "new text")
    assert snapshot.changes() == []  # nothing left over to build a second time


def test_an_essay_emptied_on_purpose_is_still_built(tmp_path):
    from toolkit.preview.watch import Snapshot

    essay = tmp_path / "content" / "a.md"
    essay.parent.mkdir(parents=True)
    essay.write_text("text", encoding="utf-8")
    snapshot = Snapshot([tmp_path / "content"])
    essay.write_text("", encoding="utf-8")

    assert snapshot.wait() == [str(essay)]


def watched_project(tmp_path: Path) -> list[Path]:
    """A project's folders and settings, as `invoke serve` watches them."""
    (tmp_path / "content" / "essays").mkdir(parents=True)
    (tmp_path / "content" / "essays" / "a.md").write_text("one", encoding="utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "plugins").mkdir()
    (tmp_path / "pelican.conf.py").write_text("SITENAME = 'x'", encoding="utf-8")
    return [
        tmp_path / "content",
        tmp_path / "theme",
        tmp_path / "plugins",
        tmp_path / "pelican.conf.py",
    ]


def seen_while_waiting(snapshot, change: Callable[[], None]) -> list[str] | None:
    """What snapshot.wait() returns for a change made while it waits; None if nothing came."""
    seen = []
    waiter = threading.Thread(target=lambda: seen.append(snapshot.wait()), daemon=True)
    waiter.start()
    time.sleep(0.05)  # it has looked and found nothing: only what it is told of wakes it
    change()
    waiter.join(10)
    return seen[0] if seen else None


def save_essay(project: Path, n: int) -> None:
    (project / "content" / "essays" / "a.md").write_text("two" * n, encoding="utf-8")


def save_in_a_new_folder(project: Path, n: int) -> None:
    (project / "content" / "essays" / "new").mkdir(exist_ok=True)
    (project / "content" / "essays" / "new" / "b.md").write_text("b" * n, encoding="utf-8")


def scratch_files_then_save(project: Path, n: int) -> None:
    (project / "content" / "essays" / ".a.md.swp").write_text("vim" * n, encoding="utf-8")
    (project / "content" / "essays" / "a.md~").write_text("backup" * n, encoding="utf-8")
    time.sleep(0.05)  # the scratch files' events come alone, then the save's
    save_essay(project, n)


def settings_replaced_by_rename(project: Path, n: int) -> None:
    (project / ".pelican.conf.py.new").write_text(f"SITENAME = '{'x' * n}'", encoding="utf-8")
    (project / ".pelican.conf.py.new").replace(project / "pelican.conf.py")


@pytest.mark.parametrize(
    "change, expected",
    [
        pytest.param(save_essay, "content/essays/a.md", id="a-save"),
        pytest.param(save_in_a_new_folder, "content/essays/new/b.md", id="a-new-folder"),
        pytest.param(scratch_files_then_save, "content/essays/a.md", id="scratch-files-alone"),
        pytest.param(settings_replaced_by_rename, "pelican.conf.py", id="settings-renamed-over"),
    ],
)
def test_the_watcher_wakes_as_soon_as_a_watched_file_changes(
    tmp_path, monkeypatch, capsys, change, expected
):
    from toolkit.preview import watch

    monkeypatch.setattr(watch, "RECHECK", 60.0)  # no full look in time: only an event can answer
    snapshot = watch.Snapshot(watched_project(tmp_path))

    for n in (2, 3):  # the second time shows the first left the watch in place
        assert seen_while_waiting(snapshot, partial(change, tmp_path, n)) == [
            str(tmp_path / expected)
        ]
    assert capsys.readouterr().out == ""  # nothing said: it never fell back to polling


class DyingWatcher:
    """watchfiles' RustNotify as it is when the system's watcher fails after starting."""

    def __init__(self, *args) -> None:
        pass

    def watch(self, *args) -> set:
        raise RuntimeError("error in underlying watcher: the file system went away")

    def close(self) -> None:
        pass


def at_the_watch_limit(*args) -> None:
    raise OSError("OS file watch limit reached. about [...] (Error { kind: MaxFilesWatch })")


@pytest.mark.parametrize(
    "rust_notify, reason",
    [
        pytest.param(at_the_watch_limit, "OS file watch limit reached", id="cannot-start"),
        pytest.param(DyingWatcher, "error in underlying watcher", id="dies"),
        pytest.param(None, "import of watchfiles._rust_notify halted", id="not-installed"),
    ],
)
def test_without_file_events_saves_are_noticed_by_polling_and_it_says_so_once(
    tmp_path, monkeypatch, capsys, rust_notify, reason
):
    from toolkit.preview import watch

    if rust_notify is None:
        monkeypatch.setitem(sys.modules, "watchfiles._rust_notify", None)
    else:
        monkeypatch.setattr("watchfiles._rust_notify.RustNotify", rust_notify)
    monkeypatch.setattr(watch, "RECHECK", 60.0)
    snapshot = watch.Snapshot(watched_project(tmp_path))

    for n in (2, 3):
        essay = str(tmp_path / "content" / "essays" / "a.md")
        assert seen_while_waiting(snapshot, partial(save_essay, tmp_path, n)) == [essay]
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"watching for saves by polling every 50 ms: {reason}")


def test_the_preview_keeps_the_reader_cache_current_for_the_next_build(tmp_path, content_copy):
    """The cache is written after the preview answers, and before its next build reads it."""
    from pelican.cache import FileStampDataCacher

    from toolkit.preview.build_process import PreviewBuilds
    from toolkit.settings import DEV, load_settings

    overrides = {
        **DEV,
        "PATH": str(content_copy),
        "OUTPUT_PATH": str(tmp_path / "preview"),
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    essay = next((content_copy / "essays").glob("*.md"))
    builds = PreviewBuilds(overrides)
    try:
        builds.build()
        essay.write_text(essay.read_text(encoding="utf-8") + "\nLanternfish.\n", "utf-8")
        assert builds.build()["problems"] == []
        builds.tidy()  # what the build process does once it has answered
        settings = load_settings(overrides)
        cache = FileStampDataCacher(settings, "ArticlesGenerator-Readers", True, True)
        content, _ = cache.get_cached_data(str(essay), (None, None))
    finally:
        builds.close()

    assert content is not None and "Lanternfish" in content


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            datetime(2024, 3, 1, 9, tzinfo=UTC),
            datetime(2024, 3, 1, 9, tzinfo=ZoneInfo("Europe/London")),
        ),
        (datetime(2024, 3, 1, 9), datetime(2024, 3, 1, 9, 0, 1)),
        (date(2024, 3, 1), date(2024, 3, 2)),
        (timedelta(days=1), timedelta(days=2)),
        (Markup("<em>a</em>"), "<em>a</em>"),
        (Markup("a"), Markup("b")),
        ([ZoneInfo("America/Chicago")], [ZoneInfo("America/Denver")]),
    ],
)
def test_a_page_value_that_differs_gives_the_page_another_digest(first, second):
    """What the preview compares to keep a page: values a template could print differently."""
    from toolkit.preview.fingerprint import Fingerprints, pickled_digest

    fingerprints = Fingerprints([])
    digest = lambda value: pickled_digest({"value": value}, fingerprints, with_bodies=True)  # noqa: E731

    assert digest(first) != digest(second)
    assert digest(first) == digest(first)


# Children that stand in for the build process: they read the request and then...
HANGS = "import sys, time; sys.stdin.readline(); time.sleep(600)"
DIES = "import os, signal, sys; sys.stdin.readline(); os.kill(os.getpid(), signal.SIGKILL)"
BUILDS = (
    "import json, sys\n"
    "for _ in sys.stdin:\n"
    "    print(json.dumps({'seconds': 0.1, 'problems': [], 'rendered': 1, 'written': 1}),"
    " flush=True)\n"
)


class StandIn(BuildProcess):
    """A BuildProcess whose successive children run the given programs."""

    def __init__(self, *programs: str, time_limit: float = 60) -> None:
        super().__init__({}, time_limit=time_limit)
        self.programs = list(programs)

    def start(self) -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-c", self.programs.pop(0)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )


def messages(reply: dict) -> list[str]:
    return [problem["message"] for problem in reply["problems"]]


def test_a_build_that_hangs_is_stopped_and_the_next_save_builds():
    process = StandIn(HANGS, BUILDS, time_limit=1)
    stuck = process.build()
    assert messages(stuck) == ["the build ran longer than 1 seconds and was stopped"]
    assert "save again" in stuck["problems"][0]["hint"]
    assert process.build()["rendered"] == 1
    process.stop()


def test_a_killed_build_process_is_named_and_replaced_at_once(capsys):
    process = StandIn(DIES, BUILDS)
    assert process.build() == {"seconds": 0.1, "problems": [], "rendered": 1, "written": 1}
    assert "the build process was killed by SIGKILL; starting a new one" in capsys.readouterr().out
    process.stop()


def test_a_build_process_killed_twice_is_reported_not_blamed_on_the_terminal():
    reply = StandIn(DIES, DIES).build()
    assert messages(reply) == ["the build process was killed by SIGKILL twice in a row"]
