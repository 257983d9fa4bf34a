"""Who is doing something: the signed-in staff member, as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.staff import Role


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    agent_no: str
    name: str
    role: Role

    @property
    def label(self) -> str:
        return f"{self.name} ({self.agent_no})"


#: Used by the CLI, migrations and demo data; never by a person at the desk.
SYSTEM = Actor(None, "SYS", "system", Role.MANAGER)
