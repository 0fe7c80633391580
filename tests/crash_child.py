"""Run the real ``kiosk`` with one fault injected, for tests/test_shell_crash.py.

``python tests/crash_child.py FAULT [kiosk arguments…]``; FAULT is

- ``draft``: sending a note fails on the UI thread right after the draft was read
  (the draft is in a local variable and in the exception's message);
- ``decrypt``: opening a sealed note fails inside libsodium's binding, whose frame holds
  the PMS private key (in its locals and in the exception's message);
- ``boot``: reading the configuration fails, before the app exists;
- ``none``: no fault (the core-limit test).

The production code has no test hook: this script monkeypatches, then calls
:func:`kiosk.cli.main` as the console script would.
"""

from __future__ import annotations

import sys


def _fault_in_draft() -> None:
    from kiosk.screens.note_form import NoteScreen

    def contact_fails(self):  # called by action_send just after it read the draft
        draft = self.query_one("#note-text").text
        raise RuntimeError(f"injected fault while reading {draft!r}")

    NoteScreen._contact = contact_fails


def _fault_in_decryption() -> None:
    import nacl.bindings

    def seal_open_fails(ciphertext, pk, sk):
        key_hex = sk.hex()
        raise RuntimeError(f"injected fault with sk={sk!r} ({key_hex})")

    nacl.bindings.crypto_box_seal_open = seal_open_fails


def _fault_before_the_app() -> None:
    import kiosk.boot

    def boot_fails(config_file, flags):
        secret = "phrase de passe en clair"
        raise RuntimeError(f"injected fault at boot: {secret}")

    kiosk.boot.read_boot = boot_fails


FAULTS = {
    "draft": _fault_in_draft,
    "decrypt": _fault_in_decryption,
    "boot": _fault_before_the_app,
    "none": lambda: None,
}


def main() -> int:
    fault, *argv = sys.argv[1:]
    FAULTS[fault]()
    from kiosk.cli import main as kiosk_main

    return kiosk_main(argv)


if __name__ == "__main__":
    sys.exit(main())
