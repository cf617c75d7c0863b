"""Synthetic collections: deterministic, streamed, with a truth that matches the files.

Also the scoring helpers of bench/metrics.py on hand-made inputs with known answers,
and one end-to-end check that the real scanner finds the copies the generator made.
"""

from __future__ import annotations

import difflib
import gc
import itertools
import json
import random
import re
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from newslineage import synth_text
from newslineage.cli import main
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import ConfigError
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms
from newslineage.synth import PER_FOLDER, TRANSFORMS, SynthConfig, doc_id, load_truth, write_collection

sys.path.insert(0, str(ROOT / "bench"))

from metrics import (
    adjusted_rand_index,
    bcubed,
    labels,
    pair,
    precision_recall,
    truth_copy_pairs,
    truth_family_pairs,
    truth_related_copies,
    truth_same_story_pairs,
)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def body(path: Path) -> str:
    """An article without its headline."""
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth300")
    write_collection(out, SynthConfig(articles=300, seed=1))
    return out, load_truth(out / "truth.json")


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    write_collection(tmp_path / "a", SynthConfig(articles=150, seed=4))
    write_collection(tmp_path / "b", SynthConfig(articles=150, seed=4))
    write_collection(tmp_path / "c", SynthConfig(articles=150, seed=5))
    assert files(tmp_path / "a") == files(tmp_path / "b")
    other = files(tmp_path / "c")
    assert other.keys() == files(tmp_path / "a").keys()  # same ids, different articles
    assert sum(other[k] != v for k, v in files(tmp_path / "a").items()) > 140


def test_a_larger_collection_starts_with_the_same_stories(tmp_path: Path) -> None:
    small = write_collection(tmp_path / "s", SynthConfig(articles=100, seed=2))
    write_collection(tmp_path / "l", SynthConfig(articles=400, seed=2))
    first = load_truth(tmp_path / "s" / "truth.json")["stories"][: small.stories - 1]  # the last may be cut
    assert load_truth(tmp_path / "l" / "truth.json")["stories"][: small.stories - 1] == first


def test_truth_ids_are_the_files_and_the_counts_add_up(collection: tuple[Path, dict[str, Any]]) -> None:
    out, truth = collection
    written = sorted(str(p.relative_to(out / "articles")) for p in (out / "articles").rglob("*.txt"))
    assert written == sorted(d["id"] for d in truth["documents"])
    assert len(written) == truth["counts"]["articles"] == 300
    assert [d["id"] for d in truth["documents"]] == written  # stories hold consecutive numbers
    in_stories = sorted(doc for s in truth["stories"] for doc in s["documents"])
    assert in_stories == written  # every document in exactly one story
    for section in ("stories", "derived", "indirect", "siblings", "same_story"):
        assert truth["counts"][section] == len(truth[section])
    assert doc_id(1234) == "0001/001234.txt"
    assert max(Counter(i.split("/")[0] for i in written).values()) <= PER_FOLDER


def test_every_transform_and_role_appears_at_default_rates(collection: tuple[Path, dict[str, Any]]) -> None:
    _, truth = collection
    assert {d["transform"] for d in truth["derived"]} == set(TRANSFORMS)
    assert {d["role"] for d in truth["documents"]} == {"original", "copy", "independent", "unrelated"}
    assert truth["indirect"] and truth["siblings"] and truth["same_story"]
    credited = Counter(d["credit"] is not None for d in truth["documents"] if d["role"] == "copy")
    assert credited[True] and credited[False]  # some copies keep the credit, some strip it


