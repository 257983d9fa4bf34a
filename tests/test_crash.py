"""The PC switched off at the wall mid-work, mid-backup and mid-restore: nothing is lost.

The short form of ``make crash-test`` (scripts/crash_test.py): real processes killed with
SIGKILL at random moments on a real SQLite file, each kill followed by the full check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scripts.crash_test import run, summary


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_twelve_power_cuts_lose_nothing_that_was_reported_saved(home: Path) -> None:
    rounds = run(kills=12, seed=7, home=home)
    figures = summary(rounds)
    assert figures["kills_by_kind"] == {"desk": 10, "backup": 1, "restore": 1}
    # The desk really worked between the cuts: the check had something to find.
    assert figures["operations_committed"] > 12
