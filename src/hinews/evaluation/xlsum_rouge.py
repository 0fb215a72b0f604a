# Copyright 2020 The Google Research Authors.
# Copyright 2021 csebuetnlp (BUET CSE NLP Group): multilingual_rouge_scoring.
# Modifications copyright 2026 the hinews authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""XL-Sum's multilingual ROUGE, re-implemented from its Apache-2.0 source.

Source: github ``csebuetnlp/xl-sum``, folder ``multilingual_rouge_scoring`` (commit
``afcd803``), itself a fork of Google's ``rouge-score``. That package installs under the
import name ``rouge_score``, the same as Google's, so it cannot be installed beside
hinews' ``rouge-score``; this module re-implements the parts the XL-Sum evaluation uses
(``rouge_scorer.RougeScorer(lang=..., use_stemmer=True)``, ``scoring.BootstrapAggregator``)
and is checked example by example against outputs made by the fork's own code
(``tests/fixtures/xlsum_rouge_reference.json``). See ``NOTICE``.

What the fork does to a text (``tokenization_wrapper.tokenize`` with ``MultiTokenizer``):

1. lowercase;
2. BERT's ``BasicTokenizer``: drop NUL, U+FFFD and control/format characters (ZWJ and
   ZWNJ are format characters), map whitespace to spaces, split on whitespace and remove
   punctuation (ASCII symbols and every Unicode ``P*`` character), splitting words there;
3. for languages without a word segmenter (Hindi, English...), OpenNMT's ``aggressive``
   tokenizer (``pyonmttok``) on the result, which splits letters from digits;
4. the language's stemmer on tokens longer than 3 characters (Hindi: the suffix stripper
   of Ramanathan and Rao, longest suffix first; English: NLTK's Snowball stemmer with
   stopwords left alone);
5. empty tokens dropped.

