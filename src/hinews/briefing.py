"""Briefs: three English bullets for an article, or for a digest's story.

The pipeline's ``brief*`` methods come here (:func:`brief_segmented`), and so does the
digest (:mod:`hinews.digests.build`) for what a story's brief shares with an article's:
which summariser reads the Hindi (:func:`hindi_reader`), how many bullets are the
model's (:func:`model_bullets`), the flags a bullet carries from its own translation
(:func:`flags_by_bullet`) and the checks every bullet gets (:func:`bullet_checks`);
a story's Hindi sentences are chosen across its reports by :func:`choose_across`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from hinews.config import SOURCE_STRATEGIES
from hinews.errors import ConfigError
from hinews.planning import translate_with_extra
from hinews.results import (
    Brief,
    BulletSupport,
    Provenance,
    Segmentation,
    SentencePair,
    Translation,
)
from hinews.summarize import bullets as bullet_rules
from hinews.summarize.base import ReadsHindi
from hinews.summarize.numbers import unsupported
from hinews.trust.support import bullet_support, with_flag

if TYPE_CHECKING:
    from hinews.pipeline import Pipeline

ORDERS = ("translate-first", "summarize-first")


def check_order(order: str) -> None:
    """Refuse an order that is neither ``translate-first`` nor ``summarize-first``."""
    if order not in ORDERS:
        raise ConfigError(f"order {order!r} is not valid; use translate-first or summarize-first")


def brief_segmented(
    pipe: Pipeline, segs: list[Segmentation], *, order: str, progress: bool
) -> list[Brief]:
    """Brief articles already segmented and checked, in the given ``order``."""
    check_order(order)
    segs = list(segs)
    if getattr(pipe.summarizer, "reads", "en") != "en":
        return brief_from_source(pipe, segs, order=order, progress=progress)
    if order == "summarize-first":
        return brief_summarize_first(pipe, segs, progress=progress)
    translations = translate_with_extra(pipe, segs, [], progress=progress)[0]
    return [brief_of(pipe, seg, tr, order) for seg, tr in zip(segs, translations, strict=True)]


def brief_of(pipe: Pipeline, seg: Segmentation, translation: Translation, order: str) -> Brief:
    """The brief of one translated article by a summariser that reads English."""
    targets = [p.target for p in translation.sentences]
    summarizer = pipe.summarizer
    select = getattr(summarizer, "select", None)
    if callable(select):
        chosen = [targets[i] for i in select(targets, 3)]
    else:
        chosen = summarizer.summarize(targets, 3)
    # A model that wrote too few distinct sentences is topped up extractively, and so is
    # a bullet that restates the headline or another bullet.
    bullets = bullet_rules.top_up(chosen, targets, 3, title=translation.title)
    return make_brief(pipe, seg, translation, bullets, order)


def brief_from_source(
    pipe: Pipeline, segs: list[Segmentation], *, order: str, progress: bool
) -> list[Brief]:
    """Briefs by a summariser that reads the Hindi article (strategies ``source`` and
    ``crosslingual``): the model's sentences first, topped up from the translation.

    A Hindi summary is translated in the same model batches as the articles. With
    ``summarize-first`` only the titles, the model's Hindi sentences and the three
    extractively chosen sentences that may top the brief up are translated.
    """
    summarizer = cast(ReadsHindi, pipe.summarizer)
    drafts = [summarizer.write([s.text for s in seg.sentences]) for seg in segs]
    hindi_summary = summarizer.writes != "en"
    extra = [written if hindi_summary else [] for written, _ in drafts]
    fills: list[list[str] | None] = [None] * len(segs)
    if order == "summarize-first":
        from hinews.summarize.extractive import select

        translations, picked, extra_out = translate_picked(
            pipe, segs, select, extra, progress=progress
        )
        fills = list(picked)
    else:
        translations, extra_out = translate_with_extra(pipe, segs, extra, progress=progress)
    briefs = []
    for seg, tr, (written, details), pairs, fill in zip(
        segs, translations, drafts, extra_out, fills, strict=True
    ):
        candidates = [p.target for p in pairs] if hindi_summary else written
        targets = [p.target for p in tr.sentences] if fill is None else fill
        chosen = bullet_rules.top_up(candidates, targets, 3, title=tr.title)
        details = {**details, "model_bullets": model_bullets(candidates, tr.title)}
        # A bullet translated from the model's Hindi carries its own translation's flags,
        # and is checked against the Hindi article through the Hindi it came from.
        flags = flags_by_bullet((p.target, p.flags) for p in pairs)
        hindi = {
            bullet_rules.complete(bullet_rules.strip_marker(p.target)): p.source for p in pairs
        }
        provenance = summarizer.provenance_of(details)
        briefs.append(make_brief(pipe, seg, tr, chosen, order, provenance, flags, hindi))
    return briefs


def brief_summarize_first(
    pipe: Pipeline, segs: list[Segmentation], *, progress: bool
) -> list[Brief]:
    """Briefs that translate only the title and the Hindi sentences chosen extractively."""
    summarizer = pipe.summarizer
    select = getattr(summarizer, "select", None)
    if not callable(select):
        raise ConfigError(
            'order="summarize-first" chooses Hindi sentences extractively; '
            'use summarizer="extractive" or summarizer="lead" with it'
        )
    translations, ordered, _ = translate_picked(pipe, segs, select, [], progress=progress)
    briefs = []
    for seg, tr, candidates in zip(segs, translations, ordered, strict=True):
        chosen = bullet_rules.finalize(candidates, [], 3, title=tr.title)
        briefs.append(make_brief(pipe, seg, tr, chosen, "summarize-first"))
    return briefs


def translate_picked(
    pipe: Pipeline,
    segs: list[Segmentation],
    select: Callable[[list[str], int], list[int]],
    extra: list[list[str]],
    *,
    progress: bool,
) -> tuple[list[Translation], list[list[str]], list[list[SentencePair]]]:
    """summarize-first: translate each article's title and the three Hindi sentences
    ``select`` chooses among those that do not restate the Hindi title (with ``extra``
    sentences, see :func:`~hinews.planning.translate_with_extra`). Where their English
    still repeats the headline or each other, the next sentences of the extractive ranking
    are translated too, in a second small batch, so the brief keeps three bullets.

    Returns:
        The translations, per article the English candidates best first (the chosen in
        article order, then the spares by rank), and the extra sentences' translations.
    """
    from hinews.summarize.extractive import ranked_selection
    from hinews.summarize.overlap import restates

    picks: list[list[int]] = []
    spares: list[list[int]] = []
    for seg in segs:
        texts = [s.text for s in seg.sentences]
        keep = [i for i, t in enumerate(texts) if not (seg.title and restates(t, seg.title))]
        keep = keep or list(range(len(texts)))
        chosen = sorted(keep[j] for j in select([texts[i] for i in keep], 3))
        ranked = [keep[j] for j in ranked_selection([texts[i] for i in keep])]
        picks.append(chosen)
        spares.append([i for i in ranked if i not in chosen])
    translations, extra_out = translate_with_extra(
        pipe, [only(seg, p) for seg, p in zip(segs, picks, strict=True)], extra, progress=progress
    )

    def ordered(k: int, tr: Translation) -> list[str]:
        english = {p.source: p.target for p in tr.sentences}
        order = [segs[k].sentences[i].text for i in (*picks[k], *spares[k])]
        return [english[t] for t in order if t in english]

    candidates = [ordered(k, tr) for k, tr in enumerate(translations)]
    short = [
        k
        for k, tr in enumerate(translations)
        if spares[k] and len(bullet_rules.finalize(candidates[k], [], 3, title=tr.title)) < 3
    ]
    if short:  # a repeat in English that the Hindi did not show: translate the next ones
        wider = [only(segs[k], sorted([*picks[k], *spares[k][:3]])) for k in short]
        again = translate_with_extra(pipe, wider, [], progress=False)[0]
        for k, tr in zip(short, again, strict=True):
            picks[k], spares[k] = picks[k], spares[k][:3]
            translations[k] = tr
            candidates[k] = ordered(k, tr)
    return translations, candidates, extra_out


def make_brief(
    pipe: Pipeline,
    seg: Segmentation,
    translation: Translation,
    chosen: list[str],
    order: str,
    provenance: Provenance | None = None,
    flags: dict[str, tuple[str, ...]] | None = None,
    hindi: dict[str, str] | None = None,
) -> Brief:
    """The brief of ``chosen`` bullets; ``provenance`` is the summariser's (by default
    that of its latest call in this thread), ``flags`` known flags of some bullets,
    ``hindi`` the Hindi sentence a model wrote that a bullet translates."""
    from hinews.trust.recheck import bullet_flags

    source = [seg.title] + [s.text for s in seg.sentences]
    provenance = provenance or pipe.summarizer.provenance
    known = flags or {}
    settings = pipe.config.summarizer
    chosen, supports, replaced = supported(
        chosen,
        translation,
        hindi or {},
        threshold=settings.support_threshold,
        drop=settings.drop_unsupported,
    )
    notes = [replaced] if replaced else []
    if len(chosen) < 3:
        notes.append(short_note(chosen, seg, translation))
    if order == "summarize-first":
        notes.append(
            "Only the title and the chosen sentences were translated (summarize-first); "
            "Brief.translation holds just those."
        )
    left_out = int(provenance.options.get("truncated_sentences", 0) or 0)
    if left_out:
        notes.append(
            f"The summariser's input limit cut or left out {left_out} sentence"
            f"{'' if left_out == 1 else 's'} of the article (see the provenance)."
        )
    if provenance.options.get("reduce_truncated"):
        notes.append(
            "The article was too long to summarise whole: the summariser's last step "
            "cut its input, the joined summaries of the article's parts (see the "
            "provenance)."
        )
    numbers, trust = bullet_checks(
        chosen, source, lambda b: known[b] if b in known else bullet_flags(b, translation)
    )
    trust = tuple(
        with_flag(f, s, settings.support_threshold) for f, s in zip(trust, supports, strict=True)
    )
    options = {
        **provenance.options,
        "support_threshold": settings.support_threshold,
        "drop_unsupported": settings.drop_unsupported,
    }
    return Brief(
        title=translation.title,
        bullets=tuple(chosen),
        unsupported=numbers,
        translation=translation,
        provenance=dataclasses.replace(provenance, options=options),
        order=order,
        note=" ".join(notes) or None,
        bullet_flags=trust,
        bullet_support=tuple(supports),
    )


def short_note(chosen: list[str], seg: Segmentation, translation: Translation) -> str:
    """Why a brief has fewer than three bullets: the article has fewer distinct sentences,
    or their translations repeat each other or the headline."""
    from hinews.summarize.overlap import restates

    def count(k: int) -> str:
        return f"{k} distinct sentence{'' if k == 1 else 's'}"

    n = len(chosen)
    bullets = f"{n} bullet{'' if n == 1 else 's'}" if n else "no bullet"
    hindi = len({s.text for s in seg.sentences})
    if hindi <= n:
        return f"The article has only {count(hindi)}, so the brief has {bullets}."
    english = [t for t in dict.fromkeys(p.target for p in translation.sentences) if t.strip()]
    distinct = len({bullet_rules.key(t) for t in english})
    title = translation.title
    repeat = sum(1 for t in english if title and restates(t, title))
    said = f"The translation has only {count(distinct)} (the article has {hindi})"
    if distinct >= hindi:
        said = f"The article has {count(hindi)}"
    if repeat:
        said += (
            ", and it restates the headline"
            if distinct == 1
            else f", {repeat} restating the headline"
        )
    return f"{said}, so the brief has {bullets}."


def supported(
    chosen: list[str],
    translation: Translation,
    hindi: dict[str, str],
    *,
    threshold: float,
    drop: bool,
) -> tuple[list[str], list[BulletSupport], str | None]:
    """The support of every bullet; with ``drop``, each unsupported bullet replaced by the
    next sentence of the extractive ranking that repeats no bullet nor the headline.

    Returns:
        The bullets, their support, and the note that says what was replaced (or None).
    """
    supports = [bullet_support(b, translation, hindi=hindi.get(b)) for b in chosen]
    bad = [i for i, s in enumerate(supports) if s.score < threshold]
    if not drop or not bad:
        return chosen, supports, None
    supports_before = supports
    kept = [b for i, b in enumerate(chosen) if i not in bad]
    pool = bullet_rules.ranked([p.target for p in translation.sentences])
    bullets = bullet_rules.finalize(kept, pool, len(chosen), title=translation.title)
    supports = [bullet_support(b, translation, hindi=hindi.get(b)) for b in bullets]
    gone = ", ".join(str(i + 1) for i in bad)
    written = [s for s in supports_before if s.method != "sentence"]  # the model's own words
    if len(bad) == len(written):
        note = (
            "None of the summariser's bullets was found in the article (support below "
            f"{threshold}), so the brief is extractive: sentences of the article."
        )
    else:
        plural = "s" if len(bad) > 1 else ""
        note = (
            f"Bullet{plural} {gone} (support below {threshold}: not found in the article) "
            f"{'were' if plural else 'was'} replaced by the next extractive sentence{plural}."
        )
    return bullets, supports, note


def bullet_checks(
    bullets: list[str], source: list[str], flags_of: Callable[[str], tuple[str, ...]]
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """What every bullet of a brief or a story is checked for: the numbers in it that no
    ``source`` text has, and its flags (``flags_of`` a bullet), each one per bullet."""
    return (
        tuple(unsupported(b, source) for b in bullets),
        tuple(flags_of(b) for b in bullets),
    )


def flags_by_bullet(
    translated: Iterable[tuple[str, tuple[str, ...]]],
) -> dict[str, tuple[str, ...]]:
    """English sentences' flags keyed as the bullet :func:`~hinews.summarize.bullets.finalize`
    makes of each, so a bullet finds the flags of its own translation."""
    return {bullet_rules.complete(bullet_rules.strip_marker(text)): f for text, f in translated}


def model_bullets(candidates: list[str], title: str = "") -> int:
    """How many of a brief's bullets the model's own sentences give (the rest are topped up)."""
    return len(bullet_rules.finalize(candidates, [], 3, title=title))


def hindi_reader(pipe: Pipeline) -> ReadsHindi | None:
    """The pipeline's summariser when it reads Hindi (strategies source, crosslingual);
    else None, and then a digest makes its own extractive selection across reports (an
    English-reading model would need every report translated first)."""
    if pipe.config.summarizer.strategy not in SOURCE_STRATEGIES:
        return None
    return cast(ReadsHindi, pipe.summarizer)


def only(seg: Segmentation, chosen: list[int]) -> Segmentation:
    """``seg`` with only the sentences at the ``chosen`` indices (summarize-first)."""
    return dataclasses.replace(seg, sentences=tuple(seg.sentences[i] for i in chosen))


def pooled(reports: list[Segmentation]) -> list[str]:
    """Sentences of a story's ``reports`` interleaved by position (all first sentences
    first), so the position prior of :func:`hinews.summarize.extractive.select` still
    favours what news puts first, from whichever report; a sentence two reports share
    comes once."""
    pool: list[str] = []
    seen: set[str] = set()
    longest = max((len(r.sentences) for r in reports), default=0)
    for position in range(longest):
        for report in reports:
            if position < len(report.sentences):
                text = report.sentences[position].text
                key = bullet_rules.key(text)
                if key and key not in seen:  # the same sentence in two reports: once
                    seen.add(key)
                    pool.append(text)
    return pool


def choose_across(reports: list[Segmentation], n: int = 3, *, title: str = "") -> list[str]:
    """Up to ``n`` non-redundant Hindi sentences for a digest story's bullets, chosen
    across its reports (copies left out: they repeat their original), lead first; the
    selection skips sentences too similar to one already chosen, so two reports saying
    the same thing give one bullet, and sentences that restate the story's Hindi
    ``title`` (the headline shown above the bullets)."""
    pool = _pool(reports, title)
    return [pool[i] for i in sorted(_ranked(pool)[:n])]


def spares_across(
    reports: list[Segmentation], chosen: list[str], *, title: str = "", k: int = 3
) -> list[str]:
    """The next ``k`` sentences of the ranking :func:`choose_across` took ``chosen`` from:
    what replaces a bullet whose English repeats the headline or another bullet."""
    pool = _pool(reports, title)
    taken = set(chosen)
    return [pool[i] for i in _ranked(pool) if pool[i] not in taken][:k]


def _pool(reports: list[Segmentation], title: str) -> list[str]:
    from hinews.summarize.overlap import restates

    pool = pooled(reports)
    return [s for s in pool if not restates(s, title)] if title else pool


def _ranked(pool: list[str]) -> list[int]:
    from hinews.summarize.extractive import ranked_selection

    return ranked_selection(pool)


def story_support(
    bullet: str,
    hindi: str | None,
    sentences: list[tuple[str, int, str]],
    english: dict[str, str],
) -> BulletSupport:
    """What a digest story's ``bullet`` rests on among its reports' ``sentences``
    (report id, index in that report, Hindi), by the English of those the digest
    translated and, for a bullet translated from a model's Hindi ``hindi``, by the Hindi.
    """
    from hinews.trust.support import support_in

    sources = [h for _, _, h in sentences]
    targets = [english.get(h, "") for h in sources]
    found, score, method = support_in(bullet, sources, targets, hindi=hindi)
    return BulletSupport(
        sentences=tuple(sentences[i][1] for i in found.sentences),
        source=tuple(sources[i] for i in found.sentences),
        target=tuple(targets[i] for i in found.sentences),
        score=score,
        method=method,
        articles=tuple(sentences[i][0] for i in found.sentences),
    )
