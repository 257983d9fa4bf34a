"""Two desks on the shared PostgreSQL database: LISTEN/NOTIFY carries which tables changed.

The server is the real one ``tests/postgres/conftest.py`` starts; the other desk is a
second program (``tests/other_desk.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from app.bootstrap import Opened
from app.services.change_feed import CHANNEL, PostgresFeed, everything, open_feed
from app.services.uow import UnitOfWork
from tests.postgres.conftest import PostgresServer
from tests.services.test_change_feed import a_call, other_desk


@pytest.fixture
def feed(opened: Opened, uow: UnitOfWork) -> Iterator[PostgresFeed]:
    made = open_feed(uow)
    assert isinstance(made, PostgresFeed)
    yield made
    made.close()


def test_this_desks_own_commit_is_not_news(
        feed: PostgresFeed, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    feed.poll(timeout=0.2)
    a_call(receptionist, villas["A-12"], "代叫出租车")
    assert feed.poll(timeout=0.5) == frozenset()


def test_the_other_desks_call_and_work_order_arrive_with_their_tables(
        feed: PostgresFeed, pg_database: str, villas: dict[str, int]) -> None:
    other_desk(pg_database, "call:A-12:门口有快递需要代收")
    news = feed.poll(timeout=2)
    assert "reception_entry" in news and "work_order" not in news
    other_desk(pg_database, "order:B-7:卫生间地漏堵塞")
    news = feed.poll(timeout=2)
    assert {"work_order", "numbered_document"} <= news
    assert feed.poll(timeout=0.2) == frozenset()


def test_a_rolled_back_transaction_sends_nothing(
        feed: PostgresFeed, pg_database: str, villas: dict[str, int]) -> None:
    assert other_desk(pg_database, "fail:A-12:没有保存的记录") == ["rolled back"]
    news = feed.poll(timeout=1)
    assert "reception_entry" not in news  # (its sign-in, logged on staff, is news)


def test_the_notification_is_sent_only_when_the_writer_commits(
        pg_database: str, receptionist: UnitOfWork, villas: dict[str, int]) -> None:
    """Watching the channel directly: nothing while the transaction is open, the tables
    (and whose program it was) once it commits, nothing at all after a rollback."""
    with psycopg.connect(pg_database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        with pytest.raises(RuntimeError), receptionist.transaction() as session:
            from app.models.households import Villa

            session.get(Villa, villas["A-3"]).zone = "改名的区"  # type: ignore[union-attr]
            session.flush()
            raise RuntimeError("the save failed")
        assert list(conn.notifies(timeout=0.3)) == []
        a_call(receptionist, villas["A-3"], "空调不制冷")
        notes = list(conn.notifies(timeout=2, stop_after=1))
    assert len(notes) == 1
    _program, tables = notes[0].payload.split(" ", 1)
    assert "reception_entry" in tables.split(",")


def test_a_lost_listening_connection_comes_back_and_refreshes_everything(
        feed: PostgresFeed, postgres_server: PostgresServer, pg_database: str,
        villas: dict[str, int]) -> None:
    """The server dropped the listener (a restart, a network cut): notifications sent
    meanwhile are lost, so the desk refreshes every list once, then listens again."""
    name = pg_database.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server.url(driver=""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND query ILIKE 'LISTEN%%'", (name,))
    polls = [feed.poll(timeout=0.5)]  # the loss is noticed …
    while not polls[-1] and len(polls) < 10:
        polls.append(feed.poll(timeout=0.5))
    assert polls[-1] == everything()  # … and once back, every list is refreshed
    other_desk(pg_database, "call:A-12:门铃坏了")
    assert "reception_entry" in feed.poll(timeout=2)
