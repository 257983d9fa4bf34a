"""Which carrier a tracking number is likely from: a suggestion for the mail register's
intake form, never a check. A number no pattern knows is registered just as well.

The domestic patterns follow the public table of BF-zh/Courier-Validation
(src/pattern/*.ts, commit 97e7d48c), which puts EMS and China Post parcels under one
"邮政" pattern ``[981]\\d{12}``; here 13 digits starting 1 are suggested as EMS (the
domestic EMS waybill) and those starting 9 or 8 as China Post parcels (邮政快递包裹).
International mail (UPU S10: two letters, nine digits, a country code) is EMS when its
service indicator starts with E, otherwise China Post, which delivers it in China; its
check digit is ``app.validation.upu_s10``'s job, not this module's.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from app.i18n import N_, _
from app.validation import normalise_tracking_number


class Carrier(enum.StrEnum):
    SF = "sf"  # 顺丰速运
    JD = "jd"  # 京东物流
    YTO = "yto"  # 圆通速递
    ZTO = "zto"  # 中通快递
    STO = "sto"  # 申通快递
    YUNDA = "yunda"  # 韵达快递
    JT = "jt"  # 极兔速递
    DEPPON = "deppon"  # 德邦快递
    EMS = "ems"  # 中国邮政 EMS
    CHINA_POST = "china_post"  # 中国邮政

    @property
    def title(self) -> str:
        return _(_TITLES[self])


_TITLES = {
    Carrier.SF: N_("SF Express"),
    Carrier.JD: N_("JD Logistics"),
    Carrier.YTO: N_("YTO Express"),
    Carrier.ZTO: N_("ZTO Express"),
    Carrier.STO: N_("STO Express"),
    Carrier.YUNDA: N_("Yunda Express"),
    Carrier.JT: N_("J&T Express"),
    Carrier.DEPPON: N_("Deppon Express"),
    Carrier.EMS: N_("EMS"),
    Carrier.CHINA_POST: N_("China Post"),
}


@dataclass(frozen=True)
class _Pattern:
    carrier: Carrier
    regex: re.Pattern[str]
    #: The literal letters the pattern requires ("SF", "E…CN"): a number carrying a
    #: carrier's own letters says more than one made of digits alone.
    letters: str


def _p(carrier: Carrier, pattern: str, letters: str = "") -> _Pattern:
    return _Pattern(carrier, re.compile(pattern), letters)


_PATTERNS = (
    _p(Carrier.SF, r"SF[0-9A-Z]?[0-9]{12}", "SF"),
    _p(Carrier.JD, r"JD[0-9A-Z]{2}[0-9]{11}", "JD"),  # JDVA…, JDX0…
    _p(Carrier.YTO, r"YT[0-9]{13}", "YT"),
    _p(Carrier.JT, r"JT[0-9]{13}", "JT"),
    _p(Carrier.DEPPON, r"DPK[0-9]{12}", "DPK"),
    _p(Carrier.ZTO, r"7[3-68][0-9]{12}"),
    _p(Carrier.STO, r"(77|43)[0-9]{12,15}"),
    _p(Carrier.YUNDA, r"[34][0-9]{14}|5[0-9]{12}"),
    _p(Carrier.EMS, r"1[0-9]{12}"),
    _p(Carrier.CHINA_POST, r"[98][0-9]{12}|P[A-Z][0-9]{11}", "P"),
    _p(Carrier.EMS, r"E[A-Z][0-9]{9}CN", "ECN"),  # EMS from and within China
    _p(Carrier.EMS, r"E[A-Z][0-9]{9}[A-Z]{2}", "E"),  # EMS from abroad
    _p(Carrier.CHINA_POST, r"[A-Z]{2}[0-9]{9}[A-Z]{2}"),  # registered, parcels, …
)


def suggest_carrier(number: str) -> Carrier | None:
    """The carrier a number most likely comes from, or ``None`` when no pattern knows it or
    patterns of different carriers fit it equally well (a 15-digit number starting 43 fits
    both STO and Yunda): a wrong suggestion would be copied into the register unread."""
    text = normalise_tracking_number(number)
    matches = [p for p in _PATTERNS if p.regex.fullmatch(text)]
    if not matches:
        return None
    best = max(len(p.letters) for p in matches)
    carriers = {p.carrier for p in matches if len(p.letters) == best}
    return carriers.pop() if len(carriers) == 1 else None
