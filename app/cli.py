"""``villa-desk``: the program (no arguments) and its maintenance commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _
from app.paths import keep_files_private

if TYPE_CHECKING:
    from app.bootstrap import Opened
    from app.services.estate_excel import ImportReport
    from app.services.uow import UnitOfWork


class CommandRefused(Exception):
    """A command that must not go on; ``message`` is printed as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def _open(args: argparse.Namespace, full_check: bool = False) -> Iterator[Opened]:
    from app.bootstrap import open_database
    from app.config import LocalConfig
    from app.startup_check import check_database

    config = LocalConfig.load()
    problem = check_database(args.database or config.database_url, create=args.create,
                             full=full_check, extra_backup_folder=config.backup_folder)
    if problem is not None:
        hint = _("To restore it: villa-desk restore FILE") if problem.newest_backup else ""
        raise CommandRefused("\n".join(filter(None, (problem.message(), hint))))
    opened = open_database(args.database)
    try:
        yield opened
    finally:
        # Close the pool: a PostgreSQL connection left for the garbage collector is not
        # closed cleanly (psycopg warns), and main() may be called again in one process.
        opened.engine.dispose()


#: The forms ``villa-desk pdf`` renders (app/services/printouts.py FORMS, which a test
#: compares with this list), named here so the parser need not import the printing code.
PDF_FORMS = (
    "dispatch-slip", "number-register", "daily-record", "overprint-test-page",
    "complaint-record", "complaint-monthly", "complaint-developer-report", "complaint-notice",
    "complaint-explanation", "complaint-escalation-notice", "complaint-escalation-list",
    "complaint-public-summary", "complaint-quarterly",
    "mail-notice", "mail-register", "mail-label",
    "release-pass", "release-pass-weekly", "release-pass-register",
)


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.db import current_revision

    with _open(args, full_check=True) as opened:
        if opened.backup:
            print(_("Backed up to {path}").format(path=opened.backup))
        print(_("Database is at revision {rev}.").format(rev=current_revision(opened.engine)))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.backups import BackupError, backup_name, write_backup
    from app.db import sqlite_path
    from app.paths import backup_dir
    from app.services.audit_seals import seal_backup

    with _open(args, full_check=True) as opened:
        path = sqlite_path(opened.engine)
        now = opened.uow.clock.now()
    if path is None:
        print(_("Only SQLite databases are backed up here; use pg_dump for PostgreSQL."),
              file=sys.stderr)
        return 2
    target = Path(args.output) if args.output else backup_dir() / backup_name(path, "manual",
                                                                               now)
    try:
        write_backup(path, target, overwrite=args.force)
        seal_backup(target, path.name, now)
    except BackupError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(_("Backed up to {path}").format(path=target))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.backups import BackupError, backup_folders, check_sqlite_file, restore
    from app.clock import SystemClock
    from app.config import LocalConfig
    from app.startup_check import sqlite_file_of

    database = sqlite_file_of(args.database or LocalConfig.load().database_url)
    if database is None:
        print(_("Only SQLite databases are restored here; use pg_restore for PostgreSQL."),
              file=sys.stderr)
        return 2
    backup = Path(args.file)
    problem = check_sqlite_file(backup)
    if problem:
        print(_("{path} cannot be restored: {reason}").format(path=backup, reason=problem),
              file=sys.stderr)
        return 2
    if not args.yes:
        print(_("This replaces {database} with {backup}. Every desk using it must be closed. "
                "The current file is kept beside it. Type yes to go on:").format(
                    database=database, backup=backup))
        if sys.stdin.readline().strip().lower() not in ("yes", "y", "是"):
            print(_("Nothing was changed."))
            return 1
    try:
        aside = restore(backup, database, SystemClock().now(),
                        backup_folders(LocalConfig.load().backup_folder))
    except BackupError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(_("Restored {database} from {backup}.").format(database=database, backup=backup))
    if aside is not None:
        print(_("The previous database was kept as {path}").format(path=aside))
    return 0


