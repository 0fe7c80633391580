"""Two real Syncthing instances on loopback for the sync test (not a test module).

Each has its own home; discovery (global and local), relays, NAT, usage and crash reports and
upgrades are off; both run inside one ``unshare -n`` network namespace (only ``lo``, brought up)
when the machine allows it, so nothing can leave the machine. The test only watches files: no
REST calls. Every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

__all__ = ["SyncthingPair", "can_isolate", "wait_for"]

OFF = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "autoUpgradeIntervalH": "0",
    "crashReportingEnabled": "false",
    "startBrowser": "false",
    "reconnectionIntervalS": "1",
}


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``predicate`` until true; AssertionError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Syncthing: timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.3)


def can_isolate() -> bool:
    """True if ``unshare -n`` works here (root, or user namespaces allowed)."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    done = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True, timeout=10)
    return done.returncode == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SyncthingPair:
    """Instance ``a`` (the kiosks' side) and ``b`` (the PMS side), sharing one list of folders."""

    def __init__(self, root: Path, isolated: bool) -> None:
        self.root = root
        self.isolated = isolated
        self.homes = {side: root / f"home-{side}" for side in "ab"}
        ports = [22001, 22002, 28384, 28385] if isolated else [_free_port() for _ in range(4)]
        self.listen = {"a": ports[0], "b": ports[1]}
        self.gui = {"a": ports[2], "b": ports[3]}
        self.ids: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        for side, home in self.homes.items():
            subprocess.run(
                ["syncthing", "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            self.ids[side] = ET.parse(home / "config.xml").getroot().find("device").get("id")

    def configure(self, folders: list[tuple[str, Path, str, Path, str]]) -> None:
        """``(folder id, path on a, type on a, path on b, type on b)`` for each shared folder."""
        for side, other in (("a", "b"), ("b", "a")):
            path = self.homes[side] / "config.xml"
            tree = ET.parse(path)
            root = tree.getroot()
            options = root.find("options")
            for key, value in OFF.items():
                options.find(key).text = value
            options.find("listenAddress").text = f"tcp://127.0.0.1:{self.listen[side]}"
            root.find("gui").find("address").text = f"127.0.0.1:{self.gui[side]}"
            peer = ET.SubElement(root, "device", id=self.ids[other], name=f"peer-{other}", compression="metadata")
            ET.SubElement(peer, "address").text = f"tcp://127.0.0.1:{self.listen[other]}"
            template = root.find("defaults").find("folder")
            for folder_id, path_a, type_a, path_b, type_b in folders:
                folder_path, kind = (path_a, type_a) if side == "a" else (path_b, type_b)
                (folder_path / ".stfolder").mkdir(parents=True, exist_ok=True)
                element = ET.fromstring(ET.tostring(template))
                element.set("id", folder_id)
                element.set("label", folder_id)
                element.set("path", str(folder_path))
                element.set("type", kind)
                element.set("rescanIntervalS", "2")
                element.set("fsWatcherDelayS", "1")
                element.find("maxConflicts").text = "10"
                ET.SubElement(element, "device", id=self.ids[other], introducedBy="")
                root.append(element)
            tree.write(path)

    def start(self) -> None:
        """Both instances, in one private network namespace if possible."""
        serve = " & ".join(
            f"syncthing serve --home={self.homes[side]} --no-browser --no-restart > {self.root}/log-{side}.txt 2>&1"
            for side in "ab"
        )
        script = f"{serve} & wait"
        command = (
            ["unshare", "-n", "sh", "-c", f"ip link set lo up && {script}"] if self.isolated else ["sh", "-c", script]
        )
        env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
        self.process = subprocess.Popen(command, env=env, start_new_session=True)

    def stop(self) -> None:
        """Terminate both instances (the whole process group), bounded."""
        if self.process is None:
            return
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=grace)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        self.process = None

    def logs(self) -> str:
        """The tail of both logs (for a failure message)."""
        return "\n".join(
            (self.root / f"log-{side}.txt").read_text(errors="replace")[-3000:]
            for side in "ab"
            if (self.root / f"log-{side}.txt").exists()
        )
