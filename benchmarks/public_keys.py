"""How fast the kiosk answers a visitor's keys: every public transition, in every language.

The real kiosk (``python -m kiosk --demo``) runs in a pseudo-terminal of 80×24, as it would in
a terminal window. For every transition a visitor can make — role menus, pages, contact groups,
contact cards with their QR codes, the danger screen, the note form, the follow-up screen, and
*back* — a key is written to the terminal and the time is taken until the screen settles: the
last byte the kiosk writes before it stays quiet for ``--quiet`` seconds. The new screen's title
must be among what was written, or the run stops (a benchmark that measures the wrong screen
is worse than none).

Prints, per kind of transition and language, the count, median and p95 in ms, then the slowest
transitions. "UI CPU" is the time the kiosk's main thread spent on a CPU for the same step
(from ``/proc``): it does not grow with the load other programs put on the machine. Target: every
p95 ≤ 50 ms. Run it when the machine is quiet (``uptime``): other processes on the same cores show
up as latency.

Usage: ``uv run python benchmarks/public_keys.py [--reps 3] [--langs fr,nl,en] [--quiet 0.25]``
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field

from kiosk.content import load_pack

__all__ = ["Terminal", "main"]

#: Escape sequences stripped before looking for a title in what was written.
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$ ]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]")
KEYS = {"enter": "\r", "backspace": "\x7f", "escape": "\x1b", "space": " "}
LANG_KEY = {"fr": "5", "nl": "6", "en": "7"}
#: Seconds left to the kiosk after it starts and after each language change: a visitor reads the
#: first screen meanwhile, and the kiosk prepares that language's pages, codes and screens.
SETTLE_TIME = 10.0
#: Seconds on welcome after the walks before the resident memory is read again.
TIDY_WAIT = 4.0


class Terminal:
    """A program in an 80×24 pseudo-terminal; every chunk it writes is kept with its time."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.chunks.append((time.monotonic(), data))

    def cpu(self) -> float:
        """Seconds the program's main thread has run on a CPU (the UI thread: load-independent)."""
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/task/{pid}/schedstat") as stat:
                return int(stat.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return float("nan")

    def rss_mb(self) -> float:
        """The program's resident memory in MB."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def mark(self) -> int:
        """Where the output is now (to read what comes after)."""
        with self._lock:
            return len(self.chunks)

    def since(self, mark: int) -> list[tuple[float, bytes]]:
        """The chunks written after ``mark``."""
        with self._lock:
            return self.chunks[mark:]

    def text_since(self, mark: int) -> str:
        """What was written after ``mark``, without escape sequences."""
        raw = b"".join(data for _, data in self.since(mark)).decode("utf-8", "replace")
        return _ESCAPES.sub("", raw)

    def send(self, key: str) -> float:
        """Write one key; the time just before."""
        began = time.monotonic()
        os.write(self.master, KEYS.get(key, key).encode())
        return began

    def settle(self, mark: int, quiet: float, timeout: float = 10.0) -> float | None:
        """Time of the last chunk after ``mark`` once nothing came for ``quiet`` s (None: nothing came)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunks = self.since(mark)
            now = time.monotonic()
            if chunks and now - chunks[-1][0] >= quiet:
                return chunks[-1][0]
            time.sleep(0.01)
        chunks = self.since(mark)
        return chunks[-1][0] if chunks else None

    def wait_for(self, mark: int, needle: str, timeout: float = 30.0) -> None:
        """Wait until ``needle`` has been written after ``mark``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text_since(mark):
                return
            time.sleep(0.02)
        raise RuntimeError(f"never showed {needle!r}; last text: {self.text_since(mark)[-400:]!r}")

    def close(self) -> None:
        """Stop the program (SIGTERM, which the kiosk handles) and free the terminal."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


@dataclass
class Step:
    """One transition: the key, the title expected after it, its kind and a readable name."""

    key: str
    title: str
    kind: str
    name: str


@dataclass
class Results:
    """Latencies (s) by (kind, lang), and every single sample with its name."""

    by_kind: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    cpu_by_kind: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    samples: list[tuple[float, str, str]] = field(default_factory=list)
    #: The kiosk's resident memory (MB) once its first language is prepared, after the walks, and
    #: after a wipe (welcome, a few seconds later: the visits' garbage collected).
    rss: dict[str, float] = field(default_factory=dict)

    def add(self, kind: str, lang: str, name: str, seconds: float, cpu: float = float("nan")) -> None:
        self.by_kind.setdefault((kind, lang), []).append(seconds)
        self.cpu_by_kind.setdefault((kind, lang), []).append(cpu)
        self.samples.append((seconds, lang, name))


def _needle(title: str) -> str:
    """The part of a title sure to be written in one run (the top bar may cut a long one)."""
    return title[:14].strip()


def tour(lang: str) -> list[Step]:
    """Steps from home through every public screen of ``lang``'s pack, back to home.

    Each menu's items are opened one by one and left with Backspace (measured too); a screen
    whose text field keeps Backspace (note form, follow-up) is left with a quick exit, and
    the tour walks down to the menu again. A page or group reached from two menus is timed once.
    """
    pack = load_pack(lang).pack
    steps: list[Step] = []
    seen: set[str] = set()
    home = pack.t("home.title")
    for number, role in enumerate(("eleve", "parent", "equipe"), start=1):
        path = [Step(str(number), pack.menus[role].title, "menu", role)]
        steps += path
        _walk_menu(pack, role, path, steps, seen)
        steps.append(Step("backspace", home, "back", "back to home"))
    return steps


def _leaf(pack, item) -> tuple[str, str]:
    """(kind, title) of the screen a menu item opens."""
    kind, ref = item.kind, item.ref
    if kind == "page":
        return "page", pack.pages[ref].title
    if kind == "contacts":
        return "contact group", pack.groups[ref].title
    if kind == "contact":
        return "contact card", pack.contacts[ref].name
    if kind == "danger":
        return "danger", pack.t("danger.title")
    if kind == "note":
        return "note form", pack.t("notes.title")
    if kind == "followup":
        return "follow-up", pack.t("followup.title")
    return "procedure", pack.procedure.title if pack.procedure else pack.t("procedure.title")


def _walk_menu(pack, menu_id: str, path: list[Step], steps: list[Step], seen: set[str]) -> None:
    """Append the steps that open every item of ``menu_id`` (reached by ``path``) and come back."""
    menu = pack.menus[menu_id]
    back = Step("backspace", menu.title, "back", f"back to {menu_id}")
    for number, item in enumerate(menu.items, start=1):
        target = f"{item.kind}:{item.ref}"
        if target in seen:
            continue
        seen.add(target)
        if item.kind == "menu":
            step = Step(str(number), pack.menus[item.ref].title, "menu", item.ref)
            steps.append(step)
            _walk_menu(pack, item.ref, [*path, step], steps, seen)
            steps.append(back)
            continue
        kind, title = _leaf(pack, item)
        steps.append(Step(str(number), title, kind, f"{menu_id} {number} {item.ref or item.kind}"))
        if item.kind == "contacts":
            group = pack.groups[item.ref]
            for n, ref in enumerate(group.contacts, start=1):
                if ref in pack.contacts:
                    steps.append(Step(str(n), pack.contacts[ref].name, "contact card", f"card {ref}"))
                    steps.append(Step("backspace", group.title, "back", f"back to {item.ref}"))
        if item.kind in ("note", "followup"):
            steps.append(Step("RESET", "", "", ""))  # a text field keeps Backspace: quick exit
            steps += path
        else:
            steps.append(back)


def run_tour(term: Terminal, steps: list[Step], lang: str, quiet: float, results: Results) -> None:
    """Play ``steps`` from home, timing each one (a RESET goes home in ``lang``, not timed)."""
    for step in steps:
        if step.key == "RESET":
            go_home(term)
            if lang != "fr":
                switch_language(term, lang, quiet, results)
            continue
        mark = term.mark()
        cpu = term.cpu()
        began = term.send(step.key)
        term.wait_for(mark, _needle(step.title), timeout=10)
        settled = term.settle(mark, quiet)
        results.add(step.kind, lang, step.name, settled - began, term.cpu() - cpu)


def go_home(term: Terminal) -> None:
    """Quick exit to welcome (not measured), then Space to home."""
    mark = term.mark()
    term.send("escape")
    term.settle(mark, 0.2)
    mark = term.mark()
    term.send("space")
    term.settle(mark, 0.2)


def switch_language(term: Terminal, lang: str, quiet: float, results: Results) -> None:
    """At home, choose ``lang`` (measured as ``language``)."""
    pack = load_pack(lang).pack
    mark = term.mark()
    began = term.send(LANG_KEY[lang])
    term.wait_for(mark, _needle(pack.t("home.intro")), timeout=10)
    results.add("language", lang, f"home → {lang}", term.settle(mark, quiet) - began)


def measure(langs: list[str], reps: int, quiet: float, settle_time: float = SETTLE_TIME, profile: str = "") -> Results:
    """Start the kiosk once, then play every walk ``reps`` times in each language.

    ``profile``: run the kiosk under cProfile (its main thread, the UI) and write the stats there.
    """
    results = Results()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
            "KIOSK_DATA_DIR": data_dir,
            "KIOSK_IDLE_SECONDS": "3600",
        }
        env.pop("TEXTUAL", None)
        profiler = ["-m", "cProfile", "-o", profile] if profile else []
        term = Terminal([sys.executable, *profiler, "-m", "kiosk", "--demo", "--config", os.devnull], env)
        try:
            term.wait_for(0, "Appuie sur une touche")
            time.sleep(settle_time)  # demo notes written, French pages, codes and screens prepared
            results.rss["prepared"] = term.rss_mb()
            mark = term.mark()
            term.send("space")
            term.settle(mark, 0.3)
            for lang in langs:
                if lang != "fr":  # the kiosk starts in French (no --lang)
                    switch_language(term, lang, quiet, results)
                    time.sleep(settle_time)  # the language's pages, codes and screens are prepared meanwhile
                steps = tour(lang)
                for _ in range(reps):
                    run_tour(term, steps, lang, quiet, results)
            results.rss["after the walks"] = term.rss_mb()
            term.send("escape")
            time.sleep(TIDY_WAIT)  # nobody at the kiosk: what the visits left is collected (kiosk.ahead._tidy)
            results.rss["after a wipe"] = term.rss_mb()
        finally:
            term.close()
    return results


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))]


