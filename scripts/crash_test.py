"""The crash test: the desk's PC switched off at the wall, again and again.

A child process works the desk as fast as it can — calls logged, work orders opened (slip
numbers), dispatched, started, completed, voided, people added to the estate register —
printing each thing only after it committed. The parent kills it with SIGKILL at a random
moment, then checks the database: ``integrity_check``, every reported record present, slip
numbers gapless, the audit check clean (chain, records replayed, seals). Some rounds kill a
backup or a restore half-way instead; then no backup may look finished unless it is whole.

    make crash-test                         # the long form: 120 kills, figures printed
    python -m scripts.crash_test --kills 12 # the short form the test suite runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.uow import UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "123456"  # the demo accounts'


# ---------------------------------------------------------------- the child: a busy desk

def child_desk(url: str, seed: int) -> None:
    from app.bootstrap import open_database
    from app.models.households import HouseholdRole
    from app.models.reception import Channel, EntryClass
    from app.models.work_orders import Department
    from app.services import estate, reception, work_orders
    from app.services.auth import login

    rng = random.Random(seed)
    opened = open_database(url)
    desk = opened.uow.as_actor(login(opened.uow, "002", PASSWORD))  # a supervisor
    villas = [v for v in estate.list_villas(desk) if v.household_id]
    households = [v.household_id for v in villas]

    # Villas with a household, where the release passes of the busy desk are issued.
    pass_villas = [v.id for v in estate.list_villas(desk) if v.household_id]

    def say(*words: object) -> None:
        print(*words, flush=True)

    say("ready")
    while True:
        entry = reception.log_entry(desk, reception.NewEntry(
            Channel.PHONE, EntryClass.REPAIR, "张伟", f"水龙头漏水 {rng.random():.6f}"))
        say("entry", entry.id)
        order = work_orders.open_work_order(desk, work_orders.WorkOrderDraft(
            content=entry.content, department=Department.ENGINEERING, category_id=None,
            entry_id=entry.id))
        say("order", order.id, order.number)
        work_orders.dispatch(desk, order.id, "李强")
        say("state", order.id, "dispatched")
        if rng.random() < 0.15:
            work_orders.void(desk, order.id, "重复报修")
            say("state", order.id, "void")
            continue
        work_orders.start(desk, order.id)
        say("state", order.id, "started")
        work_orders.complete(desk, order.id, "已更换阀芯")
        say("state", order.id, "completed")
        if households and rng.random() < 0.3:
            person = estate.add_person(desk, rng.choice(households), estate.PersonInput(
                name=f"访客{rng.randrange(1000)}", role=HouseholdRole.FAMILY, relation="子女",
                phone="", phone2="", id_doc_type=None, id_doc_number="", lease_start=None,
                lease_end=None, emergency_name="", emergency_phone=""))
            say("person", person)
        if pass_villas and rng.random() < 0.25:
            release_pass_at(desk, rng, rng.choice(pass_villas), say)
        if villas and rng.random() < 0.5:
            parcel_at(desk, rng, rng.choice(villas).id, say)
        if villas and rng.random() < 0.3:
            complaint_at(desk, rng, rng.choice(villas).id, say)


def complaint_at(desk: UnitOfWork, rng: random.Random, villa_id: int,
                 say: Callable[..., None]) -> None:
    """A complaint opened, classified, handled and, most times, called back on a visit and
    closed."""
    from app.models.complaints import (
        CallbackMethod,
        CallbackOutcome,
        Category,
        Channel,
        Responsibility,
        Validity,
    )
    from app.services import complaints

    made = complaints.open_complaint(desk, complaints.ComplaintDraft(
        channel=Channel.PHONE, category=rng.choice(list(Category)), villa_id=villa_id,
        content=f"夜间噪音 {rng.random():.6f}", complainant="张伟"))
    say("complaint", made.id, made.number)
    complaints.classify(desk, made.id, responsibility=Responsibility.PROPERTY,
                        validity=Validity.VALID)
    complaints.record_handling(desk, made.id, complaints.HandlingInput(
        "现场核实", "巡查不到位", "加强巡查", "已处理"))
    say("complaint_state", made.id, "handled")
    if rng.random() < 0.7:
        complaints.record_callback(desk, made.id, CallbackMethod.VISIT,
                                   CallbackOutcome.SATISFIED, "业主满意")
        say("complaint_state", made.id, "closed")


def parcel_at(desk: UnitOfWork, rng: random.Random, villa_id: int,
              say: Callable[..., None]) -> None:
    """A parcel scanned in for a villa and, most times, taken by the owner (signed on the
    paper register)."""
    from app.models.mail import CollectorKind, MailKind
    from app.services import mail, mail_pickup

    item = mail.register_item(desk, mail.MailDraft(
        villa_id, f"SF{rng.randrange(10**13):013d}", MailKind.COURIER, shelf="A1"))
    say("mail", item.id)
    owners = [s for s in mail_pickup.signers_for_villa(desk, villa_id)
              if s.kind == CollectorKind.OWNER]
    if owners and rng.random() < 0.7:
        mail_pickup.pick_up(desk, mail_pickup.PickupDraft(
            (item.id,), CollectorKind.OWNER, person_id=owners[0].person_id,
            signed_on_paper=True))
        say("picked", item.id)


def release_pass_at(desk: UnitOfWork, rng: random.Random, villa_id: int,
                    say: Callable[..., None]) -> None:
    """A release pass issued for the villa's owner (signed on paper) and, most times, its
    gate copy back at once."""
    from app.models.households import IdDocType
    from app.models.release_passes import ApplicantKind, PassReason
    from app.services.release_pass_gate import GateReturn, mark_used
    from app.services.release_passes import (
        Consent,
        PassDraft,
        PassItemInput,
        Signature,
        issue_pass,
    )

    now = desk.clock.now()
    issued = issue_pass(desk, PassDraft(
        villa_id=villa_id, applicant_kind=ApplicantKind.OWNER, applicant_name="张伟",
        id_doc_type=IdDocType.PASSPORT, id_doc_number=f"E{rng.randrange(10**7):07d}",
        phone="13812345678", plate="", valid_from=now, valid_until=now + dt.timedelta(hours=4),
        reason=PassReason.REPLACEMENT, items=(PassItemInput("沙发", 1),)),
        Consent(), Signature(on_paper=True))
    say("pass", issued.id, issued.number)
    if rng.random() < 0.7:
        mark_used(desk, issued.number, GateReturn("李明", now, True))
        say("pass_used", issued.id)


def child_backup(path: str) -> None:
    from app.backups import make_rotated_backup

    folder = Path(path).parent / "backups"
    print("ready", flush=True)
    now = dt.datetime(2026, 12, 2, 8, 0)
    while True:
        now += dt.timedelta(days=1)
        for made in make_rotated_backup(Path(path), [folder], "daily", now):
            print("backup", made, flush=True)


def child_restore(path: str, backup: str) -> None:
    from app.backups import restore

    print("ready", flush=True)
    while True:
        restore(Path(backup), Path(path), dt.datetime.now())
        print("restored", flush=True)


# ---------------------------------------------------------------- the parent: the power cut

@dataclass
class Reported:
    entries: set[int] = field(default_factory=set)
    orders: dict[int, str] = field(default_factory=dict)
    states: dict[int, str] = field(default_factory=dict)
    people: set[int] = field(default_factory=set)
    passes: dict[int, str] = field(default_factory=dict)
    passes_used: set[int] = field(default_factory=set)
    mail: set[int] = field(default_factory=set)
    picked: set[int] = field(default_factory=set)
    complaints: dict[int, str] = field(default_factory=dict)
    complaint_states: dict[int, str] = field(default_factory=dict)
    backups: list[Path] = field(default_factory=list)

    def take(self, line: str) -> None:
        words = line.split()
        if not words:
            return
        if words[0] == "entry":
            self.entries.add(int(words[1]))
        elif words[0] == "order":
            self.orders[int(words[1])] = words[2]
        elif words[0] == "state":
            self.states[int(words[1])] = words[2]
        elif words[0] == "person":
            self.people.add(int(words[1]))
        elif words[0] == "pass":
            self.passes[int(words[1])] = words[2]
        elif words[0] == "pass_used":
            self.passes_used.add(int(words[1]))
        elif words[0] == "mail":
            self.mail.add(int(words[1]))
        elif words[0] == "picked":
            self.picked.add(int(words[1]))
        elif words[0] == "complaint":
            self.complaints[int(words[1])] = words[2]
        elif words[0] == "complaint_state":
            self.complaint_states[int(words[1])] = words[2]
        elif words[0] == "backup":
            self.backups.append(Path(words[1]))


@dataclass
class Round:
    kind: str
    ran_for: float
    committed: int
    check_seconds: float


def prepare(home: Path) -> str:
    os.environ["VILLA_DESK_HOME"] = str(home)
    from app.bootstrap import open_database
    from app.demo.build import build_demo

    url = f"sqlite:///{home / 'villa-desk.sqlite3'}"
    opened = open_database(url)
    build_demo(opened.uow, villas=12, years=0.05)
    opened.engine.dispose()
    return url


def _spawn(args: list[str], home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "VILLA_DESK_HOME": str(home)}
    # stderr to a file: a pipe nobody reads could fill up and stall the child.
    with open(home / "children.stderr", "a", encoding="utf-8") as errors:
        return subprocess.Popen([sys.executable, "-m", "scripts.crash_test", *args],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors,
                                text=True)


def _lines_until_killed(child: subprocess.Popen[str], rng: random.Random,
                        kill_window: tuple[float, float]) -> tuple[list[str], float]:
    assert child.stdout is not None
    with child.stdout:
        first = child.stdout.readline()
        if first.strip() != "ready":
            child.kill()
            child.wait()
            raise RuntimeError("a child did not start; see children.stderr in the data folder")
        started = time.monotonic()
        time.sleep(rng.uniform(*kill_window))
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
    return rest.splitlines(), time.monotonic() - started


def check(url: str, path: Path, reported: Reported) -> list[str]:
    """Everything a power cut must not break; what is broken, in words."""
    from sqlalchemy import select

    from app.backups import backup_folders, check_sqlite_file, list_backups
    from app.bootstrap import open_database
    from app.models.complaints import Complaint
    from app.models.households import Person
    from app.models.mail import MailItem
    from app.models.numbering import NumberedDocument
    from app.models.reception import ReceptionEntry
    from app.models.release_passes import ReleasePass
    from app.models.work_orders import WorkOrder
    from app.services.audit_check import check_audit
    from app.services.audit_seals import database_key, read_seals

    problems: list[str] = []
    with sqlite3.connect(path) as raw:
        integrity = [r[0] for r in raw.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        return [f"integrity_check: {integrity[:3]}"]
    opened = open_database(url)
    try:
        with opened.uow.read() as session:
            entries = set(session.scalars(select(ReceptionEntry.id)))
            orders = {o.id: o for o in session.scalars(select(WorkOrder))}
            people = set(session.scalars(select(Person.id)))
            missing = reported.entries - entries
            if missing:
                problems.append(f"reported calls missing: {sorted(missing)[:5]}")
            for order_id, number in reported.orders.items():
                if order_id not in orders or orders[order_id].number != number:
                    problems.append(f"reported work order {number} missing")
            for order_id, state in reported.states.items():
                order = orders.get(order_id)
                reached = {"dispatched": order and order.dispatched_at,
                           "started": order and order.started_at,
                           "completed": order and order.completed_at,
                           "void": order and order.state.value == "void"}[state]
                if not reached:
                    problems.append(f"work order {order_id} lost its '{state}'")
            items = dict(session.execute(select(MailItem.id, MailItem.pickup_id)).all())
            if reported.mail - set(items):
                problems.append(f"reported parcels missing: {sorted(reported.mail - set(items))}")
            lost = [i for i in reported.picked if items.get(i) is None]
            if lost:
                problems.append(f"reported pick-ups missing: {lost[:5]}")
            passes = dict(session.execute(select(ReleasePass.id, ReleasePass.number)).all())
            for pass_id, number in reported.passes.items():
                if passes.get(pass_id) != number:
                    problems.append(f"reported release pass {number} missing")
            used = set(session.scalars(select(ReleasePass.id).where(
                ReleasePass.used_at.is_not(None))))
            if reported.passes_used - used:
                problems.append(f"release passes lost their gate return: "
                                f"{sorted(reported.passes_used - used)[:5]}")
            complaints = {c.id: c for c in session.scalars(select(Complaint))}
            for complaint_id, number in reported.complaints.items():
                if complaint_id not in complaints or complaints[complaint_id].number != number:
                    problems.append(f"reported complaint {number} missing")
            for complaint_id, state in reported.complaint_states.items():
                kept = complaints.get(complaint_id)
                if kept is None or (state == "handled" and kept.handled_at is None) or (
                        state == "closed" and kept.state.value != "closed"):
                    problems.append(f"complaint {complaint_id} lost its '{state}'")
            if reported.people - people:
                problems.append(f"reported people missing: {sorted(reported.people - people)}")
            series: dict[tuple[str, int], list[int]] = {}
            for doc in session.scalars(select(NumberedDocument)):
                series.setdefault((doc.kind.value, doc.year), []).append(doc.seq)
            for (kind, year), seqs in series.items():
                if sorted(seqs) != list(range(1, len(seqs) + 1)):
                    problems.append(f"{kind} {year} numbers have a gap")
            seals = read_seals(backup_folders(None), database_key(opened.engine))
            audit = check_audit(session, seals)
            problems += [f"audit: {p}" for p in audit.problems]
    finally:
        opened.engine.dispose()
    for backup in list_backups(path.parent / "backups"):
        reason = check_sqlite_file(backup.path)
        if reason:
            problems.append(f"backup {backup.path.name} looks finished but is not: {reason}")
    return problems


def run(kills: int, seed: int = 1, home: Path | None = None) -> list[Round]:
    home = home or Path(tempfile.mkdtemp(prefix="villa-crash-"))
    url = prepare(home)
    path = home / "villa-desk.sqlite3"
    rng = random.Random(seed)
    reported = Reported()
    rounds: list[Round] = []
    for number in range(kills):
        kind = "desk"
        if number % 10 == 4:
            kind = "backup"
        elif number % 10 == 9:
            kind = "restore"
        if kind == "desk":
            child = _spawn(["--child", "desk", url, str(rng.randrange(10**6))], home)
            lines, ran = _lines_until_killed(child, rng, (0.2, 1.5))
        elif kind == "backup":
            child = _spawn(["--child", "backup", str(path)], home)
            lines, ran = _lines_until_killed(child, rng, (0.05, 0.6))
        else:
            from app.backups import write_backup

            fresh = write_backup(path, home / f"fresh-{number}.sqlite3")
            child = _spawn(["--child", "restore", str(path), str(fresh)], home)
            lines, ran = _lines_until_killed(child, rng, (0.05, 0.6))
        for line in lines:
            reported.take(line)
        started = time.monotonic()
        problems = check(url, path, reported)
        rounds.append(Round(kind, ran, len(lines), time.monotonic() - started))
        if problems:
            raise AssertionError(f"after kill {number + 1} ({kind}):\n" + "\n".join(problems))
    return rounds


def summary(rounds: list[Round]) -> dict[str, object]:
    return {
        "kills": len(rounds),
        "kills_by_kind": {k: sum(1 for r in rounds if r.kind == k)
                          for k in ("desk", "backup", "restore")},
        "operations_committed": sum(r.committed for r in rounds),
        "seconds_worked_before_kills": round(sum(r.ran_for for r in rounds), 1),
        "longest_check_seconds": round(max(r.check_seconds for r in rounds), 2),
        "problems": 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        role, *rest = args.child
        {"desk": lambda: child_desk(rest[0], int(rest[1])),
         "backup": lambda: child_backup(rest[0]),
         "restore": lambda: child_restore(rest[0], rest[1])}[role]()
        return 0
    started = time.monotonic()
    result = summary(run(args.kills, args.seed))
    result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
