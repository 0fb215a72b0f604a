"""Tiny summarisation models the tests load: exact outputs, no downloads.

* :func:`build_bart` memorises (as :class:`Seq2SeqSummarizer` runs it, beam search) each
  summary below: three 3-sentence summaries, one 1-sentence summary, and the map and reduce
  steps of one long article chunked at ``long_limit``.
* :func:`build_chat` memorises the exact answer to the exact prompt
  :class:`InstructSummarizer` builds for each chat article (greedy decoding).
* :func:`build_xlsum` and :func:`build_crosssum` are mT5 models (the XL-Sum and CrossSum
  layouts) that read Hindi articles made of ``tiny_data.PAIRS`` sentences and write a Hindi
  summary (itself made of PAIRS sentences, so the tiny translators translate it) or an
  English one, decoding as the model cards (beam 4, no repeated bigram); the XL-Sum one
  also memorises the map and reduce steps of a long article chunked at ``long_limit``.

The recipes live in :mod:`hinews.testing.tiny`; this module holds the data and binds them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hinews.testing import tiny, tokenizers
from tiny_data import PAIRS, TITLE

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


# -- summarisers that read Hindi (mT5) ---------------------------------------------------------
HI = [hindi for hindi, _ in PAIRS]
XLSUM_ARTICLES: list[list[str]] = [
    [HI[i] for i in (28, 29, 30, 31, 32, 33)],  # a new bridge
    [HI[i] for i in (16, 18, 19, 12, 13)],  # the market: its Sensex figure is not in it
]
XLSUM_SUMMARIES: list[str] = [
    f"{HI[30]} {HI[31]}",  # two sentences: the brief is topped up
    f"{HI[16]} {HI[17]}",  # the second brings a number (500) the article lacks
]
# Too long for ``long_limit``: summarised by map-reduce (maps and reduce derived from the
# chunks, see _xlsum_long_plan).
XLSUM_LONG: list[str] = [HI[i] for i in range(10)]
CROSSSUM_ARTICLES: list[list[str]] = [
    [HI[i] for i in (4, 5, 6, 7, 24, 25)],
    [HI[i] for i in (8, 9, 10, 11, 34)],
]
CROSSSUM_SUMMARIES: list[str] = [
    # Two sentences, the second with a number (40) the article lacks.
    "Heavy rain flooded roads in Delhi. The city got 40 mm of rain.",
    "India's cricket team won. Its captain scored a century. Fans gave a standing ovation.",
]


def expected_top_up(chosen: list[str], article: list[str], n: int = 3) -> list[str]:
    """``chosen`` followed by the best-ranked article sentences that restate none of the
    bullets before them (what a brief's extractive top-up must give)."""
    from hinews.summarize.extractive import rank_sentences
    from hinews.summarize.overlap import restates

    out = list(chosen)
    for s in (article[i] for i in rank_sentences(article)):
        if len(out) < n and not any(restates(s, c) or restates(c, s) for c in out):
            out.append(s)  # says something no bullet before it says
    return out


def hindi_article(sentences: list[str]) -> str:
    """An article as a user gives it: the title line, then one paragraph of ``sentences``."""
    return f"{TITLE}\n\n" + " ".join(sentences)


@dataclass(frozen=True)
class TinyMT5:
    path: Path
    strategy: str  # "source" (XL-Sum) or "crosslingual" (CrossSum)
    articles: list[list[str]]
    summaries: list[str]
    long_limit: int = 0  # max_source_tokens at which XLSUM_LONG is chunked as memorised
    long_chunks: list[list[str]] = field(default_factory=list)
    long_maps: list[str] = field(default_factory=list)
    long_summary: str = ""


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


def _check_no_repeated_ngrams(tokenizer: Any, texts: list[str], n: int) -> None:
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        grams = [tuple(ids[i : i + n]) for i in range(len(ids) - n + 1)]
        if len(grams) != len(set(grams)):
            raise ValueError(f"target repeats a token {n}-gram (blocked at decoding): {text!r}")


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
    """A BART-shaped summariser that memorises :data:`SUMMARIES` and friends."""
    articles = [*ARTICLES, SHORT_ARTICLE, LONG_ARTICLE]
    texts = [" ".join(a) for a in articles]
    texts += [*SUMMARIES, SHORT_SUMMARY, *LONG_MAPS, LONG_SUMMARY]
    tokenizer = tokenizers.bart_tokenizer(texts, out.parent / (out.name + "-work"))
    long_limit, long_chunks = _long_plan(tokenizer)
    pairs = [(" ".join(a), s) for a, s in zip(ARTICLES, SUMMARIES, strict=True)]
    pairs.append((" ".join(SHORT_ARTICLE), SHORT_SUMMARY))
    pairs += [(" ".join(c), m) for c, m in zip(long_chunks, LONG_MAPS, strict=True)]
    pairs.append((" ".join(LONG_MAPS), LONG_SUMMARY))
    _check_no_repeated_ngrams(tokenizer, [t for _, t in pairs], 3)
    tiny.build_bart(out, tokenizer, pairs, num_beams=num_beams, max_new_tokens=max_new_tokens)
    summaries = [*SUMMARIES, SHORT_SUMMARY, LONG_SUMMARY]
    return TinyBart(out, articles, summaries, long_limit, long_chunks)


def build_chat(out: Path) -> TinyChat:
    """A Qwen2-shaped chat model that answers each of :data:`CHAT_ARTICLES` exactly."""
    from hinews.summarize.instruct import SYSTEM_PROMPT, USER_TEMPLATE

    lines = [SYSTEM_PROMPT, USER_TEMPLATE, *CHAT_RESPONSES, "system user assistant"]
    lines += [" ".join(a) for a in CHAT_ARTICLES]
    tokenizer = tokenizers.chat_tokenizer(lines)
    prompts = [tiny.chat_prompt(tokenizer, a) for a in CHAT_ARTICLES]
    tiny.build_chat(out, tokenizer, list(zip(prompts, CHAT_RESPONSES, strict=True)))
    return TinyChat(out, [list(a) for a in CHAT_ARTICLES], list(CHAT_RESPONSES))


def _mt5_tokenizer(texts: list[str], work: Path) -> Any:
    """A word-level T5 tokenizer on ``texts`` and every PAIRS sentence: whole words as
    pieces, so no memorised summary repeats a token bigram by accident."""
    work.mkdir(parents=True, exist_ok=True)
    lines = [*texts, *(t for pair in PAIRS for t in pair)]
    spm = tokenizers.train_sentencepiece(lines, work / "words", 2000, "word")
    return tokenizers.t5_tokenizer(tokenizers.spm_pieces(spm))


def _xlsum_long_plan(tokenizer: Any) -> tuple[int, list[list[str]], list[str], str]:
    """The smallest limit at which XLSUM_LONG splits into two chunks whose map summaries
    (each chunk's first and last sentences), joined, fit in one reduce step; the maps and
    the reduce summary (the first sentence of each map)."""
    from hinews.summarize.seq2seq import plan_chunks
    from hinews.summarize.source import whitespace_normalised

    def length(text: str) -> int:
        return len(tokenizer(text)["input_ids"])

    def join(sentences: list[str]) -> str:
        return whitespace_normalised(" ".join(sentences))

    total = length(join(XLSUM_LONG))
    for limit in range(math.ceil(total / 2), total):
        chunks = plan_chunks(XLSUM_LONG, limit, length, join=join)
        maps = [join([c[0], c[-1]]) for c in chunks]
        if len(chunks) == 2 and length(join(maps)) <= limit:
            return limit, chunks, maps, join([c[0] for c in chunks])
    raise RuntimeError("no limit splits the long Hindi article into two chunks")


def build_xlsum(out: Path) -> TinyMT5:
    """An mT5 XL-Sum-shaped model: Hindi articles in, Hindi summaries out."""
    work = out.parent / (out.name + "-work")
    texts = [" ".join(a) for a in [*XLSUM_ARTICLES, XLSUM_LONG]] + XLSUM_SUMMARIES
    tokenizer = _mt5_tokenizer(texts, work)
    limit, chunks, maps, summary = _xlsum_long_plan(tokenizer)
    pairs = [(" ".join(a), s) for a, s in zip(XLSUM_ARTICLES, XLSUM_SUMMARIES, strict=True)]
    pairs += [(" ".join(c), m) for c, m in zip(chunks, maps, strict=True)]
    pairs.append((" ".join(maps), summary))
    _check_no_repeated_ngrams(tokenizer, [t for _, t in pairs], 2)
    tiny.build_mt5(out, tokenizer, pairs, strategy="source")
    return TinyMT5(
        out, "source", [list(a) for a in XLSUM_ARTICLES], list(XLSUM_SUMMARIES),
        limit, chunks, maps, summary,
    )  # fmt: skip


def build_crosssum(out: Path) -> TinyMT5:
    """An mT5 CrossSum-shaped model: Hindi articles in, English summaries out."""
    work = out.parent / (out.name + "-work")
    texts = [" ".join(a) for a in CROSSSUM_ARTICLES] + CROSSSUM_SUMMARIES
    tokenizer = _mt5_tokenizer(texts, work)
    pairs = [(" ".join(a), s) for a, s in zip(CROSSSUM_ARTICLES, CROSSSUM_SUMMARIES, strict=True)]
    _check_no_repeated_ngrams(tokenizer, [t for _, t in pairs], 2)
    tiny.build_mt5(out, tokenizer, pairs, strategy="crosslingual")
    return TinyMT5(
        out, "crosslingual", [list(a) for a in CROSSSUM_ARTICLES], list(CROSSSUM_SUMMARIES)
    )