def cmd_verify_audit(args: argparse.Namespace) -> int:
    from app.backups import backup_folders
    from app.config import LocalConfig
    from app.services.audit_check import check_audit
    from app.services.audit_seals import database_key, read_seals

    folders = backup_folders(LocalConfig.load().backup_folder)
    with _open(args) as opened, opened.uow.read() as session:
        seals = read_seals(folders, database_key(opened.engine))
        report = check_audit(session, seals)
    print(report.summary())
    for problem in report.problems:
        print("- " + problem)
    return 0 if report.ok else 1


def cmd_move_to_postgresql(args: argparse.Namespace) -> int:
    from app.db import make_engine, sqlite_path
    from app.move_to_postgresql import MoveRefused, move
    from app.paths import config_file

    with _open(args, full_check=True) as opened:
        if sqlite_path(opened.engine) is None:
            print(_("This desk already uses a server database; nothing to move."),
                  file=sys.stderr)
            return 2
        target = make_engine(args.url)
        try:
            report = move(opened.engine, target, lambda step, done, total: print(
                _("Copying {table} ({done}/{total})…").format(table=step, done=done + 1,
                                                              total=total)))
        except MoveRefused as refused:
            print(refused.message, file=sys.stderr)
            return 2
        finally:
            target.dispose()
    rows = sum(report.rows.values())
    if not report.audit_ok:
        print(_("The copy does not match; do not use it:"), file=sys.stderr)
        for problem in report.audit_problems:
            print("- " + problem, file=sys.stderr)
        return 1
    print(_("Copied {rows} rows in {tables} tables; row counts and the audit log agree.")
          .format(rows=rows, tables=len(report.rows)))
    print(_("On every desk, put this line into {path} (inside the braces) and restart the "
            "program:").format(path=config_file()))
    print(f'  "database_url": "{args.url}"')
    print(_("Keep this SQLite file as the last backup of the single-desk days."))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import time

    from app.demo.build import build_demo
    from app.demo.size import demo_size
    from app.services.site import is_set_up

    with _open(args) as opened:
        if is_set_up(opened.uow):
            print(_("This database already has a site; demo data goes into an empty one "
                    "(use --database or VILLA_DESK_HOME)."), file=sys.stderr)
            return 2
        began = time.perf_counter()
        summary = build_demo(opened.uow, villas=args.villas, years=args.years,
                             calls_per_villa_day=args.calls_per_villa_day,
                             progress=lambda step, done, total: print(
                                 f"{done * 100 // total:3d}%", step, flush=True))
        seconds = time.perf_counter() - began
        size = demo_size(opened.uow, opened.engine)
    print(_("Demo built: {villas} villas, {people} people, {entries} call records, "
            "{orders} work orders.").format(villas=summary.villas, people=summary.people,
                                            entries=summary.reception_entries,
                                            orders=summary.work_orders))
    print("\n".join(size.lines(seconds)))
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.printouts import render_printout

    try:
        with _open(args) as opened:
            pdf = render_printout(opened.uow, args.form, args.key, mode=args.mode,
                                  paper=args.paper, deterministic=args.deterministic)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    Path(args.output).write_bytes(pdf)
    print(_("Wrote {path}").format(path=args.output))
    return 0


def _new_file(args: argparse.Namespace) -> Path | None:
    """``-o FILE``, or None (after saying why) if it exists and ``--force`` was not given."""
    path = Path(args.output)
    if path.exists() and not args.force:
        print(_("{path} already exists; choose another name or add --force to replace it.")
              .format(path=path), file=sys.stderr)
        return None
    if path.is_dir():
        print(_("{path} is a folder; give a file name.").format(path=path), file=sys.stderr)
        return None
    return path


