"""A batch killed with SIGKILL at random moments never leads to a stale skip or a broken pair."""

from __future__ import annotations

from .killloop import run


def test_kills_at_random_moments_leave_no_stale_skip_no_broken_pair_and_no_orphan(tmp_path):
    counts = run(rounds=3, seed=13, work=tmp_path)

    assert counts["kills"] == 3
    assert counts["stale_skips"] == 0 and counts["broken_pairs"] == 0
    assert counts["orphans"] == 0 and counts["leftover_temporaries"] == 0
