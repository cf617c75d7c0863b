"""A short fuzzing run of every reader (the long one is bench/fuzz_ingest.py).

Generated and mutated files of each format are read alone; nothing may escape
ingest, every rejection gives a short reason, every article respects the limits,
and no file takes long: the bombs run at a tenth of their bench size.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from newslineage.config import IngestConfig

sys.path.insert(0, str(ROOT / "bench"))

from fuzz_ingest import Outcome, bombs, check, mutate, seeds, truncations

SEEDS = seeds()
FORMATS = sorted(SEEDS)
CONFIG = IngestConfig()
#: CPU seconds one small file may take (a valid HTML page takes ~0.05 s). CPU time, not wall
#: time: on a machine running other jobs a mutated page once took 6.5 s of wall time.
SLOW = 5.0


def _ok(outcome: Outcome) -> None:
    assert outcome.crash is None, f"{outcome.name}: {outcome.crash}"
    assert outcome.cpu_seconds < SLOW, f"{outcome.name} took {outcome.cpu_seconds:.1f} s of CPU"


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", FORMATS)
def test_the_seeds_are_read(name: str, folder: Path) -> None:
    from newslineage.ingest import ingest

    (folder / name).write_bytes(SEEDS[name])
    result = ingest([folder / name], CONFIG)
    assert result.articles and not result.rejected  # the fuzzing starts from files that work


@pytest.mark.parametrize("name", FORMATS)
def test_truncated_at_many_offsets(name: str, folder: Path) -> None:
    data = SEEDS[name]
    ext = name.removeprefix("seed")
    for cut in truncations(data, stride=max(1, len(data) // 150)):
        _ok(check(folder, f"cut{ext}", cut, CONFIG))


@pytest.mark.parametrize(("name", "data"), list(bombs(scale=0.1)), ids=[n for n, _ in bombs(scale=0.001)])
def test_bombs_are_read_or_rejected_quickly(name: str, data: bytes, folder: Path) -> None:
    outcome = check(folder, name, data, CONFIG)
    assert outcome.crash is None, outcome.crash
    assert outcome.cpu_seconds < 20, f"{name} took {outcome.cpu_seconds:.1f} s of CPU"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FORMATS), seed=st.integers(0, 2**32 - 1))
def test_mutated_files(folder: Path, name: str, seed: int) -> None:
    ext = name.removeprefix("seed")
    _ok(check(folder, f"mutant{ext}", mutate(SEEDS[name], random.Random(seed)), CONFIG))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FORMATS), data=st.binary(max_size=2000))
def test_random_bytes(folder: Path, name: str, data: bytes) -> None:
    _ok(check(folder, f"random{name.removeprefix('seed')}", data, CONFIG))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(FORMATS),
    encoding=st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252", "shift_jis", "koi8_r", "gb18030"]),
    at=st.floats(0, 1),
)
def test_wrong_and_mixed_encodings(folder: Path, name: str, encoding: str, at: float) -> None:
    text = SEEDS[name].decode("utf-8", "replace")  # the .warc seed holds a few bytes of PNG
    split = int(len(text) * at)  # UTF-8 up to here, the other encoding after it
    data = text[:split].encode("utf-8") + text[split:].encode(encoding, "replace")
    _ok(check(folder, f"enc{name.removeprefix('seed')}", data, CONFIG))
