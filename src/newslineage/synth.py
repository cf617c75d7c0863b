"""Synthetic collections with known ground truth, written story by story to disk.

``write_collection(OUT, SynthConfig(articles=N, seed=S))`` writes ``OUT/articles/``
(one ``.txt`` per article, at most 1,000 to a folder) and ``OUT/truth.json``: which
articles tell one story, which were made from which and by what transform, which are
independent reports of one event. Memory does not grow with N: each story is made,
written and forgotten, and the truth goes to side files joined at the end. The same
seed gives byte-identical output on any machine: each story draws from its own
``random.Random`` seeded with the seed and the story's number, so a larger collection
with the same seed starts with the same stories.

The format of truth.json and the transforms are described in docs/synth.md.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

from newslineage import synth_text as lang
from newslineage.config import check_range
from newslineage.errors import ConfigError

#: The copy transforms, in the order of ``SynthConfig.weights``.
TRANSFORMS = tuple(lang.TRANSFORMS)
SCHEMA = "newslineage-synth/2"
#: Articles per folder: filesystems and file browsers cope badly with a million files in one.
PER_FOLDER = 1000
_SECTIONS = ("documents", "stories", "derived", "indirect", "siblings", "same_story")


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """Size, seed and rates of a synthetic collection; validated at construction.

    Each story is one event. With probability ``unrelated_share`` it is a lone article
    (role ``unrelated``). Otherwise its original gets copies when a draw u in [0, 1)
    falls below ``copied_share`` and independent reports when u >= 1 - ``independent_share``,
    so the two shares must add up to at least 1 (their overlap gets both). A story gets
    1 to ``max_copies`` copies, each made by a transform drawn by the ``*_weight`` fields,
    from the original or, with probability ``chain_share``, from an earlier copy; and 1 to
    ``max_independent`` independent reports.
    """

    articles: int = 1000
    seed: int = 0
    unrelated_share: float = 0.35
    copied_share: float = 0.8
    independent_share: float = 0.4
    chain_share: float = 0.2
    max_copies: int = 4
    max_independent: int = 2
    verbatim_weight: float = 1.0
    light_edit_weight: float = 1.0
    spun_weight: float = 1.0
    reorder_condense_weight: float = 1.0
    paraphrase_weight: float = 1.0
    partial_weight: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            check_range(self, f.name, -math.inf, math.inf)  # a number, not a string or a bool
            if f.type == "int" and not isinstance(getattr(self, f.name), int):
                raise ConfigError(
                    f"SynthConfig.{f.name} must be a whole number, got {getattr(self, f.name)!r}"
                )
        if not 100 <= self.articles <= 1_000_000:
            raise ConfigError(
                f"SynthConfig.articles must be between 100 and 1,000,000, got {self.articles}; "
                "below 100 there are too few stories for every transform to appear"
            )
        for name in ("unrelated_share", "copied_share", "independent_share", "chain_share"):
            check_range(self, name, 0, 1)
        check_range(self, "max_copies", 1, 20)
        check_range(self, "max_independent", 1, 10)
        for name in TRANSFORMS:
            check_range(self, f"{name}_weight", 0, math.inf)  # relative weights: any scale
        if self.unrelated_share < 1 and self.copied_share + self.independent_share < 1:
            raise ConfigError(
                "SynthConfig.copied_share + independent_share must be at least 1 so that every story "
                f"that is not a lone article gets copies or independent reports; got {self.copied_share} + "
                f"{self.independent_share} = {self.copied_share + self.independent_share:g}. Raise one of them, "
                "or set unrelated_share=1 for a collection of unrelated articles only"
            )
        if self.copied_share > 0 and sum(self.weights) <= 0:
            raise ConfigError(
                f"SynthConfig: every transform weight is 0 but copied_share is {self.copied_share}; "
                f"give at least one of {', '.join(n + '_weight' for n in TRANSFORMS)} a positive weight"
            )

    @property
    def weights(self) -> tuple[float, ...]:
        """The transform weights in the order of ``TRANSFORMS``."""
        return tuple(float(getattr(self, f"{name}_weight")) for name in TRANSFORMS)


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What ``write_collection`` wrote: counts of articles, stories and truth pairs."""

    out: Path
    articles: int
    stories: int
    derived_pairs: int
    indirect_pairs: int = 0
    sibling_pairs: int = 0
    same_story_pairs: int = 0


@dataclass(frozen=True, slots=True)
class Piece:
    """One article of a story: its role, how it was made and from which piece."""

    role: str  # original | copy | independent | unrelated
    transform: str | None
    source: int | None  # index of the piece it was made from
    draft: lang.Draft


