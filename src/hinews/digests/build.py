"""The digest, stage by stage: read -> clean -> copies -> stories -> ids -> bullets -> English.

Only what the digest shows is translated (every report's headline and each story's chosen
sentences, each distinct text once, in one batch), so a digest of hundreds of reports
costs little more than their cleaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from hinews import briefing
from hinews.digests import changes as what_changed
from hinews.digests import dedup, stories
from hinews.digests import state as state_file
from hinews.digests.cleaning import Cleaned, clean_one
from hinews.digests.inputs import Report, load_reports
from hinews.digests.result import Digest, DigestArticle, Skipped, Story
from hinews.errors import ConfigError
from hinews.summarize import bullets as bullet_rules
from hinews.trust.support import with_flag

if TYPE_CHECKING:
    from hinews.digests.onray import RayEngine
    from hinews.digests.parallel import Prepared
    from hinews.pipeline import Pipeline
    from hinews.results import Segmentation


@dataclass(frozen=True)
class Grouping:
    """Copies and stories of cleaned reports (indices into the cleaned list)."""

    duplicate_of: list[int | None]
    labels: list[int]


def clean_reports(
    pipeline: Pipeline,
    reports: list[Report],
    *,
    clean: bool | None = None,
    force: bool = False,
    progress: bool = False,
) -> tuple[list[Cleaned], list[Skipped]]:
    """Clean every report as ``hinews segment`` does; bad or non-Hindi ones are skipped."""
    cleaned: list[Cleaned] = []
    skipped: list[Skipped] = []
    for report in _bar(reports, "cleaning", progress):
        done = clean_one(pipeline, report, clean=clean, force=force)
        (skipped if isinstance(done, Skipped) else cleaned).append(done)  # type: ignore[arg-type]
    return cleaned, skipped


def group_cleaned(
    cleaned: list[Cleaned],
    *,
    story_threshold: float = stories.DEFAULT_THRESHOLD,
    duplicate_threshold: float = dedup.DEFAULT_THRESHOLD,
    linkage: str | None = None,
    method: str = stories.DEFAULT_METHOD,
    prepared: Prepared | None = None,
) -> Grouping:
    """Find copies (earliest published kept), then group the kept reports into stories.

    ``method``: ``sparse`` (near-linear, :mod:`hinews.digests.grouping`) or ``exact``
    (the dense n×n matrix); ``prepared``: the shingles, signatures and counts that
    :func:`hinews.digests.parallel.prepare` computed beside ``cleaned``.
    """
    linkage = linkage or stories.DEFAULT_LINKAGE
    order = sorted(
        range(len(cleaned)),
        key=lambda i: (cleaned[i].when is None, cleaned[i].when or _EPOCH, i),
    )
    if prepared is not None:
        from hinews.digests import parallel

        keys = [c.key for c in cleaned]
        found = parallel.find_duplicates(
            keys, prepared.shingles, prepared.signatures, order, threshold=duplicate_threshold
        )
    else:
        found = dedup.find_duplicates(
            [cleaned[i].body for i in order], threshold=duplicate_threshold
        )
    if prepared is not None:
        from hinews.digests import memory

        memory.release()  # the copy search's hashes laid end to end
    duplicate_of: list[int | None] = [None] * len(cleaned)
    for position, of in enumerate(found):
        if of is not None:
            duplicate_of[order[position]] = order[of]
    kept = [i for i in range(len(cleaned)) if duplicate_of[i] is None]
    if prepared is not None and method == "sparse":
        from hinews.digests import grouping

        # The kept rows replace the counts (a day's worth of memory) and become TF-IDF in
        # place; no name here keeps them, so grouping frees them once it has its vectors.
        spent = [
            prepared.word_counts[kept],
            grouping.take_rows(prepared.char_counts, kept),  # empties the blocks' list
        ]
        prepared.word_counts = prepared.char_counts = None
        kept_labels = grouping.group(
            threshold=story_threshold,
            linkage=linkage,
            char_counts=spent.pop(),
            word_counts=spent.pop(),
            copy=False,
        )
    else:
        kept_labels = stories.group(
            [cleaned[i].text for i in kept],
            threshold=story_threshold,
            linkage=linkage,
            method=method,
        )
    label_of = dict(zip(kept, kept_labels, strict=True))
    labels = []
    for i, of in enumerate(duplicate_of):
        labels.append(label_of[i if of is None else of])
    return Grouping(duplicate_of, labels)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def build_digest(
    pipeline: Pipeline,
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    story_threshold: float = stories.DEFAULT_THRESHOLD,
    duplicate_threshold: float = dedup.DEFAULT_THRESHOLD,
    linkage: str | None = None,
    state: str | Path | None = None,
    fetch: bool = False,
    allow_loopback: bool = False,
    clean: bool | None = None,
    force: bool = False,
    progress: bool = False,
    stories_only: bool = False,
    workers: int | None = None,
    method: str = stories.DEFAULT_METHOD,
    ray: str | bool | None = None,
) -> Digest:
    """Read, clean, deduplicate, group, brief and translate a pile of reports.

    See :func:`hinews.digests.digest` for the arguments.
    """
    from hinews.digests import onray, parallel

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    # Every option checked before reading any report or starting Ray.
    stories.check_options(story_threshold, linkage or stories.DEFAULT_LINKAGE, method)
    workers = parallel.check_workers(workers)
    if not 0.0 < duplicate_threshold <= 1.0:
        raise ConfigError(
            f"the duplicate threshold must be in (0, 1], got {duplicate_threshold} "
            f"(default {dedup.DEFAULT_THRESHOLD})"
        )
    with onray.session(ray, workers=workers, progress=progress) as engine:
        return _build(
            pipeline,
            inputs,
            story_threshold=story_threshold,
            duplicate_threshold=duplicate_threshold,
            linkage=linkage,
            state=state,
            fetch=fetch,
            allow_loopback=allow_loopback,
            clean=clean,
            force=force,
            progress=progress,
            stories_only=stories_only,
            workers=workers,
            method=method,
            engine=engine,
        )


def _build(
    pipeline: Pipeline,
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    story_threshold: float,
    duplicate_threshold: float,
    linkage: str | None,
    state: str | Path | None,
    fetch: bool,
    allow_loopback: bool,
    clean: bool | None,
    force: bool,
    progress: bool,
    stories_only: bool,
    workers: int,
    method: str,
    engine: RayEngine | None,
) -> Digest:
    from hinews.digests import parallel

    parallel.require_packages()  # a missing extra is refused before any input is read
    linkage = linkage or stories.DEFAULT_LINKAGE
    saved = state_file.load(state)  # a bad state file is refused before any work
    reports, skipped = load_reports(inputs, fetch=fetch, allow_loopback=allow_loopback)
    prepared = parallel.prepare(
        pipeline,
        reports,
        clean=clean,
        force=force,
        workers=workers,
        progress=progress,
        count=method == "sparse",
        slim=stories_only and method == "sparse",
        engine=engine,
    )
    del reports  # the raw texts: the cleaned reports are all that is needed now
    cleaned = prepared.cleaned
    skipped += prepared.skipped
    grouping = group_cleaned(
        cleaned,
        story_threshold=story_threshold,
        duplicate_threshold=duplicate_threshold,
        linkage=linkage,
        method=method,
        prepared=prepared,
    )
    del prepared  # the counts and signatures: a day's worth of memory
    members: dict[int, list[int]] = {}
    for i, label in enumerate(grouping.labels):
        members.setdefault(label, []).append(i)
    clusters = [
        sorted(m, key=lambda i: (cleaned[i].when is None, cleaned[i].when or _EPOCH, i))
        for m in members.values()
    ]
    keys = [
        [k for i in c for k in (f"k:{cleaned[i].key}", f"i:{cleaned[i].report.id}")]
        for c in clusters
    ]
    ids = state_file.assign(saved, keys)
    if stories_only:  # no model: ids, Hindi headlines and outlets
        from hinews.digests.listing import listed

        listing = listed(cleaned, grouping.duplicate_of, clusters, ids, _outlet, _EPOCH)
        if state is not None:
            state_file.save(state, state_file.update(saved, ids, keys))
        return Digest(
            listing,
            tuple(skipped),
            None,
            _options(duplicate_threshold, linkage, story_threshold, method)
            | {"brief": None, "translated": 0, "state": _state_name(state), "stories_only": True},
        )

    # Choose each story's Hindi headline and sentences, then translate them all at once.
    # A summariser that reads Hindi (strategies source, crosslingual) writes the first
    # bullets from the story's lead report; its Hindi sentences are translated with the rest.
    writer = briefing.hindi_reader(pipeline)
    hindi_summary = writer is not None and writer.writes != "en"
    chosen_by_story = []
    shown: list[tuple[list[Segmentation], str]] = []  # per story: its reports, its title
    leads: dict[int, list[str]] = {}  # story -> its lead report's sentences, for the writer
    for n, cluster in enumerate(clusters):
        kept = [i for i in cluster if grouping.duplicate_of[i] is None]
        copies = {i: sum(1 for j in cluster if grouping.duplicate_of[j] == i) for i in kept}
        lead_first = sorted(kept, key=lambda i: -copies[i])  # stable: earliest among equals
        titled = next(
            (cleaned[i].segmentation.title for i in lead_first if cleaned[i].segmentation.title),
            "",
        )
        # No bullet restates the headline; with no title anywhere, the first chosen
        # sentence is the headline and the bullets are the next ones.
        segs = [cleaned[i].segmentation for i in lead_first]
        chosen = briefing.choose_across(segs, 3 if titled else 4, title=titled)
        headline = titled or (chosen.pop(0) if chosen else "")
        if writer is not None and lead_first:
            leads[n] = [s.text for s in cleaned[lead_first[0]].segmentation.sentences]
        chosen_by_story.append((cluster, headline, chosen))
        shown.append((segs, titled))
    if writer is None:
        writes: dict[int, list[str]] = {}
    elif engine is not None:
        writes = dict(zip(leads, engine.write(pipeline.config, list(leads.values())), strict=True))
    else:
        writes = {n: writer.write(sentences)[0] for n, sentences in leads.items()}
    plans = []
    wanted: list[str] = []
    for n, (cluster, headline, chosen) in enumerate(chosen_by_story):
        written = writes.get(n, [])
        plans.append((cluster, headline, chosen, written))
        wanted += [headline, *chosen, *(cleaned[i].segmentation.title for i in cluster)]
        wanted += written if hindi_summary else []
    distinct = list(dict.fromkeys(t for t in wanted if t.strip()))
    english: dict[str, str] = {}
    trust: dict[str, tuple[str, ...]] = {}  # English sentence -> flags of its translation

    def translate(texts: list[str]) -> None:
        from hinews.trust.flags import sentence_flags

        scored = (
            engine.translate_scored(pipeline, texts)
            if engine is not None
            else pipeline.translate_sentences_scored(texts, progress=progress)
        )
        english.update((source, h.text) for source, h in zip(texts, scored, strict=True))
        threshold = pipeline.config.pipeline.confidence_threshold
        trust.update(
            briefing.flags_by_bullet(
                (
                    h.text,
                    sentence_flags(
                        source,
                        h.text,
                        h.confidence,
                        threshold=threshold,
                        glossary=pipeline.glossary,
                    ),
                )
                for source, h in zip(texts, scored, strict=True)
            )
        )

    if distinct:
        translate(distinct)
    # Where the English of the chosen sentences repeats the headline or each other (the
    # Hindi did not show it), the next sentences of the ranking are translated too, in a
    # second small batch, so the story keeps three bullets.
    more: list[str] = []
    for k, (_, headline, chosen, written) in enumerate(plans):
        model = [english[w] for w in written if w in english] if hindi_summary else written
        picked = [english[c] for c in chosen if c in english]
        title = english.get(headline, "")
        if len(bullet_rules.finalize([*model, *picked], [], 3, title=title)) < 3:
            segs, titled = shown[k]
            spares = briefing.spares_across(segs, [*chosen, headline], title=titled)
            chosen += spares
            more += [t for t in spares if t not in english]
    if more:
        translate(list(dict.fromkeys(more)))
        distinct += [t for t in dict.fromkeys(more) if t not in distinct]
    translator = pipeline.translator.provenance if distinct else None

    built = []
    model_bullets: dict[str, int] = {}
    replaced: dict[str, int] = {}  # per story: the model's bullets dropped as unsupported
    support_threshold = pipeline.config.summarizer.support_threshold
    drop_unsupported = pipeline.config.summarizer.drop_unsupported
    for sid, (cluster, headline, chosen, written) in zip(ids, plans, strict=True):
        sources = [t for i in cluster for t in (cleaned[i].segmentation.title, cleaned[i].body)]
        model = [english[w] for w in written if w in english] if hindi_summary else written
        picked = [english[c] for c in chosen if c in english]
        title = english.get(headline, "")
        hindi_of = {
            bullet_rules.complete(bullet_rules.strip_marker(english[w])): w
            for w in written
            if hindi_summary and w in english
        }
        pool = [
            (cleaned[i].report.id, n, sentence.text)
            for i in cluster
            if grouping.duplicate_of[i] is None
            for n, sentence in enumerate(cleaned[i].segmentation.sentences)
        ]
        bullets = bullet_rules.finalize([*model, *picked], [], 3, title=title)  # model first
        support = [briefing.story_support(b, hindi_of.get(b), pool, english) for b in bullets]
        if drop_unsupported and any(sup.score < support_threshold for sup in support):
            found = [
                b for b, sup in zip(bullets, support, strict=True) if sup.score >= support_threshold
            ]
            bullets = bullet_rules.finalize([*found, *picked], [], 3, title=title)
            support = [briefing.story_support(b, hindi_of.get(b), pool, english) for b in bullets]
            replaced[sid] = sum(1 for b in model if b not in bullets)
        if writer is not None:
            model_bullets[sid] = briefing.model_bullets(model, title)
        articles = tuple(_article(i, cleaned, grouping, english) for i in cluster)
        numbers, flags = briefing.bullet_checks(bullets, sources, lambda b: trust.get(b, ()))
        flags = tuple(
            with_flag(f, s, support_threshold) for f, s in zip(flags, support, strict=True)
        )
        built.append(
            (
                Story(
                    id=sid,
                    title=english.get(headline, ""),
                    title_source=headline,
                    bullets=tuple(bullets),
                    unsupported=numbers,
                    bullet_flags=flags,
                    bullet_support=tuple(support),
                    outlets=len({_outlet(cleaned[i].report) for i in cluster}),
                    articles=articles,
                ),
                max((w for i in cluster if (w := cleaned[i].when) is not None), default=None),
            )
        )
    built.sort(
        key=lambda s: (-s[0].outlets, -(s[1] or _EPOCH).timestamp(), -len(s[0].articles), s[0].id)
    )
    # What the reports disagree on and, with a state file, what is new since the last run.
    texts = {
        sid: [(cleaned[i].report.id, _sentences(cleaned[i])) for i in plan[0]]
        for sid, plan in zip(ids, plans, strict=True)
    }
    tracked = saved if state is not None else None
    final, tracked_now = what_changed.annotate([s for s, _ in built], texts, english, tracked)
    if state is not None:
        state_file.save(state, state_file.update(saved, ids, keys, tracked_now))
    options = _options(duplicate_threshold, linkage, story_threshold, method) | {
        "brief": "extractive selection across the story's reports (copies left out)"
        if writer is None
        else f"the sentences {writer.provenance_of({}).model} writes reading the story's "
        "lead report (the most copied, else the earliest), then the extractive selection "
        "across the story's reports (copies left out)",
        "translated": len(distinct),
        "state": _state_name(state),
        "support_threshold": support_threshold,
        "drop_unsupported": drop_unsupported,
    }
    if replaced:
        options["replaced_unsupported"] = replaced
    if writer is not None:
        options["summarizer"] = writer.provenance_of({}).to_dict()
        options["model_bullets"] = model_bullets  # per story: how many bullets, from the first
    return Digest(tuple(final), tuple(skipped), translator, options)


def _options(
    duplicate_threshold: float,
    linkage: str,
    story_threshold: float,
    method: str,
) -> dict[str, Any]:
    """How the copies and stories were found (the digest's provenance)."""
    from hinews.digests import grouping

    how = (
        "scikit-learn TF-IDF (content words + character 3-5-grams, sublinear tf) and "
        "agglomerative clustering on cosine distance"
        if method == "exact"
        else "hashed TF-IDF (content words + character 3-5-grams, sublinear tf), top-k "
        "cosine neighbours, agglomerative clustering on cosine distance over that graph"
    )
    stories_options: dict[str, Any] = {
        "method": how,
        "grouping": method,
        "linkage": linkage,
        "threshold": story_threshold,
    }
    if method == "sparse":
        stories_options["neighbours"] = grouping.K
    return {
        "duplicates": {
            "method": "exact hash of the normalised cleaned body, then datasketch MinHash "
            "LSH on word 3-shingles, confirmed by Jaccard (or containment)",
            "containment": dedup.CONTAINMENT,
            "threshold": duplicate_threshold,
            "num_perm": dedup.NUM_PERM,
        },
        "stories": stories_options,
    }


def _state_name(state: str | Path | None) -> str | None:
    return str(state) if state is not None else None


def _sentences(c: Cleaned) -> list[str]:
    """A report's headline and cleaned sentences (where its numbers are read)."""
    return [c.segmentation.title, *(s.text for s in c.segmentation.sentences)]


def _article(
    index: int, cleaned: list[Cleaned], grouping: Grouping, english: dict[str, str]
) -> DigestArticle:
    c = cleaned[index]
    of = grouping.duplicate_of[index]
    r = c.report
    return DigestArticle(
        id=r.id,
        file=r.file,
        source=r.source,
        url=r.url,
        published=r.published,
        title=english.get(c.segmentation.title, ""),
        title_source=c.segmentation.title,
        duplicate_of=cleaned[of].report.id if of is not None else None,
    )


def _outlet(report: Report) -> str:
    """Who published it: the source, else the URL's host, else the report itself."""
    if report.source:
        return "s:" + report.source.strip().casefold()
    if report.url:
        host = urlsplit(report.url).hostname or report.url
        return "h:" + host.casefold().removeprefix("www.")
    return "r:" + report.id


def _bar(items: list[Report], desc: str, enabled: bool) -> Iterable[Report]:
    if not enabled or len(items) < 2:
        return items
    import sys

    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, unit="report", leave=False, file=sys.stderr)
