"""``hinews bench``: speed and memory of hinews against what users write by hand.

Modules:
    runner: the command line (the driver; never holds a model).
    registry: every suite's goals in one registry, their verdicts and the table of them all.
    child: what the driver and the suites share (child processes, model shapes, data).
    translate_suite: ``--suite translate``, the systems below side by side, and hinews
        beside IndicTrans2's own engine (``indictrans2_suite``, its child).
    systems: one benchmarked system in its own process (``python -m hinews.bench.systems``).
    shapes: real-size randomly initialised model shapes, built by :mod:`hinews.testing`.
    cli_suite: ``--suite cli``, cold-process ``hinews translate`` / ``brief`` vs ``segment``.
    app_suite: ``--suite app``, concurrent ``gradio_client`` clients vs the same in sequence.
    brief_suite: ``--suite brief``, NTREX-128 documents briefed end to end vs a loop by hand.
"""

from __future__ import annotations

from typing import Any

__all__ = ["add_arguments", "goals", "main", "ratios", "register", "render_table", "run_from_args"]


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): `python -m hinews.bench.shapes` (and the other child processes)
    # import this package first, and must not find their own module imported already.
    if name in __all__:
        from hinews.bench import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'hinews.bench' has no attribute {name!r}")
