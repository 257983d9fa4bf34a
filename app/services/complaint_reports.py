"""A complaint's printouts: the handling record (filled or blank) and the letters that
go with its classification. The one place a printout's content is read from a complaint:
the preview, the print and ``villa-desk pdf complaint-record`` all come here."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import validation
from app.i18n import _, fmt_datetime
from app.models.complaints import (
    PUBLIC_CATEGORIES,
    CallbackMethod,
    CallbackOutcome,
    Complaint,
    ComplaintState,
    LetterKind,
    Level,
    Responsibility,
    StepKind,
    Validity,
)
from app.models.households import Villa
from app.models.numbering import NumberedDocument
from app.models.site import Site
from app.printing import pipeline
from app.printing.forms.complaint_letters import LetterData
from app.printing.forms.complaint_monthly import MonthlyReportData, ReportTable
from app.printing.forms.complaint_record import ComplaintRecordData
from app.printing.forms.dispatch_slip import SiteHeader
from app.services import numbering
from app.services.actor import Actor
from app.services.complaint_queries import (
    ComplaintDetail,
    complaint_for,
    detail_of,
    level_since,
)
from app.services.complaint_statistics import (
    MonthlyStatistics,
    month_bounds,
    percent,
    statistics_of,
)
from app.services.complaint_titles import zh
from app.services.errors import Conflict
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork

RECORD_FORM = "complaint-record"


def site_header(session: Session) -> SiteHeader:
    site = session.scalars(select(Site).order_by(Site.id).limit(1)).first()
    return SiteHeader(site.name, site.phone, site.address) if site else SiteHeader("", "", "")


def _t(value: object) -> str:
    return fmt_datetime(value) if value is not None else ""  # type: ignore[arg-type]


def _decided(title: str, by: str, at: object) -> str:
    return f"{title}（{by}，{_t(at)}）" if by else title


def callback_text(d: ComplaintDetail) -> str:
    lines = []
    for s in d.steps:
        if s.kind != StepKind.CALLBACK:
            continue
        text = (f"{_t(s.at)} {zh(CallbackMethod(s.method))} "
                f"{zh(CallbackOutcome(s.new))}，回访人 {s.by}")
        if s.confirmed_by:
            text += f"，确认人 {s.confirmed_by}"
        if s.reason:
            text += f"：{s.reason}"
        lines.append(text)
    return "\n".join(lines)


def history_lines(d: ComplaintDetail) -> list[str]:
    out = []
    for s in d.steps:
        if s.kind == StepKind.ESCALATED and s.level:
            out.append(f"{_t(s.at)} 升级至{zh(Level(s.level))}"
                       + (f"（{s.reason}）" if s.reason else ""))
        elif s.kind == StepKind.REOPENED:
            out.append(f"{_t(s.at)} 回访不满意，重新处理：{s.reason}")
    return out


def record_data(session: Session, c: Complaint, actor: Actor, now: object,
                blank: bool = False) -> ComplaintRecordData:
    d = detail_of(session, c, actor, now)  # type: ignore[arg-type]
    document = session.get(NumberedDocument, c.document_id)
    return ComplaintRecordData(
        site=site_header(session), number=d.number, received_at=_t(d.received_at),
        channel=zh(d.channel), complainant=d.complainant, phone=d.phone,
        villa=" ".join(filter(None, [d.villa_number, d.location])),
        category=zh(d.category), content=d.content, demands=d.demands,
        first_contact=d.first_contact,
        department=" ".join(filter(None, [zh(d.department),
                                          d.responsible_person])),
        responsibility=_decided(zh(d.responsibility), d.responsibility_by,
                                d.responsibility_at) if d.responsibility else "",
        severity=_decided(zh(d.severity), d.severity_by, d.severity_at),
        validity=_decided(zh(d.validity), d.validity_by, d.validity_at)
        if d.validity else "",
        investigation=d.investigation, cause=d.cause, measures=d.measures, result=d.result,
        handled_at=_t(d.handled_at), callback=callback_text(d), closed_at=_t(d.closed_at),
        history=tuple(history_lines(d)), repeat_of=d.repeat_of, void_reason=d.void_reason,
        blank=blank, reprint=document.print_count if document and not blank else 0)


@needs(SIGNED_IN)
def record_pdf(uow: UnitOfWork, complaint_id: int, blank: bool = False,
               deterministic: bool = False) -> bytes:
    """The handling record as it will print (not counted)."""
    with uow.read() as session:
        c = complaint_for(session, complaint_id)
        data = record_data(session, c, uow.actor, uow.clock.now(), blank)
    return pipeline.render(RECORD_FORM, data, deterministic=deterministic)


@needs(SIGNED_IN)
def blank_record_pdf(uow: UnitOfWork, deterministic: bool = False) -> bytes:
    """An empty handling record to fill in by hand (a complaint taken away from the desk)."""
    with uow.read() as session:
        data = ComplaintRecordData(site=site_header(session), blank=True)
    return pipeline.render(RECORD_FORM, data, deterministic=deterministic)


@needs(SIGNED_IN)
def print_record(uow: UnitOfWork, complaint_id: int, printer: str) -> tuple[bytes, int]:
    """Count one print of the filled record; return it and how many prints came before."""
    now = uow.clock.now()
    with uow.transaction() as session:
        c = complaint_for(session, complaint_id)
        data = record_data(session, c, uow.actor, now)
        document = session.get(NumberedDocument, c.document_id)
        assert document is not None
        prior = numbering.record_print(session, document, actor=uow.actor, now=now,
                                       mode="plain", printer=printer)
    return pipeline.render(RECORD_FORM, data), prior


# -- the month's analysis, its Excel export -----------------------------------------------

MONTHLY_FORM = "complaint-monthly"
LETTER_FORM = "complaint-letter"


def monthly_data(session: Session, stats: MonthlyStatistics, actor: Actor,
                 now: dt.datetime) -> MonthlyReportData:
    summary = (f"本月共受理投诉 {stats.total} 起，其中重复投诉 {stats.repeats} 起；"
               f"已处理 {stats.handled} 起，回访到 {stats.called_back} 起"
               f"（回访率 {percent(stats.called_back, stats.handled)}），"
               f"满意 {stats.satisfied} 起"
               f"（满意率 {percent(stats.satisfied, stats.called_back)}）。")
    tables = [ReportTable(t.title, t.headers, t.rows) for t in stats.tables
              if t.key not in ("summary", "trend")]
    return MonthlyReportData(
        site_name=site_header(session).name, month=f"{stats.year}年{stats.month}月",
        summary=summary, by_category=stats.by_category, trend=stats.trend, tables=tables,
        actions=stats.actions, prepared=f"编制：{actor.name}　{now:%Y年%m月%d日}")


@needs(Permission.VIEW_REPORTS)
def monthly_pdf(uow: UnitOfWork, year: int, month: int, deterministic: bool = False) -> bytes:
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    now = uow.clock.now()
    with uow.read() as session:
        stats = statistics_of(session, year, month, now, paper=True)
        data = monthly_data(session, stats, uow.actor, now)
    return pipeline.render(MONTHLY_FORM, data, deterministic=deterministic)


@needs(Permission.VIEW_REPORTS)
def monthly_excel(uow: UnitOfWork, year: int, month: int) -> bytes:
    """The same figures as the monthly report, one sheet per table (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    with uow.read() as session:
        stats = statistics_of(session, year, month, uow.clock.now())
    book = Workbook()
    book.remove(book.active)
    for table in stats.tables:
        sheet = book.create_sheet(title=table.title[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 36
    actions = book.create_sheet(title=_("Corrective actions")[:31])
    actions.append([stats.actions])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- letters -------------------------------------------------------------------------------

# LetterKind lives with the models: the tab decides which letter a complaint calls for
# without loading the letters' ReportLab layout at start-up.


def _facts(d: ComplaintDetail) -> str:
    place = " ".join(filter(None, [d.villa_number, d.location])) or "—"
    return (f"{_t(d.received_at)}，{place}业主/住户通过{zh(d.channel)}投诉"
            f"（{zh(d.category)}）：{d.content}")


def letter_data(session: Session, d: ComplaintDetail, kind: LetterKind) -> LetterData:
    site = site_header(session).name
    if kind == LetterKind.DEVELOPER_REPORT:
        if d.responsibility != Responsibility.DEVELOPER:
            raise Conflict(_("Only a class 2 (developer) complaint is reported to the "
                             "developer."))
        return LetterData(site, "关于业主投诉房屋质量/配套设施问题的书面报告", d.number,
                          "开发商（工程/客户关系部）", (
                              _facts(d), f"业主要求：{d.demands or '—'}",
                              f"管理处调查情况：{d.investigation or '（调查中）'}",
                              "上述问题属开发商房屋质量或配套设施遗留问题（二类投诉），"
                              "请贵司于收到本报告后尽快安排处理，并将处理结果书面回复管理处，"
                              "以便我方向业主回访。"),
                          signature=("管理处（盖章）", "经办人：", "日期："))
    if kind == LetterKind.NOTICE:
        if d.responsibility != Responsibility.EXTERNAL:
            raise Conflict(_("Only a class 3 (outside) complaint is notified to another "
                             "body."))
        return LetterData(site, "业主投诉事项告知函", d.number, "相关单位/部门", (
            _facts(d), f"业主要求：{d.demands or '—'}",
            "该事项涉及管理区域以外的环境或设施（三类投诉），不属本管理处职责范围，"
            "特函告贵单位，请予协调处理，并请于三日内与投诉人联系。"),
            signature=("管理处（盖章）", "经办人：", "日期："))
    if kind == LetterKind.EXPLANATION:
        if d.validity != Validity.INVALID:
            raise Conflict(_("Only an invalid complaint gets an explanation record."))
        return LetterData(site, "无效投诉解释记录", d.number, d.complainant or "投诉人", (
            _facts(d), f"认定：无效投诉（{d.validity_by}，{_t(d.validity_at)}）。",
            f"向投诉人所作解释：{d.result or '（尚未解释）'}",
            f"解释时间：{_t(d.handled_at) or '—'}（规定：认定后一日内解释）。"),
            signature=("解释人：", "投诉人签字：", "日期："))
    level = zh(d.level)
    return LetterData(site, "投诉升级通知", d.number, level, (
        _facts(d), f"严重程度：{zh(d.severity)}。",
        "该投诉已超过处理时限，按规定逐级上报。请于收到本通知后督促处理，"
        "并将处理结果告知客服中心。"),
        headers=("时间", "升级至"), widths_mm=(60, 114),
        rows=[(_t(s.at), zh(Level(s.level))) for s in d.steps
              if s.kind == StepKind.ESCALATED and s.level],
        signature=("客服中心", "日期："))


@needs(SIGNED_IN)
def letter_pdf(uow: UnitOfWork, complaint_id: int, kind: LetterKind,
               deterministic: bool = False) -> bytes:
    with uow.read() as session:
        d = detail_of(session, complaint_for(session, complaint_id), uow.actor,
                      uow.clock.now())
        data = letter_data(session, d, kind)
    return pipeline.render(LETTER_FORM, data, deterministic=deterministic)


@needs(SIGNED_IN)
def escalation_list_pdf(uow: UnitOfWork, deterministic: bool = False) -> bytes:
    """Every open complaint above the specialist, with where it sits since when."""
    now = uow.clock.now()
    with uow.read() as session:
        rows = []
        for c in session.scalars(select(Complaint).where(
                Complaint.state == ComplaintState.OPEN, Complaint.level != Level.SPECIALIST)
                .order_by(Complaint.received_at)):
            rows.append((c.number, _t(c.received_at), zh(c.category),
                         zh(c.severity), zh(c.level),
                         _t(level_since(session, c))))
        data = LetterData(site_header(session).name, "投诉升级清单", f"{now:%Y-%m-%d %H:%M}",
                          paragraphs=("以下投诉已超时并逐级上报，尚未处理完毕。",),
                          headers=("编号", "受理时间", "类别", "程度", "当前层级", "升级时间"),
                          widths_mm=(30, 30, 28, 18, 30, 38), rows=rows,
                          signature=("客服中心",))
    return pipeline.render(LETTER_FORM, data, deterministic=deterministic)


@needs(SIGNED_IN)
def public_summary_pdf(uow: UnitOfWork, year: int, month: int,
                       deterministic: bool = False) -> bytes:
    """公示 by the 30th [001 5.6.3]: the month's common-area, public-interest and
    neighbour-dispute complaints and what was done — no names, phones or villas."""
    validation.enforce(validation.MONTH_SPEC, {"year": year, "month": month})
    first, following = month_bounds(year, month)
    with uow.read() as session:
        found = session.scalars(select(Complaint).where(
            Complaint.received_at >= first, Complaint.received_at < following,
            Complaint.state != ComplaintState.VOID,
            Complaint.category.in_(sorted(PUBLIC_CATEGORIES))).order_by(Complaint.received_at))
        rows = [(f"{c.received_at:%m-%d}", zh(c.category),
                 {ComplaintState.OPEN: "处理中", ComplaintState.HANDLED: "已处理",
                  ComplaintState.CLOSED: "已办结"}.get(c.state, ""),
                 c.measures or "—") for c in found]
        data = LetterData(site_header(session).name, "公共区域及邻里投诉处理情况公示",
                          f"{year}年{month}月",
                          paragraphs=("现将本月公共区域、公共利益及邻里纠纷类投诉的处理情况公示"
                                      "如下，欢迎业主监督。",),
                          headers=("日期", "类别", "状态", "整改措施"),
                          widths_mm=(20, 32, 20, 102), rows=rows,
                          signature=("管理处", f"{year}年{month}月"))
    return pipeline.render(LETTER_FORM, data, deterministic=deterministic)


@needs(Permission.VIEW_REPORTS)
def quarterly_developer_pdf(uow: UnitOfWork, year: int, quarter: int,
                            deterministic: bool = False) -> bytes:
    """The quarter's class 2 (developer-legacy) complaints for the developer [001 5.6.5]."""
    validation.enforce({"year": validation.Number(2000, 2099),
                        "quarter": validation.Number(1, 4)}, {"year": year, "quarter": quarter})
    first, _x = month_bounds(year, quarter * 3 - 2)
    _y, following = month_bounds(year, quarter * 3)
    with uow.read() as session:
        found = session.execute(select(Complaint, Villa.number).outerjoin(
            Villa, Villa.id == Complaint.villa_id).where(
            Complaint.received_at >= first, Complaint.received_at < following,
            Complaint.responsibility == Responsibility.DEVELOPER,
            Complaint.state != ComplaintState.VOID).order_by(Complaint.received_at)).all()
        rows = [(c.number, f"{c.received_at:%Y-%m-%d}", villa or c.location,
                 zh(c.category), c.content,
                 {ComplaintState.OPEN: "未解决", ComplaintState.HANDLED: "已处理待回访",
                  ComplaintState.CLOSED: "已解决"}.get(c.state, "")) for c, villa in found]
        data = LetterData(site_header(session).name, "开发商遗留问题投诉季度报告",
                          f"{year}年第{quarter}季度", "开发商",
                          (f"本季度共受理二类（开发商遗留）投诉 {len(rows)} 起，明细如下。",),
                          headers=("编号", "日期", "别墅", "类别", "内容", "状态"),
                          widths_mm=(28, 22, 16, 22, 62, 24), rows=rows,
                          signature=("管理处（盖章）", "日期："))
    return pipeline.render(LETTER_FORM, data, deterministic=deterministic)
