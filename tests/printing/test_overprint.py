"""套打: data only, on a 241 mm continuous form, shifted by the printer's offset."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from app.printing.forms.dispatch_slip import SlipOptions
from app.printing.forms.overprint import (
    FIELDS,
    TARGETS,
    render_dispatch_slip_overprint,
    render_overprint_test_page,
)

from .conftest import MASKED, NUMBER, PHONE, make_slip, page_size_mm, pdf_info, pdf_text, run

PT_PER_MM = 72 / 25.4


def word_boxes(path: Path) -> dict[str, tuple[float, float, float, float]]:
    """First occurrence of each word with its box in mm from the top-left of page 1."""
    html = run("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-")
    boxes: dict[str, tuple[float, float, float, float]] = {}
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    for x0, y0, x1, y1, word in re.findall(pattern, html):
        boxes.setdefault(unescape(word), tuple(float(v) / PT_PER_MM for v in (x0, y0, x1, y1)))
    return boxes


def test_overprint_page_is_241_by_140_mm_one_page(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip_overprint(make_slip(), SlipOptions()))
    assert page_size_mm(path) == (241.0, 140.0)
    assert pdf_info(path)["Pages"] == "1"


def test_overprint_prints_data_but_no_captions(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip_overprint(make_slip(prior_prints=1), SlipOptions()))
    text = pdf_text(path)
    for value in (NUMBER, "2026-11-24 09:12", "A-12", "二楼主卫", "张伟", MASKED, "李强",
                  "更换水龙头阀芯", "¥45.00", "¥75.00", "柒拾伍元整", "补打 第1次"):
        assert value in text, value
    assert PHONE not in text
    for caption in ("受理时间", "联系电话", "派工单", "合计", "维修人员签字", "第一联"):
        assert caption not in text, caption


def test_fields_land_where_the_layout_says(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip_overprint(make_slip(), SlipOptions()))
    x, baseline, _width = FIELDS["number"]
    box = word_boxes(path)[NUMBER]
    assert abs(box[0] - x) < 0.5
    assert box[1] < baseline < box[3] + 0.5


def test_offset_shifts_everything(pdf_file) -> None:
    plain = word_boxes(pdf_file(render_dispatch_slip_overprint(make_slip()), "a.pdf"))
    moved = word_boxes(pdf_file(render_dispatch_slip_overprint(
        make_slip(), offset_mm=(4.0, -2.5)), "b.pdf"))
    for word in (NUMBER, "A-12", "¥75.00"):
        assert abs(moved[word][0] - plain[word][0] - 4.0) < 0.1, word
        assert abs(moved[word][1] - plain[word][1] + 2.5) < 0.1, word


def test_unmasked_when_no_copy_is_masked(pdf_file) -> None:
    options = SlipOptions(masked_copies=frozenset())
    path = pdf_file(render_dispatch_slip_overprint(make_slip(), options))
    assert PHONE in pdf_text(path)


def test_void_overprint_says_so(pdf_file) -> None:
    slip = make_slip(voided=True, void_reason="重复报修")
    assert "作废：重复报修" in pdf_text(pdf_file(render_dispatch_slip_overprint(slip)))


def test_calibration_page_shows_targets_fields_and_instructions(pdf_file) -> None:
    path = pdf_file(render_overprint_test_page((1.5, -0.5)))
    assert page_size_mm(path) == (241.0, 140.0)
    text = pdf_text(path)
    assert "套打校准页" in text
    assert "X = +1.5 mm" in text and "Y = -0.5 mm" in text
    assert "新 X 偏移" in text
    for name in FIELDS:
        assert name in text, name
    boxes = word_boxes(path)
    for label, (x, y) in TARGETS.items():
        assert f"{label} ({x:g}, {y:g})" in text
    # The caption of A sits just right of its crosshair, moved by the offset.
    ax, _ay = TARGETS["A"]
    assert abs(boxes["A"][0] - (ax + 2.0 + 1.5)) < 0.3
