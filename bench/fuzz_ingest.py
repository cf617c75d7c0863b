"""Fuzzing every reader: generated and mutated files, each read alone, checked and timed.

Inputs, for each format (.txt, .md, .html, .json, .jsonl, .warc, .warc.gz):
- bombs: deep HTML nesting, giant attributes, a million entities, a single line of
  100 MB, a million tiny JSONL records, gzip that inflates a thousandfold (zeros,
  and a valid WARC record claiming gigabytes), wrong and mixed encodings;
- truncations of a valid file at every offset;
- random mutations of valid files (flipped, inserted, deleted, duplicated bytes),
  and random bytes, until the time budget runs out.

Each file is read by ``ingest`` on its own (each bomb in a child process, whose peak
resident memory is that file's). A *crash* is an exception escaping
ingest, or a rejection that only the last-resort handler produced ("unreadable:
SomeError: ..."), which means a reader met a case it does not name. Every
rejection must give a reason of at most 240 characters; every article must respect
``IngestConfig.max_chars``. Prints files tried, crashes, the slowest file and the
highest peak memory.

Usage: python bench/fuzz_ingest.py [--seconds 300] [--seed 1] [--out bench/results/fuzz_ingest.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newslineage.config import IngestConfig
from newslineage.ingest import ingest

BODY = (
    "The port of Rivermouth closed two of its five container terminals on Wednesday after a solvent "
    "leak, the harbour authority said. About 300 dock workers were evacuated and eleven were treated "
    "for breathing problems. \u201cWe acted within minutes,\u201d said Mara Lind, the port's director."
)
PAGE = (
    "<!doctype html><html><head><title>Port shuts terminals</title>"
    '<meta name="date" content="2025-05-14"></head><body><nav>Home | News</nav><article>'
    f"<h1>Port shuts terminals</h1><p>{BODY}</p><p>{BODY}</p></article><footer>Subscribe</footer></body></html>"
)
#: Longest reason a rejection may give (``ingest.limits.REASON_CHARS``, with room for a path).
MAX_REASON = 300


def warc_record(url: str, payload: bytes, ctype: str = "text/html", *, length: int | None = None) -> bytes:
    """One WARC response record, written by hand (no library to hide a malformed one)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2025-05-14T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length or len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def seeds() -> dict[str, bytes]:
    """One valid file per format."""
    record = {"id": "a1", "title": "Port shuts terminals", "text": BODY, "published": "2025-05-14"}
    warc = warc_record("https://coastal.example/port", PAGE.encode()) + warc_record(
        "https://x/i.png", b"\x89PNG", "image/png"
    )
    return {
        "seed.txt": f"Port shuts terminals\n\n{BODY}\n".encode(),
        "seed.md": f"# Port shuts terminals\n\n{BODY}\n\n- one\n- two\n".encode(),
        "seed.html": PAGE.encode(),
        "seed.json": json.dumps([record, {**record, "id": 2}]).encode(),
        "seed.jsonl": (json.dumps(record) + "\n" + json.dumps({**record, "id": "b2"}) + "\n").encode(),
        "seed.warc": warc,
        "seed.warc.gz": b"".join(
            gzip.compress(warc_record(u, PAGE.encode()))
            for u in ("https://a.example/1", "https://b.example/2")
        ),
    }


def bombs(scale: float = 1.0) -> Iterator[tuple[str, bytes]]:
    """Files built to exhaust a reader: ``scale`` 1.0 is full size, smaller for a quick run."""

    def n(x: int) -> int:
        return max(10, int(x * scale))

    yield "nested.html", b"<html><body>" + b"<div>" * n(200_000) + BODY.encode() + b"</div>" * n(200_000)
    yield (
        "attribute.html",
        b'<html><body><p title="' + b"a" * n(4_000_000) + b'">' + BODY.encode() + b"</p></body></html>",
    )
    yield "entities.html", b"<html><body><p>" + b"&amp;&#x41;&eacute;" * n(250_000) + b"</p></body></html>"
    yield "unclosed.html", b"<html><body>" + b"<p><b><i><a href='x'>" * n(100_000)
    yield "one-line.txt", b"word " * n(20_000_000)  # 100 MB: past max_bytes
    yield "long-line.txt", b"word " * n(3_900_000)  # 19.5 MB: read, then past max_chars
    yield "tiny.jsonl", b'{"text": "x"}\n' * n(1_400_000)  # 1.4 million records, 19.6 MB
    yield "many.jsonl", b"{}\n" * n(6_000_000)
    yield "nested.json", b"[" * n(5_000_000) + b"]" * n(5_000_000)
    yield "zeros.warc.gz", gzip.compress(b"\x00" * n(200_000_000), 9)
    claim = warc_record("https://x/big", b"", length=n(2_000_000_000))
    yield "claims.warc.gz", gzip.compress(claim + b"\x00" * n(300_000_000), 9)
    inner = gzip.compress(b"<html><body><p>" + b"a" * n(100_000_000), 9)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + inner
    head = f"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {len(http)}\r\n\r\n".encode()
    yield "inner-bomb.warc", head + http
    yield "utf16.txt", ("\ufeff" + BODY).encode("utf-16-le")
    yield "utf16-nobom.txt", BODY.encode("utf-16-be")
    yield "latin1.html", PAGE.replace("Port", "Café Été").encode("latin-1", "replace")
    yield "mixed.txt", BODY.encode() + "Zoë Müller sagte: «Ça va».".encode("latin-1") + BODY.encode("utf-16")
    yield "shift-jis.txt", ("港は二つのターミナルを閉鎖した。" * 20).encode("shift_jis")
    yield "nul.jsonl", b'{"text": "' + BODY.encode() + b'\\u0000"}\n' + b"\x00" * 100


