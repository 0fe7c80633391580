"""NoteStore: what the kiosk does with notes (no private key needed) and how the PMS unlocks.

Files of a data dir: ``public.key`` (hex, may be copied to other kiosks), ``private.key.json``
(the private key wrapped twice: passphrase and recovery code), ``notes.json`` (TinyDB, see
:mod:`.storage`), ``unlock.json`` (wrong-passphrase delay), ``quarantine/`` (damaged files).
A note record keeps in clear only its id, date, half-day, status and urgent flag.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from . import crypto, signing
from .codes import LANGS, canonical, generate_code
from .errors import AlreadyInitialized, NotInitialized, StoreError, UnknownCode, WriteFailed, WrongPassphrase
from .models import STATUSES, FollowupView, Message, Receipt
from .storage import QUARANTINE, Database, atomic_write
from .throttle import CodeGuard, FloodGuard, UnlockThrottle

__all__ = ["MAX_TEXT_CHARS", "NoteStore", "check_text", "note_key"]

MAX_TEXT_CHARS = 100_000
MAX_CONTACT_CHARS = 200
KEYS_NOT_SAVED = "Clés non enregistrées"
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ANSWER_CHOICES = {"for_whom": (None, "moi", "autre"), "level": (None, "primaire", "secondaire")}


def _recovery_code() -> str:
    """24 random symbols (120 bits) in groups of four, easy to copy by hand."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def _canonical_recovery(code: str) -> bytes:
    cleaned = re.sub(r"[^0-9A-Z]", "", code.upper().replace("O", "0").replace("I", "1").replace("L", "1"))
    return cleaned.encode("ascii")


def note_key(note_id: str) -> str:
    """TinyDB document id (a decimal string) of a note id (8 hex digits)."""
    if not re.fullmatch(r"[0-9a-f]{8}", note_id or ""):
        raise StoreError("Identifiant de message invalide.")
    return str(int(note_id, 16))