def story_rng(seed: int, number: int) -> random.Random:
    """The generator of story ``number``: string seeds hash the same on every platform."""
    return random.Random(f"newslineage-synth:{seed}:{number}")


def plan_story(rng: random.Random, config: SynthConfig) -> tuple[lang.Event, list[Piece]]:
    """The event of one story and its articles: an original, then copies, then independent reports."""
    event = lang.new_event(rng)
    first = lang.original(event, rng)
    if rng.random() < config.unrelated_share:
        return event, [Piece("unrelated", None, None, first)]
    pieces = [Piece("original", None, None, first)]
    fresh = itertools.count(len(first.lines))
    draw = rng.random()
    if draw < config.copied_share:
        weights = config.weights
        for _ in range(rng.randint(1, config.max_copies)):
            kind = rng.choices(TRANSFORMS, weights=weights)[0]
            chained = len(pieces) > 1 and rng.random() < config.chain_share
            source = rng.randrange(1, len(pieces)) if chained else 0
            draft = lang.TRANSFORMS[kind](pieces[source].draft, event, rng, fresh)
            pieces.append(Piece("copy", kind, source, draft))
    if draw >= 1 - config.independent_share:
        taken = lang.Taken.after(event)
        for _ in range(rng.randint(1, config.max_independent)):
            pieces.append(Piece("independent", None, None, lang.independent(event, rng, fresh, taken)))
    return event, pieces


def doc_id(n: int) -> str:
    """The id the scanner gives article ``n`` of ``OUT/articles`` (its path relative to it)."""
    return f"{n // PER_FOLDER:04d}/{n:06d}.txt"


def _ancestors(pieces: Sequence[Piece], k: int) -> list[int]:
    """The pieces ``k`` descends from, nearest first."""
    out = []
    while (source := pieces[k].source) is not None:
        out.append(source)
        k = source
    return out


