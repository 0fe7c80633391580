"""NoteStore: what the kiosk does with notes (no private key needed) and how the PMS unlocks.

Files of a data dir: ``public.key`` (hex, may be copied to other kiosks), ``private.key.json``
(the private key wrapped twice: passphrase and recovery code), ``notes.json`` (TinyDB, see
:mod:`.storage`), ``unlock.json`` (wrong-passphrase delay), ``throttle.json`` (wrong codes and
flood counters, see :mod:`.throttle`), ``quarantine/`` (damaged files).
A note record keeps in clear only its id, date, half-day, status and urgent flag, ``flood: true``
on an urgent note that came while the flood limit was reached and, while the PMS has not read it,
an ``unread_answer`` flag (the student answered).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from . import crypto, signing
from .codes import (
    CURRENT_SCHEME,
    LANGS,
    WORDS_PER_CODE,
    CodeScheme,
    canonical,
    generate_code,
    new_scheme,
    schemes_of,
    set_aside_scheme,
    set_scheme,
    word_counts,
)
from .errors import (
    AlreadyInitialized,
    ErrorCode,
    FloodLimited,
    InvalidInput,
    NotInitialized,
    StoreError,
    UnknownCode,
    WriteFailed,
    WrongPassphrase,
    os_error_code,
)
from .limits import MAX_CONTACT_CHARS, MAX_TEXT_CHARS
from .models import STATUSES, FollowupView, Message, Receipt
from .readiness import Readiness, check_readiness
from .records import meta_problems, note_key, record_problem
from .storage import QUARANTINE, Database, atomic_write, read_file
from .texts import check_text, is_blank
from .throttle import KioskThrottle, UnlockThrottle

__all__ = ["MAX_CONTACT_CHARS", "MAX_TEXT_CHARS", "NoteStore", "append_audit", "check_text", "is_blank", "note_key"]

#: Files whose presence means a store lives here: ``init`` never writes over any of them.
STORE_FILES = ("public.key", "private.key.json", "notes.json", "unlock.json")
#: Highest argon2id costs accepted from a private.key.json (above "sensitive": a forged file).
MAX_OPSLIMIT, MAX_MEMLIMIT = 16, 2 << 30
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ANSWER_CHOICES = {"for_whom": (None, "moi", "autre"), "level": (None, "primaire", "secondaire")}


def _recovery_code() -> str:
    """24 random symbols (120 bits) in groups of four, easy to copy by hand."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def _canonical_recovery(code: str) -> bytes:
    cleaned = re.sub(r"[^0-9A-Z]", "", code.upper().replace("O", "0").replace("I", "1").replace("L", "1"))
    return cleaned.encode("ascii")


