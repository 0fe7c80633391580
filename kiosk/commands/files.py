"""What went wrong with a file or folder, in French, naming the real cause (never a traceback).

``FileNotFoundError`` on ``/proc/x`` is not "the folder does not exist": ``/proc`` exists
and refuses new files. These functions look at the errno and at the path around it to
say which.
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = ["describe_read_error", "describe_write_error", "folder_problem"]


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _missing_part(path: Path) -> Path | None:
    """The first folder of ``path``'s parents that does not exist, if any."""
    for parent in reversed(path.parents):
        if not _exists(parent):
            return parent
    return None


def _common(exc: OSError, path: Path) -> str | None:
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return f"permission refusée pour {path} (droits du fichier ou de son dossier)."
    if code == errno.ENOTDIR:
        return f"une partie du chemin {path} est un fichier, pas un dossier."
    if code == errno.ENAMETOOLONG:
        return f"le nom {path} est trop long pour le système de fichiers."
    if code == errno.ELOOP:
        return f"le chemin {path} tourne en rond (liens symboliques)."
    return None


def describe_write_error(exc: OSError, path: Path) -> str:
    """Why ``path`` (a file or a folder to create) could not be written."""
    path = Path(path)
    code = exc.errno
    if code == errno.ENOENT:
        missing = _missing_part(path)
        if missing is not None:
            return f"le dossier {missing} n'existe pas : créez-le d'abord, ou choisissez un autre chemin."
        return f"le système refuse de créer {path} : le dossier {path.parent} n'accepte pas de nouveaux fichiers."
    if code == errno.EROFS:
        return f"{path.parent} est en lecture seule : choisissez un autre dossier."
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"plus de place sur le disque pour écrire {path}."
    if code == errno.EISDIR:
        return f"{path} est un dossier : donnez un nom de fichier."
    if code == errno.EEXIST:
        return f"{path} existe déjà."
    return _common(exc, path) or f"impossible d'écrire {path} (erreur système {errno.errorcode.get(code or 0, code)})."


def describe_read_error(exc: OSError, path: Path) -> str:
    """Why ``path`` could not be read."""
    path = Path(path)
    if exc.errno == errno.ENOENT:
        return f"{path} n'existe pas."
    if exc.errno == errno.EISDIR:
        return f"{path} est un dossier, pas un fichier."
    return (
        _common(exc, path)
        or f"impossible de lire {path} (erreur système {errno.errorcode.get(exc.errno or 0, exc.errno)})."
    )


def folder_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable folder (None when it is one)."""
    path = Path(path)
    try:
        if path.is_dir():
            next(path.iterdir(), None)  # listable?
            return None
        if path.exists():
            return f"{path} est un fichier, pas un dossier."
    except OSError as exc:
        return describe_read_error(exc, path)
    missing = _missing_part(path / "x")
    return f"le dossier {missing if missing is not None else path} n'existe pas."
