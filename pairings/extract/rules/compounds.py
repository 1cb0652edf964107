"""Compounds of abbreviations: ``川渝`` (a pairing), ``川滇黔结合部`` (a zone), ``成渝双城`` (twin cities).

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.areas import compound_kind, written_members
from pairings.extract.places import Token, city_of_initial
from pairings.extract.sentence import Sentence
from pairings.glossary import ZONE


def twin_cities(sent: Sentence) -> None:
    """``成渝“双核”``, ``成渝双城``: two cities written by one character each."""
    for m in P.TWIN_CITIES.finditer(sent.s):
        units = [city_of_initial(ch, sent.idx) for ch in m.group(1)]
        if all(units) and units[0].adcode != units[1].adcode:
            a_tok = Token(m.start(1), m.start(1) + 1, m.group(1)[0], "place", [units[0]])
            b_tok = Token(m.start(1) + 1, m.end(1), m.group(1)[1], "place", [units[1]])
            sent.pair(a_tok, b_tok, "twin-cities", kind="城市合作")

def abbreviation_compounds(sent: Sentence) -> None:
    """``川渝`` (a pairing); ``川滇黔``, ``川陕结合部``, ``粤桂…等省际交界地区`` (zones)."""
    s = sent.s
    for tok in sent.tokens:
        if tok.kind != "abbr":
            continue
        codes = [u.adcode for u in tok.units]
        zone_follow = P.ABBR_ZONE_FOLLOW.match(s[tok.end:tok.end + 6])
        in_zone_list = P.ZONE_LIST_TAIL.match(s, tok.end)
        if len(tok.units) == 2 and not zone_follow and not in_zone_list:
            a_tok = Token(tok.start, tok.start + 1, tok.text[0], "place", [tok.units[0]])
            b_tok = Token(tok.start + 1, tok.end, tok.text[1], "place", [tok.units[1]])
            sent.pair(a_tok, b_tok, "abbreviation")
        if len(tok.units) >= 3 or ((zone_follow or in_zone_list) and len(tok.units) >= 2):
            suffix = zone_follow.group() if zone_follow else ""
            if suffix in ("地区", "交界"):
                suffix = ""
            if in_zone_list and not suffix:
                suffix = "省际交界地区" if "省际交界" in in_zone_list.group() else ""
            name = tok.text + suffix
            kind = compound_kind(suffix)
            # 粤港澳大湾区包括香港特别行政区、…广东省广州市…: the members written after the name
            members = written_members(s, tok.end + len(suffix), sent.idx)
            end = members[2] if members else tok.end
            sent.emit(ZONE, kind, name, members[0] if members else codes, tok.start, end, method="abbreviation",
                      key=("area", ZONE, name), written_refs=bool(members))

