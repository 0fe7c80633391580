"""``kiosk sync DIR [--watch SECONDS]``: one sync round (or one every SECONDS) on a spool folder.

The side is the data dir's: a write-only kiosk (public key only) sends its notes and takes the
signed replies; the PMS machine (private key) asks the passphrase once, then imports, answers
and acknowledges. ``DIR`` is a Syncthing folder, a USB stick or a file share (docs/guide-pms.md).
Store errors carry codes; the French sentences are here. Exit 0 when the round ran (problems
with single files are listed), 1 when it could not run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["MESSAGES", "register"]

#: French text of the sync codes (the CLI speaks French, like the other PMS commands).
MESSAGES = {
    "sync_no_spool": "dossier d'échange introuvable : {path}",
    "sync_bad_kiosk_id": "identifiant du kiosque abîmé : {path} (ne pas l'effacer ; contactez la personne qui a installé le kiosque)",
    "sync_incomplete": "fichier incomplet ou en cours de copie : il sera repris au prochain tour",
    "sync_bad_format": "ce n'est pas un fichier d'échange du kiosque (champs inattendus ou manquants) : refusé",
    "sync_wrong_kiosk": "fichier destiné à un autre kiosque : refusé",
    "sync_renamed": "fichier renommé (son nom ne correspond pas à son contenu) : refusé",
    "sync_too_many_notes": "trop de messages dans un seul fichier (500 au plus) : refusé en entier",
    "sync_file_too_big": "fichier trop gros (plus de 16 Mo) : refusé en entier",
    "sync_not_a_file": "pas un fichier ordinaire (lien, dossier…) : ignoré",
    "sync_file_unreadable": "fichier illisible (droits ?) : repris au prochain tour",
    "sync_no_verify_key": "réponse du PMS refusée : ce kiosque n'a pas la clé de vérification pms.verify "
                          "(copiez-la depuis l'ordinateur du PMS dans le dossier de données du kiosque)",
    "sync_bad_signature": "signature du PMS absente ou fausse : refusé",
    "sync_bad_item": "élément mal formé : refusé",
    "sync_bad_id": "identifiant mal formé : refusé",
    "sync_bad_date": "date plus précise qu'une demi-journée ou mal formée : refusé",
    "sync_bad_box": "contenu non chiffré ou de longueur impossible : refusé",
    "sync_forged_author": "un kiosque ne peut pas écrire au nom du PMS : refusé",
    "sync_too_many": "trop de suites pour un message : refusé",
    "sync_duplicate": "identifiant en double dans le même message : refusé",
    "sync_illisible": "illisible : la clé du PMS ne l'ouvre pas (mis de côté, non enregistré)",
    "sync_id_conflict": "identifiant déjà pris par un autre message : mis de côté, non enregistré",
    "sync_name_taken": "nom de fichier déjà pris : rien n'a été remplacé",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kiosk sync``."""
    sync = sub.add_parser("sync", help="échanger messages et réponses par un dossier (Syncthing, clé USB)")
    sync.add_argument("spool", type=Path, metavar="DOSSIER", help="dossier d'échange (Syncthing, clé USB, partage)")
    sync.add_argument("--watch", type=_seconds, metavar="SECONDES", help="refaire un tour toutes les SECONDES")
    sync.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="dossier des messages et des clés")
    sync.set_defaults(handler=_run)


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de secondes attendu : {text!r}") from None
    if not 10 <= value <= 86_400:
        raise argparse.ArgumentTypeError("entre 10 et 86400 secondes")
    return value


def say(code: str, params: dict | None = None) -> str:
    """The French sentence of a sync code (the code itself if unknown)."""
    try:
        return MESSAGES[code].format(**(params or {}))
    except (KeyError, IndexError):
        return code


def _text(exc: Exception) -> str:
    """A sync error's French sentence (by its code), or the older errors' own sentence."""
    code = getattr(exc, "code", None)
    return say(code, getattr(exc, "params", {})) if code in MESSAGES else str(exc)


def _run(args: argparse.Namespace) -> int:
    from kiosk.commands.pms import CliError, _ready_store, _unlock
    from kiosk.store import StoreError

    try:
        store = _ready_store(args)
        session = _unlock(store) if store.can_unlock else None
    except (CliError, StoreError, ValueError) as exc:
        print(f"kiosk : {_text(exc)}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("kiosk : abandon.", file=sys.stderr)
        return 1
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
    from kiosk.store import StoreError
    from kiosk.store.sync import kiosk_round, pms_round

    try:
        report = pms_round(session, spool) if session is not None else kiosk_round(store, spool)
    except StoreError as exc:
        print(f"kiosk : {_text(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk : dossier d'échange inaccessible ({exc.strerror or exc.__class__.__name__}).", file=sys.stderr)
        return 1
    _print_report(report)
    return 0


def _print_report(report) -> None:
    if report.side == "kiosk":
        print(f"Kiosque {report.kiosk} : dossier d'envoi kiosque-{report.kiosk}, réponses dans pms-{report.kiosk}.")
        print(f"Envoyé : {report.notes} message(s) dans {len(report.written)} fichier(s) ; "
              f"reçu : {report.messages} réponse(s) du PMS ; {len(report.removed)} fichier(s) reçu(s) par le PMS effacé(s).")
        if report.unknown:
            print(f"{report.unknown} réponse(s) pour des messages qui ne sont plus ici.")
    else:
        print(f"Reçu : {report.notes} nouveau(x) message(s), {report.messages} suite(s) ; "
              f"écrit : {len(report.written)} fichier(s) de réponses ; {len(report.removed)} fichier(s) effacé(s).")
    for name, code in report.waiting:
        print(f"En attente : {name} : {say(code)}")
    for name, code in report.refused:
        print(f"Refusé : {name} : {say(code)}")
    for path in report.aside:
        print(f"Mis de côté (à montrer à la personne qui a installé les kiosques) : {path}")
