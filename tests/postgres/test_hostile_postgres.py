"""The hostile-input property tests again on the real PostgreSQL server, where NUL bytes,
lone surrogates and out-of-range numbers fail differently than on SQLite (this directory's
``opened`` puts the fixtures on PostgreSQL)."""

from __future__ import annotations

from tests.services.test_every_action_hostile import (  # noqa: F401
    test_every_action_answers_hostile_values_without_crashing,
)
from tests.services.test_hostile_input import (  # noqa: F401
    defaults,
    test_a_call_is_logged_exactly_or_refused,
    test_a_fee_item_is_stored_exactly_or_refused,
    test_a_work_order_is_opened_exactly_or_refused,
    test_every_step_of_an_order_stores_its_text_exactly_or_refuses,
    test_the_answer_book_stores_exactly_and_searches_or_refuses,
    test_the_estate_register_stores_exactly_or_refuses,
    test_the_work_order_list_filters_or_refuses,
)
