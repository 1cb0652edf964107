"""Pair lists: curated pairings by written form, ``X与Y`` lists in every notation, ``X帮扶Y`` / ``X对口支援Y``.

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.context import infer_kind
from pairings.extract.known import scan_known
from pairings.extract.lists import he_pair_items, is_he_pair_list, pair_list_items
from pairings.extract.places import Token, scan_places, tiers
from pairings.extract.sentence import Sentence, party_name, party_ref, party_unit
from pairings.glossary import PAIRING, PLATFORM, ZONE


def curated_pairings(sent: Sentence) -> None:
    """Curated pairings by written form (a与b, abbreviation compounds)."""
    if sent.kidx_pairs is None:
        return
    s = sent.s
    plain = [t for t in scan_places(s, sent.idx, []) if t.kind == "place"]
    for a, b, k in scan_known(s, sent.kidx_pairs, plain):
        if b - a == 2 and (P.ZONE_LIST_TAIL.match(s, b) or P.ABBR_ZONE_FOLLOW.match(s, b)):
            continue  # 川渝等省际交界地区, 川陕结合部: an area, not the pairing
        sent.emit(PAIRING, k.kind, k.name, list(k.refs), a, b, direction=k.direction,
                  party_names=k.party_names, entity_id=k.entity_id, method="curated-name")

def groups_of_parties(sent: Sentence) -> None:
    """Parties joined by 、 与 和 及: ``X与Y`` lists, ``X帮扶Y、Z和W``, ``深化与A、B等城市群的合作``."""
    s, parties, context, issuer = sent.s, sent.parties, sent.context, sent.issuer
    groups: list[list[int]] = []
    for k, tok in enumerate(parties):
        if groups and s[parties[k - 1].end:tok.start] in P.JOINS:
            groups[-1].append(k)
        else:
            groups.append([k])
    he_list = he_pair_items(groups, parties, s, context)
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
                        sent.pair(parties[supporter], parties[k], "directed-verb", explicit=True, kind=kind)
        # 深化与北部湾、长江中游…等城市群的开放合作 (the document's own province is the other party)
        before = s[parties[groups[g_index - 1][-1]].end if g_index else 0:parties[group[0]].start]
        # (not 参与西部陆海新通道建设: taking part in an area is no pairing with it)
        if issuer is not None and before.endswith("与") and not before.endswith("参与") and sent.cue:
            for k in group:
                tok = parties[k]
                if tok.kind == "area" and tok.area.entity_type == ZONE and issuer.adcode not in tok.area.refs:
                    name = party_name(tok)
                    sent.emit(PAIRING, "区域合作", f"{issuer.name}—{name}", [issuer.adcode, party_ref(tok)],
                              tok.start, tok.end, direction="mutual", party_names=f"{issuer.name};{name}",
                              method="issuer-with-area")
        if len(group) < 2 or not sent.cue or directed:
            continue
        pair_positions = [j for j, gap in enumerate(joins) if gap in P.PAIR_JOINS]
        if len(pair_positions) == 1:
            cut = pair_positions[0] + 1
            items = [(group[:cut], group[cut:])]
        elif len(pair_positions) >= 2 or is_he_pair_list(joins):
            # 河北省与广东省、山西省与江苏省…: a list of X与Y items, one pairing (group) per item
            items = pair_list_items(group, joins, pair_positions or [j for j, g in enumerate(joins) if g == "和"],
                                     [party_unit(parties[k]) for k in group])
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
                    if pairable(x, y):
                        sent.pair(x, y, method)



def pairable(x: Token, y: Token) -> bool:
    """Whether two parties joined by 与 can be a pairing: places of a common tier (province,
    city — a municipality counts as both —, county), or a province with an area it is not part
    of (四川与京津冀; not a city with the cluster it belongs to, not a place with a platform)."""
    ux, uy = party_unit(x), party_unit(y)
    if ux is not None and uy is not None:
        return bool(tiers(ux) & tiers(uy))
    if (ux is None) != (uy is None):
        unit, area = (ux, y.area) if ux is not None else (uy, x.area)
        return unit.level == "province" and unit.adcode not in area.refs and area.entity_type != PLATFORM
    return True


