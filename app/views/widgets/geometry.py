"""Every window fits the desk's screen and comes back at the size it was left.

The smallest screen a desk has is 1366×768 with a 40 px taskbar: 728 px of height for a
window *including* its title bar. ``WindowSizes`` is installed once on the application
(``install_window_sizes``); it sees every window and dialog of the program (classes under
``app``) the first time it is shown, gives it its remembered size (or its own default),
never more than fits the screen, and remembers the size when the window is closed — so a
new dialog fits and remembers without anyone having to remember to ask. Sizes are kept
per window class in this PC's config file (``app.config.LocalConfig``, key
``window_sizes``), as ``[width, height]`` plus ``maximized`` for main windows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from app.config import LocalConfig

#: 1366×768 less a 40 px taskbar: what every window must fit, title bar included.
SMALLEST_SCREEN = QSize(1366, 728)
#: Room the window manager's title bar takes above the client area.
TITLE_BAR = 30
#: The largest client size (what ``QWidget.size()`` reports) that fits SMALLEST_SCREEN.
MAX_CLIENT = QSize(SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height() - TITLE_BAR)
CONFIG_KEY = "window_sizes"
_SIZED = "villaDeskSized"


def window_key(window: QWidget) -> str:
    return type(window).__name__


def screen_limit(window: QWidget) -> QSize:
    """The client size that fits the screen the window is on (its available area)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return MAX_CLIENT
    area = screen.availableGeometry()
    return QSize(area.width(), max(area.height() - TITLE_BAR, 200))


def fits(window: QWidget, limit: QSize = MAX_CLIENT) -> bool:
    """Whether the window, and the least its layout needs, fit ``limit``."""
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    return (window.width() <= limit.width() and window.height() <= limit.height()
            and least.width() <= limit.width() and least.height() <= limit.height())


class WindowSizes(QObject):
    """Application-wide: sizes windows of the program on first show, remembers on close."""

    def __init__(self, config_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config_path = config_path

    def _config(self) -> LocalConfig:
        return LocalConfig.load(self._config_path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Hide):
            return False
        if not (isinstance(watched, (QDialog, QMainWindow)) and watched.isWindow()
                and type(watched).__module__.startswith("app.")):
            return False
        if kind == QEvent.Type.Show and not watched.property(_SIZED):
            watched.setProperty(_SIZED, True)
            self.restore(watched)
        elif kind == QEvent.Type.Hide and watched.property(_SIZED) and not event.spontaneous():
            self.remember(watched)
        return False

    def restore(self, window: QWidget) -> None:
        stored: dict[str, Any] = dict(self._config().get(CONFIG_KEY, {}).get(
            window_key(window), {}))
        limit = screen_limit(window)
        if "size" in stored:
            width, height = (int(v) for v in stored["size"])
            wanted = QSize(width, height)
        else:
            # The window's own default, designed for the smallest desk screen.
            wanted = window.size().boundedTo(MAX_CLIENT)
        window.resize(wanted.boundedTo(limit))
        if stored.get("maximized") and isinstance(window, QMainWindow):
            # Not showMaximized(): this runs inside the window's own show.
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)

    def remember(self, window: QWidget) -> None:
        maximized = isinstance(window, QMainWindow) and window.isMaximized()
        size = window.normalGeometry().size() if maximized else window.size()
        if not size.isValid() or size.isEmpty():
            return
        config = self._config()
        sizes = dict(config.get(CONFIG_KEY, {}))
        entry: dict[str, Any] = {"size": [size.width(), size.height()]}
        if isinstance(window, QMainWindow):
            entry["maximized"] = maximized
        if sizes.get(window_key(window)) != entry:
            sizes[window_key(window)] = entry
            config.set(CONFIG_KEY, sizes)


def install_window_sizes(app: QApplication, config_path: Path | None = None) -> WindowSizes:
    sizes = WindowSizes(config_path, app)
    app.installEventFilter(sizes)
    return sizes
