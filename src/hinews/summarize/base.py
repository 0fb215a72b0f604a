"""The summarisation protocol every brief strategy implements."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from hinews.results import Provenance


@runtime_checkable
class Summarizer(Protocol):
    """Picks or writes at most ``n`` bullets from the sentences of one article.

    The pipeline gives it the English translation, unless it declares ``reads = "hi"``
    (see :class:`ReadsHindi`).
    """

    def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
        """Return up to ``n`` bullets, each one complete sentence, no duplicates."""
        ...

    @property
    def provenance(self) -> Provenance:
        """Strategy, model and options."""
        ...


@runtime_checkable
class ReadsHindi(Protocol):
    """A model summariser that reads the Hindi article itself (``reads = "hi"``).

    The pipeline gives it the article's Hindi sentences, takes the sentences its model
    writes (:meth:`write`; Hindi when ``writes == "hi"``, then translated), and tops them up
    from the translation. See :mod:`hinews.summarize.source`.
    """

    reads: str
    writes: str

    def write(self, sentences: list[str]) -> tuple[list[str], dict[str, Any]]:
        """The sentences the model writes for an article, and what the call did."""
        ...

    def provenance_of(self, details: dict[str, Any] | None) -> Provenance:
        """Strategy, model and options, with the ``details`` of one call."""
        ...
