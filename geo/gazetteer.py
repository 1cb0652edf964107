"""Gazetteer of China's provincial, prefecture-level and county-level units.

Reads geo/data/gazetteer.csv (written by `python -m geo build`). Pure Python at run time:
opencc (traditional -> simplified) is the only extra dependency.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}
# Full names of real units that, written alone, are ordinary words (阳泉市城区, 香港东区 …): they are not
# indexed for scanning and resolve only when a containing unit is given as context.
GENERIC_FULL_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "市区", "东区", "西区", "南区", "北区", "中区"})
_ADCODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Unit:
    """One administrative unit. `adcode`/`parent` are 6-digit strings (parent of a province: 100000)."""

    adcode: str
    name: str
    short_name: str
    abbr: str
    name_en: str
    level: str
    parent: str
    lon: float
    lat: float


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Text in traditional (or mixed) characters -> simplified characters (opencc t2s)."""
    return _t2s().convert(text)


class Gazetteer:
    """Lookup of units by adcode and by written name.

    Written forms indexed: the full name (辽宁省, 延边朝鲜族自治州, 合作市), the short name when it is
    safe (辽宁, 延边; never 1-character stems, generic words like 城区/新区 or ordinary words like 合作),
    and the one-character abbreviation of provincial units (辽, 川 …).
    """

    def __init__(self, units: Iterable[Unit]):
        self._by_code: dict[str, Unit] = {}
        for u in units:
            self._by_code[u.adcode] = u
        self._forms: dict[str, list[str]] = {}
        self._abbr: dict[str, list[str]] = {}
        self._generic: dict[str, list[str]] = {}
        self._folded_forms: dict[str, list[str]] | None = None
        for u in sorted(self._by_code.values(), key=lambda u: (LEVEL_ORDER[u.level], u.adcode)):
            for form in sorted({u.name, u.short_name}):
                target = self._generic if form in GENERIC_FULL_NAMES else self._forms
                target.setdefault(form, []).append(u.adcode)
            if u.abbr:
                self._abbr.setdefault(u.abbr, []).append(u.adcode)

    def get(self, adcode: str) -> Unit | None:
        """6-digit adcode -> Unit, or None if unknown."""
        return self._by_code.get(str(adcode))

    def units(self, level: str | None = None) -> list[Unit]:
        """All units (or those of one level: province/city/county), sorted by adcode."""
        if level is not None and level not in LEVEL_ORDER:
            raise ValueError(f"unknown level {level!r}")
        return [u for k, u in sorted(self._by_code.items()) if level is None or u.level == level]

    def _folded(self) -> dict[str, list[str]]:
        """Forms that opencc's t2s itself changes (乾县 -> 干县, 乾安 -> 干安) under their converted
        spelling, so a text passed through `to_simplified` still finds them."""
        if self._folded_forms is None:
            self._folded_forms = {}
            for form, codes in self._forms.items():
                conv = to_simplified(form)
                if conv != form and conv not in self._forms:
                    self._folded_forms.setdefault(conv, []).extend(codes)
        return self._folded_forms

    def names(self, abbreviations: bool = True) -> dict[str, list[str]]:
        """Every written form -> adcodes (full names, safe short names, and, unless
        `abbreviations=False`, the one-character province abbreviations). Simplified characters;
        run `to_simplified` on a text before scanning it (the few names that conversion alters,
        such as 乾县, are also listed under their converted spelling)."""
        out = {k: list(v) for k, v in self._forms.items()}
        for k, v in self._folded().items():
            out.setdefault(k, list(v))
        if abbreviations:
            for k, v in self._abbr.items():
                out.setdefault(k, []).extend(c for c in v if c not in out.get(k, []))
        return out

    def ancestors(self, adcode: str) -> list[Unit]:
        """adcode -> the containing units, nearest first (county -> city -> province)."""
        out, u = [], self.get(adcode)
        while u is not None and u.parent in self._by_code:
            u = self._by_code[u.parent]
            out.append(u)
        return out

    def _lookup(self, text: str, generic: bool = False) -> list[str]:
        codes = list(self._forms.get(text, []))
        if generic:
            codes += self._generic.get(text, [])
        for c in self._abbr.get(text, []):
            if c not in codes:
                codes.append(c)
        return codes

    def resolve(self, text: str, context: str | None = None) -> list[Unit]:
        """Written name -> candidate units (province first, then city, county; by adcode).

        `text` may be a full name, a safe short name, a province abbreviation, or any of these in
        traditional characters (內蒙古 -> 内蒙古自治区), or a chain of names written outermost first
        (宁波市江北区, 广东省深圳市南山区). No partial or fuzzy matching: ordinary
        words (合作, 东北) give []. `context` (an adcode or a written name of a containing unit,
        e.g. 宁波 or 330200) keeps only candidates inside that unit (or equal to it); it may leave [] when
        no candidate lies inside it. Units whose full name is an ordinary word (城区, 郊区, 东区 …,
        see GENERIC_FULL_NAMES) are found only with a context.
        """
        t = re.sub(r"\s+", "", text or "")
        if not t:
            return []
        codes = self._lookup(t, generic=bool(context))
        if not codes:
            t = to_simplified(t)
            codes = self._lookup(t, generic=bool(context)) or list(self._folded().get(t, []))
        if not codes:
            codes = self._compound(t)
        units = [self._by_code[c] for c in codes]
        units.sort(key=lambda u: (LEVEL_ORDER[u.level], u.adcode))
        if context:
            within = self._context_codes(context)
            units = [u for u in units if within & {u.adcode, *(a.adcode for a in self.ancestors(u.adcode))}]
        return units

    def _compound(self, text: str) -> list[str]:
        """A written chain of names (宁波市江北区, 广东省深圳市南山区, 江苏南京) -> the adcodes of the
        last name inside the first; [] unless both parts are exact names (abbreviations excluded)."""
        for i in range(2, len(text) - 1):
            head, tail = text[:i], text[i:]
            if head in self._forms:
                found = self.resolve(tail, context=head)
                if found:
                    return [u.adcode for u in found]
        return []

    def _context_codes(self, context: str) -> set[str]:
        ctx = re.sub(r"\s+", "", str(context))
        if _ADCODE.fullmatch(ctx):
            return {ctx} if ctx in self._by_code else set()
        return {u.adcode for u in self.resolve(ctx)}


def read_units(path: Path) -> list[Unit]:
    """gazetteer.csv -> list of Unit."""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            Unit(r["adcode"], r["name"], r["short_name"], r["abbr"], r["name_en"], r["level"], r["parent"],
                 float(r["lon"]), float(r["lat"]))
            for r in csv.DictReader(f)
        ]
