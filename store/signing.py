"""The PMS signing key: replies and acknowledgements sent to kiosks are signed (Ed25519, PyNaCl).

The signing key is *derived* from the PMS private key (BLAKE2b with its own personalisation,
then ``SigningKey(seed)``): nothing new to wrap or to lose, the passphrase and the recovery
code open it too, and an existing data dir has one as soon as the PMS unlocks. Its verify key
is written beside ``public.key`` as ``pms.verify`` (hex, one line) and travels with it: a
write-only kiosk copies both (``kiosk init --public-key public.key`` reads ``pms.verify`` in
the same folder).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "VERIFY_FILE",
    "kiosk_verify_key",
    "read_verify_key",
    "sign",
    "signing_seed",
    "verify",
    "verify_key_of",
    "write_verify_key",
]

VERIFY_FILE = "pms.verify"


def signing_seed(private: bytes) -> bytes:
    """The 32-byte Ed25519 seed derived from the PMS private key (one-way)."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    return blake2b(private, digest_size=32, person=b"pmskiosk-sign", encoder=RawEncoder)


def verify_key_of(private: bytes) -> bytes:
    """The raw verify key (32 bytes) matching the PMS private key."""
    from nacl.signing import SigningKey

    return bytes(SigningKey(signing_seed(private)).verify_key)


def sign(private: bytes, payload: bytes) -> bytes:
    """The 64-byte detached signature of ``payload`` by the PMS."""
    from nacl.signing import SigningKey

    return SigningKey(signing_seed(private)).sign(payload).signature


def verify(verify_key: bytes, payload: bytes, signature: bytes) -> bool:
    """True if ``signature`` is the PMS's over exactly ``payload``."""
    from nacl.exceptions import BadSignatureError
    from nacl.exceptions import ValueError as NaclValueError
    from nacl.signing import VerifyKey

    try:
        VerifyKey(verify_key).verify(payload, signature)
    except (BadSignatureError, NaclValueError, TypeError):
        return False
    return True


def read_verify_key(path: Path) -> bytes:
    """The raw verify key in a ``pms.verify`` file; OSError / ValueError if missing or malformed."""
    raw = bytes.fromhex(Path(path).read_text(encoding="ascii").strip())
    if len(raw) != 32:
        raise ValueError("verify key: 32 bytes expected")
    return raw


def kiosk_verify_key(public_key_file: Path) -> bytes | None:
    """The verify key in ``pms.verify`` beside a copied ``public.key`` (None if absent).

    Absent: the kiosk still seals notes, but refuses every reply until ``pms.verify`` is copied
    into its data dir. Present but malformed: ValueError (a damaged copy must not be kept).
    """
    path = Path(public_key_file).with_name(VERIFY_FILE)
    if not path.exists():
        return None
    try:
        return read_verify_key(path)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{VERIFY_FILE}: unreadable") from exc


def write_verify_key(data_dir: Path, private: bytes) -> bool:
    """Write ``pms.verify`` if it is missing or differs; True if written. Never touches other keys."""
    from .storage import atomic_write

    path = Path(data_dir) / VERIFY_FILE
    wanted = verify_key_of(private)
    try:
        if read_verify_key(path) == wanted:
            return False
    except (OSError, ValueError, UnicodeDecodeError):
        pass  # missing or damaged: it is derived, so writing it again loses nothing
    atomic_write(path, (wanted.hex() + "\n").encode("ascii"))
    return True
