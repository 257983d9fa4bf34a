"""The pinyin of a person's name, kept on the record so the desk finds 张三 by ``zs``.

Pure rules (no I/O): ``pinyin_of("张三") == "zhangsan"``, ``initials_of("张三") == "zs"``.
A surname read differently from the same character elsewhere (单 is shan as a surname, dan
otherwise) is read as a surname when it opens the name. Latin letters and digits are kept,
lower-cased, so "Tom Lee" is "tomlee" / "tl". pypinyin is imported on first use (≈ 0.2 s).
"""

from __future__ import annotations

import re
import unicodedata

#: Surnames whose usual reading differs from the character's first reading (多音字姓氏).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "覃": "qin", "盖": "ge", "乐": "yue", "缪": "miao", "种": "chong",
    "秘": "bi", "繁": "po", "员": "yun", "召": "shao", "长孙": "zhang sun", "尉迟": "yu chi",
    "万俟": "mo qi", "单于": "chan yu", "翟": "zhai", "柏": "bai", "祭": "zhai", "褚": "chu",
}
_LATIN = re.compile(r"[a-z0-9]+")


def _syllables(name: str) -> list[str]:
    from pypinyin import lazy_pinyin

    text = unicodedata.normalize("NFKC", name).strip().lower()
    if not text:
        return []
    head: list[str] = []
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if text.startswith(surname):
            head = SURNAME_READINGS[surname].split()  # 长孙: zhang, sun
            text = text[len(surname):]
            break
    out = list(head)
    for part in lazy_pinyin(text):
        # Non-Chinese runs come back whole ("tom lee"): keep their letters and digits, word
        # by word, so each word gives an initial.
        out.extend(_LATIN.findall(part.lower()))
    return out


def pinyin_of(name: str) -> str:
    return "".join(_syllables(name))[:400]


def initials_of(name: str) -> str:
    return "".join(s[0] for s in _syllables(name) if s)[:60]
