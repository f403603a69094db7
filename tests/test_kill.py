"""A batch killed with SIGKILL at random moments never leads to a stale skip or a broken pair; an import
killed at random moments leaves every evaluation updated or none."""

from __future__ import annotations

from .killloop import run, run_import


def test_kills_at_random_moments_leave_no_stale_skip_no_broken_pair_and_no_orphan(tmp_path):
    counts = run(rounds=3, seed=13, work=tmp_path)

    assert counts["kills"] == 3
    assert counts["stale_skips"] == 0 and counts["broken_pairs"] == 0
    assert counts["orphans"] == 0 and counts["leftover_temporaries"] == 0


def test_an_import_killed_at_random_moments_leaves_every_evaluation_updated_or_none(tmp_path):
    counts = run_import(rounds=4, seed=17, work=tmp_path)

    assert counts["kills"] == 4
    assert counts["all_updated"] + counts["none_updated"] == 4
    assert counts["partial_imports"] == 0 and counts["broken_scores"] == 0
    assert counts["orphans"] == 0 and counts["leftover_files"] == 0
