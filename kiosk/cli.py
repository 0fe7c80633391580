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

from .commands import register_all

__all__ = ["build_parser", "main"]

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="PMS Kiosk : aide contre le (cyber)harcèlement, hors ligne, pour une infirmerie scolaire.",
    )
    parser.add_argument("--config", type=Path, help="fichier TOML (défaut : ~/.config/pms-kiosk/config.toml)")
    parser.add_argument("--data-dir", type=Path, help="dossier des messages et des clés")
    parser.add_argument("--content-dir", type=Path, help="dossier du contenu modifié par le PMS")
    parser.add_argument("--lang", help="langue par défaut : fr, nl ou en")
    parser.add_argument("--demo", action="store_true", help="mode démo : dossier jetable, exemples, phrase de passe affichée")
    parser.add_argument("--dev", action="store_true", help="hors mode kiosque : ctrl+q quitte")
    # Subcommands read the configuration through this (they never import this module: no cycle).
    parser.set_defaults(load_config=load_config_or_exit)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
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
    from .boot import read_boot
    from .sources import ConfigError

    try:
        app = _build_app(read_boot(args.config, flags), args, passphrase)
    except ConfigError as exc:
        return _config_error(exc)
    app.run()
    if app.startup_error:
        return _config_error(app.startup_error)
    return app.return_code or 0


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
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        return run_kiosk(args)
    return handler(args)