def report(results: Results, reps: int, quiet: float, target_ms: float = 50.0) -> bool:
    """Print the table and the slowest transitions; True when every p95 meets the target."""
    print(
        f"# public keys: pty 80x24, {reps} reps, settled = {quiet * 1000:.0f} ms quiet, "
        f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}"
    )
    print(f"{'transition':16}{'lang':>5}{'n':>5}{'median':>9}{'p95':>8}{'max':>8}{'UI CPU p95':>12}  (ms)")
    ok = True
    for (kind, lang), values in sorted(results.by_kind.items()):
        ms = [v * 1000 for v in values]
        high = p95(ms)
        ok &= high <= target_ms
        flag = "" if high <= target_ms else "  MISSED"
        cpu = p95([c * 1000 for c in results.cpu_by_kind[(kind, lang)]])
        print(
            f"{kind:16}{lang:>5}{len(ms):>5}{statistics.median(ms):>9.1f}{high:>8.1f}{max(ms):>8.1f}{cpu:>12.1f}{flag}"
        )
    every = [v * 1000 for values in results.by_kind.values() for v in values]
    print(f"{'all':16}{'':>5}{len(every):>5}{statistics.median(every):>9.1f}{p95(every):>8.1f}{max(every):>8.1f}")
    print("slowest:")
    for seconds, lang, name in sorted(results.samples, reverse=True)[:5]:
        print(f"  {seconds * 1000:7.1f} ms  {lang}  {name}")
    print("kiosk RSS: " + ", ".join(f"{when} {mb:.1f} MB" for when, mb in results.rss.items()))
    print(f"every p95 ≤ {target_ms:.0f} ms: {'ok' if ok else 'MISSED'}")
    return ok


def main() -> int:
    """Parse the options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="times every walk is played per language")
    parser.add_argument("--langs", default="fr,nl,en")
    parser.add_argument("--quiet", type=float, default=0.25, help="seconds without output that mean settled")
    parser.add_argument(
        "--settle", type=float, default=SETTLE_TIME, help="seconds left to the kiosk after start and each language"
    )
    parser.add_argument("--profile", default="", help="write a cProfile of the kiosk's UI thread to this file")
    args = parser.parse_args()
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    results = measure(langs, args.reps, args.quiet, args.settle, profile=args.profile)
    report(results, args.reps, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
