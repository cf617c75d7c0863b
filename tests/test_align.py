from __future__ import annotations

from itertools import combinations, pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.align import (
    SideView,
    align,
    chain,
    link_kind,
    longest_non_decreasing,
    mutual_share,
    name_links,
    unnamed,
)
from newslineage.config import AlignConfig, TextConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import Article
from newslineage.pipeline import embed_documents
from newslineage.text import analyze_all

ORIGINAL = """Port shuts terminals after leak
The port of Rivermouth closed two of its five container terminals on Wednesday after a solvent leak.
About 300 dock workers were evacuated, the harbour authority said.
Eleven workers were treated in hospital for breathing problems and released by the evening.
The closure could cost the port about 2.5 million euros a day, an analyst estimated.
Terminals 3 and 4 will reopen on Friday at the earliest, once inspectors have checked the drains.
"""
EDITED = """Leak shuts two Rivermouth terminals
The port of Rivermouth closed two of its five container terminals on Wednesday after a solvent leak.
Around 300 dock workers were evacuated, the harbour authority said.
Twelve workers were treated in hospital for breathing problems and released by the evening.
The closure could cost the port about 2.5 million euros a day, an analyst estimated.
Local schools were asked to keep their windows shut.
"""


class _NoProgress:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


def views(encoder: UniversalSentenceEncoder, *texts: str) -> list[SideView]:
    docs = analyze_all([Article(f"{i}.txt", t) for i, t in enumerate(texts)], TextConfig())
    return embed_documents(docs, encoder, _NoProgress())[0]


def test_link_kinds() -> None:
    s = "The port closed two of its five container terminals on Wednesday after a solvent leak."
    assert link_kind(s, s, True) == "verbatim"
    assert link_kind(s, s.replace("Wednesday", "Thursday"), True) == "light_edit"
    spun = "The harbour shut two of its five box terminals on Wednesday following a solvent spill."
    assert link_kind(s, spun, True) == "spun"
    para = "A solvent leak on Wednesday forced Rivermouth to shut a pair of its container terminals."
    assert link_kind(s, para, True) == "paraphrase"
    assert link_kind(s, "Der Hafen schloss am Mittwoch zwei Terminals.", False) == "translated"


def test_alignment_lines_up_edited_sentences(encoder: UniversalSentenceEncoder) -> None:
    a, b = views(encoder, ORIGINAL, EDITED)
    result = align(a, b, AlignConfig())
    links = [link for p in result.passages for link in p.links]
    pairs = {(link.a, link.b): link.kind for link in links}
    assert pairs[(1, 1)] == "verbatim"
    assert pairs[(2, 2)] == "light_edit"  # "About" became "Around"
    assert pairs[(4, 4)] == "verbatim"
    assert not any(link.b == 6 for link in links)  # the added sentence has no counterpart
    for p in result.passages:
        # A passage's spans enclose its sentences, in both texts.
        for link in p.links:
            sa, sb = a.document.sentences[link.a], b.document.sentences[link.b]
            assert p.a_start <= sa.start and sa.end <= p.a_end
            assert p.b_start <= sb.start and sb.end <= p.b_end


def test_alignment_is_symmetric(encoder: UniversalSentenceEncoder) -> None:
    a, b = views(encoder, ORIGINAL, EDITED)
    forward = align(a, b, AlignConfig())
    backward = align(b, a, AlignConfig())
    assert {(link.a, link.b) for p in forward.passages for link in p.links} == {
        (link.b, link.a) for p in backward.passages for link in p.links
    }
    assert forward.soft_coverage == backward.soft_coverage


def test_unrelated_texts_do_not_align(encoder: UniversalSentenceEncoder) -> None:
    other = """Library reopens
The city library reopened its doors after a two-year renovation.
Children queued for the new reading room on the first floor.
The mayor thanked the volunteers who moved forty thousand books.
"""
    a, b = views(encoder, ORIGINAL, other)
    assert align(a, b, AlignConfig()).passages == ()


def test_chain_groups_runs_that_advance_in_both_texts() -> None:
    runs = chain([(0, 0), (1, 1), (2, 3), (7, 0), (8, 1)], max_gap=1)
    assert runs == [[(0, 0), (1, 1), (2, 3)], [(7, 0), (8, 1)]]


def _brute_force(points: list[tuple[int, int]]) -> int:
    best = 0
    for size in range(len(points), 0, -1):
        for combo in combinations(points, size):
            if all(x[1] <= y[1] for x, y in pairwise(combo)):
                return size
    return best


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=9))
def test_longest_non_decreasing_is_longest(points: list[tuple[int, int]]) -> None:
    points = sorted(points)
    found = longest_non_decreasing(points)
    assert all(x[1] <= y[1] for x, y in pairwise(found))
    assert all(p in points for p in found)
    assert len(found) == _brute_force(points)


def test_naming_links_afterwards_equals_aligning_with_names(encoder: UniversalSentenceEncoder) -> None:
    # The scan aligns every candidate with unnamed links and names them only for pairs that relate.
    spun = EDITED.replace("closed", "shut").replace("workers", "staff").replace("about", "roughly")
    sides = views(encoder, ORIGINAL, EDITED, spun, "\n".join(reversed(ORIGINAL.splitlines())))
    for a, b in combinations(sides, 2):
        named = name_links(align(a, b, AlignConfig(), unnamed), a, b)
        assert named == align(a, b, AlignConfig())
        assert named.passages  # the texts share sentences: there is something to name


def test_mutual_share_counts_sentences_that_are_each_others_best_match() -> None:
    sim = np.array(
        [
            [0.9, 0.2, 0.1, 0.3],  # row 0 and column 0: each other's best
            [0.7, 0.6, 0.1, 0.2],  # best is column 0, whose best is row 0: not mutual
            [0.1, 0.2, 0.4, 0.3],  # mutual with column 2, but below the floor
        ],
        dtype=np.float32,
    )
    assert mutual_share(sim, 0.5) == 1 / 3
    assert mutual_share(sim, 0.3) == 2 / 3
    assert mutual_share(sim.T, 0.3) == mutual_share(sim, 0.3)  # the shorter side counts, whichever it is


def test_a_reordered_rewrite_keeps_its_mutual_matches_where_order_evidence_drops(
    encoder: UniversalSentenceEncoder,
) -> None:
    body = ORIGINAL.splitlines()[1:]
    shuffled = "\n".join([ORIGINAL.splitlines()[0], body[3], body[0], body[4], body[2], body[1]])
    other = """Library reopens
The city library reopened its doors after a two-year renovation.
Children queued for the new reading room on the first floor.
The mayor thanked the volunteers who moved forty thousand books.
"""
    a, b, c = views(encoder, ORIGINAL, shuffled, other)
    ordered, reordered = align(a, a, AlignConfig()), align(a, b, AlignConfig())
    assert reordered.mutual_share == ordered.mutual_share == 1.0
    assert reordered.sequence_excess < ordered.sequence_excess
    assert align(a, c, AlignConfig()).mutual_share < 0.5
