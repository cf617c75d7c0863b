"""``explain A B``: one pair, its relation, its aligned passages and the direction evidence.

The tests pass the session's encoder, as a caller explaining many pairs would;
one test leaves it out, so that explain_pair loads the model itself.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from conftest import EXAMPLE, WriteFiles
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import InputError, NewslineageError
from newslineage.explain import explain_pair, render
from newslineage.models import Relation, ScanResult

ORIGINAL, SPUN = EXAMPLE / "01-northwire-original.txt", EXAMPLE / "04-spun-copy.txt"
LIBRARY = EXAMPLE / "09-library-reopens.txt"

Explained = tuple[ScanResult, Relation | None, str, str]


@pytest.fixture(scope="module")
def in_collection(encoder: UniversalSentenceEncoder) -> Explained:
    # Given in reverse order, by path: the answer still names the pair by id, smaller id first.
    return explain_pair(str(SPUN), str(ORIGINAL), [EXAMPLE], encoder=encoder)


def rendered(explained: Explained) -> str:
    buffer = io.StringIO()
    render(*explained, Console(file=buffer, width=240))
    return buffer.getvalue()


def test_in_its_collection_the_pair_gets_the_scans_verdict(
    in_collection: Explained, example_result: ScanResult
) -> None:
    result, rel, a, b = in_collection
    assert (a, b) == ("01-northwire-original.txt", "04-spun-copy.txt")
    assert [d.id for d in result.documents] == [d.id for d in example_result.documents]
    assert rel is not None
    assert rel.relation == "derived" and rel.transforms[0] == "spun"
    assert rel.direction == "a->b" and rel.direction_evidence  # the original, with its reasons
    # explain tells the same story as the scan of the whole collection.
    assert rel == next(r for r in example_result.relations if (r.a, r.b) == (a, b))


def test_the_passages_are_the_pairs_own_text(in_collection: Explained) -> None:
    result, rel, a, b = in_collection
    assert rel is not None and rel.passages
    ta, tb = result.document(a).text, result.document(b).text
    for p in rel.passages:
        assert 0 <= p.a_start < p.a_end <= len(ta) and 0 <= p.b_start < p.b_end <= len(tb)
        assert p.kind in rel.transforms
    covered = sum(p.b_end - p.b_start for p in rel.passages)
    assert covered >= 0.5 * len(tb.strip())  # a spun copy is aligned through most of its length
    first = rel.passages[0]
    assert "Rivermouth port shuts" in ta[first.a_start : first.a_end]
    assert "Rivermouth harbour shuts" in tb[first.b_start : first.b_end]


def test_render_prints_the_verdict_both_sides_and_the_direction_evidence(in_collection: Explained) -> None:
    _, rel, a, b = in_collection
    assert rel is not None
    out = rendered(in_collection)
    assert out.startswith(f"{a} and {b}: derived (spun, ")
    assert f"direction: {rel.direction}" in out
    for line in (*rel.evidence, *rel.direction_evidence):
        assert f"  - {line}" in out
    header = next(line for line in out.splitlines() if a in line and b in line and "kind" in line)
    assert header.index(a) < header.index(b)  # a on the left, b on the right
    assert any(
        "Rivermouth port shuts" in line and "Rivermouth harbour shuts" in line for line in out.splitlines()
    )
    assert f"credit_stripped in {b}: " in out  # the pair's audit findings follow


def test_without_a_collection_the_pair_is_scanned_alone() -> None:
    result, rel, a, b = explain_pair(str(ORIGINAL), str(SPUN))
    assert [d.id for d in result.documents] == [a, b] == ["01-northwire-original.txt", "04-spun-copy.txt"]
    assert rel is not None and (rel.a, rel.b) == (a, b)
    assert rel.relation == "derived" and "spun" in rel.transforms and rel.passages
    assert rel.direction in ("a->b", "b->a", "common_source", "unknown")


def test_an_unrelated_pair_is_said_to_be_unrelated(encoder: UniversalSentenceEncoder) -> None:
    explained = explain_pair(str(LIBRARY), str(ORIGINAL), encoder=encoder)
    _, rel, a, b = explained
    assert rel is None and (a, b) == ("01-northwire-original.txt", "09-library-reopens.txt")
    assert rendered(explained).startswith(f"{a} and {b}: unrelated")


def test_a_missing_or_skipped_article_is_a_clear_error(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder
) -> None:
    root = write_files({"draft.txt": "", "notes.txt": "Too short."})
    with pytest.raises(
        InputError, match=r"^missing\.txt: no such article in the scan \(0 articles read\)$"
    ) as err:
        explain_pair("missing.txt", "draft.txt", [root], encoder=encoder)
    assert isinstance(err.value, NewslineageError)  # the CLI turns it into "error: ..." and exit code 2
    with pytest.raises(InputError, match=r"^draft\.txt: skipped by the scan \(empty file\)$"):
        explain_pair("draft.txt", "notes.txt", [root], encoder=encoder)


def test_a_missing_file_outside_a_collection_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "copy.txt"
    with pytest.raises(InputError, match=f"^{re.escape(str(missing))}: no such file or folder$"):
        explain_pair(str(ORIGINAL), str(missing))


def test_an_id_is_not_matched_by_a_partial_file_name(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder
) -> None:
    root = write_files(
        {
            "01-northwire-original.txt": ORIGINAL.read_text(encoding="utf-8"),
            "copy.txt": SPUN.read_text(encoding="utf-8"),
        }
    )
    with pytest.raises(InputError, match=r"original\.txt: no such article"):
        explain_pair("original.txt", "copy.txt", [root], encoder=encoder)
