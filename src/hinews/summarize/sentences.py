"""What a complete sentence looks like, for the extractive ranking and the bullet rules
alike (both import it from here, so neither imports the other to ask)."""

from __future__ import annotations

END = ("।", "॥", ".", "!", "?", "…")
CLOSERS = "\"'”’)]»"


def is_complete(sentence: str) -> bool:
    """True when the text ends like a sentence (closing quotes and brackets allowed)."""
    return sentence.rstrip(CLOSERS + " ").endswith(END)
