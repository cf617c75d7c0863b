"""Alignment: which sentences of one article correspond to which of another.

Sentences are compared by the cosine of their embeddings. A pair of sentences
becomes a *link* when it is the best match of at least one side (so several
sentences of a long source may map onto one sentence of a brief) and clears
``link_similarity``. Links that follow each other in both texts (allowing
``max_gap`` skipped sentences) form a *passage*. A copy produces long passages
because it keeps the narrative sequence; independent reporting of one event
produces isolated links (the same official quote, the same fact), which survive
only when they are very strong. Passages may appear in any order: rewrites
reorder paragraphs.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newslineage.config import AlignConfig
from newslineage.embed import Matrix, Rows, Table
from newslineage.models import Document, Link, Passage, PassageKind
from newslineage.text import normalize
from newslineage.tokens import words

#: How far above a sentence's mean similarity a match must stand to count for ``sequence_excess``
#: (0.05 of cosine: the copy model read margins 0 to 0.15 alike and 0.05 best).
EXCESS_MARGIN = 0.05
#: A mutual best match counts for ``mutual_share`` from this cosine on: a little above the
#: default ``weak_similarity`` (0.45), where a loose rewrite's sentence still meets its source's.
MUTUAL_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class SideView:
    """What alignment needs of one article: its content sentences and their vectors.

    The vectors live in a table shared by every article (``table[index]``), so a
    sentence that many reprints repeat is stored once.
    """

    document: Document
    rows: tuple[int, ...]
    table: Table
    index: Rows

    @property
    def vectors(self) -> Matrix:
        """The sentences' vectors in single precision, whatever the table stores."""
        return self.table[self.index].astype(np.float32)

    def vector(self, k: int) -> npt.NDArray[np.float32]:
        """The vector of content sentence ``k`` alone (``vectors[k]`` without the rest)."""
        out: npt.NDArray[np.float32] = self.table[int(self.index[k])].astype(np.float32)
        return out

    def text(self, k: int) -> str:
        return self.document.sentence_text(self.document.sentences[self.rows[k]])


def candidate_links(sim: Matrix, config: AlignConfig) -> list[tuple[int, int]]:
    """(i, j) pairs that are the best match of row i or of column j, above threshold."""
    if sim.size == 0:
        return []
    best_j = sim.argmax(axis=1)
    best_i = sim.argmax(axis=0)
    pairs = {(int(i), int(j)) for i, j in enumerate(best_j)}
    pairs |= {(int(i), int(j)) for j, i in enumerate(best_i)}
    return sorted((i, j) for i, j in pairs if sim[i, j] >= config.link_similarity)


def chain(pairs: Sequence[tuple[int, int]], max_gap: int) -> list[list[tuple[int, int]]]:
    """Group links into runs that advance in both texts by at most ``max_gap + 1``.

    Greedy over links sorted by (i, j): each link extends the run whose last link
    it follows most closely, else starts a run. Deterministic for a given input.
    """
    runs: list[list[tuple[int, int]]] = []
    for i, j in sorted(pairs):
        best: list[tuple[int, int]] | None = None
        best_cost = max_gap * 2 + 3
        for run in runs:
            li, lj = run[-1]
            di, dj = i - li, j - lj
            if 0 <= di <= max_gap + 1 and 0 <= dj <= max_gap + 1 and (di or dj) and di + dj < best_cost:
                best, best_cost = run, di + dj
        if best is None:
            runs.append([(i, j)])
        else:
            best.append((i, j))
    return runs


def link_kind(a: str, b: str, same_language: bool) -> PassageKind:
    """How sentence ``b`` relates to sentence ``a``, from their words alone."""
    if not same_language:
        return "translated"
    if normalize(a) == normalize(b):
        return "verbatim"
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return "paraphrase"
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    ratio = matcher.ratio()
    if ratio >= 0.8:
        return "light_edit"
    if _looks_spun(matcher, len(wa), len(wb)):
        return "spun"
    return "paraphrase"


def unnamed(a: str, b: str, same_language: bool) -> PassageKind:
    """A placeholder kind, for a first pass that only decides whether a pair relates at all."""
    return "paraphrase" if same_language else "translated"


