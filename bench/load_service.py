"""Load test of ``newslineage serve`` on loopback: concurrent clients mixing queries and page views.

It builds an index (the bundled example plus a synthetic collection, ``newslineage index
add``), starts the real server (``newslineage serve``, uvicorn) on a free port of
127.0.0.1, and runs CLIENTS asyncio clients (httpx) that each send one request after
another until REQUESTS requests were sent in all or SECONDS passed, whichever comes first.
Each request is drawn at random: a query of an example article's text (``POST /query``;
the example is in the index, so its stored sentence vectors answer the query unless
``--unseen-sentence`` appends a sentence the model must embed), the story list page, a story page (the HTML report), an article
page, or the JSON of an article or of the story list. Only 127.0.0.1 is ever contacted.

Printed: requests, errors (any status other than 200, and transport errors), requests/s,
p50 and p99 latency overall and by kind, the server's peak resident memory (VmHWM) and the
CPU seconds it used while the clients ran, and the machine's load average before and after.

Usage: python bench/load_service.py [--clients 50] [--requests 2000] [--seconds 120]
                                    [--synth 200] [--index DIR] [--unseen-sentence]
                                    [--out bench/results/load_service.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "newsroom"
#: Relative weights of the request kinds: page views dominate, as on a newsroom's page.
MIX = {"query": 2, "home": 2, "story page": 3, "article page": 3, "article json": 2, "stories json": 1}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_index(folder: Path, synth: int) -> None:
    cli = [sys.executable, "-m", "newslineage.cli"]
    paths = [str(EXAMPLE)]
    if synth:
        subprocess.run([*cli, "synth", "--articles", str(synth), str(folder / "synth")], check=True)
        paths.append(str(folder / "synth" / "articles"))
    subprocess.run([*cli, "index", "add", *paths, "--index", str(folder / "idx")], check=True)


def start_server(index: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "newslineage.cli", "serve", "--index", str(index), "--port", str(port)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited with {proc.returncode}")
        try:
            if httpx.get(url + "/stories", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"serve did not answer on {url} within {seconds} s")


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds the process has used (``/proc/PID/stat``, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def indexed(index: Path) -> int:
    """How many articles the index holds."""
    with sqlite3.connect(index / "index.sqlite") as db:
        return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Plan:
    """What the clients may ask for: story and article ids from the index, texts to query."""

    def __init__(self, url: str, texts: list[str], seed: int, unseen: bool = False) -> None:
        stories = httpx.get(url + "/stories", params={"limit": 500}, timeout=30).json()["stories"]
        self.stories = [s["id"] for s in stories]
        self.articles: list[str] = []
        for sid in self.stories[:40]:
            story = httpx.get(f"{url}/stories/{sid}", timeout=30).json()
            self.articles += [d["id"] for d in story["documents"]]
        self.texts = texts
        self.unseen = unseen
        self.sent = 0
        self.rng = random.Random(seed)
        self.kinds = [k for k, w in MIX.items() for _ in range(w)]

    def next(self) -> tuple[str, str, str, dict[str, Any] | None]:
        """(kind, method, path, json body) of one request."""
        kind = self.rng.choice(self.kinds)
        if kind == "query":
            text = self.rng.choice(self.texts)
            if self.unseen:
                # A sentence no indexed article has: the model must embed it (the rest are reprinted).
                self.sent += 1
                text += f"\n\nCorrection {self.sent}: an earlier version of this article misspelt a name."
            return kind, "POST", "/query", {"text": text, "id": "load-test"}
        if kind == "home":
            return kind, "GET", "/", None
        if kind == "story page":
            return kind, "GET", f"/page/stories/{self.rng.choice(self.stories)}", None
        doc = quote(self.rng.choice(self.articles), safe="")
        if kind == "article page":
            return kind, "GET", f"/page/articles/{doc}", None
        if kind == "article json":
            return kind, "GET", f"/articles/{doc}", None
        return kind, "GET", "/stories", None


async def client(
    http: httpx.AsyncClient,
    plan: Plan,
    budget: dict[str, Any],
    out: dict[str, list[float]],
    errors: list[str],
) -> None:
    while budget["left"] > 0 and time.monotonic() < budget["deadline"]:
        budget["left"] -= 1
        kind, method, path, body = plan.next()
        start = time.perf_counter()
        try:
            resp = await http.request(method, path, json=body)
            if resp.status_code != 200:
                errors.append(f"{kind} {path}: {resp.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"{kind} {path}: {type(exc).__name__}")
        out[kind].append((time.perf_counter() - start) * 1000)


async def load(
    url: str, plan: Plan, args: argparse.Namespace
) -> tuple[dict[str, list[float]], list[str], float]:
    out: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    budget = {"left": args.requests, "deadline": time.monotonic() + args.seconds}
    limits = httpx.Limits(max_connections=args.clients)
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=args.seconds, limits=limits) as http:
        await asyncio.gather(*(client(http, plan, budget, out, errors) for _ in range(args.clients)))
    return out, errors, time.perf_counter() - start


def summary(times: dict[str, list[float]], errors: list[str], seconds: float, rss: float) -> dict[str, Any]:
    every = [t for ts in times.values() for t in ts]

    def stats(ts: list[float]) -> dict[str, float]:
        return {
            "requests": len(ts),
            "p50_ms": round(float(np.percentile(ts, 50)), 1),
            "p99_ms": round(float(np.percentile(ts, 99)), 1),
        }

    return {
        **stats(every),
        "errors": len(errors),
        "error_examples": errors[:5],
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(every) / seconds, 1),
        "server_peak_rss_mb": round(rss, 1),
        "by_kind": {k: stats(v) for k, v in sorted(times.items())},
    }


def report(result: dict[str, Any], clients: int) -> None:
    print(
        f"{result['requests']} requests from {clients} clients in {result['seconds']} s "
        f"({result['requests_per_s']} /s), {result['errors']} errors; "
        f"server peak RSS {result['server_peak_rss_mb']:.0f} MB"
    )
    print(
        f"index of {result['indexed_articles']} articles; server CPU {result['server_cpu_s']} s "
        f"({1000 * result['server_cpu_s'] / max(result['requests'], 1):.0f} ms a request); "
        f"load average (1 minute) before / after: {result['load_average']}"
    )
    print("| requests | count | p50 ms | p99 ms |\n|---|---:|---:|---:|")
    print(f"| all | {result['requests']} | {result['p50_ms']:.0f} | {result['p99_ms']:.0f} |")
    for kind, s in result["by_kind"].items():
        print(f"| {kind} | {s['requests']} | {s['p50_ms']:.0f} | {s['p99_ms']:.0f} |")
    for example in result["error_examples"]:
        print(f"  error: {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="requests in all (the bound in count)")
    parser.add_argument("--seconds", type=float, default=120, help="the bound in time")
    parser.add_argument(
        "--synth", type=int, default=200, help="synthetic articles beside the example (0: none)"
    )
    parser.add_argument("--index", type=Path, help="an existing index folder (default: build one)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--unseen-sentence",
        action="store_true",
        help="append a sentence no indexed article has to each query text, so that the model runs "
        "(without it, queries are texts of the index, whose stored sentence vectors answer them)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load_service.json")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt")) if p.stat().st_size > 0]
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            start = time.perf_counter()
            build_index(Path(tmp), args.synth)
            index = Path(tmp) / "idx"
            print(f"index built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_server(index, port)
        try:
            wait_until_up(url, proc)
            plan = Plan(url, texts, args.seed, args.unseen_sentence)
            httpx.post(url + "/query", json={"text": texts[0]}, timeout=120)  # the model loads on first use
            # The machine is shared: its load while the clients ran says what the latencies mean.
            load_before, cpu_before = os.getloadavg()[0], cpu_seconds(proc.pid)
            times, errors, seconds = asyncio.run(load(url, plan, args))
            result = summary(times, errors, seconds, peak_rss_mb(proc.pid))
            result["server_cpu_s"] = round(cpu_seconds(proc.pid) - cpu_before, 1)
            result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
            result["indexed_articles"] = indexed(index)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # Queries still queued when the clients stop keep a graceful shutdown waiting.
                proc.kill()
                proc.wait(timeout=30)
    result = {
        "clients": args.clients,
        "synthetic_articles": None if args.index else args.synth,
        "requests_asked": args.requests,
        "unseen_sentence": args.unseen_sentence,
        **result,
    }
    report(result, args.clients)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
