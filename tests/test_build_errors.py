"""A writer's mistake fails the build with a message naming the file and line."""

from __future__ import annotations

from tests.helpers import build_into, invoke, make_project, snapshot
from toolkit.settings import DEV


def test_invoke_build_with_impossible_date_fails_names_file_and_keeps_old_site(tmp_path):
    project = make_project(tmp_path)
    assert invoke(project, "build").returncode == 0
    before = snapshot(project / "preview")
    broken = project / "content" / "essays" / "broken.md"
    broken.write_text("---\ntitle: Broken\ndate: 2024-02-30\n---\n\nText.\n", encoding="utf-8")

    result = invoke(project, "build")

    assert result.returncode != 0
    assert "content/essays/broken.md:3:" in result.stderr
    assert "'2024-02-30' is not a date that exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "preview") == before


def test_every_problem_of_a_build_is_listed_at_once(tmp_path, content_copy):
    essays = content_copy / "essays"
    (essays / "a.md").write_text("---\ntitle: A\ndate: March 5\n---\n", encoding="utf-8")
    (essays / "b.md").write_text("---\ntitle: B\ndate: 2024-01-01\nserie: x\n---\n", "utf-8")

    result = build_into(tmp_path, content_copy, DEV)

    report = result.report()
    assert result.failed(strict=True)
    assert "a.md:3: error: `date`: 'March 5' is not a full date" in report
    assert "b.md:4: error: `serie` is not a known key" in report
    assert "did you mean `series`?" in report
    assert not (tmp_path / "output").exists()


def test_a_link_to_an_essay_that_failed_to_read_repeats_no_pelican_message(tmp_path):
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    (essays / "one.md").write_text(
        "---\ntitle: One\ndate: 2024-03-05\n---\n\nRead [two](two.md).\n", "utf-8"
    )
    (essays / "two.md").write_text("---\ntitle: Two\ndate: March 5\n---\n\nText.\n", "utf-8")

    result = build_into(tmp_path, tmp_path / "content", DEV)

    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in result.problems] == [("two.md", 3)]
    assert "Unable to find" not in result.report()
