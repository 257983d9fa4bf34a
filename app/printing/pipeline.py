"""The one print pipeline: a registry of forms, each turning data into PDF bytes.

Every printed thing in Villa Desk is a named form rendered to a PDF; the preview dialog
shows those bytes and the spooler sends the same bytes to CUPS, so what the desk sees is
what the printer gets.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any, Protocol

from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import ensure_fonts

PRODUCER = "Villa Desk"


class Renderer(Protocol):
    def __call__(self, data: Any, /, **options: Any) -> bytes: ...


_forms: dict[str, Renderer] = {}
_lock = threading.Lock()
_builtins_loaded = False


class UnknownFormError(KeyError):
    pass


def register_form(name: str, renderer: Renderer | Callable[..., bytes], *,
                  replace: bool = False) -> None:
    """Add a form; ``replace=True`` lets a site swap in its own layout for a name."""
    with _lock:
        if name in _forms and not replace and _forms[name] is not renderer:
            raise ValueError(f"form {name!r} is already registered")
        _forms[name] = renderer


def _load_builtins() -> None:
    # Imported here, not at module top: the form modules import this module for
    # ``new_canvas``, and callers that only spool should not pay for ReportLab layout code.
    global _builtins_loaded
    if not _builtins_loaded:
        from app.printing import forms

        forms.register_builtin_forms()
        _builtins_loaded = True


def available_forms() -> list[str]:
    _load_builtins()
    return sorted(_forms)


def render(form_name: str, data: Any, **options: Any) -> bytes:
    _load_builtins()
    try:
        renderer = _forms[form_name]
    except KeyError:
        raise UnknownFormError(form_name) from None
    return renderer(data, **options)


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], *, title: str,
               subject: str = "", deterministic: bool = False) -> Canvas:
    """A canvas with the house font registered and the metadata every form carries.

    ``deterministic`` fixes the creation date and document id (ReportLab's invariant mode)
    so the same data always gives the same bytes: tests compare PDFs, and an archived
    reprint can be checked against the original.
    """
    # The initial font matters even if never used: ReportLab writes it into every page's
    # preamble, and the default Helvetica would show up in pdffonts as not embedded.
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1 if deterministic else 0,
                    pageCompression=1, initialFontName=ensure_fonts())
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(PRODUCER)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    return canvas


def doc_metadata(title: str, subject: str = "") -> dict[str, str]:
    """The same metadata for forms laid out with Platypus templates."""
    return {"title": title, "subject": subject, "author": PRODUCER, "creator": PRODUCER,
            "producer": PRODUCER}
