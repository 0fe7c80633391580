"""PMS commands: ``init``, ``notes export|purge`` (``bundle|import`` now point to ``kiosk sync``), ``status``,
``store check``, ``passphrase change`` (issues 5, 6, 9, 11).

Passphrases are read with ``getpass`` on a terminal (new ones twice), or one line each from
stdin when stdin is not a terminal (scripts, tests). Errors are one French line on stderr
and exit code 1, never a traceback: store errors carry a code, translated here from the
French pack (``errors.<code>``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["KDF_PROFILE", "MIN_PASSPHRASE", "register"]

#: argon2id profile used to wrap the private key. Tests patch this to "minimal"; keep "moderate".
KDF_PROFILE = "moderate"
MIN_PASSPHRASE = 8


class CliError(Exception):
    """A message for stderr, then exit 1."""


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: when absent here, the main parser's --data-dir (if any) is kept.
    parser.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DOSSIER", help="dossier des messages et des clés"
    )


def register(sub: argparse._SubParsersAction) -> None:
    """Add the PMS commands."""
    init = sub.add_parser("init", help="créer le coffre des messages (clés) dans le dossier de données")
    _data_dir_option(init)
    init.add_argument(
        "--public-key",
        type=Path,
        metavar="FICHIER",
        help="kiosque en écriture seule : clé publique du PMS (public.key)",
    )
    init.set_defaults(handler=_guard(_init))

    status = sub.add_parser("status", help="combien de messages nouveaux et urgents (sans rien déverrouiller)")
    _data_dir_option(status)
    status.set_defaults(handler=_guard(_status))

    passphrase = sub.add_parser("passphrase", help="phrase de passe du PMS")
    actions = passphrase.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    change = actions.add_parser("change", help="changer la phrase de passe (les messages ne changent pas)")
    _data_dir_option(change)
    change.set_defaults(handler=_guard(_passphrase_change))

    notes = sub.add_parser("notes", help="messages des élèves : exporter, effacer, échanger entre kiosques")
    actions = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="exporter les messages déchiffrés (JSON lines ou CSV)")
    _data_dir_option(export)
    export.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl (une ligne JSON par message, défaut) ou csv (tableur)",
    )
    export.set_defaults(handler=_guard(_export))
    purge = actions.add_parser("purge", help="effacer les messages traités plus vieux que retention_days")
    _data_dir_option(purge)
    purge.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    purge.set_defaults(handler=_guard(_purge))
    bundle = actions.add_parser("bundle", help="remplacé par « kiosk sync DOSSIER »")
    _data_dir_option(bundle)
    bundle.add_argument("--out", type=Path, required=True, metavar="FICHIER", help="fichier à écrire (clé USB…)")
    bundle.set_defaults(handler=_guard(_bundle))
    imp = actions.add_parser("import", help="remplacé par « kiosk sync DOSSIER »")
    imp.add_argument("file", type=Path, metavar="FICHIER")
    _data_dir_option(imp)
    imp.set_defaults(handler=_guard(_import))

    store = sub.add_parser("store", help="coffre des messages : vérifier (et réparer) les fichiers")
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="vérifier chaque fichier et chaque message (code 0 : tout va bien)")
    _data_dir_option(check)
    check.add_argument(
        "--repair", action="store_true", help="mettre de côté ce qui est abîmé (gardé dans quarantine, jamais effacé)"
    )
    check.set_defaults(handler=_guard(_check))


def _guard(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn store errors into one French line on stderr and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        from kiosk.store import StoreError

        try:
            return handler(args)
        except StoreError as exc:
            print(f"kiosk : {_french(exc)}", file=sys.stderr)
            return 1
        except CliError as exc:
            print(f"kiosk : {exc}", file=sys.stderr)
            return 1
        except OSError as exc:  # a file the store does not own (an --out path, stdout closed…)
            print(f"kiosk : {_os_sentence(exc)}", file=sys.stderr)
            return 1
        except (EOFError, KeyboardInterrupt):
            print("kiosk : abandon.", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - never a traceback to staff; the type says where
            print(
                f"kiosk : erreur inattendue ({exc.__class__.__name__}) ; rien d'autre n'a été changé.", file=sys.stderr
            )
            return 1

    run.__doc__ = handler.__doc__
    return run


def _french(exc: BaseException) -> str:
    from kiosk.content.errors import french

    return french(exc)


def _os_sentence(exc: OSError) -> str:
    from kiosk.store.errors import StoreError, os_error_code

    code, params = os_error_code(exc, writing=True)
    return _french(StoreError(code, file=exc.filename or "?", **params))


def _store(args: argparse.Namespace):
    from kiosk.store import NoteStore

    config = args.load_config(args)
    return config, NoteStore(config.data_dir, flood_limit=config.flood_limit, kdf=KDF_PROFILE)


def _ready_store(args: argparse.Namespace):
    """The store of an initialised data dir, or a CliError saying to run ``kiosk init``."""
    _config, store = _store(args)
    if not store.is_initialized:
        if store.existing_files():  # notes but no key: never send anyone to ``init``
            raise CliError(
                f"{store.data_dir} contient des messages mais aucune clé : remettez public.key "
                "et private.key.json depuis leur copie (ne lancez pas « kiosk init »)."
            )
        raise CliError(f"aucun coffre dans {store.data_dir} : lancez d'abord « kiosk init ».")
    return store


def _read_line(prompt: str) -> str:
    """One secret: getpass on a terminal, else one line of stdin (without its line end)."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise CliError("phrase de passe attendue sur l'entrée standard.")
    return line.rstrip("\r\n")


