"""Candidate rows from any policy text: pairings, zones, basins and platforms, each with evidence.

``python -m pairings extract FILE…`` prints the candidates as CSV (columns :data:`COLUMNS`).
The app uses three functions:

- :func:`read_upload` — uploaded bytes -> (text, encoding), or :class:`ExtractInputError` with a
  message a maintainer can act on;
- :func:`extract_text` — text -> candidate DataFrame (one row per entity per document, with the
  clause label and a verbatim quote);
- :func:`to_curated_rows` — accepted candidates -> rows of the curated CSVs (DESIGN.md).

How a text is read (details in docs/extract.md): every sentence (``pairings.texts.index_text``)
is scanned for places (``geo.gazetteer()`` written forms, traditional characters folded to
simplified one-for-one so quotes stay verbatim), province-abbreviation compounds (川渝, 川滇黔),
names of areas (…城市群, …经济区, …示范区 …), rivers before 流域/经济带, and — unless turned
off — the names and aliases of entities already curated. Pairings come from the grammar of
the sentence: ``X与Y`` lists, ``X帮扶Y、Z和W``, ``X对口支援Y``, ``广安(深圳)产业园``,
juxtaposed provinces before a river (``安徽浙江新安江``) and two-abbreviation compounds.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from pairings import patterns as P
from pairings.extract_places import (  # noqa: F401  (re-exported for the app and tests)
    LEVEL_RANK, Area, PlaceIndex, Token, _Key, _fold_traditional, _lengths_by_first, _place_at, _resolve_tokens,
    _scan_places, _tiers, place_index, simplify,
)
from pairings.extract_rows import _split, propose_doc_id, proposed_id, to_curated_rows  # noqa: F401
from pairings.extract_upload import MAX_UPLOAD_BYTES, ExtractInputError, read_pasted, read_upload  # noqa: F401
from pairings.glossary import PAIRING, ZONE, BASIN, PLATFORM, kinds_for

__all__ = [
    "COLUMNS", "EXTRA_COLUMNS", "ExtractInputError", "read_upload", "read_pasted", "extract_text", "extract_many",
    "to_curated_rows", "proposed_id", "propose_doc_id", "known_entities", "load_curated", "issuing_place", "place_index",
    "simplify", "main",
]

COLUMNS = ["entity_type", "kind", "name", "refs", "doc", "clause", "quote"]
#: extra columns carried by :func:`extract_text` for :func:`to_curated_rows` and the app
EXTRA_COLUMNS = ["direction", "party_names", "basin", "entity_id", "method", "note"]
DATA_DIR = Path(__file__).resolve().parent / "data"
ENTITY_FILES = {PAIRING: "pairings", ZONE: "zones", BASIN: "basins", PLATFORM: "platforms"}
ID_COLUMNS = {PAIRING: "pairing_id", ZONE: "zone_id", BASIN: "basin_id", PLATFORM: "platform_id"}
#: the kinds each entity type may carry (glossary = the schema's enum); every candidate is checked
_KINDS = {etype: frozenset(kinds_for(etype)) for etype in (PAIRING, ZONE, BASIN, PLATFORM)}


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
    return list(_cached_known(_data_stamp(DATA_DIR), _Key(idx) if idx is not None else None))


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
    for etype in (ZONE, BASIN, PLATFORM):
        frame = tables.get(ENTITY_FILES[etype])
        if frame is None or frame.empty:
            continue
        for row in frame.to_dict("records"):
            eid = row.get(ID_COLUMNS[etype], "")
            if not eid or eid in only_in:
                continue
            forms = {row.get("name", "")} | set(_split(row.get("aliases")))
            forms |= {simplify(f).replace("—", "-").replace("－", "-") for f in forms}
            forms = {f for f in forms if len(f) >= 2}
            if etype == PLATFORM:
                refs = tuple(_split(row.get("host_adcode")))
            else:
                refs = tuple(_split(row.get("member_adcodes")))
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
            forms = set(_split(row.get("aliases")))
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
class _KnownIndex:
    forms: dict[str, list[Known]]
    maxlen: int
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)


def _known_index(known: Iterable[Known], types: set[str]) -> _KnownIndex:
    forms: dict[str, list[Known]] = {}
    for k in known:
        if k.entity_type not in types:
            continue
        for f in k.forms:
            forms.setdefault(f, []).append(k)
    return _KnownIndex(forms, max(map(len, forms), default=0), _lengths_by_first(forms))


def _short_form_stands_alone(s: str, start: int, end: int) -> bool:
    """A two-character name (西部, 三州, 川渝) counts only as a word of its own: not the tail of a
    longer word (中西部, 三区三州) nor the head of one (西部陆海新通道, 东部企业)."""
    before, after = s[max(0, start - 4):start], s[end:end + 4]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    ok_before = not before or not cjk.match(before[-1]) or bool(re.search(
        _CUT_WORD.pattern + r"$|[、与和及“]$", before))
    ok_after = not after or not cjk.match(after[0]) or bool(P.SHORT_FORM_AFTER.match(after))
    return ok_before and ok_after


def _scan_known(s: str, kidx: _KnownIndex, places: list[Token] | None = None, idx: PlaceIndex | None = None
                ) -> list[tuple[int, int, Known]]:
    """Longest, leftmost, non-overlapping occurrences of curated names in ``s`` that end on a
    word boundary.

    ``places``: the place tokens of ``s`` (``_scan_places`` without blocked spans). A name that
    ends inside a place name is not there (对口支援新疆 in 对口支援新疆维吾尔自治区伊犁哈萨克自治州);
    with ``idx`` also given, neither is a name whose last word is a place written as the
    context of the next, inner place (对口支援西藏 in 对口支援西藏拉萨市: 西藏 only says where
    拉萨市 is) — in both cases the patterns describe more than the curated name.
    """
    out, i, n = [], 0, len(s)
    s_norm = s.replace("—", "-").replace("－", "-")
    while i < n and kidx.maxlen:
        for length in kidx.lengths.get(s_norm[i], ()):
            if length < 2 or i + length > n:
                continue
            hits = kidx.forms.get(s_norm[i:i + length])
            if (hits and (length > 2 or _short_form_stands_alone(s_norm, i, i + length))
                    and not _ends_inside_a_place(i, i + length, places, idx)):
                out.append((i, i + length, hits[0]))
                i += length
                break
        else:
            i += 1
    return out



def _as_curated(area: Area, kidx: _KnownIndex | None, name: str | None = None) -> Area:
    """``area`` as the curated entity written ``name`` (default: its own name) when there is one
    and it is not already one: that entity, its kind and (unless the area has its own) members."""
    if area.entity is not None:
        return area
    known = _known_by_name(name or area.name, kidx)
    if known is None or known.entity_type != area.entity_type:
        return area
    return Area(area.name, known.entity_type, known.kind, area.refs or list(known.refs), known, area.method, area.note)


def _known_by_name(name: str, kidx: _KnownIndex | None) -> Known | None:
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
    for k, tok in enumerate(places):
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


def _named_supporter(s: str, pos: int, places: list[Token]) -> bool:
    """Whether a place is written straight before the 对口支援 at ``pos`` (``天津市对口支援甘肃省``,
    ``北京市继续对口支援…``): the sentence names the supporter, so it states a pairing."""
    before = [t for t in places if t.end <= pos]
    return bool(before) and bool(P.SUPPORTER_GAP.fullmatch(s[before[-1].end:pos]))



# ----------------------------------------------------------------------------- sentences

@dataclass
class Candidate:
    """One candidate row (see :data:`COLUMNS`) plus the extra fields to build curated rows."""

    entity_type: str
    kind: str
    name: str
    refs: list[str]
    doc: str
    clause: str
    quote: str
    direction: str = ""
    party_names: str = ""
    entity_id: str = ""
    method: str = ""
    note: str = ""
    basin: str = ""
    key: tuple = ()


@functools.lru_cache(maxsize=64)
def _cuts(sentence: str) -> tuple[int, ...]:
    """Offsets where the comma-delimited pieces of a sentence start (and its end)."""
    inner = sorted({m.end() for m in P.CLAUSE_PUNCT.finditer(sentence)} - {0, len(sentence)})
    return (0, *inner, len(sentence))


def _quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or when it is long, the comma-delimited pieces around ``[start, end)``
    (at least 24 characters when the pieces allow, at most about ``QUOTE_MAX``)."""
    import bisect

    sentence_stripped = sentence.rstrip()
    if len(sentence_stripped) <= P.QUOTE_MAX:
        return sentence_stripped
    cuts = _cuts(sentence)
    i = max(bisect.bisect_right(cuts, start) - 1, 0)  # cuts[i] <= start
    j = min(bisect.bisect_left(cuts, end), len(cuts) - 1)  # cuts[j] >= end
    while cuts[j] - cuts[i] < 24:
        if i > 0 and cuts[j] - cuts[i - 1] <= P.QUOTE_MAX:
            i -= 1
        elif j < len(cuts) - 1 and cuts[j + 1] - cuts[i] <= P.QUOTE_MAX:
            j += 1
        else:
            break
    return sentence[cuts[i]:cuts[j]].strip().rstrip("，,；;：:、")


def infer_kind(local: str, sentence: str, context: str, units: list) -> str:
    """Kind of a pairing from cue words near it (``local``), in its sentence, then in its
    clause heading (``context``); else from what the parties are (provinces: 省际合作, cities:
    城市合作). Always a key of ``glossary.KINDS``."""
    for text in (local, sentence, context):
        for cue, kind in P.KIND_CUES:
            if cue in text:
                return kind
    levels = {u.level for u in units if u is not None}
    if units and all(u is not None for u in units):
        if levels == {"province"} and not all(u.adcode in P.MUNICIPALITIES for u in units):
            return "省际合作" if any(u.adcode not in P.MUNICIPALITIES for u in units) else "城市合作"
        if levels <= {"city", "province"}:
            return "城市合作"
    return "区域合作"


