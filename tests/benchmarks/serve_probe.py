"""Time the real `invoke serve`: from saving an essay to its page on disk and the browser told."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 60.0


def probe_serve(project: Path, edited: str, runs: int) -> dict[str, list[float]]:
    """Start `invoke serve` in project, save the essay `runs` times, measure each."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
    try:
        wait_until(lambda: any("serving http" in line for line in lines), "the server to start")
        return asyncio.run(measure(project, port, edited, runs))
    finally:
        server.terminate()
        server.wait()
        print("".join(lines[-12:]), file=sys.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        time.sleep(0.002)


async def measure(project: Path, port: int, edited: str, runs: int) -> dict[str, list[float]]:
    from tornado.websocket import websocket_connect

    browser = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await browser.write_message(json.dumps({"command": "hello", "protocols": []}))
    await browser.read_message()
    info = {"command": "info", "url": f"http://127.0.0.1:{port}/"}
    await browser.write_message(json.dumps(info))
    source = project / "content" / "essays" / edited
    page = project / "preview" / "essays" / slug(source) / "index.html"
    times: dict[str, list[float]] = {"on_disk": [], "notified": [], "title_notified": []}
    for attempt in range(runs):
        word = f"probe{attempt}"
        body = source.read_text(encoding="utf-8").rstrip("\n") + f"\n\nSaved: {word}.\n"
        on_disk, notified = await save_and_wait(browser, source, body, page, word)
        times["on_disk"].append(on_disk)
        times["notified"].append(notified)
        title = f"Renamed essay {attempt}"
        text = re.sub(r'^title: ".*"$', f'title: "{title}"', body, count=1, flags=re.M)
        times["title_notified"].append((await save_and_wait(browser, source, text, page, title))[1])
    browser.close()
    return times


async def save_and_wait(browser, source: Path, text: str, page: Path, marker: str):
    """Save source; return seconds until page holds marker, and until livereload said so.

    The reload that counts is the first one sent once the page is on disk: a save is
    seen as two changes when the watcher looks between its truncation and its write,
    and the browser shows the new text only at a reload after the new page is there.
    """
    await asyncio.sleep(0.5)  # settle: no rebuild in flight, a new mtime
    reloads: list[float] = []
    listening = asyncio.ensure_future(collect_reloads(browser, reloads))
    started = time.perf_counter()
    source.write_text(text, encoding="utf-8")
    on_disk, seen = None, stamp(page)
    try:
        while on_disk is None or not any(t >= started + on_disk for t in reloads):
            # Read the page only when its stamp moved: the server needs the CPU more.
            if on_disk is None and stamp(page) != seen:
                seen = stamp(page)
                if marker in page.read_text(encoding="utf-8"):
                    on_disk = time.perf_counter() - started
            if time.perf_counter() - started > TIMEOUT:
                raise TimeoutError(f"{page} never showed {marker!r}, or no reload followed")
            if listening.done():
                listening.result()  # the connection closed: say why
            await asyncio.sleep(0.003)
    finally:
        listening.cancel()
    return on_disk, min(t for t in reloads if t >= started + on_disk) - started


def stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


async def collect_reloads(browser, reloads: list[float]) -> None:
    """Note the time of every reload livereload sends, until cancelled."""
    while True:
        message = await browser.read_message()
        if message is None:
            raise ConnectionError("livereload closed the connection")
        if json.loads(message).get("command") == "reload":
            reloads.append(time.perf_counter())


def slug(source: Path) -> str:
    match = re.search(r"^slug: (\S+)$", source.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else source.stem
