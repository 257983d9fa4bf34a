"""The ten-year demo in small: the same command, the real desk's rates, a third of a year.

``villa-desk demo --years 10 --villas 400`` itself belongs to ``make bench``; here the same
command builds 40 villas over 0.3 years in a real process, says how long it took and how
big it came out, and the audit check passes on what it wrote.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import open_database
from app.demo.rates import REAL_DESK_CALLS_PER_VILLA_DAY
from app.models.numbering import NumberedDocument
from app.models.reception import ReceptionEntry
from app.models.work_orders import WorkOrder, WorkOrderCallback

ROOT = Path(__file__).resolve().parents[2]
VILLAS, YEARS = 40, 0.3


def villa_desk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VILLA_DESK_HOME": str(home), "VILLA_DESK_LOCALE": "en"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_a_third_of_a_year_at_a_real_desks_rate_is_timed_sized_and_audited(
        tmp_path: Path) -> None:
    home, database = tmp_path / "demo-home", tmp_path / "ten-years.sqlite3"
    url = f"sqlite:///{database}"
    built = villa_desk(home, "--database", url, "--create", "demo",
                       "--years", str(YEARS), "--villas", str(VILLAS))
    assert built.returncode == 0, built.stderr
    out = built.stdout

    # It says how long it took and how big the database is, and counts every register.
    timing = re.search(r"Built in (\d+\.\d) s; database (\d+\.\d) MiB\.", out)
    assert timing, out
    assert float(timing[2]) == pytest.approx(database.stat().st_size / 2**20, abs=0.06)
    rows = {name: int(count.replace(",", ""))
            for name, count in re.findall(r"^\s+(\w+)\s+([\d,]+)$", out, re.MULTILINE)}

    opened = open_database(url)
    try:
        with opened.uow.read() as session:
            calls = session.scalar(select(func.count(ReceptionEntry.id))) or 0
            orders = session.scalar(select(func.count(WorkOrder.id))) or 0
            callbacks = session.scalar(select(func.count(WorkOrderCallback.id))) or 0
            first = session.scalar(select(func.min(ReceptionEntry.occurred_at)))
            last = session.scalar(select(func.max(ReceptionEntry.occurred_at)))
            seqs = session.execute(select(NumberedDocument.kind, NumberedDocument.year,
                                          NumberedDocument.seq)).all()
    finally:
        opened.engine.dispose()
    assert rows["reception_entry"] == calls and rows["work_order"] == orders
    assert rows["audit_entry"] > calls + orders + callbacks  # every record was logged

    # The real desk's volumes per villa and day, as ten years at 400 villas would have them.
    days = (last.date() - first.date()).days + 1
    assert days >= int(365 * YEARS)
    per_villa_day = calls / (VILLAS * days)
    assert 0.85 * REAL_DESK_CALLS_PER_VILLA_DAY < per_villa_day < (
        1.15 * REAL_DESK_CALLS_PER_VILLA_DAY)
    assert 0.3 * calls < orders < 0.5 * calls  # two calls in five are repairs
    assert callbacks > 0.8 * orders
    # Numbers from the numbering service (slips, complaints, passes): every series' register
    # of every year complete, no gap.
    per_series = Counter((kind, year) for kind, year, _seq in seqs)
    assert len({kind for kind, _year in per_series}) >= 2
    assert sorted(seqs) == [(kind, year, n) for kind, year in sorted(per_series)
                            for n in range(1, per_series[kind, year] + 1)]

    checked = villa_desk(home, "--database", url, "verify-audit")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Audit log intact" in checked.stdout