def _direction(kind: str, a, b, explicit: bool) -> tuple[object, object, str]:
    """(supporter, recipient, direction) for a pair; the eastern province supports when no verb says."""
    if explicit:
        return a, b, "a_to_b"
    if kind == "横向生态补偿":
        return a, b, "a_to_b"
    if kind in P.DIRECTED_KINDS and a is not None and b is not None:
        a_east = a.adcode[:2] in P.EASTERN_PROVINCES
        b_east = b.adcode[:2] in P.EASTERN_PROVINCES
        if b_east and not a_east:
            return b, a, "a_to_b"
        if a_east and not b_east:
            return a, b, "a_to_b"
    return a, b, "mutual"


class _Doc:
    """State while reading one document: candidates, first occurrence per entity."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.rows: dict[tuple, Candidate] = {}
        self.names: set[tuple[str, str]] = set()

    def add(self, cand: Candidate) -> None:
        if cand.entity_type == ZONE and not cand.entity_id and cand.refs:
            members = frozenset(cand.refs)
            if any(row.entity_type == ZONE and row.method == "abbreviation" and frozenset(row.refs) == members
                   and cand.name.startswith(row.name) for row in self.rows.values()):
                return  # 京津冀城市群 after 京津冀: the same area
        if cand.method == "abbreviation" and cand.entity_type == ZONE:
            # a bare compound (川滇黔) after the area it abbreviates (川滇黔结合部): no second row
            members = frozenset(cand.refs)
            if any(row.entity_type == ZONE and frozenset(row.refs) == members for row in self.rows.values()):
                return
        existing = self.rows.get(cand.key)
        if existing is not None and existing.clause == "标题" and cand.clause != "标题":
            existing.clause, existing.quote = cand.clause, cand.quote  # the body says more than the title
            return
        if cand.entity_type != PAIRING:
            same_name = (cand.entity_type, cand.name.replace("－", "-").replace("—", "-"))
            if same_name in self.names:
                return
            self.names.add(same_name)
        if cand.key not in self.rows:
            self.rows[cand.key] = cand
        elif not self.rows[cand.key].entity_id and cand.entity_id:
            keep = self.rows[cand.key]
            keep.entity_id, keep.kind = cand.entity_id, cand.kind or keep.kind


def _pair_key(refs: list[str]) -> tuple:
    return (PAIRING, frozenset(refs))


def _area_key(area: Area) -> tuple:
    if area.entity is not None:
        return ("entity", area.entity.entity_id)
    return ("area", area.entity_type, area.name)


def _proposed_ref(area: Area) -> str:
    """A pairing party that is an area: its curated id, else the id it would get."""
    if area.entity is not None:
        return area.entity.entity_id
    return proposed_id(area.entity_type, area.name)


def _party_ref(tok: Token) -> str:
    return tok.units[0].adcode if tok.kind == "place" else _proposed_ref(tok.area)


def _party_name(tok: Token) -> str:
    if tok.kind == "place":
        return tok.units[0].name
    return tok.area.entity.name if tok.area.entity else tok.area.name


def _party_unit(tok: Token):
    return tok.units[0] if tok.kind == "place" else None


def _find_areas(s: str, idx: PlaceIndex, kidx: _KnownIndex | None) -> list[tuple[int, int, Area]]:
    """Named areas in ``s``: curated names first (when ``kidx``), then new names by suffix."""
    found: list[tuple[int, int, Area]] = []
    plain = [t for t in _scan_places(s, idx, []) if t.kind == "place"]
    if kidx is not None:
        for a, b, k in _scan_known(s, kidx, plain, idx):
            if b - a == 2 and all(ch in idx.abbr for ch in s[a:b]) and not P.ZONE_LIST_TAIL.match(s, b):
                continue  # 川渝 alone is the pairing, 川陕革命老区 a longer name; 川渝等省际交界地区 is the area
            if k.kind == "对口支援地区" and s.startswith("对口支援", a) and _named_supporter(s, a, plain):
                continue  # 上海市对口支援新疆: the pairing, not the recipient area
            found.append((a, b, Area(k.name, k.entity_type, k.kind, list(k.refs), k, "curated-name")))
    # curated names that can be the stem of a longer proper name (北部湾 -> 北部湾经济区); not a
    # macro-region or a 地区 (东部地区自由贸易试验区 are the free trade zones of the east)
    curated_spans = [(a, b) for a, b, area in found if area.kind != "区域板块" and not s.endswith("地区", 0, b)]
    taken = [(a, b) for a, b, _ in found]
    for m in re.finditer(r"(?:[\u4e00-\u9fffA-Za-z0-9\-·—]|\([\u4e00-\u9fff]{1,6}\))+", s):
        run, base = m.group(), m.start()
        lead = len(run) - len(run.lstrip("-—·"))
        run, base = run[lead:], base + lead
        bounds = [0] + [c.end() for c in _CUT_WORD.finditer(run)] + [len(run)]
        for lo, hi in zip(bounds, bounds[1:]):
            piece = run[lo:hi]
            name_end = _last_suffix_end(piece)
            if name_end is None:
                continue
            name = piece[:name_end]
            start, end = base + lo, base + lo + name_end
            verb = P.LEADING_VERB.match(name)
            if verb and _places_in(name[verb.end():verb.end() + 4], idx, loose=False):
                name, start = name[verb.end():], start + verb.end()
            inside = [k for k, (a, b, _) in enumerate(found) if a < end and start < b]
            # a longer new name around a curated one wins (粤桂合作特别试验区 around 粤桂)
            if any(not (start <= found[k][0] and found[k][1] <= end and end - start > found[k][1] - found[k][0])
                   for k in inside):
                continue
            suffix_len = len(_suffix_of(name)[0])
            # a curated name as the whole stem (北部湾经济区 around 北部湾): a proper name of its own
            known_stem = suffix_len and (start, end - suffix_len) in curated_spans
            area = _new_area(name, idx, force=bool(P.MEMBER_INTRO.match(s, end) or P.MEMBER_INTRO.match(s, end + 2)
                                                   or known_stem))
            if area is None:
                continue
            for k in sorted(inside, reverse=True):
                del found[k]
            taken[:] = [(a, b) for a, b, _ in found]
            start, area = _listed_places_before(s, start, area, idx)
            area = _class_after(area, s, end)
            found.append((start, end, area))
            taken.append((start, end))
            for extra in _shared_suffix(s, start, area, idx):
                if not any(a < extra[1] and extra[0] < b for a, b in taken):
                    found.append(extra)
                    taken.append(extra[:2])
    found.extend(_shared_class(s, idx, taken))
    found.extend(_expo_list(s, idx, taken))
    for m in P.REGION_NAMES.finditer(s):  # 长三角, 环渤海, 四省藏区 …
        start, name = m.start(), m.group()
        if "等省藏区" in name:  # 和青海等省藏区 -> 青海等省藏区
            head = name[: name.index("等")]
            k = next((i for i in range(len(head) - 1) if head[i:] in idx.strict), None)
            if k is None:
                continue
            start, name = start + k, name[k:]
        if any(a < m.end() and start < b for a, b in taken):
            continue
        kind = "对口支援地区" if name.endswith("藏区") else next(
            (k for prefix, k in P.REGION_KIND_BY_PREFIX if name.startswith(prefix)), P.REGION_KIND)
        found.append((start, m.end(), Area(name, ZONE, kind, [], method="region-name")))
        taken.append((start, m.end()))
    def macro(name: str, start: int, end: int) -> None:
        """One of the four macro-regions, by its statistical name (东部发达省市 is 东部地区)."""
        refs = [u.adcode for u in idx.gazetteer.units("province") if u.adcode[:2] in P.MACRO_REGIONS[name]]
        found.append((start, end, _as_curated(Area(name, ZONE, "区域板块", refs, method="macro-region"), kidx)))
        taken.append((start, end))

    for m in P.BILATERAL_REGIONS.finditer(s):  # 中俄东北－远东合作
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), m.end(), Area(m.group(), ZONE, "区域合作区", [], method="bilateral-region")))
            taken.append((m.start(), m.end()))
    for name in P.MACRO_REGIONS:  # 东北地区, 西部地区 …: the four macro-regions
        for m in re.finditer(name, s):
            if not any(a < m.end() and m.start() < b for a, b in taken) and not s.startswith("中", m.start() - 1):
                macro(name, m.start(), m.end())
    for m in P.MACRO_PROVINCES.finditer(s):  # 东部发达省市, 西部省区: the provinces of a macro-region
        if not any(a < m.end() and m.start() < b for a, b in taken):
            macro(m.group(1) + "部地区", m.start(), m.end())
    for m in P.MACRO_PAIR.finditer(s):  # 中西部: the central and the western regions (东中西部: all three)
        if any(a < m.end() and m.start() < b for a, b in taken) or s.startswith("东", m.start() - 1):
            continue
        first = m.start()
        for k, ch in enumerate(m.group(1)):
            macro(ch + "部地区", first + k, first + k + 1 if k < len(m.group(1)) - 1 else m.end())
    found[:] = [(a, b, _as_curated(area, kidx)) for a, b, area in found]  # a name put together here may be curated
    found.sort(key=lambda t: t[0])
    found.extend(_platform_list_items(s, found, idx))
    found.sort(key=lambda t: t[0])
    return found


def _platform_list_items(s: str, found: list[tuple[int, int, Area]], idx: PlaceIndex) -> list[tuple[int, int, Area]]:
    """``…广州南沙新区、珠海横琴、平潭综合实验区…``: an item between two platform names that is a city
    plus a place word is a platform too."""
    out = []
    for (a1, b1, x), (a2, b2, y) in zip(found, found[1:]):
        if x.entity_type != PLATFORM or y.entity_type != PLATFORM:
            continue
        m = re.fullmatch(r"、([\u4e00-\u9fff]{3,7})、", s[b1:a2])
        if not m:
            continue
        item = m.group(1)
        city = next((item[:k] for k in range(len(item) - 2, 1, -1) if item[:k] in idx.strict
                     and any(idx.unit(c).level == "city" for c in idx.strict[item[:k]])), None)
        if city is None:
            continue
        host = next(idx.unit(c) for c in idx.strict[city] if idx.unit(c).level == "city")
        out.append((b1 + 1, a2 - 1, Area(item, PLATFORM, "合作区", [host.adcode], method="platform-list-item")))
    return out


def _listed_places_before(s: str, start: int, area: Area, idx: PlaceIndex) -> tuple[int, Area]:
    """``铁岭、四平、通辽协同创新合作区``: places listed before a name that starts with a place (and
    is more than that place plus a suffix) belong to the name."""
    suffix, _, _ = _suffix_of(area.name)
    stem = area.name[: -len(suffix)] if suffix else area.name
    if stem in idx.strict or stem in idx.loose or not _place_at(s, start, idx):
        return start, area
    pos = start
    while pos > 1 and s[pos - 1] == "、":
        m = re.search(r"[\u4e00-\u9fff]{2,5}$", s[max(0, pos - 6):pos - 1])
        if not m:
            break
        item = next((m.group()[i:] for i in range(len(m.group()) - 1)
                     if m.group()[i:] in idx.strict), None)
        if item is None:
            break
        pos = pos - 1 - len(item)
    if pos == start:
        return start, area
    name = s[pos:start] + area.name
    members = [tok.units[0].adcode for tok in _resolve_tokens(_scan_places(name, idx, []), name, idx, None)
               if tok.kind == "place"]
    if area.entity_type == PLATFORM and len({m[:2] for m in members}) > 1:
        etype, kind = P.MULTI_PROVINCE_AREA  # 铁岭、四平、通辽协同创新合作区: cities of three provinces
        return pos, Area(name, etype, kind, members, method="area-name")
    return pos, Area(name, area.entity_type, area.kind, area.refs if area.entity_type == PLATFORM else members,
                     method="area-name")


def _list_items(s: str, at: int, max_item: int, chars: str) -> list[tuple[int, str]] | None:
    """The ``、``-separated items written just before position ``at`` of ``s`` (back to the last
    clause punctuation), as ``(start, item)``; the first item loses what a cut word leaves before
    it (``引领成渝`` -> ``成渝``). None when there is no list there, it is over 80 characters, or an
    item is not 2..``max_item`` characters of ``chars`` (a character class)."""
    segment_start = max((s.rfind(ch, 0, at) for ch in "，,。；;：:“”（）()"), default=-1) + 1
    segment = s[segment_start:at]
    if "、" not in segment or len(segment) > 80:
        return None
    items, pos = [], segment_start
    for part in segment.split("、"):
        items.append((pos, part))
        pos += len(part) + 1
    first_pos, first = items[0]
    cuts = list(_CUT_WORD.finditer(first))
    if cuts:
        items[0] = (first_pos + cuts[-1].end(), first[cuts[-1].end():])
    if not all(2 <= len(item) <= max_item and re.fullmatch(f"[{chars}]+", item) for _, item in items):
        return None
    return items


def _shared_class(s: str, idx: PlaceIndex, taken: list[tuple[int, int]]) -> list[tuple[int, int, Area]]:
    """``引领成渝、长江中游、中原、关中平原等城市群发展``: one area per listed item, named item + class
    word (an item's own 地区 dropped: 中原地区 -> 中原城市群). Linear: finds ``等<class>`` first,
    then walks back over the ``、``-separated items."""
    out = []
    for m in sorted([*P.SHARED_CLASS.finditer(s), *P.SHARED_CLASS_MORE.finditer(s)], key=lambda m: m.start()):
        suffix = m.group(1)
        items = _list_items(s, m.start(), 10, "\u4e00-\u9fff－\\-")
        if items is None:
            continue
        for start, item in items:
            end = start + len(item)
            if _last_suffix_end(item) is not None or any(a < end and start < b for a, b in taken):
                continue
            stem = item[:-2] if item.endswith("地区") and len(item) > 3 else item
            if stem in P.DIRECTION_WORDS:
                continue  # 东北地区…等城市群: a region, not a cluster's name
            area = _new_area(stem + suffix, idx, force=True)
            if area is not None:
                area.method = "shared-class"
                out.append((start, end, area))
                taken.append((start, end))
    return out


_CUT_WORD = re.compile(P.NAME_CUT.pattern[len(".*"):])


def _expo_list(s: str, idx: PlaceIndex, taken: list[tuple[int, int]]) -> list[tuple[int, int, Area]]:
    """``提升西博会、中外知名企业四川行、科博会等重大展会平台``: every ``、``-item of a list that ends
    in 等 + a class of expos (:data:`patterns.EXPO_LIST`) is an expo platform, also an item whose
    name has no class word; the host is the place in its name, if any."""
    out = []
    for m in P.EXPO_LIST.finditer(s):
        items = _list_items(s, m.start(), 12, "\u4e00-\u9fff—－\\-")
        if items is None:
            continue
        spans = [(start, start + len(item)) for start, item in items]
        if not any(_suffix_of(item)[0] and any(a <= x and y <= b for a, b in taken) for (x, y), (_, item)
                   in zip(spans, items)):
            continue  # 洽谈会、论坛、博览会等会展: classes of events, no expo of the list is named
        for start, item in items:
            end = start + len(item)
            if any(a < end and start < b for a, b in taken):
                continue  # already a platform (西博会)
            if P.GENERIC_START.match(item) or _suffix_of(item)[0] == item or len(item) < 3:
                continue  # 论坛, 博览会, 国际论坛: a class word, not a name
            places = _places_in(item, idx, loose=False)
            host = _platform_host(item, places, idx) if places else None
            out.append((start, end, Area(item, PLATFORM, "博览会", [host.adcode] if host else [], method="expo-list")))
            taken.append((start, end))
    return out


def _shared_suffix(s: str, start: int, area: Area, idx: PlaceIndex) -> list[tuple[int, int, Area]]:
    """``喀什、霍尔果斯经济开发区`` / ``中马、中印产业园``: the items listed before a name whose stem is a
    bare place or country pair share its suffix; one area per item."""
    suffix, _, _ = _suffix_of(area.name)
    stem = area.name[: -len(suffix)] if suffix else ""
    def bare(item: str) -> bool:
        return bool(P.BILATERAL.fullmatch(item)) or item in idx.strict or item in idx.loose
    if not stem or not bare(stem):
        return []
    out = []
    pos = start
    while pos > 0 and s[pos - 1] == "、":
        k = pos - 1
        m = re.search(r"[\u4e00-\u9fff]{2,5}$", s[max(0, k - 5):k])
        if not m:
            break
        item = m.group()
        trimmed = next((item[i:] for i in range(len(item) - 1) if bare(item[i:])), None)
        if trimmed is None:
            break
        item_start = k - len(trimmed)
        new = _new_area(trimmed + suffix, idx)
        if new is None:
            break
        new.method = "shared-suffix"
        out.append((item_start, k, new))
        pos = item_start
    return out


def _last_suffix_end(piece: str) -> int | None:
    best = None
    for suffix, _, _ in P.AREA_SUFFIXES:
        k = piece.rfind(suffix)
        while k > 0:
            end = k + len(suffix)
            if best is None or end > best:
                best = end
            break
    return best


_SUFFIXES_LONGEST_FIRST = sorted(P.AREA_SUFFIXES, key=lambda item: -len(item[0]))


def _compound_kind(follow: str) -> str:
    """Kind of a zone written as a compound of province abbreviations, from the word after it:
    ``川滇黔结合部``, ``川渝毗邻地区`` -> 省际交界地区; ``川渝城市群`` -> 城市群; bare ``沪苏浙`` ->
    :data:`patterns.COMPOUND_KIND`. Always a zone kind of the glossary."""
    if follow in P.BORDER_FOLLOW:
        return "省际交界地区"
    if not follow:
        return P.COMPOUND_KIND
    suffix, etype, kind = _suffix_of(follow)
    return kind if suffix and etype == ZONE else P.DEFAULT_AREA[1]


def _class_after(area: Area, s: str, end: int) -> Area:
    """``安徽皖江城市带等承接产业转移示范区``: a new area written before ``等`` + a class word takes
    that class's kind (when it is of the same entity type)."""
    m = P.CLASS_AFTER.match(s, end)
    if not m or area.entity is not None:
        return area
    _, etype, kind = _suffix_of(m.group(1))
    if etype == area.entity_type and kind != area.kind:
        return Area(area.name, area.entity_type, kind, area.refs, area.entity, area.method, area.note)
    return area


def _suffix_of(name: str) -> tuple[str, str, str]:
    for suffix, etype, kind in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix):
            return suffix, etype, kind
    return "", *P.DEFAULT_AREA


