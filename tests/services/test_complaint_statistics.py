"""October's figures against a hand-made month of complaints."""

from __future__ import annotations

import datetime as dt

import pytest

from app import i18n
from app.clock import FakeClock
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Category,
    Channel,
    Responsibility,
    Severity,
    Validity,
)
from app.services import complaints
from app.services.complaint_statistics import monthly_statistics, parse_month
from app.services.complaints import ComplaintDraft, HandlingInput
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork


def make_october(receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
                 villas: dict[str, int]) -> None:
    """Five complaints in October 2026, one in September, one voided:
    - 10-08 09:00 A-12 noise, phone, handled 10-08 15:00, visit callback satisfied
    - 10-12 10:00 A-12 noise again (repeat), visit, handled 10-14 11:00 (late for the 1
      working-day response), visit callback unsatisfied
    - 10-15 09:00 B-7 cleaning, letter, invalid, explained 10-15 16:00, not reached
    - 10-20 14:00 A-3 parking, online, open (never handled: overdue)
    - 10-30 09:00 no villa (visitor), attitude, visit, open (still running on 10-31)
    """
    def open_(when: str, villa: str | None, category: Category, channel: Channel,
              **more: object) -> int:
        clock.set(dt.datetime.fromisoformat(when))
        draft = ComplaintDraft(channel=channel, category=category, content="投诉内容",
                               villa_id=villas[villa] if villa else None,
                               location="" if villa else "访客", **more)  # type: ignore[arg-type]
        return complaints.open_complaint(receptionist, draft).id

    def handle(complaint_id: int, when: str) -> None:
        clock.set(dt.datetime.fromisoformat(when))
        complaints.record_handling(receptionist, complaint_id,
                                   HandlingInput("调查", "原因", "措施", "结果"))

    def call(complaint_id: int, when: str, outcome: CallbackOutcome) -> None:
        clock.set(dt.datetime.fromisoformat(when))
        complaints.record_callback(receptionist, complaint_id, CallbackMethod.VISIT, outcome,
                                   "回访记录")

    open_("2026-09-29 09:00", "B-7", Category.NOISE, Channel.PHONE)
    first = open_("2026-10-08 09:00", "A-12", Category.NOISE, Channel.PHONE)
    complaints.classify(supervisor, first, responsibility=Responsibility.PROPERTY,
                        validity=Validity.VALID)
    handle(first, "2026-10-08 15:00")
    call(first, "2026-10-09 09:00", CallbackOutcome.SATISFIED)
    second = open_("2026-10-12 10:00", "A-12", Category.NOISE, Channel.VISIT)
    complaints.classify(supervisor, second, severity=Severity.SERIOUS, reason="重复投诉")
    handle(second, "2026-10-14 11:00")
    call(second, "2026-10-14 16:00", CallbackOutcome.UNSATISFIED)
    third = open_("2026-10-15 09:00", "B-7", Category.CLEANING, Channel.LETTER)
    complaints.classify(supervisor, third, validity=Validity.INVALID)
    handle(third, "2026-10-15 16:00")
    call(third, "2026-10-16 10:00", CallbackOutcome.NOT_REACHED)
    open_("2026-10-20 14:00", "A-3", Category.PARKING, Channel.ONLINE)
    open_("2026-10-30 09:00", None, Category.ATTITUDE, Channel.VISIT)
    voided = open_("2026-10-30 10:00", "A-3", Category.OTHER, Channel.PHONE)
    complaints.void_complaint(supervisor, voided, "登记错误")
    clock.set(dt.datetime(2026, 10, 31, 12, 0))


def test_october_figures(receptionist: UnitOfWork, supervisor: UnitOfWork, clock: FakeClock,
                         villas: dict[str, int]) -> None:
    make_october(receptionist, supervisor, clock, villas)
    i18n.set_locale("en")  # the labels as the source names them
    stats = monthly_statistics(supervisor, 2026, 10)
    assert stats.total == 5 and stats.repeats == 1
    assert stats.handled == 3  # the unsatisfied one was handled once, then reopened
    assert stats.called_back == 2 and stats.satisfied == 1
    assert round(stats.callback_rate, 3) == 0.667 and stats.satisfaction == 0.5
    assert dict(stats.by_category) == {"Noise": 2, "Cleanliness": 1, "Parking": 1,
                                       "Staff attitude": 1}
    tables = {t.key: dict((r[0], r[1:]) for r in t.rows) for t in stats.tables}
    assert tables["channel"] == {"Phone": (1,), "Visit": (2,), "Letter": (1,),
                                 "Online": (1,)}
    assert tables["severity"] == {"General": (4,), "Serious": (1,)}
    assert tables["validity"] == {"Valid": (1,), "Invalid": (1,),
                                  "Not yet decided": (3,)}
    assert tables["zone"] == {"湖畔区": (3,), "林溪区": (1,), "Not a villa": (1,)}
    # The 1-working-day response: the first (same day) and third on time; the second
    # (10-12 → 10-14) late; the fourth never answered (overdue); the fifth still running.
    respond = tables["on_time"]["Responsible department responds to a complaint"]
    assert respond == (2, 4, "50.0%")
    trend = dict(stats.trend)
    assert trend["2026-09"] == 1 and trend["2026-10"] == 5 and trend["2025-11"] == 0
    assert len(trend) == 12


def test_only_reports_staff_read_them_and_a_month_is_typed_plainly(
        receptionist: UnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        monthly_statistics(receptionist, 2026, 10)
    assert parse_month(" 2026-10 ") == (2026, 10)
    with pytest.raises(ValidationFailed):
        parse_month("2026/13")
