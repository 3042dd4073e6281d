"""The writer's preview: rebuild on save, show problems in the browser, never stop."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from .build import BuildResult, build, load_settings
from .problems import Problem


def serve(overrides: dict[str, Any], host: str, port: int, watch: list[Path]) -> None:
    """Serve the development build on host:port, rebuilding on every change."""
    from livereload import Server

    output = Path(load_settings(overrides)["OUTPUT_PATH"])

    def rebuild() -> None:
        result = build(load_settings(overrides), strict=False)
        if result.failed(strict=False):
            show_problems(result, output)
        print(summary(result), flush=True)

    rebuild()
    server = Server()
    for path in watch:
        server.watch(str(path), rebuild)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)


def summary(result: BuildResult) -> str:
    """One line per rebuild for the terminal, with the problems under it."""
    head = f"rebuilt in {result.seconds:.2f}s"
    return (
        f"{head}, {len(result.problems)} problem(s):\n{result.report()}"
        if result.problems
        else head
    )


def show_problems(result: BuildResult, output: Path) -> None:
    """Put the list of problems in place of every page until the next good build."""
    page = problems_page(result)
    output.mkdir(parents=True, exist_ok=True)
    pages = list(output.rglob("*.html")) or [output / "index.html"]
    for path in pages:
        path.write_text(page, encoding="utf-8")


def problems_page(result: BuildResult) -> str:
    """A plain page listing each problem as path:line: message, with its hint."""
    items = "\n".join(problem_item(p) for p in sorted(result.problems))
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>The site could not be built</title>"
        '<body style="font:1.1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;'
        'padding:0 1rem"><main><h1>The site could not be built</h1>'
        "<p>Fix these in your essay and save; this page reloads by itself.</p>"
        f"<ol>{items}</ol></main></body></html>\n"
    )


def problem_item(problem: Problem) -> str:
    """One problem as a list item: where, what, and the hint under it."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    hint = f"<br><small>{html.escape(problem.hint)}</small>" if problem.hint else ""
    return f"<li><code>{html.escape(where)}</code> {html.escape(problem.message)}{hint}</li>"
