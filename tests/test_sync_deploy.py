"""The shipped sync units: rounds at fixed times, one oneshot round, no network of its own, no core dumps."""

from __future__ import annotations

import configparser
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def test_sync_service_is_one_round_without_network_or_core_dumps() -> None:
    service = _unit("pms-kiosk-sync.service")["Service"]
    assert service["Type"] == "oneshot" and " sync " in service["ExecStart"]
    assert "--watch" not in service["ExecStart"]  # the timer sets the times
    assert service["PrivateNetwork"] == "yes"  # Syncthing carries the files, never kiosk sync
    assert service["LimitCORE"] == "0" and service["UMask"] == "0077"


def test_sync_timer_fires_at_fixed_times_only() -> None:
    timer = _unit("pms-kiosk-sync.timer")["Timer"]
    assert timer["OnCalendar"].startswith("*-*-* *:00")
    assert "RandomizedDelaySec" not in timer and "OnUnitActiveSec" not in timer
    assert timer["Persistent"] == "false"  # no catch-up round at an arbitrary boot time
