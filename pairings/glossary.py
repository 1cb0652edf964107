"""The one glossary table: every policy term the data and the UI use, with its English label.

``KINDS`` maps a ``kind`` value (the policy term itself, as written in the CSVs) to
its English label and the entity types it may be used for. The checker rejects a
``kind`` that is not a key here; the app takes every label from here.

To add a kind: add one line, with an English label and the entity types it applies to; a kind
whose pairings are directed (``a_to_b``) also gets its role words in ``ROLES``.

``BASIS`` explains each value of the ``basis`` column (what kind of evidence a row rests on).
"""

from __future__ import annotations

from typing import NamedTuple

from pairings.entities import ENTITY_TYPES as _ENTITY_TYPES


class Kind(NamedTuple):
    en: str
    entity_types: tuple[str, ...]
    on_map: str


PAIRING, ZONE, BASIN, PLATFORM = "pairing", "zone", "basin", "platform"
ENTITY_TYPES = (PAIRING, ZONE, BASIN, PLATFORM)

KINDS: dict[str, Kind] = {
    # pairings: a relation between two parties
    "对口合作": Kind("paired cooperation", (PAIRING,), "arc between two parties"),
    "对口支援": Kind("paired assistance (supporting side → recipient)", (PAIRING,), "directed arc"),
    "扶贫协作": Kind("east–west poverty-alleviation pairing", (PAIRING,), "directed arc"),
    "东西部协作": Kind("east–west cooperation", (PAIRING,), "directed arc"),
    "对口协作": Kind("paired collaboration", (PAIRING,), "arc"),
    "省际合作": Kind("inter-provincial cooperation mechanism", (PAIRING,), "arc"),
    "城市合作": Kind("city-to-city cooperation", (PAIRING,), "arc"),
    "新区合作": Kind("new-area cooperation", (PAIRING,), "arc"),
    "内地与港澳合作": Kind("Mainland–Hong Kong/Macao cooperation", (PAIRING,), "arc"),
    "区域合作": Kind("regional cooperation", (PAIRING,), "arc"),
    "横向生态补偿": Kind(
        "horizontal (upstream–downstream) ecological compensation", (PAIRING, BASIN), "basin + directed arc"
    ),
    # zones: areas made of admin units
    "国家重大区域战略": Kind("major national regional strategy", (ZONE,), "zone"),
    "城市群": Kind("city cluster", (ZONE,), "zone"),
    "都市圈": Kind("metropolitan area", (ZONE,), "zone"),
    "同城化": Kind("city integration area", (ZONE,), "zone"),
    "省际交界地区": Kind("inter-provincial border area", (ZONE,), "zone"),
    "经济区": Kind("economic zone", (ZONE,), "zone"),
    "区域板块": Kind("macro-region", (ZONE,), "zone"),
    "对口支援地区": Kind("aid-recipient area", (ZONE,), "zone"),
    "特殊类型地区": Kind("special-type area", (ZONE,), "zone"),
    "区域合作区": Kind("regional cooperation area (members of a standing cooperation mechanism)", (ZONE,), "zone"),
    "创新走廊": Kind("science and innovation corridor", (ZONE,), "zone"),
    "承接产业转移示范区": Kind("industrial-transfer demonstration zone", (ZONE,), "zone"),
    "生态示范区": Kind("ecological demonstration zone", (ZONE,), "zone"),
    "一带一路核心区": Kind("Belt and Road core area", (ZONE,), "zone"),
    # basins: rivers and river economic belts
    "流域经济带": Kind("river economic belt", (BASIN,), "basin"),
    "流域": Kind("river basin", (BASIN,), "basin"),
    # platforms: sites
    "合作园区": Kind("cooperation park", (PLATFORM,), "platform"),
    "合作区": Kind("cooperation zone", (PLATFORM,), "platform"),
    "试验区": Kind("pilot zone", (PLATFORM,), "platform"),
    "示范区": Kind("demonstration zone", (PLATFORM,), "platform"),
    "国家级新区": Kind("state-level new area", (PLATFORM,), "platform"),
    "自由贸易试验区": Kind("pilot free trade zone", (PLATFORM,), "platform"),
    "境外合作园区": Kind("overseas cooperation park", (PLATFORM,), "platform"),
    "博览会": Kind("expo", (PLATFORM,), "platform"),
    "经济开发区": Kind("economic development zone", (PLATFORM,), "platform"),
    "城市副中心": Kind("city sub-centre", (PLATFORM,), "platform"),
}

