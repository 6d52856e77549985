"""Pausing the cyclic garbage collector around work that makes many short-lived objects.

Scoring a year builds a few hundred thousand tallies and accumulators, none of them in reference
cycles; with the collector on, its generational passes re-scan them over and over (a quarter of
the engine's time). Reference counting still frees everything as usual while it is paused."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
