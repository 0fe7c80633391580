"""Exceptions of the note store: each ``str(exc)`` is a short French sentence for the screen."""

from __future__ import annotations

import math

__all__ = [
    "AlreadyInitialized",
    "FloodLimited",
    "NotInitialized",
    "StoreError",
    "TooManyAttempts",
    "UnknownCode",
    "UnlockDelayed",
    "WriteFailed",
    "WrongPassphrase",
]


class StoreError(Exception):
    """Base class of every store error."""


class NotInitialized(StoreError):
    """No key pair in the data dir yet (run ``kiosk init``)."""

    def __init__(self, message: str = "Le coffre des messages n'est pas encore créé (kiosk init).") -> None:
        super().__init__(message)


class AlreadyInitialized(StoreError):
    """The data dir already holds a key pair."""

    def __init__(self, message: str = "Le coffre des messages existe déjà dans ce dossier.") -> None:
        super().__init__(message)


class WrongPassphrase(StoreError):
    """The passphrase (or recovery code) did not open the private key."""

    def __init__(self, message: str = "Phrase de passe incorrecte.") -> None:
        super().__init__(message)


class UnlockDelayed(StoreError):
    """Too many wrong passphrases: wait ``seconds`` before the next try."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        super().__init__(f"Trop d'essais : réessayez dans {max(1, round(self.seconds))} s.")


class FloodLimited(StoreError):
    """Too many ordinary notes in a short time (protects the PMS from a flood; never urgent notes)."""

    code = "flood_limited"

    def __init__(self, message: str = "Beaucoup de messages viennent d'être envoyés : réessaie un peu plus tard.") -> None:
        self.params: dict[str, int] = {}
        super().__init__(message)


class WriteFailed(StoreError):
    """The note could not be written durably (disk full, read-only folder, no permission)."""


class UnknownCode(StoreError):
    """No note matches this follow-up code."""

    def __init__(self, message: str = "Ce code ne correspond à aucun message.") -> None:
        super().__init__(message)


class TooManyAttempts(StoreError):
    """Too many wrong follow-up codes lately: no code is tried for ``seconds`` (whole, ≥ 1).

    Error-code convention: ``code`` and ``params`` (``seconds``); screens say it in the
    student's language, so ``str(exc)`` is only for logs and tests.
    """

    code = "too_many_attempts"

    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, math.ceil(seconds))
        self.params = {"seconds": self.seconds}
        super().__init__(f"too_many_attempts seconds={self.seconds}")
