"""The whole audit check a manager runs: the chain, the records against it, and the seals.

Each part finds what the others cannot: the chain finds an entry altered or removed; the
replay finds a record changed, added or deleted behind the log's back; the seals find a
log cut short, emptied or rewritten with recomputed hashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.i18n import _
from app.services.audit import TamperReport, verify_chain
from app.services.audit_replay import replay_records
from app.services.audit_seals import Seal, check_seals


@dataclass(frozen=True)
class AuditCheck:
    chain: TamperReport
    problems: tuple[str, ...]  # plain words, the first bad entry or record first
    seals_checked: int

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems

    def summary(self) -> str:
        if self.ok:
            return _("Audit log intact: {count} entries checked, every record matches its "
                     "history, {seals} seals agree.").format(count=self.chain.checked,
                                                             seals=self.seals_checked)
        return _("The audit check found {n} problem(s).").format(n=len(self.problems))


def chain_problem(report: TamperReport) -> str:
    reasons = {"altered": _("was altered"), "missing": _("is missing"),
               "truncated": _("and later entries were removed")}
    return _("Audit log broken: entry {id} {reason} ({count} entries intact before it).").format(
        id=report.first_bad_id, reason=reasons[report.reason], count=report.checked)


def check_audit(session: Session, seals: Iterable[Seal]) -> AuditCheck:
    seals = list(seals)
    chain = verify_chain(session)
    problems: list[str] = [] if chain.ok else [chain_problem(chain)]
    problems += [p.describe() for p in check_seals(session, seals)]
    problems += [p.describe() for p in replay_records(session)]
    return AuditCheck(chain, tuple(problems), len(seals))
