"""The per-article cap on both sides of a pair, as the scan applies it.

The scan keeps a candidate pair when it is among the ``max_per_article`` best of
either of its articles (``candidates._bound``: best is the highest score, the cosine
plus one for an LSH collision, then the lowest partner id). A new article's own best
are known when it arrives; for the stored side each article keeps its *best list*,
the ``max_per_article`` best of every candidate it has been scored against (table
``best``). A newcomer is kept on the stored side when it enters that list, which it
then joins (a query's entry is not written), so the index aligns the pairs a scan of
everything would: a pair the newcomer ranks low but that is among the stored
article's best is no longer left out.

An index written before the lists were kept (``meta.best`` missing or for another
cap) caps the new side only, as it did, and keeps no lists. A removed article leaves
the lists it was in: they are one entry short, and an article whose list is shorter
than the cap keeps every newcomer (more pairs aligned than a scan, never fewer).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from newslineage.candidates import CandidateSet
from newslineage.config import CandidateConfig
from newslineage.index.lookup import Scored, cap
from newslineage.index.rows import in_chunks

#: One entry of a best list: (score, partner id); lists are sorted by ``_rank``.
Entry = tuple[float, str]


def _rank(entry: Entry) -> tuple[float, str]:
    return (-entry[0], entry[1])


def best(entries: Iterable[Entry], cap: int) -> list[Entry]:
    """The ``cap`` best entries, best first."""
    return sorted(entries, key=_rank)[:cap]


def kept(db: sqlite3.Connection, cap: int) -> bool:
    """Whether this index keeps best lists for ``cap`` (else it caps the new side only)."""
    row = db.execute("SELECT value FROM meta WHERE key='best'").fetchone()
    return row is not None and row[0] == str(cap)


def first(
    db: sqlite3.Connection, keys: Sequence[int], ids: Sequence[str], cands: CandidateSet, cap: int
) -> None:
    """Best lists of an index built in one batch, from the scan's candidates (``keys``/``ids`` by row).

    The scan keeps every pair among the ``cap`` best of either side, so each article's
    ``cap`` best among the kept pairs are its ``cap`` best among all its candidates.
    """
    score = cands.similarity + (cands.signals & 1)
    lists: dict[int, list[Entry]] = defaultdict(list)
    for i, j, s in zip(cands.first.tolist(), cands.second.tolist(), score.tolist(), strict=True):
        lists[keys[i]].append((s, ids[j]))
        lists[keys[j]].append((s, ids[i]))
    write(db, {k: best(v, cap) for k, v in lists.items()})
    db.execute("INSERT OR REPLACE INTO meta VALUES ('best', ?)", (str(cap),))


def load(db: sqlite3.Connection, keys: Iterable[int]) -> dict[int, list[Entry]]:
    """The stored best lists of ``keys`` (empty for articles with none)."""
    wanted = sorted(set(keys))
    out: dict[int, list[Entry]] = {k: [] for k in wanted}
    for chunk, marks in in_chunks(wanted):
        for owner, score, partner in db.execute(
            f"SELECT owner, score, partner FROM best WHERE owner IN ({marks})", chunk
        ):
            out[owner].append((score, partner))
    return {k: sorted(v, key=_rank) for k, v in out.items()}


def merged(
    lists: Mapping[int, list[Entry]], arrivals: Mapping[int, list[Entry]], cap: int
) -> dict[int, list[Entry]]:
    """Each list with its arrivals, cut to the ``cap`` best."""
    return {k: best([*lists.get(k, []), *new], cap) for k, new in arrivals.items()}


def among(lists: Mapping[int, list[Entry]], owner: int, entry: Entry, cap: int) -> bool:
    """Whether ``entry`` is among the ``cap`` best of ``owner`` (merged lists: shorter means all)."""
    ranked = lists.get(owner, [])
    return len(ranked) < cap or _rank(entry) <= _rank(ranked[-1])


def write(db: sqlite3.Connection, lists: Mapping[int, list[Entry]]) -> None:
    owners = sorted(lists)
    for chunk, marks in in_chunks(owners):
        db.execute(f"DELETE FROM best WHERE owner IN ({marks})", chunk)
    db.executemany("INSERT INTO best VALUES (?,?,?)", [(k, s, p) for k in owners for s, p in lists[k]])


def forget(db: sqlite3.Connection, keys: Sequence[int], ids: Sequence[str]) -> None:
    """Drop removed articles' lists, and their entries in the lists of others."""
    for chunk, marks in in_chunks(sorted(keys)):
        db.execute(f"DELETE FROM best WHERE owner IN ({marks})", chunk)
    for chunk_ids, marks in in_chunks(sorted(ids)):
        db.execute(f"DELETE FROM best WHERE partner IN ({marks})", chunk_ids)


def capped(
    db: sqlite3.Connection, scored: Sequence[Scored], config: CandidateConfig, *, asked: bool
) -> dict[tuple[str, str], float]:
    """The pairs the scan's cap keeps (``index.bounds``): among the best of either side.

    An add writes the stored articles' best lists with its newcomers in, and the newcomers'
    own; a query only reads them.
    """
    limit = config.max_per_article
    both = kept(db, limit)
    batch = {new.key for new, _, _ in scored}
    arrivals: dict[int, list[Entry]] = {}
    for new, _, found in scored:
        for k, (cosine, lexical) in found.items():
            if k not in batch:
                arrivals.setdefault(k, []).append((cosine + lexical, new.document.id))
    lists = merged(load(db, arrivals), arrivals, limit) if both else {}
    pairs: dict[tuple[str, str], float] = {}
    for new, ids, found in scored:
        mine = set(cap(new, found, config, ids))
        for k, (cosine, lexical) in found.items():
            entry = (cosine + lexical, new.document.id)
            if k in mine or (k in lists and among(lists, k, entry, limit)):
                a, b = sorted((new.document.id, ids[k]))
                pairs[(a, b)] = cosine
    if both and not asked:
        own = {
            new.key: best([(c + x, ids[k]) for k, (c, x) in found.items()], limit)
            for new, ids, found in scored
        }
        write(db, {**lists, **own})
    return pairs
