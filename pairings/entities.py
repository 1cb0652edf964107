"""The one registry of entity types: pairings, zones, basins, platforms.

Every module that needs to know which entity types exist, which file holds them, which column is
their id, which prefix their ids carry or what they are called in the UI iterates over
:data:`ENTITY_TYPES` (or looks one up with :func:`entity_type` / :func:`by_file`) instead of
writing the four types out again. A new entity type is one entry here (plus its columns in
:mod:`pairings.schema` and, on the app side, a layer in ``mapview.layers``).

In:  nothing (plain constants). Out: :class:`EntityType` records, in the order the files are
checked, the layers are drawn (bottom to top: areas first) and the tables are listed.
"""

from __future__ import annotations

from dataclasses import dataclass

PAIRING, ZONE, BASIN, PLATFORM = "pairing", "zone", "basin", "platform"


@dataclass(frozen=True)
class EntityType:
    """One entity type.

    - ``name``: the type's key (``pairing`` …), used in code, URLs and the ``etype`` column;
    - ``file``: the stem of its CSV in ``pairings/data/`` (``pairings`` → ``pairings.csv``);
    - ``id_column``: its id column (``pairing_id``);
    - ``id_prefix``: the prefix every id carries (``pair`` → ``pair-liaoning-jiangsu``);
    - ``label_zh`` / ``label_en``: what the UI calls the type (plural, a layer name);
    - ``is_area``: True when an entity is drawn as the area of its member units (zones, basins);
    - ``party_role``: how the entity relates to admin units: ``parties`` (two parties a/b),
      ``members`` (a list of member units) or ``host`` (one host unit, or a country abroad);
    - ``refs_columns``: the columns that hold its admin-unit references, in order.
    """

    name: str
    file: str
    id_column: str
    id_prefix: str
    label_zh: str
    label_en: str
    is_area: bool
    party_role: str
    refs_columns: tuple[str, ...]

    def label(self, lang: str = "zh") -> str:
        """The type's UI label in ``lang`` (``zh`` or ``en``)."""
        return self.label_en if lang == "en" else self.label_zh


ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType(PAIRING, "pairings", "pairing_id", "pair", "结对关系", "pairings", False, "parties",
               ("a_ref", "b_ref")),
    EntityType(ZONE, "zones", "zone_id", "zone", "合作区域", "zones", True, "members", ("member_adcodes",)),
    EntityType(BASIN, "basins", "basin_id", "basin", "流域", "basins", True, "members", ("member_adcodes",)),
    EntityType(PLATFORM, "platforms", "platform_id", "plat", "合作平台", "platforms", False, "host",
               ("host_adcode",)),
)

#: the type names, in registry order
ENTITY_TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in ENTITY_TYPES)
#: the types drawn as the area of their member units (zones, basins)
AREA_TYPES: frozenset[str] = frozenset(t.name for t in ENTITY_TYPES if t.is_area)

_BY_NAME = {t.name: t for t in ENTITY_TYPES}
_BY_FILE = {t.file: t for t in ENTITY_TYPES}
_BY_PREFIX = {t.id_prefix: t for t in ENTITY_TYPES}


def entity_type(name: str) -> EntityType:
    """The :class:`EntityType` called ``name`` (``pairing`` …); KeyError for an unknown name."""
    return _BY_NAME[name]


def by_file(file: str) -> EntityType | None:
    """The entity type stored in ``<file>.csv`` (``zones`` → zone), or None (documents, mentions)."""
    return _BY_FILE.get(file)


def type_of_id(entity_id: str) -> EntityType | None:
    """The entity type an id belongs to, from its prefix (``plat-qianhai`` → platform), or None."""
    prefix, _, rest = str(entity_id).partition("-")
    return _BY_PREFIX.get(prefix) if rest else None


def entity_label(name: str, lang: str = "zh") -> str:
    """UI label of an entity type in ``lang``: ``entity_label("zone", "en") == "zones"``."""
    return _BY_NAME[name].label(lang)
