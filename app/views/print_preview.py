"""The print preview: shows the PDF a form rendered, then spools those same bytes to CUPS.

What the desk previews is exactly what the printer gets: the dialog never re-lays a form
out in Qt, it only displays the pipeline's PDF and hands it to :mod:`app.printing.spool`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import LocalConfig
from app.i18n import _
from app.printing import spool
from app.printing.forms.overprint import LP_MEDIA as OVERPRINT_MEDIA
from app.views.widgets.pdf_pages import PdfPagesView

PLAIN, OVERPRINT = "plain", "overprint"
RERENDER_DELAY_MS = 250


class PrintPreviewDialog(QDialog):
    """Preview a rendered form, pick printer, mode and paper, and print or save it.

    ``rerender(mode, **context)`` is called when the user switches mode or paper (and, for
    overprint, printer or offset); it receives only the keywords among ``paper``,
    ``printer`` and ``offset_mm`` that its signature accepts, so ``rerender(mode)`` works.
    """

    printed = Signal(str)

    def __init__(self, pdf: bytes, title: str, form: str, config: LocalConfig,
                 rerender: Callable[..., bytes] | None = None,
                 parent: QWidget | None = None, *, mode: str = PLAIN, paper: str = "A5",
                 modes: Sequence[str] = (PLAIN, OVERPRINT),
                 papers: Sequence[str] = ("A5", "A4")) -> None:
        super().__init__(parent)
        self.setObjectName("printPreviewDialog")
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        # Fits 1366×768 with a taskbar (buttons on screen); the size is then kept per desk.
        self.resize(760, 680)
        self._title = title
        self._form = form
        self._config = config
        self._rerender = rerender
        self._rerender_keywords = _accepted_keywords(rerender)
        self._pdf = b""
        self._rendered_for: tuple[Any, ...] = (mode, paper)
        self._timer = QTimer(self, singleShot=True, interval=RERENDER_DELAY_MS)
        self._timer.timeout.connect(self._refresh)
        self._build(modes if rerender else (mode,), papers)
        self._restore(mode, paper)
        self.set_pdf(pdf)
        self._refresh()
        self._connect()

    # -- construction -------------------------------------------------------------------
    def _build(self, modes: Sequence[str], papers: Sequence[str]) -> None:
        self.view = PdfPagesView(self)
        self.view.setObjectName("pdfView")

        self.printer_combo = QComboBox(objectName="printerCombo")
        self.mode_combo = QComboBox(objectName="modeCombo")
        mode_names = {PLAIN: _("Plain paper"), OVERPRINT: _("Pre-printed form (overprint)")}
        for mode in modes:
            self.mode_combo.addItem(mode_names.get(mode, mode), mode)
        self.mode_combo.setEnabled(len(modes) > 1)
        self.paper_combo = QComboBox(objectName="paperCombo")
        for paper in papers:
            self.paper_combo.addItem(paper, paper)
        self.offset_x = _offset_box("offsetX")
        self.offset_y = _offset_box("offsetY")
        self.offset_label = QLabel(_("Overprint offset X / Y:"), objectName="offsetLabel")

        self.print_button = QPushButton(_("Print"), objectName="printButton")
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save PDF…"), objectName="saveButton")
        self.close_button = QPushButton(_("Close"), objectName="closeButton")
        self.error_label = QLabel(objectName="errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.status_label = QLabel(objectName="statusLabel")

        controls = QHBoxLayout()
        for caption, widget in ((_("Printer:"), self.printer_combo),
                                (_("Mode:"), self.mode_combo),
                                (_("Paper:"), self.paper_combo)):
            controls.addWidget(QLabel(caption))
            controls.addWidget(widget, 1 if widget is self.printer_combo else 0)
        # Only overprint needs the per-printer offset, so it sits on a row of its own.
        self.offset_row = QWidget(objectName="offsetRow")
        offsets = QHBoxLayout(self.offset_row)
        offsets.setContentsMargins(0, 0, 0, 0)
        offsets.addWidget(self.offset_label)
        offsets.addWidget(self.offset_x)
        offsets.addWidget(self.offset_y)
        offsets.addWidget(QLabel(_("(measure with the calibration page; positive moves "
                                   "right / down)")), 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        for button in (self.save_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.offset_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _restore(self, mode: str, paper: str) -> None:
        prefs = self._config.print_preference(self._form)
        printers = spool.list_printers()
        self.printer_combo.addItems(printers)
        wanted = prefs.get("printer") or spool.default_printer()
        if wanted in printers:
            self.printer_combo.setCurrentText(wanted)
        if not printers:
            self.printer_combo.setPlaceholderText(_("No printer"))
            self.printer_combo.setEnabled(False)
            self.error_label.setText(_("No printer was found. Check that the printer is "
                                       "switched on and installed in the system."))
        _select(self.mode_combo, prefs.get("mode", mode))
        _select(self.paper_combo, prefs.get("paper", paper))
        self._load_offset()
        self._update_controls()

    def _connect(self) -> None:
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)
        self.mode_combo.currentIndexChanged.connect(self._options_changed)
        self.paper_combo.currentIndexChanged.connect(self._options_changed)
        self.offset_x.valueChanged.connect(self._offset_changed)
        self.offset_y.valueChanged.connect(self._offset_changed)
        self.print_button.clicked.connect(self.print_now)
        self.save_button.clicked.connect(self._ask_save)
        self.close_button.clicked.connect(self.reject)

    # -- state --------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    @property
    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    @property
    def printer(self) -> str:
        return self.printer_combo.currentText() if self.printer_combo.count() else ""

    @property
    def offset_mm(self) -> tuple[float, float]:
        return self.offset_x.value(), self.offset_y.value()

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def page_count(self) -> int:
        return self.view.page_count()

    def media(self) -> str:
        return OVERPRINT_MEDIA if self.mode == OVERPRINT else self.paper

    def set_pdf(self, pdf: bytes) -> None:
        """Show new PDF bytes (the ones that will be printed)."""
        self._pdf = pdf
        self.view.set_pdf(pdf)

    # -- reactions ----------------------------------------------------------------------
    def _update_controls(self) -> None:
        overprint = self.mode == OVERPRINT
        self.paper_combo.setEnabled(not overprint and self.paper_combo.count() > 1)
        self.offset_row.setVisible(overprint)
        self.print_button.setEnabled(bool(self.printer))

    def _printer_changed(self) -> None:
        self._load_offset()
        self._save_preferences()
        if self.mode == OVERPRINT:
            self._timer.start()

    def _options_changed(self) -> None:
        self._update_controls()
        self._save_preferences()
        self._refresh()

    def _offset_changed(self) -> None:
        if self.printer:
            x, y = self.offset_mm
            self._config.set_printer_offset_mm(self.printer, x, y)
        self._timer.start()

    def _load_offset(self) -> None:
        x, y = self._config.printer_offset_mm(self.printer) if self.printer else (0.0, 0.0)
        for box, value in ((self.offset_x, x), (self.offset_y, y)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def _refresh(self) -> None:
        """Re-render if what the PDF was made for no longer matches the controls."""
        if self._rerender is None:
            return
        context: dict[str, Any] = {"paper": self.paper, "printer": self.printer,
                                   "offset_mm": self.offset_mm}
        wanted = (self.mode, self.paper) + (
            (self.printer, self.offset_mm) if self.mode == OVERPRINT else ())
        if wanted == self._rendered_for:
            return
        kwargs = {k: v for k, v in context.items() if k in self._rerender_keywords}
        try:
            pdf = self._rerender(self.mode, **kwargs)
        except Exception as exc:  # a form bug must not take the desk down with it
            self.error_label.setText(_("Could not prepare the document: {error}").format(
                error=exc))
            return
        self._rendered_for = wanted
        self.set_pdf(pdf)

    def _save_preferences(self) -> None:
        values: dict[str, Any] = {"mode": self.mode, "paper": self.paper}
        if self.printer:
            values["printer"] = self.printer
        self._config.set_print_preference(self._form, **values)

    # -- actions ------------------------------------------------------------------------
    def print_now(self) -> str | None:
        """Spool the shown PDF; returns the job id, or None after showing why not."""
        self._timer.stop()
        self._refresh()
        self.error_label.clear()
        try:
            job = spool.print_pdf(self._pdf, self.printer, media=self.media(),
                                  title=self._title)
        except spool.PrintError as exc:
            self.error_label.setText(str(exc))
            return None
        self._save_preferences()
        self.status_label.setText(_("Sent to {printer} (job {job}).").format(
            printer=self.printer, job=job))
        self.printed.emit(job)
        return job

    def save_pdf(self, path: Path) -> bool:
        try:
            path.write_bytes(self._pdf)
        except OSError as exc:
            self.error_label.setText(_("Could not save the PDF: {error}").format(
                error=exc.strerror or exc))
            return False
        self.status_label.setText(_("Saved to {path}.").format(path=path))
        return True

    def _ask_save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save PDF"), f"{self._title}.pdf", _("PDF documents (*.pdf)"))
        if name:
            self.save_pdf(Path(name))


def _offset_box(name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(objectName=name)
    box.setRange(-30.0, 30.0)
    box.setSingleStep(0.5)
    box.setDecimals(1)
    box.setSuffix(" mm")
    return box


def _select(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def _accepted_keywords(func: Callable[..., Any] | None) -> frozenset[str]:
    if func is None:
        return frozenset()
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return frozenset()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return frozenset({"paper", "printer", "offset_mm"})
    return frozenset(p.name for p in params if p.kind in (
        inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD))
