"""The print preview dialog with real PDFs, a real LocalConfig file and (when root) CUPS."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import LocalConfig
from app.printing.forms.dispatch_slip import SlipOptions, render_dispatch_slip
from app.printing.forms.overprint import LP_MEDIA, render_dispatch_slip_overprint
from app.views.print_preview import PrintPreviewDialog
from tests.printing.conftest import NUMBER, CupsQueue, make_slip, pdf_text

FORM = "dispatch-slip"


class Rerender:
    """A real renderer that also remembers how it was called."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, object]]] = []

    def __call__(self, mode: str, *, paper: str = "A5",
                 offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
        self.calls.append((mode, {"paper": paper, "offset_mm": offset_mm}))
        if mode == "overprint":
            return render_dispatch_slip_overprint(make_slip(), offset_mm=offset_mm)
        return render_dispatch_slip(make_slip(), SlipOptions(paper=paper))


@pytest.fixture
def no_cups(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nobody.sock"))


@pytest.fixture
def config(tmp_path: Path) -> LocalConfig:
    return LocalConfig.load(tmp_path / "desk" / "config.json")


def open_dialog(qtbot: QtBot, config: LocalConfig, rerender: Rerender | None = None,
                **kwargs: object) -> PrintPreviewDialog:
    pdf = render_dispatch_slip(make_slip(), SlipOptions())
    dialog = PrintPreviewDialog(pdf, f"派工单 {NUMBER}", FORM, config, rerender, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_shows_all_four_copies(qtbot: QtBot, config: LocalConfig, no_cups: None) -> None:
    dialog = open_dialog(qtbot, config)
    qtbot.waitUntil(lambda: dialog.page_count() == 4)
    assert dialog.findChild(type(dialog.view), "pdfView") is dialog.view
    assert not dialog.mode_combo.isEnabled()  # nothing to re-render with


def test_without_printers_says_so_and_print_fails_politely(qtbot: QtBot, config: LocalConfig,
                                                           no_cups: None) -> None:
    dialog = open_dialog(qtbot, config)
    assert dialog.printer_combo.count() == 0
    assert not dialog.print_button.isEnabled()
    assert dialog.error_label.text()
    with qtbot.assertNotEmitted(dialog.printed):
        assert dialog.print_now() is None
    assert dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()


def test_switching_mode_rerenders_and_remembers(qtbot: QtBot, config: LocalConfig,
                                                no_cups: None) -> None:
    rerender = Rerender()
    dialog = open_dialog(qtbot, config, rerender)
    assert rerender.calls == []  # the PDF given is already the plain A5 one
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("overprint"))
    assert rerender.calls[-1][0] == "overprint"
    qtbot.waitUntil(lambda: dialog.page_count() == 1)
    assert dialog.media() == LP_MEDIA
    assert dialog.offset_x.isVisible() and not dialog.paper_combo.isEnabled()
    reloaded = LocalConfig.load(config.path)
    assert reloaded.print_preference(FORM)["mode"] == "overprint"

    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("plain"))
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("A4"))
    assert rerender.calls[-1] == ("plain", {"paper": "A4", "offset_mm": (0.0, 0.0)})
    qtbot.waitUntil(lambda: dialog.page_count() == 4)
    assert dialog.media() == "A4"
    assert not dialog.offset_x.isVisible()
    assert LocalConfig.load(config.path).print_preference(FORM) == {
        "mode": "plain", "paper": "A4"}


def test_reopening_restores_mode_and_paper(qtbot: QtBot, config: LocalConfig,
                                           no_cups: None) -> None:
    config.set_print_preference(FORM, mode="plain", paper="A4")
    rerender = Rerender()
    dialog = open_dialog(qtbot, config, rerender)
    assert dialog.paper == "A4"
    assert rerender.calls == [("plain", {"paper": "A4", "offset_mm": (0.0, 0.0)})]


def test_rerender_taking_only_mode_is_supported(qtbot: QtBot, config: LocalConfig,
                                                no_cups: None) -> None:
    modes: list[str] = []

    def rerender(mode: str) -> bytes:
        modes.append(mode)
        return render_dispatch_slip_overprint(make_slip())

    dialog = open_dialog(qtbot, config, rerender)  # type: ignore[arg-type]
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("overprint"))
    assert modes == ["overprint"]


def test_save_pdf_writes_the_shown_bytes(qtbot: QtBot, config: LocalConfig, tmp_path: Path,
                                         no_cups: None) -> None:
    dialog = open_dialog(qtbot, config)
    target = tmp_path / "slip.pdf"
    assert dialog.save_pdf(target)
    assert target.read_bytes() == dialog.pdf
    assert not dialog.save_pdf(tmp_path / "missing-dir" / "slip.pdf")
    assert dialog.error_label.text()


@pytest.mark.cups
def test_prints_to_the_cups_queue_and_remembers_it(qtbot: QtBot, config: LocalConfig,
                                                   cups_queue: CupsQueue) -> None:
    dialog = open_dialog(qtbot, config, Rerender())
    items = [dialog.printer_combo.itemText(i) for i in range(dialog.printer_combo.count())]
    assert cups_queue.name in items
    dialog.printer_combo.setCurrentText(cups_queue.name)
    earlier = cups_queue.existing()
    with qtbot.waitSignal(dialog.printed) as signal:
        job = dialog.print_now()
    assert job and signal.args == [job]
    assert job.startswith(cups_queue.name + "-")
    assert not dialog.error_label.text()
    assert NUMBER in pdf_text(cups_queue.wait_for_pdf(ignore=earlier))
    assert LocalConfig.load(config.path).print_preference(FORM)["printer"] == cups_queue.name


@pytest.mark.cups
def test_overprint_offset_is_saved_per_printer(qtbot: QtBot, config: LocalConfig,
                                               cups_queue: CupsQueue) -> None:
    config.set_print_preference(FORM, printer=cups_queue.name, mode="overprint")
    rerender = Rerender()
    dialog = open_dialog(qtbot, config, rerender)
    assert dialog.printer == cups_queue.name
    assert dialog.mode == "overprint"
    dialog.offset_x.setValue(2.5)
    dialog.offset_y.setValue(-1.0)
    qtbot.waitUntil(lambda: rerender.calls[-1][1]["offset_mm"] == (2.5, -1.0))
    assert LocalConfig.load(config.path).printer_offset_mm(cups_queue.name) == (2.5, -1.0)
