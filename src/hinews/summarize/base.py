"""The summarisation protocol every brief strategy implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from hinews.results import Provenance


@runtime_checkable
class Summarizer(Protocol):
    """Picks or writes at most ``n`` bullets from the sentences of one article."""

    def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
        """Return up to ``n`` bullets, each one complete sentence, no duplicates."""
        ...

    @property
    def provenance(self) -> Provenance:
        """Strategy, model and options."""
        ...
