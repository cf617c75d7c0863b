"""The labelled real-news set (bench/realnews/): labels in the repository, page texts in a local cache.

The repository holds, per story group, the pages (url, outlet, language, date, the first
words and a checksum of the text) and the labels of the pairs that are copies; every
other pair inside a group is two independent reports of one event (``same_story``) and
every pair across groups is ``unrelated``. The page texts are other people's writing, so
they live outside the checkout, one ``<page id>.txt`` per page, in
``$NEWSLINEAGE_REALNEWS_CACHE`` or ``~/.cache/newslineage/realnews/``
(bench/realnews/README.md says how to rebuild it).

A text is compared after ``normalize``: Unicode NFC, spaces inside a line collapsed,
lines stripped, runs of blank lines collapsed to one. Copying a stored page by hand or
by script then gives the same checksum whatever the line endings or stray spaces.

Usage: python bench/realnews_data.py check [--cache DIR]   # what is missing or differs
       python bench/realnews_data.py stamp [--cache DIR]   # authoring: record first words and checksums
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = HERE / "realnews"
CACHE_ENV = "NEWSLINEAGE_REALNEWS_CACHE"
FIRST_WORDS = 10
COPY_KINDS = frozenset({"duplicate", "near_duplicate", "derived"})
DIRECTIONS = frozenset({"a->b", "b->a", "common_source", "unknown"})
#: Exit code of the scripts when the cache lacks pages or holds different texts.
EXIT_CACHE = 3


class LabelError(ValueError):
    """A label file that does not follow the format; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    story: str
    family: str
    outlet: str
    language: str
    date: str
    url: str
    first_words: str
    sha256: str


@dataclass(frozen=True, slots=True)
class PairLabel:
    """One labelled pair, ``a < b``. ``required`` False: a copy pair not counted in recall
    (two texts of one family that share at most one sentence), never an error either."""

    a: str
    b: str
    relation: str
    transform: str
    direction: str
    evidence: str
    required: bool = True

    @property
    def is_copy(self) -> bool:
        return self.relation in COPY_KINDS


@dataclass(frozen=True, slots=True)
class Collection:
    pages: tuple[Page, ...]
    pairs: tuple[PairLabel, ...]
    near_misses: tuple[tuple[str, str, str], ...]  # (story, story, why they are different events)
    kinds: Mapping[str, str]  # story id -> kind of event

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)


#: The two halves of the groups: "dev" was looked at while developing, "held_out" never.
HALVES = ("dev", "held_out")


