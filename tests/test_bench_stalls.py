"""The console benchmark subtracts only the moments the whole machine stalled (benchmarks/console_keys.py).

A figure judged against the target must not be made smaller by a stall that only one CPU had (a
thread of the kiosk could have run on the other), nor by controls that lacked real-time priority
(they would have been waiting behind the benchmark itself). No timing here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "console_keys.py"


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location("console_keys_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def report(*late: tuple[float, float], prioritized: bool = True) -> dict[str, Any]:
    """A control's report from (start, end) spans."""
    return {"prioritized": prioritized, "late": [(end, end - start) for start, end in late]}


def test_only_moments_every_cpu_stalled_count(bench: Any) -> None:
    cpu0 = report((1.0, 1.020), (2.0, 2.010))
    cpu1 = report((1.010, 1.030), (3.0, 3.010))  # 2.0 stalled cpu0 only, 3.0 cpu1 only
    stalls = bench.Stalls.of([cpu0, cpu1])
    assert stalls.spans == [(pytest.approx(1.010), pytest.approx(1.020))]
    assert stalls.within(0.990, 1.030) == pytest.approx(0.010)
    assert stalls.within(1.995, 2.015) == 0.0
    assert stalls.within(2.995, 3.015) == 0.0


def test_a_block_is_reduced_by_the_stall_inside_it_only(bench: Any) -> None:
    stalls = bench.Stalls.of([report((1.0, 1.012)), report((0.999, 1.013))])
    timeline = bench.Timeline()
    timeline.lags = [(1.005, 0.010), (1.020, 0.018), (5.0, 0.017)]  # (woke, late)
    figures = bench.Figures("open a note")
    figures.windows = [(0.9, 1.1), (4.9, 5.1)]
    figures.count_blocks(timeline, stalls)
    assert figures.blocked == [pytest.approx(0.018), pytest.approx(0.017)]
    # 1.002–1.020 holds the 10 ms stall 1.002–1.012: 8 ms left; 5.0 had no stall.
    assert figures.own == [pytest.approx(0.008), pytest.approx(0.017)]


def test_no_priority_means_nothing_is_subtracted(bench: Any) -> None:
    stalls = bench.Stalls.of([report((1.0, 1.02)), report((1.0, 1.02), prioritized=False)])
    assert stalls.spans == []
    assert stalls.within(0.0, 2.0) == 0.0
    assert "not measured" in stalls.summary()
    assert bench.Stalls.of([]).spans == []


def test_a_control_stops_when_asked_and_reports(bench: Any) -> None:
    controls = bench.Controls()
    controls.start()
    time.sleep(0.2)
    stalls = controls.stop()
    assert all(process.returncode == 0 for process in controls.processes)
    assert isinstance(stalls.spans, list)


def test_a_control_does_not_outlive_its_benchmark() -> None:
    """Started by a parent that exits at once (maybe before the control looks at its parent): the
    control, maybe at real-time priority, ends too."""
    parent = (
        "import os, subprocess, sys; "
        f"subprocess.Popen([sys.executable, {str(BENCH)!r}, '--control', '0', '--parent', str(os.getpid())], "
        "stdout=subprocess.DEVNULL)"
    )
    subprocess.run([sys.executable, "-c", parent], check=True, timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-f", f"{BENCH} --control"], capture_output=True, text=True)
        if not found.stdout.strip():
            break
        time.sleep(0.1)
    assert not found.stdout.strip()


def test_control_output_is_json() -> None:
    command = [sys.executable, str(BENCH), "--control", "0", "--parent", str(os.getpid())]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    time.sleep(0.2)
    process.terminate()
    out, _ = process.communicate(timeout=30)
    data = json.loads(out)
    assert set(data) == {"prioritized", "late"}


class _Silent:
    """A control that was stopped before it could print (or printed something else)."""

    def __init__(self, out: str) -> None:
        self.out = out

    def send_signal(self, _number: int) -> None:
        pass

    def communicate(self, timeout: float) -> tuple[str, None]:
        return self.out, None


def test_a_control_without_a_report_subtracts_nothing(bench: Any) -> None:
    controls = bench.Controls()
    good = json.dumps(report((1.0, 1.02)))
    for bad in ("", "{trunc", "Traceback (most recent call last):"):
        controls.processes = [_Silent(good), _Silent(bad)]
        stalls = controls.stop()
        assert stalls.spans == [] and not stalls.prioritized
