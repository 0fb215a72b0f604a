"""Memory a day's digest has freed, given back to the system."""

from __future__ import annotations

import contextlib
import sys


def release() -> None:
    """Give the heap's freed pages back to the system (glibc's ``malloc_trim``), where
    there is one: a day's counts are made and freed in blocks of about a megabyte, which
    glibc otherwise keeps in the process's resident memory. Elsewhere (macOS, Windows,
    musl) nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)