def test_truth_pairs_agree_with_the_documents(collection: tuple[Path, dict[str, Any]]) -> None:
    _, truth = collection
    docs = {d["id"]: d for d in truth["documents"]}
    for d in truth["derived"]:
        copy = docs[d["copy"]]
        assert copy["source"] == d["source"] and copy["transform"] == d["transform"]
        assert docs[d["source"]]["role"] in ("original", "copy")
        assert d["direction"] == "source->copy" and d["shared"] >= 2
    for d in truth["indirect"]:
        chain = [d["source"], *d["via"], d["copy"]]
        assert all(docs[b]["source"] == a for a, b in itertools.pairwise(chain))
    for d in truth["siblings"]:
        assert d["direction"] == "common_source" and docs[d["common_source"]]["role"] in ("original", "copy")
    for d in truth["same_story"]:
        assert "independent" in (docs[d["a"]]["role"], docs[d["b"]]["role"])
        assert docs[d["a"]]["story"] == docs[d["b"]]["story"]
    # The pair sections partition the pairs of each story.
    per_story = Counter(d["story"] for d in truth["documents"])
    pairs = len(truth["derived"]) + len(truth["indirect"]) + len(truth["siblings"]) + len(truth["same_story"])
    assert pairs == sum(n * (n - 1) // 2 for n in per_story.values())


def test_each_transform_does_what_its_name_says(collection: tuple[Path, dict[str, Any]]) -> None:
    out, truth = collection
    art = out / "articles"
    originals = {d["id"] for d in truth["documents"] if d["role"] == "original"}
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for d in truth["derived"]:
        if d["source"] in originals:  # a copy of a copy carries the first copier's changes too
            by_kind.setdefault(d["transform"], []).append((body(art / d["source"]), body(art / d["copy"])))

    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()

    for source, copy in by_kind["verbatim"]:
        assert all(paragraph in copy for paragraph in source.split("\n\n"))
        assert copy.count("\n\n") > source.count("\n\n")  # the site's own lines around it
    for source, copy in by_kind["light_edit"]:
        assert copy != source and ratio(source, copy) > 0.8
    spun = [ratio(source, copy) for source, copy in by_kind["spun"]]
    assert max(spun) < 0.95 and sum(spun) / len(spun) < 0.9  # many words swapped
    for source, copy in by_kind["spun"]:
        lost = set(re.findall(r"\d+", source)) - set(re.findall(r"\d+", copy))
        assert len(lost) <= 1  # numbers kept; the day of the month goes when the dateline does
    for source, copy in by_kind["reorder_condense"]:
        assert len(copy) < len(source) * 0.7
    for source, copy in by_kind["paraphrase"]:
        assert copy != source and ratio(source, copy) > 0.4
    for source, copy in by_kind["partial"]:
        reused = [s for s in re.split(r"(?<=[.”])\s+", copy) if len(s) > 30 and s in source]
        assert len(reused) >= 2 and len(copy.split()) < len(source.split()) + 150


@given(st.integers(0, 10_000), st.integers(2, 4))
@settings(max_examples=60, deadline=None)
def test_independent_reporters_write_their_own_sentences(seed: int, reporters: int) -> None:
    """What two reports of one event may share is the event's facts, names and quoted words; a
    whole unquoted sentence in common would make one a copy of the other, which the truth denies."""
    rng = random.Random(seed)
    event = synth_text.new_event(rng)
    fresh = itertools.count(100)
    taken = synth_text.Taken.after(event)
    drafts = [synth_text.original(event, rng)]
    drafts += [synth_text.independent(event, rng, fresh, taken) for _ in range(reporters)]

    def prose(draft: synth_text.Draft) -> set[str]:
        # the dateline differs by agency; the sentence after it is the reporter's
        return {
            re.sub(r"^[A-Z ]+, \w+ \d+ \([^)]+\) . ", "", line.text)
            for line in draft.lines
            if "“" not in line.text
        }

    for x, y in itertools.combinations(drafts, 2):
        assert not prose(x) & prose(y), prose(x) & prose(y)
    assert all(draft.lines for draft in drafts)


def test_every_template_of_every_kind_fills() -> None:
    rng = random.Random(0)
    seen: set[str] = set()
    while len(seen) < len(synth_text.kinds()):
        event = synth_text.new_event(rng)
        seen.add(event.kind.name)
        kind = event.kind
        words = [w for _, options in (*kind.quotes, *kind.iquotes) for w in options]
        for template in (*kind.heads, *kind.leads, *kind.ileads, *itertools.chain(*kind.facts), *words):
            assert "{" not in event.fill(template), template
        draft = synth_text.original(event, rng)
        fresh = itertools.count(100)
        for transform in synth_text.TRANSFORMS.values():
            assert "{" not in synth_text.render(transform(draft, event, rng, fresh))
        assert "{" not in synth_text.render(synth_text.independent(event, rng, fresh))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"articles": 99}, "between 100 and 1,000,000, got 99"),
        ({"articles": 2_000_000}, "between 100 and 1,000,000, got 2000000"),
        ({"articles": 500.0}, "articles must be a whole number, got 500.0"),
        ({"seed": "1"}, "seed must be a number, got '1'"),
        ({"copied_share": 1.5}, "copied_share must be between 0 and 1, got 1.5"),
        ({"spun_weight": -1.0}, "spun_weight must be between 0 and inf, got -1.0"),
        ({"copied_share": 0.3, "independent_share": 0.2}, r"must be at least 1 .* got 0.3 \+ 0.2 = 0.5"),
        ({"max_copies": 0}, "max_copies must be between 1 and 20, got 0"),
        (dict.fromkeys((f"{t}_weight" for t in TRANSFORMS), 0.0), "every transform weight is 0"),
    ],
)
def test_config_errors_say_what_was_received(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        SynthConfig(**kwargs)


def test_rates_shape_the_collection(tmp_path: Path) -> None:
    write_collection(tmp_path / "lone", SynthConfig(articles=100, unrelated_share=1.0))
    lone = load_truth(tmp_path / "lone" / "truth.json")
    assert {d["role"] for d in lone["documents"]} == {"unrelated"} and not lone["derived"]
    write_collection(tmp_path / "spun", SynthConfig(articles=200, unrelated_share=0, copied_share=1, independent_share=0,
                                                    **{f"{t}_weight": float(t == "spun") for t in TRANSFORMS}))  # fmt: skip
    spun = load_truth(tmp_path / "spun" / "truth.json")
    assert {d["role"] for d in spun["documents"]} == {"original", "copy"}
    assert {d["transform"] for d in spun["derived"]} == {"spun"}


def test_exact_sizes_and_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    summary = write_collection(
        tmp_path, SynthConfig(articles=2500, seed=3), progress=lambda *a: calls.append(a)
    )
    assert summary.articles == 2500 == len(list((tmp_path / "articles").rglob("*.txt")))
    assert [written // 1000 for written, _ in calls] == [1, 2, 2] and calls[-1] == (2500, 2500)
    assert not list(tmp_path.glob(".truth-*"))  # the side files are gone


def test_a_folder_that_is_not_a_collection_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"has no truth\.json"):
        write_collection(tmp_path, SynthConfig(articles=100))
    assert (tmp_path / "articles" / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_memory_stays_a_fraction_of_what_is_written(tmp_path: Path) -> None:
    gc.collect()  # start with empty free lists: they fill up to a fixed size during any run
    tracemalloc.start()
    try:
        write_collection(tmp_path, SynthConfig(articles=1500, seed=2))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    written = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    assert written > 2_000_000
    assert peak < written / 4  # a generator that kept the articles would need more than all of it


def test_cli_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "c"), "--articles", "120", "--seed", "7"]) == 0
    assert "wrote 120 articles in" in capsys.readouterr().out
    truth = json.loads((tmp_path / "c" / "truth.json").read_text(encoding="utf-8"))
    assert truth["schema"] == "newslineage-synth/2" and truth["config"]["seed"] == 7
    assert main(["synth", str(tmp_path / "d"), "--articles", "5"]) == 2
    assert "between 100 and 1,000,000, got 5" in capsys.readouterr().err


