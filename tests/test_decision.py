"""The fitted decision models: validation, the shipped file, and symmetry on real documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslineage import direction, relate
from newslineage.align import align
from newslineage.config import AlignConfig, RelateConfig
from newslineage.decision import DecisionModels, LinearModel, load_models, sigmoid
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import ConfigError
from newslineage.models import ScanResult
from newslineage.pipeline import _Silent, embed_documents


def model(**changes: object) -> LinearModel:
    base: dict[str, object] = {
        "name": "m",
        "features": ("x", "y"),
        "mean": (0.0, 1.0),
        "scale": (1.0, 2.0),
        "weights": (1.0, -2.0),
        "bias": 0.5,
    }
    base.update(changes)
    return LinearModel(**base)  # type: ignore[arg-type]


def test_a_linear_model_computes_its_logit_and_names_each_contribution() -> None:
    m = model()
    assert m.logit({"x": 2.0, "y": 3.0}) == pytest.approx(0.5 + 2.0 - 2.0)
    assert m.probability({"x": 0.0, "y": 1.0}) == pytest.approx(sigmoid(0.5))
    assert m.contributions({"x": 2.0, "y": 5.0})[0] == ("y", -4.0)


def test_malformed_models_are_refused_with_the_reason() -> None:
    with pytest.raises(ConfigError, match="one length"):
        model(weights=(1.0,))
    with pytest.raises(ConfigError, match="scale must be positive"):
        model(scale=(1.0, 0.0))
    with pytest.raises(ConfigError, match=r"needs features \['y'\]"):
        model().logit({"x": 1.0})
    with pytest.raises(ConfigError, match="malformed"):
        LinearModel.from_json({"name": "m"})
    with pytest.raises(ConfigError, match="no bias"):
        DecisionModels(copy=model(), direction=model())


def test_the_shipped_models_load_and_name_what_they_were_fitted_on(tmp_path: Path) -> None:
    models = load_models()
    assert "l2r-news" in models.copy.fitted_on
    # The held-out collections are never in the fitting set: their figures are honest.
    assert not {"Entertainment", "Environmental"} & set(models.copy.fitted_on + models.direction.fitted_on)
    copy = tmp_path / "decision.json"
    copy.write_text(
        json.dumps(
            {"copy": models.copy.to_json(), "direction": models.direction.to_json(), "copy_threshold": 0.7}
        ),
        encoding="utf-8",
    )
    assert load_models(str(copy)).copy_threshold == 0.7


def test_copy_features_and_direction_do_not_depend_on_which_text_is_first(
    example_result: ScanResult, encoder: UniversalSentenceEncoder
) -> None:
    docs = list(example_result.documents)
    views, _ = embed_documents(docs, encoder, _Silent())
    view = {v.document.id: v for v in views}
    models = RelateConfig().models
    checked = 0
    for rel in example_result.relations:
        if not rel.is_copy:
            continue
        a, b = example_result.document(rel.a), example_result.document(rel.b)
        forward = relate.features(a, b, align(view[a.id], view[b.id], AlignConfig()), 3, 0.8)
        backward = relate.features(b, a, align(view[b.id], view[a.id], AlignConfig()), 3, 0.8)
        fx, bx = relate.copy_features(forward), relate.copy_features(backward)
        assert models.copy.probability(fx) == pytest.approx(models.copy.probability(bx), abs=0.02)
        there = direction.direction_features(a, b, 0.1)
        back = direction.direction_features(b, a, -0.1)
        assert all(there[k] == pytest.approx(-back[k]) for k in there)
        assert models.direction.logit(there) == pytest.approx(-models.direction.logit(back))
        checked += 1
    assert checked >= 10
