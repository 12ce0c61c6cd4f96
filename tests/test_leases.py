"""Leases on targets (storage.leases), on SQLite and on a real PostgreSQL, and the daemon's planning.

The leases are what keeps a check from happening twice: two daemons, or a
daemon and a hand recrawl, claiming the same due target at the same moment.
The concurrency tests race real threads on real databases.
"""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest

from monitor.daemon.planning import (
    SteadyIntervalTrigger,
    jitter_seconds,
    period_seconds,
    plan,
)
from monitor.schedule import parse_schedule
from monitor.targets import Target
from storage import leases, repo
from storage.models import TargetRow

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _targets(database, *slugs: str, enabled: bool = True) -> None:
    with database.session() as session:
        repo.sync_targets(
            session,
            [Target(id=s, url=f"https://example.org/{s}", enabled=enabled) for s in slugs],
        )


def _set_next(database, slug: str, when: datetime | None) -> None:
    with database.session() as session:
        repo.get_target(session, slug).next_check_at = when


def _row(database, slug: str) -> TargetRow:
    with database.session() as session:
        return repo.get_target(session, slug)


def _claim_due(database, slugs, worker, now=NOW, lease=60.0, **kw):
    with database.session() as session:
        return leases.claim_due(session, slugs, worker=worker, now=now, lease_seconds=lease, **kw)


# --------------------------------------------------------------------------- claiming


def test_claims_only_due_enabled_free_targets(database) -> None:
    _targets(database, "never", "past", "future", "soon")
    _set_next(database, "past", NOW - timedelta(minutes=5))
    _set_next(database, "future", NOW + timedelta(minutes=5))
    _set_next(database, "soon", NOW + timedelta(seconds=0.5))

    got = _claim_due(database, ["never", "past", "future", "soon"], "w1")
    assert sorted(c.slug for c in got) == ["never", "past"]
    planned = {c.slug: c.planned for c in got}
    assert planned == {"never": None, "past": NOW - timedelta(minutes=5)}
    assert all(c.until == NOW + timedelta(seconds=60) for c in got)
    row = _row(database, "past")
    assert row.claimed_by == "w1" and row.claimed_until == NOW + timedelta(seconds=60)

    # A live lease keeps everyone else out, the holder included.
    assert _claim_due(database, ["never", "past"], "w2") == []
    assert _claim_due(database, ["never", "past"], "w1") == []
    # "early" takes what falls due within that many seconds (clock differences between hosts).
    assert [c.slug for c in _claim_due(database, ["soon"], "w2", early=1.0)] == ["soon"]


def test_disabled_targets_are_never_claimed_as_due_but_can_be_claimed_by_hand(database) -> None:
    _targets(database, "gone", enabled=False)
    assert _claim_due(database, ["gone"], "w1") == []
    with database.session() as session:
        got = leases.claim(session, ["gone"], worker="hand", now=NOW, lease_seconds=10)
    assert [c.slug for c in got] == ["gone"]


def test_expired_lease_is_claimable_and_renewal_keeps_it(database) -> None:
    _targets(database, "a", "b")
    first = _claim_due(database, ["a", "b"], "dead", lease=10)
    assert len(first) == 2
    ids = {c.slug: c.id for c in first}
    # The holder renews "a" only, then dies.
    with database.session() as session:
        held = leases.renew(
            session, [ids["a"]], worker="dead", now=NOW + timedelta(seconds=5), lease_seconds=10
        )
    assert held == {ids["a"]}
    later = NOW + timedelta(seconds=11)
    got = _claim_due(database, ["a", "b"], "heir", now=later)
    assert [c.slug for c in got] == ["b"]  # "a" was renewed until NOW + 15 s
    # The dead holder cannot renew what the heir took.
    with database.session() as session:
        assert (
            leases.renew(session, [ids["b"]], worker="dead", now=later, lease_seconds=10) == set()
        )
    assert [
        c.slug for c in _claim_due(database, ["a"], "heir", now=NOW + timedelta(seconds=16))
    ] == ["a"]


def test_release_sets_next_check_or_keeps_it_and_ignores_other_workers(database) -> None:
    _targets(database, "done", "skipped")
    _set_next(database, "skipped", NOW - timedelta(minutes=1))
    claims = {c.slug: c for c in _claim_due(database, ["done", "skipped"], "w1")}
    nxt = NOW + timedelta(hours=6)
    with database.session() as session:
        # Someone else cannot release them.
        assert leases.release(session, {c.id: nxt for c in claims.values()}, worker="w2") == 0
    assert _row(database, "done").claimed_by == "w1"
    with database.session() as session:
        released = leases.release(
            session, {claims["done"].id: nxt, claims["skipped"].id: leases.KEEP}, worker="w1"
        )
    assert released == 2
    done, skipped = _row(database, "done"), _row(database, "skipped")
    assert (done.claimed_by, done.claimed_until, done.next_check_at) == (None, None, nxt)
    assert (skipped.claimed_by, skipped.next_check_at) == (None, NOW - timedelta(minutes=1))
    # Released and planned: not due again until then, but the skipped one is.
    assert [c.slug for c in _claim_due(database, ["done", "skipped"], "w3")] == ["skipped"]


def test_holders_and_release_all(database) -> None:
    _targets(database, "a", "b", "c")
    _claim_due(database, ["a", "b"], "w1", now=datetime.now(UTC))
    with database.session() as session:
        found = leases.holders(session, ["a", "b", "c"])
    assert {slug: who for slug, (who, _until) in found.items()} == {"a": "w1", "b": "w1"}
    with database.session() as session:
        assert leases.release_all(session, worker="w1") == 2
        assert leases.holders(session, ["a", "b", "c"]) == {}


