"""Content of the kiosk: pydantic models, the pack loader, QR payloads, the packs.

No Textual import in this package: it is shared by the screens, the CLI and the tests.
"""

from .loader import BUILTIN_PACKS, LANGS, LoadResult, PackError, load_pack, read_pack
from .models import (
    Contact,
    ContactGroup,
    ContentPack,
    EmergencyNumber,
    Menu,
    MenuItem,
    Page,
    Procedure,
    ProcedurePart,
)

__all__ = [
    "BUILTIN_PACKS",
    "LANGS",
    "Contact",
    "ContactGroup",
    "ContentPack",
    "EmergencyNumber",
    "LoadResult",
    "Menu",
    "MenuItem",
    "PackError",
    "Page",
    "Procedure",
    "ProcedurePart",
    "load_pack",
    "read_pack",
]
