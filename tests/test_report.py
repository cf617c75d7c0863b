"""The JSON report (schema newslineage/1, docs/json-schema.md) and the terminal summary."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from rich.console import Console

from conftest import EXAMPLE, WriteFiles
from newslineage import __version__, report
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import NewslineageError, ReportError
from newslineage.models import ScanResult
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms

RELATIONS = {"duplicate", "near_duplicate", "derived", "same_story"}
PASSAGE_KINDS = {"verbatim", "light_edit", "spun", "paraphrase", "translated"}
DIRECTIONS = {"a->b", "b->a", "common_source", "unknown"}
FINDING_KINDS = {"credit_stripped", "quote_altered", "number_changed", "added", "spin_suspected"}


@pytest.fixture(scope="module")
def data(example_result: ScanResult) -> dict[str, Any]:
    return report.to_json(example_result, include_text=True)


@pytest.fixture(scope="module")
def texts(data: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["text"] for d in data["documents"]}


def spans_of(passage: dict[str, Any]) -> list[tuple[str, dict[str, int]]]:
    out = [("a", passage["a"]), ("b", passage["b"])]
    for link in passage["links"]:
        out += [("a", link["a"]), ("b", link["b"])]
    return out


def is_span(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"start", "end"}
        and all(isinstance(v, int) for v in value.values())
        and 0 <= value["start"] <= value["end"]
    )


def test_top_level_schema_and_types(data: dict[str, Any]) -> None:
    assert data["schema"] == report.SCHEMA == "newslineage/1"
    assert data["generator"] == {"name": "newslineage", "version": __version__}
    expected = {
        "config": dict,
        "documents": list,
        "rejected": list,
        "relations": list,
        "stories": list,
        "lineage": dict,
        "findings": list,
        "notes": list,
        "timings": dict,
    }
    for key, kind in expected.items():
        assert isinstance(data[key], kind), key
    assert set(data["config"]) == {"ingest", "text", "signatures", "candidates", "align", "relate"}
    assert data["config"]["ingest"]["min_chars"] == 40  # the settings the scan actually ran with
    assert all(isinstance(n, str) for n in data["notes"])
    assert all(isinstance(v, float) and v >= 0 for v in data["timings"].values())
    json.dumps(data)  # plain JSON data throughout, no tuples or dataclasses left


def test_documents(data: dict[str, Any], example_result: ScanResult) -> None:
    docs = data["documents"]
    ids = [d["id"] for d in docs]
    assert ids == sorted(ids)
    assert len(ids) == 9 and "10-empty-draft.txt" not in ids  # the empty draft is rejected, not a document
    for d in docs:
        assert set(d) == {
            "id",
            "title",
            "language",
            "url",
            "site",
            "published",
            "chars",
            "sentences",
            "boilerplate",
            "text",
        }
        assert d["chars"] == len(d["text"])
        if not d["id"].endswith(".html"):  # plain text is the file as written, so offsets map back to it
            assert d["text"] == (EXAMPLE / d["id"]).read_text(encoding="utf-8")
        assert isinstance(d["sentences"], int) and d["sentences"] > 0
        assert re.fullmatch(r"[a-z]{2}|und", d["language"]), d["language"]
        for key in ("title", "url", "site", "published"):
            assert d[key] is None or isinstance(d[key], str), key
        for span in d["boilerplate"]:
            assert is_span(span) and span["end"] <= d["chars"]
    by_id = {d["id"]: d for d in docs}
    assert by_id["07-hafenbericht-de.txt"]["language"] == "de"
    assert by_id["01-northwire-original.txt"]["language"] == "en"
    reprint = by_id["02-coastal-daily-reprint.html"]
    assert (reprint["site"], reprint["published"]) == (
        "Coastal Daily",
        "2025-05-14",
    )  # from the page's metadata
    assert (
        by_id["01-northwire-original.txt"]["title"]
        == "Rivermouth port shuts two terminals after solvent leak"
    )
    # Without include_text the text is left out (the report stays small) and nothing else changes.
    lean = report.to_json(example_result)
    assert [{k: v for k, v in d.items() if k != "text"} for d in docs] == lean["documents"]
    assert all("text" not in d for d in lean["documents"])


def test_rejected_inputs_are_listed_with_their_reason(data: dict[str, Any]) -> None:
    assert data["rejected"] == [{"path": "10-empty-draft.txt", "reason": "empty file"}]


def test_relations_are_related_pairs_sorted_a_before_b(data: dict[str, Any]) -> None:
    rels = data["relations"]
    assert rels, "the example collection has copies"
    keys = [(r["a"], r["b"]) for r in rels]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    ids = {d["id"] for d in data["documents"]}
    for r in rels:
        assert r["a"] < r["b"] and {r["a"], r["b"]} <= ids
        assert r["relation"] in RELATIONS  # never "unrelated"
        assert r["direction"] in DIRECTIONS
        assert 0.0 <= r["confidence"] <= 1.0
        assert set(r["coverage"]) == {"a", "b"} and all(0.0 <= v <= 1.0 for v in r["coverage"].values())
        assert r["evidence"] and all(isinstance(e, str) and e for e in r["evidence"])
        assert all(isinstance(e, str) for e in r["direction_evidence"])
        # transforms name exactly the kinds of the aligned sentences, each once
        kinds = {p["kind"] for p in r["passages"]} | {k["kind"] for p in r["passages"] for k in p["links"]}
        assert set(r["transforms"]) == kinds and len(r["transforms"]) == len(kinds)
        assert kinds <= PASSAGE_KINDS
        if r["relation"] == "same_story":
            assert r["passages"] == [] and r["direction"] == "unknown"  # independent reports share no text
        else:
            assert r["passages"], f"a copy relation shows its passages: {r['a']} {r['b']}"
    by_pair = {(r["a"], r["b"]): r for r in rels}
    spun = by_pair[("01-northwire-original.txt", "04-spun-copy.txt")]
    assert spun["transforms"][0] == "spun" and spun["direction"] == "a->b"
    assert by_pair[("01-northwire-original.txt", "07-hafenbericht-de.txt")]["transforms"] == ["translated"]
    assert not [
        k for k in by_pair if "09-library-reopens.txt" in k
    ]  # the unrelated article pairs with nothing


def test_every_span_lies_within_its_document(data: dict[str, Any], texts: dict[str, str]) -> None:
    chars = {d["id"]: d["chars"] for d in data["documents"]}
    for r in data["relations"]:
        for p in r["passages"]:
            for side, span in spans_of(p):
                assert is_span(span) and span["end"] <= chars[r[side]], (r["a"], r["b"], side, span)
            for link in p["links"]:
                assert p["a"]["start"] <= link["a"]["start"] and link["a"]["end"] <= p["a"]["end"]
                assert p["b"]["start"] <= link["b"]["start"] and link["b"]["end"] <= p["b"]["end"]
                a = texts[r["a"]][link["a"]["start"] : link["a"]["end"]]
                b = texts[r["b"]][link["b"]["start"] : link["b"]["end"]]
                assert a.strip() and b.strip(), "a link joins two real sentences"
                if link["kind"] == "verbatim":
                    assert a.split() == b.split()  # verbatim means the same words
                assert 0.0 <= link["similarity"] <= 1.0 + 1e-6
    for f in data["findings"]:
        assert f["document"] in chars and f["kind"] in FINDING_KINDS and f["detail"]
        if f["span"] is not None:
            assert is_span(f["span"]) and f["span"]["end"] <= chars[f["document"]]
            assert f["spans"][0] == f["span"]  # span is the first of spans
        else:
            assert f["spans"] == []
        assert all(is_span(x) and x["end"] <= chars[f["document"]] for x in f["spans"])
        assert [x["start"] for x in f["spans"]] == sorted({x["start"] for x in f["spans"]})
        if f["related_span"] is not None:
            assert f["related"] in chars  # only a document has text to point into
            assert is_span(f["related_span"]) and f["related_span"]["end"] <= chars[f["related"]]


def test_finding_spans_point_at_what_the_finding_names(data: dict[str, Any], texts: dict[str, str]) -> None:
    kinds = set()
    for f in data["findings"]:
        kinds.add(f["kind"])
        here = texts[f["document"]][f["span"]["start"] : f["span"]["end"]] if f["span"] else ""
        there = (
            texts[f["related"]][f["related_span"]["start"] : f["related_span"]["end"]]
            if f["related_span"]
            else ""
        )
        if f["kind"] == "number_changed":
            assert f"{there} in {f['related']} became {here}" == f["detail"]
        elif f["kind"] == "spin_suspected":
            assert f"'{here}' looks spun" in f["detail"]
        elif f["kind"] == "credit_stripped":
            assert f"('{there}')" in f["detail"]  # the credit, quoted from the source
        elif f["kind"] == "added":
            assert here.strip() and f["related_span"] is None  # an addition has no counterpart
            n = len(f["spans"])
            assert f["detail"].startswith(f"{n} passage{'s' * (n > 1)} (")
            assert all(texts[f["document"]][x["start"] : x["end"]].strip() for x in f["spans"])
    added = [f["document"] for f in data["findings"] if f["kind"] == "added"]
    assert len(added) == len(set(added)), "one added finding per document"
    assert any(len(f["spans"]) > 1 for f in data["findings"] if f["kind"] == "added")  # all its passages
    assert {"number_changed", "spin_suspected", "credit_stripped", "quote_altered", "added"} <= kinds


def test_stories_and_lineage(data: dict[str, Any]) -> None:
    ids = [d["id"] for d in data["documents"]]
    stories = data["stories"]
    members = [m for s in stories for m in s["documents"]]
    assert sorted(members) == ids  # every document in exactly one story
    assert [s["id"] for s in stories] == [f"story-{n}" for n in range(1, len(stories) + 1)]
    assert [min(s["documents"]) for s in stories] == sorted(min(s["documents"]) for s in stories)
    story_of = {m: s["id"] for s in stories for m in s["documents"]}

    nodes = {n["id"]: n for n in data["lineage"]["nodes"]}
    for n in nodes.values():
        assert n["kind"] in ("document", "inferred_source")
        if n["kind"] == "document":
            assert n["document"] in story_of and n["story"] == story_of[n["document"]]
    copies = {(r["a"], r["b"]) for r in data["relations"] if r["relation"] != "same_story"}
    children: dict[str, list[str]] = {}
    for e in data["lineage"]["edges"]:
        assert e["parent"] in nodes and e["child"] in nodes
        assert 0.0 <= e["confidence"] <= 1.0 and set(e["transforms"]) <= PASSAGE_KINDS
        if nodes[e["parent"]]["kind"] == "document":
            assert tuple(sorted((e["parent"], e["child"]))) in copies  # an edge is a copy relation
        children.setdefault(e["parent"], []).append(e["child"])

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for child in children.get(start, []):
            if child == target or (child not in seen and reaches(child, target, seen | {child})):
                return True
        return False

    assert not [n for n in nodes if reaches(n, n, set())], "the lineage graph has no cycle"
    parents = {e["child"]: e["parent"] for e in data["lineage"]["edges"]}
    assert parents["04-spun-copy.txt"] == "01-northwire-original.txt"


def test_dumps_and_load_round_trip(data: dict[str, Any]) -> None:
    text = report.dumps(data)
    assert text.endswith("\n")
    assert "Lösungsmittelaustritt" in text  # non-ASCII stays readable, not \u-escaped
    assert report.load(text, "out.json") == data


def test_load_refuses_what_is_not_a_report() -> None:
    with pytest.raises(ReportError, match=r"^out\.json: not JSON \(") as bad_json:
        report.load("{truncated", "out.json")
    assert isinstance(bad_json.value, NewslineageError)  # callers catch the whole family in one clause
    with pytest.raises(
        ReportError, match=r"^old\.json: expected schema 'newslineage/1', found 'newslineage/0'$"
    ):
        report.load(json.dumps({"schema": "newslineage/0", "documents": []}), "old.json")
    with pytest.raises(ReportError, match=r"expected schema 'newslineage/1', found None"):
        report.load("{}")
    with pytest.raises(ReportError, match=r"^report: expected schema 'newslineage/1', found 'list'$"):
        report.load("[1, 2]")


def summary(result: ScanResult) -> str:
    buffer = io.StringIO()
    report.print_summary(result, Console(file=buffer, width=200))
    return buffer.getvalue()


def test_summary_shows_stories_relations_lineage_and_skipped_files(example_result: ScanResult) -> None:
    out = summary(example_result)
    copies = sum(r.is_copy for r in example_result.relations)
    assert (
        out.splitlines()[0]
        == f"9 articles, 1 skipped, 1 story with several articles, {copies} copy relations"
    )
    story = next(s for s in example_result.stories if len(s.documents) > 1)
    assert f"{story.id} │        {len(story.documents)} │ {story.title}" in out
    rows = [line for line in out.splitlines() if line.startswith("│ 01-northwire-original.txt ")]
    assert any("04-spun-copy.txt" in row and "derived" in row and "spun" in row for row in rows)
    assert any("07-hafenbericht-de.txt" in row and "translated" in row for row in rows)
    assert "  └─ 04-spun-copy.txt  spun" in out  # the lineage tree, source first
    assert "number_changed" in out and "11 in 01-northwire-original.txt became 12" in out
    assert "Skipped inputs" in out and re.search(r"10-empty-draft\.txt\s+│ empty file", out)
    assert "09-library-reopens.txt" not in out  # the unrelated article is in no shared story, pair or finding


def test_summary_of_unrelated_articles(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    root = write_files(
        {
            "port.txt": (EXAMPLE / "01-northwire-original.txt").read_text(encoding="utf-8"),
            "library.txt": (EXAMPLE / "09-library-reopens.txt").read_text(encoding="utf-8"),
        }
    )
    result = scan([root], encoder=encoder, synonyms=synonyms)
    out = summary(result)
    assert out.splitlines()[0] == "2 articles, 0 skipped, 0 stories with several articles, 0 copy relations"
    assert "No related articles found." in out
    assert "Skipped inputs" not in out and "Lineage" not in out
    data = report.to_json(result)
    assert data["relations"] == [] and data["rejected"] == []
    assert sorted(len(s["documents"]) for s in data["stories"]) == [1, 1]
