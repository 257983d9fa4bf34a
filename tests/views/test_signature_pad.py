"""The owner signs for a parcel on the pad: what the hand drew is what the register keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.views.widgets.signature_pad import CANVAS_MIN, EmptySignature, SignaturePad


def sign(qtbot: QtBot, pad: SignaturePad, *points: tuple[int, int]) -> None:
    """One stroke through ``points`` with the left mouse button held."""
    canvas = pad.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(*points[0]))
    for point in points[1:]:
        QTest.mouseMove(canvas, QPoint(*point))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(*points[-1]))


def decoded(png: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(png, "PNG")
    return image


def ink(image: QImage, x: int, y: int) -> bool:
    return QImage.pixelColor(image, x, y).lightness() < 128


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 240)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_a_mouse_stroke_becomes_ink_where_it_was_drawn(qtbot: QtBot, pad: SignaturePad) -> None:
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        # A horizontal stroke on the left half of the pad, then a vertical one on the right.
        sign(qtbot, pad, (60, 100), (120, 100), (200, 100), (260, 100))
    sign(qtbot, pad, (400, 40), (400, 100), (400, 160))
    assert not pad.is_empty()
    assert len(pad.strokes()) == 2 and pad.strokes()[0][0] == (60.0, 100.0)
    png = pad.png_bytes(600, 200)
    assert png.startswith(b"\x89PNG")
    image = decoded(png)
    assert (image.width(), image.height()) == (600, 200)
    # The ink box (60..400 × 40..160) fills the image within the margin, centred: the
    # horizontal stroke lies at the height of its place in the box (100 of 40..160 = middle),
    # on the left; the vertical one is the right edge of the ink, top to bottom.
    left_part = [x for x in range(600) if ink(image, x, 100)]
    assert left_part and left_part[0] < 150 and max(left_part) > 500
    column = max(range(600), key=lambda x: sum(ink(image, x, y) for y in range(200)))
    assert column > 500
    rows = [y for y in range(200) if ink(image, column, y)]
    assert min(rows) < 25 and max(rows) > 175
    assert not ink(image, 5, 5) and not ink(image, 300, 20)  # white around the ink


def test_a_typical_signature_is_small_enough_for_the_database(qtbot: QtBot,
                                                              pad: SignaturePad) -> None:
    import math

    for k in range(12):  # twelve wavy strokes across the pad: a long, busy name
        points = [(30 + i * 4, int(120 + 60 * math.sin(i / 5 + k) * math.cos(k)))
                  for i in range(130)]
        sign(qtbot, pad, *points)
    png = pad.png_bytes()
    assert len(png) <= 60_000, len(png)
    assert decoded(png).width() == 600


def test_clear_empties_the_pad_and_an_empty_pad_gives_no_image(qtbot: QtBot,
                                                               pad: SignaturePad) -> None:
    with pytest.raises(EmptySignature):
        pad.png_bytes()
    assert not pad.clear_button.isEnabled()
    sign(qtbot, pad, (50, 50), (150, 120))
    assert pad.clear_button.isEnabled()
    with qtbot.waitSignal(pad.changed):
        qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and pad.strokes() == ()
    assert not pad.clear_button.isEnabled()
    with pytest.raises(EmptySignature):
        pad.png_bytes()


def test_a_single_tap_is_a_dot_not_a_blown_up_blot(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(qtbot, pad, (300, 120))
    image = decoded(pad.png_bytes(600, 200))
    assert ink(image, 300, 100)
    assert sum(ink(image, x, y) for x in range(0, 600, 4) for y in range(0, 200, 4)) < 20


def test_the_pad_is_reached_and_cleared_from_the_keyboard(qtbot: QtBot,
                                                          pad: SignaturePad) -> None:
    assert pad.canvas.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert pad.canvas.accessibleName()
    assert pad.clear_button.text()
    sign(qtbot, pad, (50, 50), (150, 120))
    pad.canvas.setFocus()
    qtbot.waitUntil(pad.canvas.hasFocus)
    QTest.keyClick(pad.canvas, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_the_pad_fits_a_dialog_on_the_desks_screen(pad: SignaturePad) -> None:
    hint = pad.minimumSizeHint()
    assert CANVAS_MIN.width() <= hint.width() <= 700 and hint.height() <= 260
    assert pad.canvas.minimumWidth() >= 400  # room for a name written at hand size


def test_the_signature_keeps_its_place_when_the_dialog_is_resized(qtbot: QtBot,
                                                                  pad: SignaturePad) -> None:
    sign(qtbot, pad, (100, 100), (200, 100))
    width = pad.canvas.width()
    pad.resize(pad.width() * 2, pad.height())
    qtbot.waitUntil(lambda: pad.canvas.width() != width)
    scale = pad.canvas.width() / width
    assert pad.strokes()[0][0] == pytest.approx((100 * scale, 100.0))


def test_a_finger_on_a_touch_screen_signs_one_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    screen = QTest.createTouchDevice()
    canvas = pad.canvas
    QTest.touchEvent(canvas, screen).press(0, QPoint(50, 50), canvas).commit()
    QTest.touchEvent(canvas, screen).move(0, QPoint(150, 80), canvas).commit()
    QTest.touchEvent(canvas, screen).release(0, QPoint(250, 90), canvas).commit()
    # Accepted as touch: no second stroke from the mouse events Qt would synthesise.
    assert pad.strokes() == (((50.0, 50.0), (150.0, 80.0), (250.0, 90.0)),)


def test_a_pen_on_a_tablet_signs_one_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    pen = QPointingDevice("desk tablet pen", 77, QInputDevice.DeviceType.Stylus,
                          QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
                          1, 3)
    canvas = pad.canvas

    def send(kind: QEvent.Type, x: float, y: float, held: Qt.MouseButton) -> None:
        at = QPointF(x, y)
        QApplication.sendEvent(canvas, QTabletEvent(
            kind, pen, at, canvas.mapToGlobal(at), 0.5, 0.0, 0.0, 0.0, 0.0, 0.0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, held))

    send(QEvent.Type.TabletPress, 40, 60, Qt.MouseButton.LeftButton)
    send(QEvent.Type.TabletMove, 90, 70, Qt.MouseButton.LeftButton)
    send(QEvent.Type.TabletRelease, 140, 90, Qt.MouseButton.NoButton)
    assert pad.strokes() == (((40.0, 60.0), (90.0, 70.0), (140.0, 90.0)),)
    image = decoded(pad.png_bytes())
    assert any(ink(image, 300, y) for y in range(200))  # the stroke's middle, centred
