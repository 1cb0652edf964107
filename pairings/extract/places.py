"""Places in a sentence, through the gazetteer: the scanner's index, tokens, and resolution by context.

Part of the extractor (:mod:`pairings.extract`). Place names come only from ``geo.gazetteer()``
(``names()``, ``get()``, ``units()``, ``ancestors()``); the word lists that keep ordinary words
out are in :mod:`pairings.patterns`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pairings import patterns as P
from pairings.extract.lists import longest_matches


@functools.lru_cache(maxsize=1)
def _t2s_chars() -> dict[str, str]:
    """Traditional -> simplified, one character for one (OpenCC's character table)."""
    import opencc

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            table[parts[0]] = parts[1]
    return table


def fold_traditional(text: str) -> str:
    """Traditional characters -> simplified, nothing else changed."""
    table = _t2s_chars()
    return "".join(table.get(ch, ch) for ch in text)


def simplify(text: str) -> str:
    """Fold traditional characters to simplified ones and full-width ASCII to half-width, one
    character for one, so that offsets in the result are offsets in ``text``."""
    table = _t2s_chars()
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        out.append(table.get(ch, ch))
    return "".join(out)


@dataclass
class PlaceIndex:
    """Written forms the scanner takes as places, built from the gazetteer.

    ``strict``: full names of every unit, short names of provinces and prefecture-level units
    (county short names are too often ordinary words or river names); ``loose`` adds county
    short names (used only to tell a proper area name from a generic one); ``abbr``: one-character
    province abbreviations.
    """

    gazetteer: object
    strict: dict[str, tuple[str, ...]]
    loose: dict[str, tuple[str, ...]]
    abbr: dict[str, str]
    maxlen: int
    city_initials: frozenset[str]
    strict_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    loose_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def unit(self, adcode: str):
        return self.gazetteer.get(adcode)


class Key:
    """Hashable handle on a gazetteer object for the index cache (identity, not equality)."""

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self):
        return id(self.obj)

    def __eq__(self, other):
        return isinstance(other, Key) and other.obj is self.obj


@functools.lru_cache(maxsize=4)
def _index(key: Key) -> PlaceIndex:
    gaz = key.obj
    strict: dict[str, tuple[str, ...]] = {}
    loose: dict[str, tuple[str, ...]] = {}
    abbr: dict[str, str] = {}
    for form, codes in gaz.names().items():
        units = [gaz.get(c) for c in codes]
        units = [u for u in units if u is not None]
        if len(form) == 1:
            for u in units:
                if u.level == "province" and u.abbr == form:
                    abbr[form] = u.adcode
            continue
        if form in P.STOP_NAMES:
            continue
        keep_strict = [u.adcode for u in units if form == u.name or u.level in ("province", "city")]
        keep_loose = [u.adcode for u in units]
        if keep_strict:
            strict[form] = tuple(keep_strict)
        if keep_loose:
            loose[form] = tuple(keep_loose)
    for form in list(strict):  # 乾县 is scanned in simplified text as 干县
        folded = simplify(form)
        if folded != form and folded not in strict and folded not in P.STOP_NAMES:
            strict[folded] = strict[form]
            loose.setdefault(folded, loose.get(form, strict[form]))
    for old, today in P.RENAMED_UNITS.items():  # 开县, 安县, 哈密地区: names from before a renaming
        unit = unit_of(today, gaz)
        if unit is not None and old not in strict:
            strict[old] = loose[old] = (unit.adcode,)
    initials = frozenset(u.short_name[0] for u in gaz.units("city") if u.short_name)
    return PlaceIndex(gaz, strict, loose, abbr, max(map(len, loose)), initials,
                      lengths_by_first(strict), lengths_by_first(loose))


