"""Lexical signatures: one-permutation MinHash over word shingles, vectorized.

Each word is hashed once (CRC32); a shingle's 64-bit hash is built from its words'
hashes with numpy arithmetic, so no shingle string is ever made. Instead of
``num_perm`` permutations per shingle (what datasketch computes), each shingle is
mixed once and falls into one of ``num_perm`` bins, keeping the minimum per bin:
one-permutation hashing (Li, Owen and Zhang, 2012). Empty bins of short texts are
filled from the next non-empty bin to the right, shifted by the distance
(densification, Shrivastava and Li, 2014), so the share of equal bins still
estimates the Jaccard similarity. The work per document is linear in its shingles,
not in shingles times ``num_perm``. A ``MinHashSignature`` carries its parameters
and refuses to compare with one made differently.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage.arrays import distinct
from newslineage.config import SignatureConfig
from newslineage.errors import SignatureMismatch
from newslineage.tokens import words

_SHIFT = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
_STEP = np.uint32(0x9E3779B1)  # odd: borrowed values at different distances never collide
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd, so mixing word hashes loses no information
_EMPTY = np.uint32(0xFFFFFFFF)
#: Shingles mixed per numpy pass: bounds the temporary arrays of one batch.
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


def mixing_keys(config: SignatureConfig) -> tuple[np.uint64, np.uint64]:
    """The seed's two 64-bit keys of the shingle mixing function (the first is odd)."""
    rng = np.random.default_rng(config.seed)
    a, b = rng.integers(0, 1 << 63, size=2, dtype=np.uint64)
    return np.uint64(a * np.uint64(2) + np.uint64(1)), np.uint64(b)


def _mix(x: npt.NDArray[np.uint64], a: np.uint64, b: np.uint64) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):  # wrap-around is the modulo 2**64 the mixing relies on
        y = x * a + b
        y ^= y >> np.uint64(29)
        y *= _MIX
        y ^= y >> _SHIFT
    return y


def shingle_hashes(text: str, size: int, known: dict[str, int] | None = None) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the text's word ``size``-shingles (one shingle if shorter).

    ``known`` remembers word hashes across the texts of one call to ``sign_many``:
    a collection's vocabulary is far smaller than its word count.
    """
    tokens = words(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    known = {} if known is None else known
    for token in set(tokens).difference(known):
        known[token] = zlib.crc32(token.encode())
    h = np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    width = min(size, len(tokens))
    out = h[: len(h) - width + 1].copy()
    with np.errstate(over="ignore"):
        for k in range(1, width):
            out = out * _MIX + h[k : len(h) - width + 1 + k]
    return distinct(out)


def sign_many(texts: Sequence[str], config: SignatureConfig) -> npt.NDArray[np.uint32]:
    """MinHash signatures of many texts: a (len(texts), num_perm) uint32 matrix."""
    out = np.full((len(texts), config.num_perm), _EMPTY, dtype=np.uint32)
    batch: list[npt.NDArray[np.uint64]] = []
    rows: list[int] = []
    filled = 0
    known: dict[str, int] = {}
    for row, text in enumerate(texts):
        hashes = shingle_hashes(text, config.shingle, known)
        if hashes.size == 0:
            continue
        batch.append(hashes)
        rows.append(row)
        filled += hashes.size
        if filled >= _CHUNK:
            _sign_batch(batch, rows, config, out)
            batch, rows, filled = [], [], 0
    if batch:
        _sign_batch(batch, rows, config, out)
    return out


def _sign_batch(
    batch: list[npt.NDArray[np.uint64]], rows: list[int], config: SignatureConfig, out: npt.NDArray[np.uint32]
) -> None:
    a, b = mixing_keys(config)
    mixed = _mix(np.concatenate(batch), a, b)
    bins = ((mixed >> _SHIFT) % np.uint64(config.num_perm)).astype(np.int64)
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), [h.size for h in batch])
    block = np.full((len(rows), config.num_perm), _EMPTY, dtype=np.uint32)
    np.minimum.at(block.reshape(-1), owner * config.num_perm + bins, (mixed & _LOW).astype(np.uint32))
    out[np.asarray(rows)] = densify(block)


def densify(block: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Fill each empty bin from the next non-empty bin to its right (circular), shifted by the distance."""
    empty = block == _EMPTY
    if not empty.any():
        return block
    width = block.shape[1]
    twice = np.concatenate([block, block], axis=1)
    positions = np.where(np.concatenate([~empty, ~empty], axis=1), np.arange(2 * width), 2 * width)
    nearest = np.minimum.accumulate(positions[:, ::-1], axis=1)[:, ::-1][:, :width]
    source = np.minimum(nearest, 2 * width - 1)
    distance = (source - np.arange(width)).astype(np.uint32)
    with np.errstate(over="ignore"):
        borrowed = np.take_along_axis(twice, source, axis=1) + distance * _STEP
    return np.where(empty & (nearest < 2 * width), borrowed, block).astype(np.uint32)


def signature(text: str, config: SignatureConfig) -> MinHashSignature:
    """The MinHash of one text."""
    values = sign_many([text], config)[0]
    return MinHashSignature(values, config.num_perm, config.seed, config.shingle)
