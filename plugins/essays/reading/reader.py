"""The one reader for `.md` files: YAML front matter, our Markdown, typogrify, cached."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from markdown import Markdown
from markupsafe import escape
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from essays.addresses import slug_for
from essays.body import headings, local_links, raw_html
from essays.body.typography import DashExtension, plain_dashes, typeset
from essays.content_files import display_path, kind_of
from essays.problems import ContentError, Problem
from essays.reading import front_matter, schema

WORDS_PER_MINUTE = 220


class EssayReader(BaseReader):
    """Read an essay: front matter checked against the schema, body rendered once.

    Everything here runs inside `read()`, whose result Pelican caches; typogrify
    runs here too (not through Pelican's TYPOGRIFY, which runs after the cache).
    """

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = display_path(source_path)
        try:
            data = Path(source_path).read_bytes()
        except OSError as error:  # no permission to read it, or it vanished mid-build
            hint = "check that the file exists and that you may read it"
            problem = Problem(path, 0, f"cannot read the file: {error.strerror}", hint)
            raise ContentError([problem]) from None
        text, problems = decode(data, path)
        if problems:
            raise ContentError(problems)
        doc = front_matter.split(text, path)
        page = kind_of(source_path, self.settings) == "page"
        required = schema.PAGE_REQUIRED if page else schema.REQUIRED
        tz = ZoneInfo(self.settings["TIMEZONE"])
        values, schema_problems = schema.validate(doc, path, tz, required)
        problems += doc.problems + schema_problems + no_text(doc, path, page)
        found: list[Problem] = []
        content, md = self._render(doc, source_path, path, found)
        summary = self._summary(values, doc.lines, path, found)
        found += self._content_note_problems(values, doc.lines, path)
        problems += [p for p in found if p.level == "error"]
        if problems:  # with the warnings too, so one build names every problem
            raise ContentError(sorted(problems + [p for p in found if p.level == "warning"]))
        metadata = self._metadata(values, doc.body, summary)
        metadata |= {
            f"{key}_line": doc.lines[key] for key in ("series", "series_part") if key in values
        }
        metadata["contents"] = headings.contents(getattr(md, "toc_tokens", []), self._typogrify)
        metadata["figures"] = list(md.figures)
        metadata["figure_variants"] = list(md.figure_variants)
        metadata["essay_warnings"] = [p for p in found if p.level == "warning"]
        metadata["essay_links"] = essay_links(md, doc.body, doc.body_line)
        metadata["front_matter_lines"] = dict(doc.lines)  # for problems found later
        return content, metadata

    def _render(self, doc, source_path, path, found) -> tuple[str, list[dict]]:
        md = self._markdown(source_path, doc, path, found)
        html = md.convert(doc.body)
        found += raw_html.stash_problems(md, doc.body, doc.body_line, path)
        return headings.label_links(self._typogrify(html), getattr(md, "section_labels", {})), md

    def _markdown(self, source_path: str, doc, path: str, found: list[Problem]) -> Markdown:
        config = self.settings["MARKDOWN"]
        extensions = list(config.get("extensions", []))
        extensions += local_links.extensions(
            source=Path(source_path),
            content_root=Path(self.settings["PATH"]),
            report=local_links.reporter(doc.body, doc.body_line, path, found),
            site_url=self.settings.get("SITEURL", ""),
            cache_dir=Path(self.settings["CACHE_PATH"]) / "images",
            slug=self._slug,
            max_pixels=self.settings.get("ESSAYS_MAX_IMAGE_PIXELS"),
        )
        extensions.append(raw_html.RawHtmlExtension(doc.body, doc.body_line, path, found))
        extensions += [DashExtension(), headings.SectionLinksExtension()]
        return Markdown(
            extensions=extensions,
            extension_configs=config.get("extension_configs", {}),
            output_format=config.get("output_format", "html5"),
        )

    def _summary(self, values: dict[str, Any], lines: dict, path: str, found: list) -> str | None:
        """Render the summary once: its HTML, held to the raw HTML policy like the body."""
        if "summary" not in values:
            return None
        text, line = values["summary"], lines["summary"]
        config = self.settings["MARKDOWN"]
        policy = raw_html.RawHtmlExtension(text, line, path, found)
        extensions = [*config.get("extensions", []), DashExtension(), policy]
        md = Markdown(**(config | {"extensions": extensions}))
        summary = md.convert(text)
        found += raw_html.stash_problems(md, text, line, path)
        return summary

    def _content_note_problems(self, values: dict[str, Any], lines: dict, path: str) -> list:
        """Keep the content note plain text."""
        if "content_note" not in values:
            return []
        note, line = values["content_note"], lines["content_note"]
        return raw_html.text_problems(note, line, path, "content_note")

    def _metadata(self, values: dict[str, Any], body: str, summary: str | None) -> dict[str, Any]:
        metadata: dict[str, Any] = dict(values)
        if self.settings.get("ESSAYS_TYPOGRIFY", True):
            metadata["title"] = plain_dashes(values["title"])
        metadata["title_html"] = self._typogrify(str(escape(metadata["title"])))
        for key in ("date", "modified"):
            if key in values:
                metadata[key] = SafeDatetime.fromisoformat(values[key].isoformat())
        if summary is not None:
            metadata["summary"] = self._typogrify(summary)
        if "tags" in values:
            metadata["tags"] = self.process_metadata("tags", ", ".join(values["tags"]))
        # Pelican adds no default category when category pages are off, and its
        # drafts then crash on `draft.category`: always give one.
        category = values.get("category", self.settings["DEFAULT_CATEGORY"])
        metadata["category"] = self.process_metadata("category", category)
        if "author" in values:
            metadata["authors"] = self.process_metadata("authors", metadata.pop("author"))
        metadata["reading_minutes"] = max(1, round(len(body.split()) / WORDS_PER_MINUTE))
        return metadata

    def _slug(self, text: str) -> str:
        return slug_for(text, self.settings)

    def _typogrify(self, html: str) -> str:
        if not self.settings.get("ESSAYS_TYPOGRIFY", True):
            return html
        return typeset(html)


def no_text(doc: front_matter.Document, path: str, page: bool) -> list[Problem]:
    """An essay or page whose body is empty would be published blank: say so."""
    if doc.problems or doc.body.strip():
        return []
    what = "page" if page else "essay"
    return [
        Problem(
            path,
            max(1, doc.body_line - 1),
            f"the {what} has no text after its front matter",
            f"write the {what} below the closing --- line (or delete the file if it is not needed)",
        )
    ]


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (with or without a BOM); name the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", [
            Problem(
                path,
                line,
                "the file is not UTF-8 text",
                "save it with UTF-8 encoding (in most editors: Save As, Encoding)",
            )
        ]


def essay_links(md, body: str, body_line: int) -> list[tuple[str, int, str]]:
    """Each link to another content file: (its path under content/, line, as written)."""
    links, seen = [], {}
    for relative, written in getattr(md, "essay_links", []):
        nth = seen[written] = seen.get(written, -1) + 1
        index = local_links.find_nth(body, written, nth)
        line = body_line + (body.count("\n", 0, index) if index >= 0 else 0)
        links.append((relative, line, written))
    return links
