"""Sample slips, PDF inspection with poppler, and a private CUPS daemon for print tests."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.printing.forms.dispatch_slip import DispatchSlipData, FeeLine, SiteHeader

SITE = SiteHeader("翡翠湾别墅会所", "0571-8888 6666", "浙江省杭州市西湖区翡翠湾路1号")
NUMBER = "PG2026-000123"
PHONE = "13812345678"
MASKED = "138****5678"


def make_slip(**changes: object) -> DispatchSlipData:
    slip = DispatchSlipData(
        site=SITE, number=NUMBER, received_at=datetime(2026, 11, 24, 9, 12),
        dispatched_at=datetime(2026, 11, 24, 9, 15), villa="A-12", location="二楼主卫",
        contact_name="张伟", contact_phone=PHONE, category="水电", department="工程部",
        content="主卫洗手盆水龙头漏水，滴水不止，业主要求上午处理。", charged=True,
        fee_lines=(
            FeeLine("更换水龙头阀芯", "个", Decimal("45.00"), Decimal(1), Decimal("45.00")),
            FeeLine("人工费", "次", Decimal("30.00"), Decimal(1), Decimal("30.00")),
        ),
        total=Decimal("75.00"), appointment_at=datetime(2026, 11, 24, 10, 0),
        expected_completion_at=datetime(2026, 11, 24, 12, 0), assignee="李强",
        taken_by="王丽 (008)", completed_at=None, voided=False, void_reason="",
        prior_prints=0,
    )
    return dataclasses.replace(slip, **changes)  # type: ignore[arg-type]


@pytest.fixture
def slip() -> DispatchSlipData:
    return make_slip()


@pytest.fixture
def pdf_file(tmp_path: Path) -> Callable[..., Path]:
    def write(pdf: bytes, name: str = "out.pdf") -> Path:
        assert pdf.startswith(b"%PDF-"), "not a PDF"
        path = tmp_path / name
        path.write_bytes(pdf)
        return path

    return write


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, path, "-")


def pdf_info(path: Path) -> dict[str, str]:
    info = {}
    for line in run("pdfinfo", path).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_size_mm(path: Path) -> tuple[float, float]:
    """Width and height of page 1 from pdfinfo, in millimetres (to 0.1 mm)."""
    words = pdf_info(path)["Page size"].split()
    return round(float(words[0]) / 72 * 25.4, 1), round(float(words[2]) / 72 * 25.4, 1)


def pdf_fonts(path: Path) -> list[list[str]]:
    """One row per font, pdffonts' columns split on whitespace."""
    lines = run("pdffonts", path).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def decode_barcodes(png: Path, symbology: str) -> list[str]:
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable",
                           f"-S{symbology}.enable", str(png)],
                          capture_output=True, text=True, timeout=60, check=False)
    return [line for line in done.stdout.splitlines() if line]


# -- a private CUPS daemon ------------------------------------------------------------------

CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
CUPS_PDF_CONF_DIR = Path("/etc/cups")  # cups-pdf reads its config only from here
START_TIMEOUT_S = 15.0


@dataclass
class CupsQueue:
    name: str
    server: str
    out_dir: Path

    def existing(self) -> set[Path]:
        """The PDFs written so far; pass to ``wait_for_pdf`` to wait for the next one."""
        return set(self.out_dir.rglob("*.pdf"))

    def wait_for_pdf(self, timeout: float = 30.0, ignore: set[Path] | None = None) -> Path:
        """The first PDF cups-pdf writes (not in ``ignore``), polled up to ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(set(self.out_dir.rglob("*.pdf")) - (ignore or set()))
            # cups-pdf writes through Ghostscript; a PDF is complete once it has %%EOF.
            if found and found[0].stat().st_size and b"%%EOF" in found[0].read_bytes()[-64:]:
                return found[0]
            time.sleep(0.2)
        raise AssertionError(f"no PDF from cups-pdf in {self.out_dir} after {timeout} s")


def _cups_config(root: Path) -> tuple[Path, Path, Path]:
    for sub in ("conf", "spool", "cache", "state", "log", "tmp", "out"):
        (root / sub).mkdir(parents=True)
    root.chmod(0o755)
    (root / "tmp").chmod(0o1777)
    (root / "out").chmod(0o777)
    socket = root / "cups.sock"
    files = root / "conf" / "cups-files.conf"
    files.write_text(
        f"ServerRoot {root}/conf\nRequestRoot {root}/spool\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nTempDir {root}/tmp\nAccessLog {root}/log/access_log\n"
        f"ErrorLog {root}/log/error_log\nPageLog {root}/log/page_log\nSystemGroup root\n",
        encoding="utf-8")
    conf = root / "conf" / "cupsd.conf"
    conf.write_text(
        f"LogLevel info\nListen {socket}\nBrowsing No\nWebInterface No\n"
        "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n    Allow all\n  </Limit>\n"
        "</Policy>\n", encoding="utf-8")
    return conf, files, socket


def _find_pdf_ppd(env: dict[str, str]) -> str:
    models = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True, env=env,
                            timeout=60, check=False).stdout
    names = [line.split()[0] for line in models.splitlines() if "cups-pdf" in line.lower()]
    if CUPS_PDF_PPD in names or not names:
        return CUPS_PDF_PPD
    return names[0]


def _log_tail(root: Path) -> str:
    """The end of cupsd's log, quoted in a failure because the sandbox is removed after."""
    log = root / "log" / "error_log"
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


