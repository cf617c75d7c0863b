"""The service's gate: queries side by side, a write alone, a waiting write before later queries."""

from __future__ import annotations

import threading
import time

from newslineage.service.gate import Gate


def test_readers_share_the_gate_and_a_writer_waits_for_them() -> None:
    gate = Gate()
    both_inside = threading.Barrier(2, timeout=10)
    events: list[str] = []

    def reader(name: str) -> None:
        with gate.reading():
            both_inside.wait()  # raises BrokenBarrierError unless the two readers are in at once
            time.sleep(0.2)
            events.append(f"{name} out")

    def writer() -> None:
        with gate.writing():
            events.append("write")

    readers = [threading.Thread(target=reader, args=(n,)) for n in ("r1", "r2")]
    for t in readers:
        t.start()
    time.sleep(0.05)
    w = threading.Thread(target=writer)
    w.start()
    for t in [*readers, w]:
        t.join(10)
    assert sorted(events[:2]) == ["r1 out", "r2 out"] and events[2] == "write"


def test_a_waiting_writer_goes_before_readers_that_come_after_it() -> None:
    gate = Gate()
    events: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with gate.reading():
            first_in.set()
            time.sleep(0.3)
            events.append("first reader out")

    def writer() -> None:
        with gate.writing():
            events.append("write")

    def late_reader() -> None:
        with gate.reading():
            events.append("late reader")

    threads = [threading.Thread(target=first)]
    threads[0].start()
    first_in.wait(10)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    time.sleep(0.1)
    threads.append(threading.Thread(target=late_reader))
    threads[2].start()
    for t in threads:
        t.join(10)
    assert events == ["first reader out", "write", "late reader"]
