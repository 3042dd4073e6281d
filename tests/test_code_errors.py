"""A mistake in the site's code or theme names the file and line it is on."""

from __future__ import annotations

import shutil

from tests.helpers import ROOT, build_into
from toolkit.settings import DEV


def test_a_broken_template_names_its_file_and_line(tmp_path, content_copy):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "tags.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[3] = "{{ tags|no_such_filter }}"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = build_into(tmp_path, content_copy, {**DEV, "THEME": str(theme)})

    assert result.failed(strict=True)
    problems = [p for p in result.problems if "the build stopped" in p.message]
    assert [(p.path.endswith("theme/templates/tags.html"), p.line) for p in problems] == [(True, 4)]
    assert "no_such_filter" in problems[0].message
    assert not (tmp_path / "output").exists()
