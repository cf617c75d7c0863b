"""Fitted decisions: is a pair a copy, and which way did the copying go.

Both are logistic models over named features that the stages already measure
(relate.copy_features, direction.direction_features). They ship inside the
package as ``data/decision.json``, written by ``bench/fit_decision.py`` from
collections with known answers; the file records what each model was fitted on,
so that figures on other data can be told apart from figures on the fitting data.

- The copy model has an intercept and standardizes its inputs.
- The direction model has no intercept and no centring: every feature is
  antisymmetric (swapping the two texts negates it), so swapping the texts
  negates the logit and the verdict cannot depend on which text came first.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newslineage.errors import ConfigError


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A logistic model: ``logit = bias + sum(weight * (value - mean) / scale)``."""

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    fitted_on: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        sizes = {len(self.features), len(self.mean), len(self.scale), len(self.weights)}
        if len(sizes) != 1:
            raise ConfigError(
                f"model {self.name!r}: features, mean, scale and weights must have one length, "
                f"got {len(self.features)}, {len(self.mean)}, {len(self.scale)}, {len(self.weights)}; "
                "refit it with bench/fit_decision.py"
            )
        if any(s <= 0 for s in self.scale):
            raise ConfigError(f"model {self.name!r}: every scale must be positive, got {self.scale}")

    def logit(self, values: Mapping[str, float]) -> float:
        """The log-odds for one pair; a feature the model needs but ``values`` lacks is an error."""
        missing = [f for f in self.features if f not in values]
        if missing:
            raise ConfigError(f"model {self.name!r} needs features {missing}; got {sorted(values)}")
        total = self.bias
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            total += w * (values[name] - mu) / sd
        return total

    def probability(self, values: Mapping[str, float]) -> float:
        return sigmoid(self.logit(values))

    def contributions(self, values: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's share of the logit, largest first: the evidence in numbers."""
        parts = [
            (name, w * (values[name] - mu) / sd)
            for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.weights, strict=True)
        ]
        return sorted(parts, key=lambda p: (-abs(p[1]), p[0]))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "fitted_on": list(self.fitted_on),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        try:
            return cls(
                name=str(data["name"]),
                features=tuple(str(f) for f in data["features"]),
                mean=tuple(float(x) for x in data["mean"]),
                scale=tuple(float(x) for x in data["scale"]),
                weights=tuple(float(x) for x in data["weights"]),
                bias=float(data["bias"]),
                fitted_on=tuple(str(x) for x in data.get("fitted_on", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"a decision model is malformed ({exc!r}); refit with bench/fit_decision.py"
            ) from exc


@dataclass(frozen=True, slots=True)
class DecisionModels:
    """The copy model and the direction model, with the threshold that calls a pair a copy."""

    copy: LinearModel
    direction: LinearModel
    copy_threshold: float = 0.5
    #: Direction stays ``unknown`` while the probability is within this of one half.
    direction_margin: float = 0.05

    def __post_init__(self) -> None:
        if not 0.0 < self.copy_threshold < 1.0:
            raise ConfigError(f"copy_threshold must be between 0 and 1, got {self.copy_threshold!r}")
        if not 0.0 <= self.direction_margin < 0.5:
            raise ConfigError(f"direction_margin must be in [0, 0.5), got {self.direction_margin!r}")
        if self.direction.bias != 0.0 or any(m != 0.0 for m in self.direction.mean):
            raise ConfigError(
                "the direction model must have no bias and no centring (its features are antisymmetric)"
            )


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def load_models(path: str | None = None) -> DecisionModels:
    """The shipped models (``data/decision.json``), or those in ``path``."""
    if path is None:
        raw = resources.files("newslineage").joinpath("data/decision.json").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    data = json.loads(raw)
    return DecisionModels(
        copy=LinearModel.from_json(data["copy"]),
        direction=LinearModel.from_json(data["direction"]),
        copy_threshold=float(data.get("copy_threshold", 0.5)),
        direction_margin=float(data.get("direction_margin", 0.05)),
    )
