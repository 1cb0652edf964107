"""One ranked search over places (admin units) and entities (pairings, zones, basins, platforms).

In: a query string (Chinese in simplified or traditional characters, English, pinyin with or
without spaces, or pinyin initials) and ``lang`` for the labels. Out: a list of :class:`Hit`
``(kind, id, label)`` — ``kind`` is ``place`` (``id`` an adcode) or the entity type
(``pairing``/``zone``/``basin``/``platform``, ``id`` the entity id); ``label`` what the list shows
in ``lang`` (a city or county carries its province: ``朝阳区 · 北京市`` / ``Chaoyang, Beijing``).

What is indexed (each a *key*, compared after :func:`normalise`: lower case, no spaces or
punctuation, traditional → simplified):
- units: full name, short name, one-character abbreviation (exact only), English name,
  pinyin of the full and the short name, and their initials;
- entities: name, every alias, ``name_en`` (for pairings the English name built from the parties),
  pinyin and initials of the name and aliases. Pinyin covers the other readings of polyphonic
  characters, one character at a time (长三角: changsanjiao / csj as well as zhang…).

Ranking (stable, best first):
1. how the query meets the key: exact > prefix > substring;
2. which key: a written name or alias > English name or full pinyin > initials;
3. what it is: entities, then provinces, then cities, then counties;
4. the shorter key (less left unmatched), then the earlier position of a substring;
5. index order (entities in the table's order, units by adcode).
An entity or unit appears once, at its best key.

Build the index once (:func:`build_index`, or :func:`index_for` which caches it per entity table);
a query is a dictionary look-up, a binary search for prefixes and, only when the first two do not
fill ``limit``, a scan for substrings.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

EXACT, PREFIX, SUBSTRING = 0, 1, 2
KEY_NAME, KEY_LATIN, KEY_INITIALS = 0, 1, 2
RANK_ENTITY, RANK_PROVINCE, RANK_CITY, RANK_COUNTY = 0, 1, 2, 3
_LEVEL_RANK = {"province": RANK_PROVINCE, "city": RANK_CITY, "county": RANK_COUNTY}
_DROP = re.compile(r"[\s\-‐‑‒–—―－·・.,，。、'’\"“”()（）\[\]【】《》/\\_:：;；!！?？]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


class Hit(NamedTuple):
    """One search result: ``kind`` (``place`` or an entity type), ``id`` (adcode or entity id), ``label``."""

    kind: str
    id: str
    label: str


def normalise(text: str, simplify: bool = True) -> str:
    """A query or key in comparable form: NFKC, lower case, traditional → simplified (unless
    ``simplify=False``: the index's keys are simplified already), with spaces and punctuation
    removed (``Hong Kong`` → ``hongkong``; ``長三角`` → ``长三角``)."""
    t = unicodedata.normalize("NFKC", str(text or "")).lower()
    t = _DROP.sub("", t)
    if simplify and _CJK.search(t):
        from geo.gazetteer import to_simplified

        t = to_simplified(t)
    return t


@lru_cache(maxsize=None)
def _char_readings(ch: str) -> tuple[str, ...]:
    """Every reading (toneless) of one character, pypinyin's most common first."""
    from pypinyin import Style, pinyin

    got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(got[0]) if got and got[0] else ()


def _default_readings(texts: list[str]) -> list[list[str]]:
    """Phrase-aware default pinyin of each text's CJK characters, in one pypinyin call (texts
    are joined by a separator that pypinyin passes through as its own item)."""
    from pypinyin import Style, lazy_pinyin

    chunks = ["".join(_CJK.findall(t)) for t in texts]
    flat = lazy_pinyin("|".join(chunks), style=Style.NORMAL, errors=lambda s: list(s))
    out: list[list[str]] = [[]]
    for item in flat:
        if item == "|":
            out.append([])
        else:
            out[-1].append(item)
    if len(out) != len(texts):  # should not happen; fall back to one call per text
        out = [lazy_pinyin(c, style=Style.NORMAL, errors="ignore") if c else [] for c in chunks]
    return out


def _readings(text: str, default: list[str] | None = None, cap: int = 12) -> list[list[str]]:
    """Pinyin readings of ``text`` (only its CJK characters): the phrase-aware default first, then
    the default with one polyphonic character read otherwise (at most ``cap`` readings)."""
    chars = "".join(_CJK.findall(text))
    if not chars:
        return []
    if default is None:
        default = _default_readings([chars])[0]
    out = [default]
    if len(default) == len(chars):
        for i, ch in enumerate(chars):
            for opt in _char_readings(ch):
                if opt != default[i] and len(out) < cap:
                    out.append(default[:i] + [opt] + default[i + 1:])
    return out


def _latin_keys(text: str, default: list[str] | None = None) -> list[tuple[str, int]]:
    """(key, key type) pairs for the pinyin and initials of a Chinese name."""
    keys = []
    for reading in _readings(text, default):
        keys.append(("".join(reading), KEY_LATIN))
        keys.append(("".join(s[0] for s in reading if s), KEY_INITIALS))
    return keys


@dataclass
class _Entry:
    kind: str
    id: str
    rank: int
    label_zh: str
    label_en: str


class SearchIndex:
    """The index: build once, query many times (see the module doc for keys and ranking)."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self._exact: dict[str, list[tuple[int, int]]] = {}  # key -> [(entry, key type)]
        self._keys: list[str] = []          # sorted distinct keys (prefix search)
        self._pairs: list[tuple[str, int, int]] = []  # every (key, entry, key type)
        self._exact_only: set[tuple[str, int]] = set()

    def add(self, kind: str, id_: str, rank: int, label_zh: str, label_en: str,
            keys: list[tuple[str, int]], exact_only: list[str] = ()) -> None:
        """Add one entry with its raw keys ``[(text, key type)]`` (normalised here)."""
        idx = len(self.entries)
        self.entries.append(_Entry(kind, id_, rank, label_zh, label_en))
        seen: dict[str, int] = {}
        for text, ktype in keys:
            key = normalise(text, simplify=False)
            if key and (key not in seen or ktype < seen[key]):
                seen[key] = ktype
        for text in exact_only:
            key = normalise(text, simplify=False)
            if key and key not in seen:
                seen[key] = KEY_NAME
                self._exact_only.add((key, idx))
        for key, ktype in seen.items():
            self._exact.setdefault(key, []).append((idx, ktype))
            if (key, idx) not in self._exact_only:
                self._pairs.append((key, idx, ktype))

    def finish(self) -> "SearchIndex":
        """Sort the keys for prefix search (call after the last :meth:`add`)."""
        self._keys = sorted({k for k, _, _ in self._pairs})
        # every key in one string (keys hold no newline), so a substring scan is one str.find loop
        self._blob = "\n".join(self._keys)
        self._starts: list[int] = []
        offset = 0
        for key in self._keys:
            self._starts.append(offset)
            offset += len(key) + 1
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        for key, idx, ktype in self._pairs:
            self._by_key.setdefault(key, []).append((idx, ktype))
        return self

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, lang: str = "zh", limit: int = 10,
               kinds: tuple[str, ...] | None = None) -> list[Hit]:
        """Ranked hits for ``query`` (empty list for an empty query); ``kinds`` keeps only those
        hit kinds (``place``, ``zone`` …)."""
        q = normalise(query)
        if not q:
            return []
        best: dict[int, tuple] = {}

        def offer(idx: int, key: str, ktype: int, level: int, pos: int = 0) -> None:
            entry = self.entries[idx]
            if kinds is not None and entry.kind not in kinds:
                return
            score = (level, ktype, entry.rank, len(key) - len(q), pos, idx)
            if idx not in best or score < best[idx]:
                best[idx] = score

        for idx, ktype in self._exact.get(q, ()):
            offer(idx, q, ktype, EXACT)
        start = bisect.bisect_left(self._keys, q)
        for key in self._keys[start:]:
            if not key.startswith(q):
                break
            if key == q:
                continue
            for idx, ktype in self._by_key[key]:
                offer(idx, key, ktype, PREFIX)
        if len(best) < limit and len(q) >= 2:
            at = self._blob.find(q)
            while at >= 0:
                i = bisect.bisect_right(self._starts, at) - 1
                key, pos = self._keys[i], at - self._starts[i]
                if pos > 0:
                    for idx, ktype in self._by_key[key]:
                        offer(idx, key, ktype, SUBSTRING, pos)
                nxt = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._blob)
                at = self._blob.find(q, nxt)
        ranked = sorted(best.items(), key=lambda kv: kv[1])[:limit]
        out = []
        for idx, _ in ranked:
            e = self.entries[idx]
            out.append(Hit(e.kind, e.id, e.label_en if lang == "en" else e.label_zh))
        return out


def _unit_labels(unit, gaz) -> tuple[str, str]:
    if unit.level == "province":
        return unit.name, unit.name_en or unit.name
    chain = gaz.ancestors(unit.adcode)
    prov = chain[-1] if chain else None
    if prov is None:
        return unit.name, unit.name_en or unit.name
    return f"{unit.name} · {prov.name}", f"{unit.name_en or unit.name}, {prov.name_en or prov.name}"


def build_index(entities=None, gaz=None) -> SearchIndex:
    """The search index over every admin unit of ``gaz`` (default: ``geo.gazetteer()``) and every
    row of ``entities`` (a ``Dataset.entities`` table; None: places only)."""
    from mapview.i18n import display_name, english_names

    if gaz is None:
        import geo

        gaz = geo.gazetteer()
    index = SearchIndex()
    records = entities.to_dict("records") if entities is not None and len(entities) else []
    units = gaz.units()
    texts: list[str] = []
    for rec in records:
        names = [rec.get("name", "")] if rec.get("etype") == "pairing" else \
            [rec.get("name", "")] + [a for a in str(rec.get("aliases", "") or "").split(";") if a.strip()]
        texts += [n for n in names if n]
    for unit in units:
        texts += [f for f in dict.fromkeys([unit.name, unit.short_name]) if f]
    texts = list(dict.fromkeys(texts))
    defaults = dict(zip(texts, _default_readings(texts)))
    if records:
        en_names = english_names(entities)
        for rec in records:
            names = [rec.get("name", "")] + [a for a in str(rec.get("aliases", "") or "").split(";") if a.strip()]
            if rec.get("etype") == "pairing":
                names += [rec.get("a_name", ""), rec.get("b_name", "")]
                primary = [n for n in names[:1]]
            else:
                primary = names
            keys: list[tuple[str, int]] = [(n, KEY_NAME) for n in primary if n]
            if rec.get("etype") == "pairing":
                # the parties' own names find the pairing only as a lesser match than the place itself
                keys += [(n, KEY_LATIN) for n in names[1:] if n]
            label_en = display_name(rec, "en", gaz, en_names)
            if label_en:
                keys.append((label_en, KEY_LATIN))
            for n in primary:
                keys += _latin_keys(n, defaults.get(n))
            index.add(rec.get("etype", "entity"), rec["eid"], RANK_ENTITY, display_name(rec, "zh"), label_en, keys)
    for unit in units:
        forms = [unit.name, unit.short_name]
        keys = [(f, KEY_NAME) for f in forms if f]
        if unit.name_en:
            keys.append((unit.name_en, KEY_LATIN))
        for f in dict.fromkeys(forms):
            keys += _latin_keys(f, defaults.get(f))
        zh, en = _unit_labels(unit, gaz)
        index.add("place", unit.adcode, _LEVEL_RANK.get(unit.level, RANK_COUNTY), zh, en, keys,
                  exact_only=[unit.abbr] if unit.abbr else [])
    return index.finish()


_CACHE: dict[str, SearchIndex] = {}


def _fingerprint(entities) -> str:
    if entities is None or not len(entities):
        return "places"
    cols = [c for c in ("eid", "etype", "name", "aliases", "name_en", "a_name", "b_name", "a_ref", "b_ref")
            if c in entities.columns]
    blob = entities[cols].astype(str).to_csv(index=False).encode("utf-8")
    return hashlib.sha1(blob).hexdigest()


def index_for(entities=None) -> SearchIndex:
    """The index for this entity table, built on first use and kept (one per distinct table)."""
    key = _fingerprint(entities)
    if key not in _CACHE:
        if len(_CACHE) > 4:
            _CACHE.clear()
        _CACHE[key] = build_index(entities)
    return _CACHE[key]


def search(query: str, entities=None, lang: str = "zh", limit: int = 10,
           kinds: tuple[str, ...] | None = None) -> list[Hit]:
    """Ranked hits for ``query`` over places and the entities of ``entities`` (see the module doc)."""
    return index_for(entities).search(query, lang=lang, limit=limit, kinds=kinds)


# ---------------------------------------------------------------------------------------------
# framing a hit on the map


@lru_cache(maxsize=1)
def _unit_bounds() -> dict[str, tuple[float, float, float, float]]:
    """``{adcode: (west, south, east, north)}`` of every unit drawn in ``geo`` (all three layers)."""
    import geo

    out: dict[str, tuple[float, float, float, float]] = {}
    for level in ("county", "city", "province"):   # coarser layers last: a unit's own layer wins
        layer = geo.load_units(level)
        for code, box in zip(layer["adcode"], layer.geometry.bounds.itertuples(index=False)):
            out[str(code)] = (box.minx, box.miny, box.maxx, box.maxy)
    return out


def _union(boxes):
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def hit_bounds(hit: Hit, entities=None, pad_deg: float = 0.3):
    """Where to frame a hit: ``((south, west), (north, east))`` (Leaflet's ``fitBounds`` order), or
    None when it has no place on the map (a platform abroad without coordinates).

    A place: its outline; a zone or basin: its members; a pairing: both parties (a party that is
    an entity by its own units); a platform: its point (or host) padded by ``pad_deg``.
    """
    from mapview.data import entity_units

    bounds = _unit_bounds()

    def unit_box(code):
        if code in bounds:
            return bounds[code]
        return None

    box = None
    if hit.kind == "place":
        box = unit_box(hit.id)
    elif entities is not None and len(entities):
        rows = entities[entities["eid"] == hit.id]
        if len(rows):
            rec = rows.iloc[0]
            lon, lat = rec.get("lon"), rec.get("lat")
            if rec["etype"] == "platform" and lon == lon and lat == lat and lon is not None:
                box = (float(lon), float(lat), float(lon), float(lat))
            else:
                units = entity_units(entities).get(hit.id, ())
                box = _union(unit_box(u) for u in units)
    if box is None:
        return None
    west, south, east, north = box
    if east - west < 2 * pad_deg and north - south < 2 * pad_deg:
        west, south, east, north = west - pad_deg, south - pad_deg, east + pad_deg, north + pad_deg
    return ((round(south, 4), round(west, 4)), (round(north, 4), round(east, 4)))
