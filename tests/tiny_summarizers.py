"""Build tiny summarisation models at test time: no downloads, exact outputs.

* :func:`build_bart` trains a byte-level BPE tokenizer and a ~0.3M-parameter BART on a
  few short English articles until beam search (as :class:`Seq2SeqSummarizer` runs it)
  reproduces each memorised summary exactly: three 3-sentence summaries, one 1-sentence
  summary, and the map and reduce steps of one long article chunked at ``long_limit``.
* :func:`build_chat` trains a byte-level BPE tokenizer with a ChatML chat template and a
  tiny Qwen2 causal LM until greedy decoding reproduces the exact answer for the exact
  prompt :class:`InstructSummarizer` builds for each article.

Everything is saved with ``save_pretrained`` so hinews loads it as a real model folder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPECIALS_BART = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # BART ids 0..4
SPECIALS_CHAT = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

# Written for these tests. Summaries avoid repeating any three-token sequence, because
# the summariser decodes with no_repeat_ngram_size=3.
ARTICLES: list[list[str]] = [
    [
        "India launched a new weather satellite from Sriharikota on Monday.",
        "The satellite will track monsoon clouds over the Indian Ocean.",
        "Scientists at ISRO watched the launch from the control room.",
        "The rocket lifted off at 10.30 a.m. after a short delay.",
        "The Prime Minister congratulated the team in a message.",
        "The next launch is planned for December.",
    ],
    [
        "Heavy rain flooded many roads in Delhi on Tuesday.",
        "Traffic stopped for hours near the ring road.",
        "Schools in the city will stay closed for two days.",
        "The weather office has issued an orange alert.",
        "More rain is expected over the weekend.",
    ],
    [
        "The Indian cricket team won the final against Australia by six wickets.",
        "The captain scored an unbeaten century in the chase.",
        "Fans celebrated in the streets of Mumbai late at night.",
        "The bowlers restricted Australia to 241 runs.",
        "The coach praised the young players after the match.",
        "The team will return home on Friday.",
        "A victory parade is planned for Sunday.",
    ],
]
SUMMARIES: list[str] = [
    "India launched a weather satellite on Monday. It will track monsoon clouds. "
    "The next launch is planned for December.",
    "Heavy rain flooded roads in Delhi. Schools will stay closed for two days. "
    "An orange alert has been issued.",
    "India beat Australia by six wickets in the final. The captain scored a century. "
    "Fans celebrated in Mumbai.",
]
# The model writes one sentence only (a copy of the lead): the brief is topped up.
SHORT_ARTICLE: list[str] = [
    "The state government opened a new hospital in Jaipur on Wednesday.",
    "The hospital has 500 beds and a modern trauma centre.",
    "Doctors from three cities will join the staff next month.",
    "Patients can book appointments online from today.",
    "The chief minister said more hospitals will follow.",
]
SHORT_SUMMARY = "The state government opened a new hospital in Jaipur on Wednesday."
# Too long for ``long_limit``: summarised by map-reduce.
LONG_ARTICLE: list[str] = [
    "A new metro line opened in Bengaluru on Saturday morning.",
    "The line connects the airport with the city centre.",
    "Trains will run every eight minutes during peak hours.",
    "The fare for the full journey is 60 rupees.",
    "Officials said the project cost more than expected.",
    "Construction took almost seven years to finish.",
    "Local traders hope the line will bring more customers.",
    "A second line is due to open next year.",
]
LONG_MAPS: list[str] = [
    "A metro line opened in Bengaluru. It links the airport with the centre.",
    "The project cost more than expected. A second line opens next year.",
]
LONG_SUMMARY = (
    "Bengaluru opened a new metro line. The line links the airport to the city. "
    "Another line is due next year."
)

CHAT_ARTICLES: list[list[str]] = [
    [
        "The city council approved a new budget for Pune on Thursday.",
        "The budget gives more money to schools and parks.",
        "Bus fares will stay the same this year.",
        "Opposition members walked out during the vote.",
        "The mayor called the budget fair to everyone.",
    ],
    [
        "A leopard was seen near a village in Nashik on Sunday.",
        "Forest officers set up cameras to track the animal.",
        "Villagers were told to stay indoors after dark.",
        "No one has been hurt so far.",
        "Officers hope to move the leopard back to the forest.",
    ],
]
CHAT_RESPONSES: list[str] = [
    "- The city council approved a new budget for Pune.\n"
    "- The budget gives more money to schools and parks.\n"
    "- Bus fares will stay the same this year.",
    # A preamble, mixed markers and a bullet with no full stop: all must be parsed.
    "Here is the brief:\n"
    "* A leopard was seen near a village in Nashik.\n"
    "• Forest officers set up cameras to track it\n"
    "3. Villagers were told to stay indoors after dark.",
]


@dataclass(frozen=True)
class TinyBart:
    path: Path
    articles: list[list[str]]
    summaries: list[str]
    long_limit: int  # max_source_tokens at which LONG_ARTICLE is chunked as memorised
    long_chunks: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class TinyChat:
    path: Path
    articles: list[list[str]]
    responses: list[str]


def _bpe(lines: list[str], specials: list[str], vocab_size: int) -> Any:
    from tokenizers import ByteLevelBPETokenizer

    tok = ByteLevelBPETokenizer()
    tok.train_from_iterator(
        lines, vocab_size=vocab_size, min_frequency=1, special_tokens=specials, show_progress=False
    )
    return tok


def _check_no_repeated_trigrams(tokenizer: Any, texts: list[str]) -> None:
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        grams = [tuple(ids[i : i + 3]) for i in range(len(ids) - 2)]
        if len(grams) != len(set(grams)):
            raise ValueError(f"target repeats a token trigram (blocked at decoding): {text!r}")


def _long_plan(tokenizer: Any) -> tuple[int, list[list[str]]]:
    """The smallest limit at which LONG_ARTICLE splits into two chunks whose memorised
    map summaries, joined, fit in one reduce step."""
    from hinews.summarize.seq2seq import plan_chunks

    def length(text: str) -> int:
        return len(tokenizer(text)["input_ids"])

    total = length(" ".join(LONG_ARTICLE))
    reduce_len = length(" ".join(LONG_MAPS))
    for limit in range(max(math.ceil(total / 2), reduce_len), total):
        chunks = plan_chunks(LONG_ARTICLE, limit, length)
        if len(chunks) == 2:
            return limit, chunks
    raise RuntimeError("no limit splits the long article into two chunks")


def build_bart(out: Path, *, num_beams: int = 4, max_new_tokens: int = 64) -> TinyBart:
    """A BART-shaped summariser that memorises :data:`SUMMARIES` and friends.

    Checked with the generation settings :class:`Seq2SeqSummarizer` uses for
    ``num_beams`` and ``max_new_tokens``.
    """
    import torch
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        BartTokenizer,
        GenerationConfig,
    )

    from hinews.config import SummarizerConfig
    from hinews.summarize.seq2seq import generation_overrides

    work = out.parent / (out.name + "-work")
    work.mkdir(parents=True, exist_ok=True)
    texts = [" ".join(a) for a in [*ARTICLES, SHORT_ARTICLE, LONG_ARTICLE]]
    texts += [*SUMMARIES, SHORT_SUMMARY, *LONG_MAPS, LONG_SUMMARY]
    bpe = _bpe(texts, SPECIALS_BART, 1200)
    bpe.save_model(str(work))
    tokenizer = BartTokenizer(vocab=str(work / "vocab.json"), merges=str(work / "merges.txt"))
    if tokenizer("India")["input_ids"][0] != 0 or len(tokenizer("India")["input_ids"]) < 3:
        raise RuntimeError("tiny BART tokenizer did not load its vocabulary")
    long_limit, long_chunks = _long_plan(tokenizer)
    pairs = [(" ".join(a), s) for a, s in zip(ARTICLES, SUMMARIES, strict=True)]
    pairs.append((" ".join(SHORT_ARTICLE), SHORT_SUMMARY))
    pairs += [(" ".join(c), m) for c, m in zip(long_chunks, LONG_MAPS, strict=True)]
    pairs.append((" ".join(LONG_MAPS), LONG_SUMMARY))
    _check_no_repeated_trigrams(tokenizer, [t for _, t in pairs])

    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=256,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        scale_embedding=True,
    )
    torch.manual_seed(0)
    model = BartForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        decoder_start_token_id=2,
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
        forced_bos_token_id=0,
        forced_eos_token_id=2,
        num_beams=num_beams,
        max_new_tokens=max_new_tokens,
    )
    run_config = SummarizerConfig(
        strategy="seq2seq", model=str(out), num_beams=num_beams, max_new_tokens=max_new_tokens
    )
    check = generation_overrides(model.generation_config, run_config)
    sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
    batch = tokenizer(sources, text_target=targets, padding=True, return_tensors="pt")
    labels = batch["labels"].clone()
    labels[labels == tokenizer.pad_token_id] = -100

    def forward() -> Any:
        return model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels
        )

    def reproduces() -> bool:
        # One source at a time, as the summariser runs them (no padding).
        for source, target in pairs:
            enc = tokenizer(source, return_tensors="pt")
            with torch.no_grad():
                gen = model.generate(**enc, generation_config=check)
            if str(tokenizer.decode(gen[0], skip_special_tokens=True)).strip() != target:
                return False
        return True

    _train(model, forward, reproduces, max_steps=800)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    articles = [*ARTICLES, SHORT_ARTICLE, LONG_ARTICLE]
    return TinyBart(
        out, articles, [*SUMMARIES, SHORT_SUMMARY, LONG_SUMMARY], long_limit, long_chunks
    )


def chat_prompt(tokenizer: Any, sentences: list[str]) -> str:
    """The prompt :class:`InstructSummarizer` sends for ``sentences`` with this tokenizer."""
    from hinews.summarize.instruct import build_messages, special_tokens_of

    messages = build_messages(sentences, special_tokens_of(tokenizer))
    return str(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False))


def build_chat(out: Path) -> TinyChat:
    """A Qwen2-shaped chat model that answers each of :data:`CHAT_ARTICLES` exactly."""
    import torch
    from transformers import (
        GenerationConfig,
        PreTrainedTokenizerFast,
        Qwen2Config,
        Qwen2ForCausalLM,
    )

    from hinews.summarize.instruct import SYSTEM_PROMPT, USER_TEMPLATE

    lines = [SYSTEM_PROMPT, USER_TEMPLATE, *CHAT_RESPONSES, "system user assistant"]
    lines += [" ".join(a) for a in CHAT_ARTICLES]
    bpe = _bpe(lines, SPECIALS_CHAT, 1500)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        chat_template=CHATML,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
    )
    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    pad = tokenizer.pad_token_id
    rows = []
    for article, response in zip(CHAT_ARTICLES, CHAT_RESPONSES, strict=True):
        prompt = tokenizer(chat_prompt(tokenizer, article), add_special_tokens=False)["input_ids"]
        answer = tokenizer(response, add_special_tokens=False)["input_ids"] + [end]
        rows.append((prompt, answer))
    width = max(len(p) + len(a) for p, a in rows)
    ids = torch.full((len(rows), width), pad)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100)
    for i, (prompt, answer) in enumerate(rows):
        seq = prompt + answer
        ids[i, : len(seq)] = torch.tensor(seq)
        mask[i, : len(seq)] = 1
        labels[i, len(prompt) : len(seq)] = torch.tensor(answer)  # loss on the answer only

    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        attention_dropout=0.0,
        eos_token_id=end,
        pad_token_id=pad,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(config)
    # Sampling defaults like a real chat model's: the summariser must override them.
    model.generation_config = GenerationConfig(
        eos_token_id=end, pad_token_id=pad, do_sample=True, temperature=0.7, top_p=0.8
    )

    def forward() -> Any:
        return model(input_ids=ids, attention_mask=mask, labels=labels)

    def reproduces() -> bool:
        for (prompt, answer), response in zip(rows, CHAT_RESPONSES, strict=True):
            with torch.no_grad():
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

    _train(model, forward, reproduces, max_steps=800)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return TinyChat(out, [list(a) for a in CHAT_ARTICLES], list(CHAT_RESPONSES))


def _train(model: Any, forward: Any, reproduces: Any, *, max_steps: int) -> None:
    """Full-batch AdamW (lr 3e-3, 20 warm-up steps) until decoding reproduces the targets,
    then a few more steps so the margin is not razor-thin."""
    import torch

    # Matrices this small gain nothing from threads, and on a busy machine the thread
    # synchronisation makes training many times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _train_loop(model, forward, reproduces, max_steps=max_steps)
    finally:
        torch.set_num_threads(threads)


def _train_loop(model: Any, forward: Any, reproduces: Any, *, max_steps: int) -> None:
    import torch

    torch.manual_seed(0)
    optim = torch.optim.AdamW(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / 20))
    model.train()

    def step() -> float:
        loss = forward().loss
        optim.zero_grad()
        loss.backward()
        optim.step()
        sched.step()
        return float(loss.item())

    for i in range(max_steps):
        loss = step()
        if i % 25 == 24 and loss < 0.05:
            model.eval()
            ok = reproduces()
            model.train()
            if ok:
                for _ in range(30):
                    step()
                model.eval()
                if reproduces():
                    return
                model.train()
    raise RuntimeError(f"tiny model did not memorise its targets in {max_steps} steps")
