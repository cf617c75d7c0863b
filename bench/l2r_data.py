"""L2R-style collections (an original text and its rewrites by several LLMs) as articles with truth.

One folder holds ``human.json`` (the originals), one JSON list per rewriter
(``GPT-4o.json``, ...), optionally ``originals.json`` (for each rewriter, the index
of the original each entry rewrites, ``null`` where none matched confidently) and
``overlaps.json`` (pairs of originals that share most of their text). Articles
are named as users' files would be: ``human_000.txt``, ``gpt4o_000.txt``.

Truth: the texts of one family (an original and its rewrites) are copies of one
another. Pairs between the families of overlapping originals are left out of the
scores (related in fact, not labelled by the data set); entries whose original
is ``null`` are left out of the collection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from metrics import Pair, pair

#: File name of a rewriter's texts -> the prefix of its article ids.
REWRITERS = {
    "GPT-3-Turbo": "gpt35",
    "GPT-4o": "gpt4o",
    "Llama-3-70B": "llama3",
    "Gemini-1.5-Pro": "gemini",
}


@dataclass(frozen=True)
class L2RCollection:
    """The texts of one L2R-style folder, with each text's family (the original's index)."""

    name: str
    texts: dict[str, str]
    family: dict[str, int]
    #: Rewriter prefix of each id ("human" for originals).
    author: dict[str, str]
    overlaps: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def rewriters(self) -> list[str]:
        return sorted({a for a in self.author.values() if a != "human"})

    def copy_pairs(self) -> set[Pair]:
        """Every pair of texts of one family."""
        members: dict[int, list[str]] = {}
        for doc, fam in self.family.items():
            members.setdefault(fam, []).append(doc)
        return {pair(x, y) for group in members.values() for x, y in combinations(sorted(group), 2)}

    def excluded(self, pairs: Iterable[Pair]) -> set[Pair]:
        """The pairs among ``pairs`` that join two overlapping originals' families."""
        return {(a, b) for a, b in pairs if tuple(sorted((self.family[a], self.family[b]))) in self.overlaps}


def load(folder: Path) -> L2RCollection:
    """Read an L2R-style folder (see the module docstring)."""
    human = json.loads((folder / "human.json").read_text(encoding="utf-8"))
    originals_file = folder / "originals.json"
    originals = json.loads(originals_file.read_text(encoding="utf-8")) if originals_file.is_file() else {}
    texts: dict[str, str] = {}
    family: dict[str, int] = {}
    author: dict[str, str] = {}
    for i, text in enumerate(human):
        doc = f"human_{i:03d}.txt"
        texts[doc], family[doc], author[doc] = text, i, "human"
    for name, prefix in REWRITERS.items():
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        rewrites = json.loads(path.read_text(encoding="utf-8"))
        origin = originals.get(name, list(range(len(rewrites))))
        for k, text in enumerate(rewrites):
            if origin[k] is None:
                continue
            doc = f"{prefix}_{k:03d}.txt"
            texts[doc], family[doc], author[doc] = text, int(origin[k]), prefix
    overlaps_file = folder / "overlaps.json"
    overlaps: frozenset[tuple[int, int]] = frozenset()
    if overlaps_file.is_file():
        listed = json.loads(overlaps_file.read_text(encoding="utf-8"))["pairs"]
        overlaps = frozenset((min(i, j), max(i, j)) for i, j, *_ in listed)
    return L2RCollection(folder.name, texts, family, author, overlaps)


def write(collection: L2RCollection, out: Path) -> None:
    """One file per text, as users' collections look."""
    out.mkdir(parents=True, exist_ok=True)
    for doc, text in collection.texts.items():
        (out / doc).write_text(text, encoding="utf-8")