def lengths_by_first(forms: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """First character -> the lengths of the forms starting with it, longest first (scan speed)."""
    table: dict[str, set[int]] = {}
    for form in forms:
        table.setdefault(form[0], set()).add(len(form))
    return {ch: tuple(sorted(lengths, reverse=True)) for ch, lengths in table.items()}


def place_index(gazetteer=None) -> PlaceIndex:
    """The scanner's index for ``gazetteer`` (``geo.gazetteer()`` by default); cached."""
    if gazetteer is None:
        import geo

        gazetteer = geo.gazetteer()
    return _index(Key(gazetteer))


LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


@dataclass
class Token:
    """A span of a sentence: a place, an abbreviation compound, or a named area."""

    start: int
    end: int
    text: str
    kind: str  # "place" | "abbr" | "area"
    units: list = field(default_factory=list)  # resolved units (place: 1 chosen; abbr: members)
    area: "Area | None" = None


@dataclass
class Area:
    """A named area found in a sentence (new, or a curated entity when ``entity`` is set)."""

    name: str
    entity_type: str
    kind: str
    refs: list[str]
    entity: "object | None" = None  # a pairings.extract.Known when the area is curated
    method: str = "area-name"
    note: str = ""


def scan_places(s: str, idx: PlaceIndex, blocked: list[tuple[int, int]]) -> list[Token]:
    """Longest-match scan of ``s`` (already simplified) for place names and abbreviation runs,
    skipping ``blocked`` spans (named areas), ordinary words and river names."""
    out: list[Token] = []
    n, i = len(s), 0
    blocked_at = set()
    for a, b in blocked:
        blocked_at.update(range(a, b))
    # where a county's short name ends right before 县/旗 (found from the few 县/旗 in the text)
    county_starts: dict[int, int] = {}
    county_codes: dict[int, tuple] = {}
    for k, ch in enumerate(s):
        if ch not in "县旗":
            continue
        for length in range(6, 1, -1):
            start = k - length
            if start < 0 or start in county_starts:
                continue
            codes = tuple(c for c in idx.loose.get(s[start:k], ()) if idx.unit(c).level == "county"
                          and idx.unit(c).name.endswith(ch) and idx.unit(c).name != s[start:k + 1])
            if len(codes) == 1:
                county_starts[start], county_codes[start] = k, codes
                break
    while i < n:
        if i in blocked_at:
            i += 1
            continue
        if s[i] in _COMMON_FIRST and any(s.startswith(w, i) for w in P.COMMON_WORDS):
            i += 1
            continue
        hit = None
        for length in idx.strict_lengths.get(s[i], ()):
            if length < 2 or i + length > n:
                continue
            form = s[i:i + length]
            codes = idx.strict.get(form)
            if codes and not any(j in blocked_at for j in range(i, i + length)):
                hit = form, codes
                break
        if hit is None and i in county_starts:
            # 北川县, 玉屏县: a county's short name written with 县/旗, its full name longer (自治县)
            end = county_starts[i]
            if not any(j in blocked_at for j in range(i, end + 1)):
                hit = s[i:end], county_codes[i]
        if hit and P.ORGANISATION_AFTER.match(s, i + len(hit[0])):
            i += len(hit[0])  # 浙江大学, 辽宁队: an organisation's name, not the place
            continue
        if hit:
            form, codes = hit
            end = i + len(form)
            is_full = any(idx.unit(c).name == form for c in codes)
            if not is_full and i > 0 and s[i - 1:i + 1] in P.OVERLAP_WORDS:
                i += 1
                continue
            if not is_full and P.RIVER_AFTER.match(s, end):
                i += 1
                continue
            if not is_full and s[end:end + 1] in P.SHORT_SUFFIXES:
                # 延边州, 北川县: a short name with the generic part of its full name
                longer = [c for c in codes if idx.unit(c).name.endswith(P.SHORT_SUFFIXES[s[end]])]
                if longer:
                    codes, end = tuple(longer), end + 1
                    form = s[i:end]
            out.append(Token(i, end, form, "place", [idx.unit(c) for c in codes]))
            i = end
            continue
        if s[i] in idx.abbr:
            j = i
            while j < n and s[j] in idx.abbr and j not in blocked_at and not place_at(s, j, idx):
                j += 1
            run = s[i:j]
            if (len(run) >= 2 and not set(run) <= P.SAR_ABBREVIATIONS and P.ABBR_FOLLOW.match(s[j:j + 4])
                    and not _inside_coined_word(s, i, j, idx) and not _personal_name(s, i, j)):
                for chunk in _split_run(run):
                    k = i + run.index(chunk)
                    out.append(Token(k, k + len(chunk), chunk, "abbr", [idx.unit(idx.abbr[c]) for c in chunk]))
                i = j
                continue
            i = max(j, i + 1)
            continue
        i += 1
    return out


_COMMON_FIRST = frozenset(w[0] for w in P.COMMON_WORDS)


def _personal_name(s: str, i: int, j: int) -> bool:
    """``王沪宁、张德江出席``: a two-character run of abbreviations after a surname that starts a
    word, followed by a list separator or a speech verb, is a person's given name."""
    if j - i != 2 or i == 0 or s[i - 1] not in P.SURNAMES:
        return False
    starts_word = i == 1 or not ("\u4e00" <= s[i - 2] <= "\u9fff")
    return starts_word and bool(P.PERSON_FOLLOW.match(s, j))


def _inside_coined_word(s: str, i: int, j: int, idx: PlaceIndex) -> bool:
    """True when ``s[i:j]`` sits in a short quoted coinage with other characters (“蓉桂新”: a
    route named by city abbreviations), which is not a compound of provinces."""
    open_at = s.rfind("“", 0, i)
    if open_at < 0 or s.find("”", open_at, i) >= 0:
        return False
    close_at = s.find("”", j)
    if close_at < 0 or close_at - open_at > 10:
        return False
    inner = s[open_at + 1:close_at]
    return any(ch not in idx.abbr for ch in inner)


def place_at(s: str, j: int, idx: PlaceIndex) -> bool:
    for length in idx.strict_lengths.get(s[j], ()):
        if length >= 2 and s[j:j + length] in idx.strict:
            return True
    return False


def _split_run(run: str) -> list[str]:
    """川粤川浙 -> [川粤, 川浙] (a repeated abbreviation starts a new compound); 川滇黔 -> [川滇黔]."""
    if len(set(run)) == len(run):
        return [run]
    return [run[k:k + 2] for k in range(0, len(run) - 1, 2)]


def resolve_tokens(tokens: list[Token], s: str, idx: PlaceIndex, context: str | None) -> list[Token]:
    """Choose one unit per place token, using the nearest containing unit written before it
    (``宁波…江北区``); then merge ``江苏省淮安市`` / ``四川省的成都`` into the inner unit."""
    gaz = idx.gazetteer
    last_outer = context
    for tok in tokens:
        if tok.kind != "place":
            continue
        units = tok.units
        if len(units) > 1 and last_outer:
            narrowed = [u for u in units if last_outer in {a.adcode for a in gaz.ancestors(u.adcode)}]
            if not narrowed:
                outer = gaz.get(last_outer)
                if outer is not None and outer.level == "city":
                    narrowed = [u for u in units if outer.parent in {a.adcode for a in gaz.ancestors(u.adcode)}]
            if narrowed:
                units = narrowed
        units = sorted(units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))
        if len(units) > 1 and tok.text.endswith(("市", "县", "区", "旗")):
            exact = [u for u in units if u.name == tok.text]
            units = exact or units
        tok.units = units[:1]
        if units[0].level != "county":
            last_outer = units[0].adcode
    merged: list[Token] = []
    for tok in tokens:
        if (merged and tok.kind == "place" and merged[-1].kind == "place"
                and s[merged[-1].end:tok.start] in ("", "的")
                and merged[-1].units[0].adcode in {a.adcode for a in gaz.ancestors(tok.units[0].adcode)}):
            outer = merged.pop()
            merged.append(Token(outer.start, tok.end, s[outer.start:tok.end], "place", tok.units))
            continue
        merged.append(tok)
    return merged