def append_audit(tables: dict[str, Any], half_day: tuple[str, str], action: str, note_id: str | None) -> None:
    """One audit line (what, date, half-day, note id: never content); call inside a transaction."""
    log = tables.setdefault("audit", {})
    next_id = max((int(key) for key in log if key.isdigit()), default=0) + 1
    log[str(next_id)] = {"date": half_day[0], "part_of_day": half_day[1], "action": action, "note_id": note_id}


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
            raise ValueError(f"unknown KDF profile: {kdf}")  # a programming error, not user input
        self.data_dir = Path(data_dir)
        self.kdf = kdf
        self.code_kdf = code_kdf
        self.clock = clock or datetime.now
        self.db = Database(self.data_dir, clock=self.clock)
        self.public_key_path = self.data_dir / "public.key"
        self.private_key_path = self.data_dir / "private.key.json"
        self._kiosk_throttle = KioskThrottle(
            self.data_dir / "throttle.json",
            self.db,
            flood_limit=flood_limit,
            flood_window=flood_window,
            clock=self.timestamp,
        )
        self._throttle = UnlockThrottle(self.data_dir / "unlock.json", self.db)
        self._public: bytes | None = None
        self._scheme: CodeScheme | None = None
        self._prepared: dict[str, tuple[str, CodeScheme, str, bytes]] = {}
        self._prepared_lock = threading.Lock()
        self._runtime_problems: list[StoreError] = []

    # -- state ---------------------------------------------------------------------
    @property
    def is_initialized(self) -> bool:
        """A public key exists (or can be taken from the wrapped private key): notes can be written."""
        return self.public_key_path.exists() or self.private_key_path.exists()

    def existing_files(self) -> list[str]:
        """The key and notes files already in the data dir (a symlink counts too)."""
        return [name for name in STORE_FILES if os.path.lexists(self.data_dir / name)]

    @property
    def can_unlock(self) -> bool:
        """A wrapped private key exists (False on a write-only kiosk)."""
        return self.private_key_path.exists()

    @property
    def problems(self) -> list[StoreError]:
        """What staff should know (codes for the console and ``status``): files set aside,
        low disk space, audit lines not yet written… Cheap: no file is parsed."""
        problems = list(self._runtime_problems)
        folder = self.data_dir / QUARANTINE
        try:
            names = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
        except OSError:
            names = []
        problems += [StoreError(ErrorCode.QUARANTINED, file=f"{QUARANTINE}/{name}") for name in names]
        low = self.low_space()
        if low is not None:
            problems.append(low)
        return problems

    def note_problem(self, problem: StoreError) -> None:
        """Remember a problem met while running (shown by :attr:`problems`, once)."""
        if all(str(known) != str(problem) for known in self._runtime_problems):
            self._runtime_problems.append(problem)

    def forget_problem(self, code: ErrorCode) -> None:
        """A problem met while running is solved (the waiting audit lines were written)."""
        self._runtime_problems = [p for p in self._runtime_problems if p.code != code]

    def low_space(self) -> StoreError | None:
        """LOW_SPACE when the disk has less free space than the next write needs, else None."""
        if not self.data_dir.is_dir():
            return None
        free, needed = self.db.free_space(), self.db.space_needed()
        if free is None or free >= needed:
            return None
        return StoreError(ErrorCode.LOW_SPACE, free_kb=free // 1024, needed_kb=needed // 1024)

    def timestamp(self) -> float:
        """The store's clock as Unix seconds (the throttles' time; injectable for tests)."""
        return self.clock().timestamp()

    def readiness(self) -> Readiness:
        """Can a note be stored now? ``Readiness.OK`` or the cause (writes nothing; see :mod:`.readiness`)."""
        try:
            self.public_key()
            key_ok = True
        except StoreError:
            key_ok = False
        return check_readiness(self.data_dir, key_ok)

    def log_action(self, action: str, note_id: str | None = None) -> None:
        """One audit line on its own (an unlock, a failed unlock): no key needed, no content."""
        with self.db.transaction() as tables:
            append_audit(tables, self.half_day(), action, note_id)

    def _try_log(self, action: str) -> None:
        """Journal a failed unlock; a folder that refuses writes must not hide the wrong passphrase."""
        try:
            self.log_action(action)
        except StoreError:
            pass  # read-only folder: readiness() and the console say so

    def half_day(self) -> tuple[str, str]:
        """Today's date (YYYY-MM-DD) and ``am``/``pm``: the finest time the store keeps."""
        now = self.clock()
        return now.date().isoformat(), ("am" if now.hour < 12 else "pm")

    # -- keys ------------------------------------------------------------------------
    def initialize(self, passphrase: str) -> str:
        """Create the key pair; returns the one-time recovery code. AlreadyInitialized if done."""
        if not passphrase:
            raise InvalidInput(ErrorCode.PASSPHRASE_EMPTY)
        self.refuse_if_present()
        private, public = crypto.generate_keypair()
        recovery = _recovery_code()
        wrapped = {
            "format": 1,
            "public": public.hex(),
            "passphrase": crypto.wrap_private_key(private, crypto.normalize_passphrase(passphrase), self.kdf),
            "recovery": crypto.wrap_private_key(private, _canonical_recovery(recovery), self.kdf),
        }
        with self.db.locked():
            self.refuse_if_present()
            atomic_write(self.private_key_path, json.dumps(wrapped, indent=1).encode("utf-8"))
            atomic_write(self.public_key_path, (public.hex() + "\n").encode("ascii"))
            signing.write_verify_key(self.data_dir, private)  # travels with public.key (replies' signatures)
        self._ensure_scheme()
        return recovery

    def initialize_public_only(self, public_key_file: Path) -> None:
        """Write-only kiosk: keep only the PMS public key (copied from the PMS machine)."""
        self.refuse_if_present()
        try:
            text = Path(public_key_file).read_bytes()[:1024].decode("ascii")
            public = crypto.public_key_from_hex(text)
        except OSError as exc:
            code, params = os_error_code(exc, writing=False)
            raise StoreError(code, file=str(public_key_file), **params) from exc
        except (ValueError, UnicodeDecodeError):
            raise StoreError(ErrorCode.PUBLIC_KEY_FILE_BAD, file=str(public_key_file)) from None
        try:
            verify = signing.kiosk_verify_key(Path(public_key_file))
        except ValueError:
            raise StoreError(ErrorCode.VERIFY_KEY_FILE_BAD, file=signing.VERIFY_FILE) from None
        with self.db.locked():
            self.refuse_if_present()
            if verify is not None:
                atomic_write(self.data_dir / signing.VERIFY_FILE, (verify.hex() + "\n").encode("ascii"))
            atomic_write(self.public_key_path, (public.hex() + "\n").encode("ascii"))
        self._ensure_scheme()

    def refuse_if_present(self) -> None:
        """AlreadyInitialized naming every key or notes file already here (nothing is overwritten)."""
        present = self.existing_files()
        if present:
            raise AlreadyInitialized(ErrorCode.KEYS_PRESENT, folder=str(self.data_dir), files=", ".join(present))

    def public_key(self) -> bytes:
        """The PMS public key; NotInitialized if there is none.

        A ``public.key`` moved away (to carry it on a USB stick) is taken from the wrapped
        private key's ``public`` field, and the problem is named (``store check --repair``
        writes it back); never "run init", which would lose every note.
        """
        if self._public is None:
            data = read_file(self.public_key_path)
            if data is None:
                self._public = self._public_from_wrapped()
            else:
                try:
                    self._public = crypto.public_key_from_hex(data[:1024].decode("ascii"))
                except (ValueError, UnicodeDecodeError):
                    raise StoreError(ErrorCode.PUBLIC_KEY_DAMAGED, file=self.public_key_path.name) from None
        return self._public

    def _public_from_wrapped(self) -> bytes:
        if not self.can_unlock:
            raise NotInitialized()
        try:
            public = crypto.public_key_from_hex(str(self._wrapped()["public"]))
        except (KeyError, ValueError):
            raise StoreError(ErrorCode.PRIVATE_KEY_DAMAGED, file=self.private_key_path.name) from None
        self.note_problem(StoreError(ErrorCode.PUBLIC_KEY_MISSING, file=self.public_key_path.name))
        return public

    def _wrapped(self) -> dict[str, Any]:
        """The wrapped private key file, its shape checked (PRIVATE_KEY_DAMAGED otherwise)."""
        if not self.can_unlock:
            if not self.public_key_path.exists():
                raise NotInitialized()
            raise StoreError(ErrorCode.WRITE_ONLY_KIOSK)
        data = read_file(self.private_key_path)
        try:
            wrapped: dict[str, Any] = json.loads((data or b"").decode("utf-8"))
            for which in ("passphrase", "recovery"):
                copy = wrapped[which]
                crypto.b64d(copy["salt"]), crypto.b64d(copy["box"])
                if not (0 < int(copy["opslimit"]) <= MAX_OPSLIMIT and 0 < int(copy["memlimit"]) <= MAX_MEMLIMIT):
                    raise ValueError("cost out of range")  # a forged file must not exhaust memory
        except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError, RecursionError):
            raise StoreError(ErrorCode.PRIVATE_KEY_DAMAGED, file=self.private_key_path.name) from None
        return wrapped

    def _ensure_scheme(self) -> CodeScheme:
        """The store's current code scheme (salt and cost; created once, then cached).

        The cache is checked against the file in every note insert (see :meth:`_insert`).
        """
        if self._scheme is None:
            try:
                scheme = schemes_of(self.db.read()).get(CURRENT_SCHEME)
            except StoreError:
                scheme = None  # a damaged file: the transaction below sets it aside and starts afresh
            if scheme is None:
                with self.db.transaction() as tables:
                    scheme = self._scheme_in(tables)
            self._scheme = scheme
        return self._scheme

    def _scheme_in(self, tables: dict[str, Any]) -> CodeScheme:
        """The current scheme of ``tables``, created there if missing (damaged values set aside)."""
        scheme = schemes_of(tables).get(CURRENT_SCHEME)
        if scheme is None:
            if set_aside_scheme(tables, CURRENT_SCHEME):
                # Notes given codes under the damaged salt stay readable by the PMS.
                self.note_problem(StoreError(ErrorCode.META_BAD, field="code2_salt"))
            scheme = new_scheme(*self.code_kdf)
            set_scheme(tables, scheme)
        return scheme

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
        """Seal and store a note; returns only once it is durable (fsync'd).

        The flood limit refuses ordinary notes only: an urgent note is always stored, marked
        ``flood: true`` for the PMS if it came while the limit was reached.
        """
        check_text(text)
        answers = self._answers(for_whom, level, contact, lang)
        public = self.public_key()
        self._kiosk_throttle.tidy()
        flood = self._kiosk_throttle.flood_reached()
        if flood and not urgent:
            raise FloodLimited()
        for _ in range(8):  # a new code if (rarely) its tag is taken
            code, scheme, tag, stretched = self._take_prepared(answers["lang"]) or self._new_code(answers["lang"])
            note_salt = secrets.token_bytes(16)
            key = crypto.code_key(stretched, note_salt)
            day, pod = self.half_day()
            content = {"text": text, "answers": answers, "key": crypto.b64e(key)}
            record = {
                "date": day,
                "part_of_day": pod,
                "status": "nouveau",
                "urgent": bool(urgent),
                "sealed": crypto.seal(public, json.dumps(content, ensure_ascii=False).encode("utf-8")),
                "tag": tag,
                "salt": crypto.b64e(note_salt),
                "box": crypto.secret_box(key, json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")),
                "messages": [],
                "memos": [],
            }
            if flood and urgent:
                record["flood"] = True
            note_id = self._insert(record, scheme)
            if note_id:
                if not urgent:
                    self._count_ordinary()
                return Receipt(note_id=note_id, code=code, date=day, part_of_day=pod)
        raise StoreError(ErrorCode.CODE_NOT_CREATED)

    def prepare_code(self, lang: str = "fr") -> None:
        """Draw and stretch the next note's code ahead (the slow KDF), e.g. while a child types.

        Best effort, for a worker thread: the send computes it itself if nothing is ready.
        Creates nothing in a folder that is not initialized.
        """
        lang = lang if lang in LANGS else "fr"
        if not self.is_initialized:
            return
        try:
            prepared = self._new_code(lang)
        except StoreError:
            return
        with self._prepared_lock:
            self._prepared[lang] = prepared

    def _new_code(self, lang: str) -> tuple[str, CodeScheme, str, bytes]:
        """(code, scheme, tag, stretched secret) of a fresh code: one KDF."""
        code = generate_code(lang)
        scheme = self._ensure_scheme()
        return (code, scheme, *scheme.secrets(canonical(code)))

    def _take_prepared(self, lang: str) -> tuple[str, CodeScheme, str, bytes] | None:
        """The prepared code of ``lang`` (used once), if any."""
        with self._prepared_lock:
            return self._prepared.pop(lang, None)

    def _count_ordinary(self) -> None:
        """Count a stored ordinary note or answer; a counter that cannot be saved never undoes it."""
        try:
            self._kiosk_throttle.ordinary_sent()
        except WriteFailed as exc:
            self.note_problem(StoreError(ErrorCode.COUNTER_NOT_SAVED, cause=str(exc.code)))

    @staticmethod
    def _answers(for_whom: str | None, level: str | None, contact: str | None, lang: str) -> dict[str, str]:
        if for_whom not in ANSWER_CHOICES["for_whom"] or level not in ANSWER_CHOICES["level"]:
            raise InvalidInput(ErrorCode.BAD_ANSWER)
        if contact is not None and len(contact) > MAX_CONTACT_CHARS:
            raise InvalidInput(ErrorCode.CONTACT_TOO_LONG, limit=MAX_CONTACT_CHARS)
        if contact is not None and not is_blank(contact):
            check_text(contact, MAX_CONTACT_CHARS)  # a lone surrogate is a clean error code
        elif contact is not None:
            contact = None
        given = {"for_whom": for_whom, "level": level, "contact": (contact or "").strip() or None}
        answers = {key: value for key, value in given.items() if value}
        answers["lang"] = lang if lang in LANGS else "fr"
        return answers

    def _insert(self, record: dict[str, Any], scheme: CodeScheme) -> str | None:
        """Insert under a random id; None (try again) if the tag is taken or the code salt changed."""
        with self.db.transaction() as tables:
            # The file may have been replaced (quarantine) since the salt was cached: keep the
            # file and the tags in step, or codes given now would not be found after a restart.
            if self._scheme_in(tables) != scheme:
                self._scheme = None
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

    def throttle_damaged(self) -> bool:
        """True if ``throttle.json`` exists and is odd (it is replaced at the next write)."""
        return self._kiosk_throttle.damaged()

    def code_wait(self) -> int:
        """Whole seconds before a follow-up code may be tried at this kiosk (0: now)."""
        return self._kiosk_throttle.code_wait()

    def _find_by_code(self, code: str) -> tuple[dict[str, Any], bytes]:
        """The note record of a code and its key; UnknownCode / TooManyAttempts.

        One KDF per scheme the typed words could belong to (never one per note). A string
        that splits into no list words is no code of any note: refused without a KDF and
        not counted, so a child's typo in a word costs no wait.
        """
        self._kiosk_throttle.tidy()
        self._kiosk_throttle.check_code()
        canon = canonical(code)
        counts = word_counts(canon) if canon else set()
        if not counts:
            raise UnknownCode()
        tables = self.db.read()
        for scheme in schemes_of(tables).values():
            if scheme.version != CURRENT_SCHEME and WORDS_PER_CODE[scheme.version] not in counts:
                continue
            tag, stretched = scheme.secrets(canon)
            for key, doc in tables.get("notes", {}).items():
                # A damaged record is skipped here: it must not stop the others' codes.
                if (
                    record_problem(key, doc) is None
                    and "tag" in doc
                    and "salt" in doc
                    and crypto.tags_equal(doc["tag"], tag)
                ):
                    return doc, crypto.code_key(stretched, crypto.b64d(doc["salt"]))
        try:
            self._kiosk_throttle.code_failed()
        except WriteFailed as exc:
            self.note_problem(StoreError(ErrorCode.COUNTER_NOT_SAVED, cause=str(exc.code)))
        raise UnknownCode()

    def open_followup(self, code: str) -> FollowupView:
        """The conversation of a note, readable with its follow-up code."""
        from .records import message_problem
        from .session import opening_errors

        doc, key = self._find_by_code(code)
        messages, skipped = [], 0
        try:  # one damaged box is skipped: the student still sees every readable message
            first = json.loads(crypto.open_box(key, doc["box"]))["text"]
            messages.append(Message("eleve", str(first), doc["date"], doc["part_of_day"]))
        except opening_errors():
            skipped += 1
        for item in doc.get("messages", []):
            if not isinstance(item, dict) or "box" not in item:
                continue
            try:
                if message_problem(item) is not None:
                    raise ValueError("shape")
                text = crypto.open_box(key, item["box"]).decode("utf-8")
            except opening_errors():
                skipped += 1
                continue
            messages.append(Message(item["author"], text, item["date"], item["part_of_day"]))
        return FollowupView(note_id=doc["id"], messages=messages, unreadable=skipped)

    def answer_followup(self, code: str, text: str) -> None:
        """The student's answer: sealed for the PMS, and readable again with the code."""
        data = check_text(text)
        self._kiosk_throttle.check_flood()
        doc, key = self._find_by_code(code)
        self.append_message(doc["id"], "eleve", data, key)
        self._count_ordinary()

    def append_message(
        self,
        note_id: str,
        author: str,
        data: bytes,
        key: bytes | None,
        also: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """Add a conversation message to a note (sealed to the PMS, and boxed under ``key``).

        ``also`` changes the same tables in the same transaction (the PMS's audit line and status).
        A student's answer flags the note ``unread_answer`` until the PMS reads it.
        """
        day, pod = self.half_day()
        item = {
            "mid": secrets.token_hex(6),
            "author": author,
            "date": day,
            "part_of_day": pod,
            "sealed": crypto.seal(self.public_key(), data),
        }
        if key is not None:
            item["box"] = crypto.secret_box(key, data)
        with self.db.transaction() as tables:
            key_ = note_key(note_id)
            doc = tables.get("notes", {}).get(key_)
            if doc is None:
                raise StoreError(ErrorCode.NOTE_GONE)
            problem = record_problem(key_, doc)
            if problem is not None:
                raise problem
            doc.setdefault("messages", []).append(item)
            if author == "eleve":
                doc["unread_answer"] = True
            if also is not None:
                also(tables)

    def counts(self) -> dict[str, int]:
        """How many notes per status, urgent ones not yet ``traite``, unreadable ones, and notes
        with an unread student answer (``unread_answer``); no key needed."""
        result = dict.fromkeys((*STATUSES, "urgent", "illisible", "unread_answer"), 0)
        notes = self.db.read().get("notes", {})
        for key, doc in notes.items():
            if record_problem(key, doc) is not None:
                result["illisible"] += 1
                continue
            result[doc["status"]] += 1
            result["unread_answer"] += doc.get("unread_answer") is True
            if doc["urgent"] and doc["status"] != "traite":
                result["urgent"] += 1
        return result

    def meta_problems(self) -> list[StoreError]:
        """Malformed ``meta`` fields of the notes file (named; reading notes goes on)."""
        return meta_problems(self.db.read())

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
        try:
            private = crypto.unwrap_private_key(wrapped[which], secret) if secret else None
        except (ValueError, TypeError, RuntimeError, MemoryError):  # libsodium refused the stored costs
            raise StoreError(ErrorCode.PRIVATE_KEY_DAMAGED, file=self.private_key_path.name) from None
        if private is None:
            try:
                self._throttle.fail()
            except WriteFailed as exc:
                # The wrong passphrase matters more; the unsaved counter is shown in problems.
                self.note_problem(StoreError(ErrorCode.COUNTER_NOT_SAVED, cause=str(exc.code)))
            self._try_log("unlock_failed_recovery" if which == "recovery" else "unlock_failed")
            raise WrongPassphrase(ErrorCode.WRONG_RECOVERY if which == "recovery" else ErrorCode.WRONG_PASSPHRASE)
        try:
            self._throttle.reset()
        except StoreError as exc:  # a read-only folder: reading must still open
            self.note_problem(StoreError(ErrorCode.COUNTER_NOT_SAVED, cause=str(exc.code)))
        try:
            signing.write_verify_key(self.data_dir, private)  # data dirs made before signing get it here
        except StoreError as exc:
            self.note_problem(exc)
        session = PmsSession(self, private)
        action = "unlock_recovery" if which == "recovery" else "unlock"
        try:
            self.log_action(action)
        except StoreError as exc:  # a full or read-only disk: the line waits in the session, like readings
            session.pending_audit.append((action, None))
            self.note_problem(StoreError(ErrorCode.AUDIT_NOT_WRITTEN, cause=str(exc.code)))
        return session

    def rewrap_passphrase(self, private: bytes, new: str) -> None:
        """Wrap the private key under a new passphrase (the recovery copy is kept)."""
        if not new:
            raise InvalidInput(ErrorCode.PASSPHRASE_EMPTY)
        with self.db.locked():
            wrapped = self._wrapped()
            wrapped["passphrase"] = crypto.wrap_private_key(private, crypto.normalize_passphrase(new), self.kdf)
            atomic_write(self.private_key_path, json.dumps(wrapped, indent=1).encode("utf-8"))