def test_the_scanner_finds_most_copies(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    write_collection(tmp_path, SynthConfig(articles=120, seed=11))
    truth = load_truth(tmp_path / "truth.json")
    result = scan([tmp_path / "articles"], encoder=encoder, synonyms=synonyms)
    copies = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    scores = precision_recall(copies, truth_related_copies(truth), truth_family_pairs(truth))
    assert scores["recall"] >= 0.9, scores
    direct = truth_copy_pairs(truth)
    assert len(direct & copies) >= 0.9 * len(direct)
    by_pair = {pair(r.a, r.b): r for r in result.relations}
    right = sum(
        by_pair[p].direction == ("a->b" if by_pair[p].a == d["source"] else "b->a")
        for d in truth["derived"]
        if (p := pair(d["source"], d["copy"])) in by_pair
    )
    assert right >= len(direct) / 2, right


# Scoring helpers, on inputs whose answers are known.


def test_adjusted_rand_index_known_values() -> None:
    assert adjusted_rand_index(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == 1.0  # renaming changes nothing
    assert adjusted_rand_index(["a", "a", "b", "b"], ["x", "y", "x", "y"]) == pytest.approx(-0.5)
    # By hand: 1 pair together in both, 2 and 1 together in each, 6 pairs: (1 - 2/6) / (3/2 - 2/6) = 4/7.
    assert adjusted_rand_index(["a", "a", "b", "b"], ["x", "x", "y", "z"]) == pytest.approx(4 / 7)
    assert adjusted_rand_index(["a", "b", "c"], ["x", "y", "z"]) == 1.0  # all singletons on both sides


def test_bcubed_known_values() -> None:
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    # One cluster of everything: per-item precision 2/3, 2/3, 1/3; recall 1 for each.
    p, r, f1 = bcubed(["a", "a", "b"], ["x", "x", "x"])
    assert (p, r) == (pytest.approx(5 / 9), 1.0) and f1 == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))
    # All singletons: precision 1; recall 1/2, 1/2, 1.
    assert bcubed(["a", "a", "b"], ["x", "y", "z"])[1] == pytest.approx(2 / 3)
    assert labels([["d1", "d2"]], ["d1", "d2", "d3"]) == ["g0", "g0", "alone:d3"]


def test_pair_scores_and_truth_pairs() -> None:
    scores = precision_recall({("a", "b"), ("b", "c"), ("c", "d")}, {("a", "b")}, {("a", "b"), ("b", "c")})
    assert scores == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}
    truth = {
        "derived": [
            {"source": "o", "copy": "c1"},
            {"source": "o", "copy": "c2"},
            {"source": "c1", "copy": "c3"},
        ],
        "indirect": [{"source": "o", "copy": "c3"}],
        "siblings": [
            {"a": "c1", "b": "c2", "shared": 4},
            {"a": "c2", "b": "c3", "shared": 1},
        ],
        "same_story": [{"a": "i", "b": "o"}],
    }
    assert truth_copy_pairs(truth) == {("c1", "o"), ("c2", "o"), ("c1", "c3")}
    assert truth_related_copies(truth) == {("c1", "o"), ("c2", "o"), ("c1", "c3"), ("c3", "o"), ("c1", "c2")}
    assert truth_family_pairs(truth) == truth_related_copies(truth) | {("c2", "c3")}
    assert truth_same_story_pairs(truth) == {("i", "o")}
