"""The ``kiosk`` command: runs the kiosk, or one of its subcommands.

``kiosk [--demo] [--dev] [--config F] [--data-dir D] [--content-dir C] [--lang L]``
runs the full-screen kiosk; ``kiosk content check``, ``kiosk init``, ``kiosk notes …``,
``kiosk status``, ``kiosk passphrase change`` and ``kiosk poster`` are the others.
Heavy modules are imported inside each command so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace

from .commands import register_all
from .crash import EXIT_CRASH, harden_process, install_hooks, record_quietly, show_neutral_screen
from .sources import LANGS

__all__ = ["build_parser", "main"]

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every subcommand; its own words are French too."""
    from . import __version__
    from .argparse_fr import FrenchParser

    parser = FrenchParser(
        prog="kiosk",
        description="PMS Kiosk : aide contre le (cyber)harcèlement, hors ligne, pour une infirmerie scolaire. "
        "Sans commande : le kiosque plein écran.",
        epilog="Aide d'une commande : kiosk COMMANDE --help. Guide : README.md et docs/guide-pms.md.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="afficher la version et quitter"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FICHIER",
        help="fichier de configuration TOML (défaut : ~/.config/pms-kiosk/config.toml sous Linux)",
    )
    parser.add_argument("--data-dir", type=Path, metavar="DOSSIER", help="dossier des messages et des clés")
    parser.add_argument("--content-dir", type=Path, metavar="DOSSIER", help="dossier du contenu modifié par le PMS")
    parser.add_argument("--lang", choices=LANGS, metavar="LANGUE", help="langue de l'écran d'accueil : fr, nl ou en")
    parser.add_argument(
        "--demo", action="store_true", help="mode démo : dossier jetable, exemples, phrase de passe affichée"
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="hors mode kiosque : ctrl+q quitte, une erreur montre sa trace (sans variables)",
    )
    # Subcommands read the configuration through this (they never import this module: no cycle).
    parser.set_defaults(load_config=load_config_or_exit)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")
    register_all(sub)
    return parser


def config_flags(args: argparse.Namespace) -> dict:
    """The flags that override configuration keys."""
    return {"data_dir": args.data_dir, "content_dir": args.content_dir, "lang": args.lang}


def _config_error(message: object) -> int:
    """Say why the configuration is unusable, on stderr; the exit status for it."""
    print(f"kiosk : {message}", file=sys.stderr)
    return EXIT_CONFIG


def load_config_or_exit(args: argparse.Namespace):
    """The validated config, or a clear message on stderr and exit 2 (no traceback)."""
    from .config import ConfigError, load_config

    try:
        return load_config(args.config, config_flags(args))
    except ConfigError as exc:
        raise SystemExit(_config_error(exc)) from None


def run_kiosk(args: argparse.Namespace) -> int:
    """Start the full-screen kiosk: paint welcome first, validate and load right after."""
    flags = config_flags(args)
    passphrase, demo_dir = "", None
    if args.demo:
        from .demo import DEMO_PASSPHRASE, make_demo_dir

        passphrase, demo_dir = DEMO_PASSPHRASE, make_demo_dir()
        flags["data_dir"] = demo_dir
    try:
        return _run(args, flags, passphrase)
    finally:
        if demo_dir is not None:  # the demo's notes are throw-away: leave nothing behind
            import shutil

            shutil.rmtree(demo_dir, ignore_errors=True)


def _run(args: argparse.Namespace, flags: dict, passphrase: str) -> int:
    """In kiosk mode nothing of an unexpected exception reaches the terminal, from start to end."""
    started = SimpleNamespace(app=None, boot=None, flags=flags)
    if args.dev:
        return _start(args, passphrase, started)
    install_hooks(lambda: _data_dir_of(started))
    try:
        return _start(args, passphrase, started)
    except Exception as exc:  # noqa: BLE001 - outside Textual's own handler (boot, driver, terminal)
        record_quietly(_data_dir_of(started), exc)
        show_neutral_screen()
        return EXIT_CRASH


def _start(args: argparse.Namespace, passphrase: str, started: SimpleNamespace) -> int:
    from .boot import read_boot
    from .sources import ConfigError

    try:
        started.boot = read_boot(args.config, started.flags)
        started.app = app = _build_app(started.boot, args, passphrase)
    except ConfigError as exc:
        return _config_error(exc)
    app.run()
    if app.crash is not None or app.return_code == EXIT_CRASH:
        return _after_crash(started, args.dev)
    if app.startup_error:
        return _config_error(app.startup_error)
    return app.return_code or 0


def _data_dir_of(started: SimpleNamespace) -> Path:
    """The data folder in use, else the one the raw configuration names (not validated yet)."""
    folder = getattr(getattr(started.app, "config", None), "data_dir", None)
    raw = started.boot.raw if started.boot is not None else started.flags
    if folder is None and isinstance(raw.get("data_dir"), str | Path):
        folder = Path(raw["data_dir"])
    if folder is None:
        from .config import default_data_dir

        folder = default_data_dir()
    return folder


def _after_crash(started: SimpleNamespace, dev: bool) -> int:
    """Write the crash record; in kiosk mode leave only the neutral sentence on screen."""
    from kiosk.store.crashlog import append_entry

    try:
        if started.app.crash is not None:
            append_entry(_data_dir_of(started), started.app.crash)
    except Exception:  # noqa: BLE001 - no traceback now, whatever the folder does
        pass
    if not dev:
        show_neutral_screen()
    return EXIT_CRASH


def _build_app(boot, args: argparse.Namespace, passphrase: str):
    """The app on ``boot``; validated and loaded before painting if welcome cannot be read raw."""
    from .app import KioskApp

    options = {"kiosk_mode": not args.dev, "demo": args.demo, "demo_passphrase": passphrase}
    if boot.pack is not None:
        return KioskApp(boot=boot, **options)
    from .config import validate_config  # raises ConfigError, as read_boot may

    return KioskApp(validate_config(boot.raw, boot.origin), **options)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script and of ``python -m kiosk``."""
    harden_process()  # first: every command may hold a key or a decrypted note in memory
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        return run_kiosk(args)
    return handler(args)