class LinkKinds:
    """``link_kind`` remembered per sentence pair, for one scan.

    In a family of copies the same two sentences meet again and again (a
    reprint and its source each pair with every rewrite), and the word diff
    behind the kind is the costliest step of alignment.
    """

    def __init__(self, limit: int = 100_000) -> None:
        # Each entry holds two sentences' text: 100,000 of them are about 40 MB, in every worker.
        self._known: dict[tuple[str, str, bool], PassageKind] = {}
        self._limit = limit

    def __call__(self, a: str, b: str, same_language: bool) -> PassageKind:
        key = (a, b, same_language)
        kind = self._known.get(key)
        if kind is None:
            if len(self._known) >= self._limit:
                self._known.clear()  # bounds memory; a miss only costs the diff again
            kind = self._known[key] = link_kind(a, b, same_language)
        return kind


def _looks_spun(matcher: difflib.SequenceMatcher[str], na: int, nb: int) -> bool:
    """Same skeleton, many single-word swaps: what a synonym spinner leaves behind."""
    if not 0.75 <= nb / na <= 1.33:
        return False
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    replaced = [op for op in ops if op[0] == "replace" and op[2] - op[1] <= 2 and op[4] - op[3] <= 3]
    kept = sum(op[2] - op[1] for op in matcher.get_opcodes() if op[0] == "equal")
    return len(ops) >= 2 and len(replaced) >= 0.7 * len(ops) and kept >= 0.35 * na


@dataclass(frozen=True, slots=True)
class Alignment:
    """The aligned passages of a pair, plus the order evidence of its shorter side.

    ``passages`` come from strong links (``link_similarity``). ``ordered`` are the
    passages of the longest order-keeping chain of best matches of the shorter
    text (``weak_similarity``), which is how a condensed brief or a loose LLM
    rewrite shows: every sentence of it has a fair match, in the source's order.
    ``soft_coverage`` is the mean best-match similarity of the shorter text's
    sentences; ``order_share`` is the share of them in that chain.
    """

    passages: tuple[Passage, ...]
    ordered: tuple[Passage, ...]
    soft_coverage: float
    order_share: float
    shorter: int
    #: Mean, over the shorter text's sentences, of how far the best match stands above that
    #: sentence's mean similarity to the other text. A copy's sentences each have one clear
    #: counterpart; texts on one topic are uniformly close, with no counterpart standing out.
    contrast: float = 0.0
    #: The best order-keeping path through the similarities' excess over each sentence's mean
    #: similarity to the other text, per sentence of the shorter text (``monotone_excess``).
    sequence_excess: float = 0.0
    #: Share of the shorter text's sentences whose best match in the other text has them as
    #: its own best match, at ``MUTUAL_SIMILARITY`` or more (``mutual_share``). Order-free: a
    #: rewrite that reorders its source keeps one counterpart per sentence; a text on the same
    #: topic has a few sentences that are every sentence's best match.
    mutual_share: float = 0.0


def window_similarities(products: Matrix, long: Matrix) -> tuple[Matrix, Spans]:
    """Cosine of each row of the short side with every run of 1 to 3 consecutive ``long`` sentences.

    ``products`` holds the dot products of the short side's vectors with ``long``'s
    (short rows, long columns). A condensed text merges several source sentences into
    one; matching it against runs of the source rather than single sentences is what
    finds that merge. A run's vector is the sum of its sentences' vectors, so its dot
    products are sums of ``products`` columns and its squared length a sum of ``long``'s
    own dot products: no run vector is ever built. Returns the cosines (one column per
    run: the single sentences, then the runs of two, then of three) and each run's
    (start, size).
    """
    members, spans = _runs(long.shape[0])
    squared = np.einsum("ij,ij->j", members, (long @ long.T) @ members)
    norms = np.sqrt(np.maximum(squared, 0.0))
    norms[norms == 0] = 1.0
    out: Matrix = ((products @ members) / norms).astype(np.float32)
    return out, spans


#: (start, size) of each run of consecutive sentences.
Spans = tuple[tuple[int, int], ...]


@functools.lru_cache(maxsize=256)
def _runs(n: int, sizes: tuple[int, ...] = (1, 2, 3)) -> tuple[Matrix, Spans]:
    """For ``n`` sentences: which sentences each run holds (a 0/1 column per run), and the runs."""
    spans = tuple((start, size) for size in sizes if size <= n for start in range(n - size + 1))
    members = np.zeros((n, len(spans)), dtype=np.float32)
    for column, (start, size) in enumerate(spans):
        members[start : start + size, column] = 1.0
    members.setflags(write=False)
    return members, spans


