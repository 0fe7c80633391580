"""The shipped service and getty files restart the kiosk on a cleared screen, without core dumps."""

from __future__ import annotations

import configparser
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_service_restarts_clears_and_forbids_core_dumps():
    service = _unit(DEPLOY / "pms-kiosk.service")["Service"]
    assert service["Restart"] == "always"
    assert service["TTYVTDisallocate"] == "yes" and service["TTYReset"] == "yes"
    assert service["LimitCORE"] == "0" and service["MemorySwapMax"] == "0"
    assert service["StandardError"] == "tty"  # Textual draws on stderr
    assert service["ExecStart"].endswith("/.venv/bin/kiosk")  # no --dev: kiosk mode


def test_getty_never_keeps_the_previous_screen():
    text = (DEPLOY / "getty@tty1.service.d" / "autologin.conf").read_text(encoding="utf-8")
    assert "--noclear" not in text.split("[Service]")[1]
    assert "TTYVTDisallocate=yes" in text
    profile = (DEPLOY / "bash_profile").read_text(encoding="utf-8")
    assert "exec " in profile and "--dev" not in profile


def test_the_readme_points_at_the_deploy_files_and_no_longer_at_noclear():
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    assert "deploy/pms-kiosk.service" in readme and "--autologin kiosk --noclear" not in readme


def test_ci_runs_exactly_the_readme_test_line():
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    test_line = next(line for line in quick_start.splitlines() if line.endswith("uv run pytest"))
    ci = (DEPLOY.parent / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_line in ci
