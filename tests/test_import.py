"""``import hinews`` stays cheap: no torch, transformers, gradio or ctranslate2."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "torch",
    "transformers",
    "gradio",
    "ctranslate2",
    "datasets",
    "sacrebleu",
    "matplotlib",
    "trafilatura",
)


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_import_hinews_loads_no_heavy_module() -> None:
    assert _loaded_after("import hinews; hinews.Pipeline; hinews.translate") == []


def test_cli_help_loads_no_heavy_module() -> None:
    code = "from hinews.cli import build_parser; build_parser().format_help()"
    assert _loaded_after(code) == []


def test_public_names_resolve() -> None:
    import hinews

    for name in hinews.__all__:
        assert getattr(hinews, name) is not None


def test_api_functions_stay_callable_after_backends_load() -> None:
    """No subpackage may shadow the one-call functions ``hinews.translate`` / ``brief``."""
    import hinews
    import hinews.summarize.factory
    import hinews.translators.factory

    assert callable(hinews.translate) and callable(hinews.brief) and callable(hinews.segment)
    assert hinews.translate.__module__ == "hinews.api"
