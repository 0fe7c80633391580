"""Start-up, idle CPU and memory of ``kiosk --demo`` against a bare Textual app, in one run.

Both run in the same terminal (a private tmux server, 80×24), alternately:

- first paint: median time from process start to the first screen on screen (kiosk: the
  welcome screen with its emergency strip), and the ratio (target ≤ 1.3);
- first key answered (kiosk only): a key is sent at first paint; time from process start
  until home shows (the configuration validated and the content loaded by then);
- one-time preparation: CPU seconds the kiosk spends in the ``--prepare`` seconds after home
  shows (it prepares the language's pages, QR codes and screens then), and its RSS after;
- idle CPU: % of one core over ``--idle`` seconds after that (target ≤ 2× the bare app);
- RSS after start-up (target ≤ 1.5×).

Usage: ``uv run python benchmarks/startup.py [--runs 7] [--idle 60]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOCKET = f"kiosk-bench-{os.getpid()}"
TICK = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    """Run a tmux command on the private server."""
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


def start(name: str, command: list[str], env: dict[str, str]) -> float:
    """Start ``command`` in a new 80×24 session; the monotonic time just before."""
    exports = [f"{k}={v}" for k, v in env.items()]
    began = time.monotonic()
    subprocess.run(
        ["tmux", "-L", SOCKET, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "env", *exports, *command],
        check=True,
    )
    return began


def wait_for(name: str, needles: list[str], timeout: float = 30.0) -> list[float]:
    """Monotonic times at which each needle first appeared on screen."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(needles) and time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", name)
        now = time.monotonic()
        for needle in needles:
            if needle not in seen and needle in screen:
                seen[needle] = now
        time.sleep(0.02)  # polling faster steals CPU from the app being measured
    missing = [n for n in needles if n not in seen]
    if missing:
        raise RuntimeError(f"{name}: never showed {missing}:\n{tmux('capture-pane', '-p', '-t', name)}")
    return [seen[n] for n in needles]


def pane_pid(name: str) -> int:
    """The pid of the program in the pane (env execs it)."""
    return int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop(name: str) -> None:
    """Kill the session."""
    tmux("kill-session", "-t", name)


def contenders(data_dir: str) -> dict[str, tuple[list[str], list[str]]]:
    """name → (command, texts that mark its first paint [and readiness])."""
    python = sys.executable
    return {
        "bare": ([python, str(HERE / "bare_app.py")], ["Hello, world"]),
        "kiosk": ([python, "-m", "kiosk", "--demo", "--config", os.devnull], ["Appuie sur une touche", "Élève"]),
    }


def measure(runs: int, idle: float, prepare: float = 20.0) -> dict[str, dict[str, list[float]]]:
    """Alternate the two apps ``runs`` times; on the last run of each, ``prepare`` s then idle CPU."""
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
    results: dict[str, dict[str, list[float]]] = {}
    # A first session keeps the server up; remain-on-exit keeps a crash's traceback readable.
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "keep"], check=True)
    tmux("set-option", "-g", "remain-on-exit", "on")
    with tempfile.TemporaryDirectory() as data_dir:
        env["KIOSK_DATA_DIR"] = data_dir
        for run in range(runs):
            for name, (command, needles) in contenders(data_dir).items():
                began = start(name, command, env)
                times = wait_for(name, needles[:1])
                if len(needles) > 1:  # press a key at first paint, wait for its answer
                    tmux("send-keys", "-t", name, "Space")
                    times += wait_for(name, needles[1:])
                row = results.setdefault(
                    name, {"paint": [], "ready": [], "rss": [], "cpu": [], "prepare": [], "rss prepared": []}
                )
                row["paint"].append(times[0] - began)
                row["ready"].append(times[-1] - began)
                pid = pane_pid(name)
                time.sleep(1.0)
                row["rss"].append(rss_mb(pid))
                if run == runs - 1:
                    # The kiosk prepares the language's pages, codes and screens once after it shows:
                    # counted apart, then idle is measured as it stays.
                    before = cpu_seconds(pid)
                    time.sleep(prepare)
                    row["prepare"].append(cpu_seconds(pid) - before)
                    row["rss prepared"].append(rss_mb(pid))
                    before, t0 = cpu_seconds(pid), time.monotonic()
                    time.sleep(idle)
                    row["cpu"].append(100 * (cpu_seconds(pid) - before) / (time.monotonic() - t0))
                stop(name)
    return results


def report(results: dict[str, dict[str, list[float]]], runs: int, idle: float) -> None:
    """Print the figures and the ratios."""
    med = {name: {k: statistics.median(v) for k, v in row.items() if v} for name, row in results.items()}
    bare, kiosk = med["bare"], med["kiosk"]
    print(
        f"# start-up benchmark: {runs} runs each, tmux 80x24, idle CPU over {idle:.0f} s, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'':30}{'bare Textual':>14}{'kiosk --demo':>14}{'ratio':>8}  target")
    rows = [
        ("first paint (s, median)", "paint", 1.3),
        ("first key answered (s)", "ready", None),
        ("idle CPU (%)", "cpu", 2.0),
        ("RSS (MB, median)", "rss", 1.5),
        ("one-time preparation (CPU s)", "prepare", None),
        ("RSS once prepared (MB)", "rss prepared", None),
    ]
    for label, key, target in rows:
        if target is None:  # no target: the bare app has no second screen, prepares nothing
            bare_value = f"{bare[key]:.3f}" if key in ("prepare", "rss prepared") else "—"
            print(f"{label:30}{bare_value:>14}{kiosk[key]:>14.3f}")
            continue
        ratio = kiosk[key] / bare[key] if bare[key] else float("inf")
        verdict = f"≤ {target}  " + ("ok" if ratio <= target else "MISSED")
        print(f"{label:30}{bare[key]:>14.3f}{kiosk[key]:>14.3f}{ratio:>8.2f}  {verdict}")


def main() -> int:
    """Parse the options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle CPU measurement")
    parser.add_argument("--prepare", type=float, default=20.0, help="seconds left for the one-time preparation")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("tmux is needed (apt-get install tmux)", file=sys.stderr)
        return 1
    try:
        results = measure(args.runs, args.idle, args.prepare)
    finally:
        tmux("kill-server")
    report(results, args.runs, args.idle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
