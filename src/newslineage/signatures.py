"""Lexical signatures: MinHash over word shingles, vectorized across documents.

One permutation family ``h_k(x) = (a_k * x + b_k) mod p`` with ``p = 2**61 - 1``
over 32-bit CRC32 shingle hashes, as in Broder's MinHash. Shingles of a whole
batch of documents are hashed in one numpy pass and reduced per document with
``minimum.reduceat``, which is where the speed over per-document signing comes
from. A ``MinHashSignature`` carries its parameters and refuses to compare with
one made differently.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage.config import SignatureConfig
from newslineage.errors import SignatureMismatch
from newslineage.tokens import shingles, words

_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
#: Shingles hashed per numpy pass: bounds the (shingles x permutations) matrix to ~64 MB.
_CHUNK = 1 << 16

Hashes = npt.NDArray[np.uint32]


@dataclass(frozen=True, slots=True)
class MinHashSignature:
    """The MinHash of one document, with the parameters that made it."""

    values: Hashes
    num_perm: int
    seed: int
    shingle: int

    def jaccard(self, other: MinHashSignature) -> float:
        """Estimated Jaccard similarity of the two documents' shingle sets."""
        if (self.num_perm, self.seed, self.shingle) != (other.num_perm, other.seed, other.shingle):
            raise SignatureMismatch(
                "cannot compare MinHash signatures made with different parameters: "
                f"(num_perm, seed, shingle) = {(self.num_perm, self.seed, self.shingle)} "
                f"vs {(other.num_perm, other.seed, other.shingle)}; sign both with one SignatureConfig"
            )
        return float(np.count_nonzero(self.values == other.values)) / self.num_perm


def permutations(config: SignatureConfig) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The (a, b) coefficients of the permutation family, fixed by the seed."""
    rng = np.random.default_rng(config.seed)
    a = rng.integers(1, 1 << 32, size=config.num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=config.num_perm, dtype=np.uint64)
    return a, b


def shingle_hashes(text: str, size: int) -> npt.NDArray[np.uint64]:
    """Distinct CRC32 hashes of the text's word shingles."""
    grams = shingles(words(text), size)
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams)))


def sign_many(texts: Sequence[str], config: SignatureConfig) -> npt.NDArray[np.uint32]:
    """MinHash signatures of many texts: a (len(texts), num_perm) uint32 matrix."""
    a, b = permutations(config)
    out = np.full((len(texts), config.num_perm), _EMPTY, dtype=np.uint32)
    batch: list[npt.NDArray[np.uint64]] = []
    rows: list[int] = []
    filled = 0
    for row, text in enumerate(texts):
        hashes = shingle_hashes(text, config.shingle)
        if hashes.size == 0:
            continue
        batch.append(hashes)
        rows.append(row)
        filled += hashes.size
        if filled >= _CHUNK:
            _sign_batch(batch, rows, a, b, out)
            batch, rows, filled = [], [], 0
    if batch:
        _sign_batch(batch, rows, a, b, out)
    return out


def _sign_batch(
    batch: list[npt.NDArray[np.uint64]],
    rows: list[int],
    a: npt.NDArray[np.uint64],
    b: npt.NDArray[np.uint64],
    out: npt.NDArray[np.uint32],
) -> None:
    flat = np.concatenate(batch)
    # a < 2**32 and x < 2**32, so a*x + b stays below 2**64: no silent wrap-around.
    permuted = ((flat[:, None] * a[None, :] + b[None, :]) % _PRIME) & _MAX32
    starts = np.cumsum([0] + [h.size for h in batch[:-1]])
    out[np.asarray(rows)] = np.minimum.reduceat(permuted, starts, axis=0).astype(np.uint32)


def signature(text: str, config: SignatureConfig) -> MinHashSignature:
    """The MinHash of one text."""
    values = sign_many([text], config)[0]
    return MinHashSignature(values, config.num_perm, config.seed, config.shingle)
