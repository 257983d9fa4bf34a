"""One registry of forms; deterministic output is byte-for-byte reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.printing import available_forms, register_form, render
from app.printing.pipeline import UnknownFormError

from .conftest import NUMBER, SITE, make_slip, pdf_text


def test_builtin_forms_are_registered() -> None:
    forms = available_forms()
    for name in ("dispatch-slip", "dispatch-slip-overprint", "dispatch-slip-overprint-test",
                 "number-register"):
        assert name in forms


def test_render_by_name_passes_options(pdf_file) -> None:
    pdf = render("dispatch-slip", make_slip(prior_prints=1), deterministic=True, paper="A4")
    path = pdf_file(pdf)
    text = pdf_text(path, 1)
    assert NUMBER in text
    assert "补打 第1次" in text


def test_deterministic_pdfs_are_byte_identical() -> None:
    first = render("dispatch-slip", make_slip(), deterministic=True)
    second = render("dispatch-slip", make_slip(), deterministic=True)
    assert first == second
    overprint = [render("dispatch-slip-overprint", make_slip(), deterministic=True,
                        offset_mm=(1.5, -2.0)) for _ in range(2)]
    assert overprint[0] == overprint[1]


def test_deterministic_mode_changes_the_metadata() -> None:
    fixed = render("dispatch-slip", make_slip(), deterministic=True)
    live = render("dispatch-slip", make_slip())
    fixed_date = re.search(rb"/CreationDate \(D:(\d+)", fixed)
    live_date = re.search(rb"/CreationDate \(D:(\d+)", live)
    assert fixed_date and live_date
    assert fixed_date.group(1) != live_date.group(1)
    assert fixed_date.group(1).startswith(b"2000")  # ReportLab's invariant date


def test_different_data_gives_different_bytes() -> None:
    one = render("dispatch-slip", make_slip(), deterministic=True)
    other = render("dispatch-slip", make_slip(villa="B-07"), deterministic=True)
    assert one != other


def test_unknown_form_raises() -> None:
    with pytest.raises(UnknownFormError):
        render("no-such-form", None)


def test_register_custom_form_and_refuse_silent_replacement() -> None:
    def renderer(data: object, **options: object) -> bytes:
        return b"%PDF-fake " + repr((data, sorted(options))).encode()

    register_form("test-custom-form", renderer)
    assert "test-custom-form" in available_forms()
    assert render("test-custom-form", SITE.name, copies=2).startswith(b"%PDF-fake")
    with pytest.raises(ValueError, match="already registered"):
        register_form("test-custom-form", lambda data, **options: b"")
    register_form("test-custom-form", lambda data, **options: b"%PDF-v2", replace=True)
    assert render("test-custom-form", None) == b"%PDF-v2"


def test_printing_package_does_not_import_qt() -> None:
    # Batch printing and the services use app.printing without a GUI; only the preview
    # dialog may pull in Qt.
    code = ("import sys, app.printing, app.printing.forms.dispatch_slip, "
            "app.printing.forms.overprint, app.printing.forms.number_register; "
            "app.printing.available_forms(); "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"
