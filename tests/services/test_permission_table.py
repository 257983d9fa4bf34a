"""One permission table, held to the code by calling every action as every role.

Every public service function that takes the unit of work first is an action, declared
with ``@needs(...)``. Here each one is called as the morning receptionist, the supervisor,
the manager, a receptionist whose account was deactivated after she signed in, and the
program itself — with placeholder arguments, since the check comes before the body uses
any of them. Refused (``PermissionDenied``) must mean exactly "the table says no"; any
other outcome (done, a complaint about the placeholder arguments, not found) means the
check let the call through.
"""

from __future__ import annotations

import inspect
import io
import traceback
from collections.abc import Callable
from types import ModuleType, TracebackType

import pytest
from openpyxl import load_workbook

from app.models.households import IdDocType
from app.models.reception import Channel, EntryClass
from app.models.staff import Role
from app.models.work_order_rules import REQUIRED_PERMISSION
from app.models.work_order_rules import Action as WorkOrderAction
from app.models.work_orders import Department
from app.services import (
    daily_record,
    estate,
    estate_excel,
    households,
    promises,
    reception,
    roster,
    staff,
    work_order_queries,
    work_order_slips,
    work_orders,
)
from app.services.actor import SYSTEM
from app.services.errors import PermissionDenied
from app.services.estate_sheets import PEOPLE_SHEET, VILLA_SHEET
from app.services.permissions import ACTIONS, NOTES, PUBLIC, Permission, may, needs
from app.services.uow import UnitOfWork
from app.services.work_categories import list_categories
from scripts import permissions_table
from tests.conftest import PASSWORD, actor
from tests.hostile import release

FULL, MASKED = "13812345678", "138****5678"


class Placeholder:
    """An argument no action can use for anything real."""

    def __repr__(self) -> str:
        return "<placeholder>"


def placeholder_call(fn: Callable[..., object], uow: UnitOfWork) -> None:
    """Call ``fn`` with ``uow`` and a placeholder for every argument it requires."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for parameter in list(inspect.signature(fn).parameters.values())[1:]:
        if parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = Placeholder()
        elif parameter.kind in (inspect.Parameter.POSITIONAL_ONLY,
                                inspect.Parameter.POSITIONAL_OR_KEYWORD):
            args.append(Placeholder())
    release(fn(uow, *args, **kwargs))


def body_ran(fn: Callable[..., object], tb: TracebackType | None) -> bool:
    body = inspect.unwrap(fn).__code__
    return any(frame.f_code is body for frame, _line in traceback.walk_tb(tb))


@pytest.fixture
def desk(uow: UnitOfWork, manager: UnitOfWork) -> dict[str, UnitOfWork]:
    """Everyone who may try an action: the three roles, a receptionist (009) whom the
    manager deactivated after she signed in, and the program itself (CLI, start-up)."""
    staff.create_staff(manager, "009", "赵晓", Role.RECEPTIONIST, PASSWORD)
    leaver = actor(uow, "009")
    row = next(s for s in staff.list_staff(manager) if s.agent_no == "009")
    staff.set_active(manager, row.id, False)
    return {
        "receptionist": uow.as_actor(actor(uow, "008")),
        "supervisor": uow.as_actor(actor(uow, "002")),
        "manager": manager,
        "deactivated": uow.as_actor(leaver),
        "program": uow.as_actor(SYSTEM),
    }


def test_every_action_is_declared_with_what_it_needs() -> None:
    actions = permissions_table.all_actions()
    undeclared = [name for name, fn in actions.items() if permissions_table.need_of(fn) is None]
    assert undeclared == [], f"declare these with @needs(...): {undeclared}"
    assert set(ACTIONS) == set(actions)
    assert set(NOTES) <= set(ACTIONS)


def test_an_undeclared_new_action_is_named() -> None:
    """The discovery sees a new register's action that nobody declared."""
    module = ModuleType("app.services.parcels")

    def register_parcel(uow: UnitOfWork, tracking_no: str) -> None: ...

    def hand_over(uow: UnitOfWork, parcel_id: int) -> None: ...

    def _private(uow: UnitOfWork) -> None: ...

    def not_an_action(text: str) -> None: ...

    for fn in (register_parcel, hand_over, _private, not_an_action):
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    try:
        module.hand_over = needs(Permission.RECORD)(hand_over)
        found = dict(permissions_table.actions_of(module))
    finally:
        ACTIONS.pop("parcels.hand_over", None)  # declared just now: not a real action
    assert sorted(found) == ["parcels.hand_over", "parcels.register_parcel"]
    assert permissions_table.need_of(found["parcels.register_parcel"]) is None
    assert permissions_table.need_of(found["parcels.hand_over"]) is Permission.RECORD


def test_every_permission_is_needed_by_some_action() -> None:
    """A permission nothing checks (like VIEW_REPORTS was) promises what the code does not
    do. SEE_PHONES is the one about what is shown (app/services/privacy.py)."""
    needed = {need for need in ACTIONS.values() if isinstance(need, Permission)}
    assert set(Permission) - needed == {Permission.SEE_PHONES}


def test_the_work_order_actions_need_what_their_buttons_follow() -> None:
    """The work-order tab shows its buttons by REQUIRED_PERMISSION; the services check
    their @needs. One must not drift from the other."""
    service = {WorkOrderAction.EDIT: "edit_work_order", WorkOrderAction.CALLBACK: "callback"}
    for action, permission in REQUIRED_PERMISSION.items():
        name = "work_orders." + service.get(action, action.value)
        assert ACTIONS[name] == Permission(permission), name
    assert ACTIONS["work_orders.callback_not_reached"] == Permission(
        REQUIRED_PERMISSION[WorkOrderAction.CALLBACK])


