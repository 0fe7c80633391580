"""Every cryptographic step of the store, on PyNaCl (libsodium) only: no hand-made crypto.

- The kiosk holds only the PMS public key; a note's content is sealed to it (``SealedBox``).
- The private key is kept wrapped (``SecretBox``) under an argon2id key of the NFC-normalised
  passphrase, and a second copy under the recovery code. The KDF parameters are stored with
  each wrapped copy, so a key wrapped under any profile can be opened.
- A follow-up code is stretched once with a slow argon2id (salted per store); from it come a
  lookup tag (finds the note without listing codes) and a per-note key (salted per note) that
  encrypts what the student may read again: the note, the PMS replies and the student's answers.

PyNaCl is imported inside the functions: importing this module costs nothing at kiosk start-up.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any

__all__ = [
    "CODE_KDF",
    "KDF_PROFILES",
    "LEGACY_CODE_KDF",
    "b64d",
    "b64e",
    "code_key",
    "code_secrets",
    "generate_keypair",
    "normalize_passphrase",
    "open_box",
    "open_sealed",
    "sealed_opener",
    "public_key_from_hex",
    "seal",
    "secret_box",
    "tags_equal",
    "unwrap_private_key",
    "wrap_private_key",
]

#: argon2id cost profiles (opslimit, memlimit). "moderate" is the production default for the
#: passphrase; "interactive" and "minimal" exist for tests and demos only (the stored wrap
#: records its own parameters, so either opens later).
KDF_PROFILES: dict[str, tuple[int, int]] = {
    "moderate": (3, 268_435_456),
    "interactive": (2, 67_108_864),
    "minimal": (1, 8_192),
}

#: Cost of stretching a follow-up code (scheme 2, three words): argon2id, 3 passes over 192 MiB,
#: about 0.4 s of one core here. One salt per store means one guess tests every note of a stolen
#: copy at once, so each guess must be dear: benchmarks/code_guessing.py turns this cost into
#: core-days (≥ 30 for one of 100 conversations). Paid once per note sent (in the send worker)
#: and once per code typed. Stored in the file's meta table with the salt.
CODE_KDF: tuple[int, int] = (3, 201_326_592)
#: Scheme 1 (two-word codes, before 2026-11) used 3 passes over 8 MiB; its notes keep it.
LEGACY_CODE_KDF: tuple[int, int] = (3, 8_388_608)


def b64e(data: bytes) -> str:
    """Bytes to ASCII base64 text."""
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    """ASCII base64 text to bytes (strict)."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC form in UTF-8: an accented letter typed two ways gives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _argon2id(secret: bytes, salt: bytes, opslimit: int, memlimit: int, size: int = 32) -> bytes:
    from nacl import pwhash

    return pwhash.argon2id.kdf(size, secret, salt, opslimit=opslimit, memlimit=memlimit)


def generate_keypair() -> tuple[bytes, bytes]:
    """A new (private, public) X25519 key pair, raw 32 bytes each."""
    from nacl.public import PrivateKey

    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_key_from_hex(text: str) -> bytes:
    """The raw public key in a ``public.key`` file's text; ValueError if it is not one."""
    raw = bytes.fromhex(text.strip())
    if len(raw) != 32:
        raise ValueError("public key: 32 bytes expected")  # internal: callers turn it into a code
    return raw


def wrap_private_key(private: bytes, secret: bytes, profile: str) -> dict[str, Any]:
    """The private key encrypted under an argon2id key of ``secret``, with the KDF parameters."""
    from nacl import pwhash
    from nacl.secret import SecretBox

    opslimit, memlimit = KDF_PROFILES[profile]
    salt = secrets.token_bytes(pwhash.argon2id.SALTBYTES)
    key = _argon2id(secret, salt, opslimit, memlimit)
    return {
        "kdf": "argon2id",
        "salt": b64e(salt),
        "opslimit": opslimit,
        "memlimit": memlimit,
        "box": b64e(bytes(SecretBox(key).encrypt(private))),
    }


def unwrap_private_key(wrapped: dict[str, Any], secret: bytes) -> bytes | None:
    """The private key, or None if ``secret`` does not open it (the box's MAC is the check)."""
    from nacl.exceptions import CryptoError
    from nacl.secret import SecretBox

    key = _argon2id(secret, b64d(wrapped["salt"]), int(wrapped["opslimit"]), int(wrapped["memlimit"]))
    try:
        return SecretBox(key).decrypt(b64d(wrapped["box"]))
    except CryptoError:
        return None


def seal(public: bytes, data: bytes) -> str:
    """``data`` sealed to the PMS public key (only the private key opens it), base64."""
    from nacl.public import PublicKey, SealedBox

    return b64e(SealedBox(PublicKey(public)).encrypt(data))


def open_sealed(private: bytes, sealed: str) -> bytes:
    """Open a sealed value with the private key (raises nacl's CryptoError if altered)."""
    return sealed_opener(private)(sealed)


def sealed_opener(private: bytes) -> Callable[[str], bytes]:
    """A function opening sealed values with ``private``, the box built once.

    Building the box derives the public key (a scalar multiplication): once per note
    made opening 10,000 notes ~0.4 s slower.
    """
    from nacl.public import PrivateKey, SealedBox

    box = SealedBox(PrivateKey(private))
    return lambda sealed: box.decrypt(b64d(sealed))


def code_secrets(canonical_code: str, store_salt: bytes, opslimit: int, memlimit: int) -> tuple[str, bytes]:
    """(lookup tag, stretched secret) of a canonical follow-up code; one argon2id call."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    stretched = _argon2id(canonical_code.encode("ascii"), store_salt, opslimit, memlimit, 64)
    tag = blake2b(stretched, digest_size=16, person=b"pmskiosk-tag", encoder=RawEncoder).hex()
    return tag, stretched


def code_key(stretched: bytes, note_salt: bytes) -> bytes:
    """The per-note key derived from the stretched code (salted per note)."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    return blake2b(stretched, digest_size=32, salt=note_salt, person=b"pmskiosk-key", encoder=RawEncoder)


def secret_box(key: bytes, data: bytes) -> str:
    """``data`` encrypted and authenticated under ``key`` (XSalsa20-Poly1305), base64."""
    from nacl.secret import SecretBox

    return b64e(bytes(SecretBox(key).encrypt(data)))


def open_box(key: bytes, box: str) -> bytes:
    """Open a :func:`secret_box` value (raises nacl's CryptoError if the key is wrong)."""
    from nacl.secret import SecretBox

    return SecretBox(key).decrypt(b64d(box))


def tags_equal(left: str, right: str) -> bool:
    """Constant-time comparison of two lookup tags."""
    return hmac.compare_digest(left.encode("ascii"), right.encode("ascii"))
