"""Document and heading context: who the document speaks for, which kind is in force.

Part of the extractor (:mod:`pairings.extract`). A sentence is read with the clause headings
above it and the sentence before it (``context``); the kind of a pairing comes from cue words
near it, then in its sentence, then in that context (a heading ``东西部扶贫协作`` sets the kind of
every pair in the list below it); the document's issuer (its title starts with a province or
city) is the implicit party of ``主动对接X``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.places import LEVEL_RANK, PlaceIndex, scan_places, simplify


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


def direction_of(kind: str, a, b, explicit: bool) -> tuple[object, object, str]:
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



def label_chain(label: str) -> list[str]:
    """``二(三)2`` -> [``二``, ``二(三)``, ``二(三)2``] (the labels of the enclosing headings)."""
    parts = re.findall(r"\([^)]*\)|[一二三四五六七八九十百零〇]+|\d+|[^()\d一二三四五六七八九十百零〇]+", label)
    return ["".join(parts[: k + 1]) for k in range(len(parts))]


def issuing_place(title: str, idx: PlaceIndex):
    """The province or city a document speaks for, when its title starts with one
    (``四川省建立…实施方案`` -> 四川省; ``中共四川省委 四川省人民政府印发…`` -> 四川省), else None."""
    head = re.sub(r"^(中共|中国共产党)", "", simplify(title or "").strip())
    places = scan_places(head[:12], idx, [])
    if not places or places[0].start != 0:
        return None
    units = sorted(places[0].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))
    return units[0] if units[0].level in ("province", "city") else None




#: the programmes a heading or lead sentence can set for every pair of the list below it
PROGRAMME_KINDS = frozenset({"扶贫协作", "东西部协作", "对口支援", "对口合作", "对口协作"})


def programme_kind(*texts: str) -> str | None:
    """The pairing programme named in the first of ``texts`` that names one (``东西部扶贫协作`` ->
    扶贫协作, ``对口协作`` …; the verb 帮扶 alone names none), else None. Callers pass the
    texts most specific first: the sentence without its items' verbs, the list's lead, the
    clause headings, the document title."""
    for text in texts:
        for cue, kind in P.KIND_CUES:
            if cue != "帮扶" and kind in PROGRAMME_KINDS and cue in text:
                return kind
    return None
