"""A document's own province: ``主动对接X``, ``加强与长江重庆港、上海港等合作`` — the issuer is a party.

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.places import Token
from pairings.extract.rows import proposed_id
from pairings.extract.sentence import Sentence, party_name, proposed_ref
from pairings.glossary import PAIRING, ZONE


def issuer_joins_an_area(sent: Sentence) -> None:
    """``主动对接京津冀协同发展`` in a province's own document: the province pairs with the area;
    ``支持内蒙古自治区主动对接东部省市``: the province written before the verb does."""
    s = sent.s
    places = [t for t in sent.tokens if t.kind == "place"]
    for tok in sent.tokens:
        is_zone = (tok.kind == "area" and tok.area.entity_type == ZONE) or (tok.kind == "abbr" and len(tok.units) >= 3)
        if not is_zone or not P.JOIN_VERB.search(s[max(0, tok.start - 4):tok.start]):
            continue
        subject = next((t for t in reversed(places) if t.end <= tok.start
                        and P.SUBJECT_JOINS.fullmatch(s[t.end:tok.start])), None)
        issuer = subject.units[0] if subject is not None and subject.units[0].level == "province" else sent.issuer
        if issuer is None:
            continue
        if tok.kind == "area":
            members, ref, name = tok.area.refs, proposed_ref(tok.area), party_name(tok)
        else:
            members = [u.adcode for u in tok.units]
            zone_name = tok.text + (P.ABBR_ZONE_FOLLOW.match(s[tok.end:tok.end + 6]) or re.match("", "")).group()
            zone_name = zone_name[:-2] if zone_name.endswith("地区") else zone_name
            ref, name = proposed_id(ZONE, zone_name), zone_name
        if issuer.adcode in members:
            continue
        sent.emit(PAIRING, "区域合作", f"{issuer.name}—{name}", [issuer.adcode, ref], tok.start, tok.end,
                  direction="mutual", party_names=f"{issuer.name};{name}", method="issuer-joins-area")

def issuer_with_provinces(sent: Sentence) -> None:
    """``加强与长江重庆港、上海港等合作`` in a province's own document: the province pairs with
    each other province-level unit written between the 与 and the 合作, when no party is written
    before the 与 (``成都与重庆合作`` is the cities' pairing)."""
    issuer = sent.issuer
    if issuer is None or issuer.level != "province":
        return
    s = sent.s
    places = [t for t in sent.tokens if t.kind == "place"]
    subjects = [t for t in sent.tokens if t.kind in ("place", "area", "abbr")]
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
            sent.pair(me, tok, "issuer-with-province")