def cmd_estate_template(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.estate_excel import write_template

    path = _new_file(args)
    if path is None:
        return 2
    try:
        write_template(path)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(_("Wrote {path}").format(path=path))
    return 0


def _print_report(report: ImportReport, checked_only: bool) -> None:
    if report.ok:
        text = (_("The file is good. Importing it would add {villas_added} villas and update "
                  "{villas_updated}, add {people_added} people and update {people_updated}; "
                  "{unchanged} rows are already in the register.") if checked_only else
                _("Imported: {villas_added} villas added, {villas_updated} updated; "
                  "{people_added} people added, {people_updated} updated; {unchanged} rows "
                  "unchanged."))
        print(text.format(villas_added=report.villas_added,
                          villas_updated=report.villas_updated,
                          people_added=report.people_added,
                          people_updated=report.people_updated, unchanged=report.unchanged))
        return
    rows = {(p.sheet, p.row) for p in report.problems}
    print(_("Nothing was imported: {rows} rows need correcting.").format(rows=len(rows)))
    for problem in report.problems:
        print(_("Sheet “{sheet}”, row {row}, column “{column}”: {reason}").format(
            sheet=problem.sheet, row=problem.row, column=problem.column,
            reason=problem.reason))


def cmd_import_estate(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.estate_excel import check_file, import_estate

    def progress(step: str, done: int, total: int) -> None:
        if sys.stderr.isatty() and total and (done == total or done % 50 == 0):
            print(f"{done * 100 // total:3d}% {step}", file=sys.stderr, flush=True)

    try:
        with _open(args) as opened:
            # The CLI acts as the system account (a manager), like the other commands.
            path = Path(args.file)
            report = (check_file(opened.uow, path) if args.check
                      else import_estate(opened.uow, path, progress))
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    _print_report(report, args.check)
    return 0 if report.ok else 1


def _export_mail(uow: UnitOfWork, month: str | None, path: Path) -> int:
    import re

    from app.services.errors import ServiceError
    from app.services.mail_sheets import export_month

    found = re.fullmatch(r"(\d{4})-(\d{1,2})", (month or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ServiceError(_("Give the month as YYYY-MM, e.g. 2026-11 (--month)."))
    return export_month(uow, int(found.group(1)), int(found.group(2)), path)


def _export_complaints(uow: UnitOfWork, month: str | None, path: Path) -> int:
    """The month's complaint statistics, one sheet per table; returns the rows written."""
    from app.services.complaint_reports import monthly_excel
    from app.services.complaint_statistics import monthly_statistics, parse_month

    year, number = parse_month(month or "")
    path.write_bytes(monthly_excel(uow, year, number))
    return sum(len(t.rows) for t in monthly_statistics(uow, year, number).tables)


def _export_release_passes(uow: UnitOfWork, month: str | None, path: Path) -> int:
    """The month's release passes and their number register; returns the passes written."""
    import re

    from app.services.errors import ServiceError
    from app.services.release_pass_registers import export_month

    found = re.fullmatch(r"(\d{4})-(\d{1,2})", (month or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ServiceError(_("Give the month as YYYY-MM, e.g. 2026-11 (--month)."))
    data, rows = export_month(uow, int(found.group(1)), int(found.group(2)))
    path.write_bytes(data)
    return rows


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.estate_excel import export_estate

    path = _new_file(args)
    if path is None:
        return 2
    try:
        with _open(args) as opened:
            # Run by the site's administrator as the system account: full phones and IDs.
            if args.register == "complaints":
                rows = _export_complaints(opened.uow, args.month, path)
            elif args.register == "release-passes":
                rows = _export_release_passes(opened.uow, args.month, path)
            else:
                rows = (_export_mail(opened.uow, args.month, path)
                        if args.register == "mail" else export_estate(opened.uow, path))
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(_("Wrote {rows} rows to {path}").format(rows=rows, path=path))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from app.demo.rates import REAL_DESK_CALLS_PER_VILLA_DAY

    parser = argparse.ArgumentParser(prog="villa-desk", description=_("Villa Desk"))
    parser.add_argument("--database", help=_("database URL (default: the data directory's "
                                             "SQLite file)"))
    parser.add_argument("--create", action="store_true",
                        help=_("allow a new, empty database where --database points"))
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help=_("start the program (the default)"))
    sub.add_parser("migrate", help=_("bring the database schema up to date")) \
        .set_defaults(func=cmd_migrate)
    backup = sub.add_parser("backup", help=_("copy the database safely while in use"))
    backup.add_argument("-o", "--output")
    backup.add_argument("--force", action="store_true",
                        help=_("replace the output file if it exists"))
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help=_("replace the database with a checked backup"))
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    restore.set_defaults(func=cmd_restore)
    move = sub.add_parser("move-to-postgresql",
                          help=_("copy this SQLite database into an empty PostgreSQL database"))
    move.add_argument("url", help="postgresql+psycopg://user:password@server/database")
    move.set_defaults(func=cmd_move_to_postgresql)
    sub.add_parser("verify-audit", help=_("check the audit log for tampering")) \
        .set_defaults(func=cmd_verify_audit)
    demo = sub.add_parser("demo", help=_("build a demo resort into an empty database"))
    demo.add_argument("--villas", type=int, default=240)
    demo.add_argument("--years", type=float, default=3.0)
    demo.add_argument("--calls-per-villa-day", type=float,
                      default=REAL_DESK_CALLS_PER_VILLA_DAY,
                      help=_("how busy the desk is (default: a real desk's rate, about "
                             "200,000 calls in ten years at 400 villas)"))
    demo.set_defaults(func=cmd_demo)
    pdf = sub.add_parser("pdf", help=_("render a form of an existing record to PDF"))
    pdf.add_argument("form", help=" | ".join(PDF_FORMS))
    pdf.add_argument("key", nargs="?", default="",
                     help=_("the record's number (PG…, TS…, FX…, a parcel's number), a "
                            "villa or all for mail notices, YYYY-MM for a month, "
                            "YYYY-MM-DD for a day"))
    pdf.add_argument("-o", "--output", required=True)
    pdf.add_argument("--mode", choices=["plain", "overprint"], default="plain")
    pdf.add_argument("--paper", choices=["A5", "A4"], default="A5")
    pdf.add_argument("--deterministic", action="store_true",
                     help=_("fixed timestamps, for comparing outputs"))
    pdf.set_defaults(func=cmd_pdf)
    template = sub.add_parser("estate-template",
                              help=_("write the Excel template for villas and people"))
    template.add_argument("-o", "--output", required=True)
    template.add_argument("--force", action="store_true",
                          help=_("replace the output file if it exists"))
    template.set_defaults(func=cmd_estate_template)
    imports = sub.add_parser("import-estate",
                             help=_("import villas and people from a filled-in template"))
    imports.add_argument("file")
    imports.add_argument("--check", action="store_true",
                         help=_("only check the file and say what would change"))
    imports.set_defaults(func=cmd_import_estate)
    export = sub.add_parser("export", help=_("export a register to Excel"))
    export.add_argument("register", choices=["estate", "mail", "complaints",
                                             "release-passes"])
    export.add_argument("--month", help=_("the month of the mail register or the "
                                          "complaint statistics, YYYY-MM"))
    export.add_argument("-o", "--output", required=True)
    export.add_argument("--force", action="store_true",
                        help=_("replace the output file if it exists"))
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.config import LocalConfig
    from app.i18n import set_locale
    from app.logging_setup import setup_logging

    keep_files_private()
    set_locale(LocalConfig.load().locale)
    args = build_parser().parse_args(argv)
    if args.command in (None, "gui"):
        from app.views.application import run_gui

        return run_gui()
    log_path = setup_logging()
    try:
        result: int = args.func(args)
    except CommandRefused as refused:
        print(refused.message, file=sys.stderr)
        return 2
    except Exception:
        # A CLI user gets a sentence and the log's location, never a traceback.
        logging.getLogger(__name__).exception("Command %s failed", args.command)
        print(_("Sorry, the command did not complete. The details were written to the log "
                "file:\n{path}").format(path=log_path), file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
