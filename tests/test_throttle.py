"""crawler.throttle.HostCapacity: how a host's bound on requests in flight moves.

The functional core of the per-host throttle, driven by latencies chosen here; the
crawls against real servers that check the bound on the server's side are in
tests/test_crawler.py (politeness).
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.throttle import CapacityRules, HostCapacity


def capacity(start: int = 8, ceiling: int = 16) -> HostCapacity:
    return HostCapacity(CapacityRules(start=start, ceiling=ceiling))


def one_round(host: HostCapacity, latency: float, sent_at: float = 0.0, now: float = 1.0) -> None:
    """As many answers as the host's bound, each taking ``latency`` seconds."""
    for _ in range(host.concurrency):
        host.answered(latency, sent_at, now)


def test_a_host_that_stays_fast_gains_one_per_round_up_to_the_ceiling() -> None:
    host = capacity()
    assert host.concurrency == 8
    seen = []
    for _ in range(12):
        one_round(host, 0.020)
        seen.append(host.concurrency)
    assert seen == [9, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16]
    assert host.baseline == 0.020


def test_nothing_moves_before_a_round_is_complete() -> None:
    host = capacity()
    for _ in range(7):
        host.answered(0.02, 0.0, 1.0)
    assert host.concurrency == 8
    host.answered(0.02, 0.0, 1.0)
    assert host.concurrency == 9


def test_a_round_twice_as_slow_as_the_fastest_answer_halves_the_bound() -> None:
    host = capacity()
    host.answered(0.020, 0.0, 1.0)  # the baseline
    for _ in range(7):
        host.answered(0.050, 0.0, 1.0)
    assert host.concurrency == 4


def test_between_the_two_ratios_the_bound_holds() -> None:
    host = capacity()
    host.answered(0.020, 0.0, 1.0)
    for _ in range(7):
        host.answered(0.035, 0.0, 1.0)  # 1.75 times the fastest
    assert host.concurrency == 8


def test_the_median_decides_not_one_slow_answer() -> None:
    host = capacity()
    for latency in [0.02] * 6 + [0.5, 0.02]:  # a new TLS connection, a large page
        host.answered(latency, 0.0, 1.0)
    assert host.concurrency == 9


def test_answers_to_requests_sent_before_a_decrease_are_not_counted_again() -> None:
    host = capacity()
    host.answered(0.020, 0.0, 1.0)
    for _ in range(7):
        host.answered(0.100, 0.0, 1.0)
    assert host.concurrency == 4 and host.decreased_at == 1.0
    # The other requests sent at 8 in flight come back just as slow: already acted on.
    for _ in range(8):
        host.answered(0.100, 0.5, 1.2)
    assert host.concurrency == 4
    # Requests sent after the decrease count: still slow, halved again.
    one_round(host, 0.100, sent_at=1.3, now=1.5)
    assert host.concurrency == 2


def test_a_failure_halves_once_per_window_down_to_one() -> None:
    host = capacity()
    host.failed(sent_at=0.0, now=1.0)
    host.failed(sent_at=0.5, now=1.1)  # sent before the first decrease: same trouble
    assert host.concurrency == 4
    host.failed(sent_at=1.2, now=2.0)
    host.failed(sent_at=2.1, now=3.0)
    host.failed(sent_at=3.1, now=4.0)
    assert host.concurrency == 1


def test_a_refusal_drops_the_bound_back_to_the_start_not_above() -> None:
    host = capacity()
    for _ in range(5):
        one_round(host, 0.02)
    assert host.concurrency == 13
    host.refused(now=2.0)
    assert host.concurrency == 8
    small = capacity()
    small.failed(0.0, 1.0)
    small.refused(now=2.0)
    assert small.concurrency == 4


def test_a_host_slow_even_alone_learns_its_new_baseline_and_grows_again() -> None:
    host = capacity(start=2)
    host.answered(0.010, 0.0, 1.0)  # one lucky answer (a cache in front of the server)
    host.answered(0.100, 0.0, 1.0)
    assert host.concurrency == 1
    host.answered(0.100, 1.1, 1.2)  # slow alone, at the floor: the baseline was wrong
    assert host.concurrency == 1 and host.baseline == 0.100
    host.answered(0.100, 1.3, 1.4)
    assert host.concurrency == 2


def test_a_fixed_bound_does_not_move_up() -> None:
    host = capacity(start=2, ceiling=2)
    for _ in range(5):
        one_round(host, 0.02)
    assert host.concurrency == 2


# ---------------------------------------------------------------------- a host simulated
# The rule above in its loop: a client that keeps the host's bound in flight, against a
# host whose answers take a given time for a given number of requests it is answering.
# Time is simulated, so what is checked is the rule, not how busy the machine running
# the test is (tests/test_crawler.py checks the same against a real server, loosely).


def crawl_simulated(host: HostCapacity, pages: int, latency: Callable[[int], float]) -> list[int]:
    """Send ``pages`` requests, as many at once as ``host.concurrency`` allows; return how
    many requests the host was answering when each one arrived (itself included).

    ``latency(n)``: how long an answer takes when it arrives with ``n`` in flight.
    """
    now, sent = 0.0, 0
    flying: list[tuple[float, float]] = []  # (done at, sent at), soonest first
    arrived_with: list[int] = []
    while sent < pages or flying:
        while sent < pages and len(flying) < host.concurrency:
            took = latency(len(flying) + 1)
            arrived_with.append(len(flying) + 1)
            flying.append((now + took, now))
            flying.sort()
            sent += 1
        done_at, sent_at = flying.pop(0)
        now = done_at
        host.answered(done_at - sent_at, sent_at, now)
    return arrived_with


def test_a_host_slower_under_load_settles_where_it_answers_about_as_fast_as_alone() -> None:
    """20 ms alone, 30 ms more per other request: from 8 at once it comes down to 1 or 2."""
    host = capacity()
    arrived_with = crawl_simulated(host, 200, lambda n: 0.020 + 0.030 * (n - 1))
    assert arrived_with[:8] == [1, 2, 3, 4, 5, 6, 7, 8]  # the start is tried ...
    later = arrived_with[40:]  # ... and given up within the first rounds
    assert max(later) <= 2, later
    assert host.concurrency <= 2


def test_a_host_as_fast_at_sixteen_as_alone_gets_sixteen() -> None:
    host = capacity()
    arrived_with = crawl_simulated(host, 300, lambda n: 0.050)
    assert host.concurrency == 16
    assert max(arrived_with) == 16
