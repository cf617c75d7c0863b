"""The vector index: approximate (usearch) and exact agree on real document vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLE
from newslineage import vectors as vectors_module
from newslineage.candidates import neighbour_codes, neighbour_pairs
from newslineage.config import IngestConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.ingest import ingest
from newslineage.text import split_sentences
from newslineage.vectors import (
    ExactIndex,
    HnswIndex,
    VectorIndex,
    file_name,
    new_index,
    open_index,
    self_neighbours,
)


@pytest.fixture(scope="module")
def vectors(encoder: UniversalSentenceEncoder) -> np.ndarray:
    texts = [a.text for a in ingest([EXAMPLE], IngestConfig()).articles]
    sentences = sorted({t[s:e] for t in texts for s, e, _ in split_sentences(t, 1200)})
    return encoder.encode(sentences)


@pytest.mark.parametrize("kind", [ExactIndex, HnswIndex])
def test_nearest_is_itself_and_removal_forgets(
    kind: type[VectorIndex], vectors: np.ndarray, tmp_path: Path
) -> None:
    index = kind(vectors.shape[1])
    keys = np.arange(100, 100 + len(vectors), dtype=np.int64)
    index.add(keys, vectors)
    found = index.search(vectors[:20], 3)
    assert found.keys[:, 0].tolist() == keys[:20].tolist()
    assert np.allclose(found.similarity[:, 0], 1.0, atol=1e-4)
    index.remove(keys[:5])
    assert len(index) == len(vectors) - 5
    assert not set(index.search(vectors[:5], 5).keys.ravel().tolist()) & set(keys[:5].tolist())
    path = tmp_path / file_name(index)
    index.save(path)
    again = open_index(path, vectors.shape[1])
    assert len(again) == len(index)
    assert again.search(vectors[10:11], 1).keys[0, 0] == keys[10]


def test_approximate_agrees_with_exact(vectors: np.ndarray) -> None:
    exact, approx = ExactIndex(vectors.shape[1]), new_index(vectors.shape[1])
    assert isinstance(approx, HnswIndex)
    keys = np.arange(len(vectors), dtype=np.int64)
    for index in (exact, approx):
        index.add(keys, vectors)
    want, got = exact.search(vectors, 10), approx.search(vectors, 10)
    recall = np.mean(
        [len(set(w) & set(g)) / 10 for w, g in zip(want.keys.tolist(), got.keys.tolist(), strict=True)]
    )
    assert recall >= 0.98


def test_fewer_vectors_than_asked_fill_with_minus_one(vectors: np.ndarray) -> None:
    for index in (ExactIndex(vectors.shape[1]), HnswIndex(vectors.shape[1])):
        index.add(np.array([7, 8], dtype=np.int64), vectors[:2])
        found = index.search(vectors[:1], 4)
        assert found.keys[0, :2].tolist() == [7, 8]
        assert found.keys[0, 2:].tolist() == [-1, -1]


def test_the_scans_graph_finds_what_the_exact_search_finds(vectors: np.ndarray) -> None:
    order = np.arange(len(vectors), dtype=np.int64)[::-1].copy()
    found = self_neighbours(vectors, 10, order, threads=2)
    assert not (found.keys == np.arange(len(vectors))[:, None]).any()  # a row is not its own neighbour
    exact = neighbour_pairs(vectors, 10, -1.0)
    approximate = neighbour_pairs(vectors, 10, -1.0, order=order, threads=2)
    assert len(set(exact) & set(approximate)) / len(exact) >= 0.95
    for pair in set(exact) & set(approximate):
        assert approximate[pair] == pytest.approx(exact[pair], abs=2e-3)  # float16 in the graph


def test_the_scans_graph_is_the_same_added_in_slices(
    vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = np.random.default_rng(9).permutation(len(vectors)).astype(np.int64)
    whole = self_neighbours(vectors, 8, order, threads=2)
    monkeypatch.setattr(vectors_module, "_ADD_SLICE", 7)  # many slices, the last one short
    sliced = self_neighbours(vectors, 8, order, threads=2)
    assert np.array_equal(sliced.keys, whole.keys)
    assert np.array_equal(sliced.similarity, whole.similarity)


def test_the_scans_graph_depends_on_contents_not_on_row_numbers(vectors: np.ndarray) -> None:
    # The same vectors in another row order, inserted in the same content order: the same pairs.
    rng = np.random.default_rng(5)
    content = rng.permutation(len(vectors))
    moved = rng.permutation(len(vectors))
    where = np.argsort(moved)  # row of original k in the moved matrix
    first = neighbour_pairs(vectors, 5, 0.3, order=content, threads=1)
    second = neighbour_pairs(vectors[moved], 5, 0.3, order=where[content], threads=2)
    back = {tuple(sorted((int(moved[i]), int(moved[j])))) for i, j in second}
    assert back == set(first)


def test_neighbour_codes_are_the_neighbour_pairs_as_codes(vectors: np.ndarray) -> None:
    # The candidate stage reads the approximate graph's pairs as codes; the same pairs, at
    # every floor (compared as the pairs' cosines are: in double precision).
    order = np.arange(len(vectors), dtype=np.int64)[::-1].copy()
    n = len(vectors)
    for floor in (-1.0, 0.3, 0.55):
        for ordered in (order, None):
            pairs = neighbour_pairs(vectors, 5, floor, order=ordered, threads=2)
            codes = neighbour_codes(vectors, 5, floor, order=ordered, threads=2)
            assert codes.tolist() == sorted(i * n + j for i, j in pairs)
    assert neighbour_codes(vectors[:1], 5, 0.3, order=order[:1]).tolist() == []
