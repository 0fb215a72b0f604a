"""How well ``hinews digest`` finds copies and stories, beside two baselines, in one run.

The set is built from real Hindi news text in ``../shared/data`` (nothing is written to the
repository): every NTREX-128 document and every FLORES-200 devtest article is one story.

- A document of six sentences or more is told as TWO reports of the same story: the
  first half under the real headline, the second half under a headline of its own (the
  start of its first sentence). Shorter documents are one report.
- Each report is then published by 0-3 more outlets as syndicated copies: the outlet's
  header and breadcrumb, a byline, a dateline, a footer with "ये भी पढ़ें" links to OTHER
  stories' headlines and follow/copyright lines, a tweaked headline (outlet suffix,
  "बड़ी खबर:" prefix, a word dropped), and a paragraph dropped or two merged.
  Originals carry their own outlet's header and footer too.
- A few Marathi, Nepali and English reports and an empty one are mixed in: they must be
  skipped, never grouped.

Gold: copies are the reports of one (document, half). Stories are scored against two
golds: by EVENT (the main one: NTREX-128 is one news day, and several of its documents
are different outlets' reports of one event, e.g. five on the Indonesian tsunami; those
are listed in ``EVENTS`` below, annotated by hand from their English headlines, and are
one story), and by DOCUMENT (stricter: every document its own story, so grouping two
outlets' reports of the tsunami counts as an error).
Scores: B-cubed precision/recall/F1 of the stories over all Hindi reports, and pairwise
precision/recall/F1 of the copy pairs, for hinews and for two baselines on the same
cleaned text: grouping by exact (normalised) headline, and connected components of TF-IDF
cosine similarity (the single-link grouping hinews avoids) at a story and a copy
threshold. Then the time to clean and group 1,000 reports (no translation), hinews only.

Usage::

    python eval/digest_quality.py [--data ../shared/data] [--seed 13] [--format text|json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"

OUTLETS = [
    ("दैनिक समाचार", "dainiksamachar.example"),
    ("भारत टाइम्स न्यूज़", "bharattimes.example"),
    ("जनवाणी", "janvani.example"),
    ("नवभारत दर्पण", "navbharat.example"),
    ("हिंदी खबर", "hindikhabar.example"),
    ("प्रभात संदेश", "prabhat.example"),
    ("राष्ट्र आवाज़", "rashtraawaz.example"),
    ("सत्य प्रहरी", "satyaprahari.example"),
]
CITIES = ["नई दिल्ली", "मुंबई", "लखनऊ", "जयपुर", "पटना", "भोपाल", "वॉशिंगटन", "लंदन"]
NAMES = ["राहुल शर्मा", "प्रिया सिंह", "अमित वर्मा", "नेहा गुप्ता", "संजय यादव", "एजेंसी"]
SECTIONS = ["देश", "विदेश", "खेल", "व्यापार", "विज्ञान", "मनोरंजन"]


#: NTREX-128 documents that report the same event (from their English headlines). Broad
#: topics with different events (the Kavanaugh hearing vs. the FBI inquiry, Brexit) stay
#: apart.
EVENTS = {
    "indonesia-tsunami": "euronews-en.153797 euronews-en.153835 nytimes.184837 nytimes.184860 "
    "reuters.218863 reuters.218865 telegraph.405422 newsweek.51340",
    "ryder-cup": "euronews-en.153826 independent.226301 reuters.218914 reuters.218923 "
    "scotsman.133758",
    "macedonia-referendum": "reuters.218932 rt.com.91337",
    "warren-2020": "abcnews.306755 newsweek.51300",
    "north-korea-trust": "cnbc.com.6769 reuters.218861",
    "syria-refugees": "euronews-en.153799 thelocal.65969",
    "hurricane-rosa": "abcnews.306815 newsweek.51338",
    "trump-west-virginia-rally": "cnn.304447 newsweek.51310 cnn.304489",
    "track-palin": "cnn.304478 newsweek.51339",
    "livingston-rangers": "bbc.381746 scotsman.133791",
    "wayde-sims-arrest": "cbsnews.248387 reuters.218909",
}
_EVENT_OF = {f"ntrex:{d}": f"event:{e}" for e, docs in EVENTS.items() for d in docs.split()}


# -- the set --------------------------------------------------------------------------------
def load_documents(data: Path) -> list[tuple[str, str, list[str]]]:
    """(story id, headline or "", sentences) for NTREX documents and FLORES articles."""
    docs: list[tuple[str, str, list[str]]] = []
    folder = data / "ntrex128"
    lines = (folder / "newstest2019-ref.hin.txt").read_text("utf-8").split("\n")
    ids = (folder / "DOCUMENT_IDS.tsv").read_text("utf-8").split("\n")
    grouped: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines, strict=False):
        if line.strip() and doc.strip():
            grouped.setdefault("ntrex:" + doc.split("\t")[0], []).append(line.strip())
    for doc, sents in grouped.items():
        if len(sents) >= 3:
            docs.append((doc, sents[0], sents[1:]))
    from hinews.evaluation.data import flores_articles

    for url, sents in flores_articles(data / "flores200-devtest"):
        docs.append(("flores:" + url, "", sents))
    return docs


def _short_headline(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip("।.!? ").split()
    return " ".join(words[: rng.randint(6, 9)])


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 2, 2, 3))
        out.append(" ".join(sentences[i : i + n]))
        i += n
    return out


def _tweak(headline: str, outlet: str, rng: random.Random) -> str:
    words = headline.split()
    kind = rng.randrange(4)
    if kind == 0:
        return f"{headline} | {outlet}"
    if kind == 1:
        return f"बड़ी खबर: {headline}"
    if kind == 2 and len(words) > 4:
        del words[rng.randrange(1, len(words))]
        return " ".join(words)
    return f"{headline} - {outlet}"


def _render(
    headline: str,
    paragraphs: list[str],
    outlet: str,
    related: list[str],
    rng: random.Random,
    *,
    copy: bool,
) -> str:
    body = list(paragraphs)
    if copy and len(body) >= 3 and rng.random() < 0.5:
        del body[rng.randrange(1, len(body))]  # a paragraph dropped
    if copy and len(body) >= 2 and rng.random() < 0.5:
        j = rng.randrange(len(body) - 1)
        body[j : j + 2] = [body[j] + " " + body[j + 1]]  # two merged
    city = rng.choice(CITIES)
    if rng.random() < 0.7:
        body[0] = (
            f"{city}, {rng.randint(1, 28)} जुलाई ({rng.choice(['एजेंसी', 'भाषा', 'वार्ता'])})। "
            + body[0]
        )
    lines = [
        headline,
        f"होम » {rng.choice(SECTIONS)} » ख़बर",
        f"{rng.choice(NAMES)}, {city} | अपडेटेड: {rng.randint(1, 12)}:{rng.randint(10, 59)} PM",
        "",
        *[p + "\n" for p in body],
        *[f"ये भी पढ़ें: {r}" for r in related],
        "",
        f"हमें फॉलो करें: फेसबुक | ट्विटर | {outlet}",
        f"© 2025 {outlet}. सर्वाधिकार सुरक्षित।",
    ]
    return "\n".join(lines)


def build_set(
    data: Path, seed: int = 13
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str, str]]]:
    """Reports (JSONL-style records) and gold (id -> (document, copy group, event))."""
    rng = random.Random(seed)
    docs = load_documents(data)
    headlines = [h or _short_headline(s[0], rng) for _, h, s in docs]
    records: list[dict[str, Any]] = []
    gold: dict[str, tuple[str, str, str]] = {}
    for (story, _, sentences), head in zip(docs, headlines, strict=True):
        parts = [(head, sentences)]
        if len(sentences) >= 6:
            half = len(sentences) // 2
            parts = [
                (head, sentences[:half]),
                (_short_headline(sentences[half], rng), sentences[half:]),
            ]
        for p, (title, sents) in enumerate(parts):
            paragraphs = _paragraphs(sents, rng)
            outlets = rng.sample(OUTLETS, 1 + rng.choice((0, 0, 1, 1, 2, 3)))
            hour = rng.randint(0, 18)
            for c, (outlet, host) in enumerate(outlets):
                related = rng.sample(headlines, rng.randint(0, 3))
                shown = (
                    title
                    if c == 0
                    else (_tweak(title, outlet, rng) if rng.random() < 0.7 else title)
                )
                rid = f"{story}#{p}-{c}"
                records.append(
                    {
                        "id": rid,
                        "text": _render(shown, paragraphs, outlet, related, rng, copy=c > 0),
                        "source": outlet,
                        "url": f"https://{host}/news/{zlib.crc32(rid.encode())}",
                        "published": f"2025-07-12T{hour + c:02d}:{rng.randint(0, 59):02d}:00+05:30",
                    }
                )
                gold[rid] = (story, f"{story}#{p}", _EVENT_OF.get(story, story))
    flores = data / "flores200-devtest"
    for lang in ("mar_Deva", "npi_Deva"):
        lines = (flores / f"{lang}.devtest").read_text("utf-8").split("\n")
        for k in range(5):
            records.append({"id": f"{lang}-{k}", "text": "\n\n".join(lines[k * 4 : k * 4 + 4])})
    eng = (flores / "eng_Latn.devtest").read_text("utf-8").split("\n")
    records.append({"id": "english-0", "text": " ".join(eng[:4])})
    records.append({"id": "empty-0", "text": "  "})
    rng.shuffle(records)
    return records, gold


# -- scores ---------------------------------------------------------------------------------
def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (items: the keys of ``gold``)."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        both = len(by_pred[pred[item]] & by_gold[gold[item]])
        p += both / len(by_pred[pred[item]])
        r += both / len(by_gold[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for item, g in groups.items():
        members[g].append(item)
    return {(a, b) for m in members.values() for a in m for b in m if a < b}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of the pairs put in one group."""
    pp, gp = _pairs({k: pred[k] for k in gold}), _pairs(gold)
    tp = len(pp & gp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- systems --------------------------------------------------------------------------------
def hinews_groups(cleaned: Sequence[Any], **kw: Any) -> tuple[dict[str, str], dict[str, str]]:
    from hinews.digests.build import group_cleaned

    g = group_cleaned(list(cleaned), **kw)
    ids = [c.report.id for c in cleaned]
    stories = {ids[i]: str(label) for i, label in enumerate(g.labels)}
    copies = {ids[i]: ids[i if of is None else of] for i, of in enumerate(g.duplicate_of)}
    return stories, copies


def headline_groups(cleaned: Sequence[Any]) -> dict[str, str]:
    from hinews.digests.dedup import words

    return {c.report.id: " ".join(words(c.segmentation.title)) or c.report.id for c in cleaned}


def cosine_components(cleaned: Sequence[Any], similarity: float) -> dict[str, str]:
    from scipy.sparse.csgraph import connected_components

    from hinews.digests.stories import vectorize

    m = vectorize([c.text for c in cleaned])
    sim = (m @ m.T).tocsr()
    sim.data[sim.data < similarity] = 0
    sim.eliminate_zeros()
    _, labels = connected_components(sim, directed=False)
    return {c.report.id: str(label) for c, label in zip(cleaned, labels, strict=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--story-threshold", type=float, default=None)
    parser.add_argument("--duplicate-threshold", type=float, default=None)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if not (args.data / "ntrex128").is_dir():
        print(
            f"digest_quality: no data at {args.data} (give --data ../shared/data)", file=sys.stderr
        )
        return 2

    from hinews.digests import dedup, stories
    from hinews.digests.build import clean_reports, group_cleaned
    from hinews.digests.inputs import Report
    from hinews.pipeline import Pipeline

    records, gold = build_set(args.data, args.seed)
    reports = [
        Report(
            id=r["id"],
            text=r["text"],
            source=r.get("source"),
            url=r.get("url"),
            published=r.get("published"),
        )
        for r in records
    ]
    pipe = Pipeline()  # cleaning only: no model is loaded
    cleaned, skipped = clean_reports(pipe, reports)
    lost = sorted(set(gold) - {c.report.id for c in cleaned})
    wrong = sorted(c.report.id for c in cleaned if c.report.id not in gold)
    kw = {
        "story_threshold": args.story_threshold or stories.DEFAULT_THRESHOLD,
        "duplicate_threshold": args.duplicate_threshold or dedup.DEFAULT_THRESHOLD,
    }
    g_story = {k: v[2] for k, v in gold.items() if k not in lost}
    g_doc = {k: v[0] for k, v in gold.items() if k not in lost}
    g_copy = {k: v[1] for k, v in gold.items() if k not in lost}
    systems: list[tuple[str, dict[str, str], dict[str, str]]] = []
    ours = hinews_groups(cleaned, **kw)
    systems.append(
        (
            f"hinews (MinHash {kw['duplicate_threshold']}, "
            f"{stories.DEFAULT_LINKAGE} linkage {kw['story_threshold']})",
            *ours,
        )
    )
    heads = headline_groups(cleaned)
    systems.append(("exact headline", heads, heads))
    s_sim = round(1 - kw["story_threshold"], 2)
    systems.append(
        (
            f"TF-IDF cosine components (>= {s_sim} stories, >= 0.5 copies)",
            cosine_components(cleaned, s_sim),
            cosine_components(cleaned, 0.5),
        )
    )
    rows = []
    for name, st, cp in systems:
        rows.append(
            {
                "system": name,
                "story": bcubed({k: st[k] for k in g_story}, g_story),
                "story_by_document": bcubed({k: st[k] for k in g_doc}, g_doc),
                "copies": pairwise({k: cp[k] for k in g_copy}, g_copy),
            }
        )

    sample = reports[:1000]
    t0, c0 = time.perf_counter(), time.process_time()
    sample_clean, _ = clean_reports(pipe, sample)
    t1, c1 = time.perf_counter(), time.process_time()
    group_cleaned(sample_clean, **kw)
    t2, c2 = time.perf_counter(), time.process_time()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    out = {
        "reports": len(records),
        "stories": len(set(g_story.values())),
        "documents": len(set(g_doc.values())),
        "copy_groups": len(set(g_copy.values())),
        "skipped": [(s.id, s.reason[:70]) for s in skipped],
        "hindi_reports_lost": lost,
        "non_hindi_grouped": wrong,
        "rows": rows,
        "timing_1000": {
            "reports": len(sample),
            "clean_s": t1 - t0,
            "group_s": t2 - t1,
            "clean_cpu_s": c1 - c0,
            "group_cpu_s": c2 - c1,
            "load_average": load,
        },
    }
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{out['reports']} reports: {out['stories']} stories (events) from "
        f"{out['documents']} documents, {out['copy_groups']} original "
        f"reports, {len(skipped)} skipped (non-Hindi or empty), {len(lost)} Hindi reports lost, "
        f"{len(wrong)} non-Hindi grouped"
    )
    print()
    print("| system | story B³ P | R | F1 | by document P | R | F1 | copies P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        values = (*row["story"], *row["story_by_document"], *row["copies"])
        scores = " | ".join(f"{x:.3f}" for x in values)
        print(f"| {row['system']} | {scores} |")
    t = out["timing_1000"]
    print()
    print(
        f"{t['reports']} reports, no translation: cleaning {t['clean_s']:.2f} s "
        f"(CPU {t['clean_cpu_s']:.2f} s), grouping (copies + stories) {t['group_s']:.2f} s "
        f"(CPU {t['group_cpu_s']:.2f} s), total {t['clean_s'] + t['group_s']:.2f} s wall"
    )
    if t["load_average"] > 2:
        print(
            f"warning: load average {t['load_average']:.1f} on this machine during the run: "
            "other processes shared the CPUs; the CPU times are this process's own"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
