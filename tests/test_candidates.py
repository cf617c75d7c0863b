from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.candidates import (
    anchor_pairs,
    band_pairs,
    common_values,
    find_candidates,
    lexical_codes,
    lsh_pairs,
    lsh_params,
    neighbour_pairs,
    telling_agreement,
)
from newslineage.config import CandidateConfig, SignatureConfig, TextConfig
from newslineage.errors import ConfigError
from newslineage.models import Article
from newslineage.signatures import sign_many
from newslineage.text import analyze_all


def _text(seed: int, n: int = 60) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(f"w{int(x)}" for x in rng.integers(0, 5000, size=n))


def test_lsh_bands_fit_the_signature() -> None:
    bands, rows = lsh_params(0.3, 128)
    assert bands * rows <= 128
    # At the threshold the S-curve is near its middle; far above it, collisions are near certain.
    s = 0.3
    assert 0.2 < 1 - (1 - s**rows) ** bands < 0.95
    assert 1 - (1 - 0.8**rows) ** bands > 0.999


def test_lsh_finds_near_copies_and_not_strangers() -> None:
    base = _text(1, 200)
    words = base.split()
    edited = " ".join(words[:150] + ["changed"] * 10 + words[160:])
    texts = [base, edited] + [_text(100 + i, 200) for i in range(30)]
    pairs = lsh_pairs(sign_many(texts, SignatureConfig()), 0.3)
    assert (0, 1) in pairs
    assert all(0 not in p for p in pairs - {(0, 1)})


def test_neighbours_are_symmetric_pairs_within_k() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(50, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[7] = vectors[3]  # a twin must be found as a pair
    found = neighbour_pairs(vectors, k=3, min_similarity=-1.0)
    assert found[(3, 7)] == pytest.approx(1.0)
    assert all(i < j for i, j in found)
    per_doc = np.bincount(np.array([i for pair in found for i in pair]), minlength=50)
    assert per_doc.min() >= 3  # everyone gets its k neighbours (pairs are shared, so some get more)


def test_neighbour_ties_go_to_the_lower_index() -> None:
    # Seven reprints share one vector: each one's two neighbours are the two lowest others.
    vectors = np.ones((7, 4), dtype=np.float32) / 2
    found = neighbour_pairs(vectors, k=2, min_similarity=0.5)
    want = {(0, 1), (0, 2), (1, 2)} | {(0, j) for j in range(3, 7)} | {(1, j) for j in range(3, 7)}
    assert set(found) == want


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(9))))
def test_candidates_do_not_depend_on_the_order_of_near_equal_documents(order: list[int]) -> None:
    # Nine documents in three groups of equal vectors; the bound keeps 2 per document.
    base = np.repeat(np.eye(3, 8, dtype=np.float32), 3, axis=0)
    texts = [_text(20 + i // 3, 80) for i in range(9)]
    docs = analyze_all([Article(f"{i}.txt", t) for i, t in enumerate(texts)], TextConfig())
    sigs = sign_many(texts, SignatureConfig())
    config = CandidateConfig(max_per_article=2, neighbours=2)
    want = {(docs[i].id, docs[j].id) for i, j in find_candidates(docs, sigs, base, config).pairs}
    shuffled = find_candidates([docs[k] for k in order], sigs[order], base[order], config)
    got = {tuple(sorted((docs[order[i]].id, docs[order[j]].id))) for i, j in shuffled.pairs}
    assert got == {tuple(sorted(p)) for p in want}


def test_rare_shared_anchors_make_candidates() -> None:
    texts = [
        "Anna Lindqvist said repairs at Kellford Bridge cost 4.2 million euros by 1968 standards.",
        "Repairs to Kellford Bridge, said Anna Lindqvist, cost 4.2 million euros since 1968.",
        "The library reopened after a renovation costing 900 thousand euros.",
    ]
    docs = analyze_all([Article(f"{i}.txt", t) for i, t in enumerate(texts)], TextConfig())
    assert set(anchor_pairs(docs, max_docs=50, min_shared=3)) == {(0, 1)}


def test_candidates_are_bounded_per_article() -> None:
    texts = [_text(7, 120)] * 12  # twelve identical texts: 66 pairs
    docs = analyze_all([Article(f"{i:02}.txt", t) for i, t in enumerate(texts)], TextConfig())
    vectors = np.ones((12, 4), dtype=np.float32) / 2
    config = CandidateConfig(max_per_article=3)
    found = find_candidates(docs, sign_many(texts, SignatureConfig()), vectors, config)
    # Each article keeps its 3 best; a pair stays when either side keeps it.
    assert 12 * 3 / 2 <= len(found.pairs) <= 12 * 3
    assert all("minhash" in found.sources(row) for row in range(len(found)))


def _report(town: str, person: str, figure: str, lead: str = "") -> str:
    return (
        f"{lead}Flooding closed the {town} Harbour Road on Monday, {person} of the {town} Port Authority said. "
        f"About {figure} homes lost power in {town} overnight."
    )


def test_pairs_that_cannot_relate_do_not_crowd_out_a_true_partner() -> None:
    # One template filled for six towns: each pair names three particulars or more and shares
    # none, so none can be a copy or one event. The copy of the first report is less alike as
    # a document than the twins are (forced by the vectors below), and the bound keeps 2.
    towns = [
        ("Orlenby", "Anna Weiss", "3,400"),
        ("Ferrowick", "Omar Haddad", "5,100"),
        ("Kestrel Bay", "Lin Zhou", "2,750"),
        ("Duncaster", "Ivo Petrov", "1,980"),
        ("Marlow Sands", "Ruth Okafor", "4,620"),
        ("Tillbury", "Jonas Berg", "6,010"),
    ]
    texts = [_report(*t) for t in towns]
    texts.append(_report(*towns[0], lead="From our partners. "))
    docs = analyze_all([Article(f"{i}.txt", t) for i, t in enumerate(texts)], TextConfig())
    vectors = np.zeros((7, 4), dtype=np.float32)
    vectors[:6, 0] = 1.0  # the twins: identical vectors
    vectors[6] = [0.8, 0.6, 0.0, 0.0]  # the copy: cosine 0.8 with every report
    config = CandidateConfig(max_per_article=2, neighbours=6, min_doc_similarity=0.5, lsh_threshold=0.99)
    pairs = set(find_candidates(docs, sign_many(texts, SignatureConfig()), vectors, config).pairs)
    assert (0, 6) in pairs
    assert not any(i < 6 and j < 6 for i, j in pairs)  # no template twins aligned at all


def test_config_rejects_nonsense_with_the_field_name() -> None:
    with pytest.raises(
        ConfigError, match=r"CandidateConfig.lsh_threshold must be between 0.01 and 0.99, got 1.5"
    ):
        CandidateConfig(lsh_threshold=1.5)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=0, max_size=40),
    st.integers(2, 6),
)
def test_band_pairs_are_exactly_the_pairs_of_equal_rows(rows: list[list[int]], max_bucket: int) -> None:
    band = np.array(rows, dtype=np.uint32).reshape(len(rows), 3)
    buckets: dict[tuple[int, ...], list[int]] = {}
    for i, row in enumerate(rows):
        buckets.setdefault(tuple(row), []).append(i)
    want = {
        (m[x], m[y])
        for m in buckets.values()
        if len(m) <= max_bucket
        for x in range(len(m))
        for y in range(x + 1, len(m))
    }
    first, second = band_pairs(band, max_bucket)
    got = list(zip(first.tolist(), second.tolist(), strict=True))
    assert len(got) == len(set(got))
    assert set(got) == want


