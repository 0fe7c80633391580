"""load_pack: the pack the kiosk shows — the staff's own if it passes the full check, else the built-in one.

Apart from :mod:`kiosk.content.loader` (which reads and validates one folder) because it
runs the check (:mod:`kiosk.content.check`), and the check reads folders with the loader:
together in one module they were an import cycle.
"""

from __future__ import annotations

from pathlib import Path

from .loader import BUILTIN_PACKS, FALLBACK_LANG, LoadResult, merge_fallback, prune_dangling, read_pack
from .models import ContentPack

__all__ = ["load_pack"]


def _load_custom(lang: str, content_dir: Path) -> tuple[ContentPack | None, list[str]]:
    """The custom pack for ``lang`` if it passes the full check, else the errors."""
    from .check import check_pack  # the strict check: only when staff content is used (start-up)

    base_report = check_pack(content_dir / FALLBACK_LANG, root=content_dir)
    if lang == FALLBACK_LANG:
        report = base_report
    elif base_report.pack is None:
        return None, [str(p) for p in base_report.errors]
    else:
        report = check_pack(content_dir / lang, root=content_dir, base=base_report.pack)
    if report.errors or report.pack is None:
        return None, [str(p) for p in report.errors]
    pack = report.pack
    if lang != FALLBACK_LANG and base_report.pack is not None:
        pack = merge_fallback(pack, base_report.pack)
    # UI strings belong to the program: a copy made before an upgrade lacks the new
    # ones, so the built-in texts fill in under the staff's own.
    pack.strings = {**_builtin(lang).strings, **pack.strings}
    return prune_dangling(pack), []


def _builtin(lang: str) -> ContentPack:
    """The built-in pack of ``lang``, completed from French."""
    pack = read_pack(BUILTIN_PACKS / lang, label=f"{lang}/")
    if lang != FALLBACK_LANG:
        pack = merge_fallback(pack, read_pack(BUILTIN_PACKS / FALLBACK_LANG, label=f"{FALLBACK_LANG}/"))
    return pack


def load_pack(lang: str, content_dir: Path | None = None) -> LoadResult:
    """The pack for ``lang``: the custom one if valid, else the built-in one.

    ``content_dir`` holds one folder per language (``fr/``, ``nl/``…). When it is
    invalid, the built-in pack is returned with the problems, so the kiosk still starts.
    """
    problems: list[str] = []
    if content_dir is not None:
        content_dir = Path(content_dir)
        pack, errors = _load_custom(lang, content_dir)
        if pack is not None:
            return LoadResult(pack, content_dir / lang)
        problems.append(
            f"Contenu personnalisé ignoré ({content_dir}) : le kiosque montre le contenu intégré. "
            f"Corrigez ces erreurs puis vérifiez avec « kiosk content check {content_dir} » :"
        )
        problems.extend(errors)
    return LoadResult(prune_dangling(_builtin(lang)), BUILTIN_PACKS / lang, problems)
