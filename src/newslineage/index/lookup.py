"""Candidate pairs of new articles against the index: the scan's three signals, from tables.

The scan finds LSH collisions, embedding neighbours and shared rare anchors over
the whole collection at once (``candidates.find_candidates``). Here each signal is
answered for the new articles only, from what the index keeps: band buckets in
the ``lsh`` table, the vector index with each article's reach (``reach``), anchor
postings. The same thresholds, the
same bucket bound and the same per-article cap apply; the pairs then go to the
scan's own alignment (``pipeline.relate_pairs``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage.candidates import (
    MAX_BUCKET,
    agreement_with,
    counts_as_lexical,
    disjoint_particulars,
    lsh_params,
    telling_anchors,
    telling_decides,
    telling_with,
)
from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.index import reach
from newslineage.index.rows import in_chunks
from newslineage.models import Document


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What the lookup needs of an article being added or queried."""

    document: Document
    key: int
    vector: Matrix
    signature: npt.NDArray[np.uint32]


#: A new article, its candidates' ids by key, and each candidate's (cosine, LSH collision).
Scored = tuple[NewArticle, dict[int, str], dict[int, tuple[float, bool]]]


def band_split(config: CandidateConfig, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the scan's LSH (``lsh_params``): computed once, not per article."""
    return lsh_params(config.lsh_threshold, num_perm)


def band_buckets(signature: npt.NDArray[np.uint32], split: tuple[int, int]) -> list[tuple[int, int]]:
    """(band, bucket) of each LSH band: equal bands give equal buckets (64-bit digest)."""
    bands, rows = split
    out = []
    for band in range(bands):
        digest = hashlib.blake2b(signature[band * rows : (band + 1) * rows].tobytes(), digest_size=8)
        out.append((band, int.from_bytes(digest.digest(), "little", signed=True)))
    return out


def lsh_partners(db: sqlite3.Connection, new: NewArticle, split: tuple[int, int]) -> set[int]:
    """Articles sharing a bucket with ``new``, in buckets the scan would keep (at most ``MAX_BUCKET``
    articles, ``new`` included); a bucket is read no further than that bound."""
    found: set[int] = set()
    own = 1 if new.key < 0 else 0  # a query is not in the table, yet a scan counts it in the bucket
    for band, bucket in band_buckets(new.signature, split):
        sql = "SELECT doc FROM lsh WHERE band=? AND bucket=? LIMIT ?"
        keys = [r[0] for r in db.execute(sql, (band, bucket, MAX_BUCKET + 1))]
        # Buckets larger than the scan's bound are furniture or templates, not copies.
        if len(keys) + own <= MAX_BUCKET:
            found.update(keys)
    found.discard(new.key)
    return found


def close_in_words(
    db: sqlite3.Connection,
    new: NewArticle,
    partners: set[int],
    batch: dict[int, NewArticle],
    config: CandidateConfig,
) -> set[int]:
    """The LSH partners that count as lexical candidates of ``new`` as the scan counts the bands'
    pairs (``candidates.lexical_codes``): signatures that agree on ``lsh_min_jaccard`` of their
    values and, below ``lsh_threshold``, on a value at most ``anchor_max_docs`` articles hold."""
    signatures = {k: n.signature for k, n in batch.items() if k in partners}
    signatures.update(stored_signatures(db, partners - signatures.keys()))
    keys = sorted(signatures)
    if not keys:
        return set()
    shares = np.array(agreement_with(new.signature, [signatures[k] for k in keys]), dtype=np.float64)
    told = np.zeros(len(keys), dtype=np.int64)
    if np.any(telling_decides(shares, config)):  # the counts are read only when they decide
        common = common_positions(db, new.signature, config, own=new.key < 0)
        told = telling_with(new.signature, common, [signatures[k] for k in keys])
    kept = np.asarray(counts_as_lexical(shares, told, config), dtype=np.bool_)
    return {k for k, keep in zip(keys, kept.tolist(), strict=True) if keep}


def common_positions(
    db: sqlite3.Connection, signature: npt.NDArray[np.uint32], config: CandidateConfig, *, own: bool = False
) -> npt.NDArray[np.bool_]:
    """For each MinHash position, whether more than ``anchor_max_docs`` articles hold the
    signature's value there (``candidates.common_values``); ``own``: the signature is a
    query's, not in the table, yet counted as the scan counts it."""
    common = np.zeros(len(signature), dtype=np.bool_)
    pairs = [(k, int(v)) for k, v in enumerate(signature.tolist())]
    for start in range(0, len(pairs), 256):  # 2 parameters each: within SQLite's oldest bound of 999
        chunk = pairs[start : start + 256]
        marks = ",".join("(?,?)" for _ in chunk)
        # Joined from the listed values, each a primary-key search: SQLite answers a row-value
        # ``(position, value) IN (VALUES ...)`` by scanning the whole table (359,000 rows at
        # 10,000 articles, 50 ms a signature; an add of 300 spent 480 ms an article on them).
        # Only the common values come back: most of a signature's are not.
        sql = (
            f"SELECT m.position FROM (VALUES {marks}) AS v CROSS JOIN minhash_values AS m "
            "ON m.position = v.column1 AND m.value = v.column2 WHERE m.docs + ? > ?"
        )
        args = [x for pair in chunk for x in pair] + [int(own), config.anchor_max_docs]
        common[[r[0] for r in db.execute(sql, args)]] = True
    return common


def stored_signatures(db: sqlite3.Connection, keys: Iterable[int]) -> dict[int, npt.NDArray[np.uint32]]:
    """The MinHash signatures of stored articles, by key."""
    out: dict[int, npt.NDArray[np.uint32]] = {}
    for chunk, marks in in_chunks(sorted(keys)):
        rows = db.execute(f"SELECT key, value FROM signatures WHERE key IN ({marks})", chunk)
        out.update((r[0], np.frombuffer(r[1], dtype=np.uint32)) for r in rows)
    return out


def anchor_partners(db: sqlite3.Connection, new: NewArticle, config: CandidateConfig) -> set[int]:
    """Articles sharing ``min_shared_anchors`` telling anchors with ``new`` that at most
    ``anchor_max_docs`` articles hold (``new`` included, as in the scan); each anchor's
    postings are read no further than that bound."""
    own = 1 if new.key < 0 else 0
    counts: dict[int, int] = defaultdict(int)
    for anchor in sorted(telling_anchors(new.document)):
        sql = "SELECT doc FROM anchors WHERE anchor=? LIMIT ?"
        docs = [r[0] for r in db.execute(sql, (anchor, config.anchor_max_docs + 1))]
        if 1 < len(docs) + own <= config.anchor_max_docs:
            for doc in docs:
                counts[doc] += 1
    counts.pop(new.key, None)
    return {doc for doc, c in counts.items() if c >= config.min_shared_anchors}


def relatable(
    db: sqlite3.Connection, new: NewArticle, keys: Sequence[int], batch: Mapping[int, NewArticle]
) -> list[int]:
    """The keys that may relate to ``new``: the scan leaves out pairs that cannot relate
    (``candidates.disjoint_particulars``) before its per-article cap, and so does the index.

    ``batch`` holds the articles of the same add or query, read from memory, not the tables.
    """
    mine = telling_anchors(new.document)
    stored = [k for k in keys if k not in batch]
    telling: dict[int, set[str]] = defaultdict(set)
    languages: dict[int, str] = {}
    for chunk, marks in in_chunks(stored):
        for doc, anchor in db.execute(f"SELECT doc, anchor FROM anchors WHERE doc IN ({marks})", chunk):
            telling[doc].add(anchor)
        languages.update(db.execute(f"SELECT key, language FROM documents WHERE key IN ({marks})", chunk))
    for k in keys:
        if k in batch:
            telling[k] = telling_anchors(batch[k].document)
            languages[k] = batch[k].document.language
    lang = new.document.language
    return [k for k in keys if not disjoint_particulars(mine, telling[k], lang, languages.get(k, ""))]


def cap(
    new: NewArticle, partners: dict[int, tuple[float, bool]], config: CandidateConfig, ids: dict[int, str]
) -> list[int]:
    """The ``max_per_article`` best partners: lexical collisions first, then by cosine, then by id."""
    ranked = sorted(partners, key=lambda k: (-(partners[k][0] + partners[k][1]), ids[k]))
    return ranked[: config.max_per_article]


def pair_similarity(a: Matrix, b: Matrix) -> float:
    # The scan's einsum over float32 rows, so both round the cosine alike.
    return float(np.einsum("ij,ij->i", a[None, :], b[None, :])[0])


def keys_of(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk, marks in in_chunks(keys):
        out.update(
            (r[0], r[1]) for r in db.execute(f"SELECT key, id FROM documents WHERE key IN ({marks})", chunk)
        )
    return out


def scored(
    db: sqlite3.Connection,
    new: NewArticle,
    near: set[int],
    batch: dict[int, NewArticle],
    split: tuple[int, int],
    config: CandidateConfig,
) -> Scored:
    """The candidates of ``new`` that may relate to it, with their ids, cosines and LSH collisions."""
    lexical = close_in_words(db, new, lsh_partners(db, new, split), batch, config)
    found = lexical | near | anchor_partners(db, new, config)
    ids = keys_of(db, relatable(db, new, sorted(found), batch))
    vectors = reach.vectors_of(db, [k for k in ids if k not in batch])
    vectors.update({k: n.vector for k, n in batch.items()})
    return new, ids, {k: (pair_similarity(new.vector, vectors[k]), k in lexical) for k in ids}