@contextlib.contextmanager
def private_cups(root: Path) -> Iterator[CupsQueue]:
    """Run cupsd on a socket of its own with a cups-pdf queue writing into ``root/out``.

    Needs root, ``cupsd`` (cups-daemon), the CUPS clients and printer-driver-cups-pdf.
    Skips the calling test when any of that is missing.
    """
    if os.geteuid() != 0:
        pytest.skip("starting a private cupsd and configuring cups-pdf needs root")
    for tool in ("/usr/sbin/cupsd", "/usr/lib/cups/backend/cups-pdf"):
        if not Path(tool).exists():
            pytest.skip(f"{tool} is not installed")
    for tool in ("lp", "lpstat", "lpadmin", "lpinfo"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    conf, files, socket = _cups_config(root)
    env = {**os.environ, "CUPS_SERVER": str(socket), "LC_ALL": "C"}
    daemon = subprocess.Popen(["/usr/sbin/cupsd", "-f", "-c", str(conf), "-s", str(files)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tag = uuid.uuid4().hex[:8]
    queue = f"VillaTestPDF_{tag}"
    # cups-pdf picks cups-pdf-<suffix>.conf by the suffix of its device URI.
    pdf_conf = CUPS_PDF_CONF_DIR / f"cups-pdf-villatest{tag}.conf"
    old_server = os.environ.get("CUPS_SERVER")
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        # lpstat -r exits 0 even when it prints "scheduler is not running": read its words.
        while subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip() != "scheduler is running":
            if daemon.poll() is not None or time.monotonic() > deadline:
                # Everything it needs is installed, so this is a failure, not a skip.
                pytest.fail(f"cupsd did not start:\n{_log_tail(root)}")
            time.sleep(0.1)
        pdf_conf.write_text(f"Out {root}/out\nAnonDirName {root}/out\n", encoding="utf-8")
        added = subprocess.run(["lpadmin", "-p", queue, "-v", f"cups-pdf:/villatest{tag}",
                                "-m", _find_pdf_ppd(env), "-E"],
                               env=env, capture_output=True, text=True, timeout=60,
                               check=False)
        if added.returncode != 0:  # say why: the bare CalledProcessError hid lpadmin's reason
            pytest.fail(f"lpadmin could not add the test queue: {added.stderr.strip()}\n"
                        f"{_log_tail(root)}")
        os.environ["CUPS_SERVER"] = str(socket)
        yield CupsQueue(queue, str(socket), root / "out")
    finally:
        if old_server is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = old_server
        pdf_conf.unlink(missing_ok=True)
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=15)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait(timeout=15)


@contextlib.contextmanager
def cups_sandbox() -> Iterator[CupsQueue]:
    # Not under pytest's tmp_path: that lives in a 0700 directory, and cupsd runs its
    # filters as user lp, who must reach the spooled files.
    root = Path(tempfile.mkdtemp(prefix="villa-cups-"))
    root.chmod(0o755)
    try:
        with private_cups(root / "cups") as queue:
            yield queue
    finally:
        shutil.rmtree(root, ignore_errors=True)
