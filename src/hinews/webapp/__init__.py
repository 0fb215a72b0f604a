"""The Gradio web app: ``hinews serve`` / ``python app.py``.

Modules:
    core: gradio-free request handling (settings, the pipeline cache, one run).
    blocks: the ``gr.Blocks`` page and its named API endpoints.
    render: HTML for briefs, aligned translations and messages.
    inputs: pasted text, uploads and the example article.
    fetch: the guarded URL fetcher (http(s) only, no private targets).
    cli: the ``serve`` entry point.

``import hinews.webapp`` does not import gradio; the Blocks names load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "build_demo": "hinews.webapp.blocks",
    "launch": "hinews.webapp.blocks",
    "preload": "hinews.webapp.blocks",
    "serving": "hinews.webapp.blocks",
    "user_message": "hinews.webapp.blocks",
    "FORCE_LABEL": "hinews.webapp.blocks",
    "DEFAULT_HOST": "hinews.webapp.blocks",
    "DEFAULT_PORT": "hinews.webapp.blocks",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hinews.webapp' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = sorted(_LAZY)
