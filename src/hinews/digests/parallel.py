"""Cleaning a day of reports on every core: clean, segment and count each report in processes.

Everything a report needs on its own is done in the worker that cleans it: the pipeline's
cleaning and segmentation (as ``hinews segment``), the language check, the copy detector's
word 3-shingles (as 64-bit hashes) and MinHash signature, and the hashed term counts of
:mod:`hinews.digests.grouping`. Only what compares reports (the copy index, the idf, the
neighbours, the linkage) runs in the main process. Reports go out in chunks and come back
in order, and every value depends on its report alone, so the result is the same for any
number of workers (``workers=1`` runs in this process, no pool at all).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hinews.digests import dedup, memory
from hinews.digests.cleaning import Segmenter
from hinews.errors import ConfigError, missing_dependency

if TYPE_CHECKING:
    from hinews.config import PipelineConfig
    from hinews.digests.cleaning import Cleaned
    from hinews.digests.inputs import Report
    from hinews.digests.onray import RayEngine
    from hinews.digests.result import Skipped
    from hinews.pipeline import Pipeline

CHUNK = 200
"""Reports per task sent to a worker."""


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def check_workers(workers: int | None) -> int:
    """``workers`` as a count (``None``: all cores).

    Raises:
        ConfigError: For 0 or a negative number, in one line.
    """
    if workers is None:
        return default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConfigError(
            f"--workers must be a whole number of processes, 1 or more, got {workers!r} "
            f"(default: all {default_workers()} cores)"
        )
    return workers


@dataclass
class Prepared:
    """Reports cleaned and counted: what grouping needs, aligned with ``cleaned``."""

    cleaned: list[Cleaned]
    skipped: list[Skipped]
    shingles: list[Any]  # sorted uint64 arrays of the body's word 3-shingle hashes
    signatures: Any  # (n, NUM_PERM) MinHash values (datasketch's dtype: uint32)
    word_counts: Any  # CSR rows of grouping.counts
    char_counts: Any  # the same rows' n-gram counts, as the chunks' CSR blocks


def _identity(value: int) -> int:
    return value


_TEMPLATE: Any = None


def gram_hashes(grams: set[str]) -> tuple[Any, Any]:
    """(the sorted unique 64-bit BLAKE2b hashes of ``grams``, their MinHash signature).

    The signature is datasketch's ``MinHash(num_perm=NUM_PERM, seed=1)`` updated with the
    UTF-8 grams (its SHA-1 32-bit hash): the 32-bit values are taken here in the same pass
    as the BLAKE2b ones, each gram encoded once, and given to it as they are. Zeros for no
    grams.
    """
    import numpy as np
    from datasketch import MinHash

    global _TEMPLATE
    if _TEMPLATE is None:  # the permutations of seed 1, made once (a quarter of the cost)
        _TEMPLATE = MinHash(num_perm=dedup.NUM_PERM, seed=1)
    encoded = [g.encode("utf-8") for g in grams]
    blake = np.fromiter(
        (int.from_bytes(hashlib.blake2b(b, digest_size=8).digest(), "little") for b in encoded),
        dtype=np.uint64,
        count=len(encoded),
    )
    if not encoded:
        return np.unique(blake), np.zeros(dedup.NUM_PERM, _TEMPLATE.hashvalues.dtype)
    # datasketch.hashfunc.sha1_hash32: the first four bytes of SHA-1, little-endian
    sha = [int.from_bytes(hashlib.sha1(b).digest()[:4], "little") for b in encoded]
    mh = MinHash(
        num_perm=dedup.NUM_PERM,
        seed=1,
        hashfunc=_identity,
        permutations=_TEMPLATE.permutations,
        scheme=_TEMPLATE.scheme,
    )
    mh.update_batch(sha)
    return np.unique(blake), mh.hashvalues


_SEGMENTER: Segmenter | None = None


def _start(config: PipelineConfig) -> None:
    global _SEGMENTER
    _SEGMENTER = Segmenter(config)


def _start_method() -> str:
    """fork where it is safe (quick, nothing re-imported); spawn once a model library
    has started its threads in this process (the app), as forking those can deadlock."""
    import multiprocessing
    import sys

    heavy = any(m in sys.modules for m in ("torch", "ctranslate2", "ray"))
    if heavy or "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    return "fork"


def _chunk(task: tuple[list[Report], bool | None, bool, bool, bool]) -> tuple[list[Any], Any, Any]:
    """Clean one chunk: per report a Skipped or (Cleaned, shingles, signature); the counts.

    The Cleaned reports come back without their raw text (nothing after cleaning reads
    it); with ``slim`` (``--stories-only`` on the sparse grouping) also without their body
    and with their first sentence only (all that a listing shows): a day's memory.
    """
    import dataclasses

    import numpy as np

    from hinews.digests import grouping
    from hinews.digests.cleaning import Cleaned, clean_one

    reports, clean, force, count, slim = task
    assert _SEGMENTER is not None
    out: list[Any] = []
    texts: list[str] = []
    for report in reports:
        done = clean_one(_SEGMENTER, report, clean=clean, force=force)
        if isinstance(done, Cleaned):
            grams = dedup.shingles(done.body)
            hashes, sig = gram_hashes(grams)
            texts.append(done.text)
            light = dataclasses.replace(done.report, text="")
            if slim:
                seg = dataclasses.replace(
                    done.segmentation, sentences=done.segmentation.sentences[:1], dropped=None
                )
                done = dataclasses.replace(done, report=light, segmentation=seg, body="")
            else:
                done = dataclasses.replace(done, report=light)
            out.append((done, hashes, sig))
        else:
            out.append(done)
    words, chars = grouping.counts(texts) if count and texts else (None, None)
    if chars is not None and (not chars.nnz or chars.data.max() < 2**16):
        # The n-gram counts are small whole numbers: 16 bits carry them exactly, a quarter
        # less memory for a day's largest array until it becomes TF-IDF (grouping.vectors)
        chars.data = chars.data.astype(np.uint16)
    return out, words, chars


def require_packages() -> None:
    """Refuse in one line, before any input is read, when the digest extra is missing.

    Raises:
        DependencyError: datasketch or scikit-learn (which brings numpy) is not installed.
    """
    for module, package in (("datasketch", "datasketch"), ("sklearn", "scikit-learn")):
        try:
            __import__(module)
        except ImportError:
            raise missing_dependency(package, "digest") from None


def prepare(
    pipeline: Pipeline,
    reports: Sequence[Report],
    *,
    clean: bool | None = None,
    force: bool = False,
    workers: int | None = None,
    progress: bool = False,
    count: bool = True,
    slim: bool = False,
    engine: RayEngine | None = None,
) -> Prepared:
    """Clean, segment and count ``reports`` in ``workers`` processes (default all cores).

    Args:
        pipeline: Whose cleaning config is used (its models are never loaded here).
        reports: In order; the result keeps it.
        clean: Remove boilerplate (default: the config's).
        force: Let short, mixed or non-Hindi text through.
        workers: Processes (1: this process).
        progress: One bar over all the reports, on standard error.
        count: Also count terms for the sparse grouping.
        slim: Keep of each cleaned report only what ``--stories-only`` lists (its
            headline, first sentence, key and time; no body).
        engine: Clean the same chunks on Ray instead (``hinews digest --ray``; Ray
            Data shows its own progress).

    Returns:
        The cleaned reports with their shingles, signatures and counts, and the skipped.
    """
    require_packages()
    import numpy as np
    from scipy.sparse import csr_matrix

    from hinews.digests import grouping

    workers = check_workers(workers)
    tasks = [
        (list(reports[i : i + CHUNK]), clean, force, count, slim)
        for i in range(0, len(reports), CHUNK)
    ]
    bar = None
    if progress and len(reports) > 1 and engine is None:
        import sys

        from tqdm.auto import tqdm

        bar = tqdm(total=len(reports), desc="cleaning", unit="report", leave=False, file=sys.stderr)
    results: list[Any] = []
    try:
        if engine is not None:
            results = engine.clean(pipeline.config, tasks)
        elif workers == 1 or len(tasks) <= 1:
            global _SEGMENTER
            saved, _SEGMENTER = _SEGMENTER, Segmenter(pipeline.config)
            try:
                for task in tasks:
                    results.append(_chunk(task))
                    if bar is not None:
                        bar.update(len(task[0]))
            finally:
                _SEGMENTER = saved
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context(_start_method())
            with ProcessPoolExecutor(
                max_workers=min(workers, len(tasks)),
                mp_context=context,
                initializer=_start,
                initargs=(pipeline.config,),
            ) as pool:
                for task, result in zip(tasks, pool.map(_chunk, tasks), strict=True):
                    results.append(result)
                    if bar is not None:
                        bar.update(len(task[0]))
    finally:
        if bar is not None:
            bar.close()

    cleaned: list[Cleaned] = []
    skipped: list[Skipped] = []
    shingles: list[Any] = []
    signatures: list[Any] = []
    words: list[Any] = []
    chars: list[Any] = []
    results.reverse()
    while results:  # each chunk let go once taken apart
        out, w, c = results.pop()
        for item in out:
            if isinstance(item, tuple):
                cleaned.append(item[0])
                shingles.append(item[1])
                signatures.append(item[2])
            else:
                skipped.append(item)
        if w is not None:
            words.append(w)
            chars.append(c)
    memory.release()  # the chunks' results, taken apart
    # in datasketch's dtype (uint32 for its affine32 scheme: half the memory of uint64)
    sig = (
        np.array(signatures) if signatures else np.zeros((0, dedup.NUM_PERM), np.uint64)
    ).reshape(len(signatures), dedup.NUM_PERM)
    empty = csr_matrix((0, grouping.WORD_FEATURES), dtype=np.float32)
    wc = stack(words) if words else empty
    # The n-gram counts stay in their chunks' blocks (grouping.vectors takes them so; a
    # day's stacked counts would be held twice on the way to the TF-IDF rows).
    return Prepared(cleaned, skipped, shingles, sig, wc, chars)


def stack(parts: list[Any]) -> Any:
    """``scipy.sparse.vstack(parts, format="csr")`` of CSR ``parts``, which it empties:
    each part is let go once copied, so a day's counts are held once, not twice."""
    import numpy as np
    from scipy.sparse import csr_matrix

    nnz = sum(p.nnz for p in parts)
    rows = sum(p.shape[0] for p in parts)
    width = parts[0].shape[1]
    index = np.int32 if max(nnz, width) < 2**31 else np.int64
    data = np.empty(nnz, dtype=parts[0].dtype)
    indices = np.empty(nnz, dtype=index)
    indptr = np.empty(rows + 1, dtype=index)
    indptr[0] = 0
    at = row = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        k, m = part.nnz, part.shape[0]
        data[at : at + k] = part.data
        indices[at : at + k] = part.indices
        indptr[row + 1 : row + m + 1] = part.indptr[1:] + at
        at, row = at + k, row + m
        del part
    return csr_matrix((data, indices, indptr), shape=(rows, width))


def copy_score(a: Any, b: Any, threshold: float) -> float:
    """:func:`hinews.digests.dedup.copy_score` on sorted hash arrays."""
    import numpy as np

    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        both = 0
    else:  # |a ∩ b| of two sorted unique arrays (np.intersect1d sorts them again)
        at = np.searchsorted(b, a)
        at[at == len(b)] = 0
        both = int(np.count_nonzero(b[at] == a)) if len(b) else 0
    union = len(a) + len(b) - both
    score = both / union if union else 0.0
    if score >= threshold:
        return score
    small = min(len(a), len(b))
    if small >= dedup.MIN_CONTAINED and both / small >= dedup.CONTAINMENT:
        return threshold
    return 0.0


def best_copy(grams: Any, candidates: Sequence[Any], threshold: float) -> int | None:
    """The candidate ``grams`` is most a copy of (:func:`copy_score` at or above
    ``threshold``; ties: the first), or ``None``: every candidate scored in one pass.

    Args:
        grams: A non-empty sorted unique hash array.
        candidates: Non-empty sorted unique hash arrays.
    """
    import numpy as np

    if not candidates:
        return None
    sizes = np.array([len(c) for c in candidates], dtype=np.int64)
    bits = np.zeros(1 << 16, dtype=bool)
    return _best(grams, np.concatenate(candidates), sizes, np.cumsum(sizes), threshold, bits)


def _best(grams: Any, every: Any, sizes: Any, ends: Any, threshold: float, bits: Any) -> int | None:
    """:func:`best_copy` on the candidates' hashes laid end to end (``sizes`` each, ending
    at ``ends``). ``bits``: 2^16 booleans, all false, left so: a filter of the query's
    hashes by their low 16 bits, since most of a candidate's hashes are not the query's
    and one lookup there tells so without a search."""
    import numpy as np

    low = (grams & np.uint64(0xFFFF)).astype(np.intp)
    bits[low] = True
    maybe = np.flatnonzero(bits[(every & np.uint64(0xFFFF)).astype(np.intp)])
    bits[low] = False
    at = np.searchsorted(grams, every[maybe])
    at[at == len(grams)] = 0
    found = maybe[grams[at] == every[maybe]]
    both = np.bincount(np.searchsorted(ends, found, side="right"), minlength=len(sizes))
    union = len(grams) + sizes - both
    score = both / union  # float64 division: the values copy_score computes
    small = np.minimum(len(grams), sizes)
    contained = (small >= dedup.MIN_CONTAINED) & (both / small >= dedup.CONTAINMENT)
    score = np.where(score >= threshold, score, np.where(contained, threshold, 0.0))
    if not (score >= threshold).any():
        return None
    return int(np.argmax(score))  # the first of the highest: the loop's strict '>'


def find_duplicates(
    keys: Sequence[str],
    shingles: Sequence[Any],
    signatures: Any,
    order: Sequence[int],
    *,
    threshold: float = dedup.DEFAULT_THRESHOLD,
) -> list[int | None]:
    """:func:`hinews.digests.dedup.find_duplicates` on prepared reports, taken in ``order``.

    Returns:
        ``duplicate_of`` positions in ``order`` (as the text-based function returns them).
    """
    import numpy as np
    from datasketch import MinHashLSH

    # datasketch's banding for this threshold (its MinHashLSH picks the bands and rows);
    # the buckets are kept here, keyed by each band's bytes: the same candidates as its
    # query, without a MinHash object and a storage call per report and band (the LSH was
    # a third of the copy search in a day's digest).
    ranges = MinHashLSH(threshold=min(0.2, threshold), num_perm=dedup.NUM_PERM).hashranges
    tables: list[dict[bytes, list[int]]] = [{} for _ in ranges]
    # Every report's hashes end to end: a query's candidates are gathered in one indexing.
    sizes = np.fromiter((len(s) for s in shingles), dtype=np.int64, count=len(shingles))
    offsets = np.zeros(len(shingles) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.concatenate(shingles) if len(shingles) else np.zeros(0, dtype=np.uint64)
    at_position = np.asarray(order, dtype=np.int64)
    bits = np.zeros(1 << 16, dtype=bool)  # _best's filter
    kept_by_key: dict[str, int] = {}
    out: list[int | None] = []
    for position, index in enumerate(order):
        key, grams = keys[index], shingles[index]
        if key in kept_by_key:
            out.append(kept_by_key[key])
            continue
        if not len(grams):
            kept_by_key[key] = position
            out.append(None)
            continue
        row = signatures[index].tobytes()
        size = signatures.itemsize
        bands = [row[size * start : size * end] for start, end in ranges]
        hits: set[int] = set()
        for table, band in zip(tables, bands, strict=True):
            bucket = table.get(band)
            if bucket is not None:
                hits.update(bucket)
        found = np.sort(np.fromiter(hits, dtype=np.int64, count=len(hits)))
        at = None
        if len(found):
            which = at_position[found]
            lengths = sizes[which]
            ends = np.cumsum(lengths)
            steps = np.arange(ends[-1]) + np.repeat(offsets[which] - (ends - lengths), lengths)
            at = _best(grams, flat[steps], lengths, ends, threshold, bits)
        best = None if at is None else int(found[at])
        out.append(best)
        if best is None:
            kept_by_key[key] = position
            for table, band in zip(tables, bands, strict=True):
                table.setdefault(band, []).append(position)
    return out
