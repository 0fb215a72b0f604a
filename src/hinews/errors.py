"""The errors hinews raises on purpose.

Every message names what was given, what is valid and how to fix it. The CLI and the web
app turn these into a message and an exit code (or an in-page notice), never a traceback.

Each error is also the built-in exception it means, so code that knows nothing of hinews
catches it as it would any other: ``InputError``, ``ConfigError`` and ``DataError`` are
``ValueError``s, ``ModelNotFoundError`` a ``FileNotFoundError``, ``ModelLoadError`` a
``RuntimeError`` and ``DependencyError`` an ``ImportError``. Catch :class:`HinewsError`
for all of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class HinewsError(Exception):
    """Base class: an error the user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class InputError(HinewsError, ValueError):
    """The input text or file cannot be processed (empty, binary, not Hindi, too long...)."""

    exit_code = 2


class TextTooLongError(InputError):
    """The input is longer than the limit (``max_chars``); ``size`` and ``limit`` say by
    how much, so a front end can word the fix for its own users."""

    def __init__(self, message: str, size: int | None = None, limit: int | None = None) -> None:
        super().__init__(message)
        self.size, self.limit = size, limit


class ConfigError(HinewsError, ValueError):
    """A config file, preset name or option is invalid."""

    exit_code = 2


class ModelNotFoundError(HinewsError, FileNotFoundError):
    """A model is neither a local directory nor in the Hugging Face cache, and cannot be fetched."""

    exit_code = 3


class ModelLoadError(HinewsError, RuntimeError):
    """A model was found but could not be loaded (missing files, wrong architecture...)."""

    exit_code = 3


class DependencyError(HinewsError, ImportError):
    """An optional dependency is not installed."""

    exit_code = 4


class DataError(HinewsError, ValueError):
    """Evaluation data or hypotheses are missing, misaligned or unreadable."""

    exit_code = 2


def did_you_mean(given: str, choices: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(given, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def missing_dependency(package: str, extra: str) -> DependencyError:
    """Build the error for an optional package that is not installed."""
    return DependencyError(
        f"This feature needs the Python package {package!r}, which is not installed. "
        f"Install it with: pip install 'hinews[{extra}]'"
    )


def load_failure(
    what: str, name: str, path: object, exc: BaseException, hint: str
) -> ModelLoadError:
    """A :class:`ModelLoadError` with the first line of the library's own message.

    Loading runs third-party code (transformers, safetensors, tokenizers) whose failures
    come as many exception types and long multi-line texts; the user needs the gist.
    """
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0].rstrip(". ")
    if len(first) > 300:
        first = first[:300] + "…"
    return ModelLoadError(f"could not load {what} {name!r} from {path}: {first}. {hint}")
