"""Store error codes to sentences: ``errors.<code>`` from the content packs (no Textual here).

The store raises errors that carry ``code`` and ``params`` only. Screens pass their ``t``
(the pack of the user's language); the CLI, which speaks French, uses :func:`french`, which
reads the built-in French ``strings/errors.yaml`` alone (fast: no whole pack to validate).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["french", "translate_error"]

_FRENCH_ERRORS = Path(__file__).parent / "packs" / "fr" / "strings" / "errors.yaml"


def translate_error(t: Callable[..., str], exc: BaseException) -> str:
    """The sentence for a store error in ``t``'s language (its code if no text exists)."""
    code = str(getattr(exc, "code", "") or "")
    if not code:
        return t("errors.unexpected")
    params: dict[str, Any] = dict(getattr(exc, "params", {}) or {})
    if "cause" in params:  # a nested code (why an audit line waits): its short wording
        params["cause"] = t(f"errors.cause.{params['cause']}")
    return t(f"errors.{code}", **params)


@lru_cache(maxsize=1)
def _french_strings() -> dict[str, str]:
    data = yaml.load(_FRENCH_ERRORS.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    return data if isinstance(data, dict) else {}


def _french_t(key: str, /, **values: object) -> str:
    text = _french_strings().get(key, key)
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):
        return text


def french(exc: BaseException) -> str:
    """The French sentence of a store error (for the CLI)."""
    return translate_error(_french_t, exc)