def test_every_action_refuses_exactly_whom_the_table_refuses(
        desk: dict[str, UnitOfWork]) -> None:
    wrong: list[str] = []
    for name, fn in permissions_table.all_actions().items():
        need = ACTIONS[name]
        for who, uow in desk.items():
            if who == "deactivated" and need is PUBLIC:
                # Needs no sign-in, so it is run with the program's unit of work; run with
                # a changed account's, that unit of work may refuse it (AccountChanged).
                continue
            expected = may(uow.actor, need) and who != "deactivated"
            try:
                placeholder_call(fn, uow)
            except PermissionDenied as refused:
                if expected and name not in NOTES:  # a noted action may refuse on its data
                    wrong.append(f"{who} was refused {name}: {refused}")
                elif not expected and body_ran(fn, refused.__traceback__):
                    wrong.append(f"{who} was refused {name} only after its body ran")
                continue
            except Exception:  # anything but a refusal: the check let it through
                pass
            if not expected:
                wrong.append(f"{who} may {name}, but the table says it needs {need}")
    assert wrong == []


def test_the_table_reviewers_read_is_up_to_date() -> None:
    assert permissions_table.TABLE.read_text(encoding="utf-8") == permissions_table.render(), (
        "docs/permissions.md is stale: run python -m scripts.permissions_table")


# -- what a receptionist reads: the archives without their confidential fields -----------

def _strings(value: object) -> str:
    """Everything a result shows, as one text."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_strings(k) + " " + _strings(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(_strings(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return " ".join(_strings(getattr(value, f)) for f in value.__dataclass_fields__)
    return str(value)


def test_a_receptionist_reads_the_archives_with_phones_and_id_numbers_masked(
        desk: dict[str, UnitOfWork], villas: dict[str, int], tmp_path: object) -> None:
    """A day's records touching 张伟 of A-12: his call, a work order, his file, the roster
    plumber, the estate export. The receptionist sees every one of them masked; the
    supervisor (SEE_PHONES) sees the same reads in full, so the check can tell."""
    supervisor, manager = desk["supervisor"], desk["manager"]
    villa = villas["A-12"]
    owner = next(p for h in estate.households_of(supervisor, villa) for p in h.people
                 if p.name == "张伟")
    person = estate.person_for_edit(supervisor, owner.id)
    from dataclasses import replace

    estate.update_person(supervisor, owner.id, replace(
        person, id_doc_type=IdDocType.RESIDENT_ID, id_doc_number="330106198001011235"))
    id_number = "330106198001011235"
    plumber_phone = "13566667777"
    member_id = roster.add_member(supervisor, "李师傅", Department.ENGINEERING, plumber_phone)
    entry = reception.log_entry(desk["receptionist"], reception.NewEntry(
        Channel.PHONE, EntryClass.REPAIR, "张伟", "主卫洗手盆水龙头漏水", villa_id=villa,
        contact_phone=FULL))
    reception.log_entry(desk["receptionist"], reception.NewEntry(
        Channel.PHONE, EntryClass.INQUIRY, "张伟", "泳池冬季开放吗？", villa_id=villa,
        contact_phone=FULL, promise_answer=True))
    work_orders.ensure_defaults(manager)
    water = next(c.id for c in list_categories(manager) if c.name == "给排水")
    order = work_orders.open_work_order(desk["receptionist"], work_orders.WorkOrderDraft(
        content="主卫洗手盆水龙头漏水", department=Department.ENGINEERING, category_id=water,
        villa_id=villa, contact_name="张伟", contact_phone=FULL, entry_id=entry.id))
    day = order.received_at.date()

    def reads(uow: UnitOfWork) -> str:
        path = tmp_path / f"estate-{uow.actor.agent_no}.xlsx"  # type: ignore[operator]
        estate_excel.export_estate(uow, path)
        book = load_workbook(io.BytesIO(path.read_bytes()))
        exported = [c for sheet in (book[VILLA_SHEET], book[PEOPLE_SHEET])  # not the help
                    for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        return _strings([
            households.contact_for_villa(uow, villa),
            households.household_file(uow, villa),
            households.search_villas(uow, "5678"),
            estate.households_of(uow, villa),
            roster.list_roster(uow),
            roster.member(uow, member_id),
            reception.list_entries(uow, reception.EntryFilter(day, day)),
            reception.entry_detail(uow, entry.id),
            work_order_queries.work_order_detail(uow, order.id),
            work_order_queries.list_work_orders(uow, work_order_queries.WorkOrderFilter()),
            promises.open_promises(uow),
            daily_record.daily_record_data(uow, day),
            exported,
        ])

    seen_by_receptionist = reads(desk["receptionist"])
    seen_by_supervisor = reads(supervisor)
    for secret in (FULL, id_number, plumber_phone):
        assert secret not in seen_by_receptionist
        assert secret in seen_by_supervisor
    assert MASKED in seen_by_receptionist
    assert households.contact_for_villa(desk["receptionist"], villa) == ("张伟", MASKED)
    assert households.contact_for_villa(supervisor, villa) == ("张伟", FULL)
    assert work_order_slips.slip_data(desk["receptionist"], order.id) is not None


def test_only_a_function_taking_the_unit_of_work_first_can_be_declared() -> None:
    """A declaration left above a class (code inserted between it and its function) fails
    at import instead of turning the class into an action."""

    class SealCheck:
        ok: bool

    def seal_text(entry_text: str) -> str:
        return entry_text

    for thing in (SealCheck, seal_text):
        with pytest.raises(TypeError):
            needs(Permission.MANAGE_DATA)(thing)  # type: ignore[arg-type]
