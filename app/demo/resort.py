"""Builds the demo resort: villas, households with owners, family and tenants, staff."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from app.models.households import (
    Household,
    HouseholdRole,
    IdDocType,
    Occupancy,
    Person,
    Villa,
)
from app.models.roster import RosterMember
from app.models.staff import Role, Staff
from app.models.work_orders import Department
from app.services.auth import hash_password
from app.services.uow import UnitOfWork

from .names import SURNAMES, mobile, person_name

ZONES = {"A": "湖畔区", "B": "林溪区", "C": "山景区", "D": "花园区"}

#: Demo staff: 工号, name, role. Every demo account's password is DEMO_PASSWORD.
DEMO_STAFF = (
    ("001", "陈建国", Role.MANAGER),
    ("002", "刘慧敏", Role.SUPERVISOR),
    ("008", "王丽", Role.RECEPTIONIST),
    ("009", "赵婷", Role.RECEPTIONIST),
    ("011", "孙晓燕", Role.RECEPTIONIST),
)
DEMO_PASSWORD = "123456"

#: Villa type per zone and its usual floor area in m² (low, high).
ZONE_TYPES = {"A": ("独栋", 380, 620), "B": ("双拼", 260, 360), "C": ("独栋", 420, 760),
              "D": ("联排", 180, 260)}

#: Who receives the slips. The engineers are the names the demo's work orders were sent to.
DEMO_ROSTER = (
    ("李强", Department.ENGINEERING), ("王师傅", Department.ENGINEERING),
    ("张建军", Department.ENGINEERING), ("刘师傅", Department.ENGINEERING),
    ("陈志刚", Department.ENGINEERING), ("赵海涛", Department.ENGINEERING),
    ("周桂芳", Department.CLEANING), ("吴秀兰", Department.CLEANING),
    ("郑立新", Department.SECURITY), ("黄志伟", Department.SECURITY),
    ("马国栋", Department.SECURITY),
)


@dataclass(frozen=True)
class ResortSummary:
    villas: int
    households: int
    people: int
    staff: int


def _id_number(rng: random.Random, born: dt.date) -> str:
    body = f"330106{born:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def build_resort(uow: UnitOfWork, villas: int = 240, seed: int = 2026,
                 with_staff: bool = True) -> ResortSummary:
    """Fill an empty database with a resort of ``villas`` villas (4 zones)."""
    rng = random.Random(seed)
    # Types, areas and the roster draw from their own stream, so the households stay the same.
    shape = random.Random(seed + 1)
    today = uow.clock.now().date()
    people_count = households_count = 0
    per_zone = -(-villas // len(ZONES))
    with uow.transaction() as session:
        if with_staff:
            hashed = hash_password(DEMO_PASSWORD)
            for agent_no, name, role in DEMO_STAFF:
                session.add(Staff(agent_no=agent_no, name=name, role=role, active=True,
                                  password_hash=hashed, failed_logins=0,
                                  created_at=uow.clock.now()))
        for name, department in DEMO_ROSTER:
            session.add(RosterMember(name=name, department=department, active=True,
                                     phone=mobile(shape)))
        made = 0
        for zone, zone_name in ZONES.items():
            for n in range(1, per_zone + 1):
                if made >= villas:
                    break
                made += 1
                roll = rng.random()
                occupancy = (Occupancy.OCCUPIED if roll < 0.72 else Occupancy.RENTED
                             if roll < 0.84 else Occupancy.VACANT if roll < 0.93
                             else Occupancy.RENOVATING if roll < 0.97 else Occupancy.UNSOLD)
                kind, low, high = ZONE_TYPES[zone]
                villa = Villa(number=f"{zone}-{n}", zone=zone_name, occupancy=occupancy, note="",
                              villa_type=kind, retire_reason="",
                              area=Decimal(shape.randrange(low * 10, high * 10)) / 10)
                session.add(villa)
                if occupancy == Occupancy.UNSOLD:
                    continue
                moved_in = today - dt.timedelta(days=rng.randrange(200, 3600))
                household = Household(villa=villa, moved_in_on=moved_in, active=True)
                session.add(household)
                households_count += 1
                surname = rng.choice(SURNAMES)
                husband = rng.random() < 0.6
                owner_born = dt.date(rng.randrange(1955, 1988), rng.randrange(1, 13),
                                     rng.randrange(1, 29))
                members = [(person_name(rng, not husband, surname), HouseholdRole.OWNER, "")]
                if rng.random() < 0.85:
                    members.append((person_name(rng, husband), HouseholdRole.FAMILY, "配偶"))
                for _ in range(rng.randrange(0, 3)):
                    members.append((person_name(rng, None, surname), HouseholdRole.FAMILY, "子女"))
                if occupancy == Occupancy.RENTED:
                    members.append((person_name(rng), HouseholdRole.TENANT, ""))
                for name, role, relation in members:
                    tenant = role == HouseholdRole.TENANT
                    lease_start = today - dt.timedelta(days=rng.randrange(30, 500))
                    session.add(Person(
                        household=household, name=name, role=role, relation=relation,
                        phone=mobile(rng) if role != HouseholdRole.FAMILY or rng.random() < 0.6
                        else "",
                        phone2="", id_doc_type=IdDocType.RESIDENT_ID,
                        id_doc_number=_id_number(rng, owner_born),
                        lease_start=lease_start if tenant else None,
                        lease_end=lease_start + dt.timedelta(days=730) if tenant else None,
                        active=True,
                    ))
                    people_count += 1
    return ResortSummary(villas, households_count, people_count,
                         len(DEMO_STAFF) if with_staff else 0)


def add_household(uow: UnitOfWork, number: str, zone: str,
                  people: list[tuple[str, HouseholdRole, str, str]],
                  occupancy: Occupancy = Occupancy.OCCUPIED) -> int:
    """One villa with its household: (name, role, relation, phone) per person. Returns villa id."""
    with uow.transaction() as session:
        villa = Villa(number=number, zone=zone, occupancy=occupancy, note="")
        household = Household(villa=villa, moved_in_on=dt.date(2019, 5, 1), active=True)
        session.add_all([villa, household])
        for name, role, relation, phone in people:
            session.add(Person(household=household, name=name, role=role, relation=relation,
                               phone=phone, phone2="", id_doc_number="", active=True))
        session.flush()
        return villa.id