class Roles(NamedTuple):
    """The role words of a directed kind: what party a and party b are, in Chinese and English.

    ``a_zh`` / ``b_zh`` and ``a_en`` / ``b_en``; ``note_zh`` / ``note_en`` say in one sentence what
    the arrow a → b means for this kind (shown in the legend and the exports).
    """

    a_zh: str
    b_zh: str
    a_en: str
    b_en: str
    note_zh: str
    note_en: str


#: The one table of role words: every kind whose pairings may be ``a_to_b`` (directed) has an
#: entry; the panel, the legend, the tooltips and every export take the words from here
#: (:func:`role_words`). A mutual kind has no entry: both parties are simply 双方 / the parties.
ROLES: dict[str, Roles] = {
    "对口支援": Roles("支援方", "受援方", "supporting side", "recipient",
                    "箭头由支援方指向受援方", "the arrow points from the supporting side to the recipient"),
    "扶贫协作": Roles("帮扶方", "被帮扶方", "helping side", "helped side",
                    "箭头由帮扶方指向被帮扶方", "the arrow points from the helping side to the helped side"),
    "东西部协作": Roles("帮扶方", "被帮扶方", "helping side", "helped side",
                     "箭头由帮扶方指向被帮扶方", "the arrow points from the helping side to the helped side"),
    "横向生态补偿": Roles(
        "上游（保护方）", "下游（受益、补偿方）", "upstream (protecting side)",
        "downstream (benefiting side, which pays)",
        "箭头顺河流方向由上游指向下游；补偿资金由下游付给上游",
        "the arrow follows the river from upstream to downstream; the compensation is paid the other way"),
}


def role_words(kind: str, lang: str = "zh") -> tuple[str, str] | None:
    """``(a-role, b-role)`` of a directed ``kind`` in ``lang`` (``zh`` or ``en``), or None when the
    kind has no roles (a mutual kind, or a term not in :data:`ROLES`).

    ``role_words("横向生态补偿") == ("上游（保护方）", "下游（受益、补偿方）")``.
    """
    roles = ROLES.get(kind)
    if roles is None:
        return None
    return (roles.a_en, roles.b_en) if lang == "en" else (roles.a_zh, roles.b_zh)


def role_note(kind: str, lang: str = "zh") -> str:
    """One sentence saying what the arrow a → b means for ``kind``; empty when it has no roles."""
    roles = ROLES.get(kind)
    if roles is None:
        return ""
    return roles.note_en if lang == "en" else roles.note_zh


class Basis(NamedTuple):
    """One value of the ``basis`` column: a short label and a sentence, in Chinese and English."""

    label_zh: str
    label_en: str
    explain_zh: str
    explain_en: str


#: The values of ``basis`` (pairings/schema.py BASIS_VALUES, same order) and what they mean.
BASIS: dict[str, Basis] = {
    "text": Basis("原文点名", "stated in the text",
                  "原文点名了双方、列出了成员或点名了平台及其所在地",
                  "the text names the parties, lists the members or names the platform and its place"),
    "plan": Basis("据官方规划", "from the official plan",
                  "成员取自官方规划（见“成员来源”），并已与规划核对",
                  "the members come from the official plan (see the membership source) and were checked "
                  "against it"),
    "computed": Basis("计算得出", "computed",
                      "由本项目按边界或河道计算得出（见“成员来源”）",
                      "derived by the project from boundaries or river courses (see the membership source)"),
    "inferred": Basis("整理者推定", "inferred",
                      "由整理者推定，原文未点名或未列出成员",
                      "inferred by the curators: the text does not name it or list its members"),
}


def basis_label(basis: str, lang: str = "zh", *, short: bool = False) -> str:
    """The explanation of a ``basis`` value in ``lang`` (``zh`` or ``en``); with ``short=True`` the
    short label (legend, filters). An unknown value is returned as it is.

    ``basis_label("inferred", "en") == "inferred by the curators: the text does not name it"``.
    """
    entry = BASIS.get(basis)
    if entry is None:
        return basis
    if short:
        return entry.label_en if lang == "en" else entry.label_zh
    return entry.explain_en if lang == "en" else entry.explain_zh


#: entity type -> (zh, en) label, from the one registry (pairings.entities); the app's own UI
#: strings live in mapview/i18n.py
ENTITY_TYPE_LABELS: dict[str, tuple[str, str]] = {t.name: (t.label_zh, t.label_en) for t in _ENTITY_TYPES}


def kinds_for(entity_type: str) -> list[str]:
    """Return the ``kind`` values allowed for one entity type, in table order."""
    return [term for term, kind in KINDS.items() if entity_type in kind.entity_types]


def english(term: str) -> str:
    """English label of a policy term; the term itself when it is not in the table."""
    kind = KINDS.get(term)
    return kind.en if kind else term
