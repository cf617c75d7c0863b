"""Synthetic collections with known ground truth, written story by story to disk.

``write_collection(OUT, SynthConfig(articles=N, seed=S))`` writes ``OUT/articles/``
(one ``.txt`` per article, 1,000 to a folder) and ``OUT/truth.json``: which articles
tell one story, which were made from which and by what transform. Memory does not
grow with N: each story is generated, written and forgotten; the truth is streamed
into side files and joined at the end. The same seed gives byte-identical output.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from newslineage import synth_text as lang
from newslineage.config import check_range
from newslineage.errors import ConfigError

#: The copy transforms, in the order their weights are given.
TRANSFORMS = ("verbatim", "light_edit", "spun", "reorder_condense", "paraphrase", "partial")
_PER_FOLDER = 1000


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """Size, seed and rates of a synthetic collection.

    ``copied_share``: share of stories whose original gets copies (1 to ``max_copies``).
    ``independent_share``: share of stories that also get an independent report.
    ``unrelated_share``: share of stories that are a lone article.
    ``weights``: relative frequency of each transform in ``TRANSFORMS``.
    """

    articles: int = 1000
    seed: int = 0
    copied_share: float = 0.6
    independent_share: float = 0.3
    unrelated_share: float = 0.25
    max_copies: int = 4
    weights: tuple[float, ...] = field(default=(1.0, 1.0, 1.0, 1.0, 1.0, 1.0))

    def __post_init__(self) -> None:
        if isinstance(self.articles, bool) or not isinstance(self.articles, int):
            raise ConfigError(f"SynthConfig.articles must be an integer, got {self.articles!r}")
        if not 100 <= self.articles <= 1_000_000:
            raise ConfigError(
                f"SynthConfig.articles must be between 100 and 1,000,000, got {self.articles}; "
                "for a smaller test collection write 100 and scan a subfolder"
            )
        for name in ("copied_share", "independent_share", "unrelated_share"):
            check_range(self, name, 0, 1)
        check_range(self, "max_copies", 1, 20)
        if len(self.weights) != len(TRANSFORMS) or min(self.weights) < 0 or sum(self.weights) <= 0:
            raise ConfigError(
                f"SynthConfig.weights must be {len(TRANSFORMS)} non-negative numbers, one per transform "
                f"{TRANSFORMS}, not all zero; got {self.weights!r}"
            )


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What ``write_collection`` wrote."""

    out: Path
    articles: int
    stories: int
    derived_pairs: int


@dataclass(frozen=True, slots=True)
class _Piece:
    role: str  # original | copy | independent | unrelated
    transform: str | None
    text: str
    source: int | None  # index of the piece it was made from, within the story


def story_pieces(rng: random.Random, config: SynthConfig) -> list[_Piece]:
    """The articles of one story: an original, maybe copies, maybe an independent report."""
    event = lang.new_event(rng)
    title, sentences = lang.original(event, rng)
    first = _Piece("original", None, lang.render(title, sentences), None)
    if rng.random() < config.unrelated_share:
        return [_Piece("unrelated", None, first.text, None)]
    pieces = [first]
    if rng.random() < config.copied_share:
        for _ in range(rng.randint(1, config.max_copies)):
            kind = rng.choices(TRANSFORMS, weights=config.weights)[0]
            pieces.append(_Piece("copy", kind, _transform(kind, title, sentences, event, rng), 0))
    if rng.random() < config.independent_share:
        pieces.append(_Piece("independent", None, lang.independent(event, rng), None))
    return pieces


def _transform(kind: str, title: str, sentences: list[str], event: lang.Event, rng: random.Random) -> str:
    if kind == "partial":
        return lang.partial(title, sentences, event, rng)
    make: dict[str, Callable[[str, list[str], random.Random], str]] = {
        "verbatim": lang.verbatim,
        "light_edit": lang.light_edit,
        "spun": lang.spun,
        "reorder_condense": lang.condensed,
        "paraphrase": lang.paraphrase,
    }
    return make[kind](title, sentences, rng)


def doc_id(n: int) -> str:
    """The id the scanner gives article ``n`` of ``OUT/articles``."""
    return f"{n // _PER_FOLDER:04d}/{n:06d}.txt"


def write_collection(
    out: Path, config: SynthConfig, progress: Callable[[int], None] | None = None
) -> SynthSummary:
    """Write ``out/articles/`` and ``out/truth.json``; ``progress`` gets the count written so far."""
    articles = out / "articles"
    if articles.exists():
        shutil.rmtree(articles)  # a rerun must not leave articles of an earlier, larger run
    articles.mkdir(parents=True)
    rng = random.Random(config.seed)
    parts = {name: out / f".truth-{name}.jsonl" for name in ("documents", "stories", "derived")}
    handles = {name: path.open("w", encoding="utf-8") for name, path in parts.items()}
    written = stories = derived = 0
    try:
        while written < config.articles:
            pieces = story_pieces(rng, config)[: config.articles - written]
            stories += 1
            derived += _write_story(articles, pieces, written, f"story-{stories}", rng, handles)
            written += len(pieces)
            if progress is not None and stories % 500 == 0:
                progress(written)
    finally:
        for handle in handles.values():
            handle.close()
    _join_truth(out / "truth.json", config, parts)
    return SynthSummary(out, written, stories, derived)


def _write_story(
    folder: Path,
    pieces: list[_Piece],
    first: int,
    story: str,
    rng: random.Random,
    handles: Mapping[str, IO[str]],
) -> int:
    # Shuffle ids within the story, so that the original is not always the smallest id.
    numbers = list(range(first, first + len(pieces)))
    rng.shuffle(numbers)
    ids = [doc_id(n) for n in numbers]
    for piece, name in zip(pieces, ids, strict=True):
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(piece.text, encoding="utf-8")
        entry = {"id": name, "story": story, "role": piece.role, "transform": piece.transform}
        handles["documents"].write(json.dumps(entry) + "\n")
    handles["stories"].write(json.dumps({"id": story, "documents": sorted(ids)}) + "\n")
    count = 0
    for k, piece in enumerate(pieces):
        if piece.source is not None:
            pair = {"source": ids[piece.source], "copy": ids[k], "transform": piece.transform}
            handles["derived"].write(json.dumps(pair) + "\n")
            count += 1
    return count


def _join_truth(target: Path, config: SynthConfig, parts: dict[str, Path]) -> None:
    """Stream the side files into one JSON document, then remove them."""
    with target.open("w", encoding="utf-8") as out:
        out.write('{"schema": "newslineage-synth/1", "config": ')
        out.write(json.dumps(asdict(config)))
        for name, path in parts.items():
            out.write(f', "{name}": [\n')
            for k, line in enumerate(_lines(path)):
                out.write(("," if k else "") + line)
            out.write("]")
        out.write("}\n")
    for path in parts.values():
        path.unlink()


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle


def load_truth(path: Path) -> dict[str, Any]:
    """A truth.json as data."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
