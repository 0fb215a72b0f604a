"""Precision and recall of the digest's disputed numbers, on the digest quality set with
disagreements injected.

The set of ``eval/digest_quality.py`` (NTREX-128 and FLORES-200 Hindi news, each report
published again by 0-3 outlets as copies) gets one disagreement per copy group that has
a copy and a counted number: in ONE copy, one number followed by a Hindi word (not a
month, a postposition, particle or ordinal ending, not 1000-2100, a year, and not in
the page furniture) is changed (+1 to +9,
or +10% for large ones). Then the reports are
cleaned and grouped as ``hinews digest`` does (no translation) and each story's
discrepancies are found. A found discrepancy is correct when it holds both the original
and the injected value of an injected disagreement of a report in it; recall counts the
injected disagreements found with both values. Everything else flagged (including real
disagreements between different outlets' reports of one event) counts against precision.

Usage::

    python eval/digest_disputes.py [--data ../shared/data] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from digest_quality import DEFAULT_DATA, build_set

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_MONTHS = ("जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर",
           "अक्टूबर", "नवंबर", "दिसंबर", "अक्तूबर", "सितम्बर", "नवम्बर", "दिसम्बर",
           "फ़रवरी")  # fmt: skip
# words after a number that are not what it counts (postpositions, particles)
_NOT_COUNTED = {"में", "से", "के", "की", "का", "को", "पर", "तक", "और", "या", "ने", "है", "हैं",
                "था", "थे", "थी", "भी", "ही", "तो", "बजे", "वीं", "वें", "वां"}  # fmt: skip
# a counted number: digits (no grouping), a space, a Devanagari word
_COUNTED = re.compile(r"(?<![\w.,:/-])([0-9०-९]{1,5})(?![\w.,:/-]) ([\u0900-\u097f]{2,})")


def inject(records: list[dict], gold: dict, rng: random.Random) -> dict[str, tuple[str, str]]:
    """Change one counted number in one copy per copy group; report id -> (old, new)."""
    by_group: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r["id"] in gold:
            by_group[gold[r["id"]][1]].append(r)
    injected = {}
    for _, members in sorted(by_group.items()):
        if len(members) < 2:
            continue
        target = rng.choice([m for m in members if not m["id"].endswith("-0")] or members)
        lines = target["text"].split("\n")
        # paragraphs only: not the header, byline, or "ये भी पढ़ें" links (page furniture)
        body = [i for i, line in enumerate(lines) if len(line) > 80 and not line.startswith("ये भी")]
        spots = []
        for i in body:
            for m in _COUNTED.finditer(lines[i]):
                value = int(m.group(1).translate(_DIGITS))
                if m.group(2) in _MONTHS or m.group(2) in _NOT_COUNTED or 1000 <= value <= 2100:
                    continue
                spots.append((i, m))
        if not spots:
            continue
        i, m = rng.choice(spots)
        old = int(m.group(1).translate(_DIGITS))
        new = old + rng.randint(1, 9) if old < 100 else old + max(1, old // 10)
        lines[i] = lines[i][: m.start(1)] + str(new) + lines[i][m.end(1) :]
        target["text"] = "\n".join(lines)
        injected[target["id"]] = (str(old), str(new))
    return injected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", type=int, default=0, help="print this many false flags")
    args = parser.parse_args(argv)
    if not (args.data / "ntrex128").is_dir():
        print(f"digest_disputes: no data at {args.data}", file=sys.stderr)
        return 2
    from hinews.digests import discrepancies
    from hinews.digests.build import _sentences, clean_reports, group_cleaned
    from hinews.digests.inputs import Report
    from hinews.pipeline import Pipeline

    records, gold = build_set(args.data, args.seed)
    injected = inject(records, gold, random.Random(args.seed + 1))
    reports = [Report(id=r["id"], text=r["text"], source=r.get("source")) for r in records]
    t0 = time.perf_counter()
    cleaned, _ = clean_reports(Pipeline(), reports)
    grouping = group_cleaned(cleaned)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(grouping.labels):
        members[label].append(i)
    t1 = time.perf_counter()
    flagged = []
    for cluster in members.values():
        texts = [(cleaned[i].report.id, _sentences(cleaned[i])) for i in cluster]
        found, _ = discrepancies.find(texts)
        flagged += [(d, {cleaned[i].report.id for i in cluster}) for d in found]
    t2 = time.perf_counter()
    hits: set[str] = set()
    correct = 0
    false = []
    for d, ids in flagged:
        values = {v.value for v in d.values}
        match = [rid for rid, (old, new) in injected.items() if rid in ids and {old, new} <= values]
        if match:
            correct += 1
            hits.update(match)
        else:
            false.append(d)
    n = len(injected)
    p = correct / len(flagged) if flagged else 1.0
    r = len(hits) / n if n else 1.0
    print(
        f"{len(records)} reports, {len(members)} stories, {n} disagreements injected; "
        f"{len(flagged)} flagged: {correct} injected ones, {len(false)} others"
    )
    print(f"precision {p:.3f}  recall {r:.3f} ({len(hits)}/{n} found with both values)")
    print(f"cleaning + grouping {t1 - t0:.1f} s, discrepancies {t2 - t1:.2f} s")
    for d in false[: args.show]:
        print("  false:", d.what, [(v.value, v.reports) for v in d.values])
    return 0


if __name__ == "__main__":
    sys.exit(main())
