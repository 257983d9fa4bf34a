"""Files kept with a record (evidence, scanned consent), stored by content hash.

See ``app/models/attachments.py`` for why the bytes live in the database. Files are
added, never removed or replaced: a wrong file stays, and the record's own notes say so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.attachments import Attachment, AttachmentContent
from app.models.base import Base
from app.models.staff import Staff
from app.services.errors import Conflict, NotFound, ServiceError
from app.services.permissions import SIGNED_IN, Permission, needs
from app.services.uow import UnitOfWork

#: A phone photo or a scanned page is a few MB; a video of a noisy party is not evidence
#: the desk can keep in its database.
MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    record_type: str
    record_id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: dt.datetime


def media_type_of(file_name: str) -> str:
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def _check_record(session: Session, record_type: str, record_id: int) -> None:
    table = Base.metadata.tables.get(record_type)
    if table is None or record_type.startswith("attachment") or "id" not in table.c:
        raise ServiceError(_("Files cannot be kept with a record of type {kind}.")
                           .format(kind=record_type))
    if session.execute(select(table.c.id).where(table.c.id == record_id)).first() is None:
        raise NotFound(_("The record to keep the file with no longer exists."))


def attach_in(session: Session, staff_id: int, now: dt.datetime, record_type: str,
              record_id: int, file_name: str, data: bytes) -> Attachment:
    """Keep ``data`` with the record inside the caller's transaction."""
    name = Path(file_name).name.strip() or "file"
    if not data:
        raise ServiceError(_("The file {name} is empty.").format(name=name))
    if len(data) > MAX_BYTES:
        raise ServiceError(_("The file {name} is larger than {limit} MB; keep a smaller "
                             "copy (a photo or a scan at lower resolution).")
                           .format(name=name, limit=MAX_BYTES // (1024 * 1024)))
    _check_record(session, record_type, record_id)
    digest = hashlib.sha256(data).hexdigest()
    if session.get(AttachmentContent, digest) is None:
        session.add(AttachmentContent(sha256=digest, data=data))
        session.flush()
    attachment = Attachment(record_type=record_type, record_id=record_id, file_name=name[:255],
                            media_type=media_type_of(name), size=len(data), sha256=digest,
                            added_by_id=staff_id, added_at=now)
    session.add(attachment)
    session.flush()
    return attachment


def _info(attachment: Attachment, added_by: str) -> AttachmentInfo:
    return AttachmentInfo(attachment.id, attachment.record_type, attachment.record_id,
                          attachment.file_name, attachment.media_type, attachment.size,
                          attachment.sha256, added_by, attachment.added_at)


def _staff_id(uow: UnitOfWork) -> int:
    if uow.actor.staff_id is None:
        raise Conflict(_("Sign in to keep a file with a record."))
    return uow.actor.staff_id


@needs(Permission.RECORD)
def add_bytes(uow: UnitOfWork, record_type: str, record_id: int, file_name: str,
              data: bytes) -> AttachmentInfo:
    with uow.transaction() as session:
        attachment = attach_in(session, _staff_id(uow), uow.clock.now(), record_type,
                               record_id, file_name, data)
        return _info(attachment, uow.actor.label)


@needs(Permission.RECORD)
def add_file(uow: UnitOfWork, record_type: str, record_id: int, path: Path) -> AttachmentInfo:
    return add_bytes(uow, record_type, record_id, path.name, read_file(path))


def read_file(path: Path) -> bytes:
    """The bytes of a file the user chose, or a message saying why not."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ServiceError(_("The file {name} is larger than {limit} MB; keep a smaller "
                                 "copy (a photo or a scan at lower resolution).")
                               .format(name=path.name, limit=MAX_BYTES // (1024 * 1024)))
        return path.read_bytes()
    except FileNotFoundError:
        raise ServiceError(_("The file {path} is not there any more.").format(path=path)) \
            from None
    except IsADirectoryError:
        raise ServiceError(_("{path} is a folder; choose a file.").format(path=path)) from None
    except PermissionError:
        raise ServiceError(_("The file {path} cannot be read (no permission).")
                           .format(path=path)) from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it, a device error
        raise ServiceError(_("The file {path} cannot be read: {reason}")
                           .format(path=path, reason=exc)) from None


@needs(SIGNED_IN)
def attachments_of(uow: UnitOfWork, record_type: str, record_id: int) -> list[AttachmentInfo]:
    with uow.read() as session:
        rows = session.execute(
            select(Attachment, Staff.name, Staff.agent_no)
            .join(Staff, Staff.id == Attachment.added_by_id)
            .where(Attachment.record_type == record_type, Attachment.record_id == record_id)
            .order_by(Attachment.id)).all()
        return [_info(a, f"{name} ({agent_no})") for a, name, agent_no in rows]


@needs(SIGNED_IN)
def content(uow: UnitOfWork, attachment_id: int) -> bytes:
    with uow.read() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise NotFound(_("That file is not kept here."))
        stored = session.get(AttachmentContent, attachment.sha256)
        data = stored.data if stored is not None else b""
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise ServiceError(_("The stored copy of {name} does not match what was kept: the "
                             "database was changed outside the program. Run the audit "
                             "check and restore a backup.").format(name=attachment.file_name))
    return data
