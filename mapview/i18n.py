"""Content in the reader's language: names of entities, units and documents (pure).

In: rows of ``Dataset.entities`` / ``Dataset.documents`` (dicts, pandas rows or namedtuples) and
``lang`` (``zh`` or ``en``). Out: plain text (never HTML: escape it where it reaches a page).

- Zones, basins and platforms carry ``name_en`` in their CSV; pairings do not, so their English
  name is built from the parties: each party's gazetteer ``name_en`` (an adcode) or the
  ``name_en`` of the entity it refers to (天府新区—雄安新区), joined by `` – `` (mutual) or
  `` → `` (``a_to_b``: supporter → recipient, upstream → downstream). ``Liaoning – Jiangsu``.
- Documents: ``title_en`` / ``issuer_en`` when the table has them and they are filled, else the
  Chinese text (a graceful fallback: the reader still sees the real title).
- Whatever has no English falls back to its Chinese text, never to an id.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

_CJK = re.compile(r"[\u3400-\u9fff]")

MUTUAL_SEP = " – "
DIRECTED_SEP = " → "


def _get(row: Any, key: str, default: str = "") -> str:
    """``row[key]`` for a dict / pandas Series, ``row.key`` for a namedtuple; '' for missing/NaN."""
    if row is None:
        return default
    if isinstance(row, Mapping) or hasattr(row, "keys"):
        try:
            value = row[key] if key in row.keys() else default
        except (KeyError, TypeError):
            value = default
    else:
        value = getattr(row, key, default)
    if value is None:
        return default
    try:
        import pandas as pd

        if not isinstance(value, (tuple, list)) and pd.isna(value):
            return default
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _gazetteer():
    import geo

    return geo.gazetteer()


def unit_name(adcode: str, lang: str = "zh", gaz=None, short: bool = False) -> str:
    """Name of an admin unit: its full (or ``short``) Chinese name, or its gazetteer ``name_en``;
    the code itself when the gazetteer does not know it."""
    gaz = gaz or _gazetteer()
    unit = gaz.get(str(adcode))
    if unit is None:
        return str(adcode)
    if lang == "en" and unit.name_en:
        return unit.name_en
    return unit.short_name if short and unit.short_name else unit.name


def _party_en(name: str, ref: str, gaz, entity_names: Mapping[str, str] | None) -> str:
    ref = str(ref or "").strip()
    if len(ref) == 6 and ref.isdigit():
        unit = gaz.get(ref)
        if unit is not None and unit.name_en:
            return unit.name_en
    elif ref and entity_names and entity_names.get(ref):
        return entity_names[ref]
    return name


def display_name(entity_row: Any, lang: str = "zh", gaz=None,
                 entity_names: Mapping[str, str] | None = None) -> str:
    """The name of an entity as the reader sees it.

    ``zh``: the row's ``name`` (a pairing's ``甲—乙`` / ``甲→乙``). ``en``: ``name_en`` when filled;
    for a pairing without one, ``"<a> – <b>"`` / ``"<a> → <b>"`` from the parties' English names
    (``entity_names``: ``{entity id: English name}`` for parties that are entities — build it with
    :func:`english_names`); any part without English stays Chinese.
    """
    name = _get(entity_row, "name")
    if lang != "en":
        return name or _get(entity_row, "eid")
    own = _get(entity_row, "name_en")
    if own:
        return own
    if _get(entity_row, "etype") == "pairing" or _get(entity_row, "a_ref"):
        gaz = gaz or _gazetteer()
        a = _party_en(_get(entity_row, "a_name"), _get(entity_row, "a_ref"), gaz, entity_names)
        b = _party_en(_get(entity_row, "b_name"), _get(entity_row, "b_ref"), gaz, entity_names)
        if a and b:
            sep = DIRECTED_SEP if _get(entity_row, "direction") == "a_to_b" else MUTUAL_SEP
            return f"{a}{sep}{b}"
    return name or _get(entity_row, "eid")


def english_names(entities) -> dict[str, str]:
    """``{entity id: name_en}`` for the rows of an entity table that have one."""
    if entities is None or "name_en" not in getattr(entities, "columns", ()):
        return {}
    sub = entities[entities["name_en"].fillna("").astype(str).str.strip() != ""]
    return dict(zip(sub["eid"], sub["name_en"].astype(str).str.strip()))


def display_names(entities, lang: str = "zh", gaz=None) -> dict[str, str]:
    """``{entity id: display_name(row, lang)}`` for a whole entity table (one gazetteer lookup set)."""
    if lang == "en":
        gaz = gaz or _gazetteer()
    names = english_names(entities)
    return {r["eid"]: display_name(r, lang, gaz, names) for r in entities.to_dict("records")}


def document_title(doc_row: Any, lang: str = "zh") -> str:
    """A document's title: ``title_en`` in English when filled, else ``title``."""
    if lang == "en" and _get(doc_row, "title_en"):
        return _get(doc_row, "title_en")
    return _get(doc_row, "title") or _get(doc_row, "doc_id")


def document_issuer(doc_row: Any, lang: str = "zh") -> str:
    """A document's issuer: ``issuer_en`` in English when filled, else ``issuer``."""
    if lang == "en" and _get(doc_row, "issuer_en"):
        return _get(doc_row, "issuer_en")
    return _get(doc_row, "issuer")


def _year_of(doc_row: Any) -> str:
    date = _get(doc_row, "date")
    return date[:4] if len(date) >= 4 and date[:4].isdigit() else ""


def document_label(doc_row: Any, lang: str = "zh", max_chars: int | None = None) -> str:
    """A short label for tables, charts and lists (never the id when there is a title).

    The ``short_title`` / ``short_title_en`` column when the table has one; else the title — for a
    Chinese title, its subject after the issuer's ``关于`` when it has one (``国家发展改革委关于进一步
    加强区域合作工作的指导意见`` → ``进一步加强区域合作工作的指导意见``) — cut to ``max_chars`` (16 for
    Chinese text, 48 for English) with an ellipsis, followed by the year: ``…（2018）`` / ``… (2018)``.
    """
    short = _get(doc_row, "short_title_en" if lang == "en" else "short_title")
    title = short or document_title(doc_row, lang)
    chinese = bool(_CJK.search(title))
    if not short and chinese and title.find("关于") > 0:
        title = title.split("关于", 1)[1].strip() or title
    limit = max_chars if max_chars is not None else (16 if chinese else 48)
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    year = _year_of(doc_row)
    if not year or year in title:
        return title
    return f"{title} ({year})" if lang == "en" else f"{title}（{year}）"


def document_labels(documents, lang: str = "zh") -> dict[str, str]:
    """``{doc_id: document_label(row, lang)}``; labels made unique by adding the id if two collide."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    rows = documents.to_dict("records")
    labels = [document_label(r, lang) for r in rows]
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    for r, label in zip(rows, labels):
        out[r["doc_id"]] = label if seen[label] == 1 else f"{label} [{r['doc_id']}]"
    return out


def kind_label(kind: str, lang: str = "zh") -> str:
    """A policy term (``kind``) in ``lang``: the glossary's English label, or the term itself."""
    from pairings.glossary import english

    return english(kind) if lang == "en" else kind
