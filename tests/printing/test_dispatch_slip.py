"""The plain dispatch slip, checked with the tools a printer shop would use."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.printing.forms.dispatch_slip import (
    FeeLine,
    SlipOptions,
    format_yuan,
    render_dispatch_slip,
    rmb_upper,
)
from app.services.privacy import mask_phone

from .conftest import (
    MASKED,
    NUMBER,
    PHONE,
    decode_barcodes,
    make_slip,
    page_size_mm,
    pdf_fonts,
    pdf_info,
    pdf_text,
    run,
)

LABELS = ("第一联 业主联", "第二联 财务联", "第三联 客服联", "第四联 工程联")


@pytest.fixture
def plain_pdf(pdf_file) -> Path:
    return pdf_file(render_dispatch_slip(make_slip(), SlipOptions(deterministic=True)))


@pytest.mark.parametrize(("phone", "masked"), [
    ("13812345678", "138****5678"),
    ("0571-88886666", "057******6666"),
    ("88886666", "888*6666"),
    ("1234567", "*****67"),
    ("12", "12"),
    ("", ""),
])
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("amount", "upper"), [
    ("75", "柒拾伍元整"),
    ("120.50", "壹佰贰拾元伍角"),
    ("1005.30", "壹仟零伍元叁角"),
    ("100000", "壹拾万元整"),
    ("10010", "壹万零壹拾元整"),
    ("3.05", "叁元零伍分"),
    ("0.07", "柒分"),
    ("0", "零元整"),
])
def test_rmb_upper(amount: str, upper: str) -> None:
    assert rmb_upper(Decimal(amount)) == upper


def test_format_yuan() -> None:
    assert format_yuan(Decimal("120")) == "¥120.00"
    assert format_yuan(Decimal("1234.5")) == "¥1,234.50"


def test_four_pages_one_per_copy_with_number(plain_pdf: Path) -> None:
    assert pdf_info(plain_pdf)["Pages"] == "4"
    for page, label in enumerate(LABELS, start=1):
        text = pdf_text(plain_pdf, page)
        assert label in text
        assert NUMBER in text
        others = [other for other in LABELS if other != label]
        assert not any(other in text for other in others)


def test_phone_whole_only_on_the_engineering_copy(plain_pdf: Path) -> None:
    # The technician calls ahead from the engineering copy; owner, finance and customer
    # service copies show the masked phone (the default of SLIP_MASKED_COPIES).
    for page in (1, 2, 3):
        text = pdf_text(plain_pdf, page)
        assert MASKED in text
        assert PHONE not in text
    engineering = pdf_text(plain_pdf, 4)
    assert "工程联" in engineering
    assert PHONE in engineering
    assert MASKED not in engineering


def test_fields_and_fee_table_are_printed(plain_pdf: Path) -> None:
    text = pdf_text(plain_pdf, 1)
    for expected in ("翡翠湾别墅会所", "0571-8888 6666", "浙江省杭州市西湖区翡翠湾路1号",
                     "受理时间", "2026-11-24 09:12", "派工时间", "2026-11-24 09:15",
                     "A-12", "二楼主卫", "张伟", "水电", "工程部", "李强", "王丽 (008)",
                     "首问责任人", "预约时间", "2026-11-24 10:00", "预计完成", "完成时间",
                     "更换水龙头阀芯", "¥45.00", "人工费", "¥30.00", "合计", "¥75.00",
                     "柒拾伍元整", "满意", "基本满意", "不满意", "维修人员签字", "业主签字"):
        assert expected in text, expected
    # The content wraps but is all there.
    flat = "".join(text.split())
    assert "主卫洗手盆水龙头漏水，滴水不止，业主要求上午处理。" in flat
    assert "派工单" in flat


def test_every_font_is_embedded(plain_pdf: Path) -> None:
    fonts = pdf_fonts(plain_pdf)
    assert fonts, "no fonts at all?"
    for row in fonts:
        # columns: name type [type...] encoding emb sub uni object-id generation
        assert row[-5] == "yes", f"font not embedded: {' '.join(row)}"
    assert all("WenQuanYi" in row[0] for row in fonts)


def test_barcode_and_qr_decode_to_the_number(plain_pdf: Path, tmp_path: Path) -> None:
    run("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", plain_pdf, tmp_path / "page")
    png = next(tmp_path.glob("page*.png"))
    assert decode_barcodes(png, "code128") == [NUMBER]
    assert decode_barcodes(png, "qrcode") == [NUMBER]


def test_void_slip_says_so_on_every_page(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(
        make_slip(voided=True, void_reason="业主取消报修"), SlipOptions(deterministic=True)))
    for page in range(1, 5):
        text = pdf_text(path, page)
        assert "作废" in text
        assert "业主取消报修" in text


def test_normal_slip_is_neither_void_nor_reprint(plain_pdf: Path) -> None:
    text = pdf_text(plain_pdf)
    assert "补打" not in text
    assert "作废原因" not in text
    assert "作废：" not in text


def test_reprint_is_marked_with_its_count(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(prior_prints=2),
                                         SlipOptions(deterministic=True)))
    for page in range(1, 5):
        assert "补打 第2次" in pdf_text(path, page)


def test_paper_sizes(pdf_file) -> None:
    a5 = pdf_file(render_dispatch_slip(make_slip(), SlipOptions()), "a5.pdf")
    a4 = pdf_file(render_dispatch_slip(make_slip(), SlipOptions(paper="A4")), "a4.pdf")
    assert page_size_mm(a5) == (148.0, 210.0)
    assert page_size_mm(a4) == (210.0, 297.0)
    assert pdf_info(a4)["Pages"] == "4"
    assert NUMBER in pdf_text(a4, 1)


def test_free_slip_and_long_content_still_fit(pdf_file) -> None:
    long_content = "\n".join(["客厅中央空调外机异响，夜间尤其明显，影响休息。"] * 12)
    slip = make_slip(charged=False, fee_lines=(), total=Decimal(0), content=long_content,
                     completed_at=make_slip().received_at)
    path = pdf_file(render_dispatch_slip(slip, SlipOptions(deterministic=True)))
    text = pdf_text(path, 1)
    assert "免费" in text
    assert "客厅中央空调外机异响" in text
    assert "¥75.00" not in text
    assert pdf_info(path)["Pages"] == "4"


def test_many_fee_lines_fold_into_one_row(pdf_file) -> None:
    fees = tuple(FeeLine(f"材料{i}", "个", Decimal(10), Decimal(1), Decimal(10))
                 for i in range(1, 9))
    slip = make_slip(fee_lines=fees, total=Decimal(80))
    path = pdf_file(render_dispatch_slip(slip, SlipOptions(deterministic=True)))
    text = pdf_text(path, 1)
    assert "材料4" in text and "材料5" not in text
    assert "其余4项" in "".join(text.split()) and "¥40.00" in text
    assert "¥80.00" in text and "捌拾元整" in text
    assert "未完" not in text


def test_overlong_content_is_cut_visibly(pdf_file) -> None:
    content = "\n".join(f"第{i}行：客厅中央空调外机异响，夜间尤其明显。" for i in range(1, 41))
    path = pdf_file(render_dispatch_slip(make_slip(content=content),
                                         SlipOptions(deterministic=True)))
    flat = "".join(pdf_text(path, 1).split())
    assert "第1行" in flat and "第40行" not in flat
    assert "未完，详见系统记录" in flat
    assert pdf_info(path)["Pages"] == "4"


def test_custom_copy_labels_and_masking(pdf_file) -> None:
    options = SlipOptions(copy_labels=("甲联", "乙联", "丙联", "丁联"),
                          masked_copies=frozenset(), deterministic=True)
    path = pdf_file(render_dispatch_slip(make_slip(), options))
    for page, label in enumerate(("甲联", "乙联", "丙联", "丁联"), start=1):
        text = pdf_text(path, page)
        assert label in text
        assert PHONE in text


def test_slip_stays_small(plain_pdf: Path) -> None:
    # A subset font keeps four pages well under what a full 5 MB CJK font would cost.
    assert plain_pdf.stat().st_size < 90_000
