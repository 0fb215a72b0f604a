"""Messages in the words of the command line.

Library code names Python arguments in its messages (``pass force=True``,
``source_lang="auto"``), because that is what a Python caller can change. The CLI shows
the same messages with the flags that set those arguments (``pass --force``,
``--source-lang auto``): :func:`as_flags` rewrites them where the CLI prints an error or
a warning, so there is one message to maintain and each reader gets their own words.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

# Python arguments (and config overrides) that a command-line flag of the same name sets:
# ``name=value`` becomes ``--name-with-dashes value``; True and False become the switch.
_SAME_NAME = frozenset(
    {
        "address",
        "backend",
        "batch_size",
        "clean",
        "config",
        "data_dir",
        "device",
        "drop_unsupported",
        "engine",
        "force",
        "gpus_per_worker",
        "lang",
        "max_chars",
        "num_beams",
        "order",
        "out",
        "output",
        "output_format",
        "preset",
        "ref",
        "shard_size",
        "source_lang",
        "state",
        "summarizer",
        "summarizer_backend",
        "summarizer_strategy",
        "support_threshold",
        "system",
        "task",
        "threads",
        "translator",
        "workers",
    }
)
# Python argument -> its flag (the flag is the argument's name with dashes, or this).
FLAG_ARGUMENTS = {name: "--" + name.replace("_", "-") for name in _SAME_NAME} | {
    "out_dir": "--out",
    "bootstrap": "--bootstrap",
    "seed": "--seed",
}
# A switch that is on by default is turned off by ``--no-NAME``.
_NEGATED = frozenset({"clean"})
_ARGUMENT = re.compile(
    r"(?<![\w.\-])(?P<name>[a-z][a-z_]*)=(?P<value>True|False|\"[^\"]*\"|'[^']*'|[^\s,;)]+)"
)


def as_flags(message: str) -> str:
    """``message`` with each ``name=value`` of a Python argument that a flag sets written
    as that flag (``force=True`` -> ``--force``, ``clean=False`` -> ``--no-clean``,
    ``source_lang="auto"`` -> ``--source-lang auto``); anything else is left as it is.

    Example:
        >>> as_flags('pass force=True, or source_lang="auto"')
        'pass --force, or --source-lang auto'
    """

    def flag(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if name not in FLAG_ARGUMENTS:
            return match[0]
        dashed = FLAG_ARGUMENTS[name]
        if value == "True":
            return dashed if name not in _NEGATED else match[0]
        if value == "False":
            return f"--no-{dashed[2:]}" if name in _NEGATED else match[0]
        if value[:1] in "\"'":
            value = value[1:-1]
        return f"{dashed} {value}"

    return _ARGUMENT.sub(flag, message)


class CliHandler(logging.Handler):
    """Prints the ``hinews`` loggers' records on standard error as the CLI words them:
    ``hinews: NOTE`` (INFO), ``hinews: warning: ...`` (WARNING and above), flags for
    Python arguments (:func:`as_flags`). It writes to the ``sys.stderr`` of the moment,
    so a redirected or captured stream gets the lines."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = as_flags(record.getMessage())
            level = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
            print(f"hinews: {level}{message}", file=sys.stderr, flush=True)
        except Exception:  # a handler never raises into the code that logs
            self.handleError(record)


def install_cli_logging() -> None:
    """Show the library's notes and warnings on standard error (once per process)."""
    logger = logging.getLogger("hinews")
    if not any(isinstance(h, CliHandler) for h in logger.handlers):
        logger.addHandler(CliHandler(logging.INFO))
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)


def add_support_options(group: Any) -> None:
    """``--support-threshold`` and ``--drop-unsupported`` (briefs, batch, digest)."""
    from hinews.config import SUPPORT_THRESHOLD

    group.add_argument(
        "--support-threshold",
        type=float,
        metavar="S",
        help="flag a bullet 'not found in the article' when the article says less than S "
        f"(0-1, default {SUPPORT_THRESHOLD}) of its content words (summarizer.support_threshold)",
    )
    group.add_argument(
        "--drop-unsupported",
        action="store_true",
        default=None,
        help="replace a bullet not found in the article with the next extractive sentence; "
        "the note says so (summarizer.drop_unsupported)",
    )
