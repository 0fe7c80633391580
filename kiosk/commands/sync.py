"""``kiosk sync DIR [--watch SECONDS]``: one sync round (or one every SECONDS) on a spool folder.

The side is the data dir's: a write-only kiosk (public key only) sends its notes and takes the
signed replies; the PMS machine (private key) asks the passphrase once, then imports, answers
and acknowledges. ``DIR`` is a Syncthing folder, a USB stick or a file share (docs/guide-pms.md).
Store errors carry codes; their French sentences come from the pack's ``errors.yaml``. Exit 0 when
the round ran (problems with single files are listed), 1 when it could not run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["register", "say"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kiosk sync``."""
    sync = sub.add_parser("sync", help="échanger messages et réponses par un dossier (Syncthing, clé USB)")
    sync.add_argument("spool", type=Path, metavar="DOSSIER", help="dossier d'échange (Syncthing, clé USB, partage)")
    sync.add_argument("--watch", type=_seconds, metavar="SECONDES", help="refaire un tour toutes les SECONDES")
    sync.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="dossier des messages et des clés")
    from .pms import _guard  # one place turns errors into French lines (store, CLI, OS, ctrl+c)

    sync.set_defaults(handler=_guard(_run))


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de secondes attendu : {text!r}") from None
    if not 10 <= value <= 86_400:
        raise argparse.ArgumentTypeError("entre 10 et 86400 secondes")
    return value


def say(code: str, params: dict | None = None) -> str:
    """The French sentence of a sync code (``errors.<code>`` of the French pack)."""
    from types import SimpleNamespace

    from kiosk.content.errors import french

    return french(SimpleNamespace(code=code, params=params or {}))


def _run(args: argparse.Namespace) -> int:
    from kiosk.commands.pms import _ready_store, _unlock

    store = _ready_store(args)
    session = _unlock(store) if store.can_unlock else None
    try:
        while True:
            status = _one_round(store, session, args.spool)
            if args.watch is None:
                return status
            # Rounds at fixed times (multiples of SECONDS on the clock), not "some time after a note".
            time.sleep(args.watch - time.time() % args.watch)
    except KeyboardInterrupt:
        return 0
    finally:
        if session is not None:
            session.lock()


def _one_round(store, session, spool: Path) -> int:
    from kiosk.commands.pms import _french, _os_sentence
    from kiosk.store import StoreError
    from kiosk.store.sync import kiosk_round, pms_round

    try:
        report = pms_round(session, spool) if session is not None else kiosk_round(store, spool)
    except StoreError as exc:  # caught here, not by the guard: a --watch loop goes on to the next round
        print(f"kiosk : {_french(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk : dossier d'échange inaccessible : {_os_sentence(exc)}", file=sys.stderr)
        return 1
    _print_report(report)
    return 0


def _print_report(report) -> None:
    if report.side == "kiosk":
        print(f"Kiosque {report.kiosk} : dossier d'envoi kiosque-{report.kiosk}, réponses dans pms-{report.kiosk}.")
        print(
            f"Envoyé : {report.notes} message(s) dans {len(report.written)} fichier(s) ; "
            f"reçu : {report.messages} réponse(s) du PMS ; "
            f"{len(report.removed)} fichier(s) reçu(s) par le PMS effacé(s)."
        )
        if report.unknown:
            print(f"{report.unknown} réponse(s) pour des messages qui ne sont plus ici.")
    else:
        print(
            f"Reçu : {report.notes} nouveau(x) message(s), {report.messages} suite(s) ; "
            f"écrit : {len(report.written)} fichier(s) de réponses ; {len(report.removed)} fichier(s) effacé(s)."
        )
    for name, code in report.waiting:
        print(f"En attente : {name} : {say(code)}")
    for name, code in report.refused:
        print(f"Refusé : {name} : {say(code)}")
    for path in report.aside:
        print(f"Mis de côté (à montrer à la personne qui a installé les kiosques) : {path}")