def halves(collection: Collection) -> dict[str, frozenset[str]]:
    """The story groups of each half: ``dev`` is the first half in sorted order of name, with
    every group a near miss links to one of them (and so on), ``held_out`` the rest.

    Two events of one kind are always on one side: a method tuned on one earthquake must
    be tested on not gluing it to the other where both are in view.
    """
    names = sorted(collection.kinds)
    dev = set(names[: len(names) // 2])
    grew = True
    while grew:
        partners = {b for a, b, _ in collection.near_misses if a in dev} | {
            a for a, b, _ in collection.near_misses if b in dev
        }
        grew = not partners <= dev
        dev |= partners
    return {"dev": frozenset(dev), "held_out": frozenset(names) - dev}


def subset(collection: Collection, stories: Iterable[str]) -> Collection:
    """The pages, pairs and near misses of some story groups only."""
    keep = set(stories)
    pages = tuple(p for p in collection.pages if p.story in keep)
    ids = {p.id for p in pages}
    return Collection(
        pages,
        tuple(q for q in collection.pairs if q.a in ids and q.b in ids),
        tuple(n for n in collection.near_misses if n[0] in keep and n[1] in keep),
        {k: v for k, v in collection.kinds.items() if k in keep},
    )


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def checksum(text: str) -> str:
    return "sha256:" + hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    return " ".join(normalize(text).split()[:count])


def cache_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "newslineage" / "realnews"


def _require(entry: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
    missing = [k for k in keys if not isinstance(entry.get(k), str) or not entry[k]]
    if missing:
        raise LabelError(f"{where}: missing or empty {', '.join(missing)}")


def _story_pages(data: Mapping[str, Any], where: str) -> list[Page]:
    story = data["id"]
    pages = []
    for k, entry in enumerate(data["pages"]):
        here = f"{where} pages[{k}]"
        _require(entry, ("id", "family", "outlet", "language", "date", "url"), here)
        if entry["family"] not in data["families"]:
            raise LabelError(f"{here}: family {entry['family']!r} is not in the story's families")
        pages.append(
            Page(
                id=entry["id"],
                story=story,
                family=entry["family"],
                outlet=entry["outlet"],
                language=entry["language"],
                date=entry["date"],
                url=entry["url"],
                first_words=entry.get("first_words", ""),
                sha256=entry.get("sha256", ""),
            )
        )
    return pages


def _copy_labels(data: Mapping[str, Any], ids: set[str], where: str) -> dict[tuple[str, str], PairLabel]:
    copies: dict[tuple[str, str], PairLabel] = {}
    for k, entry in enumerate(data.get("copies", [])):
        here = f"{where} copies[{k}]"
        _require(entry, ("a", "b", "relation", "transform", "direction", "evidence"), here)
        a, b, direction = entry["a"], entry["b"], entry["direction"]
        if a not in ids or b not in ids or a == b:
            raise LabelError(f"{here}: {a!r} and {b!r} must be two different pages of this story")
        if entry["relation"] not in COPY_KINDS:
            raise LabelError(f"{here}: relation {entry['relation']!r} is not one of {sorted(COPY_KINDS)}")
        if direction not in DIRECTIONS:
            raise LabelError(f"{here}: direction {direction!r} is not one of {sorted(DIRECTIONS)}")
        if a > b:  # pairs are kept with the smaller id first, as the scan reports them
            a, b = b, a
            direction = {"a->b": "b->a", "b->a": "a->b"}.get(direction, direction)
        if (a, b) in copies:
            raise LabelError(f"{here}: the pair {a}, {b} is labelled twice")
        copies[(a, b)] = PairLabel(
            a, b, entry["relation"], entry["transform"], direction, entry["evidence"],
            bool(entry.get("required", True)),
        )  # fmt: skip
    return copies


def _story_pairs(data: Mapping[str, Any], pages: Sequence[Page], where: str) -> list[PairLabel]:
    """The labelled copies, and every other pair of the group as two independent reports."""
    copies = _copy_labels(data, {p.id for p in pages}, where)
    families: Mapping[str, str] = data["families"]
    pairs = list(copies.values())
    for x, y in combinations(sorted(pages, key=lambda p: p.id), 2):
        if (x.id, y.id) in copies:
            continue
        if x.family == y.family:
            raise LabelError(
                f"{where}: {x.id} and {y.id} are both of family {x.family!r} but their pair has no label:"
                " add it to copies (with required: false if they share no text)"
            )
        evidence = f"own texts: {families[x.family]} / {families[y.family]}"
        pairs.append(PairLabel(x.id, y.id, "same_story", "", "unknown", evidence))
    return pairs


def load(labels: Path = LABELS) -> Collection:
    """Every story file under ``labels/stories`` and ``labels/near_misses.json``."""
    pages: list[Page] = []
    pairs: list[PairLabel] = []
    kinds: dict[str, str] = {}
    for path in sorted((labels / "stories").glob("*.json")):
        where = str(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        _require(data, ("id", "kind", "event"), where)
        if data["id"] in kinds:
            raise LabelError(f"{where}: story id {data['id']!r} is used twice")
        story_pages = _story_pages(data, where)
        pages += story_pages
        pairs += _story_pairs(data, story_pages, where)
        kinds[data["id"]] = data["kind"]
    seen: set[str] = set()
    for p in pages:
        if p.id in seen:
            raise LabelError(f"page id {p.id!r} is used twice")
        seen.add(p.id)
    near: list[tuple[str, str, str]] = []
    near_path = labels / "near_misses.json"
    if near_path.is_file():
        for k, entry in enumerate(json.loads(near_path.read_text(encoding="utf-8"))):
            _require(entry, ("a", "b", "evidence"), f"{near_path} [{k}]")
            if entry["a"] not in kinds or entry["b"] not in kinds:
                raise LabelError(f"{near_path} [{k}]: {entry['a']!r} or {entry['b']!r} is not a story")
            near.append((entry["a"], entry["b"], entry["evidence"]))
    return Collection(tuple(pages), tuple(sorted(pairs, key=lambda q: (q.a, q.b))), tuple(near), kinds)


@dataclass(frozen=True, slots=True)
class CacheState:
    texts: Mapping[str, str]
    missing: tuple[str, ...]
    different: tuple[str, ...]  # present, but not the text the labels were made on

    @property
    def complete(self) -> bool:
        return not self.missing and not self.different


def read_cache(collection: Collection, cache: Path) -> CacheState:
    texts: dict[str, str] = {}
    missing, different = [], []
    for page in collection.pages:
        path = cache / f"{page.id}.txt"
        if not path.is_file():
            missing.append(page.id)
            continue
        text = path.read_text(encoding="utf-8")
        if page.sha256 and checksum(text) != page.sha256:
            different.append(page.id)
            continue
        texts[page.id] = text
    return CacheState(texts, tuple(missing), tuple(different))


def cached_part(collection: Collection, state: CacheState) -> Collection:
    """The collection without the pages the cache lacks (or holds another text of), and
    without every pair labelled with one of them.

    A stored copy of a page can vanish from where the cache is rebuilt from; the benches
    then run on the rest only when asked to (``--allow-missing``), say which pages they
    left out, and their figures are not those of the whole collection.
    """
    gone = set(state.missing) | set(state.different)
    return dataclasses.replace(
        collection,
        pages=tuple(p for p in collection.pages if p.id not in gone),
        pairs=tuple(x for x in collection.pairs if x.a not in gone and x.b not in gone),
    )


def usable(collection: Collection, state: CacheState, cache: Path, allow_missing: bool) -> Collection | None:
    """What a bench may score: the whole collection when the cache is complete; with
    ``allow_missing``, the cached part (``cached_part``), having said on stderr what is left
    out; else None, having said what to rebuild."""
    if state.complete:
        return collection
    print(explain_cache(state, collection, cache), file=sys.stderr)
    if not allow_missing:
        return None
    part = cached_part(collection, state)
    print(
        f"--allow-missing: scoring {len(part.pages)} of {len(collection.pages)} pages and "
        f"{len(part.pairs)} of {len(collection.pairs)} labelled pairs; these figures are not the "
        "whole collection's",
        file=sys.stderr,
    )
    return part


def explain_cache(state: CacheState, collection: Collection, cache: Path, shown: int = 12) -> str:
    """What is missing or differs, with the first words to look each page up by, and how to rebuild."""
    lines = [f"The real-news cache at {cache} is incomplete:"]
    for label, ids in (("missing", state.missing), ("different text", state.different)):
        if ids:
            lines.append(f"  {len(ids)} page(s) {label}:")
            for page_id in ids[:shown]:
                page = collection.page(page_id)
                lines.append(f"    {page_id}.txt  {page.url}\n      starts: {page.first_words}")
            if len(ids) > shown:
                lines.append(
                    f"    ... and {len(ids) - shown} more (python bench/realnews_data.py check lists all)"
                )
    lines.append(
        "Rebuild it as bench/realnews/README.md says (each page looked up by its url or first words),"
        f" or point ${CACHE_ENV} at a copy."
    )
    return "\n".join(lines)


def _dump_story(data: Mapping[str, Any]) -> str:
    """Story files keep one page and one copy label per line, so diffs stay readable."""
    head = {k: v for k, v in data.items() if k not in ("pages", "copies")}
    out = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    for key in ("pages", "copies"):
        rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in data.get(key, []))
        out += f',\n  "{key}": [\n{rows}\n  ]'
    return out + "\n}\n"


def stamp(labels: Path, cache: Path) -> int:
    """Record first words and checksums of the cached texts in the story files (authoring only)."""
    changed = 0
    for path in sorted((labels / "stories").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["pages"]:
            text_path = cache / f"{entry['id']}.txt"
            if not text_path.is_file():
                print(f"{path.name}: no cached text for {entry['id']}", file=sys.stderr)
                continue
            text = text_path.read_text(encoding="utf-8")
            entry["first_words"] = first_words(text)
            entry["sha256"] = checksum(text)
        new = _dump_story(data)
        if new != path.read_text(encoding="utf-8"):
            path.write_text(new, encoding="utf-8")
            changed += 1
    print(f"stamped {changed} story file(s)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("check", "stamp"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--cache", type=Path, default=None, help=f"default ${CACHE_ENV} or ~/.cache/...")
    args = parser.parse_args()
    cache = cache_dir(args.cache)
    try:
        if args.command == "stamp":
            return stamp(args.labels, cache)
        collection = load(args.labels)
    except (LabelError, json.JSONDecodeError, OSError) as exc:
        print(f"labels: {exc}", file=sys.stderr)
        return 2
    state = read_cache(collection, cache)
    print(f"{len(collection.pages)} pages, {len(state.texts)} cached and matching in {cache}")
    if not state.complete:
        print(explain_cache(state, collection, cache, shown=len(collection.pages)), file=sys.stderr)
        return EXIT_CACHE
    return 0


if __name__ == "__main__":
    sys.exit(main())
