"""The CI workflow: valid for GitHub Actions, the same commands as .ci/run, deploys main only."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
CI_RUN = ROOT / ".ci" / "run"
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
    ci_commands = [c for c in commands(ci) if c[0] in ("python3", "invoke")]
    assert ci_commands, "no install or test command found in .ci/run"
    for command in ci_commands:
        assert command in commands(scripts), shlex.join(command)


def test_build_tests_then_publishes_then_checks_at_the_chosen_address(workflow):
    runs = [step for step in steps(workflow, "build") if "run" in step]
    order = [step["run"].strip() for step in runs if step["run"].startswith("invoke")]
    assert order == ["invoke test", "invoke publish", "invoke check"]
    publish = next(step for step in runs if step["run"].strip() == "invoke publish")
    assert publish["env"]["SITEURL"] == "${{ steps.address.outputs.url }}"
    check = next(step for step in runs if step["run"].strip() == "invoke check")
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
