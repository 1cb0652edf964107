"""Ids for new entities and rows of the curated CSVs from accepted candidates.

Part of the extractor (:mod:`pairings.extract` re-exports :func:`to_curated_rows` and
:func:`propose_doc_id` as public API).
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from pairings import patterns as P
from pairings.extract.context import issuing_place
from pairings.extract.known import load_curated
from pairings.extract.lists import split_list
from pairings.extract.places import PlaceIndex, fold_traditional, place_at, place_index
from pairings.entities import ENTITY_TYPES
from pairings.glossary import BASIN, PAIRING, PLATFORM

#: entity type -> the prefix of its ids (pairings.entities, the one registry)
ID_PREFIX = {t.name: t.id_prefix for t in ENTITY_TYPES}


def proposed_id(entity_type: str, name: str) -> str:
    """An id in the project's format (``pair-…``, ``zone-…``, ``basin-…``, ``plat-…``, lower-case
    pinyin with hyphens) for a new entity named ``name``."""
    from pypinyin import lazy_pinyin

    words: list[str] = []
    for chunk in re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", fold_traditional(name)):
        if re.match(r"[A-Za-z0-9]", chunk):
            words.append(chunk.lower())
            continue
        words.extend("".join(lazy_pinyin(w)).lower() for w in _words(chunk))
    slug = "-".join(w for w in words if w)[:60].strip("-") or "x"
    return f"{ID_PREFIX[entity_type]}-{slug}"


#: documents.csv doc ids (pairings.schema.DOC_ID): lower-case letters, digits and _, a letter first
DOC_ID = re.compile(r"[a-z][a-z0-9_]*")


def propose_doc_id(name: str = "", title: str = "", date: str = "", existing: Iterable[str] = ()) -> str:
    """A documents.csv id for a new text, in the project's style (issuer or topic + year:
    ``ndrc2015``, ``sichuan2019``) and valid for the schema (``[a-z][a-z0-9_]*``).

    The stem is the place the title speaks for (``黑龙江省…`` -> ``heilongjiang``), else the file
    ``name`` written in ASCII (``new_policy.txt`` -> ``new_policy``), else the pinyin initials of
    the title, else ``upload``; the year of ``date`` is added. Unique against ``existing``
    (``…_2``, ``…_3``)."""
    from pypinyin import lazy_pinyin


    stem = ""
    title = fold_traditional(title or "").strip()
    place = issuing_place(title, place_index()) if title else None
    if place is not None:
        stem = "".join(lazy_pinyin(place.short_name or place.name)).lower()
    if not stem and name:
        ascii_name = re.sub(r"\.[A-Za-z0-9]{1,4}$", "", name).lower()
        stem = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:30].strip("_")
    if not stem and title:
        stem = "".join(w[0] for w in lazy_pinyin(re.sub(r"[^\u4e00-\u9fff]", "", title)) if w)[:12].lower()
    stem = stem or "upload"
    if not stem[0].isalpha():
        stem = "doc_" + stem
    year = re.match(r"\d{4}", date or "")
    if year and not stem.endswith(year.group()):
        stem += year.group() if stem[-1].isalpha() else "_" + year.group()
    taken = set(existing)
    doc_id, n = stem, 2
    while doc_id in taken:
        doc_id, n = f"{stem}_{n}", n + 1
    assert DOC_ID.fullmatch(doc_id), doc_id
    return doc_id


def _words(chunk: str) -> list[str]:
    """Split a Chinese name into words for an id: the area suffix, place names, then two
    characters at a time (成都平原经济区 -> 成都 平原 经济区)."""
    suffix = next((s for s, _, _ in P.AREA_SUFFIXES if chunk.endswith(s) and len(chunk) > len(s)), "")
    head = chunk[: len(chunk) - len(suffix)]
    idx = place_index()
    out, i = [], 0
    while i < len(head):
        run = len(head[i:]) - len(head[i:].lstrip("".join(idx.abbr)))
        if run >= 2 and not place_at(head, i, idx):
            out.append(head[i:i + run])  # 京津冀, 川滇黔: one word
            i += run
            continue
        for length in idx.strict_lengths.get(head[i], ()):
            if length >= 2 and head[i:i + length] in idx.strict:
                out.append(head[i:i + length])
                i += length
                break
        else:
            out.append(head[i:i + 2])
            i += 2
    return out + ([suffix] if suffix else [])


def _membership_source(refs: list[str], note: str) -> str:
    """What a new zone or basin row says about its members: nothing when the text lists them,
    that they are missing, or (members taken from a province abbreviation, 黔中经济区) that they
    are an approximation to check."""
    if not refs:
        return "成员未在文中列出,待补充"
    if note.startswith("members approximate"):
        return "近似:成员未在文中列出,暂以名称中省份简称所指的省代替,待核实"
    partial = re.search(r"partial: ([\d;]+)", note)
    if partial:  # 开县、云阳的部分地区: the text says only parts of these belong
        return f"文中列出;部分地区成员:{partial.group(1)}"
    return ""


def _curated_name(entity_id: str) -> str:
    """Name of a curated zone, basin or platform by id ("" when unknown)."""

    tables = load_curated()
    for table, column in (("zones", "zone_id"), ("basins", "basin_id"), ("platforms", "platform_id")):
        frame = tables.get(table)
        if frame is not None and not frame.empty and column in frame:
            hit = frame[frame[column] == entity_id]
            if len(hit):
                return str(hit.iloc[0]["name"])
    return ""


def _pairing_id(names: list[str], idx: PlaceIndex) -> str:
    from pypinyin import lazy_pinyin

    parts = []
    for name in names:
        units = idx.gazetteer.resolve(name)
        suffixes = "|".join(re.escape(suffix) for suffix, _, _ in P.AREA_SUFFIXES)
        short = units[0].short_name if units else re.sub(rf"(省|市|自治区|特别行政区|地区|{suffixes})$", "", name) or name
        parts.append("".join(lazy_pinyin(short)).lower())
    return "pair-" + "-".join(parts)


def to_curated_rows(candidates: pd.DataFrame, doc_meta: dict, *, gazetteer=None,
                    existing_ids: Iterable[str] = ()) -> dict[str, pd.DataFrame]:
    """Rows for the curated CSVs from accepted candidates.

    In: candidate rows (as from :func:`extract_text`; only :data:`COLUMNS` are required) and the
    document's metadata (``doc_id``, ``title``, ``issuer``, ``date``, ``text_file``; ``doc_id``
    defaults to the candidates' ``doc``). Out: dict with ``documents``, ``pairings``, ``zones``,
    ``basins``, ``platforms``, ``mentions`` DataFrames in the curated schema (DESIGN.md).
    A candidate that is already curated (``entity_id`` set) gives only a mention; a new one gives
    an entity row with a fresh id (unique against ``existing_ids``) and a mention.
    """
    idx = place_index(gazetteer)
    gaz = idx.gazetteer
    doc_id = doc_meta.get("doc_id") or (str(candidates["doc"].iloc[0]) if len(candidates) else "")
    documents = pd.DataFrame([{
        "doc_id": doc_id, "title": doc_meta.get("title", ""), "title_en": doc_meta.get("title_en", ""),
        "issuer": doc_meta.get("issuer", ""), "issuer_en": doc_meta.get("issuer_en", ""),
        "date": doc_meta.get("date", ""), "text_file": doc_meta.get("text_file", f"pairings/texts/{doc_id}.txt"),
    }])
    used = set(existing_ids)
    out: dict[str, list[dict]] = {"pairings": [], "zones": [], "basins": [], "platforms": [], "mentions": []}

    def fresh(base: str) -> str:
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    # an area party is written by its id: its name from the candidates, else from the curated CSVs
    area_names: dict[str, str] = {}
    for row in candidates.to_dict("records"):
        if row["entity_type"] != PAIRING:
            area_names[proposed_id(row["entity_type"], row["name"])] = row["name"]
            if row.get("entity_id"):
                area_names[str(row["entity_id"])] = row["name"]

    def names_of(codes: list[str]) -> list[str]:
        out_names = []
        for code in codes:
            unit = gaz.get(code) if re.fullmatch(r"\d{6}", code) else None
            out_names.append(unit.name if unit else area_names.get(code) or _curated_name(code) or code)
        return out_names

    new_ids: dict[tuple[str, str], str] = {}
    renamed: dict[str, str] = {}  # id a pairing proposed for a new area party -> the id the area got
    records = candidates.to_dict("records")
    # areas first, so that a pairing with a new area as a party refers to the id the area gets
    records.sort(key=lambda r: r["entity_type"] == PAIRING)
    for row in records:
        etype = row["entity_type"]
        refs = [renamed.get(ref, ref) for ref in split_list(row.get("refs"))]
        entity_id = str(row.get("entity_id") or "")
        if not entity_id:
            key = (etype, row["name"])
            if key in new_ids:
                entity_id = new_ids[key]
            elif etype == PAIRING:
                party = split_list(row.get("party_names")) or names_of(refs)
                entity_id = fresh(_pairing_id(party, idx))
                a_ref, b_ref = (refs + ["", ""])[:2]
                a_name, b_name = (party + ["", ""])[:2]
                out["pairings"].append({
                    "pairing_id": entity_id, "kind": row["kind"], "a_name": a_name, "a_ref": a_ref,
                    "b_name": b_name, "b_ref": b_ref,
                    # refs are supporter first: a directed kind without a direction column is a_to_b
                    "direction": row.get("direction") or (
                        "a_to_b" if row["kind"] in P.DIRECTED_KINDS | {"横向生态补偿"} else "mutual"),
                    # basis: the parties were read from the quote (a reviewer changes it if not)
                    "basis": "text" if a_ref and b_ref else "inferred",
                })
            else:
                entity_id = fresh(proposed_id(etype, row["name"]))
                renamed[proposed_id(etype, row["name"])] = entity_id
                if etype == PLATFORM:
                    host = gaz.get(refs[0]) if refs and re.fullmatch(r"\d{6}", refs[0]) else None
                    abroad = re.search(r"country: ([^;]+)", str(row.get("note") or ""))
                    out["platforms"].append({
                        "platform_id": entity_id, "name": row["name"], "aliases": "", "kind": row["kind"],
                        "host_name": host.name if host else "", "host_adcode": host.adcode if host else "",
                        # a park abroad: the country its name gives (中国—白俄罗斯工业园 -> 白俄罗斯)
                        "country": "中国" if host else (abroad.group(1).strip() if abroad else ""),
                        "lon": host.lon if host else "",
                        "lat": host.lat if host else "",
                        "basis": "text" if host else "inferred",
                    })
                else:
                    member_row = {
                        "name": row["name"], "aliases": "", "kind": row["kind"],
                        "member_names": ";".join(names_of(refs)), "member_adcodes": ";".join(refs),
                        "membership_source": _membership_source(refs, str(row.get("note") or "")),
                        # members read from the quote: text; not written there: inferred until reviewed
                        "basis": "text" if refs else "inferred",
                    }
                    if etype == BASIN:
                        rivers = re.sub(r"(流域|生态经济带|经济带)$", "", row["name"])
                        out["basins"].append({"basin_id": entity_id, **member_row, "rivers": rivers.replace("－", ";").replace("-", ";")})
                    else:
                        out["zones"].append({"zone_id": entity_id, **member_row})
            new_ids[(etype, row["name"])] = entity_id
        out["mentions"].append({"entity_id": entity_id, "doc_id": doc_id, "clause": row["clause"], "quote": row["quote"]})
    columns = {
        "pairings": ["pairing_id", "kind", "a_name", "a_ref", "b_name", "b_ref", "direction", "basis"],
        "zones": ["zone_id", "name", "aliases", "kind", "member_names", "member_adcodes", "membership_source", "basis"],
        "basins": ["basin_id", "name", "aliases", "kind", "rivers", "member_names", "member_adcodes", "membership_source",
                   "basis"],
        "platforms": ["platform_id", "name", "aliases", "kind", "host_name", "host_adcode", "country", "lon", "lat",
                      "basis"],
        "mentions": ["entity_id", "doc_id", "clause", "quote"],
    }
    result = {"documents": documents}
    for name, rows in out.items():
        result[name] = pd.DataFrame(rows, columns=columns[name])
    return result
