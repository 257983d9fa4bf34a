"""How the demo's sign-in accounts are told: after the demo is built, and at every sign-in."""

from __future__ import annotations

from html import escape

from app.demo.build import DEMO_PASSWORD, DemoAccount
from app.i18n import _
from app.services.permissions import role_title


def accounts_text(accounts: list[DemoAccount]) -> str:
    """Rich text: a small table of agent number, name and role, then the shared password."""
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{escape(a.agent_no)}</b></td>"
        f"<td style='padding-right:16px'>{escape(a.name)}</td>"
        f"<td>{escape(role_title(a.role))}</td></tr>"
        for a in accounts)
    return (
        "<p>" + escape(_("This is the demo database. Sign in with one of these agent "
                         "numbers; every password is {password}.")
                       .format(password=DEMO_PASSWORD)) + "</p>"
        + f"<table>{rows}</table>"
    )
