"""How well ``bullet_support`` tells a bullet the article says from one it does not.

Three sets, all real text except the model:

* **headlines**: NTREX-128's 123 news documents. Each document's human headline is a
  one-line summary written by the newspaper. Against its own document's body (English
  original, and the Hindi human translation for the Hindi side) it is *supported*;
  against the bodies of three other documents (seeded) it is *unsupported*.
* **sentences**: every body sentence against its own document: the extractive case, which
  must never be flagged (a sentence of the article is supported by itself).
* **memorised**: a real summariser run on articles it never saw. A tiny BART
  (:mod:`hinews.testing`) memorises the English leads (first three body sentences) of the
  first ``--train`` documents -> their headlines, and summarises the next ``--train``
  documents with hinews' seq2seq summariser, exactly as a brief does: what it writes
  for them is invented (a headline of another document, or a mixture), so every bullet
  should be flagged. Its bullets on the documents it learnt are supported. Needs torch
  and transformers (``--no-model`` skips it).

Scores are :func:`hinews.trust.support.bullet_support` on a :class:`~hinews.Translation`
whose sentences are the document's Hindi and English lines. The positive class is
*unsupported* (what the flag should catch): AUROC of ``1 - score``, and at the threshold
the precision (flagged bullets that are unsupported) and recall (unsupported ones
flagged).

Usage::

    python eval/bullet_support.py [--data DATA] [--threshold 0.4] [--no-model]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def load_documents(data: Path) -> list[list[tuple[str, str]]]:
    """NTREX-128 documents: lists of (English, Hindi) lines, the headline first."""
    folder = data / "ntrex128"
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    en = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    hi = (folder / "newstest2019-ref.hin.txt").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[tuple[str, str]]] = {}
    for doc, e, h in zip(ids, en, hi, strict=True):
        docs.setdefault(doc, []).append((e.strip(), h.strip()))
    return [d for d in docs.values() if len(d) > 3]


def translation_of(body: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """The document's body as hinews' Translation (Hindi source, English target)."""
    from hinews.results import Provenance, SentencePair, Translation

    pairs = tuple(SentencePair(h, e, 0) for e, h in body)
    return Translation(
        title="",
        title_source="",
        sentences=pairs,
        provenance=Provenance(model="reference", backend="human"),
    )


def auroc(positive: list[float], negative: list[float]) -> float:
    """P(a positive outranks a negative), ties half (Mann-Whitney U / (n_p n_n))."""
    scored = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        rank_sum += mean_rank * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    n_p, n_n = len(positive), len(negative)
    return (rank_sum - n_p * (n_p + 1) / 2) / (n_p * n_n) if n_p and n_n else float("nan")


def figures(supported: list[float], unsupported: list[float], threshold: float) -> dict:
    """AUROC and precision/recall of the flag (score below ``threshold``)."""
    flagged_bad = sum(s < threshold for s in unsupported)
    flagged_good = sum(s < threshold for s in supported)
    flagged = flagged_bad + flagged_good
    return {
        "supported": len(supported),
        "unsupported": len(unsupported),
        "auroc": round(auroc([1 - s for s in unsupported], [1 - s for s in supported]), 4)
        if unsupported
        else None,
        "precision": round(flagged_bad / flagged, 4) if flagged and unsupported else None,
        "recall": round(flagged_bad / len(unsupported), 4) if unsupported else None,
        "supported_flagged": flagged_good,
    }


def headline_scores(docs, seed: int, hindi: bool) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    from hinews.trust.support import align, bullet_support

    rng = random.Random(seed)
    good, bad = [], []
    for k, doc in enumerate(docs):
        (head_en, head_hi), body = doc[0], doc[1:]
        others = rng.sample([j for j in range(len(docs)) if j != k], 3)
        if hindi:
            good.append(align(head_hi, [h for _, h in body]).score)
            bad += [align(head_hi, [h for _, h in docs[j][1:]]).score for j in others]
        else:
            good.append(bullet_support(head_en, translation_of(body)).score)
            bad += [bullet_support(head_en, translation_of(docs[j][1:])).score for j in others]
    return good, bad


def sentence_scores(docs) -> list[float]:  # type: ignore[no-untyped-def]
    from hinews.trust.support import bullet_support

    out = []
    for doc in docs:
        translation = translation_of(doc[1:])
        out += [bullet_support(e, translation).score for e, _ in doc[1:]]
    return out


def memorised_scores(
    docs, train: int, work: Path, threshold: float
) -> tuple[list[float], list[float], list[dict]]:  # type: ignore[no-untyped-def]
    """Bullets of a tiny BART on the documents it learnt (supported) and on the next
    ``train`` documents it never saw (invented)."""
    from hinews.config import SummarizerConfig
    from hinews.summarize.factory import load_summarizer
    from hinews.testing import tiny, tokenizers
    from hinews.trust.support import bullet_support

    seen, unseen = docs[:train], docs[train : 2 * train]
    lead = [[e for e, _ in d[1:4]] for d in seen + unseen]
    heads = [d[0][0] for d in seen]
    texts = [" ".join(a) for a in lead] + heads
    tokenizer = tokenizers.bart_tokenizer(texts, work / "bart-work", vocab_size=3000)
    pairs = [(" ".join(a), h) for a, h in zip(lead[:train], heads, strict=True)]
    model = work / "bart"
    tiny.build_bart(model, tokenizer, pairs, num_beams=1, max_new_tokens=48)
    summarizer = load_summarizer(
        SummarizerConfig(
            strategy="seq2seq",
            model=str(model),
            num_beams=1,
            max_new_tokens=48,
            backend="transformers",  # nothing converted into the user's cache
        )
    )
    good, bad, shown = [], [], []
    for n, (doc, sentences) in enumerate(zip(seen + unseen, lead, strict=True)):
        written = summarizer.summarize(sentences, 1)
        translation = translation_of(doc[1:])
        for bullet in written:
            score = bullet_support(bullet, translation).score
            (good if n < train else bad).append(score)
            if n >= train and (len(shown) < 3 or score >= threshold):
                shown.append({"article": doc[1][0][:80], "bullet": bullet, "score": score})
    return good, bad, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--threshold", type=float, default=None, help="default: hinews'")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--train", type=int, default=20, help="documents the model learns")
    parser.add_argument("--no-model", action="store_true", help="skip the memorised case")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from hinews import __version__
    from hinews.config import SUPPORT_THRESHOLD

    threshold = SUPPORT_THRESHOLD if args.threshold is None else args.threshold
    if not (args.data / "ntrex128").is_dir():
        print(f"no NTREX-128 under {args.data} (give --data)", file=sys.stderr)
        return 2
    docs = load_documents(args.data)
    started = time.time()
    rows: dict[str, dict] = {}
    good, bad = headline_scores(docs, args.seed, hindi=False)
    rows["headlines (English)"] = figures(good, bad, threshold)
    good_hi, bad_hi = headline_scores(docs, args.seed, hindi=True)
    rows["headlines (Hindi)"] = figures(good_hi, bad_hi, threshold)
    sentences = sentence_scores(docs)
    rows["article sentences"] = figures(sentences, [], threshold)
    examples: list[dict] = []
    if not args.no_model:
        import tempfile

        with tempfile.TemporaryDirectory() as work:
            good_m, bad_m, examples = memorised_scores(docs, args.train, Path(work), threshold)
        rows["memorised summariser"] = figures(good_m, bad_m, threshold)
    print(
        f"bullet support on NTREX-128 ({len(docs)} documents), threshold {threshold}, "
        f"hinews {__version__}, seed {args.seed}, {platform.machine()}, "
        f"{time.time() - started:.0f} s"
    )
    print(
        f"{'set':<22} {'supported':>9} {'unsupp.':>8} {'AUROC':>7} {'precision':>9} "
        f"{'recall':>7} {'supported flagged':>17}"
    )
    for name, r in rows.items():
        auc = "-" if r["auroc"] is None else f"{r['auroc']:.3f}"
        p, rc = (("-" if v is None else f"{v:.3f}") for v in (r["precision"], r["recall"]))
        print(
            f"{name:<22} {r['supported']:>9} {r['unsupported']:>8} {auc:>7} "
            f"{p:>9} {rc:>7} {r['supported_flagged']:>17}"
        )
    for e in examples:
        print(f"  invented: {e['bullet']!r} (score {e['score']}) for {e['article']!r}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"threshold": threshold, "seed": args.seed, "sets": rows, "examples": examples},
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
