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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage.candidates import MAX_BUCKET, lsh_params, telling_anchors
from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.models import Document


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What the lookup needs of an article being added or queried."""

    document: Document
    key: int
    vector: Matrix
    signature: npt.NDArray[np.uint32]


def band_buckets(signature: npt.NDArray[np.uint32], config: CandidateConfig) -> list[tuple[int, int]]:
    """(band, bucket) of each LSH band: equal bands give equal buckets (64-bit digest)."""
    bands, rows = lsh_params(config.lsh_threshold, len(signature))
    out = []
    for band in range(bands):
        digest = hashlib.blake2b(signature[band * rows : (band + 1) * rows].tobytes(), digest_size=8)
        out.append((band, int.from_bytes(digest.digest(), "little", signed=True)))
    return out


def lsh_partners(db: sqlite3.Connection, new: NewArticle, config: CandidateConfig) -> set[int]:
    found: set[int] = set()
    for band, bucket in band_buckets(new.signature, config):
        keys = [r[0] for r in db.execute("SELECT doc FROM lsh WHERE band=? AND bucket=?", (band, bucket))]
        # Buckets larger than the scan's bound are furniture or templates, not copies.
        if len(keys) <= MAX_BUCKET:
            found.update(keys)
    found.discard(new.key)
    return found


def anchor_partners(db: sqlite3.Connection, new: NewArticle, config: CandidateConfig) -> set[int]:
    keys = sorted(telling_anchors(new.document))
    if not keys:
        return set()
    counts: dict[int, int] = defaultdict(int)
    marks = ",".join("?" * len(keys))
    rare = [
        r[0]
        for r in db.execute(
            f"SELECT anchor FROM anchors WHERE anchor IN ({marks}) GROUP BY anchor HAVING COUNT(*) BETWEEN 2 AND ?",
            [*keys, config.anchor_max_docs],
        )
    ]
    for start in range(0, len(rare), 500):
        chunk = rare[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for (doc,) in db.execute(f"SELECT doc FROM anchors WHERE anchor IN ({marks})", chunk):
            counts[doc] += 1
    counts.pop(new.key, None)
    return {doc for doc, c in counts.items() if c >= config.min_shared_anchors}


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
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        out.update(
            (r[0], r[1]) for r in db.execute(f"SELECT key, id FROM documents WHERE key IN ({marks})", chunk)
        )
    return out
