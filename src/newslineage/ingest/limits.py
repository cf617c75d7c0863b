"""What every reader shares: the reject signal and how a reason may quote its input.

A reason names what was wrong, never the input itself at length: a rejected
"first line" can be megabytes of zeros, and a reason is printed in the terminal
and written into the report.
"""

from __future__ import annotations

#: Characters of input a reason may quote.
QUOTE_CHARS = 40
#: Characters of a whole reason (a parser's own message is cut to it).
REASON_CHARS = 240


class Reject(Exception):
    """This input (or record) is not an article, for the reason given."""


def quote(data: bytes | str, limit: int = QUOTE_CHARS) -> str:
    """At most ``limit`` characters of ``data`` as written, escaped (never raw control bytes), marked when cut."""
    text = data[: limit * 4].decode("utf-8", "replace") if isinstance(data, bytes) else data[: limit * 4]
    shown, used = [], 0
    for char in text:
        piece = repr(char)[1:-1] if char != "'" else "'"
        if used + len(piece) > limit:
            break
        shown.append(piece)
        used += len(piece)
    body = "".join(shown)
    if len(shown) == len(text) and len(data) <= limit * 4:
        return f"'{body}'"
    unit = "bytes" if isinstance(data, bytes) else "chars"
    return f"'{body}'... ({len(data)} {unit})"


def cap(reason: str, limit: int = REASON_CHARS) -> str:
    """A reason no longer than ``limit`` characters, on one line."""
    one_line = " ".join(reason.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."
