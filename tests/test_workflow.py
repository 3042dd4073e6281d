"""The CI workflow: valid for GitHub Actions, the same commands as .ci/run, deploys main only."""

from __future__ import annotations

import itertools
import shlex
import subprocess
import sys

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
CI_RUN = ROOT / ".ci" / "run"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
# Makes .venv unless a working one is there (one with pip: a failed make has none).
MAKE_VENV = shlex.split("test -x .venv/bin/pip || python3 -m venv .venv")
ON_MAIN = "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def commands(text: str) -> list[list[str]]:
    """Shell lines as argument lists, without comments, redirections or blank lines."""
    text = text.replace("\\\n", " ")  # a backslash at the end continues the line
    lines = [line.split(" #")[0].strip() for line in text.splitlines()]
    return [
        [word for word in shlex.split(line) if not word.startswith(">")]
        for line in lines
        if line and not line.startswith("#")
    ]


def apt_packages(text: str) -> set[str]:
    return {
        word
        for command in commands(text)
        if command[:2] == ["apt-get", "install"]
        for word in command[2:]
        if not word.startswith("-")
    }


def tasks_run(text: str) -> list[str]:
    """The invoke tasks a shell script runs, with the project's venv: `.venv/bin/invoke X`."""
    words = [word for command in commands(text) for word in command]
    return [task for word, task in itertools.pairwise(words) if word == ".venv/bin/invoke"]


def test_workflow_is_valid_for_github_actions():
    # The schema ships with check-jsonschema (vendor.github-workflows): no network needed.
    schema = ["--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_on_every_push_pull_request_and_daily(workflow):
    assert {"push", "pull_request", "schedule"} <= set(workflow["on"])
    assert workflow["on"]["push"] is None and workflow["on"]["pull_request"] is None
    (schedule,) = workflow["on"]["schedule"]
    _minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]
    # After midnight in Eau Claire in winter (UTC-6) and summer (UTC-5), so an essay
    # dated today is out the same morning.
    assert 6 <= int(hour) < 12


def test_build_installs_and_tests_with_the_commands_of_ci_run(workflow):
    ci = CI_RUN.read_text(encoding="utf-8")
    scripts = "\n".join(step.get("run", "") for step in steps(workflow, "build"))
    assert workflow["jobs"]["build"]["container"].startswith("python:3.11-bookworm")
    assert apt_packages(scripts) == apt_packages(ci)
    ci_commands = [c for c in commands(ci) if c[0] in ("test", "python3", ".venv/bin/invoke")]
    assert ci_commands, "no install or test command found in .ci/run"
    for command in ci_commands:
        assert command in commands(scripts), shlex.join(command)


def test_build_tests_then_publishes_then_checks_at_the_chosen_address(workflow):
    runs = [step for step in steps(workflow, "build") if "run" in step]
    order = [task for step in runs for task in tasks_run(step["run"])]
    assert order == ["test", "publish", "check"]
    publish = next(step for step in runs if tasks_run(step["run"]) == ["publish"])
    assert publish["env"]["SITEURL"] == "${{ steps.address.outputs.url }}"
    check = next(step for step in runs if tasks_run(step["run"]) == ["check"])
    assert "SITEURL" not in check.get("env", {})  # check uses the address publish recorded


def address_script(workflow: dict) -> str:
    (step,) = [s for s in steps(workflow, "build") if s.get("id") == "address"]
    return step["run"]