def check_text(text: str, limit: int = MAX_TEXT_CHARS) -> bytes:
    """The UTF-8 bytes of a message text; ValueError if empty, too long or not encodable."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Le message est vide.")
    if len(text) > limit:
        raise ValueError(f"Le message est trop long (maximum {limit} caractères).")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Le message contient des caractères invalides.") from exc


def _code_meta_of(tables: dict) -> tuple[bytes, int, int] | None:
    """(salt, opslimit, memlimit) of the follow-up code KDF in the meta table, if set."""
    meta = tables.get("meta", {}).get("1", {})
    if "code_salt" not in meta:
        return None
    ops, mem = meta["code_kdf"]
    return crypto.b64d(meta["code_salt"]), int(ops), int(mem)


def _set_code_meta(tables: dict, code_meta: tuple[bytes, int, int]) -> None:
    meta = tables.setdefault("meta", {}).setdefault("1", {})
    meta["code_salt"] = crypto.b64e(code_meta[0])
    meta["code_kdf"] = [code_meta[1], code_meta[2]]


class NoteStore:
    """The notes of one data dir. Cheap to build: nothing is read or created before use."""

    def __init__(
        self,
        data_dir: Path,
        *,
        flood_limit: int = 10,
        flood_window: float = 600.0,
        kdf: str = "moderate",
        code_kdf: tuple[int, int] = crypto.CODE_KDF,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if kdf not in crypto.KDF_PROFILES:
            raise ValueError(f"profil KDF inconnu : {kdf}")
        self.data_dir = Path(data_dir)
        self.kdf = kdf
        self.code_kdf = code_kdf
        self.clock = clock or datetime.now
        self.db = Database(self.data_dir)
        self.public_key_path = self.data_dir / "public.key"
        self.private_key_path = self.data_dir / "private.key.json"
        self._flood = FloodGuard(flood_limit, flood_window)
        self._codes = CodeGuard()
        self._throttle = UnlockThrottle(self.data_dir / "unlock.json", self.db)
        self._public: bytes | None = None
        self._code_meta: tuple[bytes, int, int] | None = None
        self._runtime_problems: list[str] = []

    # -- state ---------------------------------------------------------------------
    @property
    def is_initialized(self) -> bool:
        """A public key exists: notes can be written."""
        return self.public_key_path.exists()

    @property
    def can_unlock(self) -> bool:
        """A wrapped private key exists (False on a write-only kiosk)."""
        return self.private_key_path.exists()

    @property
    def problems(self) -> list[str]:
        """French sentences for the console: damaged files set aside, and so on."""
        folder = self.data_dir / QUARANTINE
        if not folder.is_dir():
            return list(self._runtime_problems)
        return list(self._runtime_problems) + [
            f"Un fichier de messages abîmé a été mis de côté : {QUARANTINE}/{path.name} "
            "(ne pas le supprimer ; le kiosque continue avec un fichier neuf)."
            for path in sorted(folder.iterdir())
        ]

    def half_day(self) -> tuple[str, str]:
        """Today's date (YYYY-MM-DD) and ``am``/``pm``: the finest time the store keeps."""
        now = self.clock()
        return now.date().isoformat(), ("am" if now.hour < 12 else "pm")

    # -- keys ------------------------------------------------------------------------
    def initialize(self, passphrase: str) -> str:
        """Create the key pair; returns the one-time recovery code. AlreadyInitialized if done."""
        if not passphrase:
            raise ValueError("La phrase de passe est vide.")
        if self.is_initialized:
            raise AlreadyInitialized()
        private, public = crypto.generate_keypair()
        recovery = _recovery_code()
        wrapped = {
            "format": 1,
            "public": public.hex(),
            "passphrase": crypto.wrap_private_key(private, crypto.normalize_passphrase(passphrase), self.kdf),
            "recovery": crypto.wrap_private_key(private, _canonical_recovery(recovery), self.kdf),
        }
        with self.db.locked():
            if self.is_initialized:
                raise AlreadyInitialized()
            atomic_write(self.private_key_path, json.dumps(wrapped, indent=1).encode("utf-8"), KEYS_NOT_SAVED)
            atomic_write(self.public_key_path, (public.hex() + "\n").encode("ascii"), KEYS_NOT_SAVED)
            signing.write_verify_key(self.data_dir, private)  # travels with public.key (replies' signatures)
        self._ensure_code_meta()
        return recovery

    def initialize_public_only(self, public_key_file: Path) -> None:
        """Write-only kiosk: keep only the PMS public key (copied from the PMS machine)."""
        if self.is_initialized:
            raise AlreadyInitialized()
        try:
            public = crypto.public_key_from_hex(Path(public_key_file).read_text(encoding="ascii"))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise StoreError(f"Clé publique illisible : {public_key_file}") from exc
        try:
            verify = signing.kiosk_verify_key(Path(public_key_file))
        except ValueError as exc:
            raise StoreError(f"Clé de vérification illisible : {signing.VERIFY_FILE}") from exc
        with self.db.locked():
            if verify is not None:
                atomic_write(self.data_dir / signing.VERIFY_FILE, (verify.hex() + "\n").encode("ascii"), KEYS_NOT_SAVED)
            atomic_write(self.public_key_path, (public.hex() + "\n").encode("ascii"), KEYS_NOT_SAVED)
        self._ensure_code_meta()

    def public_key(self) -> bytes:
        """The PMS public key; NotInitialized if there is none."""
        if self._public is None:
            try:
                self._public = crypto.public_key_from_hex(self.public_key_path.read_text(encoding="ascii"))
            except FileNotFoundError:
                raise NotInitialized() from None
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise StoreError("Le fichier public.key est abîmé.") from exc
        return self._public

    def _wrapped(self) -> dict:
        if not self.can_unlock:
            if not self.is_initialized:
                raise NotInitialized()
            raise StoreError("Ce kiosque ne garde que la clé publique : lisez les messages sur l'ordinateur du PMS.")
        try:
            return json.loads(self.private_key_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError("Le fichier private.key.json est illisible.") from exc

    def _ensure_code_meta(self) -> tuple[bytes, int, int]:
        """The per-store salt and cost of the follow-up code KDF (created once, then cached).

        The cache is checked against the file in every note insert (see :meth:`_insert`).
        """
        if self._code_meta is None:
            meta = _code_meta_of(self.db.read())
            if meta is None:
                with self.db.transaction() as tables:
                    meta = _code_meta_of(tables)
                    if meta is None:
                        meta = (secrets.token_bytes(16), *self.code_kdf)
                        _set_code_meta(tables, meta)
            self._code_meta = meta
        return self._code_meta

    # -- the kiosk side ----------------------------------------------------------------
    def add_note(
        self,
        text: str,
        *,
        for_whom: str | None = None,
        level: str | None = None,
        contact: str | None = None,
        urgent: bool = False,
        lang: str = "fr",
    ) -> Receipt:
        """Seal and store a note; returns only once it is durable (fsync'd)."""
        check_text(text)
        answers = self._answers(for_whom, level, contact, lang)
        public = self.public_key()
        self._flood.check()
        for _ in range(8):  # a new code if (rarely) its tag is taken
            code = generate_code(answers["lang"])
            code_meta = self._ensure_code_meta()
            tag, stretched = crypto.code_secrets(canonical(code), *code_meta)
            note_salt = secrets.token_bytes(16)
            key = crypto.code_key(stretched, note_salt)
            day, pod = self.half_day()
            content = {"text": text, "answers": answers, "key": crypto.b64e(key)}
            record = {
                "date": day, "part_of_day": pod, "status": "nouveau", "urgent": bool(urgent),
                "sealed": crypto.seal(public, json.dumps(content, ensure_ascii=False).encode("utf-8")),
                "tag": tag, "salt": crypto.b64e(note_salt),
                "box": crypto.secret_box(key, json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")),
                "messages": [], "memos": [],
            }
            note_id = self._insert(record, code_meta)
            if note_id:
                self._flood.record()
                return Receipt(note_id=note_id, code=code, date=day, part_of_day=pod)
        raise StoreError("Impossible de créer un code de suivi : réessaie.")

    @staticmethod
    def _answers(for_whom: str | None, level: str | None, contact: str | None, lang: str) -> dict[str, str]:
        if for_whom not in ANSWER_CHOICES["for_whom"] or level not in ANSWER_CHOICES["level"]:
            raise ValueError("Réponse inattendue (pour qui / niveau).")
        if contact is not None and len(contact) > MAX_CONTACT_CHARS:
            raise ValueError("Le contact est trop long.")
        answers = {"for_whom": for_whom, "level": level, "contact": (contact or "").strip() or None}
        answers = {key: value for key, value in answers.items() if value}
        answers["lang"] = lang if lang in LANGS else "fr"
        return answers

    def _insert(self, record: dict, code_meta: tuple[bytes, int, int]) -> str | None:
        """Insert under a random id; None (try again) if the tag is taken or the code salt changed."""
        with self.db.transaction() as tables:
            # The file may have been replaced (quarantine) since the salt was cached: keep the
            # file and the tags in step, or codes given now would not be found after a restart.
            current = _code_meta_of(tables)
            if current is None:
                _set_code_meta(tables, code_meta)
            elif current != code_meta:
                self._code_meta = None
                return None
            notes = tables.setdefault("notes", {})
            if any(crypto.tags_equal(doc.get("tag", ""), record["tag"]) for doc in notes.values()):
                return None
            while True:
                note_id = secrets.token_hex(4)
                if note_key(note_id) not in notes:
                    break
            notes[note_key(note_id)] = {"id": note_id, **record}
        return note_id

    def _find_by_code(self, code: str) -> tuple[dict, bytes]:
        """The note record of a code and its key; UnknownCode / TooManyAttempts."""
        self._codes.check()
        tables = self.db.read() if canonical(code) else {}
        code_meta = _code_meta_of(tables)
        if code_meta is not None:
            tag, stretched = crypto.code_secrets(canonical(code), *code_meta)
            for doc in tables.get("notes", {}).values():
                if "tag" in doc and crypto.tags_equal(doc["tag"], tag):
                    return doc, crypto.code_key(stretched, crypto.b64d(doc["salt"]))
        self._codes.fail()
        raise UnknownCode()

    def open_followup(self, code: str) -> FollowupView:
        """The conversation of a note, readable with its follow-up code."""
        doc, key = self._find_by_code(code)
        first = json.loads(crypto.open_box(key, doc["box"]))["text"]
        messages = [Message("eleve", first, doc["date"], doc["part_of_day"])]
        for item in doc.get("messages", []):
            if "box" in item:
                text = crypto.open_box(key, item["box"]).decode("utf-8")
                messages.append(Message(item["author"], text, item["date"], item["part_of_day"]))
        return FollowupView(note_id=doc["id"], messages=messages)

    def answer_followup(self, code: str, text: str) -> None:
        """The student's answer: sealed for the PMS, and readable again with the code."""
        data = check_text(text)
        self._flood.check()
        doc, key = self._find_by_code(code)
        self.append_message(doc["id"], "eleve", data, key)
        self._flood.record()

    def append_message(self, note_id: str, author: str, data: bytes, key: bytes | None) -> None:
        """Add a conversation message to a note (sealed to the PMS, and boxed under ``key``)."""
        day, pod = self.half_day()
        item = {"mid": secrets.token_hex(6), "author": author, "date": day, "part_of_day": pod,
                "sealed": crypto.seal(self.public_key(), data)}
        if key is not None:
            item["box"] = crypto.secret_box(key, data)
        with self.db.transaction() as tables:
            doc = tables.get("notes", {}).get(note_key(note_id))
            if doc is None:
                raise UnknownCode("Ce message n'existe plus.")
            doc.setdefault("messages", []).append(item)

    def counts(self) -> dict[str, int]:
        """How many notes per status, and urgent ones not yet ``traite`` (no key needed)."""
        result = dict.fromkeys((*STATUSES, "urgent"), 0)
        for doc in self.db.table("notes").all():
            result[doc.get("status", "nouveau")] = result.get(doc.get("status", "nouveau"), 0) + 1
            if doc.get("urgent") and doc.get("status") != "traite":
                result["urgent"] += 1
        return result

    # -- the PMS side --------------------------------------------------------------------
    def unlock_delay(self) -> float:
        """Seconds still to wait before the next passphrase try (0 if none)."""
        return self._throttle.remaining()

    def unlock(self, passphrase: str) -> Any:
        """A :class:`PmsSession`; WrongPassphrase (counted) or UnlockDelayed."""
        return self._unlock("passphrase", crypto.normalize_passphrase(passphrase or ""))

    def unlock_with_recovery(self, recovery_code: str) -> Any:
        """A :class:`PmsSession` opened with the recovery code given by :meth:`initialize`."""
        return self._unlock("recovery", _canonical_recovery(recovery_code or ""))

    def _unlock(self, which: str, secret: bytes) -> Any:
        from .errors import UnlockDelayed
        from .session import PmsSession

        wrapped = self._wrapped()
        wait = self._throttle.remaining()
        if wait > 0:
            raise UnlockDelayed(wait)
        private = crypto.unwrap_private_key(wrapped[which], secret) if secret else None
        if private is None:
            try:
                self._throttle.fail()
            except WriteFailed as exc:
                # The wrong passphrase matters more; the unsaved counter is shown in problems.
                self._runtime_problems.append(f"Compteur d'essais de phrase de passe non enregistré ({exc}).")
            raise WrongPassphrase("Code de secours incorrect." if which == "recovery" else "Phrase de passe incorrecte.")
        self._throttle.reset()
        try:
            signing.write_verify_key(self.data_dir, private)  # data dirs made before signing get it here
        except WriteFailed as exc:
            self._runtime_problems.append(str(exc))
        return PmsSession(self, private)

    def rewrap_passphrase(self, private: bytes, new: str) -> None:
        """Wrap the private key under a new passphrase (the recovery copy is kept)."""
        if not new:
            raise ValueError("La phrase de passe est vide.")
        with self.db.locked():
            wrapped = self._wrapped()
            wrapped["passphrase"] = crypto.wrap_private_key(private, crypto.normalize_passphrase(new), self.kdf)
            atomic_write(self.private_key_path, json.dumps(wrapped, indent=1).encode("utf-8"), KEYS_NOT_SAVED)
