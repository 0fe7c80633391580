"""kill -9 during reply / status / memo / purge / import: each action and its audit line commit
together, so the audit matches what the file holds exactly (issue 9, point 5)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, load_json

CHILD = Path(__file__).with_name("store_torture_actions.py")
KILLS = 30


def _prepare(data_dir: Path, tmp_path: Path) -> tuple[set[str], list[Path]]:
    """Today's notes, old notes (to purge once treated), and three kiosks' spool folders to import."""
    from kiosk.store.sync import kiosk_round

    pms = fast_store(data_dir, flood_limit=10_000)
    pms.initialize(PASS)
    for n in range(6):
        pms.add_note(f"aujourd'hui {n}")
    old_store = fast_store(data_dir, flood_limit=10_000, clock=lambda: datetime(2025, 3, 3, 9))
    old = {old_store.add_note(f"ancien {n}").note_id for n in range(40)}
    bundles = []
    for k in range(3):
        kiosk = fast_store(tmp_path / f"kiosk{k}", flood_limit=10_000)
        kiosk.initialize_public_only(pms.public_key_path)
        for n in range(3):
            kiosk.add_note(f"kiosque {k} {n}")
        bundles.append(tmp_path / f"spool{k}")
        bundles[-1].mkdir()
        kiosk_round(kiosk, bundles[-1])
    return old, bundles


def _spawn(data_dir: Path, seed: int, bundles: list[Path]) -> subprocess.Popen:
    """A PMS that starts Python, unlocks, says ``ready``, and acts once it reads a line."""
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(seed), *map(str, bundles)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def _acknowledged(out: str) -> Counter:
    counts: Counter = Counter()
    for line in out.split("\n")[:-1]:  # complete lines only
        word, _, number = line.partition(" ")
        counts[word] += 1
        if number:
            counts[f"{word}_notes"] += int(number)
    return counts


def _audit(tables: dict) -> Counter:
    counts: Counter = Counter()
    for line in tables.get("audit", {}).values():
        action = line["action"]
        if action == "réponse":
            counts["reply"] += 1
        elif action == "mémo":
            counts["memo"] += 1
        elif action.startswith("statut"):
            counts["status"] += 1
        elif action == "effacement":
            counts["purged_notes"] += 1
        elif action.startswith("import"):
            counts["import"] += 1
            counts["import_notes"] += int(action.split(":")[1].split()[0])
    return counts


@pytest.mark.slow
def test_kill_minus_nine_during_pms_actions_keeps_the_audit_exact(tmp_data_dir: Path, tmp_path: Path) -> None:
    old, bundles = _prepare(tmp_data_dir, tmp_path)
    rng = random.Random(20261130)
    acknowledged: Counter = Counter()
    started = time.monotonic()
    upcoming = _spawn(tmp_data_dir, 0, bundles)
    try:
        for kill in range(KILLS):
            child = upcoming
            # Unbuffered, byte by byte: nothing read ahead that communicate() would then miss.
            first = b"".join(iter(lambda proc=child: os.read(proc.stdout.fileno(), 1), b"\n"))
            assert first == b"ready", child.stderr.read()[-2000:]
            child.stdin.write(b"go\n")
            child.stdin.flush()
            # The next child starts Python and unlocks while this one acts; it waits for its go.
            upcoming = _spawn(tmp_data_dir, kill + 1, bundles) if kill + 1 < KILLS else None
            time.sleep(rng.uniform(0.1, 0.8))
            child.send_signal(signal.SIGKILL)
            out, err = child.communicate(timeout=30)
            assert child.returncode == -signal.SIGKILL, err[-2000:]
            acknowledged += _acknowledged(out.decode("utf-8"))
    finally:
        if upcoming is not None:  # a failed check leaves the next child waiting for its go
            upcoming.kill()
            upcoming.communicate()
    tables = load_json(tmp_data_dir / "notes.json")  # raises if unreadable
    audit = _audit(tables)
    notes = tables["notes"].values()
    stored = Counter(
        reply=sum(1 for doc in notes for m in doc.get("messages", []) if m["author"] == "pms"),
        memo=sum(len(doc.get("memos", [])) for doc in notes),
        purged_notes=len(old - {doc["id"] for doc in notes}),
        import_notes=sum(1 for doc in notes if doc.get("origin") == "import"),
    )
    elapsed = time.monotonic() - started
    print(
        f"\naction torture: {KILLS} kills in {elapsed:.1f} s; acknowledged {dict(acknowledged)}; "
        f"audit {dict(audit)}; stored {dict(stored)}"
    )
    # What the file holds and what the audit says are the same, action by action.
    for key in ("reply", "memo", "purged_notes", "import_notes"):
        assert audit[key] == stored[key], key
    # Every acknowledged action is in the audit; at most one per kill was done but not acknowledged.
    for key in ("reply", "memo", "status", "import"):
        assert acknowledged[key] <= audit[key] <= acknowledged[key] + KILLS, key
    assert acknowledged["purge_notes"] <= audit["purged_notes"]
    # The children did act between the kills, with every kind of action.
    assert sum(acknowledged[k] for k in ("reply", "memo", "status", "import")) >= KILLS // 2
    assert audit["purged_notes"] > 0 and audit["import_notes"] > 0
    assert not (tmp_data_dir / "quarantine").exists()
