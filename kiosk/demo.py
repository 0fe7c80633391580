"""Demo mode: a throw-away data dir with a store opened by DEMO_PASSPHRASE and sample notes."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

__all__ = ["DEMO_PASSPHRASE", "SAMPLE_NOTES", "make_demo_dir", "seed_demo"]

DEMO_PASSPHRASE = "demo demo demo"

#: (days ago, hour, text, options): invented notes, one urgent, one with markup that must show as typed.
SAMPLE_NOTES: tuple[tuple[int, int, str, dict], ...] = (
    (
        3,
        10,
        "Depuis la rentrée, on se moque de moi dans le groupe de la classe. Je n'ose plus y aller.",
        {"for_whom": "moi", "level": "secondaire"},
    ),
    (
        2,
        15,
        "Ma copine reçoit des messages méchants tous les soirs. Elle ne veut pas le dire.",
        {"for_whom": "autre", "level": "secondaire"},
    ),
    (
        1,
        9,
        "Quelqu'un a mis une photo de moi sur internet sans demander. J'ai peur que tout le monde la voie.",
        {"for_whom": "moi", "level": "secondaire", "urgent": True, "contact": "Sam, 4B"},
    ),
    (
        1,
        14,
        "Dans la cour on m'a écrit [bold red]X[/] sur mon sac. Je ne sais pas ce que ça veut dire.",
        {"for_whom": "moi", "level": "primaire"},
    ),
    (0, 11, "Je voudrais juste parler à quelqu'un.", {"lang": "fr"}),
)


def seed_demo(data_dir: Path, passphrase: str = DEMO_PASSPHRASE) -> None:
    """Initialise the store of ``data_dir`` with ``passphrase`` and add the sample notes.

    Slow-ish (one argon2id per wrap): the app calls it in a worker after the first paint.

    The demo wraps the key with the "interactive" argon2id profile (the data dir is thrown
    away); the wrapped key records its parameters, so the console unlocks it as usual.
    """
    from kiosk.store import NoteStore

    first = NoteStore(data_dir, kdf="interactive")
    if first.is_initialized:
        return  # already seeded (the worker ran twice): keep what is there
    now = datetime.now()
    first.initialize(passphrase)
    for days_ago, hour, text, options in SAMPLE_NOTES:
        moment = (now - timedelta(days=days_ago)).replace(hour=hour)
        store = NoteStore(data_dir, kdf="interactive", clock=lambda moment=moment: moment)
        store.add_note(text, **options)


def make_demo_dir() -> Path:
    """A fresh, empty temporary data dir for a demo."""
    return Path(tempfile.mkdtemp(prefix="pms-kiosk-demo-"))


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.demo DATA_DIR``: seed a demo store (passphrase on stdin).

    The kiosk runs this in a child process, so that PyNaCl and the store never
    weigh on the kiosk's own memory until someone really uses them.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    seed_demo(Path(args[0]), sys.stdin.readline().rstrip("\n") or DEMO_PASSPHRASE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
