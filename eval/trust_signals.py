"""How far hinews' trust signals can be trusted, measured on ``../shared/data``.

1. Language, article level: FLORES-200 devtest in Hindi, Marathi, Nepali, Maithili and
   Bhojpuri, consecutive lines with the same URL in ``metadata_devtest.tsv`` joined into
   one article (281 per language). Printed: how often the detected code is right, and how
   often a Hindi-only model (OPUS-MT, Marian) accepts the article.
2. Confidence: tiny memorised test models (the builder the tests use), both backends,
   greedy and beam 4. AUROC (scikit-learn) of the confidence for the 40 memorised
   sentences against 100 unseen FLORES Hindi sentences, and the two medians.
3. Flags: how often each fires on the memorised models' own output (goal 0), on the
   FLORES human reference translations (a false-alarm rate on real text), and on
   deliberately broken output (goal: all): the source copied (``untranslated``), a
   looping phrase (``repetition``), the numbers dropped (``numbers``), the Latin name
   dropped (``names``), the glossary rendering replaced (``glossary``).

Usage::

    python eval/trust_signals.py [--data-dir ../shared/data] [--unseen 100]

Runs on CPU in about two minutes (the tiny models are built once and cached like the
tests' ones).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))  # tiny_data / tiny_models: the tests' own models

LANGS = {
    "hin": ("hin_Deva", "Hindi"),
    "mar": ("mar_Deva", "Marathi"),
    "npi": ("npi_Deva", "Nepali"),
    "mai": ("mai_Deva", "Maithili"),
    "bho": ("bho_Deva", "Bhojpuri"),
}


def articles(data: Path, lang: str) -> list[str]:
    """FLORES-200 devtest ``lang`` as articles: consecutive lines sharing a URL, joined."""
    from hinews.evaluation.data import flores_articles

    groups = flores_articles(data / "flores200-devtest", f"{lang}_Deva")
    return [" ".join(sentences) for _, sentences in groups]


def language_table(data: Path) -> list[str]:
    from hinews.errors import InputError
    from hinews.trust.language import check_source_language, detect_language

    rows = [
        "| language | articles | detected right | accepted by a Hindi-only model | most common |",
        "|---|---|---|---|---|",
    ]
    for lang, (code, name) in LANGS.items():
        docs = articles(data, lang)
        found = [detect_language(d) for d in docs]
        right = sum(1 for f in found if f is not None and f.code == code)
        accepted = 0
        for f in found:
            try:
                check_source_language(f, model_codes=False, model="opus-mt", force=False)
                accepted += 1
            except InputError:
                pass
        common = Counter(f.code if f else "none" for f in found).most_common(2)
        rows.append(
            f"| {name} ({code}) | {len(docs)} | {right / len(docs):.3f} | "
            f"{accepted / len(docs):.3f} | {', '.join(f'{c} {n}' for c, n in common)} |"
        )
    return rows


def tiny_models() -> dict[str, Path]:
    """The tests' tiny Marian and NLLB models (cached across runs as conftest caches them)."""
    try:
        import conftest
        import tiny_models as tm

        extra = [conftest._translation_model] if hasattr(conftest, "_translation_model") else []
        return {
            "marian": Path(conftest._cached_build("marian", tm.build_marian, *extra).path),
            "nllb": Path(conftest._cached_build("nllb", tm.build_nllb, *extra).path),
        }
    except ImportError:  # no pytest: build them here, once per run
        from hinews.testing import tiny
        from tiny_data import PAIRS

        work = Path(tempfile.mkdtemp(prefix="hinews-trust-"))
        return {
            "marian": tiny.build_marian(work / "marian", PAIRS),
            "nllb": tiny.build_nllb(work / "nllb", PAIRS),
        }


def confidence_table(data: Path, unseen_n: int) -> tuple[list[str], dict[str, Counter[str]]]:
    from sklearn.metrics import roc_auc_score

    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline
    from hinews.translators.factory import load_translator
    from tiny_data import PAIRS

    memorised = [s for s, _ in PAIRS]
    flores = (data / "flores200-devtest" / "hin_Deva.devtest").read_text("utf-8").split("\n")
    unseen = [s for s in flores if s.strip()][:unseen_n]
    rows = [
        "| model | backend | beams | AUROC | median conf. memorised | median conf. unseen "
        "| unseen flagged low-confidence (< 0.5) |",
        "|---|---|---|---|---|---|---|",
    ]
    own_flags: dict[str, Counter[str]] = {}
    for kind, path in tiny_models().items():
        for backend in ("transformers", "ctranslate2"):
            for beams in (1, 4):
                config = PipelineConfig.from_dict(
                    {
                        "translator": {
                            "model": str(path),
                            "backend": backend,
                            "num_beams": beams,
                            "device": "cpu",
                            "max_new_tokens": 64,
                            "quantization": "float32",
                        },
                        "pipeline": {"source_lang": None},
                    }
                )
                pipe = Pipeline(config, translator=load_translator(config.translator))
                mem = pipe.translate_sentences_scored(memorised)
                new = pipe.translate_sentences_scored(unseen)
                scores = [h.confidence or 0.0 for h in mem + new]
                labels = [1] * len(mem) + [0] * len(new)
                auroc = roc_auc_score(labels, scores)
                rows.append(
                    f"| tiny {kind} | {backend} | {beams} | {auroc:.3f} | "
                    f"{statistics.median(scores[: len(mem)]):.3f} | "
                    f"{statistics.median(scores[len(mem) :]):.3f} | "
                    f"{sum(s < 0.5 for s in scores[len(mem) :]) / len(new):.2f} |"
                )
                # Flags on the memorised model's own output, whole documents through the API.
                docs = ["\n\n".join(memorised[i : i + 5]) for i in range(0, len(memorised), 5)]
                counter: Counter[str] = Counter()
                for tr in pipe.translate_batch(docs, clean=False, force=True):
                    counter.update({k: v for k, v in tr.flag_counts.items()})
                    counter["sentences"] += len(tr.sentences)
                own_flags[f"tiny {kind} {backend} beam {beams}"] = counter
    return rows, own_flags


