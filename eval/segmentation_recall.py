"""Sentence-boundary recall and precision on FLORES-200 devtest (Hindi).

Consecutive lines with the same URL in ``metadata_devtest.tsv`` form one article (281
articles, 1012 lines). Each article's lines are joined with a space into one paragraph and
split again; a gold boundary (between two consecutive lines of an article) is recovered
when a predicted boundary falls at the same offset, counted in non-whitespace characters.

Usage::

    python eval/segmentation_recall.py [--data-dir ../shared/data/flores200-devtest]

Peers scored in the same run: a plain regex splitter, and IndicNLP and pysbd when they
are installed (``pip install indic-nlp-library pysbd``); missing ones are skipped with a
note.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "flores200-devtest"

Splitter = Callable[[str], list[str]]


@dataclass(frozen=True)
class Score:
    """Boundary counts of one splitter over the corpus."""

    gold: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_articles(data_dir: Path) -> list[list[str]]:
    """Return FLORES-200 devtest Hindi as articles (lists of lines), in file order."""
    from hinews.evaluation.data import flores_articles

    return [sentences for _, sentences in flores_articles(data_dir)]


def _offsets(pieces: list[str]) -> set[int]:
    """Boundary offsets, in non-whitespace characters, between consecutive pieces."""
    out: set[int] = set()
    total = 0
    for piece in pieces[:-1]:
        total += sum(1 for c in piece if not c.isspace())
        out.add(total)
    return out


def score(split: Splitter, articles: list[list[str]]) -> Score:
    """Score ``split`` on the articles (see the module docstring)."""
    gold = predicted = correct = 0
    for lines in articles:
        gold_cuts = _offsets(lines)
        pred_cuts = _offsets(split(" ".join(lines)))
        gold += len(gold_cuts)
        predicted += len(pred_cuts)
        correct += len(gold_cuts & pred_cuts)
    return Score(gold, predicted, correct)


def regex_splitter(text: str) -> list[str]:
    """The naive baseline: split after any of ``। ? ! .`` followed by whitespace."""
    return [p for p in re.split(r"(?<=[।?!.])\s+", text) if p.strip()]


def peers() -> dict[str, Splitter | str]:
    """The splitters to compare: a callable, or a note saying why it is skipped."""
    from hinews.text import split_sentences

    found: dict[str, Splitter | str] = {
        "hinews": split_sentences,
        "regex (?<=[।?!.])\\s+": regex_splitter,
    }
    try:
        from indicnlp.tokenize import sentence_tokenize

        found["IndicNLP sentence_split"] = lambda t: sentence_tokenize.sentence_split(t, lang="hi")
    except ImportError:
        found["IndicNLP sentence_split"] = "skipped: pip install indic-nlp-library"
    try:
        import pysbd

        seg = pysbd.Segmenter(language="hi", clean=False)
        found["pysbd (hi)"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        found["pysbd (hi)"] = "skipped: pip install pysbd"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="FLORES devtest dir")
    args = parser.parse_args(argv)
    if not (args.data_dir / "hin_Deva.devtest").is_file():
        print(f"FLORES-200 devtest not found in {args.data_dir}; pass --data-dir", file=sys.stderr)
        return 2
    articles = load_articles(args.data_dir)
    n_lines = sum(len(a) for a in articles)
    print(f"FLORES-200 devtest hin_Deva: {len(articles)} articles, {n_lines} sentences")
    print(f"{'splitter':<28} {'recall':>7} {'precision':>9} {'F1':>6}  correct/gold, predicted")
    for name, split in peers().items():
        if isinstance(split, str):
            print(f"{name:<28} {split}")
            continue
        s = score(split, articles)
        print(
            f"{name:<28} {s.recall:7.3f} {s.precision:9.3f} {s.f1:6.3f}  "
            f"{s.correct}/{s.gold}, {s.predicted}"
        )
    print(
        "precision counts every split inside a FLORES line as wrong, but many lines hold two "
        "or more sentences, so it is a lower bound"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
