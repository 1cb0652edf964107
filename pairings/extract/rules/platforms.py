"""Platforms: parks named after two cities (``广安(深圳)产业园``), a province's pilot free trade zone.

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.places import LEVEL_RANK, Token, scan_places
from pairings.extract.sentence import Sentence, party_unit
from pairings.glossary import PLATFORM



def parks_named_after_two_cities(sent: Sentence) -> None:
    """``广安(深圳)产业园``: the park of one city in another is a pairing of the two cities."""
    idx = sent.idx
    for a, b, area in sent.areas:
        name = sent.s[a:b]
        park = re.match(r"^(.*?)\(([\u4e00-\u9fff]{2,6})\)", name)
        if not park:
            continue
        host = scan_places(park.group(1), idx, [])
        guest = scan_places(park.group(2), idx, [])
        if host and guest and host[-1].end == len(park.group(1)) and guest[0].text == park.group(2):
            hu = sorted(host[-1].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]
            gu = sorted(guest[0].units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]
            if hu.level != "county" and gu.level != "county" and hu.adcode != gu.adcode:
                sent.pair(Token(a, a + len(park.group(1)), park.group(1), "place", [hu]),
                          Token(a, b, park.group(2), "place", [gu]), "park-of", kind="城市合作")
    # 苏州宿迁工业园区: two cities written together at the start of a park's name
    for a, b, area in sent.areas:
        if area.entity_type != PLATFORM:
            continue
        name = sent.s[a:b]
        found = [t for t in scan_places(name, idx, []) if t.kind == "place"]
        if len(found) < 2 or found[0].start != 0 or found[1].start != found[0].end:
            continue
        x, y = (sorted(t.units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0] for t in found[:2])
        if x.level == y.level == "city" and x.adcode != y.adcode:
            sent.pair(Token(a, a + found[0].end, found[0].text, "place", [x]),
                      Token(a + found[1].start, a + found[1].end, found[1].text, "place", [y]), "park-of",
                      kind="城市合作")



def park_of_another_city(sent: Sentence) -> None:
    """``广安(深圳)`` written outside a park name."""
    s, parties = sent.s, sent.parties
    for k in range(len(parties) - 1):
        x, y = parties[k], parties[k + 1]
        if (x.kind == y.kind == "place" and s[x.end:y.start] == "(" and s[y.end:y.end + 1] == ")"
                and party_unit(x).level != "county" and party_unit(y).level != "county"):
            sent.pair(x, y, "park-of", kind="城市合作")


def provincial_free_trade_zone(sent: Sentence) -> None:
    """``着力推动自由贸易试验区建设`` in a sentence about one province (or in a province's own
    document): that province's pilot free trade zone."""
    s = sent.s
    if "自由贸易试验区" not in s:
        return
    k = s.find("自由贸易试验区")
    if any(a <= k < b for a, b in sent.blocked):
        return
    provinces = {t.units[0].adcode for t in sent.tokens if t.kind == "place" and t.units[0].level == "province"}
    host = sent.idx.unit(provinces.pop()) if len(provinces) == 1 else (sent.issuer if not provinces else None)
    if host is not None and host.level == "province":
        sent.emit(PLATFORM, "自由贸易试验区", f"中国（{host.short_name}）自由贸易试验区", [host.adcode], k, k + 7,
                  method="province-ftz")
