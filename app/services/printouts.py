"""Rendering a form of an existing record by name: the CLI's ``villa-desk pdf`` and scripts.

Later forms (release passes, mail notices, complaint records) join ``FORMS`` here.
Rendering a file is not a print: nothing is counted, but a slip that was printed before
shows 补打 just as the next paper copy would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from app.i18n import _
from app.printing.forms.overprint import render_overprint_test_page
from app.services.errors import ServiceError
from app.services.permissions import SIGNED_IN, needs
from app.services.uow import UnitOfWork
from app.services.work_order_queries import find_id
from app.services.work_order_slips import register_pdf, slip_pdf

Renderer = Callable[[UnitOfWork, str, str, str, bool], bytes]


def _dispatch_slip(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    if not key:
        raise ServiceError(_("Give the slip number, e.g. PG2026-000123."))
    return slip_pdf(uow, find_id(uow, key), mode, paper=paper, deterministic=fixed)


def _number_register(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", key.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ServiceError(_("Give the month as YYYY-MM, e.g. 2026-11."))
    return register_pdf(uow, int(match.group(1)), int(match.group(2)), deterministic=fixed)


def _daily_record(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.daily_record import daily_record_pdf

    try:
        day = dt.date.fromisoformat(key.strip())
    except ValueError:
        raise ServiceError(_("Give the day as YYYY-MM-DD, e.g. 2026-11-24.")) from None
    return daily_record_pdf(uow, day, deterministic=fixed)


def _release_pass(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.release_pass_printing import pass_pdf
    from app.services.release_pass_queries import find_pass_id

    if not key:
        raise ServiceError(_("Give the pass number, e.g. FX2026-000123."))
    return pass_pdf(uow, find_pass_id(uow, key), mode, paper=paper, deterministic=fixed)


def _mail_notice(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.mail_sheets import render_notice_key

    return render_notice_key(uow, key, fixed)


def _mail_register(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.mail_sheets import register_sheet_pdf

    try:
        day = dt.date.fromisoformat(key.strip())
    except ValueError:
        raise ServiceError(_("Give the day as YYYY-MM-DD, e.g. 2026-11-24.")) from None
    return register_sheet_pdf(uow, day, deterministic=fixed)


def _release_pass_weekly(uow: UnitOfWork, key: str, mode: str, paper: str,
                         fixed: bool) -> bytes:
    from app.services.release_pass_registers import weekly_pdf

    try:
        day = dt.date.fromisoformat(key.strip())
    except ValueError:
        raise ServiceError(_("Give a day of the week as YYYY-MM-DD, e.g. 2026-11-24.")) \
            from None
    return weekly_pdf(uow, day, deterministic=fixed)


def _release_pass_register(uow: UnitOfWork, key: str, mode: str, paper: str,
                           fixed: bool) -> bytes:
    from app.services.release_pass_registers import register_pdf

    match = re.fullmatch(r"(\d{4})-(\d{1,2})", key.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ServiceError(_("Give the month as YYYY-MM, e.g. 2026-11."))
    return register_pdf(uow, int(match.group(1)), int(match.group(2)), deterministic=fixed)


def _mail_label(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.mail_sheets import render_label_key

    return render_label_key(uow, key, fixed)


def _overprint_test_page(uow: UnitOfWork, key: str, mode: str, paper: str,
                         fixed: bool) -> bytes:
    return render_overprint_test_page((0.0, 0.0), deterministic=fixed)


def _complaint_id(uow: UnitOfWork, key: str) -> int:
    from app.services.complaint_queries import find_id as find_complaint

    if not key:
        raise ServiceError(_("Give the complaint number, e.g. TS2026-000123."))
    return find_complaint(uow, key)


def _complaint_record(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    """A filled record; without a number, the blank form to fill in by hand."""
    from app.services.complaint_reports import blank_record_pdf, record_pdf

    if not key:
        return blank_record_pdf(uow, deterministic=fixed)
    return record_pdf(uow, _complaint_id(uow, key), deterministic=fixed)


def _month(key: str) -> tuple[int, int]:
    from app.services.complaint_statistics import parse_month

    return parse_month(key)


def _complaint_monthly(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.complaint_reports import monthly_pdf

    return monthly_pdf(uow, *_month(key), deterministic=fixed)


def _complaint_letter(kind: str) -> Renderer:
    def render(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
        from app.services.complaint_reports import LetterKind, letter_pdf

        return letter_pdf(uow, _complaint_id(uow, key), LetterKind(kind), deterministic=fixed)

    return render


def _complaint_escalations(uow: UnitOfWork, key: str, mode: str, paper: str,
                           fixed: bool) -> bytes:
    from app.services.complaint_reports import escalation_list_pdf

    return escalation_list_pdf(uow, deterministic=fixed)


def _complaint_public(uow: UnitOfWork, key: str, mode: str, paper: str, fixed: bool) -> bytes:
    from app.services.complaint_reports import public_summary_pdf

    return public_summary_pdf(uow, *_month(key), deterministic=fixed)


def _complaint_quarterly(uow: UnitOfWork, key: str, mode: str, paper: str,
                         fixed: bool) -> bytes:
    from app.services.complaint_reports import quarterly_developer_pdf

    match = re.fullmatch(r"(\d{4})-?Q([1-4])", key.strip().upper())
    if not match:
        raise ServiceError(_("Give the quarter as YYYY-Qn, e.g. 2026-Q4."))
    return quarterly_developer_pdf(uow, int(match.group(1)), int(match.group(2)),
                                   deterministic=fixed)


FORMS: dict[str, Renderer] = {
    "dispatch-slip": _dispatch_slip,
    "number-register": _number_register,
    "daily-record": _daily_record,
    "overprint-test-page": _overprint_test_page,
    "complaint-record": _complaint_record,
    "complaint-monthly": _complaint_monthly,
    "complaint-developer-report": _complaint_letter("developer_report"),
    "complaint-notice": _complaint_letter("notice"),
    "complaint-explanation": _complaint_letter("explanation"),
    "complaint-escalation-notice": _complaint_letter("escalation_notice"),
    "complaint-escalation-list": _complaint_escalations,
    "complaint-public-summary": _complaint_public,
    "complaint-quarterly": _complaint_quarterly,
    "release-pass": _release_pass,
    "release-pass-weekly": _release_pass_weekly,
    "release-pass-register": _release_pass_register,
    "mail-notice": _mail_notice,
    "mail-register": _mail_register,
    "mail-label": _mail_label,
}


@needs(SIGNED_IN, note="each form's own action checks what it needs")
def render_printout(uow: UnitOfWork, form: str, key: str = "", *, mode: str = "plain",
                    paper: str = "A5", deterministic: bool = False) -> bytes:
    renderer = FORMS.get(form)
    if renderer is None:
        raise ServiceError(_("Unknown form {form}; known forms: {known}.").format(
            form=form, known=", ".join(FORMS)))
    return renderer(uow, key, mode, paper, deterministic)