ROUGE-N and ROUGE-L are then rouge-score's. The fork's ROUGE-Lsum tokenises without step 3
and XL-Sum splits sentences with NLTK's punkt first; XL-Sum reports ROUGE-1/2/L only, and
so does this module.
"""

from __future__ import annotations

import collections
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hinews.errors import missing_dependency

#: The fork this re-implements (repository, folder, commit).
SOURCE = "github.com/csebuetnlp/xl-sum multilingual_rouge_scoring@afcd803"
#: hinews language codes to the fork's language names.
LANG_NAMES = {"hi": "hindi", "en": "english"}
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")

# HindiStemmer of the fork's stemmers.py (Ramanathan & Rao, "A Lightweight Stemmer for
# Hindi"), suffixes by length.
HINDI_SUFFIXES: dict[int, tuple[str, ...]] = {
    1: ("ो", "े", "ू", "ु", "ी", "ि", "ा"),
    2: (
        "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां",
        "ों", "ें",
    ),
    3: (
        "ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती",
        "ाता", "तीं", "ाओं", "ाएं", "ुओं", "ुएं", "ुआं",
    ),
    4: (
        "ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं",
        "नाओं", "नाएं", "ताओं", "ताएं", "ियाँ", "ियों", "ियां",
    ),
    5: ("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां"),
}  # fmt: skip


def hindi_stem(token: str) -> str:
    """The fork's ``HindiStemmer``: strip the longest listed suffix that leaves 2+ chars."""
    for length in (5, 4, 3, 2, 1):
        if len(token) > length + 1:
            for suffix in HINDI_SUFFIXES[length]:
                if token.endswith(suffix):
                    return token[:-length]
    return token


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def basic_tokenize(text: str) -> list[str]:
    """BERT's ``BasicTokenizer`` as the fork has it: clean, split on spaces and punctuation
    (punctuation removed)."""
    cleaned = []
    for char in text:
        if char in ("\x00", "\ufffd") or _is_control(char):
            continue
        cleaned.append(" " if _is_whitespace(char) else char)
    words: list[str] = []
    for token in "".join(cleaned).split():
        current: list[str] = []
        for char in token:
            if _is_punctuation(char):
                if current:
                    words.append("".join(current))
                current = []
            else:
                current.append(char)
        if current:
            words.append("".join(current))
    return words


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _space_cjk(text: str) -> str:
    return "".join(f" {c} " if _is_cjk(ord(c)) else c for c in text)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F-measure (fractions, as rouge-score gives them)."""

    precision: float
    recall: float
    fmeasure: float


def _fmeasure(precision: float, recall: float) -> float:
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def _ngrams(tokens: list[str], n: int) -> collections.Counter[tuple[str, ...]]:
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _score_ngrams(target: collections.Counter[Any], prediction: collections.Counter[Any]) -> Score:
    hits = 0
    for ngram in target:
        hits += min(target[ngram], prediction[ngram])
    p = hits / max(sum(prediction.values()), 1)
    r = hits / max(sum(target.values()), 1)
    return Score(p, r, _fmeasure(p, r))


def _lcs_length(ref: list[str], can: list[str]) -> int:
    prev = [0] * (len(can) + 1)
    for r in ref:
        row = [0]
        for j, c in enumerate(can, 1):
            row.append(prev[j - 1] + 1 if r == c else max(prev[j], row[j - 1]))
        prev = row
    return prev[-1]


def _score_lcs(target: list[str], prediction: list[str]) -> Score:
    if not target or not prediction:
        return Score(0, 0, 0)
    lcs = _lcs_length(target, prediction)
    p, r = lcs / len(prediction), lcs / len(target)
    return Score(p, r, _fmeasure(p, r))


class XlsumRougeScorer:
    """XL-Sum's ``RougeScorer(rouge_types, lang=..., use_stemmer=True)``.

    Args:
        lang: ``hi``/``hindi`` or ``en``/``english``.
        use_stemmer: Stem tokens longer than 3 characters (XL-Sum's evaluation: yes).

    Raises:
        HinewsError: ``pyonmttok`` is not installed (extra ``eval-xlsum``), or English
            stemming is asked for and NLTK's stopwords are not downloaded.
    """

    def __init__(self, lang: str = "hi", *, use_stemmer: bool = True) -> None:
        self.lang = LANG_NAMES.get(lang, lang)
        if self.lang not in LANG_NAMES.values():
            from hinews.errors import ConfigError

            raise ConfigError(
                f"rouge-xlsum has no language {lang!r}; valid: hi (hindi), en (english)."
            )
        self.use_stemmer = use_stemmer
        try:
            import pyonmttok
        except ImportError:
            raise missing_dependency("pyonmttok", "eval-xlsum") from None
        self._pretokenizer = pyonmttok.Tokenizer("aggressive")
        self._stem: Callable[[str], str] | None = None
        if use_stemmer:
            self._stem = hindi_stem if self.lang == "hindi" else _english_stemmer()

    def tokenize(self, text: str) -> list[str]:
        """The tokens ROUGE compares (lowercased, punctuation removed, stemmed)."""
        text = " ".join(basic_tokenize(text.lower().strip()))
        tokens: list[str] = []
        if text:
            text = " ".join(self._pretokenizer.tokenize(text)[0])
            tokens = _space_cjk(text).split()
        if self._stem is not None:
            stem = self._stem
            tokens = [stem(t) if len(t) > 3 else t for t in tokens]
        return [t for t in tokens if t]

    def score(self, target: str, prediction: str) -> dict[str, Score]:
        """ROUGE-1, ROUGE-2 and ROUGE-L of ``prediction`` against ``target``."""
        t, p = self.tokenize(target), self.tokenize(prediction)
        return {
            "rouge1": _score_ngrams(_ngrams(t, 1), _ngrams(p, 1)),
            "rouge2": _score_ngrams(_ngrams(t, 2), _ngrams(p, 2)),
            "rougeL": _score_lcs(t, p),
        }


def _english_stemmer() -> Callable[[str], str]:
    try:
        from nltk.stem import SnowballStemmer
    except ImportError:
        raise missing_dependency("nltk", "eval-xlsum") from None
    try:
        stemmer = SnowballStemmer("english", ignore_stopwords=True)
    except LookupError:
        from hinews.errors import DependencyError

        raise DependencyError(
            "rouge-xlsum in English stems as XL-Sum/CrossSum do, with NLTK's English "
            "stopwords, which are not downloaded: run `python -m nltk.downloader stopwords` "
            "once."
        ) from None
    return stemmer.stem


def bootstrap_mid(
    scores: dict[str, Sequence[Score]], *, seed: int, samples: int = 1000
) -> dict[str, Score]:
    """rouge-score's ``BootstrapAggregator(n_samples=samples).aggregate()`` mid, seeded.

    As the fork does: each ROUGE type in turn (in the order given: rouge1, rouge2, rougeL
    as XL-Sum scores them) draws ``samples`` resamples (``choice(arange(n), size=n)``) of
    its (precision, recall, F) rows, and the mid is the 50th percentile of the resample
    means. The draws come from ``numpy.random.RandomState(seed)``, so the result equals
    the fork's after ``numpy.random.seed(seed)`` (the fork itself leaves the global state
    unseeded; XL-Sum's script seeds it once, at start-up, with 1234).
    """
    import numpy as np

    rng = np.random.RandomState(seed)
    out: dict[str, Score] = {}
    for key, rows in scores.items():
        matrix = np.vstack([(s.precision, s.recall, s.fmeasure) for s in rows])
        n = matrix.shape[0]
        means = np.zeros((samples, matrix.shape[1]))
        for i in range(samples):
            idx = rng.choice(np.arange(n), size=n)
            means[i, :] = np.mean(matrix[idx, :], axis=0)
        mid = np.percentile(means, 50.0, axis=0)
        out[key] = Score(float(mid[0]), float(mid[1]), float(mid[2]))
    return out
