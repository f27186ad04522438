"""File names made from words that came from somewhere else (a player's name, a model's label, a sweep's
name): plain slugs that can never become a folder, a hidden file or a path outside the folder they go in;
and file names shown to a person, with whatever the disk holds made printable on one line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

MAX_SLUG = 60  # a word from elsewhere (a player's name) within a file name
MAX_STEM = 200  # a whole file name's stem: file systems allow 255 bytes
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str, fallback: str = "unnamed", limit: int = MAX_SLUG) -> str:
    """`text` as letters, digits, '-', '_' and '.', at most `limit` long, never starting with '.' or '-':
    'human+dqn freeway-dqn (31.9)' -> 'human-dqn-freeway-dqn-31.9', 'x/../../ESCAPED' -> 'x-..-..-ESCAPED'
    (the dots stay, but with no '/' left they are part of one name)."""
    plain = _NOT_PLAIN.sub("-", text).strip("-.")[:limit].rstrip("-.")
    return plain or fallback


def numbered(directory: Path, stem: str, suffix: str) -> Iterator[Path]:
    """Candidate names for a new file, for storage.atomic.write_new: STEM.SUFFIX, then STEM-2.SUFFIX, ...
    The stem is made a slug here, so no caller can put a separator into it."""
    stem = slug(stem, limit=MAX_STEM)
    yield directory / f"{stem}{suffix}"
    for n in itertools.count(2):
        yield directory / f"{stem}-{n}{suffix}"


def shown(name: str) -> str:
    """A file name as one printable line: control characters (a newline) and bytes that are not UTF-8
    (kept by Python as surrogates) are written as escapes, the rest as it is."""
    return "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else _escape(c) for c in name)


def _escape(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a raw byte, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return c.encode("unicode_escape").decode("ascii")