def _places_in(name: str, idx: PlaceIndex, loose: bool = True) -> list:
    """Units written inside a name (longest match; county short names allowed when ``loose``)."""
    table = idx.loose if loose else idx.strict
    out, i = [], 0
    lengths = idx.loose_lengths if loose else idx.strict_lengths
    while i < len(name):
        for length in lengths.get(name[i], ()):
            if length < 2 or i + length > len(name):
                continue
            codes = table.get(name[i:i + length])
            if codes and name[i:i + length] not in P.STOP_NAMES:
                out.append([idx.unit(c) for c in codes])
                i += length
                break
        else:
            i += 1
    return out


def _new_area(name: str, idx: PlaceIndex, force: bool = False) -> Area | None:
    """An area name not yet curated, or None when it is a class of areas (国家级新区) or noise."""
    suffix, etype, kind = _suffix_of(name)
    stem = name[: -len(suffix)] if suffix else name
    if suffix in P.SHORT_STEM_SUFFIXES and len(stem) == 1 and stem not in idx.abbr:
        return Area(name, etype, kind, [])
    if suffix == "中心":
        if not P.CENTRE_NAME.match(stem):
            return None
        force = True
    code_name = bool(re.match(r"[A-Z]\d{1,3}", stem))  # G60科创走廊
    if len(stem) < 2 or (re.search(r"[0-9A-Za-z]", stem[:1]) and not code_name):
        return None
    if P.NOT_A_NAME.search(stem) and suffix not in P.CONCEPT_PART_SUFFIXES:
        return None  # 丝绸之路经济带 is a concept; 新疆丝绸之路经济带核心区 a province's part of it
    if P.GENERIC_START.match(stem) and not _places_in(stem[:4], idx) and not force:
        status = P.STATUS_PREFIX.match(stem)
        inner = _new_area(name[status.end():], idx) if status else None
        if inner is None:
            return None
        # 国家东中西区域合作示范区: a status before a proper name (the name as written)
        return Area(name, inner.entity_type, inner.kind, inner.refs, note=inner.note)
    if suffix in P.ZONE_STEM_PLATFORM_SUFFIXES:
        inner, inner_type, _ = _suffix_of(stem)
        zone = _new_area(stem, idx, force) if inner and inner_type == ZONE else None
        if zone is not None:  # 晋陕豫黄河金三角示范区: the border area itself
            return Area(name, ZONE, zone.kind, zone.refs)
    if etype == BASIN and suffix not in P.NON_RIVER_BASIN_SUFFIXES and not P.RIVER.fullmatch(stem.replace("－", "-")):
        etype, kind = P.DEFAULT_AREA  # 淮海经济带: an economic belt not named after a river
    macro_stem = P.MACRO_STEM.match(stem)
    # 东中西区域合作: the macro-region word holds no place (not the 中西区 of Hong Kong)
    places = _places_in(stem[macro_stem.end(1):] if macro_stem else stem, idx)
    abbr_start = stem[0] in idx.abbr and (stem[1] in "东南西北中江河" or stem[1] in idx.abbr)  # 川南, 皖江
    initial_direction = stem[0] in idx.city_initials and stem[1] in "东南西北" and len(stem) <= 3
    initials = _city_initials(stem, idx)
    proper = bool(places) or abbr_start or initial_direction or bool(P.BILATERAL.match(stem)) or code_name
    proper = proper or bool(initials) or bool(macro_stem)  # 西部陆海新通道
    if etype == BASIN:
        proper = True
    if suffix in P.SELF_NAMING_SUFFIXES and len(stem) >= 2 and not P.GENERIC_START.match(stem):
        proper = True
    proper = proper or force
    if not proper:
        return None
    refs: list[str] = []
    bilateral_only = bool(P.BILATERAL.fullmatch(stem))  # 中德工业园区: a bilateral park, place unknown
    if suffix in P.FOREIGN_PARK_SUFFIXES and not _places_in(stem, idx, loose=False) and not bilateral_only:
        # 瓜达尔自由区, 中印古吉拉特邦工业园区: abroad, no host in China
        return Area(name, etype, P.FOREIGN_PARK_KIND, [])
    note = ""
    if etype == PLATFORM:
        host = _platform_host(stem, places, idx)
        if host is not None:
            refs = [host.adcode]
        elif abbr_start and not initials:  # 赣江新区: in the province its first character abbreviates
            refs = [idx.abbr[stem[0]]]
            note = f"host: the province {stem[0]} abbreviates (no smaller place in the name)"
    elif initials:
        refs = [u.adcode for u in initials]  # 成德眉资 -> 成都, 德阳, 眉山, 资阳; 长株潭 -> 长沙, 株洲, 湘潭
    elif abbr_start and all(ch in idx.abbr for ch in stem[:2]):
        run = ""
        for ch in stem:
            if ch in idx.abbr:
                run += ch
            else:
                break
        refs = [idx.abbr[ch] for ch in run]
    elif abbr_start and not places:
        # 黔中经济区, 川南经济区: a part of the province the first character abbreviates; the
        # members are not written, so the province stands in for them (approximate, to narrow)
        refs = [idx.abbr[stem[0]]]
        note = f"members approximate: the province {stem[0]} abbreviates; the area is a part of it"
    return Area(name, etype, kind, refs, note=note)