def truncations(data: bytes, stride: int = 1) -> Iterator[bytes]:
    for end in range(0, len(data), stride):
        yield data[:end]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits: flip, insert, delete, or duplicate a slice."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            out += bytes([rng.randrange(256)])
            continue
        at = rng.randrange(len(out))
        kind = rng.randrange(5)
        if kind == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == 2:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 3:
            piece = out[at : at + rng.randint(1, 256)]
            out[at:at] = piece * rng.randint(1, 50)
        else:
            out[at] = rng.choice(b"<>\"'{}[]:,\r\n\x00\x1f\x8b")
    return bytes(out)


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    seconds: float
    peak_mb: float
    crash: str | None
    #: This process's CPU time for the file: what a pathological input costs, whatever else the
    #: machine is running (wall time grows with the load; the test suite's limits read this).
    cpu_seconds: float = 0.0


def check(folder: Path, name: str, data: bytes, config: IngestConfig) -> Outcome:
    """Read one file with ingest and say what went wrong, if anything."""
    for old in folder.iterdir():
        old.unlink()
    path = folder / name
    path.write_bytes(data)
    return read(path, config, measure=False)


def read(path: Path, config: IngestConfig, *, measure: bool = True) -> Outcome:
    """Ingest one file; ``measure``: this process's peak memory is the file's (a fresh process)."""
    start, cpu = time.perf_counter(), time.process_time()
    crash: str | None = None
    try:
        result = ingest([path], config)
    except Exception as exc:  # exactly what the fuzzing is for: nothing may escape
        crash = f"{type(exc).__name__}: {str(exc)[:200]}"
    else:
        crash = _problem(result.articles, result.rejected, config)
    return Outcome(
        path.name,
        time.perf_counter() - start,
        _peak_mb() if measure else 0.0,
        crash,
        time.process_time() - cpu,
    )


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: the latter survives exec, so a
    spawned child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_alone(folder: Path, name: str, data: bytes, config: IngestConfig) -> Outcome:
    """``check`` with the reading in a fresh process, so its peak memory is that file's alone."""
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(data)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(read, (folder / name, config))


def _problem(articles: tuple, rejected: tuple, config: IngestConfig) -> str | None:  # type: ignore[type-arg]
    if not articles and not rejected:
        return "neither an article nor a rejection"
    for r in rejected:
        if not r.reason or len(r.reason) > MAX_REASON:
            return f"reason empty or too long ({len(r.reason)} chars)"
        if (
            r.reason.startswith("unreadable: ")
            and ": " in r.reason[12:]
            and r.reason[12:].split(":")[0].isidentifier()
        ):
            name = r.reason[12:].split(":")[0]
            if name[0].isupper() and name not in ("Permission denied",):
                return f"caught only by the last resort: {r.reason[:200]}"
    for a in articles:
        if not a.text.strip() or len(a.text) > config.max_chars:
            return f"article {a.id} of {len(a.text)} chars"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300, help="time budget for the random phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "results" / "fuzz_ingest.json"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    config = IngestConfig()
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in bombs():
            outcomes.append(check_alone(folder, name, data, config))
            done = outcomes[-1]
            print(f"  {name:18} {done.seconds:6.2f} s  peak {done.peak_mb:7.1f} MB  {done.crash or 'ok'}")
        valid = seeds()
        for name, data in valid.items():
            ext = name.removeprefix("seed")
            outcomes += [check(folder, f"cut{ext}", cut, config) for cut in truncations(data)]
        print(
            f"  truncations at every offset of {len(valid)} valid files: {sum(len(d) for d in valid.values())} files"
        )
        deadline = time.perf_counter() + args.seconds
        names = list(valid)
        while time.perf_counter() < deadline:
            name = rng.choice(names)
            ext = name.removeprefix("seed")
            if rng.random() < 0.1:
                data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
            else:
                data = mutate(valid[name], rng)
            outcomes.append(check(folder, f"mutant{ext}", data, config))
    crashes = [o for o in outcomes if o.crash]
    slowest = max(outcomes, key=lambda o: o.seconds)
    biggest = max(outcomes, key=lambda o: o.peak_mb)
    summary = {
        "files": len(outcomes),
        "crashes": len(crashes),
        "crash_examples": [f"{o.name}: {o.crash}" for o in crashes[:10]],
        "slowest": {"file": slowest.name, "seconds": round(slowest.seconds, 2)},
        "peak_rss_mb": {"file": biggest.name, "mb": round(biggest.peak_mb, 1)},
        "bench_process_peak_rss_mb": round(_peak_mb(), 1),
        "seconds": round(time.perf_counter() - started, 1),
        "seed": args.seed,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"{summary['files']} files tried in {summary['seconds']} s, {summary['crashes']} crashes")
    for line in summary["crash_examples"]:
        print(f"  crash: {line}")
    print(f"slowest file: {slowest.name}, {slowest.seconds:.2f} s")
    print(
        f"peak resident memory of a process reading one bomb (imports included): {biggest.name}, {biggest.peak_mb:.0f} MB"
    )
    print(
        f"peak resident memory of this script (it holds the bombs it writes): {summary['bench_process_peak_rss_mb']:.0f} MB"
    )
    print(f"results written to {args.out}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
