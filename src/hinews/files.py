"""Reading the small text files a user names (configs, glossaries) with errors that say
what went wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

from hinews.errors import HinewsError


def read_user_file(
    path: Path, *, what: str, expected: str, error: type[HinewsError], encoding: str = "utf-8"
) -> str:
    """The text of ``path``, or ``error`` with a one-line reason.

    Args:
        path: The file the user gave.
        what: What it is, for messages ("config file", "glossary").
        expected: What to give instead of a folder ("a YAML file", "a .tsv or .csv file").
        error: The :class:`~hinews.errors.HinewsError` subclass to raise.
        encoding: ``utf-8-sig`` also accepts a byte-order mark (spreadsheet exports).
    """
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise error(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise error(f"{what} {path} is a directory; give {expected}") from None
    except UnicodeDecodeError as exc:
        reason = f"is not UTF-8 text (at byte offset {exc.start}); save it as UTF-8"
        raise error(f"{what} {path} {reason}") from None
    except OSError as exc:
        raise error(f"{what} {path} cannot be read: {exc.strerror}") from None
