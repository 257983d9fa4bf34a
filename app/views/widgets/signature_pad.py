"""A pad the owner signs on with the mouse, a pen (tablet) or a finger (touch screen).

Strokes are kept as lines through the points the hand passed (vectors), so the signature
can be drawn again at any size; ``png_bytes`` renders them black on white, cut to the ink
with a margin, small enough to keep in the database with the pick-up or the pass and to
print on the register. Choosing "signed on the paper register instead" is the dialog's
business, not the pad's: the pad only knows strokes.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _

Stroke = tuple[tuple[float, float], ...]

#: The writing area: wide enough for a Chinese name written at hand size, and with the
#: Clear row small enough that a pick-up dialog holding it stays within 1366×728.
CANVAS_MIN = QSize(480, 160)
#: Ink width on screen, in pixels; the PNG scales it with the signature.
PEN_WIDTH = 2.5
#: A stored signature: the register's signature column prints it about 30×10 mm; 600×200
#: pixels is 500 dpi there.
PNG_SIZE = (600, 200)
_MARGIN = 0.06  # of the image's shorter side, kept white around the ink


class EmptySignature(ValueError):
    """``png_bytes`` of a pad nobody signed: the caller checks ``is_empty`` first."""


class SignatureCanvas(QWidget):
    """The writing area itself; takes keyboard focus (Delete or Backspace clears it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self.setMinimumSize(CANVAS_MIN)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(_("Signature pad"))
        self.setAccessibleDescription(_(
            "Sign here with the mouse, a pen or a finger. Delete clears the signature."))
        self.setToolTip(_("Sign here with the mouse, a pen or a finger."))

    # -- what the dialog asks --------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes

    def strokes(self) -> tuple[Stroke, ...]:
        """The strokes in widget coordinates, in the order they were drawn."""
        return tuple(tuple((p.x(), p.y()) for p in s) for s in self._strokes)

    def clear(self) -> None:
        had_ink = bool(self._strokes)
        self._strokes.clear()
        self._drawing = False
        self.update()
        if had_ink:
            self.changed.emit()

    # -- strokes from any pointer ----------------------------------------------------------

    def _begin(self, at: QPointF) -> None:
        self._drawing = True
        self._strokes.append([QPointF(at)])
        self.update()

    def _extend(self, at: QPointF) -> None:
        if self._drawing:
            stroke = self._strokes[-1]
            if stroke[-1] != at:
                stroke.append(QPointF(at))
                self.update()

    def _end(self, at: QPointF) -> None:
        if self._drawing:
            self._extend(at)
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepted, so Qt does not also send the same stroke as mouse events.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:  # the first finger writes; a resting palm adds no strokes
                at = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(at)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(at)
                else:
                    self._end(at)
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The signature keeps its place on the pad when the dialog is resized.
        old, new = event.oldSize(), event.size()
        if self._strokes and old.width() > 0 and old.height() > 0:
            sx, sy = new.width() / old.width(), new.height() / old.height()
            self._strokes = [[QPointF(p.x() * sx, p.y() * sy) for p in s]
                             for s in self._strokes]
        super().resizeEvent(event)

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(area, QColor("white"))
        frame = self.palette().highlight().color() if self.hasFocus() else QColor("#9a9a9a")
        painter.setPen(QPen(frame, 2 if self.hasFocus() else 1))
        painter.drawRect(area)
        # The line to sign on, as on paper.
        baseline = self.height() * 0.75
        painter.setPen(QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        if not self._strokes:
            painter.setPen(QColor("#8a8a8a"))
            painter.drawText(QRectF(24, 0, self.width() - 48, baseline - 6),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             _("Sign here"))
        _draw_strokes(painter, self._strokes, 1.0, QPointF(0, 0), PEN_WIDTH)
        painter.end()

    # -- the stored image ------------------------------------------------------------------

    def png_bytes(self, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]) -> bytes:
        """The signature as a ``width``×``height`` PNG: black strokes on white, cut to the
        ink, scaled to fit inside a margin and centred. Grey levels only (antialiased
        edges), which keeps a typical signature to a few kilobytes."""
        if not self._strokes:
            raise EmptySignature(_("Nobody has signed yet."))
        points = [p for s in self._strokes for p in s]
        left, right = min(p.x() for p in points), max(p.x() for p in points)
        top, bottom = min(p.y() for p in points), max(p.y() for p in points)
        margin = _MARGIN * min(width, height)
        # A dot or a dash is not blown up to fill the image: the ink box counts as at least
        # a quarter of the pad.
        box_w = max(right - left, self.width() / 4, 1.0)
        box_h = max(bottom - top, self.height() / 4, 1.0)
        scale = min((width - 2 * margin) / box_w, (height - 2 * margin) / box_h)
        centre = QPointF((left + right) / 2, (top + bottom) / 2)
        offset = QPointF(width / 2, height / 2) - centre * scale
        image = QImage(width, height, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw_strokes(painter, self._strokes, scale, offset, max(PEN_WIDTH * scale, 2.0))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


def _draw_strokes(painter: QPainter, strokes: list[list[QPointF]], scale: float,
                  offset: QPointF, width: float) -> None:
    pen = QPen(QColor("black"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for stroke in strokes:
        first = stroke[0] * scale + offset
        if len(stroke) == 1:  # a dot, as over an i or in 丶
            painter.drawPoint(first)
            continue
        path = QPainterPath(first)
        for point in stroke[1:]:
            path.lineTo(point * scale + offset)
        painter.drawPath(path)


class SignaturePad(QWidget):
    """The writing area with a caption and a Clear button; ``changed`` after each stroke
    and after clearing, so a dialog can enable its confirm button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = SignatureCanvas(self)
        caption = QLabel(_("&Signature:"), self)
        caption.setBuddy(self.canvas)  # Alt+S reaches the pad; screen readers name it
        self.clear_button = QPushButton(_("Clear signature"), self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.changed.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        self.setFocusProxy(self.canvas)
        self.setTabOrder(self.canvas, self.clear_button)

    def _changed(self) -> None:
        self.clear_button.setEnabled(not self.canvas.is_empty())
        self.changed.emit()

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def clear(self) -> None:
        self.canvas.clear()

    def strokes(self) -> tuple[Stroke, ...]:
        return self.canvas.strokes()

    def png_bytes(self, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]) -> bytes:
        return self.canvas.png_bytes(width, height)