def _platform_host(stem: str, places: list, idx: PlaceIndex):
    """The unit a new platform lies in, from the places in its name: the last one, except in
    ``X(Y)`` names — ``中德(沈阳)``, ``宁波(余姚)``: Y, the place itself or a place inside X;
    ``广安(深圳)``, ``江苏盐城(上海)``: X, the park of Y's partners in X."""
    def first(units):
        return sorted(units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]

    if not places:
        return None
    paren = re.search(r"\(([\u4e00-\u9fff]{1,8})\)", stem)
    if paren:
        inner = _places_in(paren.group(1), idx)
        outer = _places_in(stem[:paren.start()], idx)
        outer_ends_at_paren = outer and any(stem[:paren.start()].endswith(u.short_name) or
                                            stem[:paren.start()].endswith(u.name) for u in outer[-1])
        if inner:
            guest = first(inner[-1])
            if outer_ends_at_paren:
                host = first(outer[-1])
                if host.adcode not in {a.adcode for a in idx.gazetteer.ancestors(guest.adcode)}:
                    return host  # 广安(深圳)产业园: in 广安
            return guest
    return first(places[-1])


@functools.lru_cache(maxsize=4)
def _initials_by_province(key) -> dict[str, dict[str, list]]:
    """province adcode -> first character of a city's short name -> the cities (cached per gazetteer)."""
    table: dict[str, dict[str, list]] = {}
    for unit in key.obj.units("city"):
        if unit.short_name:
            table.setdefault(unit.parent, {}).setdefault(unit.short_name[0], []).append(unit)
    return table


@functools.lru_cache(maxsize=4)
def _finals_by_province(key) -> dict[str, dict[str, list]]:
    """province adcode -> last character of a two-character city short name -> the cities."""
    table: dict[str, dict[str, list]] = {}
    for unit in key.obj.units("city"):
        if unit.short_name and len(unit.short_name) == 2:
            table.setdefault(unit.parent, {}).setdefault(unit.short_name[1], []).append(unit)
    return table


def _city_initials(stem: str, idx: PlaceIndex) -> list:
    """``成德眉资``, ``内自``, ``成德绵``, ``长株潭``: a name made of one character per city of
    one province -> those cities, else []. Each character is the first character of exactly one
    city's short name there (成 -> 成都); a character that starts none may be the second
    character of exactly one two-character short name (潭 -> 湘潭). Exactly one province must
    explain the whole name."""
    if not 2 <= len(stem) <= 5 or len(set(stem)) != len(stem):
        return []
    initials = _initials_by_province(_Key(idx.gazetteer))
    finals = _finals_by_province(_Key(idx.gazetteer))
    matches = []
    for province, chars in initials.items():
        ends = finals.get(province, {})
        cities = []
        for ch in stem:
            hits = chars.get(ch) or ends.get(ch) or []
            if len(hits) != 1:
                break
            cities.append(hits[0])
        else:
            if sum(ch in chars for ch in stem) >= 2 and len({c.adcode for c in cities}) == len(cities):
                matches.append(cities)
    if len(matches) != 1:
        return []
    return matches[0]


def _members(s: str, start: int, idx: PlaceIndex) -> tuple[list[str], list[str], int] | None:
    """A written-out member list after ``start`` ("…范围包括江苏省淮安市、盐城市…和南阳市桐柏县"):
    (member adcodes, excluded adcodes, end offset) or None when no list follows."""
    m = P.MEMBER_INTRO.search(s, start, min(len(s), start + 16))
    if not m:
        return None
    end = len(s)
    stop = re.search(r"[。；;]|等\d+个|等[一二三四五六七八九十]+个", s[m.end():])
    if stop:
        end = m.end() + stop.start()
    segment = s[m.end():end]
    tokens = _resolve_tokens(_scan_places(segment, idx, []), segment, idx, None)
    members: list[str] = []
    excluded: list[str] = []
    gaz = idx.gazetteer
    skip_until = -1
    for pos, tok in enumerate(tokens):
        if tok.kind != "place" or tok.start < skip_until:
            continue
        unit = tok.units[0]
        nxt = tokens[pos + 1] if pos + 1 < len(tokens) else None
        gap = segment[tok.end:nxt.start] if nxt else segment[tok.end:]
        # a province (or city) written only as the context of the next member is not a member
        if (nxt is not None and nxt.kind == "place" and gap in ("", "的")
                and unit.adcode in {a.adcode for a in gaz.ancestors(nxt.units[0].adcode)}):
            continue
        ex = P.EXCLUDE.match(segment, tok.end)
        if ex:
            skip_until = ex.end()
        if ex and unit.level == "city":
            names = [n for n in re.split(r"[、和及]", ex.group(1) or ex.group(2) or "") if n]
            out_codes = set()
            for written in names:
                hits = gaz.resolve(written, context=unit.adcode)
                if not hits and written[-1:] in P.SHORT_SUFFIXES:
                    hits = [u for u in gaz.resolve(written[:-1], context=unit.adcode)
                            if u.name.endswith(P.SHORT_SUFFIXES[written[-1]])]
                out_codes.update(u.adcode for u in hits[:1])
            counties = [u.adcode for u in gaz.units("county") if u.parent == unit.adcode]
            if counties and out_codes:
                members.extend(c for c in counties if c not in out_codes)
                excluded.extend(sorted(out_codes))
                continue
        members.append(unit.adcode)
    if len(members) < 2:
        return None
    return list(dict.fromkeys(members)), excluded, end