def _new_passphrase(prompt: str = "Nouvelle phrase de passe : ") -> str:
    first = _read_line(prompt)
    if sys.stdin is not None and sys.stdin.isatty() and _read_line("Encore une fois : ") != first:
        raise CliError("les deux phrases de passe diffèrent.")
    if len(first.strip()) < MIN_PASSPHRASE:
        raise CliError(
            f"phrase de passe trop courte (au moins {MIN_PASSPHRASE} caractères ; une phrase de 4 mots est idéale)."
        )
    return first


def _unlock(store):
    from kiosk.store import UnlockDelayed

    wait = store.unlock_delay()
    if wait > 0:
        raise UnlockDelayed(wait)
    return store.unlock(_read_line("Phrase de passe du PMS : "))


def _init(args: argparse.Namespace) -> int:
    """``kiosk init``: the key pair (or, with --public-key, a write-only kiosk)."""
    _config, store = _store(args)
    store.refuse_if_present()  # before any question: nothing is ever written over
    if args.public_key is not None:
        store.initialize_public_only(args.public_key)
        print(f"Kiosque en écriture seule prêt dans {store.data_dir}.")
        print("Les messages seront lus sur l'ordinateur du PMS (kiosk sync DOSSIER).")
        if not (store.data_dir / "pms.verify").exists():
            print(
                "Attention : pms.verify n'était pas à côté de public.key : ce kiosque refusera les réponses du PMS "
                "tant que ce fichier n'est pas copié dans son dossier de données."
            )
        return 0
    recovery = store.initialize(_new_passphrase("Phrase de passe du PMS : "))
    print(f"Coffre des messages créé dans {store.data_dir}.")
    print()
    print("CODE DE SECOURS (affiché une seule fois) :")
    print(f"    {recovery}")
    print("Écrivez-le sur papier et rangez-le dans le coffre de l'école : il ouvre les messages")
    print("si la phrase de passe est oubliée.")
    print()
    print(f"Clé publique (à copier sur les autres kiosques, avec pms.verify) : {store.public_key_path}")
    return 0


#: Why a kiosk cannot take a note (``NoteStore.readiness()`` codes), for ``kiosk status``.
READINESS_TEXT = {
    "key_damaged": "le fichier public.key est abîmé : les élèves ne peuvent pas laisser de message.",
    "read_only": "le dossier des messages est en lecture seule : les élèves ne peuvent pas laisser de message.",
    "disk_full": "le disque est presque plein : les élèves ne peuvent pas laisser de message.",
}


def _status(args: argparse.Namespace) -> int:
    """``kiosk status``: counts, whether notes can be taken, no content, no passphrase."""
    store = _ready_store(args)
    counts = store.counts()
    line = (
        f"Nouveaux : {counts['nouveau']}  ·  urgents non traités : {counts['urgent']}  ·  "
        f"en cours : {counts['en_cours']}  ·  traités : {counts['traite']}  ·  "
        f"nouvelles réponses d'élèves : {counts['unread_answer']}"
    )
    if counts["illisible"]:
        line += f"  ·  illisibles : {counts['illisible']} (voir « kiosk store check »)"
    print(line)
    if store.can_unlock:
        store.public_key()  # names a missing public.key (taken from private.key.json)
    ready = str(store.readiness())
    if ready in READINESS_TEXT:  # said first: children cannot leave a note right now
        print(f"Attention : {READINESS_TEXT[ready]}")
    for problem in [*store.meta_problems(), *store.problems]:
        print(f"Attention : {_french(problem)}")
    _say_restarts(store.data_dir)
    return 0


