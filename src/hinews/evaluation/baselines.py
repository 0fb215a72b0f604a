"""Baselines scored beside the systems, in the same table.

Translation: ``copy-source`` (the source copied as-is: the floor). Briefs: ``lead-3`` (the
first sentences), ``extractive`` (hinews' extractive summarizer) and ``oracle`` (greedy
ROUGE oracle: the upper bound for extracted sentences). Brief baselines pick from
*candidate sentences* in the reference language: the source's own sentences when it is in
that language (XL-Sum Hindi), else the translation a pipeline system produced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from hinews.errors import ConfigError
from hinews.evaluation.data import Example
from hinews.evaluation.systems import Output, load_summarizer, split_sentences


class CopySource:
    """The source copied as the hypothesis (a translation floor)."""

    role = "baseline"

    def __init__(self, name: str = "copy-source") -> None:
        self.name = name

    def describe(self) -> dict[str, Any]:
        return {"type": "baseline", "baseline": "copy-source"}

    def run(self, examples: Sequence[Example]) -> list[Output]:
        return [Output(ex.source) for ex in examples]


Picker = Callable[[list[str], Example], list[str]]


class ExtractiveBaseline:
    """Picks sentences from each example's candidates.

    Args:
        name: Baseline name.
        picker: ``picker(candidates, example) -> picked sentences``.
        candidates_from: ``"source"`` (split the source) or the name of the system whose
            recorded candidates (its translation) are used; set them with :meth:`set_candidates`.
        details: Extra description for the config.
    """

    role = "baseline"

    def __init__(
        self,
        name: str,
        picker: Picker,
        *,
        candidates_from: str = "source",
        details: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.picker = picker
        self.candidates_from = candidates_from
        self.details = details or {}
        self._candidates: dict[int, list[str]] | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "type": "baseline",
            "baseline": self.name,
            "candidates_from": self.candidates_from,
            **self.details,
        }

    def set_candidates(self, candidates: dict[int, list[str]]) -> None:
        """Candidate sentences per example index (from a system's records)."""
        self._candidates = candidates

    def run(self, examples: Sequence[Example]) -> list[Output]:
        outs = []
        for ex in examples:
            if self.candidates_from == "source":
                cands = split_sentences(ex.source)
            else:
                if self._candidates is None:
                    raise ConfigError(f"Baseline {self.name!r} has no candidate sentences.")
                cands = self._candidates.get(ex.index, [])
            picked = tuple(self.picker(cands, ex))
            outs.append(Output("\n".join(picked), picked, tuple(cands)))
        return outs


def lead(n: int = 3) -> Picker:
    """The first ``n`` candidate sentences."""

    def pick(cands: list[str], ex: Example) -> list[str]:
        return cands[:n]

    return pick


def summarizer_picker(name: str, n: int = 3) -> Picker:
    """Sentences chosen by a hinews summarizer (loaded on first use)."""
    holder: list[Any] = []

    def pick(cands: list[str], ex: Example) -> list[str]:
        if not holder:
            holder.append(load_summarizer(name))
        return list(holder[0].summarize(cands, n=n)) if cands else []

    return pick


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f(overlap: int, hyp: int, ref: int) -> float:
    if overlap == 0 or hyp == 0 or ref == 0:
        return 0.0
    p, r = overlap / hyp, overlap / ref
    return 2 * p * r / (p + r)


def greedy_oracle(
    candidates: list[str], reference: str, tokenize: Callable[[str], list[str]], n: int = 3
) -> list[str]:
    """Greedy ROUGE oracle (as in SummaRuNNer/BertSum).

    Repeatedly add the candidate that most increases the mean of ROUGE-1 and ROUGE-2 F
    against ``reference``; stop at ``n`` sentences or when nothing improves it.

    Returns:
        The chosen sentences in article order.
    """
    ref_tokens = tokenize(reference)
    ref_grams = [_ngrams(ref_tokens, 1), _ngrams(ref_tokens, 2)]
    cand_tokens = [tokenize(c) for c in candidates]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < n:
        pick, pick_score = -1, best
        for i in range(len(candidates)):
            if i in chosen:
                continue
            tokens = [t for j in sorted([*chosen, i]) for t in cand_tokens[j]]
            score = 0.0
            for k, ref_g in enumerate(ref_grams, start=1):
                hyp_g = _ngrams(tokens, k)
                overlap = sum((hyp_g & ref_g).values())
                score += _f(overlap, sum(hyp_g.values()), sum(ref_g.values()))
            score /= 2
            if score > pick_score:
                pick, pick_score = i, score
        if pick < 0:
            break
        chosen.append(pick)
        best = pick_score
    return [candidates[i] for i in sorted(chosen)]


def oracle_picker(lang: str, n: int = 3) -> Picker:
    """Greedy ROUGE oracle against each example's first reference, tokenised as ROUGE is."""
    from hinews.evaluation.metrics import Rouge

    tokenizer = Rouge(lang).tokenizer

    def pick(cands: list[str], ex: Example) -> list[str]:
        return greedy_oracle(cands, ex.references[0], tokenizer.tokenize, n)

    return pick


def build_baseline(
    name: str, *, kind: str, lang: str, n: int = 3, candidates_from: str = "source"
) -> CopySource | ExtractiveBaseline:
    """A baseline by name (``copy-source``, ``lead-3``, ``extractive``, ``oracle``)."""
    if kind == "translation" and name == "copy-source":
        return CopySource(name)
    if kind == "brief":
        common = {"candidates_from": candidates_from}
        if name == "lead-3":
            return ExtractiveBaseline(name, lead(n), details={"n": n}, **common)
        if name == "extractive":
            return ExtractiveBaseline(
                name, summarizer_picker("extractive", n), details={"n": n}, **common
            )
        if name == "oracle":
            return ExtractiveBaseline(
                name,
                oracle_picker(lang, n),
                details={"n": n, "objective": "mean rouge1/rouge2 F, greedy", "lang": lang},
                **common,
            )
    raise ConfigError(f"Unknown baseline {name!r} for {kind!r} tasks.")
