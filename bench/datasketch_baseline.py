"""The baseline people run today: datasketch MinHash + MinHashLSH, on newslineage's own shingles.

Signing and querying are separate calls so a benchmark can time each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from metrics import Pair, pair
from newslineage.config import SignatureConfig
from newslineage.tokens import shingles, words


def datasketch_sign(texts: Sequence[str], config: SignatureConfig) -> list[Any]:
    """One datasketch ``MinHash`` per text, over the word shingles newslineage signs."""
    from datasketch import MinHash

    hashes = []
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed)
        m.update_batch([g.encode() for g in shingles(words(text), config.shingle)])
        hashes.append(m)
    return hashes


def datasketch_query(ids: Sequence[str], hashes: Sequence[Any], threshold: float, num_perm: int) -> list[Any]:
    """Insert every signature into a ``MinHashLSH``, then query each: the ids each one collides with."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for doc_id, m in zip(ids, hashes, strict=True):
        lsh.insert(doc_id, m)
    return [lsh.query(m) for m in hashes]


def answer_pairs(ids: Sequence[str], answers: Sequence[Any]) -> set[Pair]:
    """The unordered pairs the query answers name (an article finds itself; that is not a pair)."""
    return {pair(doc_id, o) for doc_id, found in zip(ids, answers, strict=True) for o in found if o != doc_id}
