"""The site record and first-run set-up (首次使用向导)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import validation
from app.i18n import _
from app.models.site import Site
from app.models.staff import Role
from app.services.errors import ValidationFailed
from app.services.permissions import PUBLIC, Permission, needs
from app.services.record_changes import check_version
from app.services.staff import new_staff, validate_new_staff
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class SiteInfo:
    name: str
    phone: str
    address: str
    #: The version these values were read at (``get_site``); not saved.
    version: int = 1


@needs(PUBLIC)
def is_set_up(uow: UnitOfWork) -> bool:
    """A database with a site is set up; the staff service keeps it with an active manager."""
    with uow.read() as session:
        return session.scalar(select(Site.id).limit(1)) is not None


@needs(PUBLIC)
def get_site(uow: UnitOfWork) -> SiteInfo:
    with uow.read() as session:
        site = session.scalars(select(Site).order_by(Site.id).limit(1)).first()
        if site is None:
            return SiteInfo(_("Villa Desk"), "", "")
        return SiteInfo(site.name, site.phone, site.address, site.version)


#: The site's header on every printout: name, phone and address, as the columns hold them.
SITE_SPEC: validation.Spec = {
    "name": validation.Text(100), "phone": validation.Text(40), "address": validation.Text(200),
}
_SITE_KEYS = {"name": "site_name", "phone": "site_phone", "address": "site_address"}


def validate_site(info: SiteInfo) -> dict[str, str]:
    limits = validation.check(SITE_SPEC, info, _SITE_KEYS)
    if limits:  # the format checks below assume text they can read
        return limits
    return validation.collect({
        "site_name": (validation.required, info.name),
        "site_phone": (validation.phone, info.phone),
    })


@needs(PUBLIC, note="only on a database without a site")
def set_up(uow: UnitOfWork, info: SiteInfo, agent_no: str, name: str, password: str) -> None:
    """Create the site and its first manager. Only allowed while neither exists."""
    errors = validate_site(info)
    try:
        validate_new_staff(False, agent_no, name, password)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    with uow.transaction() as session:
        # Only an empty database can be set up: checking for a site (not for an active
        # manager) inside the writing transaction means no state of the staff list, and no
        # second desk starting at the same moment, can open a back door to a new manager.
        if session.scalar(select(Site.id).limit(1)) is not None:
            raise ValidationFailed({"site_name": _("This database is already set up.")})
        session.add(Site(name=info.name.strip(), phone=info.phone.strip(),
                         address=info.address.strip()))
        session.add(new_staff(agent_no, name, Role.MANAGER, password, uow.clock.now()))


@needs(Permission.MANAGE_RULES)
def update_site(uow: UnitOfWork, info: SiteInfo, *,
                expected_version: int | None = None) -> None:
    errors = validate_site(info)
    if errors:
        raise ValidationFailed(errors)
    with uow.transaction() as session:
        site = session.scalars(select(Site).order_by(Site.id).limit(1)).first()
        if site is None:
            site = Site()
            session.add(site)
        else:
            check_version(session, site, expected_version, site.name)
        site.name, site.phone, site.address = info.name.strip(), info.phone.strip(), \
            info.address.strip()
