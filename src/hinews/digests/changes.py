"""What each story's reports disagree on, and, with ``--state``, what is new since the last run.

:func:`annotate` fills a digest's stories with their :class:`Discrepancy` list and, when a
state file is kept, with ``new_reports`` (ids no earlier run saw), ``first_seen``,
``updated`` (the last run that brought a new report or a moved number) and ``changes``
(a counted number whose value is not one the last run saw for the same claim). It
returns the per-story entries the state file keeps for the next run. :func:`since_last`
keeps only the stories with something new (``hinews digest --since-last``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from hinews.digests import discrepancies
from hinews.digests.result import Change, Digest, Story


def now() -> str:
    """The time a run records (UTC, ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def seen_reports(state: Mapping[str, Any]) -> set[str]:
    """The report ids any earlier run saw (the state's ``i:`` keys)."""
    return {
        key[2:]
        for entry in state.get("stories", {}).values()
        for key in entry.get("keys", [])
        if key.startswith("i:")
    }


def annotate(
    stories: Sequence[Story],
    texts: Mapping[str, Sequence[tuple[str, Sequence[str]]]],
    english: Mapping[str, str],
    state: Mapping[str, Any] | None,
    *,
    when: str | None = None,
) -> tuple[list[Story], dict[str, dict[str, Any]]]:
    """Stories with their disagreements and (with a state) what is new.

    Args:
        stories: The digest's stories.
        texts: story id -> ``(report id, headline and sentences)`` of each of its reports.
        english: Hindi sentence -> the digest's English (for ``what_en``).
        state: The state the last run left (``None``: no state file, nothing tracked).
        when: This run's time (default: now).

    Returns:
        The stories, and story id -> what the state keeps of it (``numbers``, ``updated``,
        ``first_seen``) for :func:`hinews.digests.state.update`.
    """
    when = when or now()
    seen = seen_reports(state) if state is not None else set()
    before = state.get("stories", {}) if state is not None else {}
    out: list[Story] = []
    kept: dict[str, dict[str, Any]] = {}
    for story in stories:
        found, claim_groups = discrepancies.find(texts.get(story.id, ()), english)
        numbers = _numbers(claim_groups, english)
        if state is None:
            out.append(replace(story, discrepancies=found))
            continue
        entry = before.get(story.id, {})
        new = tuple(a.id for a in story.articles if a.id not in seen)
        moved = _changes(entry.get("numbers", {}), numbers)
        first = entry.get("first_seen", when)
        updated = when if (new or moved or not entry) else entry.get("updated", first)
        out.append(
            replace(
                story,
                discrepancies=found,
                new_reports=new,
                changes=moved,
                first_seen=first,
                updated=updated,
            )
        )
        kept[story.id] = {"first_seen": first, "updated": updated, "numbers": numbers}
    return out, kept


def _numbers(
    claim_groups: Sequence[Sequence[discrepancies.Claim]], english: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """claim signature -> what it counts and value -> reports, for the next run."""
    out: dict[str, dict[str, Any]] = {}
    for group in claim_groups:
        values = discrepancies.values_of(group)
        if values is None:
            continue
        for claim in group:
            out.setdefault(
                claim.signature,
                {
                    "what": group[0].what,
                    "what_en": discrepancies.english_of(group, english),
                    "values": values,
                },
            )
    return out


def _changes(old: Mapping[str, Any], new: Mapping[str, dict[str, Any]]) -> tuple[Change, ...]:
    """Claims known to the last run whose value now is one it did not see."""
    out: dict[tuple[str, str, str], Change] = {}
    for signature, now_entry in new.items():
        was = old.get(signature)
        if not isinstance(was, Mapping) or not isinstance(was.get("values"), Mapping):
            continue
        old_values = was["values"]
        if not old_values:
            continue
        previous = max(old_values, key=lambda v: (len(old_values[v]), v))
        for value, reports in now_entry["values"].items():
            if value in old_values:
                continue
            key = (now_entry["what"], previous, value)
            out.setdefault(
                key,
                Change(
                    what=now_entry["what"],
                    what_en=now_entry["what_en"],
                    old=previous,
                    new=value,
                    reports=tuple(reports),
                ),
            )
    return tuple(out.values())


def since_last(digest: Digest) -> Digest:
    """The digest with only the stories that have new reports or moved numbers."""
    return replace(digest, stories=tuple(s for s in digest.stories if s.has_news))
