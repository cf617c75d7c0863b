from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.config import SignatureConfig
from newslineage.errors import ConfigError, SignatureMismatch
from newslineage.signatures import MinHashSignature, shingle_hashes, sign_many, signature
from newslineage.tokens import shingles, words

SENTENCE = "The port of Rivermouth closed two of its five container terminals on Wednesday."


def test_golden_values_do_not_drift() -> None:
    # Stored indexes compare against signatures made by earlier versions: a change here
    # silently breaks every index on disk, so it must be a deliberate, versioned change.
    sig = signature(SENTENCE, SignatureConfig())
    assert sig.values[:8].tolist() == [
        2515252886,
        4155784421,
        2439463159,
        4079994694,
        1425558933,
        3066090468,
        411654707,
        2052186242,
    ]
    assert shingle_hashes("a b c d", 3).tolist() == [13736147699573453895, 16822501285937635032]


def test_tokens_keep_apostrophes_and_fold_case() -> None:
    assert words("The Port’s 3.5-metre, said: “Hello”") == [
        "the",
        "port's",
        "3",
        "5",
        "metre",
        "said",
        "hello",
    ]
    assert shingles(["a", "b"], 3) == ["a b"]
    assert shingles([], 3) == []


def test_batched_signing_equals_one_by_one() -> None:
    config = SignatureConfig(num_perm=64)
    texts = [f"{SENTENCE} Story number {i} adds words {' '.join(['w'] * i)}." for i in range(40)]
    texts.insert(7, "")  # an empty text keeps its row, filled with the empty marker
    batch = sign_many(texts, config)
    for row, text in enumerate(texts):
        assert np.array_equal(batch[row], signature(text, config).values)


def test_jaccard_estimate_tracks_true_jaccard() -> None:
    base = [f"word{i}" for i in range(300)]
    other = base[:200] + [f"new{i}" for i in range(100)]
    config = SignatureConfig(num_perm=256, shingle=1)
    a = signature(" ".join(base), config)
    b = signature(" ".join(other), config)
    true = 200 / 400
    assert a.jaccard(b) == pytest.approx(true, abs=0.1)
    assert a.jaccard(a) == 1.0


def test_short_texts_are_densified_and_empty_texts_stay_empty() -> None:
    config = SignatureConfig(num_perm=64)
    short = signature("one two three four", config)  # two shingles for 64 bins
    assert (short.values != 0xFFFFFFFF).all()
    assert (signature("", config).values == 0xFFFFFFFF).all()
    assert short.jaccard(signature("one two three four", config)) == 1.0


def test_signatures_made_differently_refuse_to_compare() -> None:
    a = signature(SENTENCE, SignatureConfig(num_perm=64))
    b = signature(SENTENCE, SignatureConfig(num_perm=64, seed=2))
    with pytest.raises(SignatureMismatch, match="SignatureConfig"):
        a.jaccard(b)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("num_perm", 8, "between 16 and 4096, got 8"), ("shingle", "3", "must be a number, got '3'")],
)
def test_config_names_the_bad_value(field: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        SignatureConfig(**{field: value})  # type: ignore[arg-type]


texts = st.text(alphabet=st.sampled_from("abcde fgh"), min_size=0, max_size=80)


@settings(max_examples=60, deadline=None)
@given(texts, texts)
def test_similarity_is_symmetric(x: str, y: str) -> None:
    config = SignatureConfig(num_perm=32, shingle=2)
    a: MinHashSignature = signature(x, config)
    b = signature(y, config)
    assert a.jaccard(b) == b.jaccard(a)
    assert 0.0 <= a.jaccard(b) <= 1.0
