"""One line from an exception: what the app and the command line show for a bad file or a failed step."""

from __future__ import annotations


def first_line(exc: BaseException, default: str = "", limit: int = 200) -> str:
    """The first line of the exception's message (cut to `limit` characters), or `default` if it has none."""
    lines = str(exc).strip().splitlines()
    return lines[0].strip()[:limit] if lines else default