# ----------------------------------------------------------------------------- extraction

def extract_text(text: str, doc_id: str, *, gazetteer=None, known: list[Known] | None = None,
                 use_known: bool | set[str] = True, title: str | None = None) -> pd.DataFrame:
    """Candidate rows found in one document.

    In: the document text (any layout; lines are stripped), its ``doc_id``; optionally a
    gazetteer (default ``geo.gazetteer()``), the curated entities to recognise by name (default:
    :func:`known_entities` of the curated CSVs), ``use_known`` (False, or a set of entity types,
    to turn curated-name matching off for the others), the document title (for the ``标题`` clause).
    Out: DataFrame with :data:`COLUMNS` then :data:`EXTRA_COLUMNS`, one row per entity in order
    of first appearance; ``refs`` is ``;``-joined (pairing: ``a;b``, supporter first when
    ``direction`` is ``a_to_b``).
    """
    from pairings.texts import index_text, marker_of

    idx = place_index(gazetteer)
    if use_known is True:
        types = {PAIRING, ZONE, BASIN, PLATFORM}
    elif use_known is False or use_known is None:
        types = set()
    else:
        types = set(use_known)
    if types and known is None:
        known = default_known(idx)
    kidx_areas = _known_index(known or [], types & {ZONE, BASIN, PLATFORM}) if types else None
    kidx_pairs = _known_index(known or [], types & {PAIRING}) if PAIRING in types else None

    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    clean = "\n".join(line for line in lines if line)
    doc = _Doc(doc_id)
    issuer = issuing_place(title or (clean.split("\n", 1)[0] if clean else ""), idx)
    headings: dict[str, str] = {}
    previous = ""
    for clause in index_text(clean, title):
        sentence = clause.text
        s = simplify(sentence)
        heading_context = " ".join(headings.get(label, "") for label in _label_chain(clause.label))
        if clause.sentence == 0 and marker_of(sentence):
            headings[clause.label] = s
        context = heading_context + " " + previous
        _Sentence(s, sentence, clause.label, context, doc, idx, kidx_areas, kidx_pairs, issuer).read()
        previous = s
    frame = pd.DataFrame(
        [
            {
                "entity_type": c.entity_type, "kind": c.kind, "name": c.name, "refs": ";".join(c.refs),
                "doc": c.doc, "clause": c.clause, "quote": c.quote, "direction": c.direction,
                "party_names": c.party_names, "basin": c.basin, "entity_id": c.entity_id, "method": c.method,
                "note": c.note,
            }
            for c in doc.rows.values()
        ],
        columns=COLUMNS + EXTRA_COLUMNS,
    )
    return frame


def _label_chain(label: str) -> list[str]:
    """``二(三)2`` -> [``二``, ``二(三)``, ``二(三)2``] (the labels of the enclosing headings)."""
    parts = re.findall(r"\([^)]*\)|[一二三四五六七八九十百零〇]+|\d+|[^()\d一二三四五六七八九十百零〇]+", label)
    return ["".join(parts[: k + 1]) for k in range(len(parts))]


def issuing_place(title: str, idx: PlaceIndex):
    """The province or city a document speaks for, when its title starts with one
    (``四川省建立…实施方案`` -> 四川省; ``中共四川省委 四川省人民政府印发…`` -> 四川省), else None."""
    head = re.sub(r"^(中共|中国共产党)", "", simplify(title or "").strip())
    places = _scan_places(head[:12], idx, [])
    if not places or places[0].start != 0:
        return None
    units = sorted(places[0].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))
    return units[0] if units[0].level in ("province", "city") else None


