"""The floor under the kiosk's transitions: a bare Textual app switching screens, in the same pty.

A bare app (``--app`` mode of this script) has a home screen and a second screen, each with a
title, a few lines of text and a footer line; ``1`` pushes the second screen, Backspace pops it.
``fresh``: the second screen is built anew at each push (as the kiosk did); ``installed``: one
instance is installed once and pushed again (Textual's named screens). The same terminal and
timing as ``public_keys.py``: key written → last byte before ``--quiet`` s of silence.

Usage: ``uv run python benchmarks/screen_floor.py [--reps 30]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label, Static

__all__ = ["main"]

LINES = [f"Line {n}: some words a visitor reads on the screen" for n in range(1, 15)]


class Plain(Screen):
    """A title, text, a footer."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        yield Label(self._title)
        yield Static("\n".join(LINES))
        yield Label("1 Next · Backspace Back")


class Floor(App[None]):
    """``1`` opens the second screen, Backspace closes it."""

    BINDINGS = [Binding("1", "next", show=False), Binding("backspace", "back", show=False)]

    def __init__(self, installed: bool) -> None:
        super().__init__()
        self.installed = installed

    def on_mount(self) -> None:
        self.push_screen(Plain("Home screen"))
        if self.installed:
            self.install_screen(Plain("Second screen"), "second")

    def action_next(self) -> None:
        if len(self.screen_stack) == 2:
            self.push_screen("second" if self.installed else Plain("Second screen"))

    def action_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()


def measure(mode: str, reps: int, quiet: float) -> dict[str, list[float]]:
    """Push and pop ``reps`` times; latency and UI CPU (s) of each direction."""
    from public_keys import Terminal  # same folder

    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
    term = Terminal([sys.executable, __file__, "--app", mode], env)
    out: dict[str, list[float]] = {"push": [], "pop": [], "push cpu": [], "pop cpu": []}
    try:
        term.wait_for(0, "Home screen")
        time.sleep(1.0)
        for _ in range(reps):
            for key, name, title in (("1", "push", "Second screen"), ("backspace", "pop", "Home screen")):
                mark, cpu = term.mark(), term.cpu()
                began = term.send(key)
                term.wait_for(mark, title, timeout=10)
                out[name].append(term.settle(mark, quiet) - began)
                out[f"{name} cpu"].append(term.cpu() - cpu)
    finally:
        term.close()
    return out


def main() -> int:
    """Run the app (``--app MODE``) or measure both modes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=("fresh", "installed"))
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--quiet", type=float, default=0.25)
    args = parser.parse_args()
    if args.app:
        Floor(installed=args.app == "installed").run()
        return 0
    print(f"# bare Textual screen switch, pty 80x24, {args.reps} reps, load {os.getloadavg()[0]:.2f}")
    print(f"{'mode':12}{'step':>6}{'median':>9}{'p95':>8}{'UI CPU med':>12}  (ms)")
    for mode in ("fresh", "installed"):
        out = measure(mode, args.reps, args.quiet)
        for step in ("push", "pop"):
            ms = sorted(v * 1000 for v in out[step])
            cpu = statistics.median(v * 1000 for v in out[f"{step} cpu"])
            high = ms[min(len(ms) - 1, round(0.95 * len(ms)))]
            print(f"{mode:12}{step:>6}{statistics.median(ms):>9.1f}{high:>8.1f}{cpu:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