def _loop(target: str) -> str:
    words = target.split()
    return " ".join(words[:3] * 4 + words[3:])


def _synonyms(target: str) -> str:
    for word, other in (("satellite", "spacecraft"), ("rain", "showers"), ("cricket", "sports")):
        target = target.replace(word, other)
    return target


_DIGITS = re.compile(r"\d+(?:[,.]\d+)*")


def flag_table(data: Path, own: dict[str, Counter[str]]) -> list[str]:
    from hinews.results import FLAG_NAMES
    from hinews.summarize.numbers import quantities
    from hinews.trust.flags import sentence_flags
    from hinews.trust.glossary import Glossary
    from tiny_data import PAIRS

    folder = data / "flores200-devtest"
    hi = (folder / "hin_Deva.devtest").read_text("utf-8").split("\n")[:1012]
    en = (folder / "eng_Latn.devtest").read_text("utf-8").split("\n")[:1012]
    flores = [(h, e) for h, e in zip(hi, en, strict=True) if h.strip()]
    with_numbers = [(h, e) for h, e in flores + PAIRS if quantities(h) and _DIGITS.search(e)]
    glossary = Glossary((("उपग्रह", "satellite"), ("बारिश", "rain"), ("क्रिकेट", "cricket")))
    with_terms = [(h, e) for h, e in PAIRS if glossary.terms_in(h)]
    named = [(f"{h.rstrip('।')} (Russia)।", f"{e} (Russia)") for h, e in PAIRS[:10]]

    def rate(pairs: list[tuple[str, str]], flag: str, gloss: Glossary | None = None) -> str:
        fired = sum(flag in sentence_flags(h, e, None, glossary=gloss) for h, e in pairs)
        return f"{fired}/{len(pairs)} = {fired / len(pairs):.2f}"

    rows = [
        f"| flag | memorised output ({len(own)} tiny systems: Marian/NLLB x transformers/"
        "CTranslate2 x beam 1/4) | FLORES human references | broken output |",
        "|---|---|---|---|",
    ]
    total = sum(c["sentences"] for c in own.values())
    broken = {
        "untranslated": ([(h, h) for h, _ in PAIRS], None),
        "length": ([(h, e[: len(e) // 4]) for h, e in PAIRS if len(h) >= 20], None),
        "repetition": ([(h, _loop(e)) for h, e in PAIRS], None),
        "numbers": ([(h, _DIGITS.sub("", e)) for h, e in with_numbers], None),
        "names": ([(h, e.replace(" (Russia)", "")) for h, e in named], None),
        "glossary": ([(h, _synonyms(e)) for h, e in with_terms], glossary),
    }
    for flag in FLAG_NAMES:
        fired_own = sum(c[flag] for c in own.values())
        real = "– (no model)" if flag == "low-confidence" else rate(flores, flag)
        if flag in broken:
            pairs, gloss = broken[flag]
            bad = rate(pairs, flag, gloss)
        else:
            bad = "–"
        rows.append(f"| {flag} | {fired_own}/{total} = {fired_own / total:.2f} | {real} | {bad} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--unseen", type=int, default=100, help="unseen FLORES sentences")
    args = parser.parse_args(argv)
    if not (args.data_dir / "flores200-devtest").is_dir():
        print(f"no FLORES-200 devtest under {args.data_dir}; pass --data-dir", file=sys.stderr)
        return 2
    print("## Language of FLORES-200 devtest articles\n")
    print("\n".join(language_table(args.data_dir)))
    print("\n## Confidence: memorised vs unseen sentences (tiny test models)\n")
    rows, own = confidence_table(args.data_dir, args.unseen)
    print("\n".join(rows))
    print("\n## How often each flag fires (sentences flagged / sentences)\n")
    print("\n".join(flag_table(args.data_dir, own)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