def test_limit_takes_the_earliest_planned_first(database) -> None:
    _targets(database, "late", "early", "never")
    _set_next(database, "late", NOW - timedelta(minutes=1))
    _set_next(database, "early", NOW - timedelta(minutes=9))
    got = _claim_due(database, ["late", "early", "never"], "w1", limit=2)
    assert [c.slug for c in got] == ["never", "early"]


def test_concurrent_claimers_split_the_targets_without_overlap(database) -> None:
    """Eight workers race for forty due targets: every target is claimed exactly once."""
    slugs = [f"t{i:02d}" for i in range(40)]
    _targets(database, *slugs)
    barrier = threading.Barrier(8)
    results: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            barrier.wait(10)
            got: list[str] = []
            for _ in range(5):  # several rounds, as daemons whose jobs fire at different moments
                with database.session() as session:
                    got += [
                        c.slug
                        for c in leases.claim_due(
                            session, slugs, worker=name, lease_seconds=60, limit=3
                        )
                    ]
            results[name] = got
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    claimed = [slug for got in results.values() for slug in got]
    assert sorted(claimed) == slugs  # all of them, none twice
    assert sum(1 for got in results.values() if got) >= 2


def test_last_fetch_ids_default_to_zero(database) -> None:
    _targets(database, "a")
    with database.session() as session:
        assert leases.last_fetch_ids(session, ["a", "missing"]) == {"a": 0, "missing": 0}


def test_worker_ids_are_unique_and_readable() -> None:
    a, b = leases.worker_id(), leases.worker_id("recrawl")
    assert a != b and a.count(":") == 2 and b.endswith(":recrawl")


# --------------------------------------------------------------------------- planning


def test_steady_interval_trigger_does_not_drift() -> None:
    start = NOW
    trigger = SteadyIntervalTrigger(seconds=60, start_date=start, timezone=UTC, jitter=6)
    fire = start
    for k in range(1, 200):
        fire = trigger.get_next_fire_time(fire, fire)
        offset = (fire - start).total_seconds() - 60 * k
        assert 0 <= offset <= 6, (k, offset)
    # Without a previous fire time: the next slot of the grid at or after now.
    nxt = trigger.get_next_fire_time(None, start + timedelta(seconds=125))
    assert 180 <= (nxt - start).total_seconds() <= 186


def test_plan_keeps_a_future_check_and_spreads_new_and_overdue_ones() -> None:
    schedule = parse_schedule("1h")
    rng = random.Random(7)
    stored = NOW + timedelta(minutes=20)
    kept = plan(schedule, stored, NOW, spread=300, rng=rng)
    assert kept.first_run == stored and kept.store_next is None

    firsts = [plan(schedule, None, NOW, spread=300, rng=rng).first_run for _ in range(200)]
    offsets = [(f - NOW).total_seconds() for f in firsts]
    assert min(offsets) >= 0 and max(offsets) <= 300
    assert max(offsets) - min(offsets) > 200  # spread out, not all at once

    overdue = plan(schedule, NOW - timedelta(days=3), NOW, spread=300, rng=rng)
    assert NOW <= overdue.first_run <= NOW + timedelta(seconds=300)
    assert overdue.store_next is None  # overdue is due for everyone already

    # The schedule was shortened from 1d to 1h: a check planned 20 h ahead comes forward.
    shortened = plan(schedule, NOW + timedelta(hours=20), NOW, spread=300, rng=rng)
    assert shortened.first_run <= NOW + timedelta(seconds=300)
    assert shortened.store_next == shortened.first_run

    # The spread is capped at the interval.
    short = plan(parse_schedule("2s"), None, NOW, spread=300, rng=rng)
    assert short.first_run <= NOW + timedelta(seconds=2)


def test_cron_periods_and_jitter() -> None:
    cron = parse_schedule("0 */6 * * *")
    assert period_seconds(cron, NOW) == 6 * 3600
    assert jitter_seconds(cron, NOW) == 300  # capped
    assert jitter_seconds(parse_schedule("10m"), NOW) == 60
    p = plan(cron, None, NOW, spread=60, rng=random.Random(1))
    nxt = p.trigger.get_next_fire_time(p.first_run, p.first_run)
    assert nxt.hour == 18 and nxt.minute < 6  # 18:00 plus at most five minutes of jitter


@pytest.mark.parametrize("text", ["2s", "1m", "6h", "1d"])
def test_jitter_is_a_tenth_of_the_interval_at_most_five_minutes(text: str) -> None:
    schedule = parse_schedule(text)
    assert jitter_seconds(schedule, NOW) == min(0.1 * schedule.interval_seconds, 300)


def test_next_checks_and_bring_forward(database) -> None:
    _targets(database, "a", "b", "c")
    _set_next(database, "a", NOW + timedelta(hours=6))
    _set_next(database, "b", NOW + timedelta(minutes=5))
    with database.session() as session:
        stored = leases.next_checks(session, ["a", "b", "c", "unknown"])
    assert stored == {"a": NOW + timedelta(hours=6), "b": NOW + timedelta(minutes=5), "c": None}
    first = NOW + timedelta(hours=1)
    with database.session() as session:
        leases.bring_forward(session, {"a": first, "b": first, "c": first})
    # Only later (or missing) next checks move forward; an earlier one stays.
    assert [_row(database, s).next_check_at for s in "abc"] == [
        first,
        NOW + timedelta(minutes=5),
        first,
    ]
