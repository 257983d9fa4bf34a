"""Shows the pages of a PDF, one under the other, fitted to the width.

Pages are rasterised with PDFium (pypdfium2) rather than Qt's own QtPdf: QtPdf ships only
with a PySide6 release whose bindings leak references to ``None`` and abort a long-running
desk (see tests/views/test_qt_binding.py), and the preview only needs to show what the
pipeline's PDF looks like; printing sends the PDF itself to the spooler.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

#: Re-rasterise only when resizing has paused, not for every pixel of a drag.
RESIZE_DELAY_MS = 120
PAGE_GAP = 12


class PdfPagesView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet("QScrollArea { background: #808080; }")
        self._pdf = b""
        self._page_sizes: list[tuple[float, float]] = []
        self._labels: list[QLabel] = []
        self._shown_width = 0
        self._timer = QTimer(self, singleShot=True, interval=RESIZE_DELAY_MS)
        self._timer.timeout.connect(self._render)
        self._pages = QWidget()
        self._layout = QVBoxLayout(self._pages)
        self._layout.setSpacing(PAGE_GAP)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._pages)

    def set_pdf(self, pdf: bytes) -> None:
        import pypdfium2 as pdfium  # here, not at start: ~70 ms (app/views/warm_up.py)

        self._pdf = pdf
        document = pdfium.PdfDocument(pdf)
        try:
            self._page_sizes = [document.get_page_size(i) for i in range(len(document))]
        finally:
            document.close()
        for label in self._labels:
            label.deleteLater()
        self._labels = []
        for index in range(len(self._page_sizes)):
            label = QLabel(objectName=f"pdfPage{index + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._layout.addWidget(label)
            self._labels.append(label)
        self._shown_width = 0
        self._render()

    def page_count(self) -> int:
        return len(self._page_sizes)

    def page_image(self, index: int) -> QImage:
        """The page as currently shown (for tests and screenshots)."""
        return self._labels[index].pixmap().toImage()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._timer.start()

    def _render(self) -> None:
        width = max(200, self.viewport().width() - 2 * PAGE_GAP)
        if not self._pdf or width == self._shown_width:
            return
        self._shown_width = width
        ratio = self.devicePixelRatioF()
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(self._pdf)
        try:
            for index, label in enumerate(self._labels):
                page = document[index]
                try:
                    scale = width * ratio / self._page_sizes[index][0]
                    bitmap = page.render(scale=scale)
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    page.close()
                data = image.tobytes()
                qimage = QImage(data, image.width, image.height, 3 * image.width,
                                QImage.Format.Format_RGB888).copy()
                pixmap = QPixmap.fromImage(qimage)
                pixmap.setDevicePixelRatio(ratio)
                label.setPixmap(pixmap)
        finally:
            document.close()