def test_an_lsh_collision_counts_only_when_the_signatures_agree_enough() -> None:
    # Three texts of no shared topic (orthogonal vectors, no anchors); their signatures are set
    # by hand: 1 and 0 agree on one band (3 of 128 values, an estimated Jaccard of 0.02) and
    # collide in LSH, as do 1 and 2; 2 and 0 agree on 24 values, that band included (0.19).
    texts = [_text(31, 40), _text(32, 40), _text(33, 40)]
    docs = analyze_all([Article(f"{i}.txt", t) for i, t in enumerate(texts)], TextConfig())
    sigs = np.arange(3 * 128, dtype=np.uint32).reshape(3, 128)
    sigs[1, :3] = sigs[0, :3]
    sigs[2, :24] = sigs[0, :24]
    vectors = np.eye(3, 8, dtype=np.float32)
    checked = find_candidates(docs, sigs, vectors, CandidateConfig(neighbours=0))
    assert set(checked.pairs) == {(0, 2)}
    unchecked = find_candidates(docs, sigs, vectors, CandidateConfig(neighbours=0, lsh_min_jaccard=0.0))
    assert set(unchecked.pairs) == {(0, 1), (0, 2), (1, 2)}


def _templated(n: int, shared: int) -> np.ndarray:
    """``n`` signatures of distinct values, all agreeing on their first ``shared`` values."""
    sigs = np.arange(10_000, 10_000 + n * 128, dtype=np.uint32).reshape(n, 128)
    sigs[:, :shared] = np.arange(shared, dtype=np.uint32)
    return sigs


def test_common_values_are_those_more_than_max_docs_hold() -> None:
    sigs = _templated(60, 24)
    sigs[1, 30] = sigs[0, 30]
    common = common_values(sigs, 50)
    assert common[:, :24].all()  # the template's values: 60 documents hold each
    assert not common[:, 24:].any()  # a value two documents hold, and each document's own
    assert not common_values(sigs, 60).any()


def test_a_collision_on_a_template_alone_is_not_a_lexical_candidate() -> None:
    # Sixty templated texts agree on 24 of 128 values (an estimated Jaccard of 0.19) and all
    # collide in LSH; two of them also share 7 values of their own.
    sigs = _templated(60, 24)
    sigs[3, 24:31] = sigs[2, 24:31]
    n = len(sigs)
    kept = {divmod(int(c), n) for c in lexical_codes(sigs, CandidateConfig())}
    assert kept == {(2, 3)}
    unchecked = lexical_codes(sigs, CandidateConfig(lsh_min_telling=0))
    assert len(unchecked) == n * (n - 1) // 2


def test_a_family_agreeing_above_the_lsh_threshold_is_kept_whatever_its_size() -> None:
    # Sixty reprints of one text agree on 100 of 128 values, which all sixty hold: a copy family
    # larger than ``anchor_max_docs``, not a template.
    sigs = _templated(60, 100)
    assert len(lexical_codes(sigs, CandidateConfig())) == 60 * 59 // 2


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 12), st.integers(1, 5))
def test_telling_agreement_is_symmetric(seed: int, n: int, max_docs: int) -> None:
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 4, size=(n, 16)).astype(np.uint32)
    common = common_values(sigs, max_docs)
    first, second = np.triu_indices(n, 1)
    forward = telling_agreement(sigs, common, first.astype(np.int64), second.astype(np.int64))
    backward = telling_agreement(sigs, common, second.astype(np.int64), first.astype(np.int64))
    assert forward.tolist() == backward.tolist()
    assert (forward <= (sigs[first] == sigs[second]).sum(axis=1)).all()


def test_lsh_min_telling_is_validated() -> None:
    with pytest.raises(ConfigError, match="lsh_min_telling"):
        CandidateConfig(lsh_min_telling=-1)
