"""Numbered records (JSON list, JSONL, WARC) become articles, each named by its own id if it has one.

A record's ``id`` field (a string or an integer) is its document id, so a feed's
own keys reach the report instead of positions (``feed.jsonl#12``). An id that
several records of one file carry, or that is not a string or an integer, is not
used: those records are named by position, and a note says so. Ids clashing
between files are settled by ``resolve_clashes``. Neither depends on the order in
which records or files arrive.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from newslineage.config import IngestConfig
from newslineage.ingest.limits import Reject, cap, quote
from newslineage.models import Article, Rejection

#: Rejected records of one file listed one by one; the rest are counted in one entry.
LISTED_PER_FILE = 100
#: Longest record id used as a document id.
MAX_ID_CHARS = 200

Record = tuple[int, Mapping[str, Any] | str]
MakeArticle = Callable[[dict[str, Any], str, int, IngestConfig], Article]


@dataclass(frozen=True, slots=True)
class FileRead:
    """What one input gave: articles, rejections, notes, and which articles a record id names.

    ``named`` maps such an article's id to (the file's id, the record id), so that a
    clash with another file can be settled once every file is read.
    """

    articles: tuple[Article, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    notes: tuple[str, ...] = ()
    named: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def record_id(record: Mapping[str, Any]) -> str | None:
    """The record's own id as a string; None when absent. Raises ``Reject`` for an unusable one."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    usable = isinstance(value, str) and value == value.strip() and 0 < len(value) <= MAX_ID_CHARS
    if usable and value.isprintable():
        return str(value)
    raise Reject(f"id {quote(repr(value))}")


def records_to_articles(
    records: Iterator[Record], doc_id: str, config: IngestConfig, make: MakeArticle
) -> FileRead:
    """Articles from numbered records; a bad record is rejected alone, a corrupt file after what it gave."""
    articles: list[tuple[Article, str | None]] = []
    rejected: list[Rejection] = []
    unlisted = 0  # a file of millions of bad records must not hold millions of rejections
    unusable: list[int] = []
    try:
        for n, record in records:
            rid = f"{doc_id}#{n}" if n else doc_id  # n == 0: the file is one record, not a list
            try:
                if isinstance(record, str):
                    raise Reject(record)
                own = _own_id(record, n, unusable)
                articles.append((make(dict(record), rid, n, config), own))
            except Reject as exc:
                if len(rejected) < LISTED_PER_FILE:
                    rejected.append(Rejection(rid, cap(str(exc))))
                else:
                    unlisted += 1
    except Reject as exc:  # the file itself is corrupt past this point
        rejected.append(Rejection(doc_id, cap(str(exc))))
    if unlisted:
        rejected.append(
            Rejection(
                doc_id, f"{unlisted} more records rejected, not listed (the first {LISTED_PER_FILE} are)"
            )
        )
    if not articles and not rejected:
        rejected.append(Rejection(doc_id, "no records"))
    named, notes = _name(articles, doc_id)
    if unusable:
        notes.append(
            f"{doc_id}: {len(unusable)} record(s) have an id that is not a string or an integer "
            f"(first: record {unusable[0]}); they are named by position"
        )
    return FileRead(
        tuple(a for a, _ in named),
        tuple(rejected),
        tuple(notes),
        {a.id: (doc_id, own) for a, own in named if own is not None},
    )


def _own_id(record: Mapping[str, Any], n: int, unusable: list[int]) -> str | None:
    try:
        return record_id(record)
    except Reject:
        unusable.append(n)
        return None


def _name(
    articles: list[tuple[Article, str | None]], doc_id: str
) -> tuple[list[tuple[Article, str | None]], list[str]]:
    """Articles renamed by their own ids where one file carries each id once."""
    counts = Counter(own for _, own in articles if own is not None)
    notes = [
        f"{doc_id}: record id {quote(own)} is carried by {k} records; they are named by position"
        for own, k in sorted(counts.items())
        if k > 1
    ]
    out: list[tuple[Article, str | None]] = [
        (dataclasses.replace(a, id=own), own) if own is not None and counts[own] == 1 else (a, None)
        for a, own in articles
    ]
    return out, notes


def resolve_clashes(reads: Iterable[FileRead]) -> tuple[list[Article], list[str]]:
    """Every article under an id no other has; record ids that clash are qualified by their file.

    A record id equal to another document's id (another file's record, or a file's
    path) would make two documents one: every record-named article in the clash
    becomes ``file#id=ID``, whichever file came first.
    """
    reads = list(reads)
    ids = Counter(a.id for r in reads for a in r.articles)
    articles: list[Article] = []
    renamed: dict[str, list[str]] = {}
    for read in reads:
        for article in read.articles:
            origin = read.named.get(article.id)
            if origin is not None and ids[article.id] > 1:
                new = f"{origin[0]}#id={origin[1]}"
                renamed.setdefault(article.id, []).append(new)
                article = dataclasses.replace(article, id=new)
            articles.append(article)
    notes = [
        f"record id {quote(old)} names more than one document: those from records are named "
        f"{', '.join(sorted(new))}"
        for old, new in sorted(renamed.items())
    ]
    return _unique(articles), notes


def _unique(articles: list[Article]) -> list[Article]:
    """A last guard: an id still taken twice (a file literally named ``x#id=y``) gets ``_`` in front."""
    seen: set[str] = set()
    out = []
    for article in sorted(articles, key=lambda a: (a.id, a.text)):
        name = article.id
        while name in seen:
            name = f"_{name}"
        seen.add(name)
        out.append(article if name == article.id else dataclasses.replace(article, id=name))
    return out