def ordered_chain(products: Matrix, long: Matrix, weak: float) -> tuple[list[tuple[int, int]], float]:
    """Links (short row, long row) of the longest order-keeping chain of best window matches.

    ``products`` are the short side's dot products with ``long`` (``window_similarities``).
    Also returns the mean best-window similarity of the short side's sentences.
    """
    sim, spans = window_similarities(products, long)
    best = sim.argmax(axis=1)
    points = [(i, spans[int(best[i])][0]) for i in range(sim.shape[0]) if sim[i, best[i]] >= weak]
    links: list[tuple[int, int]] = []
    for i, _ in longest_non_decreasing(points):
        start, size = spans[int(best[i])]
        links.extend((i, j) for j in range(start, start + size))
    return links, float(sim.max(axis=1).mean())


def longest_non_decreasing(points: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of ``points`` (sorted by first item) whose second item never decreases."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, y) in enumerate(points):
        pos = bisect.bisect_right(tails, y)
        back.append(tail_at[pos - 1] if pos else -1)
        if pos == len(tails):
            tails.append(y)
            tail_at.append(k)
        else:
            tails[pos] = y
            tail_at[pos] = k
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(points[k])
        k = back[k]
    return out[::-1]


def align(
    a: SideView, b: SideView, config: AlignConfig, kinds: Callable[[str, str, bool], PassageKind] = link_kind
) -> Alignment:
    """Aligned passages between two articles, with offsets into both texts.

    ``kinds`` names each link (``link_kind``, or a ``LinkKinds`` shared by a scan).
    """
    va, vb = a.vectors, b.vectors
    products: Matrix = va @ vb.T
    # Clipped: vectors stored at half precision are unit length to within 0.001 only.
    sim = np.clip(products, -1.0, 1.0).astype(np.float32)
    shorter = min(sim.shape)
    if shorter == 0:
        return Alignment((), (), 0.0, 0.0, 0)
    runs = chain(candidate_links(sim, config), config.max_gap)
    strong = [run for run in runs if len(run) > 1 or sim[run[0]] >= config.strong_similarity]
    order, soft, share = _order_evidence(products, va, vb, config.weak_similarity)
    return Alignment(
        passages=_passages(a, b, sim, strong, kinds),
        ordered=_passages(a, b, sim, chain(order, config.max_gap), kinds),
        soft_coverage=round(soft, 4),
        order_share=round(share, 4),
        shorter=shorter,
        contrast=round(_contrast(sim), 4),
        sequence_excess=round(monotone_excess(sim, EXCESS_MARGIN), 4),
        mutual_share=round(mutual_share(sim, MUTUAL_SIMILARITY), 4),
    )


def name_links(
    alignment: Alignment, a: SideView, b: SideView, kinds: Callable[[str, str, bool], PassageKind] = link_kind
) -> Alignment:
    """``alignment`` (made with ``unnamed`` links) with every link named by ``kinds``.

    The same as aligning again with ``kinds``: which sentences link, and how links
    form passages, never depends on the links' names; only the names and the
    passages' kinds change.
    """
    row_a = {row: k for k, row in enumerate(a.rows)}
    row_b = {row: k for k, row in enumerate(b.rows)}
    same_language = a.document.language == b.document.language

    def named(passage: Passage) -> Passage:
        links = tuple(
            Link(
                a=link.a,
                b=link.b,
                similarity=link.similarity,
                kind=kinds(a.text(row_a[link.a]), b.text(row_b[link.b]), same_language),
            )
            for link in passage.links
        )
        return _passage(a.document, b.document, links)

    return dataclasses.replace(
        alignment,
        passages=tuple(named(p) for p in alignment.passages),
        ordered=tuple(named(p) for p in alignment.ordered),
    )


def _contrast(sim: Matrix) -> float:
    """``Alignment.contrast``; with equal lengths both sides count, so the order of a and b does not."""
    sides = [m for m in (sim, sim.T) if m.shape[0] == min(sim.shape)]
    return _mean([(m.max(axis=1) - m.mean(axis=1)).mean() for m in sides])


def mutual_share(sim: Matrix, floor: float) -> float:
    """Share of the shorter side's sentences in a mutual best match of at least ``floor``.

    With equal lengths both sides count (the mean of the two), so the order of a and b does not.
    """
    sides = [m for m in (sim, sim.T) if m.shape[0] == min(sim.shape)]
    shares = []
    for m in sides:
        best = m.argmax(axis=1)
        back = m.argmax(axis=0)
        rows = np.arange(m.shape[0])
        mutual = (back[best] == rows) & (m[rows, best] >= floor)
        shares.append(float(mutual.mean()))
    return _mean(shares)


def _mean(values: Sequence[float] | Sequence[np.floating[Any]]) -> float:
    """``float(np.mean(values))`` for one or two values, without its cost on a short list.

    Bit for bit the same: the values are added in their own precision (single for a
    float32 matrix's means, as ``np.mean`` keeps it) and divided by their count.
    """
    total = values[0]
    for value in values[1:]:
        total = total + value
    return float(total / len(values))


def monotone_excess(sim: Matrix, margin: float) -> float:
    """Score of the best order-keeping alignment of excess similarities, per shorter-side sentence.

    Each cell counts by how far it stands above the mean similarity of its row and
    column (plus ``margin``); a path may skip sentences on either side but never go
    back. A rewrite keeps its source's order sentence by sentence even when every
    sentence is reworded; texts on one topic are similar everywhere and gain little.
    """
    excess = sim - (sim.mean(axis=1, keepdims=True) + sim.mean(axis=0, keepdims=True)) / 2 - margin
    best = np.zeros(sim.shape[1] + 1, dtype=np.float64)
    for row in excess:
        diagonal = best[:-1] + row
        best[1:] = np.maximum.accumulate(np.maximum(best[1:], diagonal))
    return float(best[-1] / min(sim.shape))


def _order_evidence(
    products: Matrix, va: Matrix, vb: Matrix, weak: float
) -> tuple[list[tuple[int, int]], float, float]:
    """The ordered chain of the shorter side, as (i in a, j in b), its soft coverage and share.

    ``products`` are the dot products of ``va``'s rows with ``vb``'s.

    With equal lengths both sides are tried and the better explained one kept, so the
    result does not depend on which text came first.
    """
    options = []
    if len(va) <= len(vb):
        order, soft = ordered_chain(products, vb, weak)
        options.append((len({i for i, _ in order}) / len(va), soft, order))
    if len(vb) <= len(va):
        flipped, soft = ordered_chain(products.T, va, weak)
        options.append((len({i for i, _ in flipped}) / len(vb), soft, [(i, j) for j, i in flipped]))
    share, soft, order = max(options, key=lambda o: (o[0], o[1], sorted(o[2])))
    return order, soft, share


def _passages(
    a: SideView,
    b: SideView,
    sim: Matrix,
    runs: list[list[tuple[int, int]]],
    kinds: Callable[[str, str, bool], PassageKind],
) -> tuple[Passage, ...]:
    same_language = a.document.language == b.document.language
    passages = []
    for run in runs:
        links = tuple(
            Link(
                a=a.rows[i],
                b=b.rows[j],
                similarity=round(float(sim[i, j]), 4),
                kind=kinds(a.text(i), b.text(j), same_language),
            )
            for i, j in run
        )
        passages.append(_passage(a.document, b.document, links))
    return tuple(sorted(passages, key=lambda p: (p.a_start, p.b_start)))


def _passage(da: Document, db: Document, links: tuple[Link, ...]) -> Passage:
    sa = [da.sentences[link.a] for link in links]
    sb = [db.sentences[link.b] for link in links]
    weights: dict[PassageKind, int] = {}
    for link, s in zip(links, sb, strict=True):
        weights[link.kind] = weights.get(link.kind, 0) + (s.end - s.start)
    kind = max(sorted(weights), key=lambda k: weights[k])
    return Passage(
        a_start=min(s.start for s in sa),
        a_end=max(s.end for s in sa),
        b_start=min(s.start for s in sb),
        b_end=max(s.end for s in sb),
        kind=kind,
        similarity=round(sum(link.similarity for link in links) / len(links), 4),
        links=links,
    )
