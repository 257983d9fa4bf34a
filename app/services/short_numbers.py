"""The site's internal short numbers (内部短号): the clubhouse extensions a caller may give.

A contact phone is a mobile, a landline, or one of these. The list is a site setting the
manager keeps (``app.settings.SHORT_NUMBERS``); services read it here and hand it to
``validation.phone``, which stays free of I/O. Anything else of 3–6 digits is refused, so a
mobile cut off while typing ("139472") is not saved as a "short number".
"""

from __future__ import annotations

import functools
import re

from sqlalchemy.orm import Session

from app import validation
from app.i18n import _
from app.services.errors import ValidationFailed
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork
from app.settings import SHORT_NUMBERS, read_setting, write_setting
from app.validation import Validator

#: More than this is not an extension list any more.
MAX_NUMBERS = 100


def short_numbers(session: Session) -> frozenset[str]:
    return frozenset(read_setting(session, SHORT_NUMBERS))


def phone_check(session: Session) -> Validator:
    """``validation.phone`` with this site's short numbers, for ``validation.collect``."""
    return functools.partial(validation.phone, short_numbers=short_numbers(session))


@needs(SIGNED_IN)
def list_short_numbers(uow: UnitOfWork) -> list[str]:
    with uow.read() as session:
        return sorted(short_numbers(session))


def parse_short_numbers(text: str) -> list[str]:
    """Numbers typed one per line, or separated by commas, spaces or 、; each checked."""
    numbers: list[str] = []
    problems: list[str] = []
    for part in re.split(r"[\s,，、;；]+", text):
        if not part:
            continue
        number = validation.normalize_phone(part)
        message = validation.short_number(number)
        if message:
            problems.append(message)
        elif number not in numbers:
            numbers.append(number)
    if not problems and len(numbers) > MAX_NUMBERS:
        problems.append(_("At most {n} short numbers.").format(n=MAX_NUMBERS))
    if problems:
        raise ValidationFailed({"short_numbers": "\n".join(problems)})
    return sorted(numbers)


@needs(Permission.MANAGE_RULES)
def set_short_numbers(uow: UnitOfWork, text: str) -> list[str]:
    """The manager replaces the site's list; an empty text means no short numbers."""
    validation.enforce({"short_numbers": validation.Text(4000, multiline=True)},
                       {"short_numbers": text})
    numbers = parse_short_numbers(text)
    with uow.transaction() as session:
        write_setting(session, SHORT_NUMBERS, numbers)
    return numbers