def story_truth(pieces: Sequence[Piece], ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The truth pairs of one story, by section (see docs/synth.md for each field)."""
    out: dict[str, list[dict[str, Any]]] = {"derived": [], "indirect": [], "siblings": [], "same_story": []}
    family = [k for k, p in enumerate(pieces) if p.role in ("original", "copy")]
    for x, y in itertools.combinations(range(len(pieces)), 2):
        if x not in family or y not in family:
            out["same_story"].append({"a": min(ids[x], ids[y]), "b": max(ids[x], ids[y])})
            continue
        shared = len(pieces[x].draft.origins & pieces[y].draft.origins)
        up_x, up_y = _ancestors(pieces, x), _ancestors(pieces, y)
        if x in up_y or y in up_x:
            source, copy = (x, y) if x in up_y else (y, x)
            chain = _ancestors(pieces, copy)
            via = chain[: chain.index(source)]
            entry = {"source": ids[source], "copy": ids[copy], "direction": "source->copy", "shared": shared}
            if not via:
                out["derived"].append({**entry, "transform": pieces[copy].transform})
            else:
                steps = [copy, *via]
                transforms = [pieces[k].transform for k in reversed(steps)]
                out["indirect"].append(
                    {**entry, "via": [ids[k] for k in reversed(via)], "transforms": transforms}
                )
        else:
            common = next(k for k in up_x if k in up_y)
            a, b = sorted((ids[x], ids[y]))
            out["siblings"].append(
                {"a": a, "b": b, "common_source": ids[common], "direction": "common_source", "shared": shared}
            )
    return out


class _Sinks:
    """One JSON-lines side file per truth section, joined into truth.json at the end."""

    def __init__(self, out: Path) -> None:
        self.paths = {name: out / f".truth-{name}.jsonl" for name in _SECTIONS}
        self.handles: dict[str, IO[str]] = {}
        self.counts = dict.fromkeys(_SECTIONS, 0)

    def __enter__(self) -> _Sinks:
        self.handles = {
            name: path.open("w", encoding="utf-8", newline="\n") for name, path in self.paths.items()
        }
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self.handles.values():
            handle.close()

    def add(self, section: str, entry: Mapping[str, Any]) -> None:
        self.handles[section].write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.counts[section] += 1

    def remove(self) -> None:
        for path in self.paths.values():
            path.unlink(missing_ok=True)


def write_collection(
    out: Path, config: SynthConfig, progress: Callable[[int, int], None] | None = None
) -> SynthSummary:
    """Write ``out/articles/`` and ``out/truth.json``; ``progress(written, total)`` is called every 1,000 articles.

    A rerun into the same folder replaces the earlier collection. A folder that has an
    ``articles/`` subfolder but no truth.json is refused (ConfigError), not emptied.
    """
    articles = _prepare(out)
    sinks = _Sinks(out)
    written = stories = 0
    transforms: dict[str, int] = dict.fromkeys(TRANSFORMS, 0)
    try:
        with sinks:
            while written < config.articles:
                rng = story_rng(config.seed, stories)
                event, pieces = plan_story(rng, config)
                pieces = _truncate(pieces, config.articles - written)
                stories += 1
                _write_story(articles, f"story-{stories}", event, pieces, written, rng, sinks)
                for piece in pieces:
                    if piece.transform is not None:
                        transforms[piece.transform] += 1
                before, written = written, written + len(pieces)
                if progress is not None and (
                    written // PER_FOLDER > before // PER_FOLDER or written == config.articles
                ):
                    progress(written, config.articles)
        _join_truth(out / "truth.json", config, sinks, transforms)
    finally:
        sinks.remove()
    c = sinks.counts
    return SynthSummary(out, written, stories, c["derived"], c["indirect"], c["siblings"], c["same_story"])


def _prepare(out: Path) -> Path:
    articles = out / "articles"
    if articles.exists():
        if not (out / "truth.json").is_file():
            raise ConfigError(
                f"{articles} already exists and {out} has no truth.json, so it is not a synthetic "
                "collection and is left alone; choose a new or empty folder"
            )
        shutil.rmtree(articles)  # an earlier, larger run must not leave articles behind
    articles.mkdir(parents=True)
    return articles


def _truncate(pieces: list[Piece], room: int) -> list[Piece]:
    # The last story may not fit; sources precede their copies, so a prefix stays consistent.
    if len(pieces) <= room:
        return pieces
    kept = pieces[:room]
    if len(kept) == 1:
        kept = [Piece("unrelated", None, None, kept[0].draft)]
    return kept


def _write_story(
    folder: Path,
    story: str,
    event: lang.Event,
    pieces: Sequence[Piece],
    first: int,
    rng: random.Random,
    sinks: _Sinks,
) -> None:
    # Numbers are shuffled within the story, so that the original is not always the first id.
    numbers = list(range(first, first + len(pieces)))
    rng.shuffle(numbers)
    ids = [doc_id(n) for n in numbers]
    base = os.fspath(folder)
    for piece, name in zip(pieces, ids, strict=True):
        # os.path, not pathlib: pathlib interns every part of every path it parses.
        path = os.path.join(base, name)
        if not os.path.isdir(os.path.dirname(path)):
            os.mkdir(os.path.dirname(path))
        # "\n" whatever the platform: the same seed must give the same bytes everywhere.
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(lang.render(piece.draft))
    for k in sorted(range(len(pieces)), key=lambda k: ids[k]):
        piece = pieces[k]
        source = ids[piece.source] if piece.source is not None else None
        sinks.add(
            "documents",
            {"id": ids[k], "story": story, "role": piece.role, "transform": piece.transform, "source": source,
             "credit": piece.draft.credit},
        )  # fmt: skip
    kind = event.kind.name
    sinks.add(
        "stories", {"id": story, "kind": kind, "title": pieces[0].draft.title, "documents": sorted(ids)}
    )
    for section, entries in story_truth(pieces, ids).items():
        for entry in entries:
            sinks.add(section, entry)


def _join_truth(target: Path, config: SynthConfig, sinks: _Sinks, transforms: Mapping[str, int]) -> None:
    """Stream the side files into one JSON document (written to a temporary name, then renamed)."""
    partial = target.with_name(target.name + ".tmp")
    sections = {name: n for name, n in sinks.counts.items() if name != "documents"}
    counts = {"articles": sinks.counts["documents"], **sections, "transforms": dict(transforms)}
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f'{{"schema": "{SCHEMA}",\n "config": {json.dumps(asdict(config))},\n')
        out.write(f' "counts": {json.dumps(counts)}')
        for name in _SECTIONS:
            out.write(f',\n "{name}": [')
            for k, line in enumerate(_lines(sinks.paths[name])):
                out.write(("," if k else "") + "\n  " + line.rstrip("\n"))
            out.write("\n ]")
        out.write("\n}\n")
    partial.replace(target)


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle


def load_truth(path: Path) -> dict[str, Any]:
    """A truth.json as data (the whole file in memory: about 400 bytes per article)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise ConfigError(f"{path} is not a {SCHEMA} truth file (schema {data.get('schema')!r})")
    return data
