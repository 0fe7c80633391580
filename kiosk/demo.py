"""Demo mode: a throw-away data dir (and, once the store exists, sample notes)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .config import KioskConfig

__all__ = ["DEMO_PASSPHRASE", "prepare_demo"]

DEMO_PASSPHRASE = "demo demo demo"


def prepare_demo(config: KioskConfig) -> tuple[KioskConfig, str]:
    """A config pointing at a fresh temporary data dir, and the demo passphrase."""
    data_dir = Path(tempfile.mkdtemp(prefix="pms-kiosk-demo-"))
    return config.model_copy(update={"data_dir": data_dir}), DEMO_PASSPHRASE
