"""The bench's results as people read them: a Markdown table, and the README's Speed block.

    python -m scripts.bench_report     # put bench-results/latest.json into README.md

``make bench`` calls ``write_results`` itself; run this after editing the JSON by hand or
after pulling someone else's results.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip()
                for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    total_kib = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                      if line.startswith("MemTotal:")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "ram_gib": round(total_kib / 2**20, 1),
            "system": f"{platform.system()} {platform.release()}"}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def _baseline(figure: dict[str, Any]) -> str:
    """The same-run baseline in its own unit: a ratio's baseline is a time, not a ratio
    (results written before ``baseline_unit`` existed show a ratio's baseline bare)."""
    if figure["baseline"] is None:
        return "—"
    unit = figure.get("baseline_unit") or ("" if figure["unit"] == "×" else figure["unit"])
    return f"{_number(figure['baseline'])} {unit}".rstrip()


def table(results: dict[str, Any]) -> str:
    """The figures as a Markdown table, then what is missing or failed."""
    lines = ["| figure | value | same-run baseline | target | met |",
             "|---|---:|---:|---|:---:|"]
    for figure in results["figures"]:
        met = {True: "yes", False: "**no**", None: "—"}[figure["met"]]
        lines.append(f"| {figure['name']} | {_number(figure['value'])} {figure['unit']} | "
                     f"{_baseline(figure)} | {figure['target']} | {met} |")
    for name in results.get("missing", []):
        lines.append(f"| {name} | missing | — | — | **no** |")
    for name, error in results.get("failed", {}).items():
        lines.append(f"| {name} | failed: {error} | — | — | **no** |")
    return "\n".join(lines)


def heading(results: dict[str, Any]) -> str:
    m = results["machine"]
    return (f"Measured {results['when']} on {m['cpu']} ({m['cores']} cores, {m['ram_gib']} GiB "
            f"RAM), Python {m['python']}, SQLite {m['sqlite']}, by `make bench` on the "
            f"ten-year demo database.")


def write_results(results: dict[str, Any]) -> Path:
    """bench-results/latest.json, latest.md, a dated copy, and the README block."""
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    stamp = results["when"].replace(":", "").replace("-", "")
    (RESULTS / f"bench-{stamp}.json").write_text(text + "\n", encoding="utf-8")
    markdown = f"{heading(results)}\n\n{table(results)}\n"
    (RESULTS / "latest.md").write_text(markdown, encoding="utf-8")
    update_readme(markdown)
    return RESULTS / "latest.json"


def update_readme(markdown: str, readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    block = f"{START}\n{markdown.rstrip()}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no {START} … {END} block for the bench table")
    readme.write_text(pattern.sub(lambda _m: block, text), encoding="utf-8")


def main() -> int:
    results = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
    markdown = f"{heading(results)}\n\n{table(results)}\n"
    (RESULTS / "latest.md").write_text(markdown, encoding="utf-8")
    update_readme(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
