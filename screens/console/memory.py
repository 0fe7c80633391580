"""The console's long-lived data and Python's cycle collector.

At 10,000 notes the console holds a few hundred thousand objects (the store's cached tables,
the inbox's list). A full collection walks them all in one go — 30 to 170 ms measured here,
holding the GIL, so the UI froze whichever thread triggered it. While the console is open, each
worker's result handler calls :func:`settle`: what exists then is moved out of the collector's
reach (``gc.freeze``, O(1)); a full collection then walks only what came after. :func:`release`
(when the console locks or closes) gives everything back to the collector, so nothing frozen
outlives the session. The data frozen is acyclic (JSON tables, note lists): reference counting
frees it as soon as it is dropped, frozen or not.
"""

from __future__ import annotations

import gc

__all__ = ["release", "settle"]


def settle() -> None:
    """Keep what exists now out of full collections (until :func:`release`)."""
    gc.freeze()


def release() -> None:
    """Give every frozen object back to the collector (the console closed)."""
    gc.unfreeze()
