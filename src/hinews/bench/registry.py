"""The benchmark's goals: one registry, one verdict, one table of every goal.

Each goal is a ratio measured in one run against a baseline or against the floor or
ceiling the machine itself sets (measured in the same run), so a goal says what hinews
adds beyond what cannot be avoided. The targets are the ceilings measured on 2 cores
(2026-12): what hinews reaches there with the floor that stops it named in ``against``.
Every suite's ``goals`` entry and :func:`summary` read this registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Goal:
    """``ratio op target``; ``against`` is what the ratio is measured against."""

    op: str  # ">=" or "<="
    target: float
    against: str

    def __str__(self) -> str:
        return f"{self.op} {self.target:g}"


GOALS: dict[str, Goal] = {
    # translate suite: hinews-ct2 over the usual ways, same model, same sentences
    "ct2_vs_generate": Goal(">=", 3.0, "model.generate, batches"),
    "ct2_vs_pipeline": Goal(">=", 15.0, "sentence by sentence"),
    "ct2_vs_raw_ct2": Goal(">=", 0.9, "raw CTranslate2, input order"),
    # What hinews costs beyond the engine, at the same batching (sorted, token budget):
    # on 2 cores the process's own tokenizers and Python objects stay above 1.1x raw
    # CTranslate2's peak, at its speed (ct2_peak_mem_vs_generate is shown, with no goal:
    # its old one, <= 0.25, is below raw CTranslate2's own peak on this machine).
    "ct2_peak_mem_vs_raw_planned": Goal("<=", 1.12, "raw CTranslate2, hinews's batches"),
    "ct2_vs_raw_planned": Goal(">=", 0.98, "raw CTranslate2, hinews's batches"),
    # cli suite: a cold one-article `hinews translate` over its serial floor (segment +
    # the translator's cold load + its warm decoding, each measured alone in the same
    # run); on 2 cores the interpreter's start-up and imports keep it above 1.1x.
    "translate_vs_serial_floor": Goal("<=", 1.25, "serial floor: segment + load + decode"),
    # app suite: the app's gain from concurrent clients as a share of what perfect
    # pooling gives the translator alone (the ceiling); on 2 cores Gradio's own threads
    # share the cores with the decoding.
    "pooling_efficiency": Goal(">=", 0.85, "pooling ceiling (translator alone)"),
    # brief suite: NTREX-128 documents briefed end to end over a hand-written loop
    "brief_vs_by_hand": Goal(">=", 20.0, "hand-written loop"),
    # indictrans2 suite: hinews beside IndicTrans2's own engine, same converted model
    "speed_vs_engine": Goal(">=", 1.2, "IndicTrans2's engine at its best"),
    "memory_vs_engine": Goal("<=", 1.1, "IndicTrans2's engine"),
    # summarize suite: hinews's summariser on CTranslate2 int8, same articles and batches
    "hinews_vs_generate": Goal(">=", 3.0, "transformers generate, batches"),
    "hinews_peak_mem_vs_generate": Goal("<=", 0.5, "transformers generate, batches"),
    "hinews_vs_raw_ct2": Goal(">=", 0.95, "raw CTranslate2, same batches"),
    "exact_float32": Goal(">=", 1.0, "transformers generate, card's decoding"),
}
SUMMARIZE_FIGURES = {
    "hinews_vs_generate": "hinews articles/s",
    "hinews_peak_mem_vs_generate": "hinews peak memory",
    "hinews_vs_raw_ct2": "hinews articles/s",
    "exact_float32": "float32 ids identical",
}
TRANSLATE_GOALS = (
    "ct2_vs_generate",
    "ct2_vs_pipeline",
    "ct2_vs_raw_ct2",
    "ct2_peak_mem_vs_raw_planned",
    "ct2_vs_raw_planned",
)


def judge(name: str, value: float | None) -> str:
    """``PASS (>= 0.85)``, ``FAIL (<= 1.25)`` or ``n/a (...)`` for goal ``name``."""
    goal = GOALS[name]
    return f"{verdict(value, goal.op, goal.target)} ({goal})"


def goals(r: dict[str, float | None], names: tuple[str, ...] = TRANSLATE_GOALS) -> dict[str, str]:
    """The verdict of each goal in ``names`` on the ratios ``r``."""
    return {name: judge(name, r.get(name)) for name in names}


def fmt(value: float | None, spec: str) -> str:
    """``value`` formatted, or ``n/a`` when it was not measured."""
    return "n/a" if value is None else format(value, spec)


def verdict(value: float | None, op: str, target: float) -> str:
    """``PASS``, ``FAIL`` or ``n/a`` (not measured) for ``value op target``."""
    if value is None:
        return "n/a"
    return "PASS" if (value >= target if op == ">=" else value <= target) else "FAIL"


def summary(docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every goal of the suites in ``docs`` as one row: the figure, what it is measured
    against (a baseline, or the ceiling or floor the machine sets, from the same run), the
    ratio, the goal and the verdict."""
    rows: list[dict[str, Any]] = []

    def row(suite: str, figure: str, ratio: float | None, goal: str) -> None:
        g = GOALS[goal]
        rows.append(
            {
                "suite": suite,
                "figure": figure,
                "against": g.against,
                "ratio": ratio,
                "goal": str(g),
                "verdict": verdict(ratio, g.op, g.target),
            }
        )

    translate = docs.get("translate", {})
    for shape in translate.get("models", {translate.get("model"): translate}).values():
        if not shape:
            continue
        name, r = f"translate ({shape['model']})", shape.get("ratios", {})
        if "versus" in shape:
            v = shape["versus"].get("engine-thread") or shape["versus"].get("engine") or {}
            row(name, "hinews tokens/s", v.get("speed"), "speed_vs_engine")
            row(name, "hinews peak memory", v.get("memory"), "memory_vs_engine")
        else:
            row(name, "ct2 tokens/s", r["ct2_vs_generate"], "ct2_vs_generate")
            row(name, "ct2 tokens/s", r["ct2_vs_pipeline"], "ct2_vs_pipeline")
            row(name, "ct2 tokens/s", r["ct2_vs_raw_ct2"], "ct2_vs_raw_ct2")
        row(name, "ct2 peak memory", r.get("ct2_peak_mem_vs_raw_planned"),
            "ct2_peak_mem_vs_raw_planned")  # fmt: skip
        row(name, "ct2 tokens/s", r.get("ct2_vs_raw_planned"), "ct2_vs_raw_planned")
    if "cli" in docs:
        floor = docs["cli"]["ratios"]["translate_vs_serial_floor"]
        row("cli", "cold translate, short article", floor, "translate_vs_serial_floor")
    if "app" in docs:
        row("app", f"{docs['app']['clients']} clients over 1",
            docs["app"]["ratios"]["pooling_efficiency"], "pooling_efficiency")  # fmt: skip
    if "brief" in docs:
        row("brief", "briefs/s", docs["brief"]["ratios"]["brief_vs_by_hand"], "brief_vs_by_hand")
    for shape in docs.get("summarize", {}).get("shapes", {}).values():
        for goal, figure in SUMMARIZE_FIGURES.items():
            row(f"summarize ({shape['shape']})", figure, shape["ratios"].get(goal), goal)
    return rows


def render_summary(rows: list[dict[str, Any]]) -> str:
    head = f"{'suite':<24} {'figure':<30} {'against':<40} {'ratio':>7}  {'goal':<7} verdict"
    lines = ["every goal beside what it is measured against (one run):", "", head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['suite']:<24} {r['figure']:<30} {r['against']:<40} "
            f"{fmt(r['ratio'], '.2f'):>7}  {r['goal']:<7} {r['verdict']}"
        )
    return "\n".join(lines)