class _Sentence:
    """Reads one sentence: finds its tokens, then runs every pattern over them, adding candidates
    to the document (``doc``). ``s`` is the sentence simplified (offsets as in ``original``, which
    is verbatim); ``context`` the clause headings and the sentence before; ``issuer`` the unit the
    document speaks for (its "我省"), the implicit party of ``主动对接X``."""

    def __init__(self, s: str, original: str, clause: str, context: str, doc: _Doc, idx: PlaceIndex,
                 kidx_areas: _KnownIndex | None, kidx_pairs: _KnownIndex | None, issuer=None):
        self.s, self.original, self.clause, self.context = s, original, clause, context
        self.doc, self.idx, self.kidx_pairs, self.issuer = doc, idx, kidx_pairs, issuer
        self.kidx_areas = kidx_areas
        self.areas = _find_areas(s, idx, kidx_areas)
        self.blocked = [(a, b) for a, b, _ in self.areas]
        self.places = _scan_places(s, idx, self.blocked)
        tokens = self.places + [Token(a, b, s[a:b], "area", [], area) for a, b, area in self.areas]
        tokens.sort(key=lambda t: t.start)
        self.tokens = _resolve_tokens(tokens, s, idx, None)
        self.parties = []
        for t in self.tokens:
            if t.kind in ("place", "area"):
                self.parties.append(t)
            elif t.kind == "abbr" and len(t.units) >= 3:  # 京津冀 as a party: an area made of its provinces
                zone_name = t.text + ((P.ABBR_ZONE_FOLLOW.match(s, t.end) or re.match("", "")).group().replace("地区", ""))
                area = Area(zone_name, ZONE, _compound_kind(zone_name[len(t.text):]), [u.adcode for u in t.units],
                            method="abbreviation")
                self.parties.append(Token(t.start, t.end, t.text, "area", [], area))
        self.cue = bool(P.COOPERATION_CUE.search(s)) or bool(P.COOPERATION_CUE.search(context))

    def read(self) -> None:
        """Every pattern, in an order where the more specific find comes first."""
        self.named_areas()
        self.parks_named_after_two_cities()
        self.aid_recipients()
        self.quoted_areas()
        self.provincial_free_trade_zone()
        self.curated_pairings()
        self.groups_of_parties()
        self.park_of_another_city()
        self.provinces_before_a_river()
        self.issuer_joins_an_area()
        self.issuer_with_provinces()
        self.twin_cities()
        self.abbreviation_compounds()
        self.river_cooperation()
        self.river_lists()

    # ------------------------------------------------------------------ output

    def written(self, name: str) -> str:
        """A name found in ``s`` as the document writes it (full-width －, （）), in simplified characters."""
        k = self.s.find(name)
        return _fold_traditional(self.original[k:k + len(name)]) if k >= 0 else name

    def emit(self, entity_type, kind, name, refs, start, end, **extra) -> None:
        """Add one candidate (quote: the sentence, or its pieces around ``[start, end)``)."""
        if not extra.get("entity_id") and kind not in _KINDS[entity_type]:  # curated kinds: `pairings check`
            raise ValueError(f"extractor bug: kind {kind!r} is not a {entity_type} kind of the glossary ({name})")
        key = extra.pop("key", ()) or (_pair_key(refs) if entity_type == PAIRING else ("area", entity_type, name))
        known = None if entity_type == PAIRING or extra.get("entity_id") else _known_by_name(name, self.kidx_areas)
        if known is not None:
            # a name put together from a list (长江、黄河流域 -> 长江流域; 北部湾、中原等城市群 -> 中原城市群)
            # is the curated entity of that name: its id, kind and (unless written out) members
            entity_type, kind, name = known.entity_type, known.kind, known.name
            refs = list(refs) or list(known.refs)
            extra.update(entity_id=known.entity_id, note=extra.get("note", ""))
            key = ("entity", known.entity_id)
        if not extra.get("entity_id") and entity_type != PAIRING:
            name = self.written(name)
        if extra.get("basin"):
            extra["basin"] = self.written(extra["basin"])
        cand = Candidate(entity_type, kind, name, refs, self.doc.doc_id, self.clause,
                         _quote(self.original, start, end), key=key, **extra)
        self.doc.add(cand)

    def pair(self, x: Token, y: Token, method: str, explicit: bool = False, kind: str | None = None,
             basin: str = "") -> None:
        """A pairing of two party tokens; kind from cue words unless given; supporter first when
        ``explicit`` (a verb said so) or the kind is directed (the eastern province supports)."""
        s = self.s
        ux, uy = _party_unit(x), _party_unit(y)
        if _party_ref(x) == _party_ref(y):
            return
        start, end = min(x.start, y.start), max(x.end, y.end)
        local = s[max(0, start - 6): min(len(s), end + 10)]
        if (x.kind == y.kind == "area" and x.area.kind == y.area.kind == "区域板块"
                and not any(cue in local for cue, _ in P.KIND_CUES)):
            return  # 东北地区与东部地区 alone: the national layout; with 对口合作 after it, a pairing
        if kind is None:
            if x.kind == "area" or y.kind == "area":
                both_new_areas = x.kind == y.kind == "area" and x.area.kind == y.area.kind == "国家级新区"
                kind = "新区合作" if both_new_areas else "区域合作"
                if any(cue_word in local for cue_word, _ in P.KIND_CUES):
                    kind = infer_kind(local, "", "", [])
            else:
                kind = infer_kind(local, s, self.context, [ux, uy])
        first, second = x, y
        direction = "mutual"
        if ux is not None and uy is not None:
            sup, rec, direction = _direction(kind, ux, uy, explicit)
            if sup is uy:
                first, second = y, x
        elif explicit:
            direction = "a_to_b"
        refs = [_party_ref(first), _party_ref(second)]
        names = [_party_name(first), _party_name(second)]
        key = (PAIRING, frozenset(refs), basin) if basin else ()
        self.emit(PAIRING, kind, "—".join(names) + (f"({self.written(basin)})" if basin else ""), refs, start, end,
                  direction=direction, party_names=";".join(names), method=method, basin=basin, key=key)

    # ------------------------------------------------------------------ areas

    def named_areas(self) -> None:
        """Named areas (curated or new), with their members when a list is written out."""
        for a, b, area in self.areas:
            refs, note = list(area.refs), area.note
            members = _members(self.s, b, self.idx)
            if members and area.entity_type in (ZONE, BASIN):
                refs = members[0]
                if members[1]:
                    note = "excluded: " + ";".join(members[1])
                end = members[2]
            else:
                end = b
            self.emit(area.entity_type, area.kind, area.entity.name if area.entity else area.name, refs, a, end,
                      entity_id=area.entity.entity_id if area.entity else "", method=area.method, note=note,
                      key=_area_key(area))

    def parks_named_after_two_cities(self) -> None:
        """``广安(深圳)产业园``: the park of one city in another is a pairing of the two cities."""
        idx = self.idx
        for a, b, area in self.areas:
            name = self.s[a:b]
            park = re.match(r"^(.*?)\(([\u4e00-\u9fff]{2,6})\)", name)
            if not park:
                continue
            host = _scan_places(park.group(1), idx, [])
            guest = _scan_places(park.group(2), idx, [])
            if host and guest and host[-1].end == len(park.group(1)) and guest[0].text == park.group(2):
                hu = sorted(host[-1].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]
                gu = sorted(guest[0].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]
                if hu.level != "county" and gu.level != "county" and hu.adcode != gu.adcode:
                    self.pair(Token(a, a + len(park.group(1)), park.group(1), "place", [hu]),
                              Token(a, b, park.group(2), "place", [gu]), "park-of", kind="城市合作")

    def aid_recipients(self) -> None:
        """``对口支援西藏、新疆…``, ``对口支援三峡库区``: aid-recipient areas."""
        s, idx = self.s, self.idx
        places = [t for t in self.places if t.kind == "place"]
        for m in P.AID_TARGETS.finditer(s):
            if _named_supporter(s, m.start(), places):
                continue  # 天津市对口支援甘肃省: a pairing (groups_of_parties), not a recipient area
            items = re.split(r"[、和及]", m.group(1))
            pos = m.start(1)
            for k, item in enumerate(items):
                start, pos = pos, pos + len(item) + 1
                if k == len(items) - 1 and s.startswith("等", start + len(item)):
                    continue  # 青海等省藏区: the last item belongs to the compound after 等
                if item in idx.strict and any(idx.unit(c).level == "province" for c in idx.strict[item]):
                    unit = next(idx.unit(c) for c in idx.strict[item] if idx.unit(c).level == "province")
                    self.emit(ZONE, "对口支援地区", "对口支援" + unit.short_name, [unit.adcode], m.start(),
                              start + len(item), method="aid-target")
                elif re.search(r"(库区|藏区|灾区)$", item):
                    self.emit(ZONE, "对口支援地区", item, [], start, start + len(item), method="aid-target")

        self.recipients_listed_with_tibetan_areas()

    def recipients_listed_with_tibetan_areas(self) -> None:
        """``（十五）深入开展对口支援。…推动新疆、西藏和青海、四川、云南、甘肃四省藏区…``: under a
        对口支援 cue (sentence or clause heading), the provinces listed before the provinces of a
        藏区 compound are aid-recipient areas too (the compound takes as many items as it counts)."""
        s, idx = self.s, self.idx
        if "对口支援" not in s and "对口支援" not in self.context:
            return
        for start, end, area in self.areas:
            written = s[start:end]
            if not written.endswith("藏区"):
                continue
            # 四省藏区 counts its provinces, written before it; 青海等省藏区 and the curated
            # 青海、四川、云南、甘肃四省藏区 hold them already
            count = P.TIBETAN_AREAS_COUNT.fullmatch(written)
            own = P.NUMERALS.index(count.group(1)) + 1 if count else 0
            items, pos = [], start
            while True:
                if pos == start and own:
                    end = pos  # 甘肃|四省藏区: the last of the compound's own items
                elif pos > 0 and s[pos - 1] in "、和及":
                    end = pos - 1
                else:
                    break
                item = next((s[end - n:end] for n in (3, 2) if s[end - n:end] in idx.strict
                             and any(idx.unit(c).level == "province" for c in idx.strict[s[end - n:end]])), None)
                if item is None:
                    break
                items.append((end - len(item), item))
                pos = end - len(item)
            for k, (item_start, item) in enumerate(items):
                if k < own:
                    continue  # 青海、四川、云南、甘肃 are the 四省 of 四省藏区
                unit = next(idx.unit(c) for c in idx.strict[item] if idx.unit(c).level == "province")
                self.emit(ZONE, "对口支援地区", "对口支援" + unit.short_name, [unit.adcode], item_start,
                          item_start + len(item), method="aid-target-list")

    def quoted_areas(self) -> None:
        """``“三区三州”等深度贫困地区``: a quoted term before 等…地区 is a special-type area."""
        for m in P.QUOTED_AREA.finditer(self.s):
            self.emit(ZONE, "特殊类型地区", m.group(1), [], m.start(), m.end(), method="quoted-area")

    def provincial_free_trade_zone(self) -> None:
        """``着力推动自由贸易试验区建设`` in a sentence about one province (or in a province's own
        document): that province's pilot free trade zone."""
        s = self.s
        if "自由贸易试验区" not in s:
            return
        k = s.find("自由贸易试验区")
        if any(a <= k < b for a, b in self.blocked):
            return
        provinces = {t.units[0].adcode for t in self.tokens if t.kind == "place" and t.units[0].level == "province"}
        host = self.idx.unit(provinces.pop()) if len(provinces) == 1 else (self.issuer if not provinces else None)
        if host is not None and host.level == "province":
            self.emit(PLATFORM, "自由贸易试验区", f"中国（{host.short_name}）自由贸易试验区", [host.adcode], k, k + 7,
                      method="province-ftz")

    # ------------------------------------------------------------------ pairings

    def curated_pairings(self) -> None:
        """Curated pairings by written form (a与b, abbreviation compounds)."""
        if self.kidx_pairs is None:
            return
        s = self.s
        plain = [t for t in _scan_places(s, self.idx, []) if t.kind == "place"]
        for a, b, k in _scan_known(s, self.kidx_pairs, plain):
            if b - a == 2 and (P.ZONE_LIST_TAIL.match(s, b) or P.ABBR_ZONE_FOLLOW.match(s, b)):
                continue  # 川渝等省际交界地区, 川陕结合部: an area, not the pairing
            self.emit(PAIRING, k.kind, k.name, list(k.refs), a, b, direction=k.direction,
                      party_names=k.party_names, entity_id=k.entity_id, method="curated-name")

    def groups_of_parties(self) -> None:
        """Parties joined by 、 与 和 及: ``X与Y`` lists, ``X帮扶Y、Z和W``, ``深化与A、B等城市群的合作``."""
        s, parties, context, issuer = self.s, self.parties, self.context, self.issuer
        groups: list[list[int]] = []
        for k, tok in enumerate(parties):
            if groups and s[parties[k - 1].end:tok.start] in P.JOINS:
                groups[-1].append(k)
            else:
                groups.append([k])
        he_list = _he_pair_items(groups, parties, s, context)
        for g_index, group in enumerate(groups):
            joins = [s[parties[group[j - 1]].end:parties[group[j]].start] for j in range(1, len(group))]
            # X帮扶Y、Z和W / 中山市和东莞市帮扶昭通市 / X对口支援Y : directed, supporters first
            directed = False
            if g_index + 1 < len(groups):
                nxt = groups[g_index + 1]
                verb_gap = s[parties[group[-1]].end:parties[nxt[0]].start]
                if P.DIRECTED_VERB.match(verb_gap):
                    directed = True
                    # a named programme (东西部扶贫协作) in the sentence or its heading wins over the verb 帮扶
                    kind = next((k for text in (s, context) for cue, k in P.KIND_CUES
                                 if cue != "帮扶" and cue in text and k in P.DIRECTED_KINDS), None)
                    if kind is None:
                        kind = infer_kind(verb_gap, "", "", [])
                    if kind not in P.DIRECTED_KINDS:
                        kind = "对口支援"
                    for supporter in group:
                        for k in nxt:
                            self.pair(parties[supporter], parties[k], "directed-verb", explicit=True, kind=kind)
            # 深化与北部湾、长江中游…等城市群的开放合作 (the document's own province is the other party)
            before = s[parties[groups[g_index - 1][-1]].end if g_index else 0:parties[group[0]].start]
            # (not 参与西部陆海新通道建设: taking part in an area is no pairing with it)
            if issuer is not None and before.endswith("与") and not before.endswith("参与") and self.cue:
                for k in group:
                    tok = parties[k]
                    if tok.kind == "area" and tok.area.entity_type == ZONE and issuer.adcode not in tok.area.refs:
                        name = _party_name(tok)
                        self.emit(PAIRING, "区域合作", f"{issuer.name}—{name}", [issuer.adcode, _party_ref(tok)],
                                  tok.start, tok.end, direction="mutual", party_names=f"{issuer.name};{name}",
                                  method="issuer-with-area")
            if len(group) < 2 or not self.cue or directed:
                continue
            pair_positions = [j for j, gap in enumerate(joins) if gap in P.PAIR_JOINS]
            if len(pair_positions) == 1:
                cut = pair_positions[0] + 1
                items = [(group[:cut], group[cut:])]
            elif len(pair_positions) >= 2 or _is_he_pair_list(joins):
                # 河北省与广东省、山西省与江苏省…: a list of X与Y items, one pairing (group) per item
                items = _pair_list_items(group, joins, pair_positions or [j for j, g in enumerate(joins) if g == "和"],
                                         [_party_unit(parties[k]) for k in group])
            elif (not pair_positions and len(group) == 2 and joins == ["和"]
                  and (P.COOPERATION_CUE.match(s, parties[group[-1]].end) or he_list[g_index])):
                items = [(group[:1], group[1:])]
            else:
                continue
            method = "x-yu-y" if len(items) == 1 else "x-yu-y-list"
            for left, right in items:
                if len(left) * len(right) > 8:
                    continue
                for lx in left:
                    for ry in right:
                        x, y = parties[lx], parties[ry]
                        if _pairable(x, y):
                            self.pair(x, y, method)

    def park_of_another_city(self) -> None:
        """``广安(深圳)`` written outside a park name."""
        s, parties = self.s, self.parties
        for k in range(len(parties) - 1):
            x, y = parties[k], parties[k + 1]
            if (x.kind == y.kind == "place" and s[x.end:y.start] == "(" and s[y.end:y.end + 1] == ")"
                    and _party_unit(x).level != "county" and _party_unit(y).level != "county"):
                self.pair(x, y, "park-of", kind="城市合作")

    def provinces_before_a_river(self) -> None:
        """``安徽浙江新安江``: upstream and downstream provinces written together before a river — a
        pairing per river and the river as a basin (places scanned again without the area spans:
        安徽浙江新安江 may be a curated basin alias)."""
        s, idx, context = self.s, self.idx, self.context
        plain = [t for t in _scan_places(s, idx, []) if t.kind == "place"]
        for t in plain:
            t.units = sorted(t.units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[:1]
        for x, y in zip(plain, plain[1:]):
            if s[x.end:y.start] != "" or not x.units[0].level == y.units[0].level == "province":
                continue
            river = P.RIVER.match(s, y.end)
            if not river or _is_place(river.group(), idx):
                continue
            ux, uy = x.units[0], y.units[0]
            kind = "横向生态补偿" if "补偿" in s or "补偿" in context else infer_kind("", s, context, [ux, uy])
            rname = river.group()
            self.pair(x, y, "juxtaposed", kind=kind, basin=rname)
            self.emit(BASIN, "横向生态补偿" if kind == "横向生态补偿" else "流域", rname, [ux.adcode, uy.adcode],
                      x.start, river.end(), method="river-after-provinces", key=("area", BASIN, rname))

    def issuer_joins_an_area(self) -> None:
        """``主动对接京津冀协同发展`` in a province's own document: the province pairs with the area;
        ``支持内蒙古自治区主动对接东部省市``: the province written before the verb does."""
        s = self.s
        places = [t for t in self.tokens if t.kind == "place"]
        for tok in self.tokens:
            is_zone = (tok.kind == "area" and tok.area.entity_type == ZONE) or (tok.kind == "abbr" and len(tok.units) >= 3)
            if not is_zone or not P.JOIN_VERB.search(s[max(0, tok.start - 4):tok.start]):
                continue
            subject = next((t for t in reversed(places) if t.end <= tok.start
                            and P.SUBJECT_JOINS.fullmatch(s[t.end:tok.start])), None)
            issuer = subject.units[0] if subject is not None and subject.units[0].level == "province" else self.issuer
            if issuer is None:
                continue
            if tok.kind == "area":
                members, ref, name = tok.area.refs, _proposed_ref(tok.area), _party_name(tok)
            else:
                members = [u.adcode for u in tok.units]
                zone_name = tok.text + (P.ABBR_ZONE_FOLLOW.match(s[tok.end:tok.end + 6]) or re.match("", "")).group()
                zone_name = zone_name[:-2] if zone_name.endswith("地区") else zone_name
                ref, name = proposed_id(ZONE, zone_name), zone_name
            if issuer.adcode in members:
                continue
            self.emit(PAIRING, "区域合作", f"{issuer.name}—{name}", [issuer.adcode, ref], tok.start, tok.end,
                      direction="mutual", party_names=f"{issuer.name};{name}", method="issuer-joins-area")

    def issuer_with_provinces(self) -> None:
        """``加强与长江重庆港、上海港等合作`` in a province's own document: the province pairs with
        each other province-level unit written between the 与 and the 合作, when no party is written
        before the 与 (``成都与重庆合作`` is the cities' pairing)."""
        issuer = self.issuer
        if issuer is None or issuer.level != "province":
            return
        s = self.s
        places = [t for t in self.tokens if t.kind == "place"]
        subjects = [t for t in self.tokens if t.kind in ("place", "area", "abbr")]
        for m in P.ISSUER_PARTNERS.finditer(s):
            if any(t.end == m.start() for t in subjects):
                continue
            for tok in places:
                if not (m.start(1) <= tok.start and tok.end <= m.end(1)):
                    continue
                unit = tok.units[0]
                if unit.level != "province" or unit.adcode == issuer.adcode:
                    continue
                me = Token(m.start(), m.start(), issuer.name, "place", [issuer])
                self.pair(me, tok, "issuer-with-province")

    def twin_cities(self) -> None:
        """``成渝“双核”``, ``成渝双城``: two cities written by one character each."""
        for m in P.TWIN_CITIES.finditer(self.s):
            units = [_city_of_initial(ch, self.idx) for ch in m.group(1)]
            if all(units) and units[0].adcode != units[1].adcode:
                a_tok = Token(m.start(1), m.start(1) + 1, m.group(1)[0], "place", [units[0]])
                b_tok = Token(m.start(1) + 1, m.end(1), m.group(1)[1], "place", [units[1]])
                self.pair(a_tok, b_tok, "twin-cities", kind="城市合作")

    def abbreviation_compounds(self) -> None:
        """``川渝`` (a pairing); ``川滇黔``, ``川陕结合部``, ``粤桂…等省际交界地区`` (zones)."""
        s = self.s
        for tok in self.tokens:
            if tok.kind != "abbr":
                continue
            codes = [u.adcode for u in tok.units]
            zone_follow = P.ABBR_ZONE_FOLLOW.match(s[tok.end:tok.end + 6])
            in_zone_list = P.ZONE_LIST_TAIL.match(s, tok.end)
            if len(tok.units) == 2 and not zone_follow and not in_zone_list:
                a_tok = Token(tok.start, tok.start + 1, tok.text[0], "place", [tok.units[0]])
                b_tok = Token(tok.start + 1, tok.end, tok.text[1], "place", [tok.units[1]])
                self.pair(a_tok, b_tok, "abbreviation")
            if len(tok.units) >= 3 or ((zone_follow or in_zone_list) and len(tok.units) >= 2):
                suffix = zone_follow.group() if zone_follow else ""
                if suffix in ("地区", "交界"):
                    suffix = ""
                if in_zone_list and not suffix:
                    suffix = "省际交界地区" if "省际交界" in in_zone_list.group() else ""
                name = tok.text + suffix
                kind = _compound_kind(suffix)
                self.emit(ZONE, kind, name, codes, tok.start, tok.end, method="abbreviation", key=("area", ZONE, name))

    # ------------------------------------------------------------------ rivers

    def river_cooperation(self) -> None:
        """``澜沧江－湄公河合作``, ``图们江地区开发合作``."""
        for a, b, name in _river_cooperation(self.s, self.idx, self.blocked):
            self.emit(BASIN, "流域", name, [], a, b, method="river-cooperation", key=("area", BASIN, name))

    def river_lists(self) -> None:
        """Rivers listed before 流域 (``嘉陵江、渠江流域``): a basin each."""
        s, idx = self.s, self.idx
        for m in re.finditer(r"((?:" + P.RIVER.pattern + r")(?:、(?:" + P.RIVER.pattern + r"))*)", s):
            tail = s[m.end():m.end() + 6]
            if not P.RIVER_TAIL.match(tail) or not ("流域" in tail or "上下游" in tail):
                continue
            window_start = max(0, m.start() - 4)
            first_river_end = m.start() + re.search(r"[江河]", m.group(1)).end()
            cuts = [c for c in _CUT_WORD.finditer(s[window_start:first_river_end])
                    if c.end() < first_river_end - window_start]
            start = max(window_start + cuts[-1].end() if cuts else m.start(), m.start())
            for tok in self.places:
                if tok.start <= start < tok.end or tok.start < start + 1 < tok.end:
                    start = tok.end
            for river in re.finditer(P.RIVER.pattern, s[start:m.end()]):
                rname = river.group()
                if _is_place(rname, idx) or rname in ("沿江", "江河", "大江"):
                    continue
                if any(a <= start + river.start() < b for a, b in self.blocked) or ("area", BASIN, rname) in self.doc.rows:
                    continue
                name = rname + "流域"
                self.emit(BASIN, "横向生态补偿" if "补偿" in s else "流域", name, [], start + river.start(),
                          m.end() + 2, method="river-list", key=("area", BASIN, name))


def _river_cooperation(s: str, idx: PlaceIndex, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """International river cooperation mechanisms written ``X江－Y河合作`` / ``X江地区开发合作``."""
    out = []
    for m in P.RIVER_COOPERATION.finditer(s):
        start = m.start()
        cuts = list(_CUT_WORD.finditer(s, max(0, start - 4), m.end()))
        cuts = [c for c in cuts if c.end() <= m.start("river") + 1]
        if cuts:
            start = max(start, cuts[-1].end())
        if any(a < m.end() and start < b for a, b in blocked) or _is_place(m.group("river"), idx):
            continue
        out.append((start, m.end(), s[start:m.end()]))
    return out


def _pairable(x: Token, y: Token) -> bool:
    """Whether two parties joined by 与 can be a pairing: places of a common tier (province,
    city — a municipality counts as both —, county), or a province with an area it is not part
    of (四川与京津冀; not a city with the cluster it belongs to, not a place with a platform)."""
    ux, uy = _party_unit(x), _party_unit(y)
    if ux is not None and uy is not None:
        return bool(_tiers(ux) & _tiers(uy))
    if (ux is None) != (uy is None):
        unit, area = (ux, y.area) if ux is not None else (uy, x.area)
        return unit.level == "province" and unit.adcode not in area.refs and area.entity_type != PLATFORM
    return True


def _he_pair_items(groups: list[list[int]], parties: list[Token], s: str, previous: str = "") -> list[bool]:
    """Per group: whether it is an ``X和Y`` item of a list of such items separated by ，/；
    (``辽宁省和江苏省，吉林省和浙江省``) — a lone ``X和Y`` is an enumeration, two in a row a list.
    A sentence that is nothing but ``X和Y；`` (or follows one ending in ；, ``previous``) is an
    item of a list split into sentences at ；."""
    def is_item(group: list[int]) -> bool:
        return len(group) == 2 and s[parties[group[0]].end:parties[group[1]].start] == "和"

    def separated(g: list[int], h: list[int]) -> bool:
        return s[parties[g[-1]].end:parties[h[0]].start] in ("，", ",", "；", ";")

    out = [False] * len(groups)
    for k in range(len(groups) - 1):
        if is_item(groups[k]) and is_item(groups[k + 1]) and separated(groups[k], groups[k + 1]):
            out[k] = out[k + 1] = True
    if len(groups) == 1 and is_item(groups[0]):
        head, tail = s[:parties[groups[0][0]].start], s[parties[groups[0][-1]].end:]
        whole = re.fullmatch(r"(?:——)?|.*[:：]", head) and tail.strip() in ("；", ";", "。", "")
        if whole and (tail.strip() in ("；", ";") or previous.rstrip().endswith(("；", ";"))):
            out[0] = True
    return out


def _is_he_pair_list(joins: list[str]) -> bool:
    """``辽宁省和江苏省、吉林省和浙江省``: 和 and 、 strictly alternating, at least two 和 — a list of
    X和Y pairs (a plain enumeration ``A、B和C`` has one 和, at the end)."""
    return (len(joins) >= 3 and len(joins) % 2 == 1 and all(g == "和" for g in joins[::2])
            and all(g == "、" for g in joins[1::2]))


def _side_affinity(units: list) -> int:
    """How much the places on one side of a pair list belong together: 2 per two places in the
    same prefecture (first 4 adcode digits), 1 per two in the same province."""
    from collections import Counter

    codes = [u.adcode for u in units if u is not None]
    same_province = Counter(c[:2] for c in codes)
    same_prefecture = Counter(c[:4] for c in codes if c[2:4] != "00")
    return sum(n * (n - 1) // 2 for n in (*same_province.values(), *same_prefecture.values()))


def _pair_list_items(group: list[int], joins: list[str], pair_positions: list[int],
                     units: list) -> list[tuple[list[int], list[int]]]:
    """Cut a group of parties written as a list of pairs (``A与B、C与D、E、F与G``) into its items.

    In: the party indices of the group, the gaps between them (``joins[j]`` lies between
    ``group[j]`` and ``group[j + 1]``), the positions of the pairing joins (与, or 和 in an 和-list)
    and each party's unit (None for an area). Out: ``[(left, right), …]``, one per item, each
    side a list of party indices. Items are cut only at a 、 between two pairing joins; when a
    、 could belong to either neighbour (``…慈溪市与龙井市、奉化区、宁海县与安图县``) the cut that
    keeps each side of the list together (same prefecture / province: 奉化区 goes with the other
    宁波 districts) wins; when cuts tie, only the pairs all of them agree on are returned.
    Never pairs parties of two different items (A与B、C与D gives A–B and C–D only)."""
    choices = []
    for p, q in zip(pair_positions, pair_positions[1:]):
        options = [j for j in range(p + 1, q) if joins[j] == "、"]
        if not options:
            return []  # 甲与乙和丙与丁: no 、 to cut at, not a list of pairs
        choices.append(options)
    segmentations = []
    for cuts in _product(choices, limit=256):
        bounds = [0, *[c + 1 for c in cuts], len(group)]
        items = []
        for (lo, hi), p in zip(zip(bounds, bounds[1:]), pair_positions):
            items.append((list(range(lo, p + 1)), list(range(p + 1, hi))))
        left = [units[k] for item in items for k in item[0]]
        right = [units[k] for item in items for k in item[1]]
        segmentations.append((_side_affinity(left) + _side_affinity(right), items))
    if not segmentations:
        return []
    best = max(score for score, _ in segmentations)
    top = [items for score, items in segmentations if score == best]
    def pairs_of(items):
        return {(lx, ry) for left, right in items for lx in left for ry in right}
    agreed = set.intersection(*(pairs_of(items) for items in top))
    out = []
    for left, right in top[0]:
        kept = [(lx, ry) for lx in left for ry in right if (lx, ry) in agreed]
        for lx, ry in kept:
            out.append(([group[lx]], [group[ry]]))
    return out


def _product(choices: list[list[int]], limit: int) -> list[tuple[int, ...]]:
    """``itertools.product(*choices)``, strictly increasing tuples only, at most ``limit`` of them."""
    import itertools

    out = []
    for combo in itertools.product(*choices):
        if all(a < b for a, b in zip(combo, combo[1:])):
            out.append(combo)
            if len(out) >= limit:
                break
    return out


def _city_of_initial(ch: str, idx: PlaceIndex):
    """The city a single character stands for in a twin-city compound: a municipality's
    abbreviation (渝, 京, 津, 沪), else the only prefecture-level city whose short name starts with it."""
    code = idx.abbr.get(ch)
    if code in P.MUNICIPALITIES:
        return idx.unit(code)
    cities = [u for u in idx.gazetteer.units("city") if u.short_name.startswith(ch)]
    return cities[0] if len(cities) == 1 else None


def _is_place(text: str, idx: PlaceIndex) -> bool:
    return text in idx.strict or text in idx.loose


# ----------------------------------------------------------------------------- several files, CLI

def extract_many(items: Iterable[tuple[str, str]], *, progress: Callable[[int, int, str], None] | None = None,
                 data_dir: Path | str | None = None, **options) -> pd.DataFrame:
    """Candidates of several documents: ``items`` are ``(doc_id, text)`` or ``(doc_id, text,
    title)``; ``progress(done, total, doc_id)`` is called after each one (the app drives a
    progress bar with it). ``options`` go to :func:`extract_text`. The curated entities are
    loaded once, from ``data_dir`` (default ``pairings/data``); a document without a title of its
    own gets the one documents.csv lists for it (for the ``标题`` clause and the issuing province)."""
    items = [tuple(item) for item in items]
    tables = load_curated(data_dir)
    if options.get("use_known", True) and options.get("known") is None:
        options["known"] = known_entities(tables, place_index(options.get("gazetteer")))
    titles = {}
    if not tables["documents"].empty and "title" in tables["documents"]:
        titles = dict(zip(tables["documents"]["doc_id"], tables["documents"]["title"]))
    frames = []
    for done, (doc_id, text, *rest) in enumerate(items, start=1):
        title = rest[0] if rest and rest[0] else titles.get(doc_id)
        frames.append(extract_text(text, doc_id, **{"title": title, **options}))
        if progress is not None:
            progress(done, len(items), doc_id)
    if not frames:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m pairings extract FILE…``: candidates as CSV on stdout; messages on stderr."""
    parser = argparse.ArgumentParser(prog="python -m pairings extract",
                                     description="Candidate rows (pairings, zones, basins, platforms) from policy texts.")
    parser.add_argument("files", nargs="+", help="text files (UTF-8 or GBK); the doc id is the file name without .txt")
    parser.add_argument("--doc-id", help="doc id to use (only with one file)")
    parser.add_argument("--no-known", action="store_true", help="do not match the names of curated entities")
    parser.add_argument("--all-columns", action="store_true", help="also print " + ", ".join(EXTRA_COLUMNS))
    parser.add_argument("--max-bytes", type=int, default=MAX_UPLOAD_BYTES)
    args = parser.parse_args(argv)
    if args.doc_id and len(args.files) != 1:
        parser.error("--doc-id needs exactly one file")
    items, status = [], 0
    for path in args.files:
        try:
            data = Path(path).read_bytes()
            text, _ = read_upload(data, Path(path).name, args.max_bytes)
        except (OSError, ExtractInputError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        items.append((args.doc_id or Path(path).stem, text))
    started = time.perf_counter()

    def progress(done: int, total: int, doc_id: str) -> None:
        if total > 1:
            print(f"[{done}/{total}] {doc_id}", file=sys.stderr)

    frame = extract_many(items, progress=progress, use_known=not args.no_known)
    columns = COLUMNS + (EXTRA_COLUMNS if args.all_columns else [])
    buffer = io.StringIO()
    frame[columns].to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    sys.stdout.write(buffer.getvalue())
    print(f"{len(frame)} candidates from {len(items)} file(s) in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    return status
