"""What the slip carries beyond the request: the caller's special requirements, the work
done and the owner's ratings, on every copy, plain and 套打, never outside their boxes."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path

from app.printing.forms.dispatch_slip import SlipOptions, render_dispatch_slip
from app.printing.forms.overprint import FIELDS, render_dispatch_slip_overprint

from .conftest import MASKED, PHONE, make_slip, pdf_info, pdf_text, run

PT_PER_MM = 72 / 25.4
NEEDS = "上门前先电话联系；家中有宠物"
LONG_NEEDS = "；".join(["上门前先电话联系", "家中有宠物（大型犬），请业主先把狗关好",
                       "业主腿脚不便，敲门后请多等一会儿", "地下室入口在车库左侧"] * 4)


def flat(text: str) -> str:
    return "".join(text.split())


def lines_with_boxes(path: Path, page: int) -> list[tuple[str, float, float]]:
    """Each text line of a page with its top and bottom in mm from the top edge."""
    html = run("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), path, "-")
    out = []
    for block in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                            r'yMax="([\d.]+)">(.*?)</line>', html, re.S):
        y0, y1, inner = block
        words = "".join(unescape(w) for w in re.findall(r">([^<]*)</word>", inner))
        out.append((words, float(y0) / PT_PER_MM, float(y1) / PT_PER_MM))
    return out


def test_special_requirements_on_every_copy(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(special_requirements=NEEDS),
                                         SlipOptions(deterministic=True)))
    for page in range(1, 5):
        text = flat(pdf_text(path, page))
        assert "特殊要求" in text
        assert NEEDS in text


def test_no_special_requirements_no_box(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(), SlipOptions(deterministic=True)))
    assert "特殊要求" not in pdf_text(path, 1)


def test_long_special_requirements_wrap_inside_their_box(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(special_requirements=LONG_NEEDS),
                                         SlipOptions(deterministic=True)))
    assert pdf_info(path)["Pages"] == "4"
    lines = lines_with_boxes(path, 1)
    caption = next(y for text, y, _ in lines if text == "特殊要求")
    done = next(y for text, y, _ in lines if text == "维修情况")
    needs = [(y0, y1) for text, y0, y1 in lines if "电话联系" in text or "宠物" in text]
    assert len(needs) >= 2, "the requirements should wrap onto several lines"
    content_box_top = next(y for text, y, _ in lines if "主卫洗手盆" in text)
    for y0, y1 in needs:
        # Below the request and above the work-done box: inside their own box.
        assert content_box_top < y0 and y1 < done, (y0, y1, done)
    assert abs(caption - needs[0][0]) < 12


def test_work_done_and_ratings_after_the_callback(pdf_file) -> None:
    slip = make_slip(completed_at=datetime(2026, 11, 24, 11, 30),
                     completion_note="更换阀芯一个，试水无渗漏", quality="满意",
                     attitude="基本满意", satisfaction="满意", prior_prints=1)
    path = pdf_file(render_dispatch_slip(slip, SlipOptions(deterministic=True)))
    for page in range(1, 5):
        text = pdf_text(path, page)
        assert "更换阀芯一个，试水无渗漏" in flat(text)
        assert "2026-11-24 11:30" in text
        # The tick stands before the chosen rating in each of the three rows.
        ticks = re.findall(r"✓\s*(\S+)", text)
        assert ticks == ["满意", "满意", "基本满意"], ticks


def test_blank_slip_has_no_ticks(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(), SlipOptions(deterministic=True)))
    assert "✓" not in pdf_text(path)


def test_overprint_carries_the_special_requirements(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip_overprint(make_slip(special_requirements=NEEDS)))
    text = flat(pdf_text(path))
    assert "【特殊要求】" + NEEDS in text
    assert "主卫洗手盆水龙头漏水" in text


def test_overprint_keeps_the_requirements_when_the_request_is_too_long(pdf_file) -> None:
    content = "".join(f"第{i}处：客厅中央空调外机异响，夜间尤其明显。" for i in range(1, 30))
    path = pdf_file(render_dispatch_slip_overprint(
        make_slip(content=content, special_requirements=NEEDS)))
    text = flat(pdf_text(path))
    assert "【特殊要求】" + NEEDS in text
    assert "第1处" in text and "第29处" not in text
    assert "内容未完" in text
    # Nothing runs below the content lines into the charge row of the paper form.
    _x, charge_baseline, _w = FIELDS["charged_yes"]
    html = run("pdftotext", "-bbox", path, "-")
    for y1, word in re.findall(r'yMax="([\d.]+)">([^<]*)<', html):
        if "宠物" in word or "空调" in word:
            assert float(y1) / PT_PER_MM < charge_baseline - 3, word


def test_overprint_phone_follows_the_same_setting(pdf_file) -> None:
    # One impression reaches every carbon part: masked while any copy is to be masked
    # (the default), whole when the site masks none.
    masked = pdf_text(pdf_file(render_dispatch_slip_overprint(make_slip()), "a.pdf"))
    assert MASKED in masked and PHONE not in masked
    whole = pdf_text(pdf_file(render_dispatch_slip_overprint(
        make_slip(), SlipOptions(masked_copies=frozenset())), "b.pdf"))
    assert PHONE in whole


def test_overprint_cuts_overlong_requirements_inside_the_lines(pdf_file) -> None:
    content = "\n".join(f"第{i}行：客厅中央空调外机异响。" for i in range(1, 20))
    path = pdf_file(render_dispatch_slip_overprint(
        make_slip(content=content, special_requirements=LONG_NEEDS * 3)))
    text = flat(pdf_text(path))
    assert "第1行" in text and "【特殊要求】上门前先电话联系" in text
    assert "内容未完" in text
    _x, charge_baseline, _w = FIELDS["charged_yes"]
    html = run("pdftotext", "-bbox", path, "-")
    for y1, word in re.findall(r'yMax="([\d.]+)">([^<]*)<', html):
        if "宠物" in word or "第" in word:
            assert float(y1) / PT_PER_MM < charge_baseline - 3, word


def test_cut_text_on_the_plain_slip_leaves_the_continued_note_its_own_line(pdf_file) -> None:
    path = pdf_file(render_dispatch_slip(make_slip(completion_note="很长的维修说明。" * 60),
                                         SlipOptions(deterministic=True)))
    lines = lines_with_boxes(path, 1)
    note = next((y0, y1) for text, y0, y1 in lines if "未完，详见系统记录" in text)
    for text, _y0, y1 in lines:
        if "维修说明" in text and "未完" not in text:
            assert y1 <= note[0] + 0.3, (text, y1, note)
