"""The standard answer book: the desk looks answers up, supervisors keep them current."""

from __future__ import annotations

import pytest

from app.services.answer_book import (
    AnswerDraft,
    create_answer,
    search_answers,
    set_answer_active,
    topics,
    update_answer,
)
from app.services.errors import NotFound, PermissionDenied, ValidationFailed
from app.services.uow import UnitOfWork

FEES = AnswerDraft("物业费", "物业费怎么缴纳？",
                   "可在会所前台刷卡或微信支付，也可银行代扣；每季度首月缴纳。", "缴费、付款，微信")
WATER = AnswerDraft("维修", "停水什么时候恢复？", "请以物业公告为准，一般两小时内恢复。",
                    "停水 供水")


def test_a_supervisor_writes_answers_and_the_receptionist_finds_them_by_any_word(
        supervisor: UnitOfWork, receptionist: UnitOfWork) -> None:
    fees = create_answer(supervisor, FEES)
    create_answer(supervisor, WATER)
    assert fees.updated_by_name == "刘主管"
    assert fees.keywords == "缴费 付款 微信"  # separators people type are made uniform

    assert [r.id for r in search_answers(receptionist, "物业费")] == [fees.id]  # topic/question
    assert [r.id for r in search_answers(receptionist, "代扣")] == [fees.id]  # answer text
    assert [r.id for r in search_answers(receptionist, "付款")] == [fees.id]  # keywords
    assert [r.id for r in search_answers(receptionist, "微信 季度")] == [fees.id]  # every word
    assert search_answers(receptionist, "微信 停水") == []
    assert len(search_answers(receptionist, "")) == 2
    assert search_answers(receptionist, "%") == []  # typed wildcards are literal
    assert topics(receptionist) == ["物业费", "维修"]


def test_receptionists_read_but_do_not_edit(supervisor: UnitOfWork,
                                            receptionist: UnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        create_answer(receptionist, FEES)
    fees = create_answer(supervisor, FEES)
    with pytest.raises(PermissionDenied):
        update_answer(receptionist, fees.id, WATER)
    with pytest.raises(PermissionDenied):
        set_answer_active(receptionist, fees.id, False)


def test_an_answer_needs_a_question_and_an_answer(supervisor: UnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as err:
        create_answer(supervisor, AnswerDraft("物业费", " ", ""))
    assert set(err.value.errors) == {"question", "answer"}
    with pytest.raises(NotFound):
        update_answer(supervisor, 999, FEES)


def test_an_outdated_answer_is_withdrawn_not_deleted(
        supervisor: UnitOfWork, receptionist: UnitOfWork, manager: UnitOfWork) -> None:
    fees = create_answer(supervisor, FEES)
    changed = update_answer(manager, fees.id, AnswerDraft(
        "物业费", "物业费怎么缴纳？", "请通过业主App缴纳，前台可协助操作。", "缴费 App"))
    assert changed.updated_by_name == "陈经理"
    assert [r.answer for r in search_answers(receptionist, "App")] == [changed.answer]

    withdrawn = set_answer_active(supervisor, fees.id, False)
    assert not withdrawn.active
    assert search_answers(receptionist, "物业费") == []
    # The receptionist cannot ask for withdrawn answers; the supervisor can, to restore one.
    assert search_answers(receptionist, "物业费", include_inactive=True) == []
    hidden = search_answers(supervisor, "物业费", include_inactive=True)
    assert [r.active for r in hidden] == [False]
    assert set_answer_active(supervisor, fees.id, True).active
