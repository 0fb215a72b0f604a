"""Title and body extraction on the saved-page set (``eval/pages/``), hinews beside trafilatura.

Every page in ``eval/pages/`` is a saved-page layout in the style of a Hindi news site
(header, navigation, byline and dateline variants, related links, polls, comment widgets,
newsletter prompts, footers, standfirst), written for this project; ``gold.json`` gives
its headline and the paragraphs of the article (standfirst, body, subheadings; no
datelines, bylines, credits or widgets).

Per page, for hinews (:func:`hinews.text.prepare`) and for trafilatura alone (the same
``bare_extraction`` options hinews calls it with, its title and text as they come):

- **title**: the extracted title equals the gold title (letters, marks and digits
  compared, case-folded);
- **coverage**: the share of the gold body's words found in the extracted body;
- **precision**: the share of the extracted body's words found in the gold body;

words compared as multisets (a word counted as often as it occurs), then the means.

Usage::

    python eval/page_cleaning.py [--pages eval/pages] [--format text|json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT / "eval" / "pages"

Extractor = Callable[[str], tuple[str, list[str]]]


@dataclass(frozen=True)
class PageScore:
    """How one extractor did on one page."""

    page: str
    system: str
    title_ok: bool
    coverage: float
    precision: float


def words(text: str) -> list[str]:
    """The words of ``text``, each reduced to its letters, marks and digits, case-folded."""
    from hinews.text._rules import key

    return [w for w in (key(token) for token in text.split()) if w]


def overlap_scores(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """(coverage, precision) of ``predicted`` paragraphs against ``gold`` ones (multisets)."""
    g = Counter(w for p in gold for w in words(p))
    p = Counter(w for para in predicted for w in words(para))
    common = sum((g & p).values())
    coverage = common / sum(g.values()) if g else 1.0
    precision = common / sum(p.values()) if p else 0.0
    return coverage, precision


def hinews_extract(html: str) -> tuple[str, list[str]]:
    """Title and paragraphs as hinews finds them (a page with no text gives none)."""
    from hinews.errors import InputError
    from hinews.text import prepare

    try:
        article = prepare(html)
    except InputError:
        return "", []
    return article.title, list(article.paragraphs)


def trafilatura_extract(html: str) -> tuple[str, list[str]]:
    """Title and paragraphs from trafilatura alone, with the options hinews uses."""
    import trafilatura

    from hinews.text.html import TRAFILATURA_OPTIONS

    doc = trafilatura.bare_extraction(html, **TRAFILATURA_OPTIONS)
    if doc is None:
        return "", []
    title = str(getattr(doc, "title", None) or "")
    text = str(getattr(doc, "text", None) or "")
    return title, [line for line in text.split("\n") if line.strip()]


SYSTEMS: dict[str, Extractor] = {"hinews": hinews_extract, "trafilatura": trafilatura_extract}


def load_pages(pages: Path) -> list[tuple[str, str, dict[str, object]]]:
    """(name, page source, gold) for every page listed in ``gold.json``, in name order."""
    gold = json.loads((pages / "gold.json").read_text("utf-8"))
    return [(name, (pages / name).read_text("utf-8"), gold[name]) for name in sorted(gold)]


def score_pages(pages: Path) -> list[PageScore]:
    """Score every system on every page."""
    from hinews.text._rules import key

    scores = []
    for name, html, gold in load_pages(pages):
        body = [str(p) for p in gold["body"]]  # type: ignore[attr-defined]
        for system, extract in SYSTEMS.items():
            title, paragraphs = extract(html)
            coverage, precision = overlap_scores(body, paragraphs)
            scores.append(
                PageScore(name, system, key(title) == key(str(gold["title"])), coverage, precision)
            )
    return scores


def means(scores: list[PageScore], system: str) -> dict[str, float]:
    """Mean title accuracy, coverage and precision of one system."""
    mine = [s for s in scores if s.system == system]
    n = len(mine) or 1
    return {
        "title": sum(s.title_ok for s in mine) / n,
        "coverage": sum(s.coverage for s in mine) / n,
        "precision": sum(s.precision for s in mine) / n,
    }


def render(scores: list[PageScore]) -> str:
    """The side-by-side table: one row per page, then the means."""
    systems = list(SYSTEMS)
    head = f"{'page':40}" + "".join(f" | {s:^23}" for s in systems)
    sub = f"{'':40}" + " | title  cover  precis" * len(systems)
    lines = [head, sub, "-" * len(sub)]
    by_page: dict[str, dict[str, PageScore]] = {}
    for s in scores:
        by_page.setdefault(s.page, {})[s.system] = s
    for page, row in by_page.items():
        cells = "".join(
            f" | {'yes' if row[s].title_ok else 'NO':5}  {row[s].coverage:5.3f}  "
            f"{row[s].precision:6.3f}"
            for s in systems
        )
        lines.append(f"{page:40}{cells}")
    lines.append("-" * len(sub))
    cells = ""
    for system in systems:
        m = means(scores, system)
        cells += f" | {m['title']:5.2f}  {m['coverage']:5.3f}  {m['precision']:6.3f}"
    lines.append(f"{f'mean of {len(by_page)} pages':40}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="page set folder")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if not (args.pages / "gold.json").is_file():
        print(f"error: no gold.json in {args.pages}", file=sys.stderr)
        return 2
    scores = score_pages(args.pages)
    if args.format == "json":
        out = {
            "pages": [asdict(s) for s in scores],
            "means": {system: means(scores, system) for system in SYSTEMS},
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(render(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
