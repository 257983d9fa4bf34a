"""Bench figures of the mail register (``make bench``; see scripts/bench.py).

On the ten-year database (≈400,000 items): registering one scanned item — the whole service
call, with its duplicate-scan check, the audit entry and the commit — as the desk does it
twenty times a minute; a pick-up of two items signed on the pad; the waiting households
and the handover's unclaimed list, read on every refresh of the tab; the day's register
sheet. The items registered here are real desk actions in the bench's database (picked up
again at the end, so the shelf is as it was).

    python -m scripts.bench_mail DATABASE   # on a database built before, e.g. by the demo
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from sqlalchemy import func, select

from app.models.households import Household
from app.models.mail import CollectorKind, MailItem, MailKind
from app.services import mail, mail_notices, mail_pickup, mail_queries, mail_sheets
from app.services.mail import MailDraft
from app.services.mail_pickup import PickupDraft
from app.services.uow import UnitOfWork
from scripts.bench_figures import Figure, at_most, p95

RUNS = 60
REGISTER_TARGET_MS = 15.0
READ_TARGET_MS = 30.0
#: A signature as the pad stores it is a few kilobytes of PNG; its size is what matters.
SIGNATURE = b"\x89PNG\r\n\x1a\n" + bytes(6000)


def _p95_of(fn: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return p95(samples)


def measure(uow: UnitOfWork) -> list[Figure]:
    rng = random.Random(11)
    with uow.read() as session:
        total = session.scalar(select(func.count()).select_from(MailItem)) or 0
        villas = list(session.scalars(select(Household.villa_id).where(
            Household.active.is_(True)).order_by(Household.villa_id).limit(40)))
    villa_id = villas[0]
    registered: list[int] = []

    def scan() -> None:
        number = f"SF{rng.randrange(10**13):013d}"
        registered.append(mail.register_item(uow, MailDraft(
            villa_id, number, MailKind.COURIER, shelf="A1")).id)

    scan()  # warm-up: statements compiled, pages cached
    register_ms = _p95_of(scan, RUNS)
    figures = [
        Figure("mail items in the ten-year database", total, "rows", None, "≈ 400,000",
               300_000 <= total <= 500_000),
        at_most(f"Mail: register one scanned item, service call with audit (p95 of {RUNS})",
                register_ms, "ms", REGISTER_TARGET_MS),
    ]
    owner = next(s for s in mail_pickup.signers_for_villa(uow, villa_id)
                 if s.kind == CollectorKind.OWNER)
    pairs = [tuple(registered[i:i + 2]) for i in range(0, len(registered) - 1, 2)]

    def hand_over() -> None:
        mail_pickup.pick_up(uow, PickupDraft(pairs.pop(), CollectorKind.OWNER,
                                             person_id=owner.person_id,
                                             signature_png=SIGNATURE))

    figures.append(at_most("Mail: pick-up of two items signed on the pad (p95 of 20)",
                           _p95_of(hand_over, 20), "ms", READ_TARGET_MS))
    while pairs:  # the rest leave the shelf too: the bench leaves it as it found it
        hand_over()
    waiting = {r.id for r in mail_queries.waiting_for_villa(uow, villa_id)}
    rest = tuple(i for i in registered if i in waiting)
    if rest:
        mail_pickup.pick_up(uow, PickupDraft(rest, CollectorKind.OWNER,
                                             person_id=owner.person_id, signed_on_paper=True))
    figures.append(at_most("Mail: waiting households with attempts, the tab's panel (p95)",
                           _p95_of(lambda: mail_notices.waiting_households(uow), 20), "ms",
                           READ_TARGET_MS))
    figures.append(at_most("Mail: unclaimed items for the shift handover (p95)",
                           _p95_of(lambda: mail_queries.unclaimed_items(uow), 20), "ms",
                           READ_TARGET_MS))
    figures.append(at_most("Mail: waiting count (p95)",
                           _p95_of(lambda: mail_queries.waiting_count(uow), 20), "ms",
                           READ_TARGET_MS))
    day = uow.clock.now().date() - dt.timedelta(days=1)
    figures.append(at_most(f"Mail: the day's register sheet {day} as PDF (p95 of 5)",
                           _p95_of(lambda: mail_sheets.register_sheet_pdf(uow, day), 5), "ms",
                           1000))
    return figures


def main(argv: list[str]) -> int:
    """Run on a database file as the demo's supervisor and print the figures."""
    from app.bootstrap import open_database
    from app.demo.resort import DEMO_PASSWORD
    from app.services.auth import login

    opened = open_database(f"sqlite:///{argv[0]}")
    uow = opened.uow.as_actor(login(opened.uow, "002", DEMO_PASSWORD))
    for figure in measure(uow):
        mark = {True: "met", False: "NOT met", None: ""}[figure.met]
        print(f"{figure.value:10.2f} {figure.unit:5} {mark:8} {figure.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
