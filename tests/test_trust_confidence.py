"""Confidence from the model itself: exact on transformers, the same on CTranslate2."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import hinews
from hinews.config import TranslatorConfig
from hinews.models.hub import find_model
from hinews.results import Hypothesis
from tiny_models import TinyModel

UNSEEN = ["यह एक अनदेखा वाक्य है जो मॉडल ने नहीं देखा।", "बिहार में बाढ़ से 12 लोगों की मौत"]


@pytest.fixture(autouse=True)
def _ct2_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path_factory.getbasetemp() / "trust-ct2-cache"  # one conversion per session
    monkeypatch.setenv("HINEWS_CACHE", str(cache))


def _config(model: TinyModel, backend: str, beams: int) -> TranslatorConfig:
    return TranslatorConfig(
        model=str(model.path),
        backend=backend,
        num_beams=beams,
        device="cpu",
        max_new_tokens=48,
        quantization="float32",  # int8 would move the probabilities a little
        threads=1,
    )


def _translator(model: TinyModel, backend: str, beams: int) -> hinews.Translator:
    config = _config(model, backend, beams)
    if backend == "ctranslate2":
        from hinews.translators.ct2 import CTranslate2Translator

        return CTranslate2Translator(find_model(str(model.path)), config)
    from hinews.translators.hf import TransformersTranslator

    return TransformersTranslator(find_model(str(model.path)), config)


def _teacher_forced(translator, source: str, target_ids: list[int], forced: int) -> float:  # type: ignore[no-untyped-def]
    """exp(mean log-prob) of ``target_ids`` (EOS included, forced tokens left out), from a
    plain forward pass: an independent reference for the generation-time value."""
    import torch

    tok, model = translator.tokenizer, translator.model
    start = model.config.decoder_start_token_id
    with torch.no_grad():
        logits = model(
            input_ids=torch.tensor([tok(source)["input_ids"]]),
            decoder_input_ids=torch.tensor([[start, *target_ids[:-1]]]),
        ).logits[0]
    bad = getattr(model.generation_config, "bad_words_ids", None) or []
    for ids in bad:  # what generate() forbids (Marian's <pad>) is not a choice either
        logits[:, ids] = -math.inf
    logp = torch.log_softmax(logits.float(), dim=-1)
    chosen = [logp[i, t].item() for i, t in enumerate(target_ids)][forced:]
    return math.exp(sum(chosen) / len(chosen))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["marian", "nllb"])
def test_greedy_confidence_is_the_models_own_probability(
    kind: str, request: pytest.FixtureRequest
) -> None:
    model: TinyModel = request.getfixturevalue(f"tiny_{kind}")
    translator = _translator(model, "transformers", 1)
    sources = [model.pairs[0][0], UNSEEN[0]]
    out = translator.translate_batch(sources)
    tok = translator.tokenizer  # type: ignore[attr-defined]
    forced = 1 if translator.tgt_lang else 0  # type: ignore[attr-defined]
    for source, hyp in zip(sources, out, strict=True):
        import torch

        with torch.no_grad():  # the generated ids themselves (decoded text may not round-trip)
            generated = (
                translator.model.generate(  # type: ignore[attr-defined]
                    **tok(source, return_tensors="pt"),
                    generation_config=translator.generation_config,  # type: ignore[attr-defined]
                )
                .sequences[0, 1:]
                .tolist()
            )
        target_ids = generated[: generated.index(tok.eos_token_id) + 1]
        expected = _teacher_forced(translator, source, target_ids, forced)
        assert hyp.confidence == pytest.approx(expected, abs=2e-3)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["marian", "nllb"])
@pytest.mark.parametrize("beams", [1, 4])
def test_backends_agree_on_confidence(
    kind: str, beams: int, request: pytest.FixtureRequest
) -> None:
    model: TinyModel = request.getfixturevalue(f"tiny_{kind}")
    sources = [s for s, _ in model.pairs[:8]] + UNSEEN
    hf = _translator(model, "transformers", beams).translate_batch(sources)
    ct2 = _translator(model, "ctranslate2", beams).translate_batch(sources)
    assert all(isinstance(h, Hypothesis) for h in hf + ct2)
    # Memorised sentences: the same text and confidence on both backends. On a sentence the
    # model never saw, beam search can end in a degenerate repetition whose near-tied
    # candidates the two engines' float32 sums order differently on some CPUs (seen on an
    # AMD EPYC: one beam-4 output of ten differed); there the texts may differ, and each
    # backend's confidence must still say "do not trust it".
    assert [h.text for h in hf[:8]] == [h.text for h in ct2[:8]]
    agreed = 0
    for a, b in zip(hf, ct2, strict=True):
        assert a.confidence is not None and b.confidence is not None
        assert 0.0 <= a.confidence <= 1.0 and 0.0 <= b.confidence <= 1.0
        if a.text == b.text:
            assert a.confidence == pytest.approx(b.confidence, abs=1e-3)
            agreed += 1
    assert agreed >= 9  # the eight memorised and at least one unseen sentence
    for out in (hf, ct2):
        memorised = [h.confidence for h in out[:8]]
        unseen = [h.confidence for h in out[8:]]
        assert min(memorised) > 0.95 > max(unseen)  # type: ignore[type-var,operator]


def test_confidence_reaches_the_results_and_markdown(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    from tiny_data import DOC

    pipe = hinews.Pipeline.from_options(translator=str(tiny_marian.path), num_beams=1)
    result = pipe.translate(DOC)
    assert all(p.confidence is not None and p.confidence > 0.95 for p in result.sentences)
    assert result.title_confidence is not None and result.title_confidence > 0.95
    assert all(p.flags == () for p in result.sentences)
    assert result.to_dict()["flags"] == dict.fromkeys(hinews.results.FLAG_NAMES, 0)
    assert "## Sentences (0 of " in result.to_markdown()
    strict = hinews.Pipeline.from_options(
        translator=str(tiny_marian.path), num_beams=1, confidence_threshold=0.999
    ).translate(DOC)
    assert all(p.flags == ("low-confidence",) for p in strict.sentences)
    md = strict.to_markdown()
    first = strict.sentences[0]
    assert f"| ⚠ 1 | {first.confidence:.2f} | low-confidence | {first.target} |" in md
    assert strict.provenance.options["confidence_threshold"] == 0.999


def test_a_translator_returning_plain_strings_still_works(tmp_path: Path) -> None:
    """Third-party translators written before confidences: texts, unknown confidence."""
    from tiny_data import PAIRS

    table = dict(PAIRS)

    class Plain:
        provenance = hinews.Provenance(model="plain", backend="test")
        max_source_tokens = 200

        def translate_batch(self, sentences: list[str]) -> list[str]:
            return [table[s] for s in sentences]

        def count_tokens(self, sentence: str) -> int:
            return len(sentence.split())

    pipe = hinews.Pipeline(translator=Plain())  # type: ignore[arg-type]
    result = pipe.translate(PAIRS[0][0] + " " + PAIRS[1][0], clean=False, force=True)
    assert [p.confidence for p in result.sentences] == [None, None]
    assert result.to_dict()["sentences"][0]["confidence"] is None
