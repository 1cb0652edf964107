"""Curated entities the extractor recognises by name: loading the CSVs, written forms, scanning.

Part of the extractor (:mod:`pairings.extract`). In: the curated tables (``pairings/data``).
Out: :class:`Known` entities with the forms to look for, an index of them, and their
occurrences in a sentence (:func:`scan_known`).
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from pairings import patterns as P
from pairings.entities import ENTITY_TYPES
from pairings.extract.lists import CUT_WORD, longest_matches, split_list
from pairings.extract.places import Area, Key, PlaceIndex, Token, lengths_by_first, simplify
from pairings.glossary import PAIRING, PLATFORM

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: entity type -> its CSV (without .csv) and its id column, from the one registry (pairings.entities)
ENTITY_FILES = {t.name: t.file for t in ENTITY_TYPES}
ID_COLUMNS = {t.name: t.id_column for t in ENTITY_TYPES}




# ----------------------------------------------------------------------------- curated entities

@dataclass(frozen=True)
class Known:
    """A curated entity the extractor recognises by name: id, type, kind, written forms, refs."""

    entity_id: str
    entity_type: str
    kind: str
    name: str
    forms: tuple[str, ...]
    refs: tuple[str, ...]
    direction: str = ""
    party_names: str = ""


def load_curated(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """The curated CSVs as DataFrames of strings: ``documents, pairings, zones, basins, platforms,
    mentions`` (``<name>.csv`` in ``data_dir``, default ``pairings/data``). Missing files give empty
    frames (mentions: with its four columns)."""
    from pairings.encoding import decode

    base = Path(data_dir) if data_dir else DATA_DIR
    tables: dict[str, pd.DataFrame] = {}

    def read(path: Path) -> pd.DataFrame:
        text = decode(path.read_bytes()).text
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)

    for name in ("documents", "pairings", "zones", "basins", "platforms"):
        path = base / f"{name}.csv"
        tables[name] = read(path) if path.exists() else pd.DataFrame()
    mentions = base / "mentions.csv"
    tables["mentions"] = (
        read(mentions) if mentions.exists() else pd.DataFrame(columns=["entity_id", "doc_id", "clause", "quote"])
    )
    return tables


def _data_stamp(base: Path) -> tuple:
    """(file, modification time) of every curated CSV, so a cache notices an edited file."""
    files = sorted(base.glob("*.csv"))
    return tuple((str(f), f.stat().st_mtime_ns) for f in files)


@functools.lru_cache(maxsize=4)
def _cached_known(stamp: tuple, key) -> tuple:
    return tuple(known_entities(load_curated(), key.obj if key is not None else None))


def default_known(idx: PlaceIndex | None = None) -> list:
    """:func:`known_entities` of the curated CSVs in ``pairings/data``, cached until a file changes."""
    return list(_cached_known(_data_stamp(DATA_DIR), Key(idx) if idx is not None else None))


def known_entities(tables: dict[str, pd.DataFrame], idx: PlaceIndex | None = None,
                   exclude_doc: str | None = None) -> list[Known]:
    """Curated entities with the written forms to look for.

    Zones, basins, platforms: name and aliases (normalised variants with ``-`` for dashes and
    half-width brackets added). Pairings: ``a与b``/``a和b`` in full and short forms, both orders,
    and the two-abbreviation compound of two provinces. ``exclude_doc``: leave out entities whose
    only mentions are in that document (so an evaluation does not learn a document's answers).
    """
    only_in: set[str] = set()
    if exclude_doc is not None and not tables["mentions"].empty:
        by_entity = tables["mentions"].groupby("entity_id")["doc_id"].agg(set)
        only_in = {eid for eid, docs in by_entity.items() if docs == {exclude_doc}}
    out: list[Known] = []
    for etype in (t.name for t in ENTITY_TYPES if t.party_role != "parties"):  # zones, basins, platforms
        frame = tables.get(ENTITY_FILES[etype])
        if frame is None or frame.empty:
            continue
        for row in frame.to_dict("records"):
            eid = row.get(ID_COLUMNS[etype], "")
            if not eid or eid in only_in:
                continue
            forms = {row.get("name", "")} | set(split_list(row.get("aliases")))
            forms |= {simplify(f).replace("—", "-").replace("－", "-") for f in forms}
            forms = {f for f in forms if len(f) >= 2}
            if etype == PLATFORM:
                refs = tuple(split_list(row.get("host_adcode")))
            else:
                refs = tuple(split_list(row.get("member_adcodes")))
            out.append(Known(eid, etype, row.get("kind", ""), row.get("name", ""), tuple(sorted(forms, key=len, reverse=True)), refs))
    frame = tables.get("pairings")
    if frame is not None and not frame.empty:
        for row in frame.to_dict("records"):
            eid = row.get("pairing_id", "")
            if not eid or eid in only_in:
                continue
            a_names, b_names = {row["a_name"]}, {row["b_name"]}
            abbrs = []
            for ref, names in ((row["a_ref"], a_names), (row["b_ref"], b_names)):
                unit = idx.unit(ref) if idx is not None and re.fullmatch(r"\d{6}", ref or "") else None
                if unit is not None:
                    names.add(unit.short_name)
                    abbrs.append(unit.abbr if unit.level == "province" else "")
            forms = set(split_list(row.get("aliases")))
            if row.get("basin_ref"):
                # one pairing per river: the bare "a与b" / compound belongs to the pairing without a river
                a_names, b_names, abbrs = set(), set(), []
            for a in a_names:
                for b in b_names:
                    for join in ("与", "和"):
                        forms.add(a + join + b)
                        forms.add(b + join + a)
            if len(abbrs) == 2 and all(abbrs):
                forms.add(abbrs[0] + abbrs[1])
                forms.add(abbrs[1] + abbrs[0])
            out.append(Known(eid, PAIRING, row.get("kind", ""), f"{row['a_name']}—{row['b_name']}",
                             tuple(sorted({f for f in forms if len(f) >= 2}, key=len, reverse=True)),
                             (row["a_ref"], row["b_ref"]), row.get("direction", ""),
                             f"{row['a_name']};{row['b_name']}"))
    return out


@dataclass
class KnownIndex:
    forms: dict[str, list[Known]]
    maxlen: int
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)


def known_index(known: Iterable[Known], types: set[str]) -> KnownIndex:
    forms: dict[str, list[Known]] = {}
    for k in known:
        if k.entity_type not in types:
            continue
        for f in k.forms:
            forms.setdefault(f, []).append(k)
    return KnownIndex(forms, max(map(len, forms), default=0), lengths_by_first(forms))


def _short_form_stands_alone(s: str, start: int, end: int) -> bool:
    """A two-character name (西部, 三州, 川渝) counts only as a word of its own: not the tail of a
    longer word (中西部, 三区三州) nor the head of one (西部陆海新通道, 东部企业)."""
    before, after = s[max(0, start - 4):start], s[end:end + 4]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    ok_before = not before or not cjk.match(before[-1]) or bool(re.search(
        CUT_WORD.pattern + r"$|[、与和及“]$", before))
    ok_after = not after or not cjk.match(after[0]) or bool(P.SHORT_FORM_AFTER.match(after))
    return ok_before and ok_after


def scan_known(s: str, kidx: KnownIndex, places: list[Token] | None = None, idx: PlaceIndex | None = None
                ) -> list[tuple[int, int, Known]]:
    """Longest, leftmost, non-overlapping occurrences of curated names in ``s`` that end on a
    word boundary.

    ``places``: the place tokens of ``s`` (``scan_places`` without blocked spans). A name that
    ends inside a place name is not there (对口支援新疆 in 对口支援新疆维吾尔自治区伊犁哈萨克自治州);
    with ``idx`` also given, neither is a name whose last word is a place written as the
    context of the next, inner place (对口支援西藏 in 对口支援西藏拉萨市: 西藏 only says where
    拉萨市 is) — in both cases the patterns describe more than the curated name.
    """
    s_norm = s.replace("—", "-").replace("－", "-")
    if not kidx.maxlen:
        return []

    def accept(start: int, end: int, hits) -> bool:
        return ((end - start > 2 or _short_form_stands_alone(s_norm, start, end))
                and not _ends_inside_a_place(start, end, places, idx))

    return [(a, b, hits[0]) for a, b, hits in longest_matches(s_norm, kidx.forms, kidx.lengths, accept)]



def as_curated(area: Area, kidx: KnownIndex | None, name: str | None = None) -> Area:
    """``area`` as the curated entity written ``name`` (default: its own name) when there is one
    and it is not already one: that entity, its kind and (unless the area has its own) members."""
    if area.entity is not None:
        return area
    known = known_by_name(name or area.name, kidx)
    if known is None or known.entity_type != area.entity_type:
        return area
    return Area(area.name, known.entity_type, known.kind, area.refs or list(known.refs), known, area.method, area.note)


def known_by_name(name: str, kidx: KnownIndex | None) -> Known | None:
    """The curated zone, basin or platform written exactly ``name`` (name or alias), if any."""
    if kidx is None or not name:
        return None
    hits = kidx.forms.get(simplify(name).replace("—", "-").replace("－", "-"))
    return hits[0] if hits else None


def _ends_inside_a_place(start: int, end: int, places: list[Token] | None, idx: PlaceIndex | None) -> bool:
    """Whether a name found at ``[start, end)`` stops in the middle of a place name that starts
    inside it, or (``idx`` given) ends with a place that is only the context of an inner place
    written straight after it (``西藏拉萨市``)."""
    if not places:
        return False
    import bisect

    # places are sorted by start; bisect on the key (no list built per call: that was O(n) per name)
    first = bisect.bisect_left(places, start, key=lambda t: t.start) if len(places) > 64 else 0
    for k in range(first, len(places)):
        tok = places[k]
        if tok.start >= end:
            break
        if tok.start < start:
            continue
        if tok.end > end:
            return True  # 对口支援新疆|维吾尔自治区
        if idx is not None and tok.end == end and k + 1 < len(places) and places[k + 1].start == end:
            inner = places[k + 1]
            outer_codes = {u.adcode for u in tok.units}
            if any(outer_codes & {a.adcode for a in idx.gazetteer.ancestors(u.adcode)} for u in inner.units):
                return True  # 对口支援西藏|拉萨市
    return False

