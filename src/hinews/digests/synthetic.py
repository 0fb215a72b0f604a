"""A synthetic day of Hindi news as JSON Lines, for measuring the digest at scale.

Real Hindi sentences (NTREX-128 and FLORES-200 devtest in ``../shared/data``, or any list
given) are recombined into stories: each story draws eight sentences of the pool and a
name, a place and a number of its own; each of its reports tells six of them under its
own headline, and some reports are syndicated copies of another (an outlet's header,
byline and footer around the same body). The gold story of every report is its ``story``
field, so a run can be scored as well as timed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

OUTLETS = [
    "दैनिक समाचार",
    "भारत टाइम्स न्यूज़",
    "जनवाणी",
    "नवभारत दर्पण",
    "हिंदी खबर",
    "प्रभात संदेश",
    "राष्ट्र आवाज़",
    "सत्य प्रहरी",
]
NAMES = ["राहुल", "प्रिया", "अमित", "नेहा", "संजय", "सुनीता", "विकास", "अनीता", "मोहन", "कविता"]
SURNAMES = ["शर्मा", "सिंह", "वर्मा", "गुप्ता", "यादव", "मिश्रा", "पटेल", "जोशी", "चौहान"]
SYLLABLES = "क ख ग ज त द न प ब म र ल व स ह कि मी रा लो नु दे शा गो".split()
PLACES = ["दिल्ली", "मुंबई", "लखनऊ", "जयपुर", "पटना", "भोपाल", "इंदौर", "कानपुर", "आगरा"]


def hindi_sentences(data: Path) -> list[str]:
    """Every Hindi sentence of NTREX-128 and FLORES-200 devtest under ``data``."""
    out: list[str] = []
    for path in (
        data / "ntrex128" / "newstest2019-ref.hin.txt",
        data / "flores200-devtest" / "hin_Deva.devtest",
    ):
        out += [s.strip() for s in path.read_text("utf-8").split("\n") if len(s.split()) >= 6]
    return out


def reports(pool: Sequence[str], n: int, *, seed: int = 25) -> Iterator[dict[str, str]]:
    """``n`` JSONL records (id, title, text, source, published, story) from ``pool``."""
    rng = random.Random(seed)
    made = 0
    story = 0
    while made < n:
        story += 1
        name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
        place = rng.choice(PLACES)
        number = rng.randint(12, 9999)
        # Names of its own (as a real event has): made of random syllables.
        own = ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(3)]
        facts = rng.sample(list(pool), 14)
        facts[0] = f"{place} में {name} ने {number} लोगों के बारे में बताया कि {facts[0]}"
        for f in range(14):
            if rng.random() < 0.6:
                facts[f] = f"{rng.choice(own)} {rng.choice(own)} के अनुसार {facts[f]}"
        size = min(n - made, 1 + int(rng.expovariate(1 / 3)))
        bodies: list[str] = []
        for r in range(size):
            made += 1
            outlet = rng.choice(OUTLETS)
            hour = rng.randint(0, 23)
            if bodies and rng.random() < 0.25:  # a syndicated copy of an earlier report
                body = rng.choice(bodies)
                text = f"{outlet} | होम » देश\nरिपोर्ट: {name}, {place}\n\n{body}\n\nहमें फॉलो करें"
            else:
                told = sorted(rng.sample(range(14), 6))
                body = "\n\n".join(
                    " ".join(facts[i] for i in told[j : j + 2]) for j in range(0, 6, 2)
                )
                bodies.append(body)
                text = body
            head = facts[rng.randrange(14)].split()[:9]
            yield {
                "id": f"r{made:06d}",
                "title": f"{place}: {own[0]} {' '.join(head)}",
                "text": text,
                "source": outlet,
                "published": f"2026-12-07T{hour:02d}:{r % 60:02d}:00+05:30",
                "story": f"st{story:05d}",
            }


def write_day(path: Path, pool: Sequence[str], n: int, *, seed: int = 25, bad: int = 0) -> Path:
    """Write ``n`` reports (and ``bad`` broken rows among them) to ``path``."""
    rng = random.Random(seed + 1)
    where = set(rng.sample(range(1, n + 1), min(bad, n)))
    with path.open("w", encoding="utf-8") as fh:
        for i, record in enumerate(reports(pool, n, seed=seed), 1):
            if i in where:
                fh.write('{"id": "broken", "text": \n' if i % 2 else '{"id": "no-text"}\n')
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
