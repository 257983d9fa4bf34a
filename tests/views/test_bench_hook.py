"""The start-up benchmark's hook: the real program signs in by itself, says so, and quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.bootstrap import Opened
from app.demo.build import build_demo
from app.demo.resort import DEMO_PASSWORD
from app.views.bench_hook import MAIN_WINDOW_SHOWN, SIGN_IN

ROOT = Path(__file__).resolve().parents[2]


def start_program(opened: Opened, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VILLA_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "VILLA_DESK_DATABASE_URL": str(opened.engine.url), **extra}
    return subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120, check=False)


def test_the_bench_starts_the_desk_signed_in_as_the_supervisor_and_hears_when_it_shows(
        opened: Opened, home: Path) -> None:
    build_demo(opened.uow, villas=4, years=0.02)
    started = start_program(opened, home, **{SIGN_IN: f"002:{DEMO_PASSWORD}"})
    assert started.returncode == 0, started.stderr
    assert f"{MAIN_WINDOW_SHOWN} True" in started.stdout  # shown, then it quit by itself
