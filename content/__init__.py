"""Content of the kiosk: pydantic models, the pack loader, QR payloads, the packs.

No Textual import in this package: it is shared by the screens, the CLI and the tests.
"""

from .load import load_pack
from .loader import BUILTIN_PACKS, LANGS, LoadResult, PackError, read_pack
from .messages import Problem
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
    target_exists,
)
from .phones import Phone, PhoneError, parse_phone

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
    "Phone",
    "PhoneError",
    "Problem",
    "Procedure",
    "ProcedurePart",
    "load_pack",
    "parse_phone",
    "read_pack",
    "target_exists",
]
