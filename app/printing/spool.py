"""Hand finished PDFs to the system spooler (CUPS), keeping text as vectors.

No Qt here: the preview dialog and any batch job print through these functions. The
CUPS command-line clients are used rather than a binding, so the only requirement is the
``cups-client``/``cups-bsd`` package; without it the desk simply has no printers.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from app.i18n import _

LP_TIMEOUT_S = 60.0
QUERY_TIMEOUT_S = 10.0
_JOB_ID = re.compile(r"request id is (\S+)")


class PrintError(Exception):
    """Printing failed; ``str(error)`` is a translated message fit to show the user."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


def _c_env() -> dict[str, str]:
    # The CUPS tools translate their output; parse it in the C locale.
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


def _query(*args: str) -> str | None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=_c_env(),
                              timeout=QUERY_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def list_printers() -> list[str]:
    """Queue names known to CUPS; empty when CUPS is missing or not running."""
    out = _query("lpstat", "-e")
    if not out:
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def default_printer() -> str | None:
    out = _query("lpstat", "-d")
    if not out or ":" not in out:
        return None
    name = out.split(":", 1)[1].strip()
    return name or None


def print_pdf(pdf: bytes, printer: str, *, media: str = "A5", title: str = "",
              copies: int = 1) -> str:
    """Queue ``pdf`` on ``printer`` and return the CUPS job id (e.g. ``Front-42``)."""
    if not printer:
        raise PrintError(_("No printer is selected."))
    if copies < 1:
        raise PrintError(_("The number of copies must be at least 1."))
    fd, name = tempfile.mkstemp(prefix="villa-desk-", suffix=".pdf")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        args = ["lp", "-d", printer, "-n", str(copies)]
        if media:
            args += ["-o", f"media={media}"]
        if title:
            args += ["-t", title]
        args.append(str(path))
        try:
            # lp has sent the whole file to the scheduler when it returns, so the temporary
            # file can go right after.
            done = subprocess.run(args, capture_output=True, text=True, env=_c_env(),
                                  timeout=LP_TIMEOUT_S, check=False)
        except FileNotFoundError as exc:
            raise PrintError(_("The printing system (CUPS) is not installed on this "
                               "computer."), str(exc)) from exc
        except subprocess.TimeoutExpired as exc:
            raise PrintError(_("The printing system did not answer in time."),
                             str(exc)) from exc
        except OSError as exc:
            raise PrintError(_("Could not start printing."), str(exc)) from exc
    finally:
        path.unlink(missing_ok=True)
    detail = (done.stderr or done.stdout).strip()
    if done.returncode != 0:
        raise PrintError(_("Printer “{printer}” did not accept the job: {detail}").format(
            printer=printer, detail=detail or _("unknown error")), detail)
    match = _JOB_ID.search(done.stdout)
    if not match:
        raise PrintError(_("Printer “{printer}” did not accept the job: {detail}").format(
            printer=printer, detail=detail or _("no job id")), detail)
    return match.group(1)
