"""What the mail register's values are called on screen, in print and in the export."""

from __future__ import annotations

from app.i18n import N_, _
from app.models.households import IdDocType
from app.models.mail import CollectorKind, MailKind, MailState

_KINDS = {
    MailKind.EMS: N_("EMS (express mail)"),
    MailKind.REGISTERED: N_("Registered"),
    MailKind.AIRMAIL: N_("Airmail"),
    MailKind.EXPRESS: N_("Express"),
    MailKind.PARCEL_SLIP: N_("Parcel slip"),
    MailKind.REMITTANCE_SLIP: N_("Remittance slip"),
    MailKind.COURIER: N_("Courier parcel"),
}
#: The paper register's own words, whatever the screen's language.
KIND_PAPER = {
    MailKind.EMS: "特快专递", MailKind.REGISTERED: "挂号", MailKind.AIRMAIL: "航空",
    MailKind.EXPRESS: "快件", MailKind.PARCEL_SLIP: "包裹单", MailKind.REMITTANCE_SLIP: "汇款单",
    MailKind.COURIER: "快递包裹",
}
_STATES = {MailState.WAITING: N_("Waiting"), MailState.PICKED_UP: N_("Picked up"),
           MailState.RETURNED: N_("Returned to sender")}
STATE_PAPER = {MailState.WAITING: "待领取", MailState.PICKED_UP: "已领取",
               MailState.RETURNED: "已退回"}
_TAKERS = {CollectorKind.OWNER: N_("Owner"), CollectorKind.FAMILY: N_("Family member"),
           CollectorKind.COLLECTOR: N_("Authorised collector"),
           CollectorKind.OTHER: N_("Someone else (ID document)")}
TAKER_PAPER = {CollectorKind.OWNER: "业主", CollectorKind.FAMILY: "家属",
               CollectorKind.COLLECTOR: "授权代领", CollectorKind.OTHER: "凭证代领"}
_DOCS = {IdDocType.RESIDENT_ID: N_("Resident ID card"), IdDocType.PASSPORT: N_("Passport"),
         IdDocType.HK_MACAO_PERMIT: N_("Home-return permit (HK/Macao)"),
         IdDocType.TAIWAN_PERMIT: N_("Taiwan compatriot permit"),
         IdDocType.OTHER: N_("Other document")}
DOC_PAPER = {IdDocType.RESIDENT_ID: "身份证", IdDocType.PASSPORT: "护照",
             IdDocType.HK_MACAO_PERMIT: "港澳通行证", IdDocType.TAIWAN_PERMIT: "台胞证",
             IdDocType.OTHER: "其他证件"}


def kind_title(kind: MailKind) -> str:
    return _(_KINDS[MailKind(kind)])


def state_title(state: MailState) -> str:
    return _(_STATES[MailState(state)])


def taker_title(kind: CollectorKind) -> str:
    return _(_TAKERS[CollectorKind(kind)])


def doc_title(doc: IdDocType) -> str:
    return _(_DOCS[IdDocType(doc)])
