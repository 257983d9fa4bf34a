"""Spooling to CUPS: the error paths without a scheduler, and a real job through cups-pdf."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.printing import spool
from app.printing.forms.dispatch_slip import SlipOptions, render_dispatch_slip

from .conftest import (
    NUMBER,
    CupsQueue,
    make_slip,
    page_size_mm,
    pdf_fonts,
    pdf_info,
    pdf_text,
)


@pytest.fixture
def no_scheduler(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A socket nobody listens on: the CUPS clients are present but find no scheduler.
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nobody.sock"))


@pytest.fixture
def no_cups_clients(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))


def test_no_scheduler_means_no_printers(no_scheduler: None) -> None:
    assert spool.list_printers() == []
    assert spool.default_printer() is None


def test_no_cups_clients_means_no_printers(no_cups_clients: None) -> None:
    assert spool.list_printers() == []
    assert spool.default_printer() is None


def test_print_without_cups_clients_raises_print_error(no_cups_clients: None) -> None:
    with pytest.raises(spool.PrintError, match="CUPS"):
        spool.print_pdf(b"%PDF-1.4\n", "Front")


def test_print_without_scheduler_raises_print_error(no_scheduler: None) -> None:
    with pytest.raises(spool.PrintError) as caught:
        spool.print_pdf(b"%PDF-1.4\n", "Front", title="x")
    assert "Front" in str(caught.value)
    assert caught.value.detail


def test_print_needs_a_printer_and_copies() -> None:
    with pytest.raises(spool.PrintError):
        spool.print_pdf(b"%PDF-1.4\n", "")
    with pytest.raises(spool.PrintError):
        spool.print_pdf(b"%PDF-1.4\n", "Front", copies=0)


@pytest.mark.cups
def test_cups_queue_is_listed(cups_queue: CupsQueue) -> None:
    assert cups_queue.name in spool.list_printers()


@pytest.mark.cups
def test_unknown_queue_is_a_print_error(cups_queue: CupsQueue) -> None:
    with pytest.raises(spool.PrintError) as caught:
        spool.print_pdf(b"%PDF-1.4\n", "NoSuchQueue", title="x")
    assert "NoSuchQueue" in str(caught.value)


@pytest.mark.cups
def test_slip_prints_through_cups_with_vector_text(cups_queue: CupsQueue) -> None:
    pdf = render_dispatch_slip(make_slip(), SlipOptions())
    earlier = cups_queue.existing()
    job = spool.print_pdf(pdf, cups_queue.name, media="A5", title=f"派工单 {NUMBER}")
    assert job.startswith(cups_queue.name + "-")
    out = cups_queue.wait_for_pdf(ignore=earlier)
    assert int(pdf_info(out)["Pages"]) == 4
    assert page_size_mm(out) == pytest.approx((148.0, 210.0), abs=1.0)
    # Text survives the spooler as text in an embedded font, not as a picture of text.
    # (cups-pdf goes through PostScript and Ghostscript, which drops the Unicode map of the
    # CJK subset, so only the ASCII number is still extractable; the glyphs all print.)
    assert NUMBER in pdf_text(out, 3)
    fonts = pdf_fonts(out)
    assert fonts
    assert all(row[-5] == "yes" for row in fonts)
