"""A digest with a given pipeline: its options checked, its defaults filled in.

Both :func:`hinews.digests.digest` and :meth:`hinews.Pipeline.digest` come here; this
module never imports the pipeline (a caller passes one), so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.digests.result import Digest
from hinews.errors import InputError
from hinews.options import check_names, option_names

if TYPE_CHECKING:
    from hinews.digests.inputs import Report
    from hinews.pipeline import Pipeline

# The digest's own options; every other option changes the pipeline's config.
DIGEST_OPTIONS = (
    "story_threshold",
    "duplicate_threshold",
    "linkage",
    "state",
    "fetch",
    "clean",
    "force",
    "progress",
    "stories_only",
    "workers",
    "method",
    "ray",
)


def valid_options() -> frozenset[str]:
    """What a digest takes besides its inputs: its own options and the pipeline's."""
    return frozenset(DIGEST_OPTIONS) | option_names()


def split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``options`` as (the digest's own, the pipeline's), every name checked.

    Raises:
        ConfigError: An unknown option, with the nearest valid one when one is close.
    """
    check_names(options, valid_options() - {"config", "preset"}, "digest option")
    own = {k: v for k, v in options.items() if k in DIGEST_OPTIONS}
    return own, {k: v for k, v in options.items() if k not in DIGEST_OPTIONS}


def digest_with(
    pipeline: Pipeline,
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    story_threshold: float | None = None,
    duplicate_threshold: float | None = None,
    linkage: str | None = None,
    state: str | Path | None = None,
    fetch: bool = False,
    clean: bool | None = None,
    force: bool = False,
    progress: bool = False,
    stories_only: bool = False,
    workers: int | None = None,
    method: str | None = None,
    ray: str | bool | None = None,
) -> Digest:
    """The digest of ``inputs`` by ``pipeline`` (see :func:`hinews.digests.digest`)."""
    from hinews.digests.build import build_digest
    from hinews.digests.dedup import DEFAULT_THRESHOLD as DUP
    from hinews.digests.stories import DEFAULT_METHOD
    from hinews.digests.stories import DEFAULT_THRESHOLD as STORY

    if isinstance(inputs, (str, Path)):
        # A lone path would be iterated character by character: say what to pass instead.
        raise InputError(
            f"digest() takes a list of inputs, got the single {type(inputs).__name__} "
            f"{str(inputs)!r}; pass [{str(inputs)!r}]"
        )
    return build_digest(
        pipeline,
        inputs,
        story_threshold=STORY if story_threshold is None else story_threshold,
        duplicate_threshold=DUP if duplicate_threshold is None else duplicate_threshold,
        linkage=linkage,
        state=state,
        fetch=fetch,
        clean=clean,
        force=force,
        progress=progress,
        stories_only=stories_only,
        workers=workers,
        method=DEFAULT_METHOD if method is None else method,
        ray=ray,
    )
