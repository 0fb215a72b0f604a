"""Tiny models that memorise given texts exactly: what the tests load instead of hub models.

Each recipe trains a tokenizer on the texts, makes a :data:`~hinews.testing.configs.TINY`
model with seed-0 weights, trains it with :func:`~hinews.testing.memorise.memorise` until it
reproduces every target as hinews decodes it, and saves both with ``save_pretrained``, so
hinews loads the folder as it would load a real model directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hinews.testing import configs, memorise, tokenizers
from hinews.testing.configs import TINY, Size

Pairs = list[tuple[str, str]]
# The chat model's context: prompt and answer of every article must fit.
CHAT_SIZE = Size(d_model=64, layers=2, heads=4, ffn=128, max_positions=1024, kv_heads=2)


def _save(out: Path, model: Any, tokenizer: Any) -> Path:
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _work(out: Path) -> Path:
    work = out.parent / (out.name + "-work")
    work.mkdir(parents=True, exist_ok=True)
    return work


def _memorise_translation(
    model: Any,
    tokenizer: Any,
    pairs: Pairs,
    zero: int | None,
    work: Path,
    target_prefix: str | None = None,
) -> None:
    """Memorise until greedy and 4-beam search (the tests check both) give every target.

    Where CTranslate2 is installed, then polished until its int8 conversion decodes the same
    targets: int8 rounding flipped a token of one NLLB sentence that float decoding
    reproduced with a margin of 4 logits (after a transformers release changed training).
    """
    greedy = memorise.decodes_batch(model, tokenizer, pairs, num_beams=1, max_new_tokens=64)
    beam = memorise.decodes_batch(model, tokenizer, pairs, num_beams=4, max_new_tokens=64)
    int8 = memorise.ct2_int8_decodes(model, tokenizer, pairs, work, target_prefix)
    after = None if zero is None else lambda: configs.zero_row(model, zero)
    forward = memorise.seq2seq_forward(model, tokenizer, pairs)
    memorise.memorise(
        model,
        forward,
        lambda: greedy() and beam(),
        max_steps=600,
        settle_steps=40,
        after_step=after,
    )
    memorise.polish(model, forward, lambda: greedy() and beam() and int8(), after_step=after)


def build_marian(out: Path, pairs: Pairs, size: Size = TINY) -> Path:
    """An opus-mt-shaped Marian model (separate source/target SentencePiece, shared vocab).

    The ``<pad>`` embedding row stays zero throughout, so CTranslate2's conversion (which
    decodes from a zero embedding) returns exactly what transformers returns.
    """
    from transformers import MarianMTModel

    work = _work(out)
    src = tokenizers.train_sentencepiece([s for s, _ in pairs], work / "source", 300, "unigram")
    tgt = tokenizers.train_sentencepiece([t for _, t in pairs], work / "target", 300, "unigram")
    pieces = [p for f in (src, tgt) for p, _ in tokenizers.spm_pieces(f)]
    tokenizer = tokenizers.marian_tokenizer(pieces, src, tgt, work)
    pad = tokenizer.pad_token_id
    model = configs.seeded(MarianMTModel, configs.marian_config(len(tokenizer), pad, size))
    configs.zero_row(model, pad)
    model.generation_config = configs.marian_generation(pad, num_beams=4, max_new_tokens=64)
    _memorise_translation(model, tokenizer, pairs, zero=pad, work=work)
    return _save(out, model, tokenizer)


def build_nllb(out: Path, pairs: Pairs, size: Size = TINY) -> Path:
    """An NLLB-shaped M2M100 model with a real (``tokenizers``-backed) NllbTokenizer."""
    from transformers import M2M100ForConditionalGeneration

    lines = [s for s, _ in pairs] + [t for _, t in pairs]
    work = _work(out)
    bpe = tokenizers.train_sentencepiece(lines, work / "bpe", 500, "bpe")
    tokenizer = tokenizers.nllb_tokenizer(tokenizers.spm_pieces(bpe))
    model = configs.seeded(
        M2M100ForConditionalGeneration, configs.m2m100_config(len(tokenizer), size)
    )
    eng = tokenizer.convert_tokens_to_ids("eng_Latn")
    model.generation_config = configs.nllb_generation(eng, num_beams=4, max_new_tokens=64)
    _memorise_translation(model, tokenizer, pairs, zero=None, work=work, target_prefix="eng_Latn")
    return _save(out, model, tokenizer)


def build_bart(
    out: Path, tokenizer: Any, pairs: Pairs, *, num_beams: int, max_new_tokens: int
) -> Path:
    """A BART-shaped summariser that maps each source of ``pairs`` to its summary exactly.

    Checked one source at a time with the generation settings
    :class:`~hinews.summarize.seq2seq.Seq2SeqSummarizer` uses for ``num_beams`` and
    ``max_new_tokens``. ``tokenizer`` comes from :func:`~hinews.testing.tokenizers.bart_tokenizer`.
    """
    from transformers import BartForConditionalGeneration

    model = configs.seeded(BartForConditionalGeneration, configs.bart_config(len(tokenizer)))
    model.generation_config = configs.bart_generation(
        num_beams=num_beams, max_new_tokens=max_new_tokens
    )
    return _memorise_summaries(out, model, tokenizer, pairs, "seq2seq", num_beams, max_new_tokens)


def build_mt5(
    out: Path,
    tokenizer: Any,
    pairs: Pairs,
    *,
    strategy: str,
    num_beams: int = 4,
    max_new_tokens: int = 84,
) -> Path:
    """An mT5-shaped summariser (XL-Sum or CrossSum layout) that maps each source of
    ``pairs`` (a Hindi article as the summariser joins it) to its summary exactly.

    Its GenerationConfig is the model cards'
    (:func:`~hinews.testing.configs.mt5_summary_generation`); the targets are checked with
    the settings the ``strategy`` (``source`` or ``crosslingual``) decodes with.
    ``tokenizer`` comes from :func:`~hinews.testing.tokenizers.t5_tokenizer`.
    """
    from transformers import MT5ForConditionalGeneration

    model = configs.seeded(MT5ForConditionalGeneration, configs.mt5_config(len(tokenizer)))
    model.generation_config = configs.mt5_summary_generation(
        num_beams=num_beams, max_new_tokens=max_new_tokens
    )
    return _memorise_summaries(out, model, tokenizer, pairs, strategy, num_beams, max_new_tokens)


def _memorise_summaries(
    out: Path,
    model: Any,
    tokenizer: Any,
    pairs: Pairs,
    strategy: str,
    num_beams: int,
    max_new_tokens: int,
) -> Path:
    """Train until each source alone decodes to its target as the strategy's summariser
    decodes (its generation overrides), then save."""
    from hinews.config import SummarizerConfig
    from hinews.summarize.seq2seq import Seq2SeqSummarizer, generation_overrides
    from hinews.summarize.source import CrosslingualSummarizer, SourceSummarizer

    summarizer = {
        "seq2seq": Seq2SeqSummarizer,
        "source": SourceSummarizer,
        "crosslingual": CrosslingualSummarizer,
    }[strategy]
    run = SummarizerConfig(
        strategy=strategy, model=str(out), num_beams=num_beams, max_new_tokens=max_new_tokens
    )
    check = generation_overrides(
        model.generation_config, run, no_repeat_default=summarizer.no_repeat_default
    )
    memorise.memorise(
        model,
        memorise.seq2seq_forward(model, tokenizer, pairs),
        memorise.decodes_each(model, tokenizer, pairs, generation_config=check),
    )
    return _save(out, model, tokenizer)


def chat_prompt(tokenizer: Any, sentences: list[str]) -> str:
    """The prompt :class:`~hinews.summarize.instruct.InstructSummarizer` sends for ``sentences``."""
    from hinews.summarize.instruct import build_messages, special_tokens_of

    messages = build_messages(sentences, special_tokens_of(tokenizer))
    return str(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False))


def build_chat(out: Path, tokenizer: Any, dialogues: Pairs, size: Size = CHAT_SIZE) -> Path:
    """A Qwen2-shaped causal LM that answers each (prompt, response) exactly, greedily.

    The loss is on the answers only; ``tokenizer`` comes from
    :func:`~hinews.testing.tokenizers.chat_tokenizer` and ends each answer with ``<|im_end|>``.
    """
    import torch
    from transformers import Qwen2ForCausalLM

    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    pad = tokenizer.pad_token_id
    rows = [
        (
            tokenizer(prompt, add_special_tokens=False)["input_ids"],
            tokenizer(response, add_special_tokens=False)["input_ids"] + [end],
        )
        for prompt, response in dialogues
    ]
    width = max(len(p) + len(a) for p, a in rows)
    ids = torch.full((len(rows), width), pad)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100)
    for i, (prompt, answer) in enumerate(rows):
        seq = prompt + answer
        ids[i, : len(seq)] = torch.tensor(seq)
        mask[i, : len(seq)] = 1
        labels[i, len(prompt) : len(seq)] = torch.tensor(answer)

    model = configs.seeded(Qwen2ForCausalLM, configs.qwen2_config(len(tokenizer), end, pad, size))
    model.generation_config = configs.chat_generation(end, pad)

    def reproduces() -> bool:
        for (prompt, answer), (_, response) in zip(rows, dialogues, strict=True):
            gen = model.generate(
                torch.tensor([prompt]),
                do_sample=False,
                num_beams=1,
                max_new_tokens=len(answer) + 5,
                attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
            )
            new = gen[0, len(prompt) :].tolist()
            if new != answer or tokenizer.decode(new, skip_special_tokens=True) != response:
                return False
        return True

    memorise.memorise(
        model, lambda: model(input_ids=ids, attention_mask=mask, labels=labels), reproduces
    )
    return _save(out, model, tokenizer)
