"""《领取邮件通知》: the note put into the owner's mailbox for items long unclaimed
[004 4.6.6]; numbered (YJ…), one page per household, a batch is one PDF of several pages.
A final notice says the items go back to the sender if still not collected."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.printing.fonts import ensure_fonts
from app.printing.forms import STAMP_RED
from app.printing.forms.dispatch_slip import SiteHeader
from app.printing.pipeline import doc_metadata

TITLE = "领取邮件通知"
HEADER_FILL = Color(0.88, 0.88, 0.88)
MARGIN_MM = 12.0
#: Rows listed on the one page; more are summed up in a last row (the desk has the list).
MAX_ROWS = 14


@dataclass(frozen=True)
class NoticeItem:
    received_at: datetime
    kind: str  # the paper's words
    number: str
    count: int
    shelf: str


@dataclass(frozen=True)
class MailNoticeData:
    site: SiteHeader
    number: str  # YJ2026-000012
    villa: str
    owners: str  # "张伟" — who the note is addressed to
    final: bool
    issued_on: date
    items: Sequence[NoticeItem]
    collect_within_days: int = 7
    reprint: bool = False


def _style(size: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"leading": size * 1.45, **extra}
    return ParagraphStyle(f"notice{size}{sorted(extra.items())}", fontName=ensure_fonts(),
                          fontSize=size, wordWrap="CJK", **values)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _items(items: Sequence[NoticeItem]) -> Table:
    cell = _style(8.5, leading=11)
    rows: list[list[Any]] = [["序号", "到达日期", "类别", "邮件编号", "件数"]]
    for n, item in enumerate(items[:MAX_ROWS], start=1):
        rows.append([str(n), item.received_at.strftime("%Y-%m-%d"), _para(item.kind, cell),
                     _para(item.number, cell), str(item.count)])
    if len(items) > MAX_ROWS:
        rest = items[MAX_ROWS:]
        rows.append(["", "", "", _para(f"另有 {len(rest)} 件，详见前台登记", cell),
                     str(sum(i.count for i in rest))])
    widths = [10 * mm, 24 * mm, 22 * mm, 50 * mm, 14 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), ensure_fonts(), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("BOX", (0, 0), (-1, -1), 0.9, black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (1, -1), "CENTER"),
        ("ALIGN", (4, 1), (4, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _page(notice: MailNoticeData) -> list[Any]:
    issued = f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日"
    title = f"{TITLE}（最后通知）" if notice.final else TITLE
    head = f"编号：{notice.number}" + ("　补打" if notice.reprint else "")
    body = (f"尊敬的 {notice.villa} 业主{('（' + notice.owners + '）') if notice.owners else ''}："
            f"\n　　您好！客户服务中心已代收您的下列邮件，至今尚未领取。请于 "
            f"{notice.collect_within_days} 日内携带本通知到会所前台领取。本人或登记在册的"
            "家庭成员、授权代领人签名即可领取；他人代领请出示有效身份证件并登记。")
    story: list[Any] = [
        _para(notice.site.name, _style(13.0, alignment=1)),
        _para(title, _style(15.0, alignment=1,
                            textColor=STAMP_RED if notice.final else black)),
        _para(head, _style(8.5, alignment=2)),
        Spacer(1, 2 * mm),
        _para(body, _style(9.5)),
        Spacer(1, 3 * mm),
        _items(notice.items),
        Spacer(1, 3 * mm),
    ]
    if notice.final:
        story.append(_para("逾期仍未领取的邮件，将按规定退回寄件人，敬请谅解。",
                           _style(9.5, textColor=STAMP_RED)))
        story.append(Spacer(1, 2 * mm))
    contact = "　".join(p for p in (f"前台电话：{notice.site.phone}" if notice.site.phone
                                   else "", notice.site.address) if p)
    story += [
        _para(contact, _style(8.5)),
        Spacer(1, 4 * mm),
        _para(f"客户服务中心　{issued}", _style(9.5, alignment=2)),
    ]
    return story


def render_mail_notices(notices: Sequence[MailNoticeData], *,
                        deterministic: bool = False) -> bytes:
    buffer = io.BytesIO()
    first = notices[0].number if notices else ""
    doc = SimpleDocTemplate(
        buffer, pagesize=A5, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, invariant=1 if deterministic else 0,
        initialFontName=ensure_fonts(), **doc_metadata(f"{TITLE} {first}", TITLE))
    story: list[Any] = []
    for n, notice in enumerate(notices):
        if n:
            story.append(PageBreak())
        story += _page(notice)
    if not story:
        story.append(_para("没有需要发出的领取邮件通知。", _style(10.0)))
    doc.build(story)
    return buffer.getvalue()


def render_form(data: Sequence[MailNoticeData] | MailNoticeData, *,
                deterministic: bool = False) -> bytes:
    notices = [data] if isinstance(data, MailNoticeData) else list(data)
    return render_mail_notices(notices, deterministic=deterministic)