def _say_restarts(data_dir: Path) -> None:
    """Issue 15: how often the kiosk restarted after an error (half-day only, no content)."""
    from kiosk.store.crashlog import read_crashes

    crashes = read_crashes(data_dir)
    if crashes.count:
        part = {"am": "matin", "pm": "après-midi"}.get(crashes.last_part_of_day or "", "?")
        print(
            f"Attention : le kiosque a redémarré après une erreur ({crashes.count} fois ; "
            f"la dernière : le {crashes.last_date}, {part}). Détails sans contenu : {data_dir}/crashes.json"
        )
    if crashes.caught:
        print(
            f"Attention : {crashes.caught} erreur(s) inattendue(s) sur un écran élève (le texte est resté "
            f"à l'écran avec les numéros d'urgence). Détails sans contenu : {data_dir}/crashes.json"
        )
    if crashes.unreadable:
        print(f"Attention : {crashes.unreadable} élément(s) illisible(s) dans {data_dir}/crashes.json.")


def _passphrase_change(args: argparse.Namespace) -> int:
    """``kiosk passphrase change``: old passphrase, then the new one (twice on a terminal)."""
    _config, store = _store(args)
    session = _unlock(store)
    try:
        session.change_passphrase(_new_passphrase())
    finally:
        session.lock()
    print("Phrase de passe changée (le code de secours reste valable).")
    return 0


def _export(args: argparse.Namespace) -> int:
    """``kiosk notes export``: every readable note decrypted on stdout; unreadable ones named, exit 1."""
    from .export import write_csv, write_jsonl

    _config, store = _store(args)
    session = _unlock(store)
    try:
        report = session.export_report()
    finally:
        session.lock()
    (write_jsonl if args.format == "jsonl" else write_csv)(report.rows, sys.stdout)
    sys.stdout.flush()
    print(f"{len(report.rows)} message(s) exporté(s).", file=sys.stderr)
    for problem in report.unreadable:
        print(f"kiosk : non exporté : {_french(problem)}", file=sys.stderr)
    for problem in store.problems:
        print(f"Attention : {_french(problem)}", file=sys.stderr)
    return 1 if report.unreadable else 0


def _purge(args: argparse.Namespace) -> int:
    """``kiosk notes purge``: delete old ``traite`` notes after confirmation."""
    config, store = _store(args)
    session = _unlock(store)
    try:
        count = session.purge_candidates(config.retention_days)
        print(f"{count} message(s) traité(s) de plus de {config.retention_days} jours.")
        if count == 0:
            return 0
        if not args.yes:
            answer = input("Les effacer définitivement ? (oui/non) ") if sys.stdin.isatty() else sys.stdin.readline()
            if answer.strip().lower() not in ("o", "oui", "y", "yes", "j", "ja"):
                print("Rien n'a été effacé.")
                return 0
        print(f"{session.purge(config.retention_days)} message(s) effacé(s).")
    finally:
        session.lock()
    return 0


def _bundle(args: argparse.Namespace) -> int:
    """``kiosk notes bundle``: replaced by ``kiosk sync DOSSIER`` (the bundle trusted what it carried)."""
    raise CliError(
        "« kiosk notes bundle » est remplacé par « kiosk sync DOSSIER » (dossier sur la clé USB "
        "ou dossier Syncthing ; voir docs/guide-pms.md, « Plusieurs kiosques »)."
    )


def _import(args: argparse.Namespace) -> int:
    """``kiosk notes import``: replaced by ``kiosk sync DOSSIER``."""
    raise CliError(
        "« kiosk notes import » est remplacé par « kiosk sync DOSSIER » (dossier sur la clé USB "
        "ou dossier Syncthing ; voir docs/guide-pms.md, « Plusieurs kiosques »)."
    )


def _check(args: argparse.Namespace) -> int:
    """``kiosk store check [--repair]``: each problem in French with what to do; exit 0 if none."""
    from kiosk.store.check import check_store, repair_store

    _config, store = _store(args)
    if args.repair:
        for done in repair_store(store):
            print(f"Réparé : {_french(done)}")
    report = check_store(store)
    for kept in report.kept:
        print(f"Gardé de côté : {_french(kept)}")
    for problem in report.problems:
        print(f"Problème : {_french(problem)}")
    if report.problems:
        hint = (
            "" if args.repair else " Relancez avec --repair pour mettre de côté ce qui est abîmé (rien n'est effacé)."
        )
        print(f"{len(report.problems)} problème(s) ; {report.notes} message(s) en bon état.{hint}")
        return 1
    print(f"Tout va bien : {report.notes} message(s) en bon état.")
    return 0
