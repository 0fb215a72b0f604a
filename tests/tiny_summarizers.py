"""Tiny summarisation models the tests load: exact outputs, no downloads.

* :func:`build_bart` memorises (as :class:`Seq2SeqSummarizer` runs it, beam search) each
  summary below: three 3-sentence summaries, one 1-sentence summary, and the map and reduce
  steps of one long article chunked at ``long_limit``.
* :func:`build_chat` memorises the exact answer to the exact prompt
  :class:`InstructSummarizer` builds for each chat article (greedy decoding).

The recipes live in :mod:`hinews.testing.tiny`; this module holds the data and binds them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hinews.testing import tiny, tokenizers

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
    _check_no_repeated_trigrams(tokenizer, [t for _, t in pairs])
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
