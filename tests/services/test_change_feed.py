"""Two desks on one SQLite file: each hears the other's commits, and not its own twice.

The other desk is a real second program (``tests/other_desk.py``) on the same file.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.bootstrap import Opened
from app.models.reception import Channel, EntryClass
from app.services import change_feed, drafts
from app.services.change_feed import SqliteFeed, open_feed
from app.services.reception import EntryRow, NewEntry, log_entry
from app.services.uow import UnitOfWork
from tests.conftest import MORNING

ROOT = Path(__file__).resolve().parents[2]


def other_desk(url: str, *actions: str, when: dt.datetime = MORNING) -> list[str]:
    """Run the other desk's program to the end; what it printed, line by line."""
    done = subprocess.run([sys.executable, "-m", "tests.other_desk", url, when.isoformat(),
                           *actions], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ), check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def url_of(opened: Opened) -> str:
    return opened.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def feed(opened: Opened, uow: UnitOfWork) -> SqliteFeed:
    made = open_feed(uow)
    assert isinstance(made, SqliteFeed)
    yield made
    made.close()


def a_call(receptionist: UnitOfWork, villa_id: int, content: str) -> EntryRow:
    return log_entry(receptionist, NewEntry(Channel.PHONE, EntryClass.HELP, "张伟", content,
                                     villa_id=villa_id, occurred_at=MORNING))


def test_this_desks_own_call_record_is_not_news(
        feed: SqliteFeed, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    feed.poll()
    a_call(receptionist, villas["A-12"], "代叫出租车")
    assert feed.poll() == frozenset()


def test_a_call_logged_at_the_other_desk_is_reported_with_its_table(
        feed: SqliteFeed, opened: Opened, villas: dict[str, int]) -> None:
    assert feed.poll() == frozenset()
    assert other_desk(url_of(opened), "call:A-12:门口有快递需要代收")[0].startswith("call ")
    news = feed.poll()
    assert "reception_entry" in news
    assert "work_order" not in news
    assert feed.poll() == frozenset()  # reported once


def test_own_and_other_commits_in_the_same_second_report_only_the_others_tables(
        feed: SqliteFeed, opened: Opened, receptionist: UnitOfWork,
        villas: dict[str, int]) -> None:
    feed.poll()
    a_call(receptionist, villas["A-3"], "空调不制冷")
    other_desk(url_of(opened), "order:B-7:卫生间地漏堵塞")
    a_call(receptionist, villas["A-3"], "再次来电催促")
    news = feed.poll()
    assert "work_order" in news
    assert "reception_entry" not in news  # only this desk's own records were calls


def test_a_rolled_back_transaction_at_the_other_desk_is_not_news(
        feed: SqliteFeed, opened: Opened, villas: dict[str, int]) -> None:
    feed.poll()
    assert other_desk(url_of(opened), "fail:A-12:没有保存的记录") == ["rolled back"]
    assert "reception_entry" not in feed.poll()  # (its sign-in, logged on staff, is news)


def test_a_rolled_back_own_transaction_leaves_its_entry_ids_to_the_next_writer(
        feed: SqliteFeed, opened: Opened, receptionist: UnitOfWork,
        villas: dict[str, int]) -> None:
    """The ids this desk's failed save would have used go to the other desk's next save."""
    feed.poll()
    with pytest.raises(RuntimeError), receptionist.transaction() as session:
        from app.models.households import Villa

        session.get(Villa, villas["A-3"]).zone = "改名的区"  # type: ignore[union-attr]
        raise RuntimeError("the save failed")
    other_desk(url_of(opened), "call:A-3:水压低")
    assert "reception_entry" in feed.poll()


def test_a_poll_never_waits_for_the_write_lock(
        feed: SqliteFeed, opened: Opened, villas: dict[str, int]) -> None:
    """Another program holds the write lock with an unfinished write: the poll answers at
    once, and hears the write when it is committed."""
    feed.poll()
    writer = sqlite3.connect(feed.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE villa SET zone = '湖畔区' WHERE id = ?", (villas["A-12"],))
        started = time.perf_counter()
        assert feed.poll() == frozenset()
        assert time.perf_counter() - started < 0.1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    other_desk(url_of(opened), "call:A-12:门铃坏了")
    assert "reception_entry" in feed.poll()


def test_an_import_too_large_to_read_reports_every_table(
        feed: SqliteFeed, opened: Opened, villas: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    feed.poll()
    monkeypatch.setattr(change_feed, "SCAN_MAX", 1)
    other_desk(url_of(opened), "call:A-12:一次很大的导入")
    assert feed.poll() == change_feed.everything()


def test_a_bulk_delete_is_among_the_changes_the_listeners_hear(
        receptionist: UnitOfWork) -> None:
    """``session.execute(delete(Draft)…)`` passes no flush; the desk still hears it."""
    heard: list[frozenset[str]] = []
    receptionist.listeners.append(heard.append)
    drafts.save_draft(receptionist, "reception.entry", {"content": "半句话"})
    heard.clear()
    drafts.discard_draft(receptionist, "reception.entry")
    assert heard == [frozenset({"draft"})]


def test_an_in_memory_database_has_no_other_desks(clock) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import open_database

    opened = open_database("sqlite://", clock=clock)
    try:
        feed = open_feed(opened.uow)
        assert feed.poll(timeout=0.01) == frozenset()
        feed.interrupt()
        feed.close()
    finally:
        opened.engine.dispose()
