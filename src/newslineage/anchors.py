"""Anchors: names, numbers, dates, quotes and credits found in a text.

Anchors are the facts a rewrite keeps when every word around them changes:
spinning swaps "energy" for "vitality" but leaves "30 days" and "Vladimir
Putin"; translation keeps numbers and most names. Values are normalized so
format-only differences (``3,3 %`` against ``3.3%``) compare equal.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator, Sequence, Set

from newslineage.models import Anchor, Sentence

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?(?:,?\s+(\d{{4}}))?"
    rf"|({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.,])([$€£¥]\s?)?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:([.,])(\d+))?"
    r"(\s?(?:%|percent|per cent|prozent|billion|million|thousand|trillion|bn|m|km|kg|"
    r"miles?|hours?|days?|weeks?|months?|years?|people|dollars|euros|pounds))?(?![\w])",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w\-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w\-]+|(?:of|de|von|van|al|bin)\b))*)")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_CONNECTORS = frozenset({"of", "de", "von", "van", "al", "bin"})
# Straight quotes open and close alike, so a text with a short quoted word ("puenting.")
# would pair its closing mark with the next opening one; a quote's first and last
# characters are never spaces, which rules that pairing out. (French guillemets do take
# spaces inside: « ... », so the rule is for straight quotes only.)
_QUOTE = re.compile(r"[“«„]([^”\"»“]{12,600})[”\"»“]|\"(?=\S)([^”\"»“]{12,600})(?<=\S)[”\"»“]")
_CREDIT_PATTERNS = (
    re.compile(r"\btold\s+((?:the\s+)?[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,3})"),
    re.compile(r"\b([A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,3})\s+(?:reports|reported|has reported)\b"),
    re.compile(r"\((Reuters|AP|AFP|PA|Bloomberg|dpa|ANSA|EFE|Xinhua|TASS)\)"),
    # A dateline credits any agency, not only the big wires: "ROTTERDAM (Northwire) —".
    re.compile(
        r"\b[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
        r"\(([A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,3})\)\s*(?:[—–-]|$)"
    ),
    re.compile(
        r"\b(?:first|originally)\s+(?:published|appeared)\s+(?:in|on|by)\s+"
        r"((?:the\s+)?[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,4})"
    ),
    re.compile(r"\bappeared\s+first\s+on\s+((?:the\s+)?[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,4})"),
    re.compile(r"\btranslated\s+from\s+((?:the\s+)?[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,4})"),
    re.compile(r"\b(?:reporting|writing)\s+by\s+([A-Z][\w&.]+(?:\s+[A-Z][\w&.]+){0,3})"),
)
_SAID_AFTER = re.compile(
    r"^\W*(?:,\s*)?(?:said|says|told|added|wrote|according to)\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3})"
)
_SAID_BEFORE = re.compile(r"([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3})\s+(?:said|says|told|added|wrote)\W*$")
_STOP_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "if",
        "in",
        "on",
        "at",
        "to",
        "for",
        "of",
        "as",
        "by",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "there",
        "however",
        "meanwhile",
        "while",
        "when",
        "after",
        "before",
        "since",
        "instead",
        "despite",
        "though",
        "although",
        "according",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
    ]
)


def comparable_kinds(language_a: str, language_b: str) -> tuple[str, ...]:
    """Anchor kinds that can be compared between two texts as facts.

    Name anchors are capitalized words, and German capitalizes every noun: across
    languages only numbers and dates are comparable.
    """
    return ("number", "date", "name") if language_a == language_b else ("number", "date")


def same_particular(x: str, y: str) -> bool:
    """Whether two facts (``"kind:value"``) name the same thing, as a rewrite may write it.

    A name and a fuller form of it (``putin``, ``vladimir putin``) are one person; a
    figure is the same when its unit is written otherwise (``£44million``, ``£44m``).
    """
    kind_x, _, value_x = x.partition(":")
    kind_y, _, value_y = y.partition(":")
    if kind_x != kind_y:
        return False
    if kind_x == "name":
        return same_name(set(value_x.split()), set(value_y.split()))
    return comparable(kind_x, value_x) == comparable(kind_y, value_y)


def same_name(words_x: Set[str], words_y: Set[str]) -> bool:
    """One name and a fuller form of it, by their words (``same_particular``)."""
    return words_x <= words_y or words_y <= words_x


def comparable(kind: str, value: str) -> str:
    """What two facts of a kind other than a name must share to be one (``same_particular``)."""
    return figure(value) if kind == "number" else value


def figure(value: str) -> str:
    """The digits of a normalized number without its currency or unit (``£121.8m`` -> ``121.8``)."""
    match = _FIGURE.search(value)
    return match.group(0) if match else value


def is_particular(fact: str) -> bool:
    """A fact that tells one event from another: a name of several words, a figure of three
    digits or more, a date (a single capitalized word or a small count recurs everywhere)."""
    kind, _, value = fact.partition(":")
    if kind == "name":
        return " " in value
    if kind == "number":
        return len(figure(value).replace(".", "")) >= 3
    return kind == "date"


def number_value(raw: str) -> str:
    """Normalize a number: thousands separators dropped, decimal comma read as a point.

    ``"1,500"`` and ``"1.500"`` and ``"1 500"`` are all 1500; ``"3,3"`` and ``"3.3"``
    are both 3.3 (a separator followed by one or two digits is a decimal mark).
    """
    digits = raw.replace(" ", "").replace("\u00a0", "")
    match = re.fullmatch(r"(\d+(?:[.,]\d{3})*)(?:[.,](\d{1,2}|\d{4,}))?", digits)
    if not match:
        return re.sub(r"[^\d]", "", digits)
    whole = re.sub(r"[.,]", "", match.group(1))
    frac = match.group(2)
    return f"{int(whole)}.{frac.rstrip('0')}".rstrip(".") if frac else str(int(whole))


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    unit = raw.strip().lower()
    return {"percent": "%", "per cent": "%", "prozent": "%", "bn": "billion"}.get(unit, unit.rstrip("s"))


def _numbers(text: str) -> Iterator[tuple[str, str, int, int]]:
    for m in _NUMBER.finditer(text):
        whole = m.group(2) + (m.group(3) + m.group(4) if m.group(3) else "")
        value = number_value(whole)
        currency = (m.group(1) or "").strip()
        yield "number", f"{currency}{value}{_unit(m.group(5))}", m.start(), m.end()


def _dates(text: str) -> Iterator[tuple[str, str, int, int]]:
    for m in _DATE.finditer(text):
        day = m.group(1) or m.group(5)
        month = (m.group(2) or m.group(4)).lower()[:3]
        year = m.group(3) or m.group(6) or ""
        yield "date", f"{month} {int(day)} {year}".strip(), m.start(), m.end()


def _names(text: str, sentence_starts: set[int]) -> Iterator[tuple[str, str, int, int]]:
    for m in _NAME.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _STOP_NAMES:
            words.pop(0)
        while words and words[-1] in _CONNECTORS:
            words.pop()
        # Longer capitalized runs are headlines in title case, not names.
        if not words or len(words) > 4:
            continue
        # A lone capitalized word opening a sentence is usually just capitalized.
        if len(words) == 1 and (m.start() in sentence_starts or len(words[0]) < 3):
            continue
        value = " ".join(words).lower()
        start = m.start() + m.group(1).index(words[0])
        yield "name", value, start, start + len(" ".join(words))


def _credits(text: str) -> Iterator[tuple[str, str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    for pattern in _CREDIT_PATTERNS:
        for m in pattern.finditer(text):
            org = re.sub(r"^the\s+", "", m.group(1), flags=re.IGNORECASE).strip(" .")
            if not org or org.lower() in _STOP_NAMES:
                continue
            # Two patterns can read one credit ("(Reuters)" inside a dateline): keep the first.
            if any(o == org and s < m.end() and m.start() < e for o, s, e in seen):
                continue
            seen.append((org, m.start(), m.end()))
            yield "credit", org, m.start(), m.end()


def quote_speaker(text: str, qstart: int, qend: int, sent_start: int, sent_end: int) -> str | None:
    """The name attributed to a quote in its sentence (``"...," said X`` or ``X said: "..."``)."""
    after = _SAID_AFTER.match(text[qend:sent_end])
    if after:
        return after.group(1).lower()
    before = _SAID_BEFORE.search(text[sent_start:qstart])
    if before:
        return before.group(1).lower()
    return None


def extract_anchors(text: str, sentences: Sequence[Sentence]) -> tuple[Anchor, ...]:
    """All anchors of a text, each tied to the sentence that holds it."""
    starts = [s.start for s in sentences]
    found: list[Anchor] = []
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        # Furniture holds no facts, but it does hold credits ("appeared first on X").
        raw = _credits(chunk) if sentence.boilerplate else _all_raw(chunk)
        for kind, value, s, e in raw:
            found.append(
                # Interned, as ``Anchor`` is read back from a worker: one string per distinct value.
                Anchor(kind, sys.intern(value), sentence.start + s, sentence.start + e, sentence.index)  # type: ignore[arg-type]
            )
    found.extend(_quotes(text, sentences, starts))
    return tuple(sorted(found, key=lambda a: (a.start, a.kind, a.value)))


def _all_raw(chunk: str) -> Iterator[tuple[str, str, int, int]]:
    yield from _numbers(chunk)
    yield from _dates(chunk)
    yield from _names(chunk, {0})
    yield from _credits(chunk)


def _quotes(text: str, sentences: Sequence[Sentence], starts: list[int]) -> Iterator[Anchor]:
    for m in _QUOTE.finditer(text):
        idx = max(0, bisect.bisect_right(starts, m.start()) - 1)
        if not sentences or sentences[idx].boilerplate:
            continue
        # The quote may span sentences; attribution is read around its first and last one.
        last = max(0, bisect.bisect_right(starts, m.end() - 1) - 1)
        speaker = quote_speaker(text, m.start(), m.end(), sentences[idx].start, sentences[last].end)
        group = 1 if m.group(1) is not None else 2
        inner = " ".join(m.group(group).split()).lower()
        yield Anchor("quote", sys.intern(inner), m.start(group), m.end(group), idx, speaker)
