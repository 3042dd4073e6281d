"""The writer's preview: rebuild on save, show problems in the browser, never stop.

The server (livereload, on 127.0.0.1 only) serves output/; a thread waits for the
watched files' events (watch.py) and asks the build process (build_process.py) for
a build on each save, restarting that process when plugin code or pelican.conf.py
changed. While the last build failed, every page request gets the list of problems
instead, which reloads itself when the next build succeeds.
"""

from __future__ import annotations

import base64
import hashlib
import html
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from essays.problems import Problem
from toolkit.preview.build_process import BuildProcess
from toolkit.preview.watch import Snapshot
from toolkit.settings import load_settings

# livereload (2.7) puts this script inline before </head> of every HTML answer; it loads
# /livereload.js from the preview. The preview's pages allow exactly these two scripts
# (by hash, and from the preview itself); published pages allow none.
LIVERELOAD_SNIPPET = (
    '(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();"
)
# Another site's page can reach the preview through a name of its own that resolves to
# 127.0.0.1 (DNS rebinding); its requests carry that name in Host, and are turned away.
MISDIRECTED = 421


def preview_policy() -> dict[str, str]:
    """The Content-Security-Policy exception every preview page gets: livereload's scripts."""
    digest = base64.b64encode(hashlib.sha256(LIVERELOAD_SNIPPET.encode()).digest()).decode()
    return {"script-src": f"'self' 'sha256-{digest}'"}


def own_hosts(port: int) -> frozenset[str]:
    """The Host headers a browser sends for the preview itself."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


class PreviewState:
    """What the server shows instead of pages: the problems page, or None."""

    page: str | None = None


def serve(overrides: dict[str, Any], host: str, port: int, watch: list[Path]) -> None:
    """Serve the development build on host:port, rebuilding on every change."""
    from tornado.ioloop import IOLoop

    overrides = {**overrides, "CSP_EVERY_PAGE": preview_policy()}
    output = Path(load_settings(overrides)["OUTPUT_PATH"])
    output.mkdir(parents=True, exist_ok=True)
    process, state, snapshot = BuildProcess(overrides), PreviewState(), Snapshot(watch)
    rebuild(process, state, [])
    loop = IOLoop.current()
    server = preview_server(state, own_hosts(port))
    notify = lambda: loop.add_callback(reload_browsers)  # noqa: E731 - the only thread-safe call
    threading.Thread(
        target=watch_forever, args=(snapshot, process, state, notify), daemon=True
    ).start()
    print(f"serving http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve(host=host, port=port, root=str(output), open_url_delay=None)
    finally:
        process.stop()


def watch_forever(snapshot: Snapshot, process: BuildProcess, state, notify: Callable) -> None:
    """Rebuild after each change; a change of code first replaces the build process."""
    while True:
        changed = snapshot.wait()
        if any(is_code(path) for path in changed):
            process.stop()
        try:
            rebuild(process, state, changed)
        except Exception:  # a bug here must not end the watching: say so, start afresh
            traceback.print_exc()
            process.stop()
        notify()


def is_code(path: str) -> bool:
    """Whether a changed file is Python the build process has imported."""
    return path.endswith(".py") and ("plugins" in Path(path).parts or path.endswith(".conf.py"))


def rebuild(process: BuildProcess, state: PreviewState, changed: list[str]) -> None:
    reply = process.build()
    problems = [Problem(**p) for p in reply["problems"]]
    failed = any(p.level == "error" for p in problems)
    state.page = problems_page(problems) if failed else None
    print(summary(reply, problems, changed), flush=True)


def summary(reply: dict[str, Any], problems: list[Problem], changed: list[str]) -> str:
    """One line per rebuild for the terminal, with the problems under it."""
    what = Path(changed[0]).name if changed else "starting"
    what += f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    rendered, written = reply["rendered"], reply["written"]
    head = (
        f"built in {reply['seconds']:.2f}s ({what}): {rendered} page{'s' * (rendered != 1)} "
        f"rendered, {written} file{'s' * (written != 1)} changed"
    )
    if not problems:
        return head
    listing = "\n".join(str(p) for p in sorted(problems))
    return f"{head}, {len(problems)} problem(s):\n{listing}"


def preview_server(state: PreviewState, hosts: frozenset[str]):
    """A livereload server for hosts only, whose pages are the problems page while a build fails."""
    from livereload import Server
    from livereload.handlers import StaticFileHandler
    from livereload.watcher import Watcher

    class QuietWatcher(Watcher):
        def start(self, callback) -> bool:
            return True  # we watch ourselves; livereload must not poll

    class PreviewHandler(StaticFileHandler):
        showing_problems = False

        def prepare(self) -> None:
            if self.request.host.lower() not in hosts:
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.set_status(MISDIRECTED)
                self.finish("This preview answers only at http://127.0.0.1 and localhost.\n")

        async def get(self, path: str, include_body: bool = True) -> None:
            if state.page is not None and is_page(path):
                self.showing_problems = True
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(state.page)
                return
            await super().get(path, include_body)

        def compute_etag(self) -> str | None:
            return None if self.showing_problems else super().compute_etag()

        def write_error(self, status_code: int, **kwargs) -> None:
            """A missing page gets the site's own 404 page, as the published site gives."""
            not_found = Path(self.root) / "404.html"
            if status_code == 404 and not_found.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(not_found.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    class PreviewServer(Server):
        def get_web_handlers(self, script):
            options = {"path": self.root, "default_filename": self.default_filename}
            return [(r"/(.*)", PreviewHandler, options)]

    return PreviewServer(watcher=QuietWatcher())


def reload_browsers() -> None:
    from livereload.handlers import LiveReloadHandler

    LiveReloadHandler.reload_waiters("*")


def is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not name or name.endswith((".html", ".htm")) or "." not in name


def problems_page(problems: list[Problem]) -> str:
    """A plain page listing each problem as path:line: message, with its hint."""
    items = "\n".join(problem_item(p) for p in sorted(problems))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>The site could not be built</title></head>"
        '<body style="font:1.1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;'
        'padding:0 1rem"><main><h1>The site could not be built</h1>'
        "<p>Fix these and save; this page reloads by itself.</p>"
        f"<ol>{items}</ol></main></body></html>\n"
    )


def problem_item(problem: Problem) -> str:
    """One problem as a list item: where, what, and the hint under it."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    hint = f"<br><small>{with_code(problem.hint)}</small>" if problem.hint else ""
    return f"<li><code>{html.escape(where)}</code> {with_code(problem.message)}{hint}</li>"


def with_code(text: str) -> str:
    """Escape text for HTML; what messages put in `backticks` shows as code."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: not ours to pair up
        return html.escape(text)
    return "".join(
        f"<code>{html.escape(part)}</code>" if i % 2 else html.escape(part)
        for i, part in enumerate(parts)
    )