def tiers(unit) -> set[str]:
    if unit.level == "province":
        return {"province", "city"} if unit.adcode in P.MUNICIPALITIES else {"province"}
    return {unit.level}
def named_supporter(s: str, pos: int, places: list[Token]) -> bool:
    """Whether a place is written straight before the 对口支援 at ``pos`` (``天津市对口支援甘肃省``,
    ``北京市继续对口支援…``): the sentence names the supporter, so it states a pairing."""
    before = [t for t in places if t.end <= pos]
    return bool(before) and bool(P.SUPPORTER_GAP.fullmatch(s[before[-1].end:pos]))




def places_in(name: str, idx: PlaceIndex, loose: bool = True) -> list:
    """Units written inside a name (longest match; county short names allowed when ``loose``)."""
    table = idx.loose if loose else idx.strict
    lengths = idx.loose_lengths if loose else idx.strict_lengths
    hits = longest_matches(name, table, lengths, lambda a, b, _: name[a:b] not in P.STOP_NAMES)
    return [[idx.unit(c) for c in codes] for _, _, codes in hits]


@functools.lru_cache(maxsize=4)
def initials_by_province(key) -> dict[str, dict[str, list]]:
    """province adcode -> first character of a city's short name -> the cities (cached per gazetteer)."""
    table: dict[str, dict[str, list]] = {}
    for unit in key.obj.units("city"):
        if unit.short_name:
            table.setdefault(unit.parent, {}).setdefault(unit.short_name[0], []).append(unit)
    return table


@functools.lru_cache(maxsize=4)
def finals_by_province(key) -> dict[str, dict[str, list]]:
    """province adcode -> last character of a two-character city short name -> the cities."""
    table: dict[str, dict[str, list]] = {}
    for unit in key.obj.units("city"):
        if unit.short_name and len(unit.short_name) == 2:
            table.setdefault(unit.parent, {}).setdefault(unit.short_name[1], []).append(unit)
    return table


def city_initials(stem: str, idx: PlaceIndex) -> list:
    """``成德眉资``, ``内自``, ``成德绵``, ``长株潭``: a name made of one character per city of
    one province -> those cities, else []. Each character is the first character of exactly one
    city's short name there (成 -> 成都); a character that starts none may be the second
    character of exactly one two-character short name (潭 -> 湘潭). Exactly one province must
    explain the whole name."""
    if not 2 <= len(stem) <= 5 or len(set(stem)) != len(stem):
        return []
    initials = initials_by_province(Key(idx.gazetteer))
    finals = finals_by_province(Key(idx.gazetteer))
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



def city_of_initial(ch: str, idx: PlaceIndex):
    """The city a single character stands for in a twin-city compound: a municipality's
    abbreviation (渝, 京, 津, 沪), else the only prefecture-level city whose short name starts with it."""
    code = idx.abbr.get(ch)
    if code in P.MUNICIPALITIES:
        return idx.unit(code)
    cities = [u for u in idx.gazetteer.units("city") if u.short_name.startswith(ch)]
    return cities[0] if len(cities) == 1 else None


def is_place(text: str, idx: PlaceIndex) -> bool:
    return text in idx.strict or text in idx.loose




def unit_of(written: str, gaz):
    """``parent>name`` or ``name`` (a full name) -> the one unit of that name, else None."""
    parent, _, name = written.rpartition(">")
    hits = [u for u in gaz.resolve(name, context=parent or None) if u.name == name]
    return hits[0] if len(hits) == 1 else None
