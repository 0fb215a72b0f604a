"""Stories without any model (``hinews digest --stories-only``): ids, Hindi headlines, outlets.

The same :class:`~hinews.digests.result.Story` objects as a full digest, with no English:
``title`` and the articles' ``title`` are empty, ``bullets`` none, the Hindi headline in
``title_source``. Ranked as a full digest ranks (outlets, then the latest report, then
size), so a user tuning ``--story-threshold`` sees the stories the full run would brief.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from hinews.digests.result import DigestArticle, Story

if TYPE_CHECKING:
    from hinews.digests.cleaning import Cleaned
    from hinews.digests.inputs import Report


def listed(
    cleaned: list[Cleaned],
    duplicate_of: list[int | None],
    clusters: list[list[int]],
    ids: list[str],
    outlet: Callable[[Report], str],
    epoch: datetime,
) -> tuple[Story, ...]:
    """One untranslated story per cluster (each a list of indices into ``cleaned``)."""
    built = []
    for sid, cluster in zip(ids, clusters, strict=True):
        kept = [i for i in cluster if duplicate_of[i] is None]
        copies = {i: sum(1 for j in cluster if duplicate_of[j] == i) for i in kept}
        lead_first = sorted(kept, key=lambda i: -copies[i])  # stable: earliest among equals
        headline = next(
            (cleaned[i].segmentation.title for i in lead_first if cleaned[i].segmentation.title),
            "",
        )
        if not headline and lead_first and cleaned[lead_first[0]].segmentation.sentences:
            headline = cleaned[lead_first[0]].segmentation.sentences[0].text
        articles = []
        for i in cluster:
            c, of = cleaned[i], duplicate_of[i]
            r = c.report
            articles.append(
                DigestArticle(
                    id=r.id,
                    file=r.file,
                    source=r.source,
                    url=r.url,
                    published=r.published,
                    title="",
                    title_source=c.segmentation.title,
                    duplicate_of=cleaned[of].report.id if of is not None else None,
                )
            )
        story = Story(
            id=sid,
            title="",
            title_source=headline,
            bullets=(),
            unsupported=(),
            outlets=len({outlet(cleaned[i].report) for i in cluster}),
            articles=tuple(articles),
        )
        latest = max((w for i in cluster if (w := cleaned[i].when) is not None), default=epoch)
        built.append((story, latest))
    built.sort(key=lambda s: (-s[0].outlets, -s[1].timestamp(), -len(s[0].articles), s[0].id))
    return tuple(s for s, _ in built)
