"""Typed, immutable configuration, validated once at construction.

Each stage has its own section and receives only that section. Defaults are
the values measured on the benchmarks in ``bench/`` (see docs/benchmarks.md);
an invalid value raises ``ConfigError`` naming the field, the value received
and the accepted range.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from newslineage.decision import DecisionModels, load_models
from newslineage.errors import ConfigError


def check_range(owner: object, name: str, low: float, high: float) -> None:
    value = getattr(owner, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(
            f"{type(owner).__name__}.{name} must be a number, got {value!r} ({type(value).__name__})"
        )
    if not low <= value <= high:
        raise ConfigError(f"{type(owner).__name__}.{name} must be between {low} and {high}, got {value!r}")


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """How inputs are read, and the limits that keep one bad file from stalling a scan.

    ``max_bytes`` rejects files larger than this (a .warc.gz by its compressed
    size); ``max_inflated_bytes`` stops reading an archive that inflates past it;
    ``max_html_bytes`` skips a page (a file, a record or a WARC response) larger
    than it; ``max_chars`` skips an article whose text is longer. ``follow_links``
    reads symbolic links that lead out of the folders named.
    """

    max_bytes: int = 20_000_000
    min_chars: int = 40
    max_inflated_bytes: int = 500_000_000
    max_html_bytes: int = 5_000_000
    max_chars: int = 1_000_000
    follow_links: bool = False

    def __post_init__(self) -> None:
        check_range(self, "max_bytes", 1, 10**12)
        check_range(self, "min_chars", 0, 10**6)
        check_range(self, "max_inflated_bytes", 1, 10**13)
        check_range(self, "max_html_bytes", 1, 10**12)
        check_range(self, "max_chars", 1, 10**12)
        if not isinstance(self.follow_links, bool):
            raise ConfigError(f"IngestConfig.follow_links must be True or False, got {self.follow_links!r}")


@dataclass(frozen=True, slots=True)
class TextConfig:
    """Sentence splitting and boilerplate detection.

    A line seen in at least ``boilerplate_min_docs`` articles (and in at least
    ``boilerplate_min_share`` of the collection's articles from distinct text)
    is site furniture. ``workers`` processes split sentences, embed them and align
    candidate pairs (0: one per CPU core; 1: in the calling process); the result
    does not depend on it. With ``low_memory`` each batch of their work runs in a
    process of its own that ends with it (``workers.Shared``): at 100,000 articles
    the peak with the workers fell from 4.1 to 3.6 GB, and the scan took 29% longer
    on the machine where that was measured (docs/benchmarks.md). A
    "sentence" longer than ``max_sentence_chars`` (text that lost its full stops)
    is cut at its likeliest boundaries: news sentences rarely pass 300 characters.
    """

    boilerplate_min_docs: int = 3
    max_sentence_chars: int = 400
    workers: int = field(default=0, metadata={"reported": False})
    low_memory: bool = field(default=False, metadata={"reported": False})

    def __post_init__(self) -> None:
        check_range(self, "boilerplate_min_docs", 2, 10**9)
        check_range(self, "max_sentence_chars", 80, 10**6)
        check_range(self, "workers", 0, 1024)

    @property
    def processes(self) -> int:
        """``workers`` with 0 read as one per CPU core."""
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class SignatureConfig:
    """Lexical signature parameters: MinHash over word ``shingle``-grams."""

    num_perm: int = 128
    shingle: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        check_range(self, "num_perm", 16, 4096)
        check_range(self, "shingle", 1, 10)
        check_range(self, "seed", 0, 2**31 - 1)


@dataclass(frozen=True, slots=True)
class CandidateConfig:
    """How candidate pairs are generated and bounded.

    ``lsh_threshold`` is the Jaccard similarity the LSH bands are tuned for;
    a pair the bands propose counts as a lexical candidate only when its signatures
    agree on at least ``lsh_min_jaccard`` of their values (its estimated Jaccard
    similarity): the bands' S-curve lets through pairs far below the threshold, and a
    crawl of templated articles holds millions of them; below ``lsh_threshold`` it must
    also agree on ``lsh_min_telling`` values that at most ``anchor_max_docs`` documents
    hold (0: no such check), since two templated reports of different events agree on the
    template's shingles alone;
    ``neighbours`` is k of the embedding k-nearest-neighbour search;
    ``max_per_article`` caps the candidates of one article (cost stays
    near-linear); ``anchor_max_docs`` ignores anchors too common to be telling.
    Collections larger than ``exact_neighbours_up_to`` search neighbours in an
    approximate graph (usearch) instead of comparing every pair of documents.
    """

    lsh_threshold: float = 0.3
    #: Chosen on the synthetic collections of 10,000 and 100,000 articles (seed 1): at 0.1 the
    #: check drops a quarter (10,000) to a third (100,000) of all candidate pairs, and of the true
    #: copy pairs among the candidates 0 of 4,801 and 8 of 45,316 (docs/benchmarks.md).
    lsh_min_jaccard: float = 0.1
    #: Chosen on the synthetic collection of 100,000 articles (seed 1): of its 1,274,515 pairs
    #: proposed by MinHash alone, 851,852 agree on no value that at most 50 documents hold, every
    #: one between two different stories (docs/benchmarks.md).
    lsh_min_telling: int = 1
    neighbours: int = 10
    min_doc_similarity: float = 0.45
    max_per_article: int = 30
    anchor_max_docs: int = 50
    min_shared_anchors: int = 3
    exact_neighbours_up_to: int = 50_000

    def __post_init__(self) -> None:
        check_range(self, "lsh_threshold", 0.01, 0.99)
        check_range(self, "lsh_min_jaccard", 0.0, 1.0)
        check_range(self, "lsh_min_telling", 0, 10_000)
        check_range(self, "neighbours", 0, 1000)
        check_range(self, "min_doc_similarity", -1.0, 1.0)
        check_range(self, "max_per_article", 1, 10_000)
        check_range(self, "anchor_max_docs", 2, 10**9)
        check_range(self, "min_shared_anchors", 1, 1000)
        check_range(self, "exact_neighbours_up_to", 0, 10**12)


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Sentence alignment thresholds (cosine of sentence embeddings).

    ``link_similarity``: a sentence pair at or above it may align.
    ``strong_similarity``: at or above it a pair aligns even out of sequence.
    ``weak_similarity``: a best match at or above it counts for order evidence.
    ``max_gap``: sentences that may be skipped inside one passage.
    """

    link_similarity: float = 0.62
    strong_similarity: float = 0.8
    weak_similarity: float = 0.45
    max_gap: int = 3

    def __post_init__(self) -> None:
        check_range(self, "link_similarity", 0.0, 1.0)
        check_range(self, "weak_similarity", 0.0, 1.0)
        check_range(self, "strong_similarity", 0.0, 1.0)
        check_range(self, "max_gap", 0, 50)
        if self.strong_similarity < self.link_similarity:
            raise ConfigError(
                "AlignConfig.strong_similarity must be >= link_similarity, got "
                f"{self.strong_similarity!r} < {self.link_similarity!r}"
            )


@dataclass(frozen=True, slots=True)
class RelateConfig:
    """Pair-level decision thresholds.

    A pair is ``derived`` when at least ``min_sequence_links`` aligned sentences
    sit in runs (consecutive in both texts) and they cover at least
    ``min_sequence_share`` of the shorter text's sentences; or when the shorter
    text is *explained in order* by the longer one: at least ``min_order_share``
    of its sentences have a best match in a chain that keeps the order, and their
    mean best-match similarity reaches ``min_soft_coverage`` (raised for very
    short texts, where one lucky match proves little).
    """

    min_sequence_links: int = 3
    min_sequence_share: float = 0.25
    min_order_share: float = 0.6
    min_soft_coverage: float = 0.55
    near_duplicate_coverage: float = 0.8
    duplicate_coverage: float = 0.97
    #: The fitted copy and direction models (``data/decision.json``, see ``decision``).
    models: DecisionModels = field(default_factory=load_models, repr=False)

    def __post_init__(self) -> None:
        check_range(self, "min_sequence_links", 1, 1000)
        check_range(self, "min_sequence_share", 0.0, 1.0)
        check_range(self, "min_order_share", 0.0, 1.0)
        check_range(self, "min_soft_coverage", -1.0, 1.0)
        check_range(self, "near_duplicate_coverage", 0.0, 1.0)
        check_range(self, "duplicate_coverage", 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """Everything a scan needs, one section per stage."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    text: TextConfig = field(default_factory=TextConfig)
    signatures: SignatureConfig = field(default_factory=SignatureConfig)
    candidates: CandidateConfig = field(default_factory=CandidateConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    relate: RelateConfig = field(default_factory=RelateConfig)

    def describe(self) -> dict[str, dict[str, object]]:
        """The configuration as plain data (written into the JSON report).

        Settings that change how a scan runs but never what it finds (``TextConfig.workers``)
        are left out, so the report is the same whatever they were.
        """
        return {
            f.name: {
                g.name: _plain(getattr(getattr(self, f.name), g.name))
                for g in fields(getattr(self, f.name))
                if g.metadata.get("reported", True)
            }
            for f in fields(self)
        }


def _plain(value: object) -> object:
    """A configuration value as JSON data; a fitted model is named by what it was fitted on."""
    if isinstance(value, DecisionModels):
        return {
            "copy": {"features": list(value.copy.features), "fitted_on": list(value.copy.fitted_on)},
            "direction": {
                "features": list(value.direction.features),
                "fitted_on": list(value.direction.fitted_on),
            },
            "copy_threshold": value.copy_threshold,
        }
    return value
