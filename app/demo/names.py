"""Plausible Chinese names and phone numbers for demo households."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN_MALE = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "志强", "海峰", "文博",
    "宇航", "浩然", "子轩", "俊杰", "国华", "振宇", "立新", "晓东", "建华", "永刚", "德明",
)
GIVEN_FEMALE = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "秀英", "桂兰", "晓燕", "美玲",
    "雨涵", "欣怡", "佳怡", "梓萱", "思琪", "慧敏", "淑珍", "丽华", "红梅", "玉兰", "婉清",
)
MOBILE_PREFIXES = (
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177",
    "180", "181", "186", "187", "188", "189", "199",
)


def person_name(rng: random.Random, female: bool | None = None, surname: str | None = None) -> str:
    if female is None:
        female = rng.random() < 0.5
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return (surname or rng.choice(SURNAMES)) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
