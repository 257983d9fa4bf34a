"""One complaint in full beside the list: classifications, deadlines, history."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from app.i18n import _, fmt_datetime
from app.models.complaints import (
    CallbackMethod,
    CallbackOutcome,
    Level,
    Responsibility,
    Severity,
    StepKind,
    Validity,
)
from app.services.complaint_deadlines import DueState
from app.services.complaint_queries import ComplaintDetail, StepRow
from app.services.complaint_titles import (
    category_title,
    channel_title,
    department_title,
    due_title,
    event_title,
    level_title,
    method_title,
    outcome_title,
    responsibility_title,
    severity_title,
    state_title,
    step_title,
    validity_title,
)

RED = "#b71c1c"
AMBER = "#8a5300"
GREY = "#616161"
GREEN = "#2e7d32"
_COLOURS = {DueState.OVERDUE: RED, DueState.SOON: AMBER, DueState.DUE: GREY,
            DueState.MET: GREEN, DueState.LATE: AMBER}


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _when(value: object) -> str:
    return fmt_datetime(value) if value is not None else "—"  # type: ignore[arg-type]


def _decided(title: str, by: str, at: object) -> str:
    if not by:
        return _e(title)
    return f"{_e(title)} <span style='color:{GREY}'>({_e(by)}, {_when(at)})</span>"


_FIELDS: dict[str, tuple[Callable[[], str], Callable[[Any], str], type]] = {
    "responsibility": (lambda: _("Responsibility"), responsibility_title, Responsibility),
    "severity": (lambda: _("Severity"), severity_title, Severity),
    "validity": (lambda: _("Validity"), validity_title, Validity),
}


def step_text(s: StepRow) -> str:
    text = step_title(s.kind)
    if s.kind == StepKind.ESCALATED and s.level:
        text += " → " + level_title(Level(s.level))
    if s.kind == StepKind.CLASSIFIED and s.field in _FIELDS:
        name, title, kind = _FIELDS[s.field]
        old = title(kind(s.old)) if s.old else "—"
        text += f" {name()}: {old} → {title(kind(s.new))}"
    if s.kind == StepKind.CALLBACK:
        text += " " + method_title(CallbackMethod(s.method))
        text += " · " + outcome_title(CallbackOutcome(s.new))
        if s.confirmed_by:
            text += " · " + _("confirmed by {name}").format(name=s.confirmed_by)
    if s.reason:
        text += " · " + s.reason
    return text


def detail_html(d: ComplaintDetail) -> str:
    parts: list[str] = [f"<h3>{_e(d.number)} · {_e(state_title(d.state))} · "
                        f"{_e(level_title(d.level))}</h3>"]
    if d.repeat_of:
        parts.append(f"<p style='color:{RED}'>" + _e(_("Repeat of {number}").format(
            number=d.repeat_of)) + "</p>")
    if d.unknown_years:
        parts.append(f"<p style='color:{AMBER}'>" + _e(_(
            "No holiday schedule for {years}: working days count weekends only.").format(
                years="、".join(str(y) for y in d.unknown_years))) + "</p>")
    if d.escalate_at is not None:
        parts.append(f"<p style='color:{GREY}'>" + _e(_("Goes to the next level at {time} "
                                                        "unless handled.").format(
            time=fmt_datetime(d.escalate_at))) + "</p>")
    rows = [
        (_("Received at"), _when(d.received_at) + " · " + channel_title(d.channel)),
        (_("Villa / complainant"), " ".join(filter(None, [d.villa_number, d.location,
                                                           d.complainant, d.phone])) or "—"),
        (_("Category"), category_title(d.category)),
        (_("Content"), d.content),
        (_("Demands"), d.demands or "—"),
        (_("First contact"), d.first_contact),
        (_("Department"), department_title(d.department) + (
            f" · {d.responsible_person}" if d.responsible_person else "")),
    ]
    table = "".join(f"<tr><td style='color:{GREY}; padding-right:8px'>{_e(k)}</td>"
                    f"<td>{_e(v)}</td></tr>" for k, v in rows)
    classes = [
        (_("Responsibility"), _decided(responsibility_title(d.responsibility)
                                       if d.responsibility else _("Not yet decided"),
                                       d.responsibility_by, d.responsibility_at)),
        (_("Severity"), _decided(severity_title(d.severity), d.severity_by, d.severity_at)),
        (_("Validity"), _decided(validity_title(d.validity) if d.validity
                                 else _("Not yet decided"), d.validity_by, d.validity_at)),
    ]
    table += "".join(f"<tr><td style='color:{GREY}'>{_e(k)}</td><td>{v}</td></tr>"
                     for k, v in classes)
    parts.append(f"<table>{table}</table>")
    if d.result:
        parts.append("<p><b>" + _e(_("Handling")) + "</b><br>" + "<br>".join(
            f"{_e(k)}: {_e(v)}" for k, v in ((_("Investigation"), d.investigation),
                                             (_("Cause"), d.cause),
                                             (_("Measures"), d.measures),
                                             (_("Result"), d.result)) if v) + "</p>")
    lines = []
    for item in d.deadlines:
        colour = _COLOURS[item.state]
        lines.append(f"<span style='color:{colour}'>{_e(event_title(item.event))}: "
                     f"{fmt_datetime(item.due)} · {_e(due_title(item.state))}</span>")
    if lines:
        parts.append("<p><b>" + _e(_("Deadlines")) + "</b><br>" + "<br>".join(lines) + "</p>")
    history = [f"{fmt_datetime(s.at)} {_e(step_text(s))}"
               + (f" <span style='color:{GREY}'>({_e(s.by)})</span>" if s.by else "")
               for s in d.steps]
    parts.append("<p><b>" + _e(_("History")) + "</b><br>" + "<br>".join(history) + "</p>")
    return "".join(parts)
