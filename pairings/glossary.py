"""The one glossary table: every policy term the data and the UI use, with its English label.

``KINDS`` maps a ``kind`` value (the policy term itself, as written in the CSVs) to
its English label and the entity types it may be used for. The checker rejects a
``kind`` that is not a key here; the app takes every label from here.

To add a kind: add one line, with an English label and the entity types it applies to.
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
    "对口支援": Kind("paired assistance (supporter → recipient)", (PAIRING,), "directed arc"),
    "扶贫协作": Kind("east–west poverty-alleviation pairing", (PAIRING,), "directed arc"),
    "东西部协作": Kind("east–west cooperation", (PAIRING,), "directed arc"),
    "对口协作": Kind("paired collaboration", (PAIRING,), "arc"),
    "省际合作": Kind("inter-provincial cooperation mechanism", (PAIRING,), "arc"),
    "城市合作": Kind("city-to-city cooperation", (PAIRING,), "arc"),
    "新区合作": Kind("new-area cooperation", (PAIRING,), "arc"),
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
