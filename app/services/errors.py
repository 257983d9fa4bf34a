"""Errors a service raises for the user to read. Messages are already translated."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the user can fix or should know; ``str(err)`` is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(ServiceError):
    """One or more fields are wrong; ``errors`` maps field name → message for that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("\n".join(errors.values()))
        self.errors = errors


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    """The record changed under us or the action does not fit its current state."""


class StaleRecord(Conflict):
    """The form was loaded from an older version of the record than the one saved now:
    another desk changed it meanwhile. Nothing was saved. ``changes`` says in plain words
    what changed since the form's version; ``version`` is the record's current one."""

    def __init__(self, message: str, changes: tuple[str, ...], version: int) -> None:
        super().__init__(message)
        self.changes = changes
        self.version = version