@pytest.mark.parametrize(
    "site_url, pages_url, expected, said",
    [
        pytest.param(
            "https://mine.example",
            "https://x.github.io/y",
            "https://mine.example",
            "the repository variable SITE_URL",
            id="variable-wins",
        ),
        pytest.param(
            "", "https://x.github.io/y", "https://x.github.io/y", "GitHub Pages", id="pages-address"
        ),
        pytest.param("", "", None, "Set the repository variable SITE_URL", id="neither"),
    ],
)
def test_the_address_comes_from_site_url_else_pages_and_the_log_says_which(
    workflow, tmp_path, site_url, pages_url, expected, said
):
    output = tmp_path / "github_output"
    output.touch()
    env = {"SITE_URL": site_url, "PAGES_URL": pages_url, "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(
        ["sh", "-e", "-c", address_script(workflow)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )
    assert said in result.stdout
    if expected is None:
        assert result.returncode != 0 and output.read_text() == ""
    else:
        assert result.returncode == 0 and output.read_text() == f"url={expected}\n"


def test_pages_is_asked_only_without_a_site_url_variable(workflow):
    (pages,) = [s for s in steps(workflow, "build") if s.get("id") == "pages"]
    assert pages["uses"].startswith("actions/configure-pages@")
    assert pages["if"] == "vars.SITE_URL == ''"
    address = next(s for s in steps(workflow, "build") if s.get("id") == "address")
    assert address["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_the_daily_run_is_kept_on_by_a_keepalive_on_schedule(workflow):
    keepalive = workflow["jobs"]["keepalive"]
    assert keepalive["if"] == "github.event_name == 'schedule'"
    assert keepalive["permissions"] == {"actions": "write"}
    (step,) = keepalive["steps"]
    command = commands(step["run"])[0]
    assert command[:4] == ["gh", "api", "--method", "PUT"]
    assert command[4].endswith("/actions/workflows/site.yml/enable")


def test_pull_requests_keep_the_built_site_as_an_artifact(workflow):
    (upload,) = [
        s
        for s in steps(workflow, "build")
        if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert upload["if"] == "github.event_name == 'pull_request'"
    assert upload["with"]["path"] == "output/"


def test_main_alone_deploys_to_pages_with_the_official_actions(workflow):
    (pages,) = [
        s for s in steps(workflow, "build") if "upload-pages-artifact@" in s.get("uses", "")
    ]
    assert pages["if"] == ON_MAIN and pages["with"]["path"] == "output/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == ON_MAIN
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    uses = [step["uses"].split("@")[0] for step in deploy["steps"]]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]


def test_token_may_only_read_except_when_deploying(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}


def test_every_action_is_pinned_to_a_major_version(workflow):
    for job in workflow["jobs"]:
        for step in steps(workflow, job):
            if "uses" in step:
                name, _, version = step["uses"].partition("@")
                assert name.startswith("actions/") and version.startswith("v"), step["uses"]


def test_ci_installs_only_the_locked_versions_into_the_venv_it_runs(workflow):
    for script in (CI_RUN.read_text(encoding="utf-8"), workflow_scripts(workflow)):
        install = [c for c in commands(script) if "--require-hashes" in c]
        assert install, "no install from the lock"
        for command in install:
            assert command[:8] == MAKE_VENV
            assert command[8:12] == ["&&", ".venv/bin/python", "-m", "pip"]
            assert command[command.index("-r") :][:2] == ["-r", "requirements/dev.txt"]
        assert tasks_run(script)[0] == "test"
        assert not [c for c in commands(script) if c[:1] in (["invoke"], ["pip"])]


def test_caches_start_afresh_when_dependencies_settings_or_plugin_code_change(workflow):
    caches = {
        step["with"]["path"]: step
        for step in steps(workflow, "build")
        if step.get("uses", "").startswith("actions/cache@")
    }
    build = caches["cache/"]["with"]
    assert "restore-keys" not in build  # an older cache is never restored
    for source in ("requirements/dev.txt", "pelican.conf.py", "plugins/essays/**"):
        assert f"'{source}'" in build["key"]
    pip = caches[workflow["jobs"]["build"]["env"]["PIP_CACHE_DIR"]]["with"]
    assert "hashFiles('requirements/dev.txt')" in pip["key"]
    names = [step.get("uses", step.get("run", "")) for step in steps(workflow, "build")]
    first_install = next(i for i, n in enumerate(names) if "--require-hashes" in n)
    assert all(names.index(step["uses"]) < first_install for step in caches.values())


def workflow_scripts(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, "build"))


def test_dependabot_config_is_valid_for_github():
    schema = ["--builtin-schema", "vendor.dependabot"]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(DEPENDABOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_asks_weekly_with_one_pull_request_per_kind_of_update():
    updates = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]
    assert {u["package-ecosystem"] for u in updates} == {"pip", "github-actions"}
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        groups = update["groups"].values()
        # Every version update and every security fix falls into one group of each.
        assert sorted(g.get("applies-to", "version-updates") for g in groups) == [
            "security-updates",
            "version-updates",
        ]
        assert all(g["patterns"] == ["*"] for g in groups)
